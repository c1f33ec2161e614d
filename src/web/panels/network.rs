//! The network tab of the stack panel: the scenario's VPC as tables to edit — the workloads and
//! who calls from them, route tables, network ACL rules (sorted by number, the implicit `*` deny
//! last), security group rules, interface and gateway endpoints — and the whole network as JSON.
//! Every cell is typed as text; a value that cannot be applied stays in its field with the
//! reason next to it (`scenario::network_edits::NetworkForm`). Without a network: a starter one.

use yew::html::Scope;
use yew::prelude::*;

use crate::engine::Span;
use crate::network::Network;
use crate::scenario::network_edits::{
    cell_text, Direction, IdList, NaclColumn, NetCell, NetEdit, RouteColumn, SgColumn,
};
use crate::web::app::{App, Msg};
use crate::web::controls::{checked, input_value, select_value};
use crate::web::editor::{Mark, PolicyEditor};

/// A stable element id for a cell (its error message is described by it).
fn cell_id(cell: NetCell) -> String {
    match cell {
        NetCell::Route {
            table,
            route,
            column,
        } => format!("net-route-{table}-{route}-{column:?}"),
        NetCell::Nacl {
            nacl,
            dir,
            rule,
            column,
        } => format!("net-nacl-{nacl}-{}-{rule}-{column:?}", dir.as_str()),
        NetCell::Sg {
            group,
            dir,
            rule,
            column,
        } => format!("net-sg-{group}-{}-{rule}-{column:?}", dir.as_str()),
        NetCell::Ids { list, item } => format!("net-ids-{list:?}-{item}"),
    }
    .to_ascii_lowercase()
}

/// How a cell's input sends its text: on every keystroke, or when the field is left (a rule
/// number, whose row moves to its place in the order).
#[derive(Clone, Copy, PartialEq)]
enum Commit {
    Input,
    Change,
}

/// A text cell: the document's value, or the text that could not be applied with its reason.
fn text_cell(
    app: &App,
    link: &Scope<App>,
    net: &Network,
    cell: NetCell,
    label: String,
    size: u32,
    commit: Commit,
) -> Html {
    let draft = app.state.network.draft(cell);
    let value = match draft {
        Some(d) => d.text.clone(),
        None => cell_text(net, cell).unwrap_or_default(),
    };
    let id = cell_id(cell);
    let message_id = format!("{id}-error");
    let (oninput, onchange) = match commit {
        Commit::Input => (
            Some(link.callback(move |e: InputEvent| Msg::NetworkCell(cell, input_value(&e)))),
            None,
        ),
        Commit::Change => (
            None,
            Some(link.callback(move |e: Event| {
                let el: web_sys::HtmlInputElement = e.target_unchecked_into();
                Msg::NetworkCell(cell, el.value())
            })),
        ),
    };
    html! {
        <>
            <input type="text" {id} aria-label={label} value={value} size={size.to_string()}
                class={classes!("net-cell", draft.is_some().then_some("invalid"))}
                aria-invalid={if draft.is_some() { "true" } else { "false" }}
                aria-describedby={draft.is_some().then(|| message_id.clone())}
                {oninput} {onchange} />
            if let Some(d) = draft {
                <span class="field-error" id={message_id} data-testid="network-cell-error">{ &d.message }</span>
            }
        </>
    }
}

/// A `<select>` cell whose options are the values themselves.
fn select_cell(
    link: &Scope<App>,
    net: &Network,
    cell: NetCell,
    label: String,
    options: &[(&'static str, &'static str)],
) -> Html {
    let now = cell_text(net, cell).unwrap_or_default();
    html! {
        <select aria-label={label} onchange={link.callback(move |e: Event| Msg::NetworkCell(cell, select_value(&e)))}>
            { for options.iter().map(|(value, words)| html! {
                <option value={*value} selected={now == *value}>{ *words }</option>
            }) }
        </select>
    }
}

/// A remove button for one row.
fn remove_button(link: &Scope<App>, edit: NetEdit, label: String) -> Html {
    html! {
        <button type="button" class="remove" aria-label={label} title="remove this row"
            onclick={link.callback(move |_| Msg::Network(edit.clone()))}>{ "remove" }</button>
    }
}

/// The network tab.
pub fn view(app: &App, link: &Scope<App>) -> Html {
    let ws = &app.state.ws;
    let Some(net) = ws.network() else {
        return html! {
            <div class="network" data-testid="network-panel">
                <p class="hint">{ "This scenario has no network: every call goes as the request context says (through the endpoint or over the internet). Add a network to say where calls start from — a workload in a VPC subnet — and which way they take: DNS, routes, security groups, network ACLs and VPC endpoints." }</p>
                <button type="button" class="add" data-testid="network-add" onclick={link.callback(|_| Msg::Network(NetEdit::AddStarter))}>{ "Add a network" }</button>
                <p class="hint">{ "It starts small: one private subnet, the SageMaker API's interface endpoint with private DNS, and a notebook workload. A principal then calls from it when you choose the workload in its details." }</p>
            </div>
        };
    };
    html! {
        <div class="network" data-testid="network-panel">
            <p class="hint">
                { format!("VPC {} ({}) in {}. Principals call from a workload when you choose it in their details (principals panel, above).", net.vpc.id, net.vpc.cidr, net.region) }
            </p>
            <button type="button" class="remove" data-testid="network-remove" onclick={link.callback(|_| Msg::Network(NetEdit::Remove))}>{ "Remove the network" }</button>
            { workloads(app, link, net) }
            { route_tables(app, link, net) }
            { nacls(app, link, net) }
            { security_groups(app, link, net) }
            { endpoints(app, link, net) }
            { json_editor(app, link) }
        </div>
    }
}

/// The workloads: where each is, and which principals call from it.
fn workloads(app: &App, link: &Scope<App>, net: &Network) -> Html {
    let ws = &app.state.ws;
    html! {
        <section class="net-section" aria-labelledby="net-workloads">
            <h3 id="net-workloads">{ "Workloads" }</h3>
            if net.workloads.is_empty() {
                <p class="hint">{ "No workload: add one in the JSON below." }</p>
            } else {
                <table class="net-table" data-testid="workloads">
                    <thead><tr>
                        <th scope="col">{ "Name" }</th><th scope="col">{ "Kind" }</th><th scope="col">{ "Subnet" }</th><th scope="col">{ "AZ" }</th>
                        <th scope="col">{ "Private IP" }</th><th scope="col">{ "Security groups" }</th><th scope="col">{ "Principals calling from it" }</th>
                    </tr></thead>
                    <tbody>
                        { for net.workloads.iter().enumerate().map(|(i, w)| {
                            let az = net.subnets.iter().find(|s| s.id == w.subnet).map_or("(no such subnet)", |s| s.az.as_str());
                            let callers = ws.principals_calling_from(&w.name);
                            html! {
                                <tr data-testid="network-workload" data-workload={w.name.clone()}>
                                    <th scope="row">{ &w.name }</th>
                                    <td>{ w.kind.words() }</td>
                                    <td><code>{ &w.subnet }</code></td>
                                    <td>{ az }</td>
                                    <td><code>{ w.private_ip.to_string() }</code></td>
                                    <td>{ text_cell(app, link, net, NetCell::Ids { list: IdList::WorkloadGroups, item: i }, format!("security groups of workload {}", w.name), 24, Commit::Input) }</td>
                                    <td>{ if callers.is_empty() { "none".to_string() } else { callers.join(", ") } }</td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
            }
        </section>
    }
}

/// The subnets that use a component: `subnet-a, subnet-b`, or `no subnet`.
fn subnets_using(net: &Network, uses: impl Fn(&crate::network::Subnet) -> bool) -> String {
    let ids: Vec<&str> = net
        .subnets
        .iter()
        .filter(|s| uses(s))
        .map(|s| s.id.as_str())
        .collect();
    if ids.is_empty() {
        "no subnet".into()
    } else {
        ids.join(", ")
    }
}

/// The route tables: the implicit local route, then each route with its destination and target.
fn route_tables(app: &App, link: &Scope<App>, net: &Network) -> Html {
    html! {
        <section class="net-section" aria-labelledby="net-routes">
            <h3 id="net-routes">{ "Route tables" }</h3>
            <p class="hint">{ "The most specific destination wins; the local route covers the VPC. A destination is a range or a prefix list (pl-…); a target an internet gateway (igw-…), a NAT gateway (nat-…) or a gateway endpoint (vpce-…)." }</p>
            { for net.route_tables.iter().enumerate().map(|(t, table)| {
                let main = table.main;
                let subnets = subnets_using(net, |s| s.route_table.as_deref() == Some(table.id.as_str()) || (main && s.route_table.is_none()));
                let caption = format!("{}{} · {}", table.id, if main { " (main)" } else { "" }, subnets);
                html! {
                    <table class="net-table" data-testid="route-table" data-id={table.id.clone()}>
                        <caption>{ caption }</caption>
                        <thead><tr><th scope="col">{ "Destination" }</th><th scope="col">{ "Target" }</th><th scope="col"><span class="sr-only">{ "Row" }</span></th></tr></thead>
                        <tbody>
                            <tr class="implicit"><td><code>{ net.vpc.cidr.to_string() }</code></td><td>{ "local (implicit)" }</td><td></td></tr>
                            { for table.routes.iter().enumerate().map(|(r, _)| {
                                let cell = |column| NetCell::Route { table: t, route: r, column };
                                html! {
                                    <tr data-testid="route">
                                        <td>{ text_cell(app, link, net, cell(RouteColumn::Destination), format!("destination of route {} of {}", r + 1, table.id), 18, Commit::Input) }</td>
                                        <td>{ text_cell(app, link, net, cell(RouteColumn::Target), format!("target of route {} of {}", r + 1, table.id), 18, Commit::Input) }</td>
                                        <td>{ remove_button(link, NetEdit::RemoveRoute(t, r), format!("remove route {} of {}", r + 1, table.id)) }</td>
                                    </tr>
                                }
                            }) }
                        </tbody>
                        <tfoot><tr><td colspan="3">
                            <button type="button" class="add" onclick={link.callback(move |_| Msg::Network(NetEdit::AddRoute(t)))}>{ format!("+ route in {}", table.id) }</button>
                        </td></tr></tfoot>
                    </table>
                }
            }) }
        </section>
    }
}

const PROTOCOL_HINT: &str = "tcp, udp, icmp or all";

/// The network ACLs: inbound and outbound rules, lowest number first, and the `*` rule.
fn nacls(app: &App, link: &Scope<App>, net: &Network) -> Html {
    html! {
        <section class="net-section" aria-labelledby="net-nacls">
            <h3 id="net-nacls">{ "Network ACLs" }</h3>
            <p class="hint">{ "Stateless: each direction is checked, the answer too (on the workload's ephemeral ports). Lowest number first; the first rule that matches decides; nothing matching is denied (the * rule). A rule number is applied when you leave its field." }</p>
            if net.nacls.is_empty() {
                <p class="hint">{ "None listed: AWS's default network ACL, which allows all traffic both ways." }</p>
            }
            { for net.nacls.iter().enumerate().map(|(n, nacl)| {
                let default = nacl.default;
                let subnets = subnets_using(net, |s| s.nacl.as_deref() == Some(nacl.id.as_str()) || (default && s.nacl.is_none()));
                html! {
                    <div class="net-component" data-testid="nacl" data-id={nacl.id.clone()}>
                        <h4>{ format!("{}{} · {}", nacl.id, if default { " (default)" } else { "" }, subnets) }</h4>
                        <div class="net-directions">
                        { for [Direction::Inbound, Direction::Outbound].into_iter().map(|dir| {
                            let rules = if dir == Direction::Inbound { &nacl.inbound } else { &nacl.outbound };
                            let mut order: Vec<usize> = (0..rules.len()).collect();
                            crate::text::sort_stable_by(&mut order, |&a, &b| rules[a].number.cmp(&rules[b].number));
                            let other = if dir == Direction::Inbound { "Source" } else { "Destination" };
                            let id = nacl.id.clone();
                            html! {
                                <table class="net-table" data-testid="nacl-rules" data-direction={dir.as_str()}>
                                    <caption>{ format!("{} rules of {}", if dir == Direction::Inbound { "Inbound" } else { "Outbound" }, nacl.id) }</caption>
                                    <thead><tr>
                                        <th scope="col">{ "Rule #" }</th><th scope="col">{ "Protocol" }</th><th scope="col">{ "Ports" }</th>
                                        <th scope="col">{ other }</th><th scope="col">{ "Allow/Deny" }</th><th scope="col"><span class="sr-only">{ "Row" }</span></th>
                                    </tr></thead>
                                    <tbody>
                                        { for order.into_iter().map(|r| {
                                            let cell = |column| NetCell::Nacl { nacl: n, dir, rule: r, column };
                                            let number = rules[r].number;
                                            let what = format!("{} rule {number} of {id}", dir.as_str());
                                            html! {
                                                <tr data-testid="nacl-rule" data-rule={number.to_string()} data-action={if rules[r].allow { "allow" } else { "deny" }} key={r}>
                                                    <td>{ text_cell(app, link, net, cell(NaclColumn::Number), format!("number of {what}"), 5, Commit::Change) }</td>
                                                    <td>{ text_cell(app, link, net, cell(NaclColumn::Protocol), format!("protocol of {what} ({PROTOCOL_HINT})"), 4, Commit::Input) }</td>
                                                    <td>{ text_cell(app, link, net, cell(NaclColumn::Ports), format!("ports of {what}"), 9, Commit::Input) }</td>
                                                    <td>{ text_cell(app, link, net, cell(NaclColumn::Cidr), format!("{} range of {what}", other.to_lowercase()), 14, Commit::Input) }</td>
                                                    <td>{ select_cell(link, net, cell(NaclColumn::Action), format!("allow or deny, {what}"), &[("allow", "Allow"), ("deny", "Deny")]) }</td>
                                                    <td>{ remove_button(link, NetEdit::RemoveNaclRule(n, dir, r), format!("remove {what}")) }</td>
                                                </tr>
                                            }
                                        }) }
                                        <tr class="implicit" data-testid="nacl-rule" data-rule="*" data-action="deny">
                                            <td>{ "*" }</td><td>{ "all" }</td><td>{ "all" }</td><td><code>{ "0.0.0.0/0" }</code></td><td>{ "Deny" }</td><td class="hint">{ "implicit" }</td>
                                        </tr>
                                    </tbody>
                                    <tfoot><tr><td colspan="6">
                                        <button type="button" class="add" onclick={link.callback(move |_| Msg::Network(NetEdit::AddNaclRule(n, dir)))}>{ format!("+ {} rule in {}", dir.as_str(), nacl.id) }</button>
                                    </td></tr></tfoot>
                                </table>
                            }
                        }) }
                        </div>
                    </div>
                }
            }) }
        </section>
    }
}

/// The security groups: ingress and egress rules (protocol, ports, peer).
fn security_groups(app: &App, link: &Scope<App>, net: &Network) -> Html {
    html! {
        <section class="net-section" aria-labelledby="net-sgs">
            <h3 id="net-sgs">{ "Security groups" }</h3>
            <p class="hint">{ "Allow rules only, and stateful: the answer to allowed traffic is allowed. A peer is an IP range, the resources carrying a security group, or a prefix list." }</p>
            { for net.security_groups.iter().enumerate().map(|(g, group)| html! {
                <div class="net-component" data-testid="security-group" data-id={group.id.clone()}>
                    <h4>{ &group.id }</h4>
                    <div class="net-directions">
                    { for [Direction::Inbound, Direction::Outbound].into_iter().map(|dir| {
                        let (rules, name) = if dir == Direction::Inbound { (&group.ingress, "ingress") } else { (&group.egress, "egress") };
                        let id = group.id.clone();
                        html! {
                            <table class="net-table" data-testid="sg-rules" data-direction={name}>
                                <caption>{ format!("{} rules of {}", if dir == Direction::Inbound { "Ingress" } else { "Egress" }, group.id) }</caption>
                                <thead><tr>
                                    <th scope="col">{ "Protocol" }</th><th scope="col">{ "Ports" }</th>
                                    <th scope="col">{ if dir == Direction::Inbound { "Source kind" } else { "Destination kind" } }</th>
                                    <th scope="col">{ if dir == Direction::Inbound { "Source" } else { "Destination" } }</th>
                                    <th scope="col"><span class="sr-only">{ "Row" }</span></th>
                                </tr></thead>
                                <tbody>
                                    if rules.is_empty() {
                                        <tr class="implicit"><td colspan="5">{ format!("No {name} rule: nothing is allowed {}.", if dir == Direction::Inbound { "in" } else { "out" }) }</td></tr>
                                    }
                                    { for (0..rules.len()).map(|r| {
                                        let cell = |column| NetCell::Sg { group: g, dir, rule: r, column };
                                        let what = format!("{name} rule {} of {id}", r + 1);
                                        html! {
                                            <tr data-testid="sg-rule">
                                                <td>{ text_cell(app, link, net, cell(SgColumn::Protocol), format!("protocol of {what} ({PROTOCOL_HINT})"), 4, Commit::Input) }</td>
                                                <td>{ text_cell(app, link, net, cell(SgColumn::Ports), format!("ports of {what}"), 10, Commit::Input) }</td>
                                                <td>{ select_cell(link, net, cell(SgColumn::PeerKind), format!("peer kind of {what}"), &[("cidr", "IP range"), ("group", "security group"), ("prefixList", "prefix list")]) }</td>
                                                <td>{ text_cell(app, link, net, cell(SgColumn::Peer), format!("peer of {what}"), 16, Commit::Input) }</td>
                                                <td>{ remove_button(link, NetEdit::RemoveSgRule(g, dir, r), format!("remove {what}")) }</td>
                                            </tr>
                                        }
                                    }) }
                                </tbody>
                                <tfoot><tr><td colspan="5">
                                    <button type="button" class="add" onclick={link.callback(move |_| Msg::Network(NetEdit::AddSgRule(g, dir)))}>{ format!("+ {name} rule in {}", group.id) }</button>
                                </td></tr></tfoot>
                            </table>
                        }
                    }) }
                    </div>
                </div>
            }) }
        </section>
    }
}

/// The interface endpoints (subnets, security groups, private DNS) and gateway endpoints (route
/// tables).
fn endpoints(app: &App, link: &Scope<App>, net: &Network) -> Html {
    html! {
        <section class="net-section" aria-labelledby="net-endpoints">
            <h3 id="net-endpoints">{ "VPC endpoints" }</h3>
            if net.interface_endpoints.is_empty() && net.gateway_endpoints.is_empty() {
                <p class="hint">{ "No VPC endpoint: calls leave the VPC through a NAT or internet gateway, if a route leads to one." }</p>
            }
            if !net.interface_endpoints.is_empty() {
                <table class="net-table" data-testid="interface-endpoints">
                    <caption>{ "Interface endpoints (AWS PrivateLink)" }</caption>
                    <thead><tr>
                        <th scope="col">{ "Id" }</th><th scope="col">{ "Service" }</th><th scope="col">{ "Subnets (interface address)" }</th>
                        <th scope="col">{ "Security groups" }</th><th scope="col">{ "Private DNS" }</th>
                    </tr></thead>
                    <tbody>
                        { for net.interface_endpoints.iter().enumerate().map(|(i, e)| {
                            let id = e.id.clone();
                            let interfaces: Vec<String> = e.interfaces.iter().map(|i| format!("{} ({})", i.subnet, i.ip)).collect();
                            html! {
                                <tr data-testid="interface-endpoint" data-id={e.id.clone()}>
                                    <th scope="row"><code>{ &e.id }</code></th>
                                    <td><code>{ &e.service }</code></td>
                                    <td><code>{ interfaces.join(", ") }</code></td>
                                    <td>{ text_cell(app, link, net, NetCell::Ids { list: IdList::EndpointGroups, item: i }, format!("security groups of endpoint {}", e.id), 24, Commit::Input) }</td>
                                    <td><input type="checkbox" data-testid="network-private-dns" checked={e.private_dns}
                                        aria-label={format!("private DNS of {}: the service's default name resolves to it inside the VPC", e.id)}
                                        onchange={link.callback(move |ev: Event| Msg::Network(NetEdit::PrivateDns(id.clone(), checked(&ev))))} /></td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
            }
            if !net.gateway_endpoints.is_empty() {
                <table class="net-table" data-testid="gateway-endpoints">
                    <caption>{ "Gateway endpoints (a route to the service's prefix list in each route table)" }</caption>
                    <thead><tr><th scope="col">{ "Id" }</th><th scope="col">{ "Service" }</th><th scope="col">{ "Route tables" }</th></tr></thead>
                    <tbody>
                        { for net.gateway_endpoints.iter().enumerate().map(|(i, g)| html! {
                            <tr data-testid="gateway-endpoint" data-id={g.id.clone()}>
                                <th scope="row"><code>{ &g.id }</code></th>
                                <td><code>{ &g.service }</code></td>
                                <td>{ text_cell(app, link, net, NetCell::Ids { list: IdList::GatewayRouteTables, item: i }, format!("route tables of gateway endpoint {}", g.id), 24, Commit::Input) }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            }
        </section>
    }
}

/// The whole network as JSON: replaced when the text reads, the error located otherwise.
fn json_editor(app: &App, link: &Scope<App>) -> Html {
    let form = &app.state.network;
    let text = form.json_text(&app.state.ws);
    let error = form.json_error();
    let marks = error
        .map(|e| {
            let start = e.span.start.min(text.len().saturating_sub(1));
            vec![Mark {
                span: Span::new(start, (start + 1).min(text.len())),
                class: "error",
            }]
        })
        .unwrap_or_default();
    html! {
        <section class="net-section" aria-labelledby="net-json">
            <h3 id="net-json">{ "The network as JSON" }</h3>
            <PolicyEditor
                id="network-json"
                testid="network-json"
                label="Network (the JSON of a simulate case's network)"
                rows={14}
                hint="Everything the tables show and more (subnets, prefix lists, NAT and internet gateways). Applied as soon as it reads."
                text={text}
                marks={marks}
                complete_actions={false}
                oninput={link.callback(Msg::NetworkJson)}
            />
            if let Some(e) = error {
                <p class="banner error" data-testid="network-json-error" role="status">
                    { format!("Not applied — line {}, column {}: {}", e.located.line, e.located.column, e.located.message) }
                </p>
            }
        </section>
    }
}
