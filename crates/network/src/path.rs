//! The path of one call, from a workload to an AWS service's API, decided from the
//! configuration alone (as VPC Reachability Analyzer does: no packets are sent). The hops, in
//! order: name resolution, the route from the workload's subnet, the workload's security groups
//! (egress), its subnet's network ACL (outbound), the far side's network ACL (inbound), the
//! endpoint's security groups (ingress, HTTPS), and the answer's way back through the stateless
//! network ACLs. The first hop that blocks ends the path: the call never reaches AWS, and no
//! policy decides it. A call that arrives carries the request context its way sets.

use std::net::Ipv4Addr;

use crate::addr::{tcp_ports, Ports};
use crate::model::{
    Destination, EndpointInterface, InterfaceEndpoint, Nacl, NaclRule, Network, Peer,
    SecurityGroup, Subnet, Target, Workload,
};

/// A hop of the path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HopKind {
    /// Name resolution: the endpoint's interfaces (private DNS) or the service's public name.
    Dns,
    /// The route from the workload's subnet.
    Route,
    /// The workload's security groups, outbound.
    SecurityGroupEgress,
    /// The workload's subnet's network ACL, outbound.
    NaclOutbound,
    /// The network ACL of the far side's subnet (the endpoint's interface, the NAT gateway),
    /// inbound.
    NaclInbound,
    /// The interface endpoint's security groups, inbound on HTTPS.
    EndpointSecurityGroup,
    /// The answer's way back through the network ACLs (stateless: ephemeral ports).
    Return,
}

impl HopKind {
    /// The hop's name in documents and pages (`data-hop`).
    pub fn as_str(self) -> &'static str {
        match self {
            HopKind::Dns => "dns",
            HopKind::Route => "route",
            HopKind::SecurityGroupEgress => "security-group-egress",
            HopKind::NaclOutbound => "nacl-outbound",
            HopKind::NaclInbound => "nacl-inbound",
            HopKind::EndpointSecurityGroup => "endpoint-security-group",
            HopKind::Return => "return",
        }
    }
}

/// What a hop found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hop {
    /// Which hop.
    pub kind: HopKind,
    /// True when the call passes it.
    pub pass: bool,
    /// Why, as a stable code (`NO_ROUTE`, `NACL_RULE_DENIES`, ...).
    pub code: &'static str,
    /// The component that decided (`acl-…`, `sg-…`, `rtb-…`), if one did.
    pub component: Option<String>,
    /// The network ACL rule number that decided, if one did (`None` with `NACL_NO_RULE`: the `*`
    /// rule).
    pub rule: Option<u16>,
    /// For a hop a network ACL decided: true when its inbound rules did, false for outbound.
    pub inbound: Option<bool>,
    /// What happened, in plain words.
    pub detail: String,
}

/// The way a call leaves the workload's subnet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Way {
    /// Through an interface endpoint's network interface.
    InterfaceEndpoint {
        /// The endpoint's id.
        endpoint: String,
        /// The interface's address.
        address: Ipv4Addr,
    },
    /// Through a gateway endpoint.
    GatewayEndpoint {
        /// The endpoint's id.
        endpoint: String,
    },
    /// Through a NAT gateway, to the service's public endpoint.
    NatGateway {
        /// The NAT gateway's id.
        nat: String,
        /// Its public address.
        public_ip: Ipv4Addr,
    },
    /// Through the internet gateway, with the workload's public address.
    InternetGateway {
        /// The workload's public address.
        public_ip: Ipv4Addr,
    },
}

/// The path of a call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Path {
    /// The hops decided, in order; the last one blocks when the call does not arrive.
    pub hops: Vec<Hop>,
    /// The way the call goes, once the route is known.
    pub way: Option<Way>,
}

impl Path {
    /// True when the call reaches the service.
    pub fn arrives(&self) -> bool {
        self.way.is_some() && self.hops.iter().all(|h| h.pass)
    }

    /// The hop that stopped the call, if one did.
    pub fn blocked_at(&self) -> Option<&Hop> {
        self.hops.iter().find(|h| !h.pass)
    }

    /// The request context AWS sees for a call that arrives, as (key, value): through an
    /// endpoint `aws:SourceVpce`, `aws:SourceVpc` and `aws:VpcSourceIp`; over a NAT or internet
    /// gateway `aws:SourceIp` (the public address the call leaves with). Empty when the call
    /// does not arrive.
    pub fn context(&self, network: &Network, workload: &Workload) -> Vec<(&'static str, String)> {
        if !self.arrives() {
            return Vec::new();
        }
        match &self.way {
            Some(Way::InterfaceEndpoint { endpoint, .. } | Way::GatewayEndpoint { endpoint }) => {
                vec![
                    ("aws:SourceVpce", endpoint.clone()),
                    ("aws:SourceVpc", network.vpc.id.clone()),
                    ("aws:VpcSourceIp", workload.private_ip.to_string()),
                ]
            }
            Some(Way::NatGateway { public_ip, .. } | Way::InternetGateway { public_ip }) => {
                vec![("aws:SourceIp", public_ip.to_string())]
            }
            None => Vec::new(),
        }
    }
}

/// The IAM service prefix an endpoint's service name serves: `com.amazonaws.us-east-1.s3` →
/// `s3`, `com.amazonaws.us-east-1.sagemaker.api` → `sagemaker`, `…monitoring` → `cloudwatch`.
/// `None` for an empty name (an endpoint that serves every service).
pub fn endpoint_service_prefix(service: &str) -> Option<&str> {
    let service = service.trim();
    if service.is_empty() {
        return None;
    }
    // com.amazonaws.REGION.NAME[.SUFFIX]; a bare name is taken as the name.
    let name = match service.strip_prefix("com.amazonaws.") {
        Some(rest) => rest.split('.').nth(1).unwrap_or(rest),
        None => service.split('.').next().unwrap_or(service),
    };
    // Endpoint names that differ from the IAM prefix of the service's actions.
    Some(match name {
        "monitoring" => "cloudwatch",
        "bedrock-runtime" | "bedrock-agent" | "bedrock-agent-runtime" => "bedrock",
        "runtime" => "sagemaker",
        other => other,
    })
}

/// The service name a call of an action of IAM service `prefix` (`sagemaker`) is addressed to:
/// the service of the VPC's interface endpoint that serves it, else of its gateway endpoint,
/// else `com.amazonaws.REGION.PREFIX` (its public endpoint).
pub fn service_for(net: &Network, prefix: &str) -> String {
    let serves = |service: &str| {
        endpoint_service_prefix(service).is_some_and(|p| p.eq_ignore_ascii_case(prefix))
    };
    net.interface_endpoints
        .iter()
        .map(|e| &e.service)
        .chain(net.gateway_endpoints.iter().map(|g| &g.service))
        .find(|s| serves(s))
        .cloned()
        .unwrap_or_else(|| format!("com.amazonaws.{}.{prefix}", net.region))
}

/// The address standing for a service's public endpoint when none is set.
pub const DEFAULT_PUBLIC_SERVICE_ADDRESS: Ipv4Addr = Ipv4Addr::new(203, 0, 113, 10);

/// Where the call is headed once its name is resolved.
enum Target2 {
    /// An interface endpoint's network interface.
    Interface(usize, usize),
    /// The service's public address.
    Public(Ipv4Addr),
}

/// Builds the path step by step; stops at the first hop that blocks.
struct Walk<'n> {
    net: &'n Network,
    hops: Vec<Hop>,
}

impl<'n> Walk<'n> {
    fn hop(&mut self, kind: HopKind, pass: bool, code: &'static str, detail: String) -> bool {
        self.hops.push(Hop {
            kind,
            pass,
            code,
            component: None,
            rule: None,
            inbound: None,
            detail,
        });
        pass
    }

    fn hop_at(
        &mut self,
        kind: HopKind,
        pass: bool,
        code: &'static str,
        component: &str,
        rule: Option<u16>,
        detail: String,
    ) -> bool {
        self.hops.push(Hop {
            kind,
            pass,
            code,
            component: Some(component.to_string()),
            rule,
            inbound: None,
            detail,
        });
        pass
    }

    /// The route hop, blocking at `component`: the call goes nowhere.
    fn block_route(&mut self, code: &'static str, component: &str, detail: String) -> Option<Way> {
        self.hop_at(HopKind::Route, false, code, component, None, detail);
        None
    }

    fn subnet(&self, id: &str) -> Option<&'n Subnet> {
        self.net.subnets.iter().find(|s| s.id == id)
    }

    /// The network ACL of a subnet: its own, else the default (AWS's allow-all one when the
    /// network lists none).
    fn nacl_of(&self, subnet: &Subnet) -> Result<Nacl, String> {
        match &subnet.nacl {
            Some(id) => self
                .net
                .nacls
                .iter()
                .find(|n| &n.id == id)
                .cloned()
                .ok_or_else(|| id.clone()),
            None => Ok(self
                .net
                .nacls
                .iter()
                .find(|n| n.default)
                .cloned()
                .unwrap_or_else(|| Nacl::allow_all("default network ACL"))),
        }
    }
}

/// A network ACL's decision for traffic with `peer` on `ports`.
#[derive(Debug, Clone, PartialEq, Eq)]
enum NaclVerdict {
    /// Every port allowed; the rule that allowed the last of them.
    Allowed(u16),
    /// Some ports denied: by rule `Some(n)`, or by the final `*` rule.
    Denied(Option<u16>, Ports),
}

/// Reads `rules` lowest number first; the first rule that matches a port decides it. Every port
/// of `ports` must be allowed (a rule that covers only part of the client's ephemeral ports
/// breaks some connections).
fn nacl_decide(rules: &[NaclRule], peer: Ipv4Addr, ports: Ports) -> NaclVerdict {
    let mut order: Vec<&NaclRule> = rules.iter().collect();
    policy_playground_text::sort_stable_by(&mut order, |a, b| a.number.cmp(&b.number));
    let mut open = vec![ports];
    let mut last = 0;
    for rule in order {
        if open.is_empty() {
            break;
        }
        if !rule.cidr.contains(peer) {
            continue;
        }
        let mut still = Vec::with_capacity(open.len() + 1);
        for range in open {
            match tcp_ports(rule.protocol, rule.ports, range) {
                Some(hit) if !rule.allow => return NaclVerdict::Denied(Some(rule.number), hit),
                Some(hit) => {
                    last = rule.number;
                    if hit.from > range.from {
                        still.push(Ports {
                            from: range.from,
                            to: hit.from - 1,
                        });
                    }
                    if hit.to < range.to {
                        still.push(Ports {
                            from: hit.to + 1,
                            to: range.to,
                        });
                    }
                }
                None => still.push(range),
            }
        }
        open = still;
    }
    match open.first() {
        Some(rest) => NaclVerdict::Denied(None, *rest),
        None => NaclVerdict::Allowed(last),
    }
}

/// True when a security group rule's peer holds the other side (`addr`, carrying `groups`).
fn peer_matches(net: &Network, peer: &Peer, addr: Ipv4Addr, groups: &[String]) -> bool {
    match peer {
        Peer::Cidr(c) => c.contains(addr),
        Peer::Group(g) => groups.iter().any(|x| x == g),
        Peer::PrefixList(id) => net
            .prefix_lists
            .iter()
            .find(|p| &p.id == id)
            .is_some_and(|p| p.cidrs.iter().any(|c| c.contains(addr))),
    }
}

/// The first of `groups` (ids) with a rule letting HTTPS to or from `addr` (carrying
/// `other_groups`) through, in `egress` or ingress; the ids that do not exist.
fn groups_allow<'n>(
    net: &'n Network,
    groups: &[String],
    egress: bool,
    addr: Ipv4Addr,
    other_groups: &[String],
) -> (Option<&'n SecurityGroup>, Vec<String>) {
    let mut missing = Vec::new();
    for id in groups {
        let Some(group) = net.security_groups.iter().find(|g| &g.id == id) else {
            missing.push(id.clone());
            continue;
        };
        let rules = if egress {
            &group.egress
        } else {
            &group.ingress
        };
        let allows = rules.iter().any(|r| {
            tcp_ports(r.protocol, r.ports, Ports::HTTPS) == Some(Ports::HTTPS)
                && peer_matches(net, &r.peer, addr, other_groups)
        });
        if allows {
            return (Some(group), missing);
        }
    }
    (None, missing)
}

/// The path of a call from workload `workload` (by name) to the API of `service`
/// (`com.amazonaws.us-east-1.sagemaker.api`), on HTTPS.
pub fn path(net: &Network, workload: &str, service: &str) -> Path {
    let mut walk = Walk {
        net,
        hops: Vec::new(),
    };
    let way = walk_path(&mut walk, workload, service);
    Path {
        hops: walk.hops,
        way,
    }
}

fn walk_path(walk: &mut Walk<'_>, workload: &str, service: &str) -> Option<Way> {
    let net = walk.net;
    let Some(w) = net.workloads.iter().find(|w| w.name == workload) else {
        walk.hop(
            HopKind::Route,
            false,
            "UNKNOWN_WORKLOAD",
            format!("there is no workload named `{workload}`"),
        );
        return None;
    };
    let Some(home) = walk.subnet(&w.subnet) else {
        walk.hop(
            HopKind::Route,
            false,
            "UNKNOWN_SUBNET",
            format!(
                "`{}` is in subnet `{}`, which does not exist",
                w.name, w.subnet
            ),
        );
        return None;
    };
    // The service's public address: the first of its prefix list when the network lists one
    // (S3's and DynamoDB's ranges, which a gateway endpoint's route covers), else the address
    // standing for every public endpoint.
    let service_list = net
        .prefix_lists
        .iter()
        .find(|p| p.name.eq_ignore_ascii_case(service));
    let public = service_list.and_then(|p| p.cidrs.first()).map_or(
        net.public_service_address
            .unwrap_or(DEFAULT_PUBLIC_SERVICE_ADDRESS),
        |c| c.nth(1),
    );

    // 1. Name resolution.
    let endpoint = net
        .interface_endpoints
        .iter()
        .position(|e| e.service.eq_ignore_ascii_case(service));
    let dns_on = net.vpc.dns_support && net.vpc.dns_hostnames;
    let target = match endpoint.map(|i| (i, &net.interface_endpoints[i])) {
        Some((i, e)) if e.private_dns && dns_on => match pick_interface(walk, e, home) {
            Some(n) => {
                let EndpointInterface {
                    subnet,
                    ip: address,
                } = &e.interfaces[n];
                walk.hop_at(
                    HopKind::Dns,
                    true,
                    "PRIVATE_DNS",
                    &e.id,
                    None,
                    format!(
                        "private DNS of `{}` resolves `{service}`'s name to its network interface {address} in `{subnet}`",
                        e.id
                    ),
                );
                Target2::Interface(i, n)
            }
            None => {
                walk.hop_at(
                    HopKind::Dns,
                    false,
                    "NO_ENDPOINT_INTERFACE",
                    &e.id,
                    None,
                    format!("`{}` has no network interface in any subnet", e.id),
                );
                return None;
            }
        },
        Some((_, e)) if e.private_dns => {
            walk.hop_at(
                HopKind::Dns,
                true,
                "PUBLIC_DNS_VPC_DNS_OFF",
                &net.vpc.id,
                None,
                format!(
                    "`{}` has private DNS on, but the VPC's DNS support or DNS hostnames are off: `{service}`'s name resolves to its public endpoint",
                    e.id
                ),
            );
            Target2::Public(public)
        }
        Some((_, e)) => {
            walk.hop_at(
                HopKind::Dns,
                true,
                "PUBLIC_DNS_PRIVATE_DNS_OFF",
                &e.id,
                None,
                format!(
                    "private DNS of `{}` is off: `{service}`'s name resolves to its public endpoint, not to the endpoint",
                    e.id
                ),
            );
            Target2::Public(public)
        }
        None => {
            walk.hop(
                HopKind::Dns,
                true,
                "PUBLIC_DNS",
                format!("no interface endpoint for `{service}` in the VPC: its name resolves to its public endpoint"),
            );
            Target2::Public(public)
        }
    };

    // 2. The route, and the far side: (way, destination address, its security groups, the
    // far side's subnet for its network ACL, the far side's ephemeral ports for the return).
    let table_id = home.route_table.clone().or_else(|| {
        net.route_tables
            .iter()
            .find(|t| t.main)
            .map(|t| t.id.clone())
    });
    let table = table_id
        .as_ref()
        .and_then(|id| net.route_tables.iter().find(|t| &t.id == id));
    let table_name = table_id
        .clone()
        .unwrap_or_else(|| "main route table".into());
    let (way, dest, far_subnet): (Way, Ipv4Addr, Option<&Subnet>) = match target {
        Target2::Interface(i, n) => {
            let e = &net.interface_endpoints[i];
            let EndpointInterface {
                subnet,
                ip: address,
            } = &e.interfaces[n];
            let far = walk.subnet(subnet);
            if !net.vpc.cidr.contains(*address) {
                return walk.block_route(
                    "NO_ROUTE",
                    &table_name,
                    format!("{address} is outside the VPC's range {}", net.vpc.cidr),
                );
            }
            walk.hop_at(
                HopKind::Route,
                true,
                "LOCAL_ROUTE",
                &table_name,
                None,
                format!("the local route ({}) reaches {address}", net.vpc.cidr),
            );
            (
                Way::InterfaceEndpoint {
                    endpoint: e.id.clone(),
                    address: *address,
                },
                *address,
                far,
            )
        }
        Target2::Public(public) => {
            if table_id.is_some() && table.is_none() {
                walk.hop(
                    HopKind::Route,
                    false,
                    "UNKNOWN_ROUTE_TABLE",
                    format!(
                        "`{}` uses route table `{table_name}`, which does not exist",
                        home.id
                    ),
                );
                return None;
            }
            let routes = table.map(|t| t.routes.as_slice()).unwrap_or(&[]);
            // The longest prefix wins, and between routes as long a static route (a range)
            // wins over a prefix list's: a range route holding the service's address, at least
            // as long as the prefix list's range that holds it, takes the call.
            let listed = service_list
                .and_then(|p| p.cidrs.iter().find(|c| c.contains(public)))
                .map(|c| c.len);
            let static_wins = listed.is_some_and(|len| {
                routes.iter().any(|r| {
                    matches!(&r.destination, Destination::Cidr(c) if c.contains(public) && c.len >= len)
                })
            });
            // A gateway endpoint associated with this route table, for this service: its
            // prefix-list route is more specific than a default route.
            let gateway = net.gateway_endpoints.iter().find(|g| {
                !static_wins
                    && g.service.eq_ignore_ascii_case(service)
                    && (table_id
                        .as_ref()
                        .is_some_and(|t| g.route_tables.contains(t))
                        || routes.iter().any(
                            |r| matches!(&r.target, Target::GatewayEndpoint(id) if id == &g.id),
                        ))
            });
            if let Some(g) = gateway {
                let dest = public;
                walk.hop_at(
                    HopKind::Route,
                    true,
                    "GATEWAY_ENDPOINT_ROUTE",
                    &table_name,
                    None,
                    format!(
                        "`{table_name}` sends `{service}`'s prefix list{} to gateway endpoint `{}`",
                        service_list
                            .map(|p| format!(" ({})", p.id))
                            .unwrap_or_default(),
                        g.id
                    ),
                );
                (
                    Way::GatewayEndpoint {
                        endpoint: g.id.clone(),
                    },
                    dest,
                    None,
                )
            } else {
                // The most specific route holding the public address (the local route never does).
                let best = routes
                    .iter()
                    .filter_map(|r| match &r.destination {
                        Destination::Cidr(c) if c.contains(public) => Some((c.len, r)),
                        Destination::PrefixList(id) => net
                            .prefix_lists
                            .iter()
                            .find(|p| &p.id == id)
                            .and_then(|p| p.cidrs.iter().find(|c| c.contains(public)))
                            .map(|c| (c.len, r)),
                        _ => None,
                    })
                    .max_by_key(|(len, r)| (*len, matches!(r.destination, Destination::Cidr(_))))
                    .map(|(_, r)| r);
                match best.map(|r| &r.target) {
                    None => {
                        return walk.block_route("NO_ROUTE", &table_name, format!("`{table_name}` has no route out of the VPC: the call to `{service}`'s public endpoint goes nowhere"));
                    }
                    Some(Target::GatewayEndpoint(id)) => {
                        return walk.block_route("GATEWAY_ENDPOINT_OTHER_SERVICE", &table_name, format!("`{table_name}` sends the address to gateway endpoint `{id}`, which does not serve `{service}`"));
                    }
                    Some(Target::InternetGateway(igw)) => {
                        if net.internet_gateway.as_deref() != Some(igw.as_str()) {
                            return walk.block_route("NO_INTERNET_GATEWAY", &table_name, format!("`{table_name}` routes to internet gateway `{igw}`, which is not attached to the VPC"));
                        }
                        let Some(ip) = w.public_ip else {
                            return walk.block_route("NO_PUBLIC_IP", &table_name, format!("`{table_name}` routes to internet gateway `{igw}`, but `{}` has no public IPv4 address", w.name));
                        };
                        walk.hop_at(
                            HopKind::Route,
                            true,
                            "INTERNET_GATEWAY_ROUTE",
                            &table_name,
                            None,
                            format!("`{table_name}` routes to internet gateway `{igw}`; the call leaves with `{}`'s public address {ip}", w.name),
                        );
                        (Way::InternetGateway { public_ip: ip }, public, None)
                    }
                    Some(Target::NatGateway(id)) => {
                        let Some(nat) = net.nat_gateways.iter().find(|n| &n.id == id) else {
                            return walk.block_route("UNKNOWN_NAT_GATEWAY", &table_name, format!("`{table_name}` routes to NAT gateway `{id}`, which does not exist"));
                        };
                        let nat_subnet = walk.subnet(&nat.subnet);
                        let out = nat_subnet.and_then(|s| {
                            let t = s.route_table.clone().or_else(|| {
                                net.route_tables
                                    .iter()
                                    .find(|t| t.main)
                                    .map(|t| t.id.clone())
                            })?;
                            net.route_tables.iter().find(|x| x.id == t)
                        });
                        let to_internet = out.is_some_and(|t| {
                            t.routes.iter().any(|r| {
                                matches!(&r.destination, Destination::Cidr(c) if c.contains(public))
                                    && matches!(&r.target, Target::InternetGateway(g) if net.internet_gateway.as_deref() == Some(g.as_str()))
                            })
                        });
                        if !to_internet {
                            return walk.block_route("NAT_GATEWAY_NO_INTERNET_ROUTE", id, format!("NAT gateway `{id}` is in `{}`, whose route table has no route to the VPC's internet gateway", nat.subnet));
                        }
                        walk.hop_at(
                            HopKind::Route,
                            true,
                            "NAT_GATEWAY_ROUTE",
                            &table_name,
                            None,
                            format!("`{table_name}` routes to NAT gateway `{id}`; the call leaves with its public address {}", nat.public_ip),
                        );
                        (
                            Way::NatGateway {
                                nat: id.clone(),
                                public_ip: nat.public_ip,
                            },
                            public,
                            nat_subnet,
                        )
                    }
                }
            }
        }
    };

    // 3. The workload's security groups, outbound HTTPS to the destination.
    let endpoint_groups: Vec<String> = match &way {
        Way::InterfaceEndpoint { endpoint, .. } => net
            .interface_endpoints
            .iter()
            .find(|e| &e.id == endpoint)
            .map(|e| e.security_groups.clone())
            .unwrap_or_default(),
        _ => Vec::new(),
    };
    let (allowed, missing) = groups_allow(net, &w.security_groups, true, dest, &endpoint_groups);
    let ok = match allowed {
        Some(g) => walk.hop_at(
            HopKind::SecurityGroupEgress,
            true,
            "SECURITY_GROUP_ALLOWS",
            &g.id,
            None,
            format!("`{}` lets HTTPS out to {dest}", g.id),
        ),
        None => walk.hop(
            HopKind::SecurityGroupEgress,
            false,
            "NO_MATCHING_EGRESS_RULE",
            format!(
                "no outbound rule of `{}`'s security groups ({}) lets HTTPS out to {dest}{}",
                w.name,
                list(&w.security_groups),
                if missing.is_empty() {
                    String::new()
                } else {
                    format!("; {} do not exist", list(&missing))
                }
            ),
        ),
    };
    if !ok {
        return None;
    }

    // 4. The workload's subnet's network ACL, outbound (not when the far side is in the same
    // subnet: network ACLs see traffic that crosses the subnet's edge).
    let same_subnet = far_subnet.is_some_and(|s| s.id == home.id);
    if same_subnet {
        walk.hop(
            HopKind::NaclOutbound,
            true,
            "SAME_SUBNET",
            format!(
                "{dest} is in `{}` too: the network ACL does not see the traffic",
                home.id
            ),
        );
    } else if !nacl_hop(
        walk,
        HopKind::NaclOutbound,
        home,
        false,
        dest,
        Ports::HTTPS,
        "HTTPS out to",
    ) {
        return None;
    }

    // 5. The far side's network ACL, inbound: the endpoint's interface or the NAT gateway (whose
    // subnet then lets the call out to the service too).
    if let (Some(far), false) = (far_subnet, same_subnet) {
        let mut checks = vec![(far, true, w.private_ip, Ports::HTTPS)];
        if matches!(way, Way::NatGateway { .. }) {
            checks.push((far, false, public, Ports::HTTPS));
        }
        if !nacl_checks(walk, HopKind::NaclInbound, checks, "") {
            return None;
        }
    }

    // 6. The interface endpoint's security groups, inbound HTTPS from the workload.
    if let Way::InterfaceEndpoint { endpoint, .. } = &way {
        let (allowed, missing) = groups_allow(
            net,
            &endpoint_groups,
            false,
            w.private_ip,
            &w.security_groups,
        );
        let ok = match allowed {
            Some(g) => walk.hop_at(
                HopKind::EndpointSecurityGroup,
                true,
                "SECURITY_GROUP_ALLOWS",
                &g.id,
                None,
                format!("`{}` on `{endpoint}` lets HTTPS in from {} ({})", g.id, w.private_ip, w.name),
            ),
            None => walk.hop(
                HopKind::EndpointSecurityGroup,
                false,
                "NO_MATCHING_INGRESS_RULE",
                format!(
                    "no inbound rule of `{endpoint}`'s security groups ({}) lets HTTPS in from {} ({}){}",
                    list(&endpoint_groups),
                    w.private_ip,
                    w.name,
                    if missing.is_empty() { String::new() } else { format!("; {} do not exist", list(&missing)) }
                ),
            ),
        };
        if !ok {
            return None;
        }
    }

    // 7. The answer's way back: network ACLs are stateless, so each one the call crossed must
    // let the answer through, to the caller's ephemeral ports.
    if !return_hop(walk, w, home, &way, dest, far_subnet, public) {
        return None;
    }
    Some(way)
}

/// The interface of endpoint `e` a workload in `home` uses: the one in its Availability Zone,
/// else the first.
fn pick_interface(walk: &Walk<'_>, e: &InterfaceEndpoint, home: &Subnet) -> Option<usize> {
    let same_az = e
        .interfaces
        .iter()
        .position(|i| walk.subnet(&i.subnet).is_some_and(|s| s.az == home.az));
    same_az.or(if e.interfaces.is_empty() {
        None
    } else {
        Some(0)
    })
}

/// One network ACL check as a hop (or as part of the return hop): `inbound` rules of `subnet`'s
/// ACL for traffic with `peer` on `ports`.
fn nacl_hop(
    walk: &mut Walk<'_>,
    kind: HopKind,
    subnet: &Subnet,
    inbound: bool,
    peer: Ipv4Addr,
    ports: Ports,
    what: &str,
) -> bool {
    let nacl = match walk.nacl_of(subnet) {
        Ok(n) => n,
        Err(id) => {
            return walk.hop(
                kind,
                false,
                "UNKNOWN_NACL",
                format!(
                    "`{}` uses network ACL `{id}`, which does not exist",
                    subnet.id
                ),
            )
        }
    };
    let rules = if inbound {
        &nacl.inbound
    } else {
        &nacl.outbound
    };
    let direction = if inbound { "inbound" } else { "outbound" };
    let pass = match nacl_decide(rules, peer, ports) {
        NaclVerdict::Allowed(rule) => walk.hop_at(
            kind,
            true,
            "NACL_RULE_ALLOWS",
            &nacl.id,
            Some(rule),
            format!("`{}` of `{}` lets {what} {peer} ({ports}): {direction} rule {rule}", nacl.id, subnet.id),
        ),
        NaclVerdict::Denied(Some(rule), hit) => walk.hop_at(
            kind,
            false,
            "NACL_RULE_DENIES",
            &nacl.id,
            Some(rule),
            format!("`{}` of `{}` denies {what} {peer} ({hit}): {direction} rule {rule}", nacl.id, subnet.id),
        ),
        NaclVerdict::Denied(None, hit) => walk.hop_at(
            kind,
            false,
            "NACL_NO_RULE",
            &nacl.id,
            None,
            format!("no {direction} rule of `{}` (`{}`) lets {what} {peer} ({hit}): the final `*` rule denies it", nacl.id, subnet.id),
        ),
    };
    if let Some(hop) = walk.hops.last_mut() {
        hop.inbound = Some(inbound);
    }
    pass
}

/// The return hop: each network ACL the call crossed lets the answer back to the ephemeral
/// ports of whoever opened the connection. One hop, reporting the first check that fails.
fn return_hop(
    walk: &mut Walk<'_>,
    w: &Workload,
    home: &Subnet,
    way: &Way,
    dest: Ipv4Addr,
    far: Option<&Subnet>,
    public: Ipv4Addr,
) -> bool {
    // (subnet, inbound?, peer, ports)
    let mut checks: Vec<(&Subnet, bool, Ipv4Addr, Ports)> = Vec::new();
    match way {
        Way::InterfaceEndpoint { .. } => {
            if let Some(far) = far.filter(|f| f.id != home.id) {
                checks.push((far, false, w.private_ip, w.ephemeral_ports));
                checks.push((home, true, dest, w.ephemeral_ports));
            }
        }
        Way::NatGateway { .. } => {
            if let Some(far) = far {
                // The service answers the NAT gateway's connection on the NAT's ports; the NAT
                // gateway forwards the answer (from the service's address) to the workload.
                checks.push((far, true, public, Ports::NAT_EPHEMERAL));
                if far.id != home.id {
                    checks.push((far, false, w.private_ip, w.ephemeral_ports));
                }
            }
            checks.push((home, true, public, w.ephemeral_ports));
        }
        Way::InternetGateway { .. } | Way::GatewayEndpoint { .. } => {
            checks.push((home, true, dest, w.ephemeral_ports));
        }
    }
    nacl_checks(
        walk,
        HopKind::Return,
        checks,
        "the answer crosses no network ACL (security groups are stateful: answers to allowed calls pass)",
    )
}

/// Network ACL checks (subnet, inbound?, the other side's address, ports) as one hop of `kind`:
/// the first check that fails, or every check's words when all pass (`none` when there are
/// none: the hop passes as `STATEFUL_ONLY`).
fn nacl_checks(
    walk: &mut Walk<'_>,
    kind: HopKind,
    checks: Vec<(&Subnet, bool, Ipv4Addr, Ports)>,
    none: &str,
) -> bool {
    let start = walk.hops.len();
    let answer = kind == HopKind::Return;
    let mut rules = Vec::new();
    for (subnet, inbound, peer, ports) in checks {
        let what = match (answer, inbound) {
            (true, true) => "the answer in from",
            (true, false) => "the answer out to",
            (false, true) => "HTTPS in from",
            (false, false) => "HTTPS out to",
        };
        if !nacl_hop(walk, kind, subnet, inbound, peer, ports, what) {
            // Keep only the failing check.
            let failed = walk.hops.pop();
            walk.hops.truncate(start);
            walk.hops.extend(failed);
            return false;
        }
        rules.push(
            walk.hops
                .last()
                .and_then(|h| Some((h.component.clone()?, h.rule?, h.inbound))),
        );
    }
    let hops: Vec<Hop> = walk.hops.drain(start..).collect();
    if hops.len() == 1 {
        walk.hops.extend(hops);
        return true;
    }
    let details: Vec<String> = hops.into_iter().map(|h| h.detail).collect();
    let (code, detail) = if details.is_empty() {
        ("STATEFUL_ONLY", none.to_string())
    } else {
        ("NACL_RULE_ALLOWS", details.join("; "))
    };
    let last = rules.into_iter().flatten().last();
    walk.hops.push(Hop {
        kind,
        pass: true,
        code,
        component: last.as_ref().map(|(c, _, _)| c.clone()),
        rule: last.as_ref().map(|(_, r, _)| *r),
        inbound: last.and_then(|(_, _, i)| i),
        detail,
    });
    true
}

/// `a`, `b` (backquoted), or "none".
fn list(ids: &[String]) -> String {
    if ids.is_empty() {
        "none".into()
    } else {
        ids.iter()
            .map(|i| format!("`{i}`"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

#[cfg(test)]
mod tests;
