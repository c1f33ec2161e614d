//! Addresses, ranges, protocols and ports: the vocabulary of routes and firewall rules.

use std::fmt;
use std::net::Ipv4Addr;

/// An IPv4 range (`10.0.0.0/16`); a single address is a `/32`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cidr {
    /// The first address (host bits cleared).
    pub base: u32,
    /// The prefix length, 0..=32.
    pub len: u8,
}

impl Cidr {
    /// Every IPv4 address.
    pub const ANY: Cidr = Cidr { base: 0, len: 0 };

    /// Reads `a.b.c.d/n` or `a.b.c.d` (a `/32`). Host bits set beyond the prefix are refused,
    /// as the EC2 API refuses them.
    pub fn parse(text: &str) -> Option<Cidr> {
        let (addr, len) = match text.trim().split_once('/') {
            Some((a, l)) => (a, l.parse::<u8>().ok().filter(|l| *l <= 32)?),
            None => (text.trim(), 32),
        };
        let base = u32::from(addr.parse::<Ipv4Addr>().ok()?);
        let cidr = Cidr { base, len };
        (base & cidr.mask() == base).then_some(cidr)
    }

    /// One address as a range.
    pub fn host(addr: Ipv4Addr) -> Cidr {
        Cidr {
            base: u32::from(addr),
            len: 32,
        }
    }

    fn mask(self) -> u32 {
        if self.len == 0 {
            0
        } else {
            u32::MAX << (32 - u32::from(self.len))
        }
    }

    /// True when `addr` is inside the range.
    pub fn contains(self, addr: Ipv4Addr) -> bool {
        u32::from(addr) & self.mask() == self.base
    }

    /// True when every address of `other` is inside this range.
    pub fn covers(self, other: Cidr) -> bool {
        self.len <= other.len && other.base & self.mask() == self.base
    }

    /// The range's `n`th address (wrapping inside the range), e.g. a default interface address.
    pub fn nth(self, n: u32) -> Ipv4Addr {
        let size = if self.len == 0 {
            u32::MAX
        } else {
            (1u64 << (32 - u32::from(self.len))).saturating_sub(1) as u32
        };
        Ipv4Addr::from(self.base | (n % size.max(1)))
    }
}

impl fmt::Display for Cidr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", Ipv4Addr::from(self.base), self.len)
    }
}

/// The protocol a rule applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    /// Every protocol (`-1` in the EC2 API): ports do not apply.
    All,
    /// TCP, with a port range.
    Tcp,
    /// UDP, with a port range.
    Udp,
    /// ICMP (ports do not apply).
    Icmp,
}

impl Protocol {
    /// Reads `all` / `-1`, `tcp` / `6`, `udp` / `17`, `icmp` / `1` (any case).
    pub fn parse(text: &str) -> Option<Protocol> {
        match text.trim().to_ascii_lowercase().as_str() {
            "all" | "-1" | "*" => Some(Protocol::All),
            "tcp" | "6" => Some(Protocol::Tcp),
            "udp" | "17" => Some(Protocol::Udp),
            "icmp" | "1" => Some(Protocol::Icmp),
            _ => None,
        }
    }

    /// The name as written in documents.
    pub fn as_str(self) -> &'static str {
        match self {
            Protocol::All => "all",
            Protocol::Tcp => "tcp",
            Protocol::Udp => "udp",
            Protocol::Icmp => "icmp",
        }
    }
}

/// An inclusive port range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ports {
    /// The first port.
    pub from: u16,
    /// The last port (inclusive).
    pub to: u16,
}

impl Ports {
    /// Every port.
    pub const ALL: Ports = Ports { from: 0, to: 65535 };
    /// HTTPS, which every AWS API call uses.
    pub const HTTPS: Ports = Ports { from: 443, to: 443 };
    /// The ephemeral ports of a NAT gateway's connections (Amazon VPC guide, "Ephemeral
    /// ports").
    pub const NAT_EPHEMERAL: Ports = Ports {
        from: 1024,
        to: 65535,
    };
    /// The ephemeral ports the Amazon Linux kernel (like many Linux kernels) picks for a client's
    /// connections (Amazon VPC guide, "Ephemeral ports"); a workload's default.
    pub const LINUX_EPHEMERAL: Ports = Ports {
        from: 32768,
        to: 61000,
    };

    /// Reads `443`, `1024-65535` or `all`.
    pub fn parse(text: &str) -> Option<Ports> {
        let text = text.trim();
        if text.eq_ignore_ascii_case("all") || text == "*" {
            return Some(Ports::ALL);
        }
        let (from, to) = match text.split_once('-') {
            Some((a, b)) => (a.trim().parse().ok()?, b.trim().parse().ok()?),
            None => {
                let p = text.parse().ok()?;
                (p, p)
            }
        };
        (from <= to).then_some(Ports { from, to })
    }

    /// The ports of both ranges, if any.
    pub fn intersect(self, other: Ports) -> Option<Ports> {
        let from = self.from.max(other.from);
        let to = self.to.min(other.to);
        (from <= to).then_some(Ports { from, to })
    }
}

impl fmt::Display for Ports {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if *self == Ports::ALL {
            f.write_str("all ports")
        } else if self.from == self.to {
            write!(f, "port {}", self.from)
        } else {
            write!(f, "ports {}-{}", self.from, self.to)
        }
    }
}

/// True when a rule for `protocol` and `ports` applies to TCP traffic on some of `wanted`; the
/// ports it covers.
pub fn tcp_ports(protocol: Protocol, ports: Ports, wanted: Ports) -> Option<Ports> {
    match protocol {
        Protocol::All => Some(wanted),
        Protocol::Tcp => ports.intersect(wanted),
        Protocol::Udp | Protocol::Icmp => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_read_and_contain() {
        let vpc = Cidr::parse("10.0.0.0/16").expect("cidr");
        assert!(vpc.contains("10.0.3.7".parse().expect("ip")));
        assert!(!vpc.contains("10.1.0.1".parse().expect("ip")));
        assert!(vpc.covers(Cidr::parse("10.0.1.0/24").expect("cidr")));
        assert!(!Cidr::parse("10.0.1.0/24").expect("cidr").covers(vpc));
        assert!(Cidr::ANY.contains("203.0.113.9".parse().expect("ip")));
        assert_eq!(Cidr::parse("10.0.0.5").map(|c| c.len), Some(32));
        // Host bits beyond the prefix, a prefix over 32 and garbage are refused.
        assert_eq!(Cidr::parse("10.0.0.1/16"), None);
        assert_eq!(Cidr::parse("10.0.0.0/33"), None);
        assert_eq!(Cidr::parse("ten"), None);
        assert_eq!(vpc.to_string(), "10.0.0.0/16");
        assert_eq!(
            Cidr::parse("10.0.1.0/24")
                .expect("cidr")
                .nth(10)
                .to_string(),
            "10.0.1.10"
        );
    }

    #[test]
    fn ports_and_protocols() {
        assert_eq!(Ports::parse("443"), Some(Ports::HTTPS));
        assert_eq!(Ports::parse("1024-65535"), Some(Ports::NAT_EPHEMERAL));
        assert_eq!(Ports::parse("all"), Some(Ports::ALL));
        assert_eq!(Ports::parse("9-1"), None);
        assert_eq!(Ports::parse("70000"), None);
        assert_eq!(Protocol::parse("-1"), Some(Protocol::All));
        assert_eq!(Protocol::parse("TCP"), Some(Protocol::Tcp));
        assert_eq!(
            tcp_ports(
                Protocol::Tcp,
                Ports::parse("0-1023").expect("ports"),
                Ports::HTTPS
            ),
            Some(Ports::HTTPS)
        );
        assert_eq!(tcp_ports(Protocol::Udp, Ports::ALL, Ports::HTTPS), None);
        assert_eq!(
            tcp_ports(Protocol::All, Ports::HTTPS, Ports::LINUX_EPHEMERAL),
            Some(Ports::LINUX_EPHEMERAL)
        );
    }
}
