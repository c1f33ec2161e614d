//! The explanation of one cell, shared by the page and the widget: [`ExplanationView`] (the
//! summary, and on the page the decision, resource, blocking layers and notes) over
//! [`StatementList`] (the statements, each with its conditions and their results).

use yew::prelude::*;

use super::grid::decision_look;
use crate::engine::{Layer, Span, StepState};
use crate::scenario::{layer_words, Editor, ExplainedStatement, Explanation};

/// Props of [`ExplanationView`].
#[derive(Properties, PartialEq)]
pub struct ExplanationViewProps {
    /// What to explain.
    pub explanation: Explanation,
    /// The page's full view: the scenario's resource, to tell a representative ARN from it.
    /// `None` for the widget's compact view (summary and statements only).
    #[prop_or_default]
    pub resource: Option<AttrValue>,
    /// When set, each statement's name is a button that reveals it in its editor.
    #[prop_or_default]
    pub onreveal: Option<Callback<(Editor, Span)>>,
    /// When set (the page), the evaluation is drawn step by step and a step without statements
    /// opens its layer's editors.
    #[prop_or_default]
    pub onlayer: Option<Callback<Layer>>,
    /// The `data-testid` of the view: `explanation` (a stable hook: the explained cell), or
    /// another for a second view beside it (the baseline's side of a changed cell).
    #[prop_or_else(|| AttrValue::from("explanation"))]
    pub testid: AttrValue,
}

/// A step's state in words.
fn step_words(state: StepState) -> &'static str {
    match state {
        StepState::Allow => "allows",
        StepState::Deny => "denies",
        StepState::NoAllow => "no allow",
        StepState::NotApplicable => "does not apply",
    }
}

/// AWS's evaluation for this cell, step by step (`[data-testid="flow"]`): the explicit-deny check,
/// then each layer with what it said and the statements that reached the request; same account
/// or cross account as AWS's two flowcharts. Selecting a step opens its layer's editor at its
/// first deciding statement.
fn flow(
    e: &Explanation,
    onreveal: Option<&Callback<(Editor, Span)>>,
    onlayer: &Callback<Layer>,
) -> Html {
    let ev = &e.evaluation;
    let denied = ev.decision == crate::engine::Decision::ExplicitlyDenied;
    html! {
        <figure class="flow-figure">
            <figcaption>{ if ev.cross_account {
                "Cross-account request: every gate must let it through, and both the caller's account (identity side) and the resource-based policy must allow."
            } else {
                "Same-account request: every gate must let it through, and the identity side or the resource-based policy grants."
            } }</figcaption>
            <ol class="flow" data-testid="flow" data-cross-account={ev.cross_account.to_string()}>
                <li class={classes!("step", "deny-check", denied.then_some("deny"))}>
                    { if denied { "Explicit deny: a Deny matched, the request stops here" } else { "Explicit deny check: no Deny matched" } }
                </li>
                { for ev.steps.iter().map(|step| {
                    let layer = step.layer;
                    let statements: Vec<&ExplainedStatement> = e.statements.iter().filter(|st| st.editor.layer() == layer).collect();
                    let target = statements.iter().find(|st| st.decisive).or(statements.first()).map(|st| (st.editor, st.span));
                    let blocked = ev.blocked_by.contains(&layer);
                    let onclick = match (target, onreveal) {
                        (Some(t), Some(reveal)) => reveal.reform(move |_: MouseEvent| t),
                        _ => onlayer.reform(move |_: MouseEvent| layer),
                    };
                    html! {
                        <li class={classes!("step", step.state.as_str(), blocked.then_some("blocking"))}
                            data-layer={layer.as_str()} data-state={step.state.as_str()}>
                            <button type="button" class="link" {onclick}>
                                { format!("{}: {}", capitalized(layer_words(layer)), step_words(step.state)) }
                            </button>
                            if blocked && step.state != StepState::Deny { { " (blocks the request)" } }
                            if !statements.is_empty() {
                                <span class="statements">{ format!(" · {}", statements.iter().map(|st| st.sid.clone().unwrap_or_else(|| format!("statement {}", st.index))).collect::<Vec<_>>().join(", ")) }</span>
                            }
                        </li>
                    }
                }) }
            </ol>
        </figure>
    }
}

/// `s` with its first letter in upper case.
pub(crate) fn capitalized(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

/// One explained cell.
#[function_component(ExplanationView)]
pub fn explanation_view(props: &ExplanationViewProps) -> Html {
    let e = &props.explanation;
    let statements = html! {
        <StatementList statements={e.statements.clone()} onreveal={props.onreveal.clone()} />
    };
    let Some(scenario_resource) = &props.resource else {
        return html! {
            <aside class="explanation" data-testid={props.testid.clone()}>
                <p class="summary">{ &e.summary }</p>
                { statements }
            </aside>
        };
    };
    let (symbol, class, words) = decision_look(e.evaluation.decision);
    let resource_note = if e.resource == "*" {
        " (the action takes no resource)"
    } else if e.resource == scenario_resource.as_str() {
        ""
    } else {
        " (a representative ARN for this action)"
    };
    html! {
        <aside class={classes!("explanation", class)} data-testid={props.testid.clone()} aria-live="polite">
            <h3><span aria-hidden="true">{ symbol }</span>{ format!(" {} → {}: {words}", e.principal_name, e.action) }</h3>
            <p class="summary">{ &e.summary }</p>
            <p class="resource">{ "Resource: " }<code data-testid="explained-resource">{ &e.resource }</code>{ resource_note }</p>
            if !e.evaluation.blocked_by.is_empty() {
                <p>{ "Blocked by: " }{ e.evaluation.blocked_by.iter().map(|l| layer_words(*l)).collect::<Vec<_>>().join(", ") }</p>
            }
            if let Some(onlayer) = &props.onlayer {
                { flow(e, props.onreveal.as_ref(), onlayer) }
            }
            if e.statements.is_empty() {
                <p>{ "No statement names this action and resource." }</p>
            } else {
                { statements }
            }
            if !e.evaluation.notes.is_empty() {
                <ul class="notes">{ for e.evaluation.notes.iter().map(|n| html! { <li>{ &n.message }</li> }) }</ul>
            }
        </aside>
    }
}

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
