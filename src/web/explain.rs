//! The explanation of one cell, shared by the page and the widget: [`ExplanationView`] (the
//! summary, and on the page the decision, resource, blocking layers and notes) over
//! [`StatementList`] (the statements, each with its conditions and their results).

use yew::prelude::*;

use super::grid::decision_look;
use crate::engine::{step_line, Layer, Span};
use crate::scenario::{
    flow_caption, layer_words, Editor, ExplainedStatement, Explanation, HopView,
};

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
            <figcaption>{ flow_caption(ev.cross_account) }</figcaption>
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
                                { step_line(layer, step.state, blocked) }
                            </button>
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

/// The note's five layers, each with the hops that belong to it (`data-hop` names).
const PATH_LAYERS: [(&str, &[&str]); 5] = [
    ("Region & AZ", &["dns"]),
    ("VPC", &["route"]),
    (
        "Subnet + network ACL",
        &["nacl-outbound", "nacl-inbound", "return"],
    ),
    (
        "Security groups",
        &["security-group-egress", "endpoint-security-group"],
    ),
    ("Endpoint policy + IAM", &["endpoint-policy", "identity"]),
];

/// A hop's name in words.
fn hop_words(hop: &str) -> &'static str {
    match hop {
        "dns" => "name resolution",
        "route" => "route",
        "security-group-egress" => "security group egress",
        "nacl-outbound" => "network ACL outbound",
        "nacl-inbound" => "network ACL inbound (far side)",
        "endpoint-security-group" => "endpoint security group (HTTPS in)",
        "return" => "return traffic",
        "endpoint-policy" => "endpoint policy",
        _ => "IAM and the rest of the stack",
    }
}

/// Props of [`PathView`].
#[derive(Properties, PartialEq)]
struct PathViewProps {
    explanation: Explanation,
    /// Opens a layer's editors (the policy hops), on the page.
    #[prop_or_default]
    onlayer: Option<Callback<Layer>>,
}

/// The path of a call from a workload (`[data-testid="path"]`): the note's five layers from the
/// Region to the policies, each hop in it lit pass or block (`[data-hop][data-state]`), in the
/// order the call meets them. Selecting a network hop shows the rules it read; a policy hop opens
/// its layer's editor.
#[function_component(PathView)]
fn path_view(props: &PathViewProps) -> Html {
    let open = use_state(|| None::<&'static str>);
    let e = &props.explanation;
    let Some(call) = &e.path else {
        return Html::default();
    };
    let hops: Vec<HopView> = e.hops();
    let order = |name: &str| hops.iter().position(|h| h.hop == name);
    let context = |layer: usize| -> String {
        match layer {
            0 => format!("{} · {}", call.region, call.az),
            1 => call.vpc.clone(),
            2 => call.subnet.clone(),
            3 => call.security_groups.join(", "),
            _ => call.service.clone(),
        }
    };
    let selected = (*open).and_then(|name| hops.iter().find(|h| h.hop == name));
    html! {
        <figure class="path-figure">
            <figcaption>{ format!("The path of {}'s call from workload {} to {}", e.principal_name, call.workload, call.service) }</figcaption>
            <ol class="path" data-testid="path" data-arrives={call.path.arrives().to_string()}>
                { for PATH_LAYERS.iter().enumerate().map(|(i, (title, names))| {
                    let mine: Vec<&HopView> = names.iter().filter_map(|n| hops.iter().find(|h| h.hop == *n)).collect();
                    let state = if mine.iter().any(|h| !h.pass) { "block" } else if mine.is_empty() { "none" } else { "pass" };
                    html! {
                        <li class={classes!("path-layer", state)} data-layer-state={state}>
                            <span class="path-layer-title">{ *title }</span>
                            <span class="path-layer-context">{ context(i) }</span>
                            <ul class="hops">
                                { for mine.iter().map(|h| {
                                    let name = h.hop;
                                    let state = if h.pass { "pass" } else { "block" };
                                    let n = order(name).map_or(0, |n| n + 1);
                                    let policy = matches!(name, "endpoint-policy" | "identity");
                                    let onclick = match (&props.onlayer, policy) {
                                        (Some(onlayer), true) => {
                                            let layer = if name == "identity" { Layer::IdentityPolicies } else { Layer::Endpoint };
                                            onlayer.reform(move |_: MouseEvent| layer)
                                        }
                                        _ => {
                                            let open = open.clone();
                                            Callback::from(move |_: MouseEvent| {
                                                open.set(if *open == Some(name) { None } else { Some(name) })
                                            })
                                        }
                                    };
                                    let pressed = (!policy).then(|| if *open == Some(name) { "true" } else { "false" });
                                    html! {
                                        <li class={classes!("hop", state)} data-hop={name} data-state={state} data-code={h.code}>
                                            <button type="button" class="link" {onclick} aria-pressed={pressed}
                                                title={h.detail.clone()}>
                                                <span aria-hidden="true">{ if h.pass { "✓ " } else { "✕ " } }</span>
                                                { format!("{n}. {}", hop_words(name)) }
                                                <span class="sr-only">{ if h.pass { " (passes)" } else { " (blocks)" } }</span>
                                            </button>
                                        </li>
                                    }
                                }) }
                                if mine.is_empty() {
                                    <li class="hop none">{ if call.path.arrives() { "not on this call's way" } else { "not reached" } }</li>
                                }
                            </ul>
                        </li>
                    }
                }) }
            </ol>
            if let Some(h) = selected {
                <div class="hop-rules" data-testid="hop-rules" data-hop={h.hop}>
                    <p><code>{ h.code }</code>{ format!(" — {}", h.detail) }</p>
                    if !h.rules.title.is_empty() {
                        <p class="hop-rules-title">{ &h.rules.title }</p>
                        <ul>
                            { for h.rules.lines.iter().map(|l| html! {
                                <li class={classes!(l.decided.then_some("decided"))}>
                                    <code>{ &l.text }</code>{ if l.decided { " ← decided" } else { "" } }
                                </li>
                            }) }
                        </ul>
                    }
                </div>
            } else if let Some(h) = hops.iter().find(|h| !h.pass) {
                <p class="hop-stop">{ format!("Stopped at {}: {}", hop_words(h.hop), h.detail) }</p>
            }
        </figure>
    }
}

/// `s` with its first letter in upper case (the page's own sentences, which start with an ASCII
/// letter: ASCII only, so that the bundle carries no Unicode upper-case table).
pub(crate) fn capitalized(s: &str) -> String {
    let mut out = s.to_string();
    if let Some(first) = out.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    out
}

/// One explained cell.
#[function_component(ExplanationView)]
pub fn explanation_view(props: &ExplanationViewProps) -> Html {
    let e = &props.explanation;
    let statements = html! {
        <StatementList statements={e.statements.clone()} onreveal={props.onreveal.clone()} />
    };
    let path = html! { <PathView explanation={e.clone()} onlayer={props.onlayer.clone()} /> };
    let Some(scenario_resource) = &props.resource else {
        return html! {
            <aside class="explanation" data-testid={props.testid.clone()}>
                <p class="summary">{ &e.summary }</p>
                { path }
                { statements }
            </aside>
        };
    };
    if e.unreachable() {
        return html! {
            <aside class="explanation unreachable" data-testid={props.testid.clone()} aria-live="polite">
                <h3><span aria-hidden="true">{ "⊘" }</span>{ format!(" {} → {}: unreachable", e.principal_name, e.action) }</h3>
                <p class="summary">{ &e.summary }</p>
                { path }
                <p>{ "No policy decides a call that never reaches AWS: fix the network first, then the policies apply." }</p>
            </aside>
        };
    }
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
            { path }
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
                                        { match (&c.request_values, c.more_values) {
                                            (Some(v), 0) => format!(" — request: {v:?}"),
                                            (Some(v), more) => format!(" — request: {v:?} and {more} more"),
                                            (None, _) => " — the request has no such key".to_string(),
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
