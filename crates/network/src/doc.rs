//! The network as a JSON document (with the `serde` feature): the field names of [`crate::model`]
//! in camelCase; ranges, ports and protocols as strings (`"10.0.0.0/16"`, `"443"`,
//! `"1024-65535"`, `"all"`, `"tcp"`); a route's destination a range or a prefix list's id
//! (`pl-…`), its target an id whose prefix says what it is (`igw-`, `nat-`, `vpce-`); a network
//! ACL rule `{"rule": 100, "protocol": "tcp", "ports": "443", "cidr": "0.0.0.0/0",
//! "action": "allow"}`; a security group rule `{"protocol", "ports", "cidr" | "group" |
//! "prefixList"}`.

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::addr::{Cidr, Ports, Protocol};
use crate::model::{Destination, Network, Target};

/// Why a network's JSON text cannot be read, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    /// The byte offset of the mistake in the text (on a character boundary).
    pub offset: usize,
    /// What is wrong, in plain words (without serde's own "at line L column C", which the
    /// caller says in its own terms: the text may sit inside a larger document).
    pub message: String,
}

/// Reads a network from its JSON text.
pub fn read(text: &str) -> Result<Network, ReadError> {
    serde_json::from_str(text).map_err(|e| {
        // serde_json counts lines from 1 and columns in bytes from 1.
        let offset = if e.line() == 0 {
            0
        } else {
            text.split_inclusive('\n')
                .take(e.line() - 1)
                .map(str::len)
                .sum::<usize>()
                + e.column().saturating_sub(1)
        };
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let message = e.to_string();
        let message = match message.rfind(" at line ") {
            Some(at) => message[..at].to_string(),
            None => message,
        };
        ReadError { offset, message }
    })
}

impl Serialize for Cidr {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Cidr {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Cidr, D::Error> {
        let text = String::deserialize(d)?;
        Cidr::parse(&text).ok_or_else(|| {
            D::Error::custom(format!(
                "`{text}` is not an IPv4 range such as `10.0.0.0/16` (host bits beyond the prefix must be zero)"
            ))
        })
    }
}

impl Serialize for Ports {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if *self == Ports::ALL {
            s.serialize_str("all")
        } else if self.from == self.to {
            s.collect_str(&self.from)
        } else {
            s.collect_str(&format_args!("{}-{}", self.from, self.to))
        }
    }
}

impl<'de> Deserialize<'de> for Ports {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Ports, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Text {
            Number(u16),
            Text(String),
        }
        match Text::deserialize(d)? {
            Text::Number(p) => Ok(Ports { from: p, to: p }),
            Text::Text(text) => Ports::parse(&text).ok_or_else(|| {
                D::Error::custom(format!(
                    "`{text}` is not a port range such as `443`, `1024-65535` or `all`"
                ))
            }),
        }
    }
}

impl Default for Ports {
    /// Every port.
    fn default() -> Ports {
        Ports::ALL
    }
}

impl Serialize for Protocol {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Protocol {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Protocol, D::Error> {
        let text = String::deserialize(d)?;
        Protocol::parse(&text).ok_or_else(|| {
            D::Error::custom(format!(
                "`{text}` is not a protocol: `tcp`, `udp`, `icmp` or `all`"
            ))
        })
    }
}

/// `true`, for fields that default to on.
pub(crate) fn yes() -> bool {
    true
}

/// The Amazon Linux kernel's ephemeral ports, a workload's default.
pub(crate) fn linux_ports() -> Ports {
    Ports::LINUX_EPHEMERAL
}

/// A route's destination as a string: a range, or a prefix list's id.
pub(crate) mod destination {
    use super::*;

    pub fn serialize<S: Serializer>(d: &Destination, s: S) -> Result<S::Ok, S::Error> {
        match d {
            Destination::Cidr(c) => c.serialize(s),
            Destination::PrefixList(id) => s.serialize_str(id),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Destination, D::Error> {
        let text = String::deserialize(d)?;
        if text.starts_with("pl-") {
            return Ok(Destination::PrefixList(text));
        }
        Cidr::parse(&text).map(Destination::Cidr).ok_or_else(|| {
            D::Error::custom(format!(
                "`{text}` is neither a range such as `0.0.0.0/0` nor a prefix list id (`pl-…`)"
            ))
        })
    }
}

/// A route's target as an id: `igw-…`, `nat-…` or `vpce-…`.
pub(crate) mod target {
    use super::*;

    pub fn serialize<S: Serializer>(t: &Target, s: S) -> Result<S::Ok, S::Error> {
        match t {
            Target::InternetGateway(id) | Target::NatGateway(id) | Target::GatewayEndpoint(id) => {
                s.serialize_str(id)
            }
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Target, D::Error> {
        let text = String::deserialize(d)?;
        if text.starts_with("igw-") {
            Ok(Target::InternetGateway(text))
        } else if text.starts_with("nat-") {
            Ok(Target::NatGateway(text))
        } else if text.starts_with("vpce-") {
            Ok(Target::GatewayEndpoint(text))
        } else {
            Err(D::Error::custom(format!(
                "`{text}` is not a route target: an internet gateway (`igw-…`), a NAT gateway (`nat-…`) or a gateway endpoint (`vpce-…`)"
            )))
        }
    }
}

/// A network ACL rule's action: `"allow"` (true) or `"deny"`.
pub(crate) mod action {
    use super::*;

    pub fn serialize<S: Serializer>(allow: &bool, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(if *allow { "allow" } else { "deny" })
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
        let text = String::deserialize(d)?;
        match text.to_ascii_lowercase().as_str() {
            "allow" => Ok(true),
            "deny" => Ok(false),
            _ => Err(D::Error::custom(format!(
                "`{text}` is not a rule action: `allow` or `deny`"
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::model::Network;

    const DOC: &str = r#"{
      "region": "us-east-1",
      "vpc": {"id": "vpc-1", "cidr": "10.0.0.0/16"},
      "subnets": [{"id": "subnet-a", "az": "us-east-1a", "cidr": "10.0.1.0/24", "routeTable": "rtb-1"}],
      "routeTables": [{"id": "rtb-1", "routes": [{"destination": "0.0.0.0/0", "target": "nat-1"}, {"destination": "pl-63a5400a", "target": "vpce-s3"}]}],
      "nacls": [{"id": "acl-1", "inbound": [{"rule": 100, "protocol": "tcp", "ports": "1024-65535", "cidr": "0.0.0.0/0", "action": "allow"}], "outbound": [{"rule": 100, "protocol": "all", "cidr": "0.0.0.0/0", "action": "deny"}]}],
      "securityGroups": [{"id": "sg-1", "egress": [{"protocol": "tcp", "ports": 443, "cidr": "0.0.0.0/0"}, {"protocol": "tcp", "ports": "443", "group": "sg-2"}, {"protocol": "tcp", "ports": "443", "prefixList": "pl-63a5400a"}]}],
      "natGateways": [{"id": "nat-1", "subnet": "subnet-a", "privateIp": "10.0.1.5", "publicIp": "198.51.100.7"}],
      "interfaceEndpoints": [{"id": "vpce-1", "service": "com.amazonaws.us-east-1.sagemaker.api", "interfaces": [{"subnet": "subnet-a", "ip": "10.0.1.20"}]}],
      "workloads": [{"name": "notebook", "subnet": "subnet-a", "privateIp": "10.0.1.50"},
                    {"name": "job", "kind": "trainingJob", "subnet": "subnet-a", "privateIp": "10.0.1.51"}]
    }"#;

    #[test]
    fn a_network_reads_from_json_and_back() {
        let net: Network = serde_json::from_str(DOC).expect("reads");
        assert!(
            net.vpc.dns_support && net.vpc.dns_hostnames,
            "VPC DNS defaults on"
        );
        assert!(
            net.interface_endpoints[0].private_dns,
            "private DNS defaults on"
        );
        assert_eq!(
            net.workloads[0].ephemeral_ports,
            crate::Ports::LINUX_EPHEMERAL
        );
        assert_eq!(net.security_groups[0].egress.len(), 3);
        // A workload is an EC2 instance unless its kind says otherwise.
        assert_eq!(net.workloads[0].kind, crate::WorkloadKind::Instance);
        assert_eq!(net.workloads[1].kind, crate::WorkloadKind::TrainingJob);
        assert!(!net.nacls[0].outbound[0].allow);
        let again: Network =
            serde_json::from_str(&serde_json::to_string(&net).expect("writes")).expect("reads");
        assert_eq!(again, net);
    }

    #[test]
    fn read_says_where_the_first_mistake_is() {
        let bad = DOC.replace("10.0.1.0/24", "10.0.1.7/24");
        let e = crate::read(&bad).expect_err("refused");
        assert!(e.message.contains("host bits") && !e.message.contains(" at line "));
        // At the bad value (serde points at its end).
        let at = bad.find("10.0.1.7/24").expect("there");
        assert!(
            (at..=at + "10.0.1.7/24\"".len()).contains(&e.offset),
            "{e:?}"
        );
        assert_eq!(crate::read(DOC).map(|n| n.workloads.len()), Ok(2));
        // After text of several bytes per character, still a character boundary.
        let text = "{\"region\": \"éé\", \"x\": 1}";
        let e = crate::read(text).expect_err("unknown field");
        assert!(e.message.contains("unknown field") && text.is_char_boundary(e.offset));
    }

    #[test]
    fn bad_values_say_what_is_expected() {
        for (bad, says) in [
            (DOC.replace("10.0.1.0/24", "10.0.1.7/24"), "host bits"),
            (
                DOC.replace("\"nat-1\"}", "\"eni-1\"}"),
                "not a route target",
            ),
            (DOC.replace("\"allow\"", "\"permit\""), "not a rule action"),
            (
                DOC.replace("\"1024-65535\"", "\"65535-1024\""),
                "not a port range",
            ),
            (
                DOC.replace("\"protocol\": \"all\"", "\"protocol\": \"gre\""),
                "not a protocol",
            ),
            (DOC.replace("\"region\"", "\"regoin\""), "unknown field"),
            (DOC.replace("trainingJob", "lambda"), "unknown variant"),
        ] {
            let e = serde_json::from_str::<Network>(&bad).expect_err("refused");
            assert!(e.to_string().contains(says), "{e}");
        }
    }
}
