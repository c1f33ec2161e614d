//! A policy editor: a real, labelled `<textarea>` with a layer behind it that colours the JSON,
//! marks the statements an explanation points at, underlines diagnostics and highlights the
//! bracket pair at the caret; auto-indent on Enter and on a typed `}`/`]`; a Format button
//! (Shift+Alt+F). [`marks`] says what to paint, for the page and the widget. The text work is
//! pure and tested natively in `crate::editing`; `dom` applies its edits to the textarea.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::editing::{self, Edit};
use crate::engine::{LineIndex, Severity, Span};
use crate::scenario::{Editor, EditorDiagnostic, Explanation};

mod completions;
mod dom;
mod paint;

use completions::{completions_for, Completions};
use paint::paint;

/// A range to paint behind the text.
#[derive(Clone, PartialEq)]
pub struct Mark {
    /// Byte span in the text.
    pub span: Span,
    /// CSS class: `decisive-allow`, `decisive-deny`, `considered`, or a diagnostic's severity
    /// ([`severity_class`]).
    pub class: &'static str,
}

/// The CSS class of a finding type, in the editors' underlines and the problems list: `error`,
/// `security-warning`, `warning`, `suggestion`.
pub fn severity_class(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::SecurityWarning => "security-warning",
        Severity::Warning => "warning",
        Severity::Suggestion => "suggestion",
    }
}

/// True for the classes of [`severity_class`] (a finding's underline, not a statement's mark).
fn is_finding_class(class: &str) -> bool {
    matches!(
        class,
        "error" | "security-warning" | "warning" | "suggestion"
    )
}

/// How a finding type reads in the editor's finding line.
fn severity_label(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "Error",
        Severity::SecurityWarning => "Security warning",
        Severity::Warning => "Warning",
        Severity::Suggestion => "Suggestion",
    }
}

/// The diagnostics of `editor`, for its finding line (the first few hundred: a text with more
/// mistakes than that shows the rest in the problems list).
pub fn findings(editor: Editor, diagnostics: &[EditorDiagnostic]) -> Rc<Vec<EditorDiagnostic>> {
    Rc::new(
        diagnostics
            .iter()
            .filter(|d| d.editor == editor)
            .take(MAX_FINDINGS)
            .cloned()
            .collect(),
    )
}

/// How many diagnostics an editor looks through for the one at the caret.
const MAX_FINDINGS: usize = 500;

/// The diagnostic under the caret at byte `caret`: the narrowest whose span holds it (an empty
/// span counts its one character).
fn finding_at(findings: &[EditorDiagnostic], caret: usize) -> Option<&EditorDiagnostic> {
    findings
        .iter()
        .filter(|d| d.span.start <= caret && caret <= d.span.end.max(d.span.start + 1))
        .min_by_key(|d| (d.span.end.saturating_sub(d.span.start), d.severity))
}

/// What to paint in `editor`: its diagnostics (an empty span widened to one character), then the
/// explanation's decisive statements and, when `considered`, the others it shows.
pub fn marks(
    editor: Editor,
    diagnostics: &[EditorDiagnostic],
    explanation: Option<&Explanation>,
    considered: bool,
) -> Vec<Mark> {
    let mut marks: Vec<Mark> = diagnostics
        .iter()
        .filter(|d| d.editor == editor)
        .map(|d| Mark {
            span: if d.span.end > d.span.start {
                d.span
            } else {
                Span::new(d.span.start, d.span.start + 1)
            },
            class: severity_class(d.severity),
        })
        .collect();
    let statements = explanation.map(|e| e.statements.as_slice()).unwrap_or(&[]);
    for st in statements.iter().filter(|s| s.editor == editor) {
        let class = match (st.decisive, st.effect) {
            (true, "Deny") => "decisive-deny",
            (true, _) => "decisive-allow",
            (false, _) if considered => "considered",
            _ => continue,
        };
        marks.push(Mark {
            span: st.span,
            class,
        });
    }
    marks
}

/// Props of [`PolicyEditor`].
#[derive(Properties, PartialEq)]
pub struct PolicyEditorProps {
    /// Element id (the label points at it).
    pub id: AttrValue,
    /// `data-testid` of the textarea.
    pub testid: AttrValue,
    /// The label text.
    pub label: AttrValue,
    /// The policy text.
    pub text: AttrValue,
    /// Ranges to paint.
    #[prop_or_default]
    pub marks: Vec<Mark>,
    /// Rows of the textarea.
    #[prop_or(16)]
    pub rows: u32,
    /// Called with the new text on every input.
    pub oninput: Callback<String>,
    /// Shown under the label.
    #[prop_or_default]
    pub hint: AttrValue,
    /// When set, the textarea is focused and this byte range selected (diagnostic clicked).
    #[prop_or_default]
    pub reveal: Option<Span>,
    /// Offer action names from the catalog while a `"service:Act…` string is typed.
    #[prop_or(true)]
    pub complete_actions: bool,
    /// The organization level of an SCP or RCP editor (`data-level`, 0 for the root).
    #[prop_or_default]
    pub level: Option<usize>,
    /// This editor's diagnostics ([`findings`]): the one under the caret is shown below the
    /// text with its explanation and, when mechanical, its fix.
    #[prop_or_default]
    pub findings: Rc<Vec<EditorDiagnostic>>,
}

/// The shortcut of the quick fix, as `aria-keyshortcuts` spells it.
const FIX_SHORTCUT: &str = "Control+.";

/// The shortcut of the Format button, as `aria-keyshortcuts` spells it.
const FORMAT_SHORTCUT: &str = "Shift+Alt+F";

/// What the Format button says after its last use (cleared by the next edit).
fn format_status(text: &str) -> Result<String, String> {
    match editing::format_json(text) {
        Ok(formatted) => Ok(formatted),
        Err(e) if text.trim().is_empty() => Err(format!("Nothing to format ({})", e.message)),
        Err(e) => {
            let at = LineIndex::new(text).line_column(e.span.start);
            Err(format!(
                "Not formatted: not valid JSON (line {}, column {}: {})",
                at.line, at.column, e.message
            ))
        }
    }
}

/// A policy editor with a highlighting backdrop kept in step with the textarea's scrolling.
#[function_component(PolicyEditor)]
pub fn policy_editor(props: &PolicyEditorProps) -> Html {
    let backdrop = use_node_ref();
    let textarea = use_node_ref();
    let format_button = use_node_ref();
    let completions = use_state(Completions::default);
    // The bracket at the caret and its partner (byte offsets), and the Format button's status.
    let brackets = use_state_eq(|| None::<(usize, usize)>);
    let status = use_state_eq(String::new);
    // The caret's byte offset while the editor has been used (kept on blur, so that the finding
    // line's button can be clicked).
    let caret = use_state_eq(|| None::<usize>);
    // The start of the finding's underline under the mouse, while it is over one.
    let hover = use_state_eq(|| None::<usize>);
    let onscroll = {
        let backdrop = backdrop.clone();
        Callback::from(move |e: Event| {
            let area: web_sys::HtmlTextAreaElement = e.target_unchecked_into();
            if let Some(b) = backdrop.cast::<web_sys::HtmlElement>() {
                b.set_scroll_top(area.scroll_top());
                b.set_scroll_left(area.scroll_left());
            }
        })
    };
    // Where the caret is: the bracket pair to highlight (none while text is selected, nor when
    // the textarea is not focused: setting its value moves the selection too).
    let track: Rc<dyn Fn(&web_sys::HtmlTextAreaElement)> = {
        let brackets = brackets.clone();
        let caret = caret.clone();
        Rc::new(move |area| {
            let text = area.value();
            let (start, end) = dom::selection(area, &text);
            let focused = area.matches(":focus").unwrap_or(false);
            let pair = (start == end && focused)
                .then(|| editing::matching_bracket(&text, &editing::tokenize(&text), start))
                .flatten();
            brackets.set(pair);
            if focused {
                caret.set(Some(start));
            }
        })
    };
    // A new text, typed or applied by the editor itself: completions, then the app.
    let changed: Rc<dyn Fn(&web_sys::HtmlTextAreaElement)> = {
        let cb = props.oninput.clone();
        let completions = completions.clone();
        let complete = props.complete_actions;
        let status = status.clone();
        let track = track.clone();
        Rc::new(move |area| {
            let text = area.value();
            if complete {
                let (caret, _) = dom::selection(area, &text);
                completions.set(completions_for(&text, caret));
            }
            status.set(String::new());
            track(area);
            cb.emit(text);
        })
    };
    let oninput = {
        let changed = changed.clone();
        Callback::from(move |e: InputEvent| changed(&e.target_unchecked_into()))
    };
    let on_caret = {
        let track = track.clone();
        move || {
            let track = track.clone();
            Callback::from(move |e: Event| track(&e.target_unchecked_into()))
        }
    };
    let onblur = {
        let brackets = brackets.clone();
        Callback::from(move |_: FocusEvent| brackets.set(None))
    };
    let format = {
        let textarea = textarea.clone();
        let format_button = format_button.clone();
        let status = status.clone();
        let changed = changed.clone();
        Rc::new(move |from_button: bool| {
            let Some(area) = textarea.cast::<web_sys::HtmlTextAreaElement>() else {
                return;
            };
            let text = area.value();
            match format_status(&text) {
                Ok(formatted) if formatted == text => status.set("Already formatted".into()),
                Ok(formatted) => {
                    let _ = area.focus();
                    let edit = Edit {
                        start: 0,
                        end: text.len(),
                        insert: formatted,
                        caret: 0,
                    };
                    dom::apply(&area, &text, &edit, &*changed);
                    area.set_scroll_top(0);
                    status.set("Formatted".into());
                    if from_button {
                        if let Some(button) = format_button.cast::<web_sys::HtmlElement>() {
                            let _ = button.focus();
                        }
                    }
                }
                Err(why) => status.set(why),
            }
        })
    };
    // The mechanical fix of the finding under the caret, applied as typing would (undo works).
    let quick_fix = {
        let textarea = textarea.clone();
        let changed = changed.clone();
        let findings = props.findings.clone();
        let caret = caret.clone();
        Rc::new(move || {
            let (Some(area), Some(at)) = (textarea.cast::<web_sys::HtmlTextAreaElement>(), *caret)
            else {
                return false;
            };
            let Some(fix) = finding_at(&findings, at).and_then(|d| d.fix.clone()) else {
                return false;
            };
            let text = area.value();
            if text.get(fix.span.start..fix.span.end).is_none() {
                return false;
            }
            let _ = area.focus();
            let edit = Edit {
                start: fix.span.start,
                end: fix.span.end,
                caret: fix.span.start + fix.replacement.len(),
                insert: fix.replacement,
            };
            dom::apply(&area, &text, &edit, &*changed);
            true
        })
    };
    let on_quick_fix = {
        let quick_fix = quick_fix.clone();
        Callback::from(move |_: MouseEvent| {
            quick_fix();
        })
    };
    let on_format = {
        let format = format.clone();
        Callback::from(move |_: MouseEvent| format(true))
    };
    // Keys. Tab and Shift+Tab are deliberately left to the browser: they move the focus out of
    // the textarea, which keyboard users need to reach the rest of the page (there is no focus
    // trap); indentation comes from Enter and the Format button instead.
    let onkeydown = {
        let changed = changed.clone();
        let track = track.clone();
        Callback::from(move |e: KeyboardEvent| {
            if (e.ctrl_key() || e.meta_key()) && e.key() == "." && quick_fix() {
                e.prevent_default();
                return;
            }
            if e.is_composing() || e.ctrl_key() || e.meta_key() {
                return;
            }
            let area: web_sys::HtmlTextAreaElement = e.target_unchecked_into();
            if e.shift_key() && e.alt_key() && e.code() == "KeyF" {
                e.prevent_default();
                format(false);
                return;
            }
            if e.alt_key() {
                return;
            }
            let text = area.value();
            let (start, end) = dom::selection(&area, &text);
            let edit = match e.key().as_str() {
                "Enter" if !e.shift_key() => Some(editing::enter(&text, start, end)),
                "}" => editing::close(&text, start, end, '}'),
                "]" => editing::close(&text, start, end, ']'),
                _ => None,
            };
            if let Some(edit) = edit {
                e.prevent_default();
                dom::apply(&area, &text, &edit, &*changed);
                track(&area);
            }
        })
    };
    let on_pick = {
        let cb = props.oninput.clone();
        let completions = completions.clone();
        let text = props.text.clone();
        let textarea = textarea.clone();
        move |name: &'static str| {
            let cb = cb.clone();
            let completions = completions.clone();
            let text = text.clone();
            let textarea = textarea.clone();
            Callback::from(move |_| {
                let (start, end) = (completions.start, completions.end);
                if let (Some(head), Some(tail)) = (text.get(..start), text.get(end..)) {
                    let new_text = format!("{head}{name}{tail}");
                    let caret = (head.encode_utf16().count() + name.encode_utf16().count()) as u32;
                    cb.emit(new_text);
                    if let Some(area) = textarea.cast::<web_sys::HtmlTextAreaElement>() {
                        let _ = area.focus();
                        let _ = area.set_selection_range(caret, caret);
                    }
                }
                completions.set(Completions::default());
            })
        }
    };
    {
        let textarea = textarea.clone();
        let text = props.text.clone();
        use_effect_with(props.reveal, move |reveal| {
            if let (Some(span), Some(area)) =
                (reveal, textarea.cast::<web_sys::HtmlTextAreaElement>())
            {
                let utf16 = |byte: usize| dom::units_of_byte(&text, byte);
                let _ = area.focus();
                let _ = area
                    .set_selection_range(utf16(span.start), utf16(span.end.max(span.start + 1)));
            }
        });
    }
    let text = props.text.as_str();
    // Tokenized once per text: caret moves and highlight changes re-render with the same tokens.
    let tokens = use_memo(props.text.clone(), |t| editing::tokenize(t));
    let coloured = editing::colours(text.len(), tokens.len());
    let pair: Vec<usize> = brackets.iter().flat_map(|&(a, b)| [a, b]).collect();
    let painted = paint(
        text,
        &props.marks,
        if coloured { tokens.as_slice() } else { &[] },
        &pair,
    );
    // The mouse over the text: the finding whose underline (in the backdrop, under the
    // textarea) holds the point.
    let onmousemove = {
        let hover = hover.clone();
        let backdrop = backdrop.clone();
        Callback::from(move |e: MouseEvent| {
            let (x, y) = (f64::from(e.client_x()), f64::from(e.client_y()));
            let at = backdrop
                .cast::<web_sys::Element>()
                .and_then(|b| finding_under(&b, x, y));
            hover.set(at);
        })
    };
    let onmouseleave = {
        let hover = hover.clone();
        Callback::from(move |_: MouseEvent| hover.set(None))
    };
    let hint_id = format!("{}-hint", props.id);
    let status_id = format!("{}-format-status", props.id);
    let finding_id = format!("{}-finding", props.id);
    let hovered = (*hover).and_then(|at| finding_at(&props.findings, at));
    let at_caret = hovered.or_else(|| (*caret).and_then(|at| finding_at(&props.findings, at)));
    let tooltip = hovered.map(|d| {
        format!(
            "{} {}: {}",
            severity_label(d.severity),
            d.code.as_str(),
            d.message
        )
    });
    let finding_line = at_caret.map(|d| finding_line(d, &finding_id, on_quick_fix));
    let described_by = [
        (!props.hint.is_empty()).then_some(hint_id.clone()),
        at_caret.map(|_| finding_id.clone()),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ");
    html! {
        <div class="editor">
            <div class="editor-head">
                <label for={props.id.clone()}>{ props.label.clone() }</label>
                <button
                    type="button"
                    class="format"
                    data-testid="format"
                    ref={format_button}
                    aria-label={format!("Format {}", props.label)}
                    aria-keyshortcuts={FORMAT_SHORTCUT}
                    aria-describedby={status_id.clone()}
                    title={format!("Lay the JSON out with two-space indentation ({FORMAT_SHORTCUT})")}
                    onclick={on_format}
                >{ "Format" }</button>
                <span class="editor-status" id={status_id} role="status" data-testid="format-status">{ (*status).clone() }</span>
            </div>
            if !props.hint.is_empty() {
                <p class="hint" id={hint_id.clone()}>{ props.hint.clone() }</p>
            }
            <div class={classes!("editor-box", coloured.then_some("coloured"))}>
                <pre class="backdrop" aria-hidden="true" ref={backdrop}>{ painted }{ "\n" }</pre>
                <textarea
                    ref={textarea}
                    id={props.id.clone()}
                    data-testid={props.testid.clone()}
                    data-level={props.level.map(|l| l.to_string())}
                    aria-describedby={(!described_by.is_empty()).then_some(described_by)}
                    spellcheck="false"
                    autocomplete="off"
                    autocapitalize="off"
                    rows={props.rows.to_string()}
                    value={props.text.clone()}
                    {oninput}
                    {onscroll}
                    {onkeydown}
                    onkeyup={on_caret().reform(|e: KeyboardEvent| e.into())}
                    onclick={on_caret().reform(|e: MouseEvent| e.into())}
                    onfocus={on_caret().reform(|e: FocusEvent| e.into())}
                    title={tooltip}
                    {onmousemove}
                    {onmouseleave}
                    onselect={on_caret()}
                    onselectionchange={on_caret()}
                    {onblur}
                />
            </div>
            // One node whatever it holds: the children around it keep their places (a changing
            // number of children here re-created the textarea and lost its focus).
            <div class="finding-slot">{ for finding_line }</div>
            if !completions.names.is_empty() {
                <div class="completions" data-testid="completions">
                    <span class="hint">{ "Actions: " }</span>
                    { for completions.names.iter().map(|name| html! {
                        <button type="button" class="completion" onclick={on_pick(name)}>{ *name }</button>
                    }) }
                </div>
            }
        </div>
    }
}

/// The line under an editor about the finding at the caret: its type, code, message and help,
/// the check's explanation from the registry, a link to the list of checks, and the quick fix
/// when the fix is mechanical (`[data-testid="quick-fix"]`, also Ctrl+.).
fn finding_line(d: &EditorDiagnostic, id: &str, on_fix: Callback<MouseEvent>) -> Html {
    let code = d.code.as_str();
    html! {
        <div class={classes!("finding-at-caret", severity_class(d.severity))} id={id.to_string()} data-testid="finding-at-caret" data-code={code} data-severity={d.severity.as_str()}>
            <p class="finding-head">
                <strong>{ severity_label(d.severity) }</strong>
                { " " }<code>{ code }</code>{ format!(" line {}, column {}: {}", d.line, d.column, d.message) }
                if let Some(help) = &d.help { <span class="help">{ format!(" ({help})") }</span> }
            </p>
            <p class="finding-why">
                { d.code.info().explanation }
                { " " }
                <a href={format!("checks.html#{code}")} target="_blank" rel="noopener">{ "About this check" }</a>
            </p>
            if let Some(fix) = &d.fix {
                <button type="button" class="quick-fix" data-testid="quick-fix" aria-keyshortcuts={FIX_SHORTCUT} title={format!("Apply the fix ({FIX_SHORTCUT})")} onclick={on_fix}>
                    { format!("Fix: replace with {}", fix.replacement) }
                </button>
            }
        </div>
    }
}

/// The byte where the finding's underline under the point (`x`, `y`, client coordinates) starts,
/// read from the `data-at` of the backdrop's finding marks.
fn finding_under(backdrop: &web_sys::Element, x: f64, y: f64) -> Option<usize> {
    let marks = backdrop.query_selector_all("mark[data-at]").ok()?;
    (0..marks.length()).find_map(|i| {
        let mark = marks.item(i)?.dyn_into::<web_sys::Element>().ok()?;
        let rects = mark.get_client_rects();
        let inside = (0..rects.length()).any(|j| {
            rects
                .item(j)
                .is_some_and(|r| x >= r.left() && x <= r.right() && y >= r.top() && y <= r.bottom())
        });
        inside
            .then(|| mark.get_attribute("data-at")?.parse().ok())
            .flatten()
    })
}
