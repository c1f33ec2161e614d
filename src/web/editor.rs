//! A policy editor: a real, labelled `<textarea>` with a highlighting layer behind it that marks
//! the statements an explanation points at and underlines diagnostics; and [`marks`], which the
//! page and the widget both use to say what to paint.

use yew::prelude::*;

use crate::engine::Span;
use crate::scenario::{Editor, EditorDiagnostic, Explanation};

/// A range to paint behind the text.
#[derive(Clone, PartialEq)]
pub struct Mark {
    /// Byte span in the text.
    pub span: Span,
    /// CSS class: `decisive-allow`, `decisive-deny`, `considered`, `error`, `warning`.
    pub class: &'static str,
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
            class: if d.is_error() { "error" } else { "warning" },
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
}

/// Completions on offer: the byte range of the partial name being typed, and the candidates.
#[derive(Clone, PartialEq, Default)]
struct Completions {
    start: usize,
    end: usize,
    names: Vec<&'static str>,
}

/// The partial action name around byte `caret` of `text` (inside a JSON string), if any:
/// `(start, end, partial)` where `partial` is the text from the string's start to the caret.
fn partial_action(text: &str, caret: usize) -> Option<(usize, usize, &str)> {
    let before = text.get(..caret)?;
    let start = before.rfind(['"', '\n'])? + 1;
    if before.as_bytes().get(start - 1) != Some(&b'"') {
        return None;
    }
    let partial = before.get(start..)?;
    let (service, name) = partial.split_once(':')?;
    let ok = |s: &str| s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    if service.is_empty() || !ok(service) || !name.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return None;
    }
    // The rest of the name after the caret is replaced too.
    let after = text.get(caret..)?;
    let end = caret
        + after
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(after.len());
    Some((start, end, partial))
}

fn completions_for(text: &str, caret: usize) -> Completions {
    let Some((start, end, partial)) = partial_action(text, caret) else {
        return Completions::default();
    };
    let cat = crate::catalog::catalog();
    if cat.action(partial).is_some() {
        return Completions::default(); // already complete
    }
    let names: Vec<&'static str> = cat
        .expand(&format!("{partial}*"))
        .into_iter()
        .take(8)
        .map(|a| a.name())
        .collect();
    Completions { start, end, names }
}

/// A policy editor with a highlighting backdrop kept in step with the textarea's scrolling.
#[function_component(PolicyEditor)]
pub fn policy_editor(props: &PolicyEditorProps) -> Html {
    let backdrop = use_node_ref();
    let textarea = use_node_ref();
    let completions = use_state(Completions::default);
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
    let oninput = {
        let cb = props.oninput.clone();
        let completions = completions.clone();
        let complete = props.complete_actions;
        Callback::from(move |e: InputEvent| {
            let area: web_sys::HtmlTextAreaElement = e.target_unchecked_into();
            let text = area.value();
            if complete {
                // The caret, as a byte offset (the DOM counts UTF-16 units).
                let units = area.selection_start().ok().flatten().unwrap_or(0) as usize;
                let mut seen = 0;
                let caret = text
                    .char_indices()
                    .find(|(_, c)| {
                        let here = seen >= units;
                        seen += c.len_utf16();
                        here
                    })
                    .map_or(text.len(), |(i, _)| i);
                completions.set(completions_for(&text, caret));
            }
            cb.emit(text);
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
                let utf16 = |byte: usize| {
                    text.get(..byte.min(text.len()))
                        .map(|s| s.encode_utf16().count())
                        .unwrap_or(0) as u32
                };
                let _ = area.focus();
                let _ = area
                    .set_selection_range(utf16(span.start), utf16(span.end.max(span.start + 1)));
            }
        });
    }
    let painted = paint(&props.text, &props.marks);
    let hint_id = format!("{}-hint", props.id);
    html! {
        <div class="editor">
            <label for={props.id.clone()}>{ props.label.clone() }</label>
            if !props.hint.is_empty() {
                <p class="hint" id={hint_id.clone()}>{ props.hint.clone() }</p>
            }
            <div class="editor-box">
                <pre class="backdrop" aria-hidden="true" ref={backdrop}>{ painted }{ "\n" }</pre>
                <textarea
                    ref={textarea}
                    id={props.id.clone()}
                    data-testid={props.testid.clone()}
                    data-level={props.level.map(|l| l.to_string())}
                    aria-describedby={(!props.hint.is_empty()).then_some(hint_id)}
                    spellcheck="false"
                    autocomplete="off"
                    autocapitalize="off"
                    rows={props.rows.to_string()}
                    value={props.text.clone()}
                    {oninput}
                    {onscroll}
                />
            </div>
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

/// Splits `text` into plain runs and `<mark>`ed runs. Overlapping marks: the later one wins for
/// the overlap; the text is never duplicated or dropped.
fn paint(text: &str, marks: &[Mark]) -> Html {
    // Boundaries where the active class may change.
    let mut cuts: Vec<usize> = vec![0, text.len()];
    for m in marks {
        cuts.push(m.span.start.min(text.len()));
        cuts.push(m.span.end.min(text.len()));
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mut out: Vec<Html> = Vec::new();
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        let (Some(piece), true) = (text.get(a..b), a < b) else {
            continue;
        };
        let class = marks
            .iter()
            .rev()
            .find(|m| m.span.start <= a && b <= m.span.end)
            .map(|m| m.class);
        out.push(match class {
            Some(class) => html! { <mark class={class}>{ piece }</mark> },
            None => html! { { piece } },
        });
    }
    out.into_iter().collect()
}
