//! The path rules, on a VPC like the study note's: a notebook and hosts in private subnets, an
//! interface endpoint for the SageMaker API, a NAT gateway, an S3 gateway endpoint.

use super::*;
use crate::addr::{Cidr, Ports, Protocol};
use crate::model::*;

const SAGEMAKER: &str = "com.amazonaws.us-east-1.sagemaker.api";
const S3: &str = "com.amazonaws.us-east-1.s3";

fn cidr(s: &str) -> Cidr {
    Cidr::parse(s).expect("cidr")
}

fn ip(s: &str) -> Ipv4Addr {
    s.parse().expect("ip")
}

fn subnet(id: &str, az: &str, range: &str, table: &str, nacl: Option<&str>) -> Subnet {
    Subnet {
        id: id.into(),
        az: az.into(),
        cidr: cidr(range),
        route_table: Some(table.into()),
        nacl: nacl.map(str::to_string),
    }
}

fn rule(protocol: Protocol, ports: &str, peer: Peer) -> SgRule {
    SgRule {
        protocol,
        ports: Ports::parse(ports).expect("ports"),
        peer,
    }
}

fn nacl_rule(number: u16, ports: &str, range: &str, allow: bool) -> NaclRule {
    NaclRule {
        number,
        protocol: Protocol::Tcp,
        ports: Ports::parse(ports).expect("ports"),
        cidr: cidr(range),
        allow,
    }
}

fn workload(name: &str, subnet: &str, group: &str, address: &str) -> Workload {
    Workload {
        kind: WorkloadKind::Instance,
        name: name.into(),
        subnet: subnet.into(),
        security_groups: vec![group.into()],
        private_ip: ip(address),
        public_ip: None,
        ephemeral_ports: Ports::LINUX_EPHEMERAL,
    }
}

fn network() -> Network {
    let all_out = rule(Protocol::All, "all", Peer::Cidr(Cidr::ANY));
    Network {
        region: "us-east-1".into(),
        vpc: Vpc {
            id: "vpc-0123456789abcdef0".into(),
            cidr: cidr("10.0.0.0/16"),
            dns_support: true,
            dns_hostnames: true,
        },
        subnets: vec![
            subnet(
                "subnet-public",
                "us-east-1a",
                "10.0.0.0/24",
                "rtb-public",
                None,
            ),
            subnet(
                "subnet-private-a",
                "us-east-1a",
                "10.0.1.0/24",
                "rtb-private",
                None,
            ),
            subnet(
                "subnet-private-b",
                "us-east-1b",
                "10.0.2.0/24",
                "rtb-private",
                None,
            ),
            subnet(
                "subnet-legacy",
                "us-east-1a",
                "10.0.3.0/24",
                "rtb-private",
                Some("acl-legacy"),
            ),
        ],
        route_tables: vec![
            RouteTable {
                id: "rtb-public".into(),
                main: false,
                routes: vec![Route {
                    destination: Destination::Cidr(Cidr::ANY),
                    target: Target::InternetGateway("igw-1".into()),
                }],
            },
            RouteTable {
                id: "rtb-private".into(),
                main: true,
                routes: vec![Route {
                    destination: Destination::Cidr(Cidr::ANY),
                    target: Target::NatGateway("nat-1".into()),
                }],
            },
        ],
        nacls: vec![Nacl {
            id: "acl-legacy".into(),
            default: false,
            // Lets calls out, and HTTPS in from the VPC, but not the answers to its own calls.
            inbound: vec![nacl_rule(100, "443", "10.0.0.0/16", true)],
            outbound: vec![nacl_rule(100, "all", "0.0.0.0/0", true)],
        }],
        security_groups: vec![
            SecurityGroup {
                id: "sg-notebook".into(),
                ingress: vec![],
                egress: vec![all_out.clone()],
            },
            SecurityGroup {
                id: "sg-batch".into(),
                ingress: vec![],
                egress: vec![rule(Protocol::Tcp, "5432", Peer::Cidr(cidr("10.0.0.0/16")))],
            },
            SecurityGroup {
                id: "sg-legacy".into(),
                ingress: vec![],
                egress: vec![all_out],
            },
            SecurityGroup {
                id: "sg-endpoint".into(),
                ingress: vec![rule(Protocol::Tcp, "443", Peer::Cidr(cidr("10.0.0.0/16")))],
                egress: vec![],
            },
        ],
        prefix_lists: vec![PrefixList {
            id: "pl-63a5400a".into(),
            name: S3.into(),
            cidrs: vec![cidr("52.216.0.0/15")],
        }],
        nat_gateways: vec![NatGateway {
            id: "nat-1".into(),
            subnet: "subnet-public".into(),
            private_ip: ip("10.0.0.10"),
            public_ip: ip("198.51.100.7"),
        }],
        internet_gateway: Some("igw-1".into()),
        interface_endpoints: vec![InterfaceEndpoint {
            id: "vpce-0a1b2c3d4e5f67890".into(),
            service: SAGEMAKER.into(),
            interfaces: vec![
                EndpointInterface {
                    subnet: "subnet-private-a".into(),
                    ip: ip("10.0.1.20"),
                },
                EndpointInterface {
                    subnet: "subnet-private-b".into(),
                    ip: ip("10.0.2.20"),
                },
            ],
            security_groups: vec!["sg-endpoint".into()],
            private_dns: true,
        }],
        gateway_endpoints: vec![GatewayEndpoint {
            id: "vpce-s3gateway".into(),
            service: S3.into(),
            route_tables: vec!["rtb-private".into()],
        }],
        workloads: vec![
            workload("notebook", "subnet-private-a", "sg-notebook", "10.0.1.50"),
            workload("batch-host", "subnet-private-b", "sg-batch", "10.0.2.60"),
            workload("legacy-vm", "subnet-legacy", "sg-legacy", "10.0.3.70"),
            Workload {
                kind: WorkloadKind::Instance,
                public_ip: Some(ip("198.51.100.20")),
                ..workload("web", "subnet-public", "sg-notebook", "10.0.0.30")
            },
        ],
        public_service_address: None,
    }
}

fn hops(p: &Path) -> Vec<(&'static str, bool, &'static str)> {
    p.hops
        .iter()
        .map(|h| (h.kind.as_str(), h.pass, h.code))
        .collect()
}

fn context(net: &Network, p: &Path, name: &str) -> Vec<(&'static str, String)> {
    let w = net
        .workloads
        .iter()
        .find(|w| w.name == name)
        .expect("workload");
    p.context(net, w)
}

#[test]
fn the_notebook_reaches_the_endpoint_in_its_own_zone() {
    let net = network();
    let p = path(&net, "notebook", SAGEMAKER);
    assert_eq!(
        hops(&p),
        vec![
            ("dns", true, "PRIVATE_DNS"),
            ("route", true, "LOCAL_ROUTE"),
            ("security-group-egress", true, "SECURITY_GROUP_ALLOWS"),
            ("nacl-outbound", true, "SAME_SUBNET"),
            ("endpoint-security-group", true, "SECURITY_GROUP_ALLOWS"),
            ("return", true, "STATEFUL_ONLY"),
        ]
    );
    assert!(p.arrives());
    assert_eq!(
        p.way,
        Some(Way::InterfaceEndpoint {
            endpoint: "vpce-0a1b2c3d4e5f67890".into(),
            address: ip("10.0.1.20")
        })
    );
    assert_eq!(
        context(&net, &p, "notebook"),
        vec![
            ("aws:SourceVpce", "vpce-0a1b2c3d4e5f67890".to_string()),
            ("aws:SourceVpc", "vpc-0123456789abcdef0".to_string()),
            ("aws:VpcSourceIp", "10.0.1.50".to_string()),
        ]
    );
}

#[test]
fn a_security_group_without_https_egress_stops_the_call() {
    let net = network();
    let p = path(&net, "batch-host", SAGEMAKER);
    let blocked = p.blocked_at().expect("blocked");
    assert_eq!(blocked.kind, HopKind::SecurityGroupEgress);
    assert_eq!(blocked.code, "NO_MATCHING_EGRESS_RULE");
    assert!(blocked.detail.contains("`sg-batch`"), "{}", blocked.detail);
    assert!(!p.arrives());
    assert!(context(&net, &p, "batch-host").is_empty());
}

#[test]
fn a_stateless_nacl_without_ephemeral_ports_drops_the_answer() {
    let net = network();
    let p = path(&net, "legacy-vm", SAGEMAKER);
    // Across subnets, every ACL is read: out of its subnet, into the endpoint's, and back.
    assert_eq!(
        hops(&p),
        vec![
            ("dns", true, "PRIVATE_DNS"),
            ("route", true, "LOCAL_ROUTE"),
            ("security-group-egress", true, "SECURITY_GROUP_ALLOWS"),
            ("nacl-outbound", true, "NACL_RULE_ALLOWS"),
            ("nacl-inbound", true, "NACL_RULE_ALLOWS"),
            ("endpoint-security-group", true, "SECURITY_GROUP_ALLOWS"),
            ("return", false, "NACL_NO_RULE"),
        ]
    );
    let blocked = p.blocked_at().expect("blocked");
    assert_eq!(blocked.component.as_deref(), Some("acl-legacy"));
    assert!(
        blocked.detail.contains("ports 32768-61000"),
        "{}",
        blocked.detail
    );
}

#[test]
fn private_dns_off_sends_the_call_over_the_nat_gateway() {
    let mut net = network();
    net.interface_endpoints[0].private_dns = false;
    let p = path(&net, "notebook", SAGEMAKER);
    assert_eq!(p.hops[0].code, "PUBLIC_DNS_PRIVATE_DNS_OFF");
    assert_eq!(p.hops[1].code, "NAT_GATEWAY_ROUTE");
    assert!(p.arrives(), "{:?}", p.blocked_at());
    // One hop per kind: the NAT gateway's subnet lets the call in and out again.
    assert_eq!(
        hops(&p),
        vec![
            ("dns", true, "PUBLIC_DNS_PRIVATE_DNS_OFF"),
            ("route", true, "NAT_GATEWAY_ROUTE"),
            ("security-group-egress", true, "SECURITY_GROUP_ALLOWS"),
            ("nacl-outbound", true, "NACL_RULE_ALLOWS"),
            ("nacl-inbound", true, "NACL_RULE_ALLOWS"),
            ("return", true, "NACL_RULE_ALLOWS"),
        ]
    );
    assert!(
        p.hops[4].detail.contains("HTTPS in from 10.0.1.50")
            && p.hops[4].detail.contains("HTTPS out to 203.0.113.10"),
        "{}",
        p.hops[4].detail
    );
    // A NAT subnet whose ACL lets nothing back in from the internet drops the answer.
    let mut net2 = net.clone();
    net2.subnets[0].nacl = Some("acl-legacy".into());
    let p2 = path(&net2, "notebook", SAGEMAKER);
    assert_eq!(
        p2.blocked_at().map(|h| (h.kind, h.code)),
        Some((HopKind::Return, "NACL_NO_RULE"))
    );
    assert_eq!(
        context(&net, &p, "notebook"),
        vec![("aws:SourceIp", "198.51.100.7".to_string())]
    );
    // The VPC's DNS settings matter too: private DNS needs both.
    let mut net = network();
    net.vpc.dns_hostnames = false;
    let p = path(&net, "notebook", SAGEMAKER);
    assert_eq!(p.hops[0].code, "PUBLIC_DNS_VPC_DNS_OFF");
}

#[test]
fn s3_goes_through_the_gateway_endpoint_of_the_route_table() {
    let net = network();
    let p = path(&net, "notebook", S3);
    assert_eq!(p.hops[1].code, "GATEWAY_ENDPOINT_ROUTE");
    assert!(p.arrives());
    assert_eq!(context(&net, &p, "notebook")[0].1, "vpce-s3gateway");
    // The public subnet's route table is not associated: its calls go out the internet gateway.
    let p = path(&net, "web", S3);
    assert_eq!(p.hops[1].code, "INTERNET_GATEWAY_ROUTE");
    assert_eq!(
        context(&net, &p, "web"),
        vec![("aws:SourceIp", "198.51.100.20".to_string())]
    );
}

/// A route table's routes for S3 besides its default route to the NAT gateway.
fn s3_route(net: &mut Network, range: &str) {
    if let Some(t) = net.route_tables.iter_mut().find(|t| t.id == "rtb-private") {
        t.routes.push(Route {
            destination: Destination::Cidr(cidr(range)),
            target: Target::NatGateway("nat-1".into()),
        });
    }
}

#[test]
fn a_range_route_at_least_as_specific_as_the_prefix_list_beats_the_gateway_endpoint() {
    // The S3 list holds 52.216.0.0/15. A route for a wider range leaves the gateway endpoint
    // the longest prefix.
    let mut net = network();
    s3_route(&mut net, "52.0.0.0/8");
    let p = path(&net, "notebook", S3);
    assert_eq!(p.hops[1].code, "GATEWAY_ENDPOINT_ROUTE");
    // A longer prefix wins (longest prefix match), and so does a range route as long as the
    // list's (static routes before prefix-list routes): the call goes over the NAT gateway,
    // to the same S3 address.
    for range in ["52.216.0.0/16", "52.216.0.0/15"] {
        let mut net = network();
        s3_route(&mut net, range);
        let p = path(&net, "notebook", S3);
        assert_eq!(p.hops[1].code, "NAT_GATEWAY_ROUTE", "{range}");
        assert!(p.arrives(), "{range}");
        assert_eq!(
            context(&net, &p, "notebook"),
            vec![("aws:SourceIp", "198.51.100.7".to_string())],
            "{range}"
        );
        assert!(
            p.hops[2].detail.contains("52.216.0.1"),
            "{}",
            p.hops[2].detail
        );
    }
}

#[test]
fn nacl_rules_are_read_lowest_number_first() {
    let mut net = network();
    net.nacls[0].outbound = vec![
        nacl_rule(200, "all", "0.0.0.0/0", true),
        nacl_rule(90, "443", "10.0.1.0/24", false),
    ];
    let p = path(&net, "legacy-vm", SAGEMAKER);
    let blocked = p.blocked_at().expect("blocked");
    assert_eq!(
        (blocked.kind, blocked.code, blocked.rule),
        (HopKind::NaclOutbound, "NACL_RULE_DENIES", Some(90))
    );
    // The same deny numbered after the allow changes nothing.
    net.nacls[0].outbound[1].number = 300;
    assert_eq!(
        path(&net, "legacy-vm", SAGEMAKER).hops[3].code,
        "NACL_RULE_ALLOWS"
    );
}

#[test]
fn the_answer_needs_every_ephemeral_port() {
    let mut net = network();
    net.nacls[0]
        .inbound
        .push(nacl_rule(110, "32768-40000", "10.0.0.0/16", true));
    let p = path(&net, "legacy-vm", SAGEMAKER);
    let blocked = p.blocked_at().expect("blocked");
    assert_eq!(blocked.code, "NACL_NO_RULE");
    assert!(
        blocked.detail.contains("ports 40001-61000"),
        "{}",
        blocked.detail
    );
    net.nacls[0]
        .inbound
        .push(nacl_rule(120, "40001-65535", "10.0.0.0/16", true));
    assert!(path(&net, "legacy-vm", SAGEMAKER).arrives());
}

#[test]
fn security_groups_can_name_groups() {
    let mut net = network();
    // The endpoint admits the notebook's security group only.
    net.security_groups[3].ingress = vec![rule(
        Protocol::Tcp,
        "443",
        Peer::Group("sg-notebook".into()),
    )];
    assert!(path(&net, "notebook", SAGEMAKER).arrives());
    let p = path(&net, "legacy-vm", SAGEMAKER);
    assert_eq!(
        p.blocked_at().map(|h| h.code),
        Some("NO_MATCHING_INGRESS_RULE")
    );
}

#[test]
fn without_a_route_out_the_call_goes_nowhere() {
    let mut net = network();
    net.interface_endpoints[0].private_dns = false;
    net.route_tables[1].routes.clear();
    let p = path(&net, "notebook", SAGEMAKER);
    assert_eq!(p.blocked_at().map(|h| h.code), Some("NO_ROUTE"));
    assert!(p.way.is_none());
    // A NAT gateway whose subnet cannot reach the internet gateway is no way out either.
    let mut net = network();
    net.interface_endpoints[0].private_dns = false;
    net.route_tables[0].routes.clear();
    let p = path(&net, "notebook", SAGEMAKER);
    assert_eq!(
        p.blocked_at().map(|h| h.code),
        Some("NAT_GATEWAY_NO_INTERNET_ROUTE")
    );
    // An internet gateway needs a public address.
    let mut net = network();
    net.interface_endpoints[0].private_dns = false;
    net.workloads[3].public_ip = None;
    let p = path(&net, "web", SAGEMAKER);
    assert_eq!(p.blocked_at().map(|h| h.code), Some("NO_PUBLIC_IP"));
}

#[test]
fn missing_ids_block_with_a_message() {
    let mut net = network();
    net.workloads[0].subnet = "subnet-gone".into();
    assert_eq!(
        path(&net, "notebook", SAGEMAKER)
            .blocked_at()
            .map(|h| h.code),
        Some("UNKNOWN_SUBNET")
    );
    assert_eq!(
        path(&net, "nobody", SAGEMAKER).blocked_at().map(|h| h.code),
        Some("UNKNOWN_WORKLOAD")
    );
    let mut net = network();
    net.subnets[3].nacl = Some("acl-gone".into());
    assert_eq!(
        path(&net, "legacy-vm", SAGEMAKER)
            .blocked_at()
            .map(|h| h.code),
        Some("UNKNOWN_NACL")
    );
    let mut net = network();
    net.workloads[0].security_groups = vec!["sg-gone".into()];
    let p = path(&net, "notebook", SAGEMAKER);
    let blocked = p.blocked_at().expect("blocked");
    assert!(
        blocked.detail.contains("`sg-gone` do not exist"),
        "{}",
        blocked.detail
    );
    let mut net = network();
    net.interface_endpoints[0].interfaces.clear();
    assert_eq!(
        path(&net, "notebook", SAGEMAKER)
            .blocked_at()
            .map(|h| h.code),
        Some("NO_ENDPOINT_INTERFACE")
    );
}

#[test]
fn a_zone_without_an_interface_uses_another_zones() {
    let mut net = network();
    net.interface_endpoints[0].interfaces.remove(0);
    let p = path(&net, "notebook", SAGEMAKER);
    assert!(p.arrives(), "{:?}", p.blocked_at());
    assert!(
        matches!(&p.way, Some(Way::InterfaceEndpoint { address, .. }) if *address == ip("10.0.2.20"))
    );
    // Across subnets now: both ACLs are read, and the answer's way back.
    assert!(hops(&p).contains(&("nacl-inbound", true, "NACL_RULE_ALLOWS")));
    assert_eq!(p.hops.last().map(|h| h.code), Some("NACL_RULE_ALLOWS"));
}
