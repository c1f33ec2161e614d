//! A case's `network`: the VPC the call starts from (read with the network crate's JSON
//! document, its errors located in the case), the path of the call from `request.workload` to
//! the action's service, and what the path does to the request: a call that arrives carries the
//! context its way sets (`aws:SourceVpce`, `aws:SourceVpc`, `aws:VpcSourceIp` through an endpoint,
//! `aws:SourceIp` over a NAT or internet gateway), and the endpoint policy applies only when the
//! call goes through an endpoint. A call that does not arrive is decided by no policy.

use serde::Serialize;

use super::case::CaseReader;
use crate::engine::json::Json;
use crate::engine::{
    default_endpoint_policy, Code, Endpoint, EndpointType, NamedPolicy, PolicySet, Request,
};
use crate::network::{self, Network, Path, Way};

/// The path as the `simulate` answer serializes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PathOut {
    /// True when the call reaches the service (then the policies decide it).
    pub arrives: bool,
    /// The way a call that arrives took: `interfaceEndpoint`, `gatewayEndpoint`, `natGateway`
    /// or `internetGateway`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub way: Option<&'static str>,
    /// The service name the call is addressed to (`com.amazonaws.us-east-1.sagemaker.api`).
    pub service: String,
    /// Each hop decided, in order; the last one blocks when the call does not arrive.
    pub hops: Vec<HopOut>,
}

/// One hop, serialized.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HopOut {
    /// `dns`, `route`, `security-group-egress`, `nacl-outbound`, `nacl-inbound`,
    /// `endpoint-security-group` or `return`.
    pub hop: &'static str,
    /// `pass` or `block`.
    pub state: &'static str,
    /// The stable code of what decided (`NO_MATCHING_EGRESS_RULE`, `NACL_RULE_DENIES`, ...).
    pub code: &'static str,
    /// The component that decided (`sg-…`, `acl-…`, a route table), if one did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub component: Option<String>,
    /// The network ACL rule number that decided, if one did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<u16>,
    /// What happened, in plain words.
    pub detail: String,
}

impl PathOut {
    /// The serialized form of `path`, addressed to `service`.
    pub fn of(path: &Path, service: String) -> PathOut {
        PathOut {
            arrives: path.arrives(),
            way: path.way.as_ref().map(|w| match w {
                Way::InterfaceEndpoint { .. } => "interfaceEndpoint",
                Way::GatewayEndpoint { .. } => "gatewayEndpoint",
                Way::NatGateway { .. } => "natGateway",
                Way::InternetGateway { .. } => "internetGateway",
            }),
            service,
            hops: path
                .hops
                .iter()
                .map(|h| HopOut {
                    hop: h.kind.as_str(),
                    state: if h.pass { "pass" } else { "block" },
                    code: h.code,
                    component: h.component.clone(),
                    rule: h.rule,
                    detail: h.detail.clone(),
                })
                .collect(),
        }
    }
}

impl CaseReader<'_> {
    /// Reads `network`, finds the path of the request's call and applies it to the request and
    /// the policy set (see the module's documentation). Errors are `INVALID_NETWORK`.
    pub(super) fn network_path(&mut self, json: &Json, set: &mut PolicySet, request: &mut Request) {
        let text = &self.input[json.span.start..json.span.end];
        let net: Network = match network::read(text) {
            Ok(n) => n,
            Err(e) => {
                // The place is the diagnostic's (the message leaves out serde's own line and
                // column, which count in the network's text, not in the case).
                let at = json.span.start + e.offset;
                self.input_error(
                    Code::INVALID_NETWORK,
                    "network",
                    crate::engine::Span::new(at, at),
                    format!("the network cannot be read: {}", e.message),
                    Some("see README, \"The network path\", for the fields of a network"),
                );
                return;
            }
        };
        let Some((workload, span)) = self.workload.clone() else {
            self.input_error(
                Code::INVALID_NETWORK,
                "request",
                crate::engine::Span::new(json.span.start, json.span.start + 1),
                "the case has a `network` but its request names no `workload` making the call"
                    .into(),
                Some("add `\"workload\": \"NAME\"` to the request"),
            );
            return;
        };
        if !net.workloads.iter().any(|w| w.name == workload) {
            let names: Vec<&str> = net.workloads.iter().map(|w| w.name.as_str()).collect();
            let help = crate::engine::diagnostic::did_you_mean(&workload, &names)
                .map(|s| format!("did you mean `{s}`?"))
                .unwrap_or_else(|| {
                    format!(
                        "the network's workloads are {}",
                        crate::engine::diagnostic::quoted_list(&names)
                    )
                });
            self.input_error(
                Code::INVALID_NETWORK,
                "request.workload",
                span,
                format!("the network has no workload named `{workload}`"),
                Some(&help),
            );
            return;
        }
        let prefix = request.action.split(':').next().unwrap_or_default();
        let service = network::service_for(&net, prefix);
        let path = network::path(&net, &workload, &service);
        if path.arrives() {
            let Some(w) = net.workloads.iter().find(|w| w.name == workload) else {
                return;
            };
            let endpoint_type = match &path.way {
                Some(Way::InterfaceEndpoint { .. }) => Some(EndpointType::Interface),
                Some(Way::GatewayEndpoint { .. }) => Some(EndpointType::Gateway),
                _ => None,
            };
            // The way sets these keys; what the case's context said of them gives way.
            for key in [
                "aws:SourceVpce",
                "aws:SourceVpc",
                "aws:VpcSourceIp",
                "aws:SourceIp",
            ] {
                request.context.remove(key);
            }
            for (key, value) in path.context(&net, w) {
                request.context.insert(key, vec![value]);
            }
            set.endpoint = match endpoint_type {
                // Through an endpoint: its policy, of its type (AWS's default when the case
                // gives none).
                Some(kind) => Some(match set.endpoint.take() {
                    Some(mut e) => {
                        e.endpoint_type = kind;
                        e
                    }
                    None => Endpoint {
                        endpoint_type: kind,
                        policy: NamedPolicy::new(
                            "endpoint.defaultPolicy",
                            default_endpoint_policy().into(),
                        ),
                    },
                }),
                // Over a NAT or internet gateway: no endpoint policy on the way.
                None => None,
            };
        }
        self.path = Some(PathOut::of(&path, service));
    }
}
