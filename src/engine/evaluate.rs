//! Deciding a request against a set of policies, with the explanation.
//!
//! The decision follows "Policy evaluation logic" in the IAM User Guide: every applicable
//! statement of every layer is evaluated (the order of statements and policies never matters); an
//! explicit `Deny` anywhere wins; otherwise every *gate* layer present (the VPC endpoint policy,
//! and later boundaries, SCPs, RCPs, session policies) must allow, and a *granting* layer
//! (identity policies) must allow.

use super::condition::evaluate_clause;
use super::pattern::{arn_match, glob_match};
use super::policy::{Effect, Policy, PrincipalElement, PrincipalEntry, Statement};
use super::request::{Principal, PrincipalKind, Request};

/// The three outcomes of an AWS authorization decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Every required layer allows and nothing denies.
    Allowed,
    /// Some applicable statement denies.
    ExplicitlyDenied,
    /// Nothing denies, but a required allow is missing.
    ImplicitlyDenied,
}

impl Decision {
    /// The name used in the simulate output.
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Allowed => "Allowed",
            Decision::ExplicitlyDenied => "ExplicitlyDenied",
            Decision::ImplicitlyDenied => "ImplicitlyDenied",
        }
    }
}

/// A layer of the AWS decision. Names match the keys of the simulate input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Layer {
    /// Identity-based policies of the principal (grant).
    IdentityPolicies,
    /// The VPC endpoint policy (gate), when the request goes through an endpoint.
    Endpoint,
    /// The resource-based policy (grant).
    ResourcePolicy,
    /// The permissions boundary (gate).
    PermissionsBoundary,
    /// Service control policies (gate).
    Scps,
    /// Resource control policies (gate).
    Rcps,
    /// The session policy (gate).
    SessionPolicy,
}

impl Layer {
    /// The name used in the simulate input and output.
    pub fn as_str(self) -> &'static str {
        match self {
            Layer::IdentityPolicies => "identityPolicies",
            Layer::Endpoint => "endpoint",
            Layer::ResourcePolicy => "resourcePolicy",
            Layer::PermissionsBoundary => "permissionsBoundary",
            Layer::Scps => "scps",
            Layer::Rcps => "rcps",
            Layer::SessionPolicy => "sessionPolicy",
        }
    }
}

/// Interface or gateway endpoint; they read account principals differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EndpointType {
    /// Interface endpoints (PrivateLink): an account principal means every principal of it.
    Interface,
    /// Gateway endpoints (S3, DynamoDB): an account principal means its root user only.
    Gateway,
}

/// A policy with the name it is reported under (`identityPolicies[0]`, `endpoint.policy`, ...).
#[derive(Debug, Clone, PartialEq)]
pub struct NamedPolicy {
    /// The name in explanations.
    pub name: String,
    /// The parsed policy (without errors).
    pub policy: Policy,
}

/// The VPC endpoint a request travels through.
#[derive(Debug, Clone, PartialEq)]
pub struct Endpoint {
    /// Interface or gateway.
    pub endpoint_type: EndpointType,
    /// The endpoint policy; the caller puts AWS's default full-access policy here when none is
    /// attached (see [`default_endpoint_policy`]).
    pub policy: NamedPolicy,
}

/// Everything that decides a request, already parsed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PolicySet {
    /// The principal's identity policies.
    pub identity_policies: Vec<NamedPolicy>,
    /// The endpoint, when the request goes through one.
    pub endpoint: Option<Endpoint>,
}

/// A statement that decided, as reported in explanations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisiveStatement {
    /// The policy's name (`identityPolicies[0]`).
    pub policy: String,
    /// The 0-based statement index.
    pub statement: usize,
    /// The statement's `Sid`, when it has one.
    pub sid: Option<String>,
    /// Its effect.
    pub effect: Effect,
}

/// A decision with its explanation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evaluation {
    /// The outcome.
    pub decision: Decision,
    /// For an explicit deny, the layers that denied; for an implicit deny, the layers whose
    /// required allow is missing; empty when allowed.
    pub blocked_by: Vec<Layer>,
    /// For an explicit deny, every matching `Deny`; when allowed, every matching `Allow` of every
    /// required layer; empty for an implicit deny.
    pub decisive: Vec<DecisiveStatement>,
}

/// What one layer said about a request.
#[derive(Debug, Default)]
struct LayerResult {
    allows: Vec<DecisiveStatement>,
    denies: Vec<DecisiveStatement>,
}

/// The policy AWS attaches to an endpoint that has none: full access for everyone.
pub fn default_endpoint_policy() -> Policy {
    use super::pattern::{Template, TemplateSyntax};
    use super::policy::{PatternElement, PolicyKind, PolicyVersion};
    let all = |lowercase| PatternElement {
        negated: false,
        patterns: vec![Template::new(
            "*",
            TemplateSyntax {
                wildcards: true,
                variables: false,
                lowercase,
            },
        )],
        span: Default::default(),
    };
    Policy {
        kind: PolicyKind::Endpoint,
        version: PolicyVersion::Absent,
        statements: vec![Statement {
            index: 0,
            sid: None,
            effect: Effect::Allow,
            span: Default::default(),
            principal: Some(PrincipalElement {
                negated: false,
                entries: vec![PrincipalEntry::Everyone],
                span: Default::default(),
            }),
            action: all(true),
            resource: all(false),
            conditions: Vec::new(),
        }],
    }
}

/// Decides `request` against `policies`.
pub fn decide(policies: &PolicySet, request: &Request) -> Evaluation {
    // Layers in report order, each with whether it grants (true) or gates (false).
    let mut layers: Vec<(Layer, LayerResult, bool)> = Vec::with_capacity(2);

    let mut identity = LayerResult::default();
    if !request.principal.is_anonymous() {
        for p in &policies.identity_policies {
            collect(p, request, None, &mut identity);
        }
    }
    layers.push((Layer::IdentityPolicies, identity, true));

    if let Some(endpoint) = &policies.endpoint {
        let mut result = LayerResult::default();
        collect(
            &endpoint.policy,
            request,
            Some(endpoint.endpoint_type),
            &mut result,
        );
        layers.push((Layer::Endpoint, result, false));
    }

    let denied: Vec<Layer> = layers
        .iter()
        .filter(|(_, r, _)| !r.denies.is_empty())
        .map(|(l, _, _)| *l)
        .collect();
    if !denied.is_empty() {
        return Evaluation {
            decision: Decision::ExplicitlyDenied,
            blocked_by: denied,
            decisive: layers.into_iter().flat_map(|(_, r, _)| r.denies).collect(),
        };
    }

    let mut blocked_by = Vec::new();
    for (layer, result, grants) in &layers {
        if result.allows.is_empty() {
            if *grants && request.principal.is_anonymous() {
                // Identity policies never apply to anonymous callers: only a resource-based
                // policy could grant the request.
                blocked_by.push(Layer::ResourcePolicy);
            } else {
                blocked_by.push(*layer);
            }
        }
    }
    blocked_by.sort();
    blocked_by.dedup();
    if blocked_by.is_empty() {
        Evaluation {
            decision: Decision::Allowed,
            blocked_by,
            decisive: layers.into_iter().flat_map(|(_, r, _)| r.allows).collect(),
        }
    } else {
        Evaluation {
            decision: Decision::ImplicitlyDenied,
            blocked_by,
            decisive: Vec::new(),
        }
    }
}

/// Adds the statements of `policy` that apply to `request` to `out`.
fn collect(
    policy: &NamedPolicy,
    request: &Request,
    endpoint: Option<EndpointType>,
    out: &mut LayerResult,
) {
    for statement in &policy.policy.statements {
        if statement_applies(statement, request, endpoint) {
            let decisive = DecisiveStatement {
                policy: policy.name.clone(),
                statement: statement.index,
                sid: statement.sid.clone(),
                effect: statement.effect,
            };
            match statement.effect {
                Effect::Allow => out.allows.push(decisive),
                Effect::Deny => out.denies.push(decisive),
            }
        }
    }
}

/// True when every element of `statement` matches the request.
pub fn statement_applies(
    statement: &Statement,
    request: &Request,
    endpoint: Option<EndpointType>,
) -> bool {
    action_matches(statement, request)
        && resource_matches(statement, request)
        && statement
            .principal
            .as_ref()
            .is_none_or(|p| principal_element_matches(p, &request.principal, endpoint))
        && statement
            .conditions
            .iter()
            .all(|c| evaluate_clause(c, &request.context))
}

fn action_matches(statement: &Statement, request: &Request) -> bool {
    let any = statement.action.patterns.iter().any(|t| {
        t.tokens(&request.context, true)
            .is_some_and(|tokens| glob_match(&tokens, &request.action_lower))
    });
    any != statement.action.negated
}

fn resource_matches(statement: &Statement, request: &Request) -> bool {
    let any = statement.resource.patterns.iter().any(|t| {
        t.tokens(&request.context, false)
            .is_some_and(|tokens| arn_match(&tokens, &request.resource))
    });
    any != statement.resource.negated
}

/// `Principal`: the caller matches some entry. `NotPrincipal`: the caller is excluded only when
/// every identity AWS checks for it (its account, then its role, then the session or user) is
/// listed ("AWS JSON policy elements: NotPrincipal").
fn principal_element_matches(
    element: &PrincipalElement,
    principal: &Principal,
    endpoint: Option<EndpointType>,
) -> bool {
    if !element.negated {
        return element
            .entries
            .iter()
            .any(|e| entry_matches(e, principal, endpoint));
    }
    let listed = |level: &ChainLevel| {
        element
            .entries
            .iter()
            .any(|e| entry_matches_level(e, level, principal))
    };
    let excluded = identity_chain(principal).iter().all(listed);
    !excluded
}

/// One identity in the chain AWS checks for `NotPrincipal`.
enum ChainLevel {
    Anonymous,
    Account,
    Role,
    Caller,
}

fn identity_chain(principal: &Principal) -> Vec<ChainLevel> {
    match &principal.kind {
        PrincipalKind::Anonymous => vec![ChainLevel::Anonymous],
        PrincipalKind::Service { .. } => vec![ChainLevel::Caller],
        PrincipalKind::Root => vec![ChainLevel::Account],
        PrincipalKind::RoleSession { .. } => {
            vec![ChainLevel::Account, ChainLevel::Role, ChainLevel::Caller]
        }
        PrincipalKind::Role { .. } => vec![ChainLevel::Account, ChainLevel::Role],
        PrincipalKind::User { .. } | PrincipalKind::FederatedUser { .. } => {
            vec![ChainLevel::Account, ChainLevel::Caller]
        }
    }
}

fn entry_matches_level(entry: &PrincipalEntry, level: &ChainLevel, principal: &Principal) -> bool {
    match (entry, level) {
        (PrincipalEntry::Everyone, _) => true,
        (_, ChainLevel::Anonymous) => false,
        (PrincipalEntry::Account(a), ChainLevel::Account) => *a == principal.account,
        (PrincipalEntry::Arn(arn), ChainLevel::Role) => names_role(arn, principal),
        (PrincipalEntry::Arn(arn), ChainLevel::Caller) => {
            *arn == principal.arn || names_role(arn, principal)
        }
        (PrincipalEntry::Service(s), ChainLevel::Caller) => {
            matches!(&principal.kind, PrincipalKind::Service { name } if name == s)
        }
        _ => false,
    }
}

fn entry_matches(
    entry: &PrincipalEntry,
    principal: &Principal,
    endpoint: Option<EndpointType>,
) -> bool {
    match entry {
        PrincipalEntry::Everyone => true,
        PrincipalEntry::Account(account) => {
            if principal.is_anonymous()
                || principal.account.is_empty()
                || *account != principal.account
            {
                return false;
            }
            match endpoint {
                // Gateway endpoints read an account principal as the account's root user only.
                Some(EndpointType::Gateway) => principal.kind == PrincipalKind::Root,
                _ => true,
            }
        }
        PrincipalEntry::Arn(arn) => *arn == principal.arn || names_role(arn, principal),
        PrincipalEntry::Service(s) => {
            matches!(&principal.kind, PrincipalKind::Service { name } if name == s)
        }
        PrincipalEntry::Federated(_) | PrincipalEntry::CanonicalUser(_) => false,
    }
}

/// True when `arn` names the role of a role session (`arn:aws:iam::ACCT:role/PATH/NAME`, or the
/// session-less `arn:aws:sts::ACCT:assumed-role/NAME`).
fn names_role(arn: &str, principal: &Principal) -> bool {
    let role_name = match &principal.kind {
        PrincipalKind::RoleSession { role, .. } => role,
        PrincipalKind::Role { name } => name,
        _ => return false,
    };
    let iam_prefix = format!(
        "arn:{}:iam::{}:role/",
        principal.partition, principal.account
    );
    if let Some(path_and_name) = arn.strip_prefix(&iam_prefix) {
        return path_and_name.rsplit('/').next() == Some(role_name.as_str());
    }
    let sts = format!(
        "arn:{}:sts::{}:assumed-role/{}",
        principal.partition, principal.account, role_name
    );
    arn == sts
}
