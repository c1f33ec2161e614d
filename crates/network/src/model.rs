//! The network of a scenario: one VPC in one Region, as plain data. Ids are the user's strings
//! (`subnet-0a…`); a reference to an id that does not exist is reported by the path, as a hop
//! that blocks, never a panic.

use std::net::Ipv4Addr;

use crate::addr::{Cidr, Ports, Protocol};

/// One VPC and what is in it.
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(rename_all = "camelCase", deny_unknown_fields, default)
)]
pub struct Network {
    /// The Region (`us-east-1`): service names are `com.amazonaws.REGION.SERVICE`.
    pub region: String,
    /// The VPC.
    pub vpc: Vpc,
    /// Its subnets.
    pub subnets: Vec<Subnet>,
    /// Its route tables (the main one marked `main`).
    pub route_tables: Vec<RouteTable>,
    /// Its network ACLs (the default one marked `default`; a VPC without one listed has AWS's
    /// default network ACL, which allows all traffic both ways).
    pub nacls: Vec<Nacl>,
    /// Its security groups.
    pub security_groups: Vec<SecurityGroup>,
    /// Prefix lists (AWS-managed ones such as `com.amazonaws.us-east-1.s3`, or customer ones).
    pub prefix_lists: Vec<PrefixList>,
    /// NAT gateways.
    pub nat_gateways: Vec<NatGateway>,
    /// The internet gateway attached to the VPC, if any (its id).
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub internet_gateway: Option<String>,
    /// Interface endpoints (AWS PrivateLink).
    pub interface_endpoints: Vec<InterfaceEndpoint>,
    /// Gateway endpoints (Amazon S3, DynamoDB).
    pub gateway_endpoints: Vec<GatewayEndpoint>,
    /// What makes calls: instances, notebooks, training jobs.
    pub workloads: Vec<Workload>,
    /// The address standing for a service's public endpoint when a call leaves the VPC (any
    /// address outside it; a rule matches the call when its range holds this address).
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub public_service_address: Option<Ipv4Addr>,
}

/// The VPC.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(rename_all = "camelCase", deny_unknown_fields, default)
)]
pub struct Vpc {
    /// Its id (`vpc-…`): `aws:SourceVpc` of calls through its endpoints.
    pub id: String,
    /// Its IPv4 range: the local route covers it.
    pub cidr: Cidr,
    /// `enableDnsSupport`: the Amazon-provided DNS server answers (private DNS needs it).
    pub dns_support: bool,
    /// `enableDnsHostnames` (private DNS of interface endpoints needs it too).
    pub dns_hostnames: bool,
}

impl Default for Vpc {
    fn default() -> Vpc {
        Vpc {
            id: String::new(),
            cidr: Cidr {
                base: u32::from(Ipv4Addr::new(10, 0, 0, 0)),
                len: 16,
            },
            dns_support: true,
            dns_hostnames: true,
        }
    }
}

/// A subnet.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(rename_all = "camelCase", deny_unknown_fields)
)]
pub struct Subnet {
    /// Its id.
    pub id: String,
    /// Its Availability Zone (`us-east-1a`).
    pub az: String,
    /// Its range (inside the VPC's).
    pub cidr: Cidr,
    /// Its route table; `None`: the VPC's main route table.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub route_table: Option<String>,
    /// Its network ACL; `None`: the VPC's default network ACL.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub nacl: Option<String>,
}

/// A route table. Every route table has the local route for the VPC's range, implicitly.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(rename_all = "camelCase", deny_unknown_fields)
)]
pub struct RouteTable {
    /// Its id.
    pub id: String,
    /// The VPC's main route table (subnets without their own use it).
    #[cfg_attr(feature = "serde", serde(default))]
    pub main: bool,
    /// Its routes besides the local one.
    #[cfg_attr(feature = "serde", serde(default))]
    pub routes: Vec<Route>,
}

/// A route.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(rename_all = "camelCase", deny_unknown_fields)
)]
pub struct Route {
    /// What it sends: a range (`0.0.0.0/0`) or a prefix list's id (`pl-…`).
    #[cfg_attr(feature = "serde", serde(with = "crate::doc::destination"))]
    pub destination: Destination,
    /// Where it sends it: an id, `igw-…`, `nat-…` or `vpce-…`.
    #[cfg_attr(feature = "serde", serde(with = "crate::doc::target"))]
    pub target: Target,
}

/// A route's destination.
#[derive(Debug, Clone, PartialEq)]
pub enum Destination {
    /// An address range (`0.0.0.0/0`).
    Cidr(Cidr),
    /// A prefix list's ranges (a gateway endpoint's route).
    PrefixList(String),
}

/// A route's target.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// An internet gateway (by id).
    InternetGateway(String),
    /// A NAT gateway (by id).
    NatGateway(String),
    /// A gateway endpoint (by id).
    GatewayEndpoint(String),
}

/// A network ACL: stateless, numbered rules, lowest number first, the first that matches
/// decides; nothing matching is denied (the `*` rule).
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(rename_all = "camelCase", deny_unknown_fields)
)]
pub struct Nacl {
    /// Its id.
    pub id: String,
    /// The VPC's default network ACL (subnets without their own use it).
    #[cfg_attr(feature = "serde", serde(default))]
    pub default: bool,
    /// Rules for traffic entering the subnet.
    #[cfg_attr(feature = "serde", serde(default))]
    pub inbound: Vec<NaclRule>,
    /// Rules for traffic leaving the subnet.
    #[cfg_attr(feature = "serde", serde(default))]
    pub outbound: Vec<NaclRule>,
}

impl Nacl {
    /// AWS's default network ACL: rule 100 allows all traffic, each way.
    pub fn allow_all(id: &str) -> Nacl {
        let all = NaclRule {
            number: 100,
            protocol: Protocol::All,
            ports: Ports::ALL,
            cidr: Cidr::ANY,
            allow: true,
        };
        Nacl {
            id: id.to_string(),
            default: true,
            inbound: vec![all.clone()],
            outbound: vec![all],
        }
    }
}

/// A network ACL rule.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(rename_all = "camelCase", deny_unknown_fields)
)]
pub struct NaclRule {
    /// Its number (1..=32766): lower numbers are read first.
    #[cfg_attr(feature = "serde", serde(rename = "rule"))]
    pub number: u16,
    /// The protocol.
    pub protocol: Protocol,
    /// The ports (TCP and UDP).
    #[cfg_attr(feature = "serde", serde(default))]
    pub ports: Ports,
    /// The other side's range: the source of inbound traffic, the destination of outbound.
    pub cidr: Cidr,
    /// Allow, or deny (`"action": "allow" | "deny"`).
    #[cfg_attr(
        feature = "serde",
        serde(rename = "action", with = "crate::doc::action")
    )]
    pub allow: bool,
}

/// A security group: stateful (the answer to allowed traffic is allowed), allow rules only.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(rename_all = "camelCase", deny_unknown_fields)
)]
pub struct SecurityGroup {
    /// Its id.
    pub id: String,
    /// Rules for traffic arriving at the resources that carry it.
    #[cfg_attr(feature = "serde", serde(default))]
    pub ingress: Vec<SgRule>,
    /// Rules for traffic they send. Read as listed: AWS creates a group with one outbound rule
    /// allowing everything, which a document must write to have it; without `egress` (or with
    /// it empty) the group has no outbound rule and lets nothing out, like a group whose
    /// outbound rules were removed.
    #[cfg_attr(feature = "serde", serde(default))]
    pub egress: Vec<SgRule>,
}

/// A security group rule.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct SgRule {
    /// The protocol.
    pub protocol: Protocol,
    /// The ports (TCP and UDP).
    #[cfg_attr(feature = "serde", serde(default))]
    pub ports: Ports,
    /// The other side: `"cidr"`, `"group"` or `"prefixList"`.
    #[cfg_attr(feature = "serde", serde(flatten))]
    pub peer: Peer,
}

/// The other side of a security group rule.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub enum Peer {
    /// An address range.
    Cidr(Cidr),
    /// Resources carrying this security group (by id).
    Group(String),
    /// A prefix list's ranges (by id).
    PrefixList(String),
}

/// A prefix list.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(rename_all = "camelCase", deny_unknown_fields)
)]
pub struct PrefixList {
    /// Its id (`pl-…`).
    pub id: String,
    /// Its name (`com.amazonaws.us-east-1.s3` for AWS's S3 list).
    pub name: String,
    /// Its ranges.
    pub cidrs: Vec<Cidr>,
}

/// A NAT gateway (public): calls leave with its public address.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(rename_all = "camelCase", deny_unknown_fields)
)]
pub struct NatGateway {
    /// Its id.
    pub id: String,
    /// The (public) subnet it is in.
    pub subnet: String,
    /// Its private address, in that subnet.
    pub private_ip: Ipv4Addr,
    /// Its Elastic IP address: `aws:SourceIp` of calls through it.
    pub public_ip: Ipv4Addr,
}

/// An interface endpoint: one network interface per subnet it is in.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(rename_all = "camelCase", deny_unknown_fields)
)]
pub struct InterfaceEndpoint {
    /// Its id (`vpce-…`): `aws:SourceVpce` of calls through it.
    pub id: String,
    /// The service (`com.amazonaws.us-east-1.sagemaker.api`).
    pub service: String,
    /// Its network interfaces, one per subnet.
    pub interfaces: Vec<EndpointInterface>,
    /// The security groups of its network interfaces.
    #[cfg_attr(feature = "serde", serde(default))]
    pub security_groups: Vec<String>,
    /// Private DNS: the service's default name resolves to the interfaces inside the VPC (on
    /// unless said otherwise, as AWS creates endpoints of AWS services).
    #[cfg_attr(feature = "serde", serde(default = "crate::doc::yes"))]
    pub private_dns: bool,
}

/// A network interface of an interface endpoint.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(rename_all = "camelCase", deny_unknown_fields)
)]
pub struct EndpointInterface {
    /// Its subnet.
    pub subnet: String,
    /// Its private address, in that subnet.
    pub ip: Ipv4Addr,
}

/// A gateway endpoint: routes to the service's prefix list in the route tables associated.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(rename_all = "camelCase", deny_unknown_fields)
)]
pub struct GatewayEndpoint {
    /// Its id: `aws:SourceVpce` of calls through it.
    pub id: String,
    /// The service (`com.amazonaws.us-east-1.s3`).
    pub service: String,
    /// The route tables it is associated with (each gets a route to the service's prefix list).
    #[cfg_attr(feature = "serde", serde(default))]
    pub route_tables: Vec<String>,
}

/// What a workload is. Its calls are signed with its role's credentials (the instance profile's
/// role, the notebook's or job's execution role): the scenario's principals that call from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub enum WorkloadKind {
    /// An EC2 instance (`"instance"`).
    #[default]
    Instance,
    /// A SageMaker notebook instance (`"notebook"`).
    Notebook,
    /// A SageMaker training job run in the VPC (`"trainingJob"`).
    TrainingJob,
}

impl WorkloadKind {
    /// True for the default, an EC2 instance.
    pub fn is_instance(&self) -> bool {
        *self == WorkloadKind::Instance
    }

    /// In words: `EC2 instance`, `SageMaker notebook`, `SageMaker training job`.
    pub fn words(self) -> &'static str {
        match self {
            WorkloadKind::Instance => "EC2 instance",
            WorkloadKind::Notebook => "SageMaker notebook",
            WorkloadKind::TrainingJob => "SageMaker training job",
        }
    }
}

/// Something in a subnet that calls AWS: an EC2 instance, a SageMaker notebook or job.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(rename_all = "camelCase", deny_unknown_fields)
)]
pub struct Workload {
    /// Its name.
    pub name: String,
    /// What it is (an EC2 instance unless said otherwise); the path does not depend on it.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "WorkloadKind::is_instance")
    )]
    pub kind: WorkloadKind,
    /// Its subnet.
    pub subnet: String,
    /// Its security groups.
    #[cfg_attr(feature = "serde", serde(default))]
    pub security_groups: Vec<String>,
    /// Its private address.
    pub private_ip: Ipv4Addr,
    /// Its public address, if it has one (needed to use an internet gateway).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub public_ip: Option<Ipv4Addr>,
    /// The source ports its operating system picks for connections (default: the Amazon Linux
    /// kernel's, 32768-61000).
    #[cfg_attr(feature = "serde", serde(default = "crate::doc::linux_ports"))]
    pub ephemeral_ports: Ports,
}
