//! The network path of a call from a workload in a VPC to an AWS service's API: name resolution
//! (private DNS of interface endpoints), routes (local, gateway endpoints, NAT and internet
//! gateways), security groups (stateful), network ACLs (stateless, ordered rules, ephemeral ports
//! on the way back), decided from the configuration alone, and the request context the call
//! carries when it arrives (`aws:SourceVpce`, `aws:SourceVpc`, `aws:VpcSourceIp`, or
//! `aws:SourceIp`). Policies then decide the call; this crate knows none. IPv4 only.

pub mod addr;
#[cfg(feature = "serde")]
mod doc;
pub mod model;
pub mod path;

pub use addr::{Cidr, Ports, Protocol};
#[cfg(feature = "serde")]
pub use doc::{read, ReadError};
pub use model::*;
pub use path::{endpoint_service_prefix, path, service_for, Hop, HopKind, Path, Way};
