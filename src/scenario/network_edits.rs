//! The page's edits of the scenario's network, as workspace methods tested natively: a cell of
//! the route, network ACL and security group tables typed as text (checked before it is applied:
//! an invalid value never reaches the document), rows added and removed, an interface endpoint's
//! private DNS, a principal's workload, the whole network replaced from JSON text (a located
//! error, never a panic), a starter network and its removal. [`NetworkForm`] keeps what the user
//! typed that could not be applied, with the reason, so that no work is lost.

use super::{PrincipalId, Scenario, Workspace};
use crate::engine::{Code, Diagnostic, LineIndex, Located, Span};
use crate::network::{
    Cidr, Destination, EndpointInterface, InterfaceEndpoint, Nacl, NaclRule, Network, Peer, Ports,
    Protocol, Route, RouteTable, SecurityGroup, SgRule, Subnet, Target, Vpc, Workload,
};

/// The highest network ACL rule number AWS accepts (32767 is the implicit `*` rule).
pub const MAX_NACL_RULE: u16 = 32766;
/// Most rows a table of the page may add: as many as a share link accepts.
pub const MAX_NETWORK_ROWS: usize = super::share::MAX_NETWORK_RULES;

/// Which way a rule applies: inbound (a security group's ingress) or outbound (egress).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Direction {
    /// Traffic entering the subnet (a network ACL) or arriving at the group's resources.
    Inbound,
    /// Traffic leaving.
    Outbound,
}

impl Direction {
    /// `inbound` or `outbound`.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Inbound => "inbound",
            Direction::Outbound => "outbound",
        }
    }
}

/// A column of a route table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RouteColumn {
    /// A range or a prefix list's id.
    Destination,
    /// `igw-…`, `nat-…` or `vpce-…`.
    Target,
}

/// A column of a network ACL's rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NaclColumn {
    /// The rule number, 1..=32766, unique in its direction.
    Number,
    /// `tcp`, `udp`, `icmp` or `all`.
    Protocol,
    /// `443`, `1024-65535` or `all`.
    Ports,
    /// The other side's range.
    Cidr,
    /// `allow` or `deny`.
    Action,
}

/// A column of a security group's rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SgColumn {
    /// `tcp`, `udp`, `icmp` or `all`.
    Protocol,
    /// `443`, `1024-65535` or `all`.
    Ports,
    /// What the peer is: `cidr`, `group` or `prefixList`.
    PeerKind,
    /// The peer: a range, a group's id (`sg-…`) or a prefix list's id (`pl-…`).
    Peer,
}

/// A list of ids the tables edit as text (`sg-a, sg-b`): every id must name a component of the
/// network.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum IdList {
    /// The security groups of an interface endpoint's network interfaces.
    EndpointGroups,
    /// The security groups of a workload.
    WorkloadGroups,
    /// The route tables a gateway endpoint is associated with.
    GatewayRouteTables,
}

/// One cell of the network's tables, by position.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NetCell {
    /// Route `route` of route table `table`.
    Route {
        /// The route table's position.
        table: usize,
        /// The route's position.
        route: usize,
        /// The column.
        column: RouteColumn,
    },
    /// Rule `rule` (its position, not its number) of network ACL `nacl`.
    Nacl {
        /// The network ACL's position.
        nacl: usize,
        /// Inbound or outbound rules.
        dir: Direction,
        /// The rule's position in that list.
        rule: usize,
        /// The column.
        column: NaclColumn,
    },
    /// Rule `rule` of security group `group`.
    Sg {
        /// The security group's position.
        group: usize,
        /// Ingress (inbound) or egress (outbound) rules.
        dir: Direction,
        /// The rule's position in that list.
        rule: usize,
        /// The column.
        column: SgColumn,
    },
    /// The ids of list `list` of interface endpoint, workload or gateway endpoint `item`.
    Ids {
        /// Which list.
        list: IdList,
        /// The endpoint's or workload's position.
        item: usize,
    },
}

impl NetCell {
    /// The row this cell is in: its table, direction and row position.
    fn row(self) -> (u8, usize, Option<Direction>, usize) {
        match self {
            NetCell::Route { table, route, .. } => (0, table, None, route),
            NetCell::Nacl {
                nacl, dir, rule, ..
            } => (1, nacl, Some(dir), rule),
            NetCell::Sg {
                group, dir, rule, ..
            } => (2, group, Some(dir), rule),
            NetCell::Ids { item, .. } => (3, item, None, 0),
        }
    }

    /// The same cell with its row position moved to `row`.
    fn at_row(self, row: usize) -> NetCell {
        match self {
            NetCell::Route { table, column, .. } => NetCell::Route {
                table,
                route: row,
                column,
            },
            NetCell::Nacl {
                nacl, dir, column, ..
            } => NetCell::Nacl {
                nacl,
                dir,
                rule: row,
                column,
            },
            NetCell::Sg {
                group, dir, column, ..
            } => NetCell::Sg {
                group,
                dir,
                rule: row,
                column,
            },
            NetCell::Ids { .. } => self,
        }
    }
}

/// A structural edit of the network (rows, switches, the whole network).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NetEdit {
    /// Add a route to route table `.0`.
    AddRoute(usize),
    /// Remove route `.1` of route table `.0`.
    RemoveRoute(usize, usize),
    /// Add a rule to network ACL `.0`.
    AddNaclRule(usize, Direction),
    /// Remove rule `.2` (its position) of network ACL `.0`.
    RemoveNaclRule(usize, Direction, usize),
    /// Add a rule to security group `.0`.
    AddSgRule(usize, Direction),
    /// Remove rule `.2` of security group `.0`.
    RemoveSgRule(usize, Direction, usize),
    /// Turn private DNS of the interface endpoint with id `.0` on or off.
    PrivateDns(String, bool),
    /// Add the starter network (when the scenario has none).
    AddStarter,
    /// Remove the network (principals then call from no workload).
    Remove,
}

/// The whole network's JSON text could not be read: where and why.
#[derive(Debug, Clone, PartialEq)]
pub struct NetworkJsonError {
    /// Where in the text (an empty span at the point serde stopped).
    pub span: Span,
    /// The error located in the text (`INVALID_NETWORK`, place `network`, line and column).
    pub located: Box<Located>,
}

impl Workspace {
    /// The network, if the scenario has one.
    pub fn network(&self) -> Option<&Network> {
        self.scenario.network.as_ref()
    }

    /// Sets one cell of the network's tables from the text typed into it. The value is checked
    /// first: an invalid one leaves the document as it was and says why (for the page to show
    /// next to the field, with the text kept).
    pub fn set_network_cell(&mut self, cell: NetCell, text: &str) -> Result<(), String> {
        let net = self
            .scenario
            .network
            .as_mut()
            .ok_or_else(|| "the scenario has no network".to_string())?;
        set_cell(net, cell, text)
    }

    /// Applies a structural edit; true when the document changed.
    pub fn network_edit(&mut self, edit: &NetEdit) -> bool {
        match edit {
            NetEdit::AddStarter => return self.add_starter_network(),
            NetEdit::Remove => return self.remove_network(),
            _ => {}
        }
        let Some(net) = self.scenario.network.as_mut() else {
            return false;
        };
        match edit {
            NetEdit::AddRoute(t) => add_route(net, *t),
            NetEdit::RemoveRoute(t, r) => net
                .route_tables
                .get_mut(*t)
                .filter(|table| *r < table.routes.len())
                .map(|table| table.routes.remove(*r))
                .is_some(),
            NetEdit::AddNaclRule(n, dir) => add_nacl_rule(net, *n, *dir),
            NetEdit::RemoveNaclRule(n, dir, r) => net
                .nacls
                .get_mut(*n)
                .map(|nacl| nacl_rules(nacl, *dir))
                .filter(|rules| *r < rules.len())
                .map(|rules| rules.remove(*r))
                .is_some(),
            NetEdit::AddSgRule(g, dir) => add_sg_rule(net, *g, *dir),
            NetEdit::RemoveSgRule(g, dir, r) => net
                .security_groups
                .get_mut(*g)
                .map(|group| sg_rules(group, *dir))
                .filter(|rules| *r < rules.len())
                .map(|rules| rules.remove(*r))
                .is_some(),
            NetEdit::PrivateDns(id, on) => {
                match net.interface_endpoints.iter_mut().find(|e| e.id == *id) {
                    Some(e) if e.private_dns != *on => {
                        e.private_dns = *on;
                        true
                    }
                    _ => false,
                }
            }
            NetEdit::AddStarter | NetEdit::Remove => false,
        }
    }

    /// Turns private DNS of interface endpoint `id` on or off; false when there is no such
    /// endpoint (or nothing changed).
    pub fn set_private_dns(&mut self, id: &str, on: bool) -> bool {
        self.network_edit(&NetEdit::PrivateDns(id.to_string(), on))
    }

    /// Makes principal `p` call from workload `name` of the network (empty: from none). False,
    /// and nothing changed, for an unknown principal or a name the network does not hold.
    pub fn set_principal_workload(&mut self, p: PrincipalId, name: &str) -> bool {
        let known = name.is_empty()
            || self
                .network()
                .is_some_and(|n| n.workloads.iter().any(|w| w.name == name));
        let Some(at) = self.principal_position(p) else {
            return false;
        };
        match self.scenario.principals.get_mut(at) {
            Some(doc) if known => {
                doc.workload = name.to_string();
                true
            }
            _ => false,
        }
    }

    /// Replaces the whole network with the one `text` writes (the JSON of a `simulate` case's
    /// `network`). When it cannot be read the network stays as it was and the error is located
    /// in `text`.
    pub fn set_network_json(&mut self, text: &str) -> Result<(), NetworkJsonError> {
        let net = read_network(text)?;
        self.scenario.network = Some(net);
        Ok(())
    }

    /// The network as the JSON editor shows it (pretty, two spaces); empty without one.
    pub fn network_json(&self) -> String {
        self.network()
            .and_then(crate::editing::to_pretty_json)
            .unwrap_or_default()
    }

    /// Adds [`starter_network`] when the scenario has no network; true when it did.
    pub fn add_starter_network(&mut self) -> bool {
        if self.scenario.network.is_some() {
            return false;
        }
        self.scenario.network = Some(starter_network(&self.scenario));
        true
    }

    /// Removes the network; principals then call from no workload. True when there was one.
    pub fn remove_network(&mut self) -> bool {
        if self.scenario.network.take().is_none() {
            return false;
        }
        for p in &mut self.scenario.principals {
            p.workload.clear();
        }
        true
    }

    /// The names of the principals that call from workload `name`.
    pub fn principals_calling_from(&self, name: &str) -> Vec<&str> {
        self.scenario
            .principals
            .iter()
            .filter(|p| !name.is_empty() && p.workload == name)
            .map(|p| p.name.as_str())
            .collect()
    }
}

/// Reads a network from JSON text, its error located in that text. A network over the bounds of
/// share links (components, rules, security groups) is refused too, at the start of the text.
pub fn read_network(text: &str) -> Result<Network, NetworkJsonError> {
    let net = parse_network(text)?;
    super::share::validate_network(&net).map_err(|why| {
        let span = Span::new(0, 0);
        let located = Diagnostic::new(Code::INVALID_NETWORK, span, why)
            .locate("network", &LineIndex::new(text));
        NetworkJsonError {
            span,
            located: Box::new(located),
        }
    })?;
    Ok(net)
}

fn parse_network(text: &str) -> Result<Network, NetworkJsonError> {
    crate::network::read(text).map_err(|e| {
        let (at, why) = (e.offset, e.message);
        let span = Span::new(at, at);
        let located = Diagnostic::new(
            Code::INVALID_NETWORK,
            span,
            format!("the network cannot be read: {why}"),
        )
        .locate("network", &LineIndex::new(text));
        NetworkJsonError {
            span,
            located: Box::new(located),
        }
    })
}

/// A small VPC to start from: one private subnet, the SageMaker API's interface endpoint with
/// private DNS (the id of the scenario's interface endpoint, so that the endpoint panel and the
/// network speak of the same one), security groups that let a notebook reach it on 443, the
/// default network ACL, and a `notebook` workload at the context's `aws:VpcSourceIp`.
pub fn starter_network(s: &Scenario) -> Network {
    let region = if s.context.region.trim().is_empty() {
        "us-east-1".to_string()
    } else {
        s.context.region.trim().to_string()
    };
    let vpc_id = if s.context.vpc_id.trim().is_empty() {
        "vpc-0123456789abcdef0".to_string()
    } else {
        s.context.vpc_id.trim().to_string()
    };
    let endpoint_id = s
        .endpoint()
        .filter(|e| !e.endpoint_type.eq_ignore_ascii_case("gateway") && e.id.starts_with("vpce-"))
        .map(|e| e.id.clone())
        .unwrap_or_else(|| super::EndpointDoc::default().id);
    let subnet_cidr = Cidr {
        base: u32::from(std::net::Ipv4Addr::new(10, 0, 1, 0)),
        len: 24,
    };
    let workload_ip = s
        .context
        .vpc_source_ip
        .trim()
        .parse()
        .ok()
        .filter(|ip| subnet_cidr.contains(*ip))
        .unwrap_or(std::net::Ipv4Addr::new(10, 0, 1, 25));
    let vpc = Vpc {
        id: vpc_id,
        ..Vpc::default()
    };
    let https = |peer: Peer| SgRule {
        protocol: Protocol::Tcp,
        ports: Ports::HTTPS,
        peer,
    };
    Network {
        region: region.clone(),
        subnets: vec![Subnet {
            id: "subnet-private-a".into(),
            az: format!("{region}a"),
            cidr: subnet_cidr,
            route_table: Some("rtb-private".into()),
            nacl: None,
        }],
        route_tables: vec![RouteTable {
            id: "rtb-private".into(),
            main: true,
            routes: Vec::new(),
        }],
        nacls: vec![Nacl::allow_all("acl-default")],
        security_groups: vec![
            SecurityGroup {
                id: "sg-notebook".into(),
                ingress: Vec::new(),
                egress: vec![https(Peer::Cidr(vpc.cidr))],
            },
            SecurityGroup {
                id: "sg-endpoint".into(),
                ingress: vec![https(Peer::Group("sg-notebook".into()))],
                egress: Vec::new(),
            },
        ],
        interface_endpoints: vec![InterfaceEndpoint {
            id: endpoint_id,
            service: format!("com.amazonaws.{region}.sagemaker.api"),
            interfaces: vec![EndpointInterface {
                subnet: "subnet-private-a".into(),
                ip: std::net::Ipv4Addr::new(10, 0, 1, 20),
            }],
            security_groups: vec!["sg-endpoint".into()],
            private_dns: true,
        }],
        workloads: vec![Workload {
            name: "notebook".into(),
            kind: crate::network::WorkloadKind::Notebook,
            subnet: "subnet-private-a".into(),
            security_groups: vec!["sg-notebook".into()],
            private_ip: workload_ip,
            public_ip: None,
            ephemeral_ports: Ports::LINUX_EPHEMERAL,
        }],
        vpc,
        ..Network::default()
    }
}

/// The inbound or outbound rules of a network ACL.
fn nacl_rules(nacl: &mut Nacl, dir: Direction) -> &mut Vec<NaclRule> {
    match dir {
        Direction::Inbound => &mut nacl.inbound,
        Direction::Outbound => &mut nacl.outbound,
    }
}

/// The ingress or egress rules of a security group.
fn sg_rules(group: &mut SecurityGroup, dir: Direction) -> &mut Vec<SgRule> {
    match dir {
        Direction::Inbound => &mut group.ingress,
        Direction::Outbound => &mut group.egress,
    }
}

/// A route to `0.0.0.0/0` through the first NAT gateway (else the internet gateway, else the
/// first gateway endpoint, else a NAT gateway to name).
fn add_route(net: &mut Network, t: usize) -> bool {
    let target = net
        .nat_gateways
        .first()
        .map(|n| Target::NatGateway(n.id.clone()))
        .or_else(|| net.internet_gateway.clone().map(Target::InternetGateway))
        .or_else(|| {
            net.gateway_endpoints
                .first()
                .map(|g| Target::GatewayEndpoint(g.id.clone()))
        })
        .unwrap_or_else(|| Target::NatGateway("nat-0example".into()));
    match net.route_tables.get_mut(t) {
        Some(table) if table.routes.len() < MAX_NETWORK_ROWS => {
            table.routes.push(Route {
                destination: Destination::Cidr(Cidr::ANY),
                target,
            });
            true
        }
        _ => false,
    }
}

/// A rule allowing HTTPS from anywhere, numbered 100 above the highest (or the first free
/// number when that is past [`MAX_NACL_RULE`]).
fn add_nacl_rule(net: &mut Network, n: usize, dir: Direction) -> bool {
    let Some(rules) = net.nacls.get_mut(n).map(|nacl| nacl_rules(nacl, dir)) else {
        return false;
    };
    if rules.len() >= MAX_NETWORK_ROWS {
        return false;
    }
    let highest = rules.iter().map(|r| r.number).max().unwrap_or(0);
    let next = (u32::from(highest) / 100 + 1) * 100;
    let number = u16::try_from(next)
        .ok()
        .filter(|n| *n <= MAX_NACL_RULE)
        .or_else(|| (1..=MAX_NACL_RULE).find(|k| rules.iter().all(|r| r.number != *k)));
    let Some(number) = number else {
        return false;
    };
    rules.push(NaclRule {
        number,
        protocol: Protocol::Tcp,
        ports: Ports::HTTPS,
        cidr: Cidr::ANY,
        allow: true,
    });
    true
}

/// A rule for HTTPS: egress to anywhere, ingress from the VPC's range.
fn add_sg_rule(net: &mut Network, g: usize, dir: Direction) -> bool {
    let vpc = net.vpc.cidr;
    let Some(rules) = net
        .security_groups
        .get_mut(g)
        .map(|group| sg_rules(group, dir))
    else {
        return false;
    };
    if rules.len() >= MAX_NETWORK_ROWS {
        return false;
    }
    rules.push(SgRule {
        protocol: Protocol::Tcp,
        ports: Ports::HTTPS,
        peer: Peer::Cidr(match dir {
            Direction::Inbound => vpc,
            Direction::Outbound => Cidr::ANY,
        }),
    });
    true
}

fn cidr(text: &str) -> Result<Cidr, String> {
    Cidr::parse(text).ok_or_else(|| {
        let t = text.trim();
        if let Some((addr, len)) = t.split_once('/') {
            if addr.parse::<std::net::Ipv4Addr>().is_ok()
                && len.parse::<u8>().is_ok_and(|l| l <= 32)
            {
                return format!(
                    "`{t}` has host bits set past the /{len} prefix: write the range's first address"
                );
            }
        }
        format!("`{t}` is not an IPv4 range such as `10.0.0.0/16` or `0.0.0.0/0`")
    })
}

fn protocol(text: &str) -> Result<Protocol, String> {
    Protocol::parse(text).ok_or_else(|| {
        format!(
            "`{}` is not a protocol: `tcp`, `udp`, `icmp` or `all`",
            text.trim()
        )
    })
}

fn ports(text: &str) -> Result<Ports, String> {
    Ports::parse(text).ok_or_else(|| {
        format!(
            "`{}` is not a port range: a port (`443`), a range (`1024-65535`, first ≤ last, at most 65535) or `all`",
            text.trim()
        )
    })
}

/// An id that must start with `prefix` and have something after it.
fn id(text: &str, prefix: &str, what: &str) -> Result<String, String> {
    let t = text.trim();
    if t.len() > prefix.len() && t.starts_with(prefix) && !t.contains(char::is_whitespace) {
        Ok(t.to_string())
    } else {
        Err(format!("`{t}` is not {what} (`{prefix}…`)"))
    }
}

/// Checks `text` for `cell` and, when it is valid, applies it.
fn set_cell(net: &mut Network, cell: NetCell, text: &str) -> Result<(), String> {
    let gone = || "this row is no longer there".to_string();
    match cell {
        NetCell::Route {
            table,
            route,
            column,
        } => {
            let r = net
                .route_tables
                .get_mut(table)
                .and_then(|t| t.routes.get_mut(route))
                .ok_or_else(gone)?;
            match column {
                RouteColumn::Destination => {
                    r.destination = if text.trim().starts_with("pl-") {
                        Destination::PrefixList(id(text, "pl-", "a prefix list id")?)
                    } else {
                        Destination::Cidr(cidr(text).map_err(|_| {
                            format!(
                                "`{}` is neither a range such as `0.0.0.0/0` nor a prefix list id (`pl-…`)",
                                text.trim()
                            )
                        })?)
                    }
                }
                RouteColumn::Target => {
                    let t = text.trim();
                    r.target = if t.starts_with("igw-") {
                        Target::InternetGateway(id(t, "igw-", "an internet gateway id")?)
                    } else if t.starts_with("nat-") {
                        Target::NatGateway(id(t, "nat-", "a NAT gateway id")?)
                    } else if t.starts_with("vpce-") {
                        Target::GatewayEndpoint(id(t, "vpce-", "a gateway endpoint id")?)
                    } else {
                        return Err(format!("`{t}` is not a route target: an internet gateway (`igw-…`), a NAT gateway (`nat-…`) or a gateway endpoint (`vpce-…`)"));
                    }
                }
            }
        }
        NetCell::Nacl {
            nacl,
            dir,
            rule,
            column,
        } => {
            let n = net.nacls.get_mut(nacl).ok_or_else(gone)?;
            let id = n.id.clone();
            let rules = nacl_rules(n, dir);
            if rule >= rules.len() {
                return Err(gone());
            }
            match column {
                NaclColumn::Number => {
                    let t = text.trim();
                    let number = t
                        .parse::<u16>()
                        .ok()
                        .filter(|k| (1..=MAX_NACL_RULE).contains(k))
                        .ok_or_else(|| {
                            format!("`{t}` is not a rule number: a whole number from 1 to {MAX_NACL_RULE}")
                        })?;
                    if rules
                        .iter()
                        .enumerate()
                        .any(|(i, r)| i != rule && r.number == number)
                    {
                        return Err(format!(
                            "rule {number} is already an {} rule of {id}: each number once per direction",
                            dir.as_str()
                        ));
                    }
                    rules[rule].number = number;
                }
                NaclColumn::Protocol => rules[rule].protocol = protocol(text)?,
                NaclColumn::Ports => rules[rule].ports = ports(text)?,
                NaclColumn::Cidr => rules[rule].cidr = cidr(text)?,
                NaclColumn::Action => {
                    rules[rule].allow = match text.trim().to_ascii_lowercase().as_str() {
                        "allow" => true,
                        "deny" => false,
                        other => return Err(format!("`{other}` is not `allow` or `deny`")),
                    }
                }
            }
        }
        NetCell::Sg {
            group,
            dir,
            rule,
            column,
        } => {
            let first_list = net.prefix_lists.first().map(|p| p.id.clone());
            let g = net.security_groups.get_mut(group).ok_or_else(gone)?;
            let own = g.id.clone();
            let r = sg_rules(g, dir).get_mut(rule).ok_or_else(gone)?;
            match column {
                SgColumn::Protocol => r.protocol = protocol(text)?,
                SgColumn::Ports => r.ports = ports(text)?,
                SgColumn::PeerKind => {
                    let now = peer_text(&r.peer);
                    r.peer = match text.trim() {
                        "cidr" => Peer::Cidr(Cidr::parse(&now).unwrap_or(Cidr::ANY)),
                        "group" => Peer::Group(if now.starts_with("sg-") { now } else { own }),
                        "prefixList" => Peer::PrefixList(if now.starts_with("pl-") {
                            now
                        } else {
                            first_list.unwrap_or_else(|| "pl-63a5400a".into())
                        }),
                        other => {
                            return Err(format!(
                                "`{other}` is not a peer kind: `cidr`, `group` or `prefixList`"
                            ))
                        }
                    }
                }
                SgColumn::Peer => {
                    r.peer = match r.peer {
                        Peer::Cidr(_) => Peer::Cidr(cidr(text)?),
                        Peer::Group(_) => Peer::Group(id(text, "sg-", "a security group id")?),
                        Peer::PrefixList(_) => {
                            Peer::PrefixList(id(text, "pl-", "a prefix list id")?)
                        }
                    }
                }
            }
        }
        NetCell::Ids { list, item } => {
            let ids = id_list(net, list, text)?;
            let slot = match list {
                IdList::EndpointGroups => net
                    .interface_endpoints
                    .get_mut(item)
                    .map(|e| &mut e.security_groups),
                IdList::WorkloadGroups => {
                    net.workloads.get_mut(item).map(|w| &mut w.security_groups)
                }
                IdList::GatewayRouteTables => net
                    .gateway_endpoints
                    .get_mut(item)
                    .map(|g| &mut g.route_tables),
            };
            *slot.ok_or_else(gone)? = ids;
        }
    }
    Ok(())
}

/// The ids of `text` (separated by commas or spaces) for `list`: each a component of the
/// network, once; at most as many security groups as AWS puts on a network interface.
fn id_list(net: &Network, list: IdList, text: &str) -> Result<Vec<String>, String> {
    let (known, what): (Vec<&str>, &str) = match list {
        IdList::EndpointGroups | IdList::WorkloadGroups => (
            net.security_groups.iter().map(|g| g.id.as_str()).collect(),
            "security group",
        ),
        IdList::GatewayRouteTables => (
            net.route_tables.iter().map(|t| t.id.as_str()).collect(),
            "route table",
        ),
    };
    let mut ids: Vec<String> = Vec::new();
    for id in text
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|t| !t.is_empty())
    {
        if !known.contains(&id) {
            let hint = crate::text::did_you_mean(id, &known)
                .map(|s| format!(": did you mean `{s}`?"))
                .unwrap_or_else(|| format!(" (it has {})", crate::text::quoted_list(&known)));
            return Err(format!("the network has no {what} `{id}`{hint}"));
        }
        if ids.iter().any(|i| i == id) {
            return Err(format!("`{id}` is listed twice"));
        }
        ids.push(id.to_string());
    }
    let most = super::share::MAX_INTERFACE_GROUPS;
    if list != IdList::GatewayRouteTables && ids.len() > most {
        return Err(format!(
            "{} security groups; at most {most} on a network interface",
            ids.len()
        ));
    }
    Ok(ids)
}

/// A peer's value as the table shows it.
pub fn peer_text(peer: &Peer) -> String {
    match peer {
        Peer::Cidr(c) => c.to_string(),
        Peer::Group(id) | Peer::PrefixList(id) => id.clone(),
    }
}

/// A peer's kind as the document writes it: `cidr`, `group` or `prefixList`.
pub fn peer_kind(peer: &Peer) -> &'static str {
    match peer {
        Peer::Cidr(_) => "cidr",
        Peer::Group(_) => "group",
        Peer::PrefixList(_) => "prefixList",
    }
}

/// Ports as the tables show them: `443`, `1024-65535`, `all`.
pub fn ports_text(p: Ports) -> String {
    if p == Ports::ALL {
        "all".into()
    } else if p.from == p.to {
        p.from.to_string()
    } else {
        format!("{}-{}", p.from, p.to)
    }
}

/// A route's destination as the table shows it.
pub fn destination_text(d: &Destination) -> String {
    match d {
        Destination::Cidr(c) => c.to_string(),
        Destination::PrefixList(id) => id.clone(),
    }
}

/// A route's target as the table shows it.
pub fn target_text(t: &Target) -> &str {
    match t {
        Target::InternetGateway(id) | Target::NatGateway(id) | Target::GatewayEndpoint(id) => id,
    }
}

/// What a cell of the tables shows when the document holds it (`None` when it does not).
pub fn cell_text(net: &Network, cell: NetCell) -> Option<String> {
    Some(match cell {
        NetCell::Route {
            table,
            route,
            column,
        } => {
            let r = net.route_tables.get(table)?.routes.get(route)?;
            match column {
                RouteColumn::Destination => destination_text(&r.destination),
                RouteColumn::Target => target_text(&r.target).to_string(),
            }
        }
        NetCell::Nacl {
            nacl,
            dir,
            rule,
            column,
        } => {
            let n = net.nacls.get(nacl)?;
            let r = match dir {
                Direction::Inbound => &n.inbound,
                Direction::Outbound => &n.outbound,
            }
            .get(rule)?;
            match column {
                NaclColumn::Number => r.number.to_string(),
                NaclColumn::Protocol => r.protocol.as_str().to_string(),
                NaclColumn::Ports => ports_text(r.ports),
                NaclColumn::Cidr => r.cidr.to_string(),
                NaclColumn::Action => if r.allow { "allow" } else { "deny" }.to_string(),
            }
        }
        NetCell::Sg {
            group,
            dir,
            rule,
            column,
        } => {
            let g = net.security_groups.get(group)?;
            let r = match dir {
                Direction::Inbound => &g.ingress,
                Direction::Outbound => &g.egress,
            }
            .get(rule)?;
            match column {
                SgColumn::Protocol => r.protocol.as_str().to_string(),
                SgColumn::Ports => ports_text(r.ports),
                SgColumn::PeerKind => peer_kind(&r.peer).to_string(),
                SgColumn::Peer => peer_text(&r.peer),
            }
        }
        NetCell::Ids { list, item } => match list {
            IdList::EndpointGroups => net
                .interface_endpoints
                .get(item)?
                .security_groups
                .join(", "),
            IdList::WorkloadGroups => net.workloads.get(item)?.security_groups.join(", "),
            IdList::GatewayRouteTables => net.gateway_endpoints.get(item)?.route_tables.join(", "),
        },
    })
}

/// Text typed into a cell that could not be applied, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    /// What the user typed (kept in the field).
    pub text: String,
    /// Why it is not applied.
    pub message: String,
}

/// What the network editors hold besides the document: each cell's text that could not be
/// applied, and the JSON editor's text while it is being edited (with its error, if any).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NetworkForm {
    /// By cell, in the cells' order (a sorted list: a few entries, and a map type of its own
    /// would be kilobytes of the page's bundle).
    drafts: Vec<(NetCell, Draft)>,
    json: Option<(String, Option<NetworkJsonError>)>,
}

impl NetworkForm {
    /// The text typed into `cell` that is not applied, if any.
    pub fn draft(&self, cell: NetCell) -> Option<&Draft> {
        let at = self.draft_at(cell).ok()?;
        self.drafts.get(at).map(|(_, d)| d)
    }

    /// Where `cell`'s draft is in the list (`Ok`), or would go (`Err`).
    fn draft_at(&self, cell: NetCell) -> Result<usize, usize> {
        self.drafts.binary_search_by(|(c, _)| c.cmp(&cell))
    }

    /// Sets `cell`'s draft, in the cells' order.
    fn set_draft(&mut self, cell: NetCell, draft: Draft) {
        match self.draft_at(cell) {
            Ok(at) => {
                if let Some(entry) = self.drafts.get_mut(at) {
                    entry.1 = draft;
                }
            }
            Err(at) => self.drafts.insert(at, (cell, draft)),
        }
    }

    /// How many cells hold text that is not applied.
    pub fn draft_count(&self) -> usize {
        self.drafts.len()
    }

    /// Text typed into `cell`: applied when valid (its draft dropped), else kept as a draft with
    /// the reason. The JSON editor then shows the document again, unless it holds text that
    /// cannot be read (kept too). True when the document changed.
    pub fn edit_cell(&mut self, ws: &mut Workspace, cell: NetCell, text: String) -> bool {
        match ws.set_network_cell(cell, &text) {
            Ok(()) => {
                if let Ok(at) = self.draft_at(cell) {
                    self.drafts.remove(at);
                }
                self.follow_document();
                true
            }
            Err(message) => {
                self.set_draft(cell, Draft { text, message });
                false
            }
        }
    }

    /// A structural edit: applied; the drafts of a removed row go, those of the rows after it
    /// move up with them; replacing or removing the whole network drops every draft.
    pub fn edit(&mut self, ws: &mut Workspace, edit: &NetEdit) -> bool {
        if !ws.network_edit(edit) {
            return false;
        }
        let removed = match edit {
            NetEdit::RemoveRoute(t, r) => Some((0, *t, None, *r)),
            NetEdit::RemoveNaclRule(n, d, r) => Some((1, *n, Some(*d), *r)),
            NetEdit::RemoveSgRule(g, d, r) => Some((2, *g, Some(*d), *r)),
            NetEdit::AddStarter | NetEdit::Remove => {
                self.drafts.clear();
                self.json = None;
                return true;
            }
            _ => None,
        };
        if let Some((kind, table, dir, row)) = removed {
            for (cell, d) in std::mem::take(&mut self.drafts) {
                let (k, t, di, r) = cell.row();
                if (k, t, di) != (kind, table, dir) || r < row {
                    self.set_draft(cell, d);
                } else if r > row {
                    self.set_draft(cell.at_row(r - 1), d);
                }
            }
        }
        self.follow_document();
        true
    }

    /// The JSON editor's text: what the user is typing, else the network's JSON.
    pub fn json_text(&self, ws: &Workspace) -> String {
        match &self.json {
            Some((text, _)) => text.clone(),
            None => ws.network_json(),
        }
    }

    /// Why the JSON editor's text is not applied, if it is not.
    pub fn json_error(&self) -> Option<&NetworkJsonError> {
        self.json.as_ref().and_then(|(_, e)| e.as_ref())
    }

    /// New text in the JSON editor: the network is replaced when it reads; the text is kept
    /// either way (so that the editor does not reformat it while it is typed). The cells'
    /// drafts no longer apply and go. True when the document changed.
    pub fn edit_json(&mut self, ws: &mut Workspace, text: String) -> bool {
        let result = ws.set_network_json(&text);
        let changed = result.is_ok();
        if changed {
            self.drafts.clear();
        }
        self.json = Some((text, result.err()));
        changed
    }

    /// Forgets everything typed (another document was loaded).
    pub fn clear(&mut self) {
        *self = NetworkForm::default();
    }

    /// After an edit of the document from the tables: the JSON editor shows it, unless its text
    /// does not read (never thrown away).
    fn follow_document(&mut self) {
        if self.json.as_ref().is_some_and(|(_, e)| e.is_none()) {
            self.json = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::presets;

    fn seed() -> Workspace {
        Workspace::new(
            presets::preset("sagemaker-api-exam")
                .expect("preset")
                .scenario,
        )
    }

    fn with_network() -> Workspace {
        let mut ws = seed();
        assert!(ws.add_starter_network());
        ws
    }

    fn nacl(rule: usize, dir: Direction, column: NaclColumn) -> NetCell {
        NetCell::Nacl {
            nacl: 0,
            dir,
            rule,
            column,
        }
    }

    fn sg(group: usize, dir: Direction, rule: usize, column: SgColumn) -> NetCell {
        NetCell::Sg {
            group,
            dir,
            rule,
            column,
        }
    }

    fn route(column: RouteColumn) -> NetCell {
        NetCell::Route {
            table: 0,
            route: 0,
            column,
        }
    }

    #[test]
    fn the_starter_network_is_added_once_and_its_call_arrives_through_the_endpoint() {
        let mut ws = seed();
        assert!(ws.network().is_none());
        assert!(ws.add_starter_network());
        assert!(!ws.add_starter_network(), "only when there is none");
        let net = ws.network().expect("network");
        assert_eq!(net.subnets.len(), 1);
        let e = &net.interface_endpoints[0];
        assert!(e.private_dns);
        assert_eq!(e.service, "com.amazonaws.us-east-1.sagemaker.api");
        // The same id as the scenario's endpoint: the endpoint panel's private DNS switch.
        assert_eq!(Some(&e.id), ws.scenario.endpoint().map(|d| &d.id));
        assert_eq!(net.workloads[0].name, "notebook");
        assert_eq!(
            net.workloads[0].private_ip.to_string(),
            ws.scenario.context.vpc_source_ip
        );
        let path = crate::network::path(net, "notebook", &e.service);
        assert!(path.arrives(), "{path:?}");
        // It survives the document's JSON and a share link.
        let link = crate::scenario::share::encode(&ws.scenario);
        let back = crate::scenario::share::decode(&link).expect("decodes");
        assert_eq!(back.network.as_ref(), ws.network());
    }

    #[test]
    fn removing_the_network_clears_the_principals_workloads() {
        let mut ws = with_network();
        let p = ws.principal_id(0).expect("principal");
        assert!(ws.set_principal_workload(p, "notebook"));
        assert_eq!(
            ws.principals_calling_from("notebook"),
            vec!["specific-user"]
        );
        assert!(ws.network_edit(&NetEdit::Remove));
        assert!(ws.network().is_none());
        assert_eq!(ws.scenario.principals[0].workload, "");
        assert!(!ws.remove_network(), "nothing left to remove");
    }

    #[test]
    fn a_principal_calls_only_from_a_workload_the_network_holds() {
        let mut ws = seed();
        let p = ws.principal_id(1).expect("principal");
        assert!(!ws.set_principal_workload(p, "notebook"), "no network");
        assert!(ws.add_starter_network());
        assert!(!ws.set_principal_workload(p, "laptop"));
        assert_eq!(ws.scenario.principals[1].workload, "");
        assert!(ws.set_principal_workload(p, "notebook"));
        assert_eq!(ws.scenario.principals[1].workload, "notebook");
        assert!(ws.set_principal_workload(p, ""), "none");
        assert_eq!(ws.scenario.principals[1].workload, "");
    }

    #[test]
    fn private_dns_is_set_by_endpoint_id() {
        let mut ws = with_network();
        let id = ws.network().expect("net").interface_endpoints[0].id.clone();
        assert!(ws.set_private_dns(&id, false));
        assert!(!ws.network().expect("net").interface_endpoints[0].private_dns);
        assert!(!ws.set_private_dns(&id, false), "unchanged");
        assert!(!ws.set_private_dns("vpce-none", true), "unknown endpoint");
        assert!(ws.set_private_dns(&id, true));
        assert!(ws.network().expect("net").interface_endpoints[0].private_dns);
    }

    #[test]
    fn nacl_rules_are_added_edited_and_removed() {
        let mut ws = with_network();
        let out = Direction::Outbound;
        assert!(ws.network_edit(&NetEdit::AddNaclRule(0, out)));
        let rules = &ws.network().expect("net").nacls[0].outbound;
        assert_eq!(rules.len(), 2);
        assert_eq!(rules[1].number, 200, "100 above the highest");
        ws.set_network_cell(nacl(1, out, NaclColumn::Number), " 50 ")
            .expect("number");
        ws.set_network_cell(nacl(1, out, NaclColumn::Protocol), "UDP")
            .expect("protocol");
        ws.set_network_cell(nacl(1, out, NaclColumn::Ports), "1024-65535")
            .expect("ports");
        ws.set_network_cell(nacl(1, out, NaclColumn::Cidr), "10.0.0.0/16")
            .expect("cidr");
        ws.set_network_cell(nacl(1, out, NaclColumn::Action), "deny")
            .expect("action");
        let r = &ws.network().expect("net").nacls[0].outbound[1];
        assert_eq!(
            (r.number, r.protocol, r.ports, r.cidr.to_string(), r.allow),
            (
                50,
                Protocol::Udp,
                Ports::NAT_EPHEMERAL,
                "10.0.0.0/16".into(),
                false
            )
        );
        assert_eq!(
            cell_text(ws.network().expect("net"), nacl(1, out, NaclColumn::Ports)).as_deref(),
            Some("1024-65535")
        );
        assert!(ws.network_edit(&NetEdit::RemoveNaclRule(0, out, 0)));
        let rules = &ws.network().expect("net").nacls[0].outbound;
        assert_eq!(rules.iter().map(|r| r.number).collect::<Vec<_>>(), [50]);
        assert!(!ws.network_edit(&NetEdit::RemoveNaclRule(0, out, 5)));
        assert!(
            !ws.network_edit(&NetEdit::AddNaclRule(3, out)),
            "no such ACL"
        );
    }

    #[test]
    fn invalid_nacl_values_are_refused_with_a_reason_and_change_nothing() {
        let mut ws = with_network();
        let inb = Direction::Inbound;
        assert!(ws.network_edit(&NetEdit::AddNaclRule(0, inb)));
        let before = ws.scenario.clone();
        for (column, text, says) in [
            (NaclColumn::Number, "0", "1 to 32766"),
            (NaclColumn::Number, "32767", "1 to 32766"),
            (NaclColumn::Number, "ten", "not a rule number"),
            (
                NaclColumn::Number,
                "100",
                "already an inbound rule of acl-default",
            ),
            (NaclColumn::Protocol, "gre", "not a protocol"),
            (NaclColumn::Ports, "65535-1024", "not a port range"),
            (NaclColumn::Ports, "70000", "not a port range"),
            (NaclColumn::Cidr, "10.0.0.0/33", "not an IPv4 range"),
            (NaclColumn::Cidr, "10.0.0.1/16", "host bits"),
            (NaclColumn::Cidr, "10.0.0/8", "not an IPv4 range"),
            (NaclColumn::Action, "permit", "not `allow` or `deny`"),
        ] {
            let e = ws
                .set_network_cell(nacl(1, inb, column), text)
                .expect_err(text);
            assert!(e.contains(says), "{text}: {e}");
        }
        assert_eq!(ws.scenario, before, "nothing applied");
        // The same number in the other direction is fine.
        ws.set_network_cell(nacl(0, Direction::Outbound, NaclColumn::Number), "200")
            .expect("another direction");
        let gone = ws.set_network_cell(nacl(9, inb, NaclColumn::Number), "300");
        assert!(gone.is_err(), "a row that is not there");
    }

    #[test]
    fn security_group_rules_and_their_peers() {
        let mut ws = with_network();
        let egress = Direction::Outbound;
        assert!(ws.network_edit(&NetEdit::AddSgRule(0, egress)));
        ws.set_network_cell(sg(0, egress, 1, SgColumn::Protocol), "all")
            .expect("protocol");
        ws.set_network_cell(sg(0, egress, 1, SgColumn::Ports), "all")
            .expect("ports");
        ws.set_network_cell(sg(0, egress, 1, SgColumn::Peer), "10.0.1.0/24")
            .expect("cidr");
        // The kind changes: the value follows (the group's own id, a prefix list's id).
        ws.set_network_cell(sg(0, egress, 1, SgColumn::PeerKind), "group")
            .expect("kind");
        assert_eq!(
            ws.network().expect("net").security_groups[0].egress[1].peer,
            Peer::Group("sg-notebook".into())
        );
        let e = ws
            .set_network_cell(sg(0, egress, 1, SgColumn::Peer), "notebook")
            .expect_err("not an id");
        assert!(e.contains("not a security group id"), "{e}");
        ws.set_network_cell(sg(0, egress, 1, SgColumn::Peer), "sg-endpoint")
            .expect("group");
        ws.set_network_cell(sg(0, egress, 1, SgColumn::PeerKind), "prefixList")
            .expect("kind");
        assert_eq!(
            ws.network().expect("net").security_groups[0].egress[1].peer,
            Peer::PrefixList("pl-63a5400a".into())
        );
        ws.set_network_cell(sg(0, egress, 1, SgColumn::PeerKind), "cidr")
            .expect("kind");
        assert_eq!(
            ws.network().expect("net").security_groups[0].egress[1].peer,
            Peer::Cidr(Cidr::ANY)
        );
        for (column, text) in [
            (SgColumn::Protocol, "http"),
            (SgColumn::Ports, "443-80"),
            (SgColumn::Peer, "0.0.0.0/-1"),
            (SgColumn::PeerKind, "anywhere"),
        ] {
            assert!(ws.set_network_cell(sg(0, egress, 1, column), text).is_err());
        }
        assert!(ws.network_edit(&NetEdit::RemoveSgRule(0, egress, 1)));
        assert_eq!(
            ws.network().expect("net").security_groups[0].egress.len(),
            1
        );
        // Ingress of the endpoint's group.
        assert!(ws.network_edit(&NetEdit::AddSgRule(1, Direction::Inbound)));
        assert_eq!(
            ws.network().expect("net").security_groups[1].ingress[1].peer,
            Peer::Cidr(Cidr::parse("10.0.0.0/16").expect("cidr"))
        );
    }

    #[test]
    fn routes_are_added_edited_and_removed() {
        let mut ws = with_network();
        assert!(ws.network_edit(&NetEdit::AddRoute(0)));
        ws.set_network_cell(route(RouteColumn::Destination), "pl-63a5400a")
            .expect("prefix list");
        ws.set_network_cell(route(RouteColumn::Target), "vpce-0s3gateway")
            .expect("gateway endpoint");
        let r = &ws.network().expect("net").route_tables[0].routes[0];
        assert_eq!(r.destination, Destination::PrefixList("pl-63a5400a".into()));
        assert_eq!(r.target, Target::GatewayEndpoint("vpce-0s3gateway".into()));
        ws.set_network_cell(route(RouteColumn::Destination), "0.0.0.0/0")
            .expect("range");
        ws.set_network_cell(route(RouteColumn::Target), "igw-1")
            .expect("igw");
        for (column, text, says) in [
            (RouteColumn::Destination, "everywhere", "neither a range"),
            (RouteColumn::Destination, "pl-", "not a prefix list id"),
            (RouteColumn::Target, "eni-1", "not a route target"),
            (RouteColumn::Target, "nat-", "not a NAT gateway id"),
        ] {
            let e = ws.set_network_cell(route(column), text).expect_err(text);
            assert!(e.contains(says), "{e}");
        }
        assert_eq!(
            ws.network().expect("net").route_tables[0].routes[0].target,
            Target::InternetGateway("igw-1".into())
        );
        assert!(ws.network_edit(&NetEdit::RemoveRoute(0, 0)));
        assert!(ws.network().expect("net").route_tables[0].routes.is_empty());
        assert!(!ws.network_edit(&NetEdit::RemoveRoute(0, 0)));
    }

    #[test]
    fn edits_without_a_network_do_nothing() {
        let mut ws = seed();
        assert!(ws
            .set_network_cell(route(RouteColumn::Target), "igw-1")
            .is_err());
        assert!(!ws.network_edit(&NetEdit::AddRoute(0)));
        assert!(!ws.set_private_dns("vpce-0a1b2c3d4e5f67890", false));
        assert_eq!(ws.network_json(), "");
    }

    #[test]
    fn the_json_editor_replaces_the_network_or_locates_its_error() {
        let mut ws = with_network();
        let text = ws.network_json();
        let before = ws.scenario.clone();
        // A bad range on line 4 of the text.
        let bad = text.replacen("10.0.0.0/16", "10.0.0.0/99", 1);
        let line = bad
            .lines()
            .position(|l| l.contains("10.0.0.0/99"))
            .expect("line")
            + 1;
        let e = ws.set_network_json(&bad).expect_err("refused");
        assert_eq!(e.located.line, line);
        assert_eq!(e.located.code, Code::INVALID_NETWORK);
        assert!(e.located.message.contains("not an IPv4 range"), "{e:?}");
        assert!(!e.located.message.contains(" at line "));
        assert_eq!(ws.scenario, before, "the network stays");
        // Broken JSON, an unknown field, an empty text, multi-byte text: located, no panic.
        for bad in [
            "{",
            "",
            "{\"regoin\": \"x\"}",
            "{\"region\": \"é\", \"vpc\": ]",
            "[1, 2]",
        ] {
            let e = ws.set_network_json(bad).expect_err(bad);
            assert!(e.located.line >= 1, "{bad}");
            assert!(e.span.start <= bad.len());
        }
        // Past a share link's bounds: refused, saying which.
        let mut big = ws.network().expect("net").clone();
        big.nacls[0].inbound = vec![big.nacls[0].inbound[0].clone(); MAX_NETWORK_ROWS + 1];
        let e = ws
            .set_network_json(&serde_json::to_string(&big).expect("json"))
            .expect_err("too many rules");
        assert!(e.located.message.contains("at most 100"), "{e:?}");
        assert_eq!(ws.scenario, before);
        let good = text.replace("\"name\": \"notebook\"", "\"name\": \"studio\"");
        ws.set_network_json(&good).expect("reads");
        assert_eq!(ws.network().expect("net").workloads[0].name, "studio");
    }

    #[test]
    fn the_form_keeps_invalid_text_and_applies_valid_text() {
        let mut ws = with_network();
        let mut form = NetworkForm::default();
        let cell = nacl(0, Direction::Inbound, NaclColumn::Cidr);
        let before = ws.scenario.clone();
        assert!(!form.edit_cell(&mut ws, cell, "10.0.0.0/".into()));
        let d = form.draft(cell).expect("draft");
        assert_eq!(d.text, "10.0.0.0/", "the user's text stays");
        assert!(d.message.contains("not an IPv4 range"), "{}", d.message);
        assert_eq!(ws.scenario, before);
        assert!(form.edit_cell(&mut ws, cell, "10.0.0.0/8".into()));
        assert!(form.draft(cell).is_none());
        assert_eq!(
            ws.network().expect("net").nacls[0].inbound[0]
                .cidr
                .to_string(),
            "10.0.0.0/8"
        );
        // The JSON editor follows the tables, except text of its own that does not read.
        assert!(form.json_text(&ws).contains("10.0.0.0/8"));
        assert!(!form.edit_json(&mut ws, "{ oops".into()));
        assert!(form.json_error().is_some());
        assert!(form.edit_cell(&mut ws, cell, "10.0.0.0/16".into()));
        assert_eq!(
            form.json_text(&ws),
            "{ oops",
            "broken JSON is not thrown away"
        );
        let json = ws.network_json();
        assert!(form.edit_json(&mut ws, json.replace("\n", "\n ")));
        assert!(form.json_error().is_none());
        assert!(
            form.json_text(&ws).contains("\n "),
            "typed text is not reformatted"
        );
        assert!(form.edit_cell(&mut ws, cell, "0.0.0.0/0".into()));
        assert_eq!(form.json_text(&ws), ws.network_json());
    }

    #[test]
    fn removing_a_row_moves_the_drafts_after_it() {
        let mut ws = with_network();
        let mut form = NetworkForm::default();
        let out = Direction::Outbound;
        assert!(form.edit(&mut ws, &NetEdit::AddNaclRule(0, out)));
        assert!(form.edit(&mut ws, &NetEdit::AddNaclRule(0, out)));
        let ports = |rule| nacl(rule, out, NaclColumn::Ports);
        form.edit_cell(&mut ws, ports(1), "x".into());
        form.edit_cell(&mut ws, ports(2), "y".into());
        form.edit_cell(
            &mut ws,
            nacl(0, Direction::Inbound, NaclColumn::Ports),
            "z".into(),
        );
        assert_eq!(form.draft_count(), 3);
        assert!(form.edit(&mut ws, &NetEdit::RemoveNaclRule(0, out, 1)));
        assert_eq!(form.draft_count(), 2);
        assert_eq!(form.draft(ports(1)).map(|d| d.text.as_str()), Some("y"));
        assert!(form.draft(ports(2)).is_none());
        assert!(form
            .draft(nacl(0, Direction::Inbound, NaclColumn::Ports))
            .is_some());
        assert!(form.edit(&mut ws, &NetEdit::Remove));
        assert_eq!(form.draft_count(), 0);
    }

    #[test]
    fn security_group_and_route_table_lists_name_what_the_network_holds() {
        let mut ws = with_network();
        let groups = |item| NetCell::Ids {
            list: IdList::EndpointGroups,
            item,
        };
        ws.set_network_cell(groups(0), "sg-endpoint, sg-notebook")
            .expect("two groups");
        assert_eq!(
            ws.network().expect("net").interface_endpoints[0].security_groups,
            ["sg-endpoint", "sg-notebook"]
        );
        assert_eq!(
            cell_text(ws.network().expect("net"), groups(0)).as_deref(),
            Some("sg-endpoint, sg-notebook")
        );
        let before = ws.scenario.clone();
        let e = ws
            .set_network_cell(groups(0), "sg-endpont")
            .expect_err("unknown");
        assert!(e.contains("did you mean `sg-endpoint`"), "{e}");
        let e = ws
            .set_network_cell(groups(0), "sg-endpoint sg-endpoint")
            .expect_err("twice");
        assert!(e.contains("listed twice"), "{e}");
        assert_eq!(ws.scenario, before);
        let workload = NetCell::Ids {
            list: IdList::WorkloadGroups,
            item: 0,
        };
        ws.set_network_cell(workload, "").expect("none");
        assert!(ws.network().expect("net").workloads[0]
            .security_groups
            .is_empty());
        let tables = NetCell::Ids {
            list: IdList::GatewayRouteTables,
            item: 0,
        };
        assert!(
            ws.set_network_cell(tables, "rtb-private").is_err(),
            "no gateway endpoint"
        );
        let e = ws
            .set_network_cell(groups(3), "")
            .expect_err("no such endpoint");
        assert!(e.contains("no longer there"), "{e}");
    }

    #[test]
    fn rule_numbers_fill_in_below_the_limit() {
        let mut ws = with_network();
        ws.set_network_cell(nacl(0, Direction::Inbound, NaclColumn::Number), "32766")
            .expect("last number");
        assert!(ws.network_edit(&NetEdit::AddNaclRule(0, Direction::Inbound)));
        assert_eq!(ws.network().expect("net").nacls[0].inbound[1].number, 1);
    }

    #[test]
    fn the_page_opens_the_network_tab_and_edits_through_its_form() {
        let mut page = crate::scenario::PageState::new(seed().scenario);
        assert!(!page.network_open());
        page.open_network();
        assert!(page.network_open());
        assert!(page.edit_network(&NetEdit::AddStarter));
        let cell = nacl(0, Direction::Inbound, NaclColumn::Number);
        assert!(!page.edit_network_cell(cell, "0".into()));
        assert_eq!(page.network.draft(cell).map(|d| d.text.as_str()), Some("0"));
        assert!(page.edit_network_cell(cell, "90".into()));
        assert!(!page.edit_network_json("{".into()));
        assert!(page.network.json_error().is_some());
        page.open_layer(crate::engine::Layer::Scps);
        assert!(!page.network_open());
        page.load(seed().scenario);
        assert!(
            page.network.json_error().is_none(),
            "a new document forgets"
        );
    }
}
