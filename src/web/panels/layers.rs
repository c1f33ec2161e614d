//! The rest of the policy stack: one tab per layer in the order of AWS's evaluation (RCPs, SCPs,
//! the endpoint policy, resource-based policies, identity policies, the permissions boundary, the
//! session policy) and the open layer's editors: the resources and the selected one's policy, the
//! selected principal's boundary and session policy, the SCP levels of the principal's account and
//! the RCP levels of the resource's account. The endpoint and identity policies stay in their
//! panels above. A last tab, beside the layers', opens the network (`super::network`).

use yew::html::Scope;
use yew::prelude::*;

use crate::engine::Layer;
use crate::scenario::{Editor, OrgLevel, ResourceField};
use crate::web::app::{App, Msg};
use crate::web::controls::input_value;
use crate::web::editor::{findings, marks, PolicyEditor};
use crate::web::explain::capitalized;

/// The layers in the order of AWS's evaluation flowchart.
pub const LAYERS: [Layer; 7] = Layer::FLOWCHART;

/// A layer's name on its tab.
pub fn layer_title(layer: Layer) -> &'static str {
    match layer {
        Layer::Rcps => "RCPs",
        Layer::Scps => "SCPs",
        Layer::Endpoint => "Endpoint policy",
        Layer::ResourcePolicy => "Resource policies",
        Layer::IdentityPolicies => "Identity policies",
        Layer::PermissionsBoundary => "Permissions boundary",
        Layer::SessionPolicy => "Session policy",
    }
}

/// How one editor of the stack panel is labelled and hooked.
struct Spec {
    /// Element id.
    id: String,
    /// `data-testid` of its textarea.
    testid: &'static str,
    /// Its label.
    label: String,
    /// A hint under the label.
    hint: &'static str,
    /// `data-level` of an SCP or RCP editor.
    level: Option<usize>,
}

/// One policy editor of the stack panel.
fn editor_view(app: &App, link: &Scope<App>, editor: Editor, spec: Spec) -> Html {
    let Spec {
        id,
        testid,
        label,
        hint,
        level,
    } = spec;
    let text = app.state.ws.text(editor).unwrap_or("").to_string();
    html! {
        <PolicyEditor
            id={id}
            testid={testid}
            label={label}
            rows={10}
            hint={hint}
            text={text}
            level={level}
            marks={marks(editor, &app.diagnostics, app.state.explanation(), true)}
            findings={findings(editor, &app.diagnostics)}
            reveal={app.state.reveal().filter(|r| r.0 == editor).map(|r| r.1)}
            oninput={link.callback(move |text| Msg::SetText(editor, text))}
        />
    }
}

/// The stack panel.
pub fn view(app: &App, link: &Scope<App>) -> Html {
    let open = app.state.layer();
    let network = app.state.network_open();
    html! {
        <section class="panel stack" aria-labelledby="stack-heading">
            <h2 id="stack-heading">{ "The whole policy stack" }</h2>
            <div class="tabs" role="tablist" aria-label="policy layers, in the order AWS evaluates them" onkeydown={Callback::from(crate::web::controls::tablist_keydown)}>
                { for LAYERS.iter().map(|&layer| {
                    let on = !network && layer == open;
                    html! {
                        <button type="button" role="tab" id={format!("layer-tab-{}", layer.as_str())} data-testid="layer-tab" data-layer={layer.as_str()}
                            class={classes!("tab", on.then_some("active"))}
                            aria-selected={if on { "true" } else { "false" }}
                            tabindex={if on { "0" } else { "-1" }}
                            onclick={link.callback(move |_| Msg::OpenLayer(layer))}>
                            { layer_title(layer) }
                        </button>
                    }
                }) }
                <button type="button" role="tab" id="layer-tab-network" data-testid="network-tab" data-layer="network"
                    class={classes!("tab", "network-tab", network.then_some("active"))}
                    aria-selected={if network { "true" } else { "false" }}
                    tabindex={if network { "0" } else { "-1" }}
                    onclick={link.callback(|_| Msg::OpenNetwork)}>
                    { "Network" }
                </button>
            </div>
            if network {
                <div role="tabpanel" class="layer" data-layer="network" aria-labelledby="layer-tab-network">
                    { super::network::view(app, link) }
                </div>
            } else {
            <div role="tabpanel" class="layer" data-layer={open.as_str()} aria-labelledby={format!("layer-tab-{}", open.as_str())}>
                { match open {
                    Layer::ResourcePolicy => resources(app, link),
                    Layer::PermissionsBoundary | Layer::SessionPolicy => principal_layer(app, link, open),
                    Layer::Scps | Layer::Rcps => organization(app, link, open == Layer::Scps),
                    Layer::Endpoint => html! { <p class="hint">{ "The endpoint policy is edited in the VPC endpoint panel above. A request travels through the endpoint that serves its service when calls go through the VPC." }</p> },
                    Layer::IdentityPolicies => html! { <p class="hint">{ "Identity policies are edited in the principals panel above, beside the endpoint policy." }</p> },
                } }
            </div>
            }
        </section>
    }
}

/// The resources' buttons (`[data-testid="resource"][data-resource=NAME]`) as HTML, none marked
/// selected: an imported account has a resource per role (its trust policy), hundreds of
/// buttons that one piece of HTML builds at a fraction of their cost one by one. The selected
/// one is marked after each render ([`mark_selected_resource`]), so that selecting keeps the
/// buttons and their focus.
fn resources_html(s: &crate::scenario::Scenario) -> String {
    use crate::web::markup::escape_into;
    let mut out = String::with_capacity(s.resources.len() * 100);
    for r in &s.resources {
        out.push_str("<button type=\"button\" data-testid=\"resource\" class=\"resource\" aria-pressed=\"false\" data-resource=\"");
        escape_into(&mut out, &r.name);
        out.push_str("\">");
        escape_into(&mut out, &r.name);
        out.push_str("</button>");
    }
    out
}

/// Marks the selected resource's button (`aria-pressed="true"`, class `active`; by its place
/// among the buttons, the resource's place in the scenario) and unmarks the others, after a
/// render. Nothing when the resources are not shown.
pub(crate) fn mark_selected_resource(selected: Option<usize>) {
    let document = gloo::utils::document();
    // The buttons are the list's first children, in the scenario's order.
    let want = selected.and_then(|i| {
        document
            .query_selector(&format!(
                ".resources > button[data-resource]:nth-child({})",
                i + 1
            ))
            .ok()
            .flatten()
    });
    if let Ok(Some(on)) = document.query_selector(".resources button[aria-pressed=\"true\"]") {
        if want.as_ref() == Some(&on) {
            return;
        }
        let _ = on.set_attribute("aria-pressed", "false");
        let _ = on.set_attribute("class", "resource");
    }
    if let Some(button) = want {
        let _ = button.set_attribute("aria-pressed", "true");
        let _ = button.set_attribute("class", "resource active");
    }
}

/// The resources: one button each, the selected one's fields and policy.
fn resources(app: &App, link: &Scope<App>) -> Html {
    let s = &app.state.ws.scenario;
    let selected = s
        .resources
        .iter()
        .position(|r| r.name == s.selected_resource);
    let field = |i: usize, f: ResourceField| {
        link.callback(move |e: InputEvent| Msg::ResourceField(i, f, input_value(&e)))
    };
    let onclick = link.batch_callback(|e: MouseEvent| {
        use wasm_bindgen::JsCast;
        let button = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|t| t.closest("button[data-resource]").ok().flatten())?;
        Some(Msg::SelectResource(button.get_attribute("data-resource")?))
    });
    html! {
        <>
            <div class="resources" role="toolbar" aria-label="resources" {onclick}>
                { Html::from_html_unchecked(resources_html(s).into()) }
                <button type="button" class="add" onclick={link.callback(|_| Msg::AddResource)}>{ "+ resource" }</button>
            </div>
            if let Some(i) = selected {
                <div class="fields">
                    <label>{ "Name " }<input type="text" value={s.resources[i].name.clone()} oninput={field(i, ResourceField::Name)} size="16" /></label>
                    <label>{ "ARN " }<input type="text" value={s.resources[i].arn.clone()} oninput={field(i, ResourceField::Arn)} size="52" /></label>
                    <label>{ "Account " }<input type="text" value={s.resources[i].account.clone()} oninput={field(i, ResourceField::Account)} size="14" placeholder="from the ARN" /></label>
                </div>
                { editor_view(app, link, Editor::Resource(i), Spec {
                    id: format!("resource-policy-{i}"),
                    testid: "resource-policy",
                    label: format!("Resource-based policy of `{}`", s.resources[i].name),
                    hint: "A bucket policy, queue policy, key policy… (a role's trust policy for a role ARN). Empty: none; a KMS key then has AWS's default key policy.",
                    level: None,
                }) }
            } else {
                <p class="hint">{ "Requests name a representative resource of each action. Add a resource to give it a resource-based policy; requests name it when it fits the action." }</p>
            }
        </>
    }
}

/// The selected principal's boundary or session policy.
fn principal_layer(app: &App, link: &Scope<App>, layer: Layer) -> Html {
    let ws = &app.state.ws;
    let Some(p) = app.state.principal() else {
        return html! { <p class="hint">{ "Add a principal first." }</p> };
    };
    let name = ws.principal(p).map(|d| d.name.clone()).unwrap_or_default();
    let (editor, testid, what, hint) = if layer == Layer::PermissionsBoundary {
        (
            Editor::Boundary(p),
            "boundary-policy",
            "Permissions boundary",
            "The most the identity policies of an IAM user or role can grant. Empty: no boundary.",
        )
    } else {
        (
            Editor::Session(p),
            "session-policy",
            "Session policy",
            "Passed when a role session or federated user session starts: the session may do only what both this and the role's policies allow. Empty: none.",
        )
    };
    editor_view(
        app,
        link,
        editor,
        Spec {
            id: testid.into(),
            testid,
            label: format!("{what} of {name}"),
            hint,
            level: None,
        },
    )
}

/// The SCP levels of the selected principal's account, or the RCP levels of the resource's
/// account: one editor per attached policy, `data-level` 0 for the root.
fn organization(app: &App, link: &Scope<App>, scp: bool) -> Html {
    let ws = &app.state.ws;
    let s = &ws.scenario;
    if s.organization.is_none() {
        return html! {
            <>
                <p class="hint">{ "These accounts are in no organization: no SCP or RCP applies." }</p>
                <button type="button" class="add" onclick={link.callback(|_| Msg::CreateOrganization)}>{ "Put the accounts in an organization" }</button>
            </>
        };
    }
    let account = if scp {
        app.state
            .principal()
            .and_then(|p| ws.principal_position(p))
            .and_then(|i| ws.principal_account(i))
            .unwrap_or_default()
    } else {
        ws.resource_account()
    };
    let whose = if scp {
        "the selected principal's account"
    } else {
        "the resource's account"
    };
    let Some(levels) = s.org_levels(&account) else {
        return html! {
            <>
                <p class="hint">{ format!("{} ({account}) is outside the organization: no {} applies.", capitalized(whose), if scp { "SCP" } else { "RCP" }) }</p>
                <button type="button" class="add" onclick={link.callback(|_| Msg::CreateOrganization)}>{ "Add it to the organization" }</button>
            </>
        };
    };
    html! {
        <>
            <p class="hint">{ if scp {
                format!("SCPs of {whose} ({account}), root first: every level must allow, and any deny wins. AWS attaches FullAWSAccess to every level; remove it to allow only what a level's other SCPs allow.")
            } else {
                format!("RCPs of {whose} ({account}), root first: any deny wins. AWS's RCPFullAWSAccess is always attached too.")
            } }</p>
            { for levels.iter().enumerate().map(|(n, &level)| level_view(app, link, scp, n, level)) }
        </>
    }
}

/// One level's attached SCPs or RCPs.
fn level_view(app: &App, link: &Scope<App>, scp: bool, n: usize, level: OrgLevel) -> Html {
    let ws = &app.state.ws;
    let s = &ws.scenario;
    let title = match level {
        OrgLevel::Account(i) => format!(
            "{} ({})",
            capitalized(&s.level_name(level)),
            s.accounts.get(i).map_or("", |a| a.id.as_str())
        ),
        _ => capitalized(&s.level_name(level)),
    };
    let docs = s.level_policies(level, scp);
    let docs = docs.cloned().unwrap_or_default();
    let kind = if scp { "scp" } else { "rcp" };
    html! {
        <div class="level" data-level={n.to_string()}>
            <h3>{ &title }</h3>
            if docs.is_empty() {
                <p class="hint">{ if scp { "No SCP attached: this level allows nothing." } else { "Only RCPFullAWSAccess." } }</p>
            }
            { for docs.iter().enumerate().map(|(i, d)| {
                let editor = if scp { Editor::Scp(level, i) } else { Editor::Rcp(level, i) };
                html! {
                    <div class="attached">
                        { editor_view(app, link, editor, Spec {
                            id: format!("{kind}-{n}-{i}"),
                            testid: kind,
                            label: format!("{} `{}`", kind.to_ascii_uppercase(), d.name),
                            hint: "",
                            level: Some(n),
                        }) }
                        <button type="button" class="remove" onclick={link.callback(move |_| Msg::RemoveOrgPolicy(level, scp, i))}>{ format!("detach {}", d.name) }</button>
                    </div>
                }
            }) }
            <button type="button" class="add" onclick={link.callback(move |_| Msg::AddOrgPolicy(level, scp))}>{ format!("+ {}", kind.to_ascii_uppercase()) }</button>
        </div>
    }
}
