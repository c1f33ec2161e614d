//! The statements of an explanation, each with its conditions and their results: shared by the
//! page and the widget.

use yew::prelude::*;

use crate::engine::Span;
use crate::scenario::{Editor, ExplainedStatement};

/// Props of [`StatementList`].
#[derive(Properties, PartialEq)]
pub struct StatementListProps {
    /// The statements that reached the request.
    pub statements: Vec<ExplainedStatement>,
    /// When set, each statement's name is a button that reveals it in its editor.
    #[prop_or_default]
    pub onreveal: Option<Callback<(Editor, Span)>>,
}

/// The explained statements: name, effect, whether it applied or decided, and every condition with
/// the request's values.
#[function_component(StatementList)]
pub fn statement_list(props: &StatementListProps) -> Html {
    html! {
        <ul class="statements">
            { for props.statements.iter().map(|st| {
                let name = format!("{} statement {}{}", st.policy, st.index, st.sid.as_ref().map(|s| format!(" ({s})")).unwrap_or_default());
                let verdict = if st.check.applies() { "applies" } else { "does not apply: a condition is false" };
                let (editor, span) = (st.editor, st.span);
                html! {
                    <li class={classes!(st.decisive.then_some("decisive"))}>
                        { match &props.onreveal {
                            Some(onreveal) => {
                                let onreveal = onreveal.clone();
                                html! { <button type="button" class="link" onclick={Callback::from(move |_| onreveal.emit((editor, span)))}>{ name }</button> }
                            }
                            None => html! { { name } },
                        } }
                        { format!(" — {} — {verdict}{}", st.effect, if st.decisive { " — decisive" } else { "" }) }
                        if !st.conditions.is_empty() {
                            <ul class="conditions">
                                { for st.conditions.iter().map(|c| html! {
                                    <li class={if c.holds { "holds" } else { "fails" }}>
                                        <span aria-hidden="true">{ if c.holds { "✓ " } else { "✕ " } }</span>
                                        <code>{ &c.text }</code>
                                        { match &c.request_values {
                                            Some(v) => format!(" — request: {v:?}"),
                                            None => " — the request has no such key".to_string(),
                                        } }
                                        { if c.holds { " (holds)" } else { " (false)" } }
                                    </li>
                                }) }
                            </ul>
                        }
                    </li>
                }
            }) }
        </ul>
    }
}
