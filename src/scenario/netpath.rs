//! The network path of a principal's calls: a principal whose `workload` names a workload of the
//! scenario's network makes its calls from there, and the path of each call (per workload and
//! service, worked out once per network) decides whether it arrives, through which endpoint, and
//! with which request context. The grid, the expectations, the pivot and the explanations all
//! route a cell through [`Workspace::reach`].

use std::cell::RefCell;
use std::rc::Rc;

use super::requests::Route;
use super::*;
use crate::network::{self, HopKind, Network, Path, Way};

/// The paths of the workloads' calls for one network, worked out when first asked for.
#[derive(Debug)]
pub(super) struct PathTable {
    /// The network they hold for.
    network: Network,
    /// (workload, service, its path), in the order first asked for; a route's `path` is a
    /// position here.
    entries: RefCell<Vec<(String, String, Rc<Path>)>>,
}

/// The service a path stands for in the grid: `service` itself when an interface endpoint, a
/// gateway endpoint or a prefix list of the network names it; otherwise every such service takes
/// the same way (public name, the same routes and rules to the same public address), so one path
/// stands for all of them (the grid of every action asks for hundreds of services per workload).
/// Explanations work out the path of the service itself ([`Workspace::call_path`]).
fn path_key<'s>(net: &Network, service: &'s str) -> &'s str {
    let named = |name: &str| name.eq_ignore_ascii_case(service);
    let known = net.interface_endpoints.iter().any(|e| named(&e.service))
        || net.gateway_endpoints.iter().any(|g| named(&g.service))
        || net.prefix_lists.iter().any(|p| named(&p.name));
    if known {
        service
    } else {
        PUBLIC_SERVICE
    }
}

/// The stand-in service name of [`path_key`]: no endpoint or prefix list can be named so.
const PUBLIC_SERVICE: &str = "(a service without an endpoint or a prefix list in this VPC)";

impl PathTable {
    /// The position of the path of `workload`'s calls to `service`, worked out if new (one
    /// path per workload for every service the network names nowhere: see [`path_key`]).
    fn index(&self, workload: &str, service: &str) -> u32 {
        let service = path_key(&self.network, service);
        let mut entries = self.entries.borrow_mut();
        if let Some(i) = entries
            .iter()
            .position(|(w, s, _)| w == workload && s == service)
        {
            return i as u32;
        }
        let path = network::path(&self.network, workload, service);
        entries.push((workload.to_string(), service.to_string(), Rc::new(path)));
        (entries.len() - 1) as u32
    }

    /// The path at `index` with its workload's name.
    pub(super) fn get(&self, index: u32) -> Option<(String, Rc<Path>)> {
        self.entries
            .borrow()
            .get(index as usize)
            .map(|(w, _, p)| (w.clone(), p.clone()))
    }

    /// The network.
    pub(super) fn network(&self) -> &Network {
        &self.network
    }
}

/// What the network does to one principal's calls of one service.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum NetReach {
    /// The calls arrive through this scenario endpoint (or none: over a gateway, or through an
    /// endpoint the scenario has no policy for), along the path at this position of the table.
    Arrives {
        /// The scenario endpoint whose policy applies.
        endpoint: Option<usize>,
        /// The path's position in the [`PathTable`].
        path: u32,
    },
    /// The hop that stops them.
    Stopped(HopKind),
}

impl NetReach {
    /// Where a call along `route` ends once the network (if any) has had its say.
    pub(super) fn apply(net: Option<NetReach>, route: Route) -> Reach {
        match net {
            None => Reach::Arrives(route),
            Some(NetReach::Stopped(hop)) => Reach::Stopped(hop),
            Some(NetReach::Arrives { endpoint, path }) => Reach::Arrives(Route {
                endpoint,
                path: Some(path),
                ..route
            }),
        }
    }
}

/// Where a cell's call ends: it arrives along a route, or a hop of its path stops it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Reach {
    /// The call reaches AWS along this route (for a principal without a workload, the route
    /// the context's `viaEndpoint` gives).
    Arrives(Route),
    /// The hop that stops the call.
    Stopped(HopKind),
}

impl Workspace {
    /// The paths of the current network (`None` without one), kept while it is unchanged.
    pub(super) fn paths(&self) -> Option<Rc<PathTable>> {
        let net = self.scenario.network.as_ref()?;
        let mut cached = self.paths.borrow_mut();
        match cached.as_ref() {
            Some(t) if t.network == *net => Some(t.clone()),
            _ => {
                let table = Rc::new(PathTable {
                    network: net.clone(),
                    entries: RefCell::new(Vec::new()),
                });
                *cached = Some(table.clone());
                Some(table)
            }
        }
    }

    /// The workload principal `p` calls from, when the scenario has a network and the principal
    /// names one (a name the network does not know still counts: its path says so).
    pub(super) fn workload_of(&self, p: usize) -> Option<&str> {
        self.scenario.network.as_ref()?;
        let w = self.scenario.principals.get(p)?.workload.as_str();
        (!w.trim().is_empty()).then_some(w)
    }

    /// Where principal `p`'s call for `action` ends, given the `route` every principal without a
    /// workload takes. A principal calling from a workload takes its path instead: through the
    /// scenario endpoint whose id is the endpoint the path goes through (AWS's default policy
    /// when the scenario has none of that id), or over a NAT or internet gateway (no endpoint
    /// policy).
    pub(super) fn reach(
        &self,
        table: Option<&PathTable>,
        p: usize,
        action: &str,
        route: Route,
    ) -> Reach {
        let prefix = action.split(':').next().unwrap_or_default();
        NetReach::apply(self.net_reach(table, p, prefix), route)
    }

    /// What the network does to principal `p`'s calls of IAM service `prefix` (the same for
    /// every action of the service: the grid works it out once per column and service). `None`
    /// for a principal that calls from no workload.
    pub(super) fn net_reach(
        &self,
        table: Option<&PathTable>,
        p: usize,
        prefix: &str,
    ) -> Option<NetReach> {
        let (table, workload) = (table?, self.workload_of(p)?);
        let service = network::service_for(table.network(), prefix);
        let index = table.index(workload, &service);
        let (_, path) = table.get(index)?;
        if !path.arrives() {
            let hop = path.blocked_at().map_or(HopKind::Route, |h| h.kind);
            return Some(NetReach::Stopped(hop));
        }
        let endpoint = match &path.way {
            Some(Way::InterfaceEndpoint { endpoint, .. } | Way::GatewayEndpoint { endpoint }) => {
                self.scenario
                    .endpoints
                    .iter()
                    .position(|e| e.id == *endpoint)
            }
            _ => None,
        };
        Some(NetReach::Arrives {
            endpoint,
            path: index,
        })
    }

    /// The table a route's path position points into: the one [`Workspace::paths`] last gave,
    /// not compared with the network again (only [`Workspace::reach`] and
    /// [`Workspace::net_reach`] make such positions, from that table, for the decision at hand).
    fn table_of_routes(&self) -> Option<Rc<PathTable>> {
        self.paths.borrow().clone()
    }

    /// The type of the endpoint a call along `route` goes through, as its path says (`None`
    /// without a path or over a gateway).
    pub(super) fn path_endpoint_type(&self, route: Route) -> Option<EndpointType> {
        let (_, path) = self.table_of_routes()?.get(route.path?)?;
        match path.way {
            Some(Way::InterfaceEndpoint { .. }) => Some(EndpointType::Interface),
            Some(Way::GatewayEndpoint { .. }) => Some(EndpointType::Gateway),
            _ => None,
        }
    }

    /// The request-context keys the path of `route` sets (empty without a path).
    pub(super) fn path_context(&self, route: Route) -> Vec<(&'static str, String)> {
        let Some(table) = self.table_of_routes() else {
            return Vec::new();
        };
        let Some((workload, path)) = route.path.and_then(|i| table.get(i)) else {
            return Vec::new();
        };
        let net = table.network();
        match net.workloads.iter().find(|w| w.name == workload) {
            Some(w) => path.context(net, w),
            None => Vec::new(),
        }
    }

    /// The path of principal `p`'s call for `action`, with where it starts: `None` when the
    /// principal calls from no workload.
    pub fn call_path(&self, p: PrincipalId, action: &str) -> Option<CallPath> {
        let p = self.principal_position(p)?;
        let workload = self.workload_of(p)?.to_string();
        let table = self.paths()?;
        let net = table.network();
        let prefix = action.split(':').next().unwrap_or_default();
        let service = network::service_for(net, prefix);
        // The service's own path (the table's may stand for every service without an endpoint).
        let path = network::path(net, &workload, &service);
        let w = net.workloads.iter().find(|w| w.name == workload);
        let subnet = w.and_then(|w| net.subnets.iter().find(|s| s.id == w.subnet));
        let rules = path
            .hops
            .iter()
            .map(|h| hop_rules(net, w, &service, h))
            .collect();
        Some(CallPath {
            rules,
            region: net.region.clone(),
            az: subnet.map(|s| s.az.clone()).unwrap_or_default(),
            vpc: net.vpc.id.clone(),
            subnet: w.map(|w| w.subnet.clone()).unwrap_or_default(),
            security_groups: w.map(|w| w.security_groups.clone()).unwrap_or_default(),
            workload,
            service,
            path,
        })
    }
}

/// The path of one call from a workload, as an explanation shows it: where the call starts (the
/// note's layers: Region and Availability Zone, VPC, subnet, security groups) and each hop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallPath {
    /// The workload the call starts from.
    pub workload: String,
    /// The Region.
    pub region: String,
    /// The workload's subnet's Availability Zone.
    pub az: String,
    /// The VPC's id.
    pub vpc: String,
    /// The workload's subnet.
    pub subnet: String,
    /// The workload's security groups.
    pub security_groups: Vec<String>,
    /// The service name the call is addressed to.
    pub service: String,
    /// The hops of the network, in order.
    pub path: Path,
    /// The configuration each hop of `path` read (same order): what selecting the hop shows.
    pub rules: Vec<HopRules>,
}

/// The configuration one hop read: a network ACL's rules in one direction, security group
/// rules, a route table's routes, the name resolution settings.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HopRules {
    /// What they are (`network ACL acl-1, outbound`).
    pub title: String,
    /// One line per rule, in the order they are read.
    pub lines: Vec<RuleLine>,
}

/// One rule, in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleLine {
    /// `100 · tcp · port 443 · 10.0.0.0/16 · allow`.
    pub text: String,
    /// True for the rule that decided the hop (network ACLs: the rule number the hop names).
    pub decided: bool,
}

/// The configuration `hop` read, in words (empty lines when it read none).
fn hop_rules(
    net: &Network,
    w: Option<&network::Workload>,
    service: &str,
    hop: &network::Hop,
) -> HopRules {
    use network::{Destination, Peer, Target};
    let line = |text: String, decided: bool| RuleLine { text, decided };
    let nacl = |id: &str, inbound: bool| {
        let Some(acl) = net.nacls.iter().find(|a| a.id == id) else {
            return Vec::new();
        };
        let mut rules: Vec<&network::NaclRule> = if inbound {
            acl.inbound.iter().collect()
        } else {
            acl.outbound.iter().collect()
        };
        crate::text::sort_stable_by(&mut rules, |a, b| a.number.cmp(&b.number));
        let mut lines: Vec<RuleLine> = rules
            .iter()
            .map(|r| {
                line(
                    format!(
                        "{} · {} · {} · {} · {}",
                        r.number,
                        r.protocol.as_str(),
                        r.ports,
                        r.cidr,
                        if r.allow { "allow" } else { "deny" }
                    ),
                    hop.rule == Some(r.number) && hop.component.as_deref() == Some(id),
                )
            })
            .collect();
        lines.push(line(
            "* · all · all ports · 0.0.0.0/0 · deny".into(),
            hop.code == "NACL_NO_RULE" && hop.component.as_deref() == Some(id),
        ));
        lines
    };
    let sg_lines = |ids: &[String], ingress: bool| {
        let mut lines = Vec::new();
        for id in ids {
            let Some(g) = net.security_groups.iter().find(|g| g.id == *id) else {
                lines.push(line(format!("{id}: no such security group"), false));
                continue;
            };
            let rules = if ingress { &g.ingress } else { &g.egress };
            if rules.is_empty() {
                lines.push(line(format!("{id}: no rule"), false));
            }
            for r in rules {
                let peer = match &r.peer {
                    Peer::Cidr(c) => c.to_string(),
                    Peer::Group(g) => format!("security group {g}"),
                    Peer::PrefixList(p) => format!("prefix list {p}"),
                };
                lines.push(line(
                    format!(
                        "{id} · {} · {} · {} {peer}",
                        r.protocol.as_str(),
                        r.ports,
                        if ingress { "from" } else { "to" }
                    ),
                    false,
                ));
            }
        }
        lines
    };
    match hop.kind {
        HopKind::Dns => {
            let endpoint = net
                .interface_endpoints
                .iter()
                .find(|e| e.service.eq_ignore_ascii_case(service));
            let mut lines = vec![
                line(
                    format!(
                        "VPC {}: DNS resolution {}, DNS hostnames {}",
                        net.vpc.id,
                        on_off(net.vpc.dns_support),
                        on_off(net.vpc.dns_hostnames)
                    ),
                    false,
                ),
                line(format!("service: {service}"), false),
            ];
            lines.push(match endpoint {
                Some(e) => line(
                    format!(
                        "interface endpoint {}: private DNS {}",
                        e.id,
                        on_off(e.private_dns)
                    ),
                    true,
                ),
                None => line("no interface endpoint serves this service".into(), true),
            });
            HopRules {
                title: "Name resolution".into(),
                lines,
            }
        }
        HopKind::Route => {
            let subnet = w.and_then(|w| net.subnets.iter().find(|s| s.id == w.subnet));
            let table = subnet
                .and_then(|s| s.route_table.as_deref())
                .and_then(|id| net.route_tables.iter().find(|t| t.id == id))
                .or_else(|| net.route_tables.iter().find(|t| t.main));
            let Some(table) = table else {
                return HopRules {
                    title: "Route table: none".into(),
                    lines: vec![line(format!("{} → local", net.vpc.cidr), false)],
                };
            };
            let mut lines = vec![line(format!("{} → local", net.vpc.cidr), false)];
            lines.extend(table.routes.iter().map(|r| {
                let destination = match &r.destination {
                    Destination::Cidr(c) => c.to_string(),
                    Destination::PrefixList(p) => p.clone(),
                };
                let target = match &r.target {
                    Target::InternetGateway(id)
                    | Target::NatGateway(id)
                    | Target::GatewayEndpoint(id) => id.clone(),
                };
                line(format!("{destination} → {target}"), false)
            }));
            for g in &net.gateway_endpoints {
                if g.route_tables.contains(&table.id) {
                    lines.push(line(
                        format!("{} (prefix list) → {} (gateway endpoint)", g.service, g.id),
                        false,
                    ));
                }
            }
            HopRules {
                title: format!("Route table {}", table.id),
                lines,
            }
        }
        HopKind::SecurityGroupEgress => HopRules {
            title: "The workload's security groups, outbound".into(),
            lines: sg_lines(w.map_or(&[][..], |w| &w.security_groups), false),
        },
        HopKind::EndpointSecurityGroup => {
            let groups = net
                .interface_endpoints
                .iter()
                .find(|e| e.service.eq_ignore_ascii_case(service))
                .map_or(&[][..], |e| &e.security_groups);
            HopRules {
                title: "The endpoint's security groups, inbound".into(),
                lines: sg_lines(groups, true),
            }
        }
        HopKind::NaclOutbound | HopKind::NaclInbound | HopKind::Return => {
            let Some(id) = hop.component.as_deref() else {
                return HopRules {
                    title: "No network ACL decided this hop".into(),
                    lines: Vec::new(),
                };
            };
            let inbound = hop.inbound.unwrap_or(hop.kind == HopKind::NaclInbound);
            let known = net.nacls.iter().any(|a| a.id == id);
            let direction = if inbound { "inbound" } else { "outbound" };
            HopRules {
                title: if known {
                    format!("Network ACL {id}, {direction}")
                } else {
                    format!("Network ACL {id} (the default: allows all traffic)")
                },
                lines: nacl(id, inbound),
            }
        }
    }
}

fn on_off(on: bool) -> &'static str {
    if on {
        "on"
    } else {
        "off"
    }
}

/// One hop of a call as the page draws it: the network's hops, then the policies'
/// (`endpoint-policy` when the call goes through an endpoint, `identity` for the rest of the
/// policy stack), for a call that arrives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HopView {
    /// `dns`, `route`, `security-group-egress`, `nacl-outbound`, `nacl-inbound`,
    /// `endpoint-security-group`, `return`, `endpoint-policy` or `identity` (`data-hop`).
    pub hop: &'static str,
    /// True when the call passes it.
    pub pass: bool,
    /// The stable code of what decided (the network's codes; `ENDPOINT_POLICY_ALLOWS`,
    /// `ENDPOINT_POLICY_DENIES`, `POLICIES_ALLOW`, `POLICIES_DENY` for the policies).
    pub code: &'static str,
    /// The component that decided (`sg-…`, `acl-…`, an endpoint), if one did.
    pub component: Option<String>,
    /// The network ACL rule number that decided, if one did.
    pub rule: Option<u16>,
    /// What happened, in plain words.
    pub detail: String,
    /// The configuration it read (none for the policy hops: their statements are in the
    /// explanation).
    pub rules: HopRules,
}

impl Explanation {
    /// Every hop of the explained call, network then policies (empty when the principal calls
    /// from no workload). The policy hops follow only a call that arrives: through an endpoint,
    /// `endpoint-policy` blocks when the endpoint policy denies (explicitly or by not allowing);
    /// `identity` blocks when any other layer does.
    pub fn hops(&self) -> Vec<HopView> {
        let Some(call) = &self.path else {
            return Vec::new();
        };
        let mut out: Vec<HopView> = call
            .path
            .hops
            .iter()
            .zip(
                call.rules
                    .iter()
                    .cloned()
                    .chain(std::iter::repeat_with(HopRules::default)),
            )
            .map(|(h, rules)| HopView {
                hop: h.kind.as_str(),
                pass: h.pass,
                code: h.code,
                component: h.component.clone(),
                rule: h.rule,
                detail: h.detail.clone(),
                rules,
            })
            .collect();
        if !call.path.arrives() {
            return out;
        }
        let e = &self.evaluation;
        let endpoint_blocks = e.blocked_by.contains(&crate::engine::Layer::Endpoint);
        let through = match &call.path.way {
            Some(Way::InterfaceEndpoint { endpoint, .. } | Way::GatewayEndpoint { endpoint }) => {
                Some(endpoint.clone())
            }
            _ => None,
        };
        if let Some(endpoint) = through {
            out.push(HopView {
                hop: "endpoint-policy",
                pass: !endpoint_blocks,
                code: if endpoint_blocks {
                    "ENDPOINT_POLICY_DENIES"
                } else {
                    "ENDPOINT_POLICY_ALLOWS"
                },
                component: Some(endpoint.clone()),
                rule: None,
                detail: if endpoint_blocks {
                    format!(
                        "the policy of endpoint `{endpoint}` does not let {} call {}",
                        self.principal_name, self.action
                    )
                } else {
                    format!(
                        "the policy of endpoint `{endpoint}` lets {} call {}",
                        self.principal_name, self.action
                    )
                },
                rules: HopRules::default(),
            });
        }
        let others = e
            .blocked_by
            .iter()
            .any(|l| *l != crate::engine::Layer::Endpoint);
        let pass = e.decision == Decision::Allowed || !others;
        out.push(HopView {
            hop: "identity",
            pass,
            code: if pass {
                "POLICIES_ALLOW"
            } else {
                "POLICIES_DENY"
            },
            component: None,
            rule: None,
            detail: if pass {
                format!(
                    "the IAM policies (and the rest of the stack) let {} call {}",
                    self.principal_name, self.action
                )
            } else {
                let layers: Vec<&str> = e
                    .blocked_by
                    .iter()
                    .filter(|l| **l != crate::engine::Layer::Endpoint)
                    .map(|l| layer_words(*l))
                    .collect();
                format!("blocked by {}", layers.join(" and "))
            },
            rules: HopRules::default(),
        });
        out
    }

    /// True when the explained call never reaches AWS (a network hop stops it).
    pub fn unreachable(&self) -> bool {
        self.path.as_ref().is_some_and(|c| !c.path.arrives())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Layer;
    use crate::scenario::tests::named;

    /// A VPC with a NAT gateway, the SageMaker API endpoint (`vpce-sm`) in a private subnet and
    /// three workloads: `notebook` reaches the endpoint, `batch` has no egress on 443, `legacy`
    /// sits behind a network ACL that drops the answers.
    const NETWORK: &str = r#"{
      "region": "us-east-1",
      "vpc": {"id": "vpc-1", "cidr": "10.0.0.0/16"},
      "subnets": [
        {"id": "subnet-public", "az": "us-east-1a", "cidr": "10.0.0.0/24", "routeTable": "rtb-public"},
        {"id": "subnet-private", "az": "us-east-1a", "cidr": "10.0.1.0/24", "routeTable": "rtb-private"},
        {"id": "subnet-legacy", "az": "us-east-1b", "cidr": "10.0.3.0/24", "routeTable": "rtb-private", "nacl": "acl-legacy"}
      ],
      "routeTables": [
        {"id": "rtb-public", "routes": [{"destination": "0.0.0.0/0", "target": "igw-1"}]},
        {"id": "rtb-private", "main": true, "routes": [{"destination": "0.0.0.0/0", "target": "nat-1"}]}
      ],
      "nacls": [{"id": "acl-legacy",
        "inbound": [{"rule": 100, "protocol": "tcp", "ports": "443", "cidr": "10.0.0.0/16", "action": "allow"}],
        "outbound": [{"rule": 100, "protocol": "all", "cidr": "0.0.0.0/0", "action": "allow"}]}],
      "securityGroups": [
        {"id": "sg-open", "egress": [{"protocol": "all", "cidr": "0.0.0.0/0"}]},
        {"id": "sg-db-only", "egress": [{"protocol": "tcp", "ports": "5432", "cidr": "10.0.0.0/16"}]},
        {"id": "sg-endpoint", "ingress": [{"protocol": "tcp", "ports": "443", "cidr": "10.0.0.0/16"}]}
      ],
      "natGateways": [{"id": "nat-1", "subnet": "subnet-public", "privateIp": "10.0.0.10", "publicIp": "198.51.100.7"}],
      "internetGateway": "igw-1",
      "interfaceEndpoints": [{"id": "vpce-sm", "service": "com.amazonaws.us-east-1.sagemaker.api",
        "interfaces": [{"subnet": "subnet-private", "ip": "10.0.1.20"}], "securityGroups": ["sg-endpoint"]}],
      "workloads": [
        {"name": "notebook", "subnet": "subnet-private", "securityGroups": ["sg-open"], "privateIp": "10.0.1.50"},
        {"name": "batch", "subnet": "subnet-private", "securityGroups": ["sg-db-only"], "privateIp": "10.0.1.60"},
        {"name": "legacy", "subnet": "subnet-legacy", "securityGroups": ["sg-open"], "privateIp": "10.0.3.70"}
      ]
    }"#;

    const ALLOW_ALL: &str = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sagemaker:*", "Resource": "*"}]}"#;

    /// Allows only calls that arrive through endpoint `vpce-sm` (an IAM condition on the
    /// context the path sets).
    const ONLY_THROUGH_ENDPOINT: &str = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sagemaker:*", "Resource": "*",
      "Condition": {"StringEquals": {"aws:SourceVpce": "vpce-sm"}}}]}"#;

    /// The endpoint policy: only `notebook-role` may call.
    const ENDPOINT: &str = r#"{"Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/notebook-role"}, "Action": "*", "Resource": "*"}]}"#;

    fn principal(name: &str, role: &str, workload: &str, policy: &str) -> PrincipalDoc {
        PrincipalDoc {
            name: name.into(),
            arn: format!("arn:aws:sts::111122223333:assumed-role/{role}/session"),
            policies: vec![PolicyDoc {
                name: "iam".into(),
                text: policy.into(),
            }],
            workload: workload.into(),
            ..PrincipalDoc::default()
        }
    }

    fn scenario() -> Scenario {
        Scenario {
            endpoints: vec![EndpointDoc {
                id: "vpce-sm".into(),
                endpoint_type: "Interface".into(),
                service: "com.amazonaws.us-east-1.sagemaker.api".into(),
                policy: ENDPOINT.into(),
            }],
            principals: vec![
                principal("notebook", "notebook-role", "notebook", ALLOW_ALL),
                principal("analyst", "analyst-role", "notebook", ALLOW_ALL),
                principal("batch", "notebook-role", "batch", ALLOW_ALL),
                principal("legacy", "notebook-role", "legacy", ALLOW_ALL),
                principal("strict", "notebook-role", "notebook", ONLY_THROUGH_ENDPOINT),
                principal("desk", "notebook-role", "", ALLOW_ALL),
            ],
            actions: "sagemaker:CreateTrainingJob".into(),
            network: Some(serde_json::from_str(NETWORK).expect("network reads")),
            ..Scenario::default()
        }
    }

    fn cell(ws: &Workspace, name: &str) -> Cell {
        let grid = ws.grid().expect("no errors");
        let id = named(ws, name);
        let column = grid
            .principals
            .iter()
            .position(|p| *p == id)
            .expect("column");
        grid.cells[0][column]
    }

    #[test]
    fn each_workload_calls_along_its_path() {
        let ws = Workspace::new(scenario());
        // Arrives through the endpoint, whose policy allows this role only.
        assert!(cell(&ws, "notebook").allowed());
        let analyst = cell(&ws, "analyst");
        assert_eq!(analyst.unreachable, None);
        assert_eq!(analyst.decision, Decision::ImplicitlyDenied);
        assert!(analyst.blocked_by.contains(Layer::Endpoint));
        // Stopped in the network: no policy decides.
        assert_eq!(
            cell(&ws, "batch").unreachable,
            Some(HopKind::SecurityGroupEgress)
        );
        assert_eq!(cell(&ws, "batch").decision_name(), "Unreachable");
        assert_eq!(cell(&ws, "legacy").unreachable, Some(HopKind::Return));
        // The path set `aws:SourceVpce`, which the IAM condition reads.
        assert!(cell(&ws, "strict").allowed());
        // A principal without a workload still goes as the context says.
        assert!(cell(&ws, "desk").allowed());
    }

    #[test]
    fn one_path_stands_for_every_service_the_network_names_nowhere() {
        let mut s = scenario();
        s.actions = "*".into();
        let ws = Workspace::new(s);
        let grid = ws.grid().expect("no errors");
        assert!(grid.actions.len() > 10_000);
        // Three workloads, each with the SageMaker endpoint's path and one for every other
        // service (hundreds of them in the grid).
        let table = ws.paths().expect("network");
        assert_eq!(table.entries.borrow().len(), 6);
        // And each cell reaches as its own service's path says.
        let net = ws.scenario.network.as_ref().expect("network");
        for (column, p) in ws.scenario.principals.iter().enumerate() {
            if p.workload.is_empty() {
                continue;
            }
            for (row, action) in grid.actions.iter().enumerate().step_by(97) {
                let prefix = action.split(':').next().unwrap_or_default();
                let own = network::path(net, &p.workload, &network::service_for(net, prefix));
                assert_eq!(
                    grid.cells[row][column].unreachable,
                    own.blocked_at().map(|h| h.kind),
                    "{} × {action}",
                    p.name
                );
            }
        }
    }

    #[test]
    fn private_dns_off_sends_calls_over_nat_past_the_endpoint_policy() {
        let mut s = scenario();
        if let Some(net) = s.network.as_mut() {
            net.interface_endpoints[0].private_dns = false;
        }
        let ws = Workspace::new(s);
        // No endpoint policy on the way: the analyst's IAM policy alone allows it.
        assert!(cell(&ws, "analyst").allowed());
        // Over NAT `aws:SourceVpce` is absent: the condition no longer holds.
        let strict = cell(&ws, "strict");
        assert_eq!(strict.decision, Decision::ImplicitlyDenied);
        assert!(strict.blocked_by.contains(Layer::IdentityPolicies));
        let e = ws
            .explain(named(&ws, "analyst"), "sagemaker:CreateTrainingJob")
            .expect("explained");
        let hops: Vec<&str> = e.hops().iter().map(|h| h.hop).collect();
        assert!(!hops.contains(&"endpoint-policy"), "{hops:?}");
        assert_eq!(hops.last(), Some(&"identity"));
        assert_eq!(
            e.evaluation.decision,
            Decision::Allowed,
            "the NAT's address is the source: {:?}",
            e.statements
        );
    }

    #[test]
    fn the_same_grid_edited_in_the_network_follows_it() {
        let mut ws = Workspace::new(scenario());
        assert_eq!(
            cell(&ws, "batch").unreachable,
            Some(HopKind::SecurityGroupEgress)
        );
        // Set directly, as the page's edits do: the paths are worked out again.
        if let Some(net) = ws.scenario.network.as_mut() {
            net.security_groups[1].egress[0].ports = crate::network::Ports::HTTPS;
            net.security_groups[1].egress[0].peer =
                crate::network::Peer::Cidr(crate::network::Cidr::ANY);
        }
        assert_eq!(cell(&ws, "batch").unreachable, None);
        assert!(cell(&ws, "batch").allowed());
    }

    #[test]
    fn an_endpoint_without_a_policy_in_the_scenario_has_the_default_one() {
        let mut s = scenario();
        s.endpoints.clear();
        let ws = Workspace::new(s);
        assert!(cell(&ws, "analyst").allowed());
        let e = ws
            .explain(named(&ws, "analyst"), "sagemaker:CreateTrainingJob")
            .expect("explained");
        let endpoint = e
            .hops()
            .into_iter()
            .find(|h| h.hop == "endpoint-policy")
            .expect("through the endpoint");
        assert!(endpoint.pass);
        assert!(
            e.evaluation
                .decisive
                .iter()
                .any(|d| d.policy == "default endpoint policy"),
            "{:?}",
            e.evaluation.decisive
        );
    }

    #[test]
    fn explanations_draw_the_path_and_unreachable_calls_name_their_hop() {
        let ws = Workspace::new(scenario());
        let e = ws
            .explain(named(&ws, "analyst"), "sagemaker:CreateTrainingJob")
            .expect("explained");
        let hops: Vec<(&str, bool)> = e.hops().iter().map(|h| (h.hop, h.pass)).collect();
        assert_eq!(
            hops,
            [
                ("dns", true),
                ("route", true),
                ("security-group-egress", true),
                ("nacl-outbound", true),
                // The endpoint's interface is in the workload's subnet: no second network ACL.
                ("endpoint-security-group", true),
                ("return", true),
                ("endpoint-policy", false),
                ("identity", true),
            ]
        );
        let call = e.path.as_ref().expect("path");
        assert_eq!(
            (call.region.as_str(), call.az.as_str(), call.subnet.as_str()),
            ("us-east-1", "us-east-1a", "subnet-private")
        );
        let e = ws
            .explain(named(&ws, "batch"), "sagemaker:CreateTrainingJob")
            .expect("explained");
        assert!(e.unreachable());
        assert!(e.statements.is_empty());
        assert!(
            e.summary.contains("never reaches AWS") && e.summary.contains("security-group-egress"),
            "{}",
            e.summary
        );
        let last = e.hops().pop().expect("hops");
        assert_eq!((last.hop, last.pass), ("security-group-egress", false));
        // Selecting a hop shows what it read: the legacy subnet's network ACL, whose final `*`
        // rule drops the answer.
        let e = ws
            .explain(named(&ws, "legacy"), "sagemaker:CreateTrainingJob")
            .expect("explained");
        let last = e.hops().pop().expect("hops");
        assert_eq!((last.hop, last.pass), ("return", false));
        assert_eq!(last.rules.title, "Network ACL acl-legacy, inbound");
        let decided: Vec<&str> = last
            .rules
            .lines
            .iter()
            .filter(|l| l.decided)
            .map(|l| l.text.as_str())
            .collect();
        assert_eq!(
            decided,
            ["* · all · all ports · 0.0.0.0/0 · deny"],
            "{last:?}"
        );
        // A principal without a workload has no path.
        let e = ws
            .explain(named(&ws, "desk"), "sagemaker:CreateTrainingJob")
            .expect("explained");
        assert!(e.hops().is_empty() && e.path.is_none());
    }

    #[test]
    fn expectations_and_single_cells_take_the_path_too() {
        let mut s = scenario();
        s.expectations = vec![
            ExpectationDoc {
                principal: "batch".into(),
                action: "sagemaker:CreateTrainingJob".into(),
                resource: String::new(),
                expect: Expect::Unreachable,
                note: String::new(),
            },
            ExpectationDoc {
                principal: "legacy".into(),
                action: "sagemaker:Create*".into(),
                resource: String::new(),
                expect: Expect::Denied,
                note: String::new(),
            },
            ExpectationDoc {
                principal: "batch".into(),
                action: "sagemaker:CreateTrainingJob".into(),
                resource: String::new(),
                expect: Expect::ImplicitlyDenied,
                note: String::new(),
            },
        ];
        let mut ws = Workspace::new(s);
        let states: Vec<ExpectationState> =
            ws.check_expectations().iter().map(|r| r.state).collect();
        assert_eq!(
            states,
            [
                ExpectationState::Pass,
                ExpectationState::Pass,
                ExpectationState::Fail
            ]
        );
        // "Expect this" pins an unreachable cell as `Unreachable`.
        let at = ws
            .expect_cell(named(&ws, "legacy"), "sagemaker:CreateTrainingJob")
            .expect("pinned");
        assert_eq!(ws.scenario.expectations[at].expect, Expect::Unreachable);
        // The pivot too.
        let pivot = ws.pivot("sagemaker:CreateTrainingJob").expect("pivot");
        let batch = ws
            .principal_position(named(&ws, "batch"))
            .expect("position");
        assert_eq!(
            pivot.rows[0].cells[batch].unreachable,
            Some(HopKind::SecurityGroupEgress)
        );
    }
}
