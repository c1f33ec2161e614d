//! The backdrop's content, from the pieces `crate::editing::pieces` cuts.

use yew::prelude::*;

use super::Mark;
use crate::editing;
use crate::engine::Span;

/// The backdrop's content: the text cut by `editing::pieces`, each run of one highlight a
/// `<mark>` holding its tokens' `<span class="tok-…">` (and `bracket-match` on a paired bracket).
/// Its text is exactly `text`: nothing is dropped or repeated.
pub fn paint(text: &str, marks: &[Mark], tokens: &[editing::Token], brackets: &[usize]) -> Html {
    let marks: Vec<(Span, &'static str)> = marks.iter().map(|m| (m.span, m.class)).collect();
    let pieces = editing::pieces(text, &marks, tokens, brackets);
    let mut out: Vec<Html> = Vec::new();
    let mut run: Vec<Html> = Vec::new();
    let mut run_mark: Option<&'static str> = None;
    let mut run_start = 0;
    // A finding's mark carries the byte where its run starts (`data-at`), so that the editor can
    // tell which finding the mouse is over.
    let flush =
        |run: &mut Vec<Html>, mark: Option<&'static str>, at: usize, out: &mut Vec<Html>| {
            if run.is_empty() {
                return;
            }
            let children: Html = std::mem::take(run).into_iter().collect();
            out.push(match mark {
                Some(class) if super::is_finding_class(class) => {
                    html! { <mark class={class} data-at={at.to_string()}>{ children }</mark> }
                }
                Some(class) => html! { <mark class={class}>{ children }</mark> },
                None => children,
            });
        };
    for piece in pieces {
        let Some(s) = text.get(piece.span.start..piece.span.end) else {
            continue;
        };
        if piece.mark != run_mark {
            flush(&mut run, run_mark, run_start, &mut out);
            run_mark = piece.mark;
            run_start = piece.span.start;
        }
        let class = piece.token.map(editing::TokenKind::class);
        run.push(if class.is_some() || piece.bracket {
            html! { <span class={classes!(class, piece.bracket.then_some("bracket-match"))}>{ s }</span> }
        } else {
            html! { { s } }
        });
    }
    flush(&mut run, run_mark, run_start, &mut out);
    out.into_iter().collect()
}
