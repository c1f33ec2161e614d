//! Deciding a request against a set of policies, with the explanation.
//!
//! The decision follows "Policy evaluation logic" and "Cross-account policy evaluation logic" in
//! the IAM User Guide: every applicable statement of every layer is evaluated (the order of
//! statements and policies never matters); an explicit `Deny` anywhere wins; every *gate* that
//! applies must allow (each SCP level, the VPC endpoint policy; RCP levels always hold
//! `RCPFullAWSAccess`); and a *grant* must exist: within one account the identity side (identity
//! policies, within the permissions boundary and session policy) **or** the resource-based policy
//! (limited by the boundary and session policy when it names the role rather than the session);
//! across accounts both sides.

use crate::ast::{Effect, Policy, PrincipalElement, PrincipalEntry, Statement};
use crate::code::Code;
use crate::condition::evaluate_clause;
use crate::pattern::glob_match;
use crate::rcp_services::RCP_SERVICES;
use crate::request::{Principal, PrincipalKind, Request};

mod actions;
mod matching;
mod resources;
mod tally;
#[cfg(test)]
mod tests;
mod types;
mod words;

pub use actions::ActionIndex;
pub use matching::{check_statement, statement_applies, StatementCheck};
use matching::{
    federating_user, reach_past_action, reach_past_resource, statement_reach, MatchRules, Reach,
};
use resources::KMS_CROSS_ACCOUNT_ACTIONS;
pub use resources::{
    default_endpoint_policy, default_key_policy, execute_api_base, is_ecr_repository, is_kms_key,
    is_role_arn, GuardedResource,
};
pub use tally::LayerMemo;
use tally::{Fresh, Source, Statements, Summary, Tally};
pub use types::{
    Decision, DecisiveStatement, Endpoint, EndpointType, Evaluation, Layer, LayerSet, NamedPolicy,
    Note, PolicySet, Step, StepState, Verdict,
};
pub use words::{
    flow_caption, layer_words, reached_statements, shown_values, statement_words, step_line,
    step_phrase, step_words, ExplainedCondition, ReachedStatement, SHOWN_VALUES, SHOWN_VALUE_CHARS,
};

/// Decides `request` against `policies`, following the IAM User Guide's "Policy evaluation
/// logic" (same account) and "Cross-account policy evaluation logic".
pub fn decide(policies: &PolicySet, request: &Request) -> Evaluation {
    explain(policies, request, None)
}

/// Decides `request` like [`decide`], taking which statements' `Action` element matches from
/// `index` when it was built for the request's action (see [`verdict_indexed`]); without it
/// otherwise. The same evaluation, always: who-can explains the allowed and denied cells of a
/// row of principals with the row's index.
pub fn decide_indexed(policies: &PolicySet, request: &Request, index: &ActionIndex) -> Evaluation {
    let index = (index.action() == request.action_lower).then_some(index);
    if let Some(index) = index {
        index.follow(request);
    }
    explain(policies, request, index)
}

/// [`decide`] and [`decide_indexed`]: the tally that keeps every statement, with `index` when
/// it follows the request.
fn explain(policies: &PolicySet, request: &Request, index: Option<&ActionIndex>) -> Evaluation {
    let judged = judge::<Statements, _>(policies, request, &mut Fresh, index);
    Evaluation {
        decision: judged.decision,
        blocked_by: judged.blocked_by.iter().collect(),
        decisive: judged.decisive,
        notes: judged.notes,
        steps: judged.steps,
        cross_account: judged.cross_account,
    }
}

/// Decides `request` like [`decide`], keeping only the decision and the blocking layers: no
/// statements, no notes, no allocation. For grids of thousands of cells; the same code decides
/// both, so they always agree.
pub fn verdict(policies: &PolicySet, request: &Request) -> Verdict {
    // Through an empty memo: one instance of `judge` fewer in the wasm bundle.
    verdict_with(policies, request, &mut LayerMemo::default())
}

/// Decides `request` like [`verdict`], taking each layer's finding from `memo` when it holds one
/// and keeping there the ones it works out. The caller keeps one memo per request (a grid cell)
/// and [`LayerMemo::forget`]s the layers whose policies changed since: a keystroke in one editor
/// then decides only that layer again.
pub fn verdict_with(policies: &PolicySet, request: &Request, memo: &mut LayerMemo) -> Verdict {
    let judged = judge::<Summary, _>(policies, request, memo, None);
    Verdict {
        decision: judged.decision,
        blocked_by: judged.blocked_by,
    }
}

/// Decides `request` like [`verdict_with`], taking which statements' `Action` element matches
/// from `index` (see [`ActionIndex`]; worked out there once per distinct policy) when it was
/// built for the request's action; without it otherwise. The same decision, always: a grid
/// keeps one index per action and decides that action's row of principals with it.
pub fn verdict_indexed(
    policies: &PolicySet,
    request: &Request,
    memo: &mut LayerMemo,
    index: &ActionIndex,
) -> Verdict {
    let index = (index.action() == request.action_lower).then_some(index);
    if let Some(index) = index {
        index.follow(request);
    }
    let judged = judge::<Summary, _>(policies, request, memo, index);
    Verdict {
        decision: judged.decision,
        blocked_by: judged.blocked_by,
    }
}

/// What [`judge`] found; an [`Evaluation`] whose statements and notes are empty when the tally
/// does not keep them.
struct Judged {
    decision: Decision,
    blocked_by: LayerSet,
    decisive: Vec<DecisiveStatement>,
    notes: Vec<Note>,
    steps: [Step; 7],
    cross_account: bool,
}

/// The decision, written once for both tallies.
fn judge<T: Tally, S: Source<T>>(
    policies: &PolicySet,
    request: &Request,
    source: &mut S,
    actions: Option<&ActionIndex>,
) -> Judged {
    let principal = &request.principal;
    let kind = &principal.kind;
    let iam = principal.is_iam();
    let root = *kind == PrincipalKind::Root;
    let service_linked = is_service_linked_role(principal);
    let session_principal = matches!(
        kind,
        PrincipalKind::RoleSession { .. } | PrincipalKind::FederatedUser { .. }
    );
    // A federated user session carries the boundary of the IAM user who federated ("Policies and
    // permissions in IAM", session policies: the intersection of the session policy, the
    // boundary and the identity-based policies).
    let boundary_applies = policies.permissions_boundary.is_some()
        && matches!(
            kind,
            PrincipalKind::User { .. }
                | PrincipalKind::Role { .. }
                | PrincipalKind::RoleSession { .. }
                | PrincipalKind::FederatedUser { .. }
        );
    // The resource's account (`Request::new` reads it from the ARN when the case does not give
    // it); unknown means the caller's own.
    let cross_account = iam
        && request
            .resource_account
            .as_deref()
            .is_some_and(|a| a != principal.account);
    let scps_apply = iam && !service_linked && !policies.scps.is_empty();
    // RCPs apply to every caller, AWS service principals included; only service-linked roles
    // are outside them ("Resource control policies").
    // "RCPs also do not impact AWS services' ability to assume a service-linked role; that is,
    // the service-linked role's trust policy is also not impacted by RCPs."
    let Target {
        rcp_service,
        assumes_service_linked_role,
        guarded,
        role_arn,
    } = source.target(|| match actions {
        // A grid row shares its action and resource: its index works the target out once.
        Some(index) => index.target(request),
        None => Target::of(request),
    });
    let rcps_apply = !service_linked
        && !assumes_service_linked_role
        && !policies.rcps.is_empty()
        && request.action_lower != "kms:retiregrant"
        && rcp_service;

    let mut notes = Vec::new();
    // Notes are written only when the tally keeps statements (an explanation).
    let mut note = |code: Code, layer: Layer, message: &dyn Fn() -> String| {
        if T::EXPLAIN {
            notes.push(Note {
                code,
                layer,
                message: message(),
            })
        }
    };
    if !policies.identity_policies.is_empty() && !iam {
        note(Code::LAYER_DOES_NOT_APPLY, Layer::IdentityPolicies, &|| {
            "identity policies do not apply to anonymous, service or identity-provider callers"
                .into()
        });
    }
    if policies.permissions_boundary.is_some() && !boundary_applies {
        note(
            Code::LAYER_DOES_NOT_APPLY,
            Layer::PermissionsBoundary,
            &|| "permissions boundaries apply only to iam users, roles and their sessions".into(),
        );
    }
    if policies.session_policy.is_some() && !session_principal {
        note(Code::LAYER_DOES_NOT_APPLY, Layer::SessionPolicy, &|| {
            "session policies apply only to role sessions and federated user sessions".into()
        });
    }
    if !policies.scps.is_empty() && !scps_apply {
        let why = if service_linked {
            "service-linked roles"
        } else {
            "anonymous, service or identity-provider callers"
        };
        note(Code::LAYER_DOES_NOT_APPLY, Layer::Scps, &|| {
            format!("scps do not apply to {why}")
        });
    }
    if !policies.rcps.is_empty() && !rcps_apply {
        note(Code::LAYER_DOES_NOT_APPLY, Layer::Rcps, &|| {
            let why = if request.action_lower == "kms:retiregrant" {
                "`kms:RetireGrant`, which rcps do not affect".to_string()
            } else if assumes_service_linked_role {
                "assuming a service-linked role: its trust policy is outside rcps".to_string()
            } else if service_linked {
                "service-linked roles".to_string()
            } else {
                let service_prefix = service_prefix(&request.action_lower);
                format!("`{service_prefix}` resources: the service is not among those rcps cover")
            };
            format!("rcps do not apply to {why}")
        });
    }
    // "You cannot use AWS account root user credentials to call AssumeRole" (STS API reference).
    let root_assume_role = root && request.action_lower == "sts:assumerole";
    if root_assume_role {
        note(
            Code::ROOT_USER_CANNOT_ASSUME_ROLE,
            Layer::IdentityPolicies,
            &|| {
                "the account root user cannot call `sts:AssumeRole`: aws requires the credentials of an iam user or role".into()
            },
        );
    } else if root && !cross_account {
        note(
            Code::ROOT_USER_FULL_ACCESS,
            Layer::IdentityPolicies,
            &|| {
                "the account root user has full access in its own account unless something denies"
                    .into()
            },
        );
    }
    if matches!(kind, PrincipalKind::FederatedUser { .. }) && policies.session_policy.is_none() {
        note(
            Code::FEDERATED_USER_WITHOUT_SESSION_POLICY,
            Layer::SessionPolicy,
            &|| "a federated user session without a session policy has no permissions".into(),
        );
    }

    let default_key_policy = match (guarded, &policies.resource_policy) {
        (Some(GuardedResource::KmsKey), None) => {
            note(Code::DEFAULT_KEY_POLICY, Layer::ResourcePolicy, &|| {
                "no key policy given: decided with aws's default key policy, which lets the account's iam policies grant access to the key".into()
            });
            Some(NamedPolicy::new(
                "resourcePolicy.defaultKeyPolicy",
                default_key_policy(request).into(),
            ))
        }
        (Some(GuardedResource::RoleTrust), None) => {
            note(Code::MISSING_TRUST_POLICY, Layer::ResourcePolicy, &|| {
                "no trust policy given: a role can be assumed only when its trust policy allows the caller".into()
            });
            None
        }
        _ => None,
    };
    // A role's only resource-based policy is its trust policy, which decides who may assume it
    // (and tag or name the session): for any other action on the role it does not take part.
    let trust_policy_idle = guarded.is_none() && role_arn && policies.resource_policy.is_some();
    if trust_policy_idle {
        note(Code::LAYER_DOES_NOT_APPLY, Layer::ResourcePolicy, &|| {
            format!("a role's trust policy decides only `sts:AssumeRole*`, `sts:TagSession` and `sts:SetSourceIdentity`: it does not apply to `{}`", request.action)
        });
    }
    let resource_policy = policies
        .resource_policy
        .as_ref()
        .filter(|_| !trust_policy_idle)
        .or(default_key_policy.as_ref());
    let rules = MatchRules {
        endpoint: None,
        has_boundary: boundary_applies,
        federating_user: federating_user(request),
        actions,
    };
    let identity = source.layer(Layer::IdentityPolicies, || {
        let mut r = T::default();
        if iam {
            for p in &policies.identity_policies {
                collect(p, request, rules, &mut r);
            }
        }
        r
    });
    let endpoint = policies.endpoint.as_ref().map(|e| {
        source.layer(Layer::Endpoint, || {
            let mut r = T::default();
            let rules = MatchRules {
                endpoint: Some(e.endpoint_type),
                ..rules
            };
            collect(&e.policy, request, rules, &mut r);
            r
        })
    });
    let one = |p: &NamedPolicy| {
        let mut r = T::default();
        collect(p, request, rules, &mut r);
        r
    };
    let resource = resource_policy.map(|p| source.layer(Layer::ResourcePolicy, || one(p)));
    let boundary = policies
        .permissions_boundary
        .as_ref()
        .filter(|_| boundary_applies)
        .map(|p| source.layer(Layer::PermissionsBoundary, || one(p)));
    let collect_levels = |levels: &Vec<Vec<NamedPolicy>>| -> Vec<T> {
        levels
            .iter()
            .map(|level| {
                let mut r = T::default();
                for p in level {
                    collect(p, request, rules, &mut r);
                }
                r
            })
            .collect()
    };
    let scps = if scps_apply {
        source.levels(Layer::Scps, || collect_levels(&policies.scps))
    } else {
        Vec::new()
    };
    let rcps = if rcps_apply {
        source.levels(Layer::Rcps, || collect_levels(&policies.rcps))
    } else {
        Vec::new()
    };
    let session = policies
        .session_policy
        .as_ref()
        .filter(|_| session_principal)
        .map(|p| source.layer(Layer::SessionPolicy, || one(p)));

    // Every layer in report order, for denies and explanations.
    let layers = || {
        std::iter::once((Layer::IdentityPolicies, &identity))
            .chain(endpoint.iter().map(|r| (Layer::Endpoint, r)))
            .chain(resource.iter().map(|r| (Layer::ResourcePolicy, r)))
            .chain(boundary.iter().map(|r| (Layer::PermissionsBoundary, r)))
            .chain(scps.iter().map(|r| (Layer::Scps, r)))
            .chain(rcps.iter().map(|r| (Layer::Rcps, r)))
            .chain(session.iter().map(|r| (Layer::SessionPolicy, r)))
    };

    // What each layer said, in the order of AWS's flowchart.
    let state = |r: Option<&T>| match r {
        None => StepState::NotApplicable,
        Some(r) if r.denies() => StepState::Deny,
        Some(r) if r.allows() => StepState::Allow,
        Some(_) => StepState::NoAllow,
    };
    let levels_state = |levels: &[T], implicit_allow: bool| {
        if levels.is_empty() {
            StepState::NotApplicable
        } else if levels.iter().any(T::denies) {
            StepState::Deny
        } else if implicit_allow || levels.iter().all(T::allows) {
            StepState::Allow
        } else {
            StepState::NoAllow
        }
    };
    let identity_state = match state(iam.then_some(&identity)) {
        StepState::NoAllow if root => StepState::Allow,
        other => other,
    };
    let session_state = match (kind, session.as_ref()) {
        (PrincipalKind::FederatedUser { .. }, None) => StepState::NoAllow,
        (_, s) => state(s),
    };
    let steps = [
        Step {
            layer: Layer::Rcps,
            // Every RCP level also holds `RCPFullAWSAccess`.
            state: levels_state(&rcps, true),
        },
        Step {
            layer: Layer::Scps,
            state: levels_state(&scps, false),
        },
        Step {
            layer: Layer::Endpoint,
            state: state(endpoint.as_ref()),
        },
        Step {
            layer: Layer::ResourcePolicy,
            state: state(resource.as_ref()),
        },
        Step {
            layer: Layer::IdentityPolicies,
            state: identity_state,
        },
        Step {
            layer: Layer::PermissionsBoundary,
            state: state(boundary.as_ref()),
        },
        Step {
            layer: Layer::SessionPolicy,
            state: session_state,
        },
    ];

    // 1. An explicit deny anywhere wins.
    let mut denied = LayerSet::default();
    for (layer, r) in layers() {
        if r.denies() {
            denied.insert(layer);
        }
    }
    if !denied.is_empty() {
        let mut decisive = Vec::new();
        for (_, r) in layers() {
            r.push_denies(&mut decisive);
        }
        return Judged {
            decision: Decision::ExplicitlyDenied,
            blocked_by: denied,
            decisive,
            notes,
            steps,
            cross_account,
        };
    }

    // 2. Gates: every SCP level (RCP levels always hold RCPFullAWSAccess), the endpoint policy.
    let mut blocked_by = LayerSet::default();
    if scps.iter().any(|level| !level.allows()) {
        blocked_by.insert(Layer::Scps);
    }
    if endpoint.as_ref().is_some_and(|r| !r.allows()) {
        blocked_by.insert(Layer::Endpoint);
    }
    if root_assume_role {
        blocked_by.insert(Layer::IdentityPolicies);
    }

    // 3. Grants: the identity side (identity policies within the boundary and session policy)
    // and the resource side (the resource-based policy).
    let identity_allows = root || identity.allows();
    let boundary_ok = boundary.as_ref().is_none_or(T::allows);
    let session_ok = match kind {
        PrincipalKind::RoleSession { .. } => session.as_ref().is_none_or(T::allows),
        PrincipalKind::FederatedUser { .. } => session.as_ref().is_some_and(T::allows),
        _ => true,
    };
    let identity_path = iam && identity_allows && boundary_ok && session_ok;
    // "Cross-account permission is effective only for" KMS's cryptographic operations and a few
    // others (KMS guide, "Allowing users in other accounts to use a KMS key").
    let kms_cross_account_refused = cross_account
        && guarded == Some(GuardedResource::KmsKey)
        && KMS_CROSS_ACCOUNT_ACTIONS
            .binary_search(&request.action_lower.as_str())
            .is_err();
    if kms_cross_account_refused && T::EXPLAIN {
        notes.push(Note {
            code: Code::KMS_CROSS_ACCOUNT_NOT_SUPPORTED,
            layer: Layer::ResourcePolicy,
            message: format!("kms honours permissions across accounts only for cryptographic operations and `CreateGrant`, `DescribeKey`, `GetKeyRotationStatus`, `GetPublicKey`, `ListGrants`, `RetireGrant` and `RevokeGrant`: `{}` on a key of another account fails whatever the policies say", request.action),
        });
    }
    let resource_reach = resource.as_ref().and_then(|r| r.reaches().max());
    // Which resource-policy allows count, and whether the identity side is needed too.
    let (granted, resource_counts): (bool, fn(Reach) -> bool) = if !iam {
        (resource_reach.is_some(), |_| true)
    } else if cross_account && kms_cross_account_refused {
        (false, |_| true)
    } else if cross_account {
        (identity_path && resource_reach.is_some(), |_| true)
    } else if guarded.is_some() {
        // The key or trust policy must allow by itself: naming the caller (or its role) grants,
        // naming the account hands the decision to the identity side.
        let direct = resource_reach == Some(Reach::Direct);
        let via_role = resource_reach == Some(Reach::Role) && boundary_ok && session_ok;
        let via_account = resource_reach.is_some() && identity_path;
        let granted = direct || via_role || via_account;
        if let (false, true, Some(g), true, true) = (
            granted,
            identity_path,
            guarded,
            resource.is_some(),
            T::EXPLAIN,
        ) {
            notes.push(Note {
                code: Code::RESOURCE_POLICY_MUST_ALLOW,
                layer: Layer::ResourcePolicy,
                message: match g {
                    GuardedResource::KmsKey => "the identity policies allow this, but a kms key opens only to callers its key policy allows: the key policy must name the caller, or name the account (`arn:aws:iam::ACCOUNT:root`) to let iam policies grant access".into(),
                    GuardedResource::RoleTrust => "the identity policies allow this, but a role can be assumed only by callers its trust policy allows: the trust policy must name the caller, or name the account (`arn:aws:iam::ACCOUNT:root`) to let iam policies grant access".into(),
                },
            });
        }
        // Listed among the decisive statements only when the identity side was used (below).
        (granted, |reach| reach != Reach::Account)
    } else {
        let direct = resource_reach == Some(Reach::Direct);
        let via_role = resource_reach == Some(Reach::Role) && boundary_ok && session_ok;
        (identity_path || direct || via_role, |reach| {
            reach != Reach::Account
        })
    };
    if !granted {
        if !iam {
            blocked_by.insert(Layer::ResourcePolicy);
        } else {
            if !identity_allows {
                blocked_by.insert(Layer::IdentityPolicies);
            }
            if !boundary_ok {
                blocked_by.insert(Layer::PermissionsBoundary);
            }
            if !session_ok {
                blocked_by.insert(Layer::SessionPolicy);
            }
            let resource_allows = resource.as_ref().is_some_and(|r| {
                r.reaches()
                    .any(|reach| resource_counts(reach) || guarded.is_some())
            });
            if kms_cross_account_refused
                || ((cross_account || guarded.is_some() || resource.is_some()) && !resource_allows)
            {
                blocked_by.insert(Layer::ResourcePolicy);
            }
        }
    }
    if !blocked_by.is_empty() {
        return Judged {
            decision: Decision::ImplicitlyDenied,
            blocked_by,
            decisive: Vec::new(),
            notes,
            steps,
            cross_account,
        };
    }

    // Allowed: the allows of every layer that let the request through.
    let mut decisive = Vec::new();
    let identity_used = identity_path;
    let every = |_| true;
    if identity_used {
        identity.push_allows(every, &mut decisive);
    }
    if let Some(r) = &endpoint {
        r.push_allows(every, &mut decisive);
    }
    if let Some(r) = &resource {
        // A key or trust policy statement naming the account counts when it let the identity
        // side grant.
        let enabled_identity = guarded.is_some() && identity_used;
        r.push_allows(
            |reach| resource_counts(reach) || enabled_identity,
            &mut decisive,
        );
    }
    let gated_by_boundary = identity_used || resource_reach == Some(Reach::Role);
    if gated_by_boundary {
        if let Some(r) = &boundary {
            r.push_allows(every, &mut decisive);
        }
    }
    for level in &scps {
        level.push_allows(every, &mut decisive);
    }
    if gated_by_boundary {
        if let Some(r) = &session {
            r.push_allows(every, &mut decisive);
        }
    }
    Judged {
        decision: Decision::Allowed,
        blocked_by,
        decisive,
        notes,
        steps,
        cross_account,
    }
}

/// What `judge` reads from a request's action and resource alone, whoever calls: kept in a
/// [`LayerMemo`] with the layers, since a grid cell's request does not change between keystrokes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Target {
    /// The action's service is among those RCPs cover.
    rcp_service: bool,
    /// `sts:AssumeRole*` on a service-linked role (`AWSServiceRoleFor…`), outside RCPs.
    assumes_service_linked_role: bool,
    /// A KMS key or a role's trust (see [`GuardedResource`]).
    guarded: Option<GuardedResource>,
    /// The resource is an IAM role.
    role_arn: bool,
}

/// The service of an action (`s3` of `s3:GetObject`; the whole text when it has no `:`).
fn service_prefix(action: &str) -> &str {
    crate::text::bytes::split_once_byte(action, b':').map_or(action, |(service, _)| service)
}

impl Target {
    pub(super) fn of(request: &Request) -> Target {
        let role_arn = is_role_arn(&request.resource);
        Target {
            rcp_service: RCP_SERVICES
                .binary_search(&service_prefix(&request.action_lower))
                .is_ok(),
            assumes_service_linked_role: role_arn
                && request.action_lower.starts_with("sts:assumerole")
                && request
                    .resource
                    .rsplit('/')
                    .next()
                    .is_some_and(|name| name.starts_with("AWSServiceRoleFor")),
            guarded: GuardedResource::of(request),
            role_arn,
        }
    }
}

/// Service-linked roles (`AWSServiceRoleFor…`) are outside the reach of SCPs and RCPs.
fn is_service_linked_role(principal: &Principal) -> bool {
    match &principal.kind {
        PrincipalKind::RoleSession { role, .. } | PrincipalKind::Role { name: role } => {
            role.starts_with("AWSServiceRoleFor")
        }
        _ => false,
    }
}

/// Adds the statements of `policy` that apply to `request` to `out`.
fn collect<T: Tally>(policy: &NamedPolicy, request: &Request, rules: MatchRules, out: &mut T) {
    // With an index (built for this request's action: `verdict_indexed` checks), only the
    // statements whose `Action` matched are read, from their resources on (from their
    // principals on when their resources have no variables: the index matched them too).
    if let Some(index) = rules.actions {
        for &at in index.matching(policy, request).iter() {
            let flags = actions::RECHECK | actions::RECHECK_RESOURCE;
            let Some(statement) = policy.policy.statements.get((at & !flags) as usize) else {
                continue;
            };
            let reach = if at & actions::RECHECK != 0 {
                statement_reach(statement, request, rules)
            } else if at & actions::RECHECK_RESOURCE != 0 {
                reach_past_action(statement, request, rules)
            } else {
                reach_past_resource(statement, request, rules)
            };
            if let Some(reach) = reach {
                out.add(policy, statement, reach);
            }
        }
        return;
    }
    for statement in &policy.policy.statements {
        if let Some(reach) = statement_reach(statement, request, rules) {
            out.add(policy, statement, reach);
        }
    }
}
