//! A policy editor: a real, labelled `<textarea>` with a highlighting layer behind it that marks
//! the statements an explanation points at and underlines diagnostics.

use yew::prelude::*;

use crate::engine::Span;

/// A range to paint behind the text.
#[derive(Clone, PartialEq)]
pub struct Mark {
    /// Byte span in the text.
    pub span: Span,
    /// CSS class: `decisive-allow`, `decisive-deny`, `considered`, `error`, `warning`.
    pub class: &'static str,
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
}

/// A policy editor with a highlighting backdrop kept in step with the textarea's scrolling.
#[function_component(PolicyEditor)]
pub fn policy_editor(props: &PolicyEditorProps) -> Html {
    let backdrop = use_node_ref();
    let textarea = use_node_ref();
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
        Callback::from(move |e: InputEvent| {
            let area: web_sys::HtmlTextAreaElement = e.target_unchecked_into();
            cb.emit(area.value());
        })
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
