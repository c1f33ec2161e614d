//! The two editor panels side by side: the VPC endpoint (its fields and policy) and the
//! principals (their buttons, the open principal's fields, its policy tabs and the open policy).

use yew::html::Scope;
use yew::prelude::*;

use crate::scenario::network_edits::NetEdit;
use crate::scenario::{Editor, Field, PrincipalField};
use crate::web::app::{App, Msg};
use crate::web::controls::{
    checked, input_value, pairs_text, principal_names, select_value, textarea_value,
    PrincipalButtons,
};
use crate::web::editor::{findings, marks, PolicyEditor};

/// A callback that sends the new value of a text input as `Msg::Field(field, …)`.
pub(super) fn field(link: &Scope<App>, field: Field) -> Callback<InputEvent> {
    link.callback(move |e: InputEvent| Msg::Field(field, input_value(&e)))
}

/// The endpoint panel.
pub fn endpoint(app: &App, link: &Scope<App>) -> Html {
    let endpoint = app
        .state
        .ws
        .scenario
        .endpoint()
        .cloned()
        .unwrap_or_default();
    let gateway = endpoint.endpoint_type.eq_ignore_ascii_case("gateway");
    let editor = Editor::Endpoint(0);
    html! {
        <section class="panel" aria-labelledby="endpoint-heading">
            <h2 id="endpoint-heading">{ "VPC endpoint" }</h2>
            <div class="fields">
                <label>{ "Endpoint id " }<input type="text" value={endpoint.id.clone()} oninput={field(link, Field::EndpointId)} size="24" /></label>
                <label>{ "Type " }
                    <select onchange={link.callback(|e: Event| Msg::Field(Field::EndpointType, select_value(&e)))}>
                        <option value="Interface" selected={!gateway}>{ "Interface" }</option>
                        <option value="Gateway" selected={gateway}>{ "Gateway" }</option>
                    </select>
                </label>
                <label>{ "Service " }<input type="text" value={endpoint.service.clone()} oninput={field(link, Field::Service)} size="40" /></label>
                { private_dns(app, link, &endpoint.id) }
            </div>
            <PolicyEditor
                id="endpoint-policy"
                testid="endpoint-policy"
                label="Endpoint policy"
                rows={12}
                hint="Empty means AWS's default policy (full access for everyone)."
                text={endpoint.policy.clone()}
                marks={marks(editor, &app.diagnostics, app.state.explanation(), true)}
                findings={findings(editor, &app.diagnostics)}
                reveal={app.state.reveal().filter(|r| r.0 == editor).map(|r| r.1)}
                oninput={link.callback(Msg::EndpointPolicy)}
            />
        </section>
    }
}

/// The private DNS switch of the network's interface endpoint with this id, when there is one
/// (`input[data-testid="private-dns"]`, the one such switch on the page).
fn private_dns(app: &App, link: &Scope<App>, id: &str) -> Html {
    let Some(e) = app
        .state
        .ws
        .network()
        .and_then(|n| n.interface_endpoints.iter().find(|e| e.id == id))
    else {
        return html! {};
    };
    let id = e.id.clone();
    html! {
        <label class="check" title="The service's default DNS name resolves to this endpoint's network interfaces inside the VPC">
            <input type="checkbox" data-testid="private-dns" checked={e.private_dns}
                onchange={link.callback(move |ev: Event| Msg::Network(NetEdit::PrivateDns(id.clone(), checked(&ev))))} />
            { "Private DNS (in the network)" }
        </label>
    }
}

/// The principals panel.
pub fn principals(app: &App, link: &Scope<App>) -> Html {
    let ws = &app.state.ws;
    let s = &ws.scenario;
    let selected = app.state.principal();
    let principal = selected.and_then(|p| ws.principal(p));
    html! {
        <section class="panel" aria-labelledby="principals-heading">
            <h2 id="principals-heading">{ "Principals and their IAM policies" }</h2>
            if s.principals.len() > crate::scenario::ROSTER_THRESHOLD {
                { roster(app, link) }
            } else {
                <PrincipalButtons principals={principal_names(ws)} {selected} onselect={link.callback(Msg::SelectPrincipal)}>
                    <button type="button" class="add" onclick={link.callback(|_| Msg::AddPrincipal)} title="Add a principal with a copy of the selected one's policies">{ "+ principal" }</button>
                    if s.principals.len() > 1 {
                        <button type="button" class="remove" onclick={link.callback(|_| Msg::RemovePrincipal)}>{ "remove" }</button>
                    }
                </PrincipalButtons>
            }
            if let Some(p) = principal {
                { principal_details(app, link) }
                if crate::engine::Principal::parse(&p.arn).is_err() {
                    <p class="banner error">{ format!("`{}` is not a principal ARN this playground understands (user, role session, root or federated user)", p.arn) }</p>
                }
                { policy_tabs(app, link) }
            }
        </section>
    }
}

/// The principals of a large scenario: a filter by name, then one group per kind (users, roles,
/// others) and IAM path (`[data-testid="principal-group"][data-kind][data-path]`), each with the
/// principals' buttons (`[data-testid="principal"]`, as the small list has them). The groups
/// are one piece of HTML ([`roster_html`]: an account's hundreds of buttons, built one by one,
/// cost tens of milliseconds of its import), clicks answered by one listener; the selected button is marked after
/// each render ([`mark_roster_selection`]), so that selecting keeps the buttons and their focus.
fn roster(app: &App, link: &Scope<App>) -> Html {
    let ws = &app.state.ws;
    let roster = ws.roster(&app.principal_filter);
    let onfilter = link.callback(|e: InputEvent| Msg::PrincipalFilter(input_value(&e)));
    let onclick = link.batch_callback(|e: MouseEvent| {
        use wasm_bindgen::JsCast;
        let button = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|t| t.closest("button[data-id]").ok().flatten())?;
        let number = button.get_attribute("data-id")?.parse().ok()?;
        Some(Msg::SelectPrincipal(
            crate::scenario::PrincipalId::from_number(number),
        ))
    });
    html! {
        <div class="roster">
            <div class="fields">
                <label>{ "Filter by name " }
                    <input type="search" data-testid="principal-filter" value={app.principal_filter.clone()}
                        oninput={onfilter} size="24" placeholder="part of a name" spellcheck="false" />
                </label>
                <span class="hint" role="status" data-testid="principal-count">
                    { format!("{} of {} principals", roster.shown, roster.total) }
                </span>
                <button type="button" class="add" onclick={link.callback(|_| Msg::AddPrincipal)} title="Add a principal with a copy of the selected one's policies">{ "+ principal" }</button>
                <button type="button" class="remove" onclick={link.callback(|_| Msg::RemovePrincipal)}>{ "remove" }</button>
            </div>
            <div class="roster-groups" {onclick}>
                { Html::from_html_unchecked(roster_html(&roster).into()) }
            </div>
        </div>
    }
}

/// The roster's groups and buttons as HTML, none of them marked selected (the same text
/// whichever principal is selected: selecting changes two attributes, not the list). Names and
/// paths are escaped; `data-id` is the principal's [`PrincipalId::number`](crate::scenario::PrincipalId::number).
pub(crate) fn roster_html(roster: &crate::scenario::Roster) -> String {
    use crate::web::markup::escape_into;
    use std::fmt::Write;
    let mut out = String::with_capacity(roster.shown * 120 + roster.groups.len() * 200);
    for g in &roster.groups {
        let mut heading = String::new();
        escape_into(
            &mut heading,
            &format!("{} {} ({})", g.kind.heading(), g.path, g.members.len()),
        );
        let _ = write!(
            out,
            "<div class=\"roster-group\" role=\"group\" aria-label=\"{heading}\" data-testid=\"principal-group\" data-kind=\"{}\" data-path=\"",
            g.kind.as_str()
        );
        escape_into(&mut out, &g.path);
        let _ = write!(out, "\"><h3>{heading}</h3><div class=\"principals\">");
        for (id, name) in &g.members {
            let _ = write!(
                out,
                "<button type=\"button\" class=\"principal\" data-testid=\"principal\" data-id=\"{}\" aria-pressed=\"false\" data-principal=\"",
                id.number()
            );
            escape_into(&mut out, name);
            out.push_str("\">");
            escape_into(&mut out, name);
            out.push_str("</button>");
        }
        out.push_str("</div></div>");
    }
    out
}

/// Marks the selected principal's roster button (`aria-pressed="true"`, class `active`) and
/// unmarks the one marked before, after a render: the roster's HTML names no selection.
/// Nothing when the page shows no roster.
pub(crate) fn mark_roster_selection(selected: Option<crate::scenario::PrincipalId>) {
    let document = gloo::utils::document();
    let want = selected.map(|id| id.number().to_string());
    if let Ok(Some(on)) = document.query_selector(".roster-groups button[aria-pressed=\"true\"]") {
        if on.get_attribute("data-id") == want {
            return;
        }
        let _ = on.set_attribute("aria-pressed", "false");
        let _ = on.set_attribute("class", "principal");
    }
    let Some(want) = want else {
        return;
    };
    if let Ok(Some(button)) =
        document.query_selector(&format!(".roster-groups button[data-id=\"{want}\"]"))
    {
        let _ = button.set_attribute("aria-pressed", "true");
        let _ = button.set_attribute("class", "principal active");
    }
}

/// The open principal's fields (name, ARN, organization, tags) and the open policy's name.
fn principal_details(app: &App, link: &Scope<App>) -> Html {
    let ws = &app.state.ws;
    let Some(p) = app.state.principal().and_then(|p| ws.principal(p)) else {
        return html! {};
    };
    let policy = app.state.identity_editor().and_then(|e| match e {
        Editor::Identity(p, policy) => ws.policy(p, policy),
        _ => None,
    });
    let principal_field =
        |f: PrincipalField| link.callback(move |e: InputEvent| Msg::Principal(f, input_value(&e)));
    html! {
        <details class="principal-details">
        <summary>{ "ARN " }<code>{ &p.arn }</code>{ if p.tags.is_empty() && p.org_id.is_empty() { "" } else { " · tags and organization" } }{ if p.workload.is_empty() { String::new() } else { format!(" · calls from {}", p.workload) } }</summary>
        <div class="fields">
            <label>{ "Name " }<input type="text" value={p.name.clone()} oninput={principal_field(PrincipalField::Name)} size="16" /></label>
            <label>{ "ARN " }<input type="text" data-testid="principal-arn" value={p.arn.clone()} oninput={principal_field(PrincipalField::Arn)} size="52" /></label>
            if let Some(net) = ws.network() {
                <label>{ "Calls from workload " }
                    <select data-testid="principal-workload" onchange={link.callback(|e: Event| Msg::PrincipalWorkload(select_value(&e)))}>
                        <option value="" selected={p.workload.is_empty()}>{ "none" }</option>
                        { for net.workloads.iter().map(|w| html! {
                            <option value={w.name.clone()} selected={p.workload == w.name}>{ format!("{} ({})", w.name, w.subnet) }</option>
                        }) }
                        if !p.workload.is_empty() && !net.workloads.iter().any(|w| w.name == p.workload) {
                            <option value={p.workload.clone()} selected=true disabled=true>{ format!("{} (not in the network)", p.workload) }</option>
                        }
                    </select>
                </label>
            }
            <label>{ "Org id " }<input type="text" value={p.org_id.clone()} oninput={principal_field(PrincipalField::OrgId)} size="16" /></label>
            <label>{ "Tags (key=value, one per line) " }<textarea rows="1" value={pairs_text(&p.tags)} oninput={link.callback(|e: InputEvent| Msg::Principal(PrincipalField::Tags, textarea_value(&e)))} /></label>
            if let Some(d) = policy {
                <label>{ "Policy name " }<input type="text" value={d.name.clone()} oninput={link.callback(|e: InputEvent| Msg::PolicyName(input_value(&e)))} size="24" /></label>
            }
        </div>
        </details>
    }
}

/// The open principal's policy tabs and the open policy's editor.
fn policy_tabs(app: &App, link: &Scope<App>) -> Html {
    let ws = &app.state.ws;
    let Some(p) = app.state.principal() else {
        return html! {};
    };
    let name = ws.principal(p).map(|d| d.name.as_str()).unwrap_or("");
    let open = app.state.policy();
    let tabs: Vec<_> = ws
        .policy_ids(p)
        .into_iter()
        .filter_map(|id| Some((id, ws.policy(p, id)?)))
        .collect();
    // The tab the Tab key reaches: the open one, else the first.
    let stop = open
        .filter(|o| tabs.iter().any(|(id, _)| id == o))
        .or_else(|| tabs.first().map(|(id, _)| *id));
    let editor = app.state.identity_editor();
    let policy = editor.and_then(|e| Some((e, ws.policy(p, open?)?)));
    html! {
        <>
            <div class="tabs">
                <div class="tablist" role="tablist" aria-label="policies" onkeydown={Callback::from(crate::web::controls::tablist_keydown)}>
                { for tabs.into_iter().map(|(id, d)| {
                    let on = open == Some(id);
                    html! {
                        <button type="button" role="tab"
                            class={classes!("tab", on.then_some("active"))}
                            aria-selected={if on { "true" } else { "false" }}
                            tabindex={if stop == Some(id) { "0" } else { "-1" }}
                            onclick={link.callback(move |_| Msg::SelectPolicy(id))}>
                            { &d.name }
                        </button>
                    }
                }) }
                </div>
                <button type="button" class="add" onclick={link.callback(|_| Msg::AddPolicy)}>{ "+ policy" }</button>
                if policy.is_some() {
                    <button type="button" class="remove" onclick={link.callback(|_| Msg::RemovePolicy)}>{ "remove" }</button>
                }
            </div>
            if let Some((editor, d)) = policy {
                <PolicyEditor
                    id="identity-policy"
                    testid="identity-policy"
                    label={format!("IAM policy `{}` of {}", d.name, name)}
                    rows={12}
                    text={d.text.clone()}
                    marks={marks(editor, &app.diagnostics, app.state.explanation(), true)}
                    findings={findings(editor, &app.diagnostics)}
                    reveal={app.state.reveal().filter(|r| r.0 == editor).map(|r| r.1)}
                    oninput={link.callback(Msg::IdentityPolicy)}
                />
            } else {
                <p class="hint">{ "This principal has no IAM policy: every request is implicitly denied (the root user excepted)." }</p>
            }
        </>
    }
}
