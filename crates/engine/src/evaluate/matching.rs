//! Whether a statement applies to a request, element by element: actions, resources, and how
//! its `Principal` reaches the caller ([`Reach`]: directly, through its role or federating user,
//! or through its account), with `NotPrincipal`'s account → role → session chain; and the
//! per-element check that explanations show ([`StatementCheck`]).

use super::*;

/// How a resource-policy statement's `Principal` reached the caller. It decides whether the
/// allow is limited by implicit denies elsewhere ("Policy evaluation logic", same account).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Reach {
    /// The account is named: authority is delegated to the account's own policies.
    Account,
    /// The role is named (not the session), or the IAM user behind a federated user session:
    /// limited by the boundary and session policy.
    Role,
    /// The caller itself (user, session, federated user, service, root) or `*`.
    Direct,
}

/// How statements are matched against the caller in one layer.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct MatchRules<'r> {
    /// Set for the endpoint layer: gateway endpoints read account principals as the root user.
    pub(super) endpoint: Option<EndpointType>,
    /// The caller has a permissions boundary: a resource-based `NotPrincipal` + `Deny` then
    /// always applies ("AWS JSON policy elements: NotPrincipal").
    pub(super) has_boundary: bool,
    /// For a federated user session, the IAM user who called `GetFederationToken`: naming
    /// that user reaches the session like naming a role reaches its sessions.
    pub(super) federating_user: Option<&'r str>,
    /// The statements whose `Action` matches the request's action, per policy, when the caller
    /// keeps them (see [`ActionIndex`](super::ActionIndex)).
    pub(super) actions: Option<&'r super::ActionIndex>,
}

impl<'r> MatchRules<'r> {
    /// The rules for one statement outside a whole decision (explanations): no boundary.
    pub(super) fn for_request(
        request: &'r Request,
        endpoint: Option<EndpointType>,
    ) -> MatchRules<'r> {
        MatchRules {
            endpoint,
            has_boundary: false,
            federating_user: federating_user(request),
            actions: None,
        }
    }
}

/// The IAM user behind a federated user session, when the request names one.
pub(super) fn federating_user(request: &Request) -> Option<&str> {
    match request.principal.kind {
        PrincipalKind::FederatedUser { .. } => request.federating_user.as_deref(),
        _ => None,
    }
}

/// True when every element of `statement` matches the request (for an endpoint policy, pass
/// the endpoint type: account principals mean different things for gateway endpoints).
pub fn statement_applies(
    statement: &Statement,
    request: &Request,
    endpoint: Option<EndpointType>,
) -> bool {
    statement_reach(
        statement,
        request,
        MatchRules::for_request(request, endpoint),
    )
    .is_some()
}

/// `Some(how the principal matched)` when every element of `statement` matches the request.
pub(super) fn statement_reach(
    statement: &Statement,
    request: &Request,
    rules: MatchRules,
) -> Option<Reach> {
    if !action_matches(statement, request) {
        return None;
    }
    reach_past_action(statement, request, rules)
}

/// [`statement_reach`] for a statement whose `Action` element is known to match.
pub(super) fn reach_past_action(
    statement: &Statement,
    request: &Request,
    rules: MatchRules,
) -> Option<Reach> {
    if !resource_matches(statement, request) {
        return None;
    }
    reach_past_resource(statement, request, rules)
}

/// [`statement_reach`] for a statement whose `Action` and `Resource` elements are known to match.
pub(super) fn reach_past_resource(
    statement: &Statement,
    request: &Request,
    rules: MatchRules,
) -> Option<Reach> {
    let reach = match &statement.principal {
        None => Reach::Direct,
        Some(p) => principal_element_reach(p, &request.principal, rules)?,
    };
    statement
        .conditions
        .iter()
        .all(|c| evaluate_clause(c, &request.context))
        .then_some(reach)
}

/// Why one statement did or did not apply to a request, element by element (for explanations).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementCheck {
    /// `Action`/`NotAction` matched.
    pub action: bool,
    /// `Resource`/`NotResource` matched.
    pub resource: bool,
    /// `Principal`/`NotPrincipal` matched (`None` when the statement names no principal).
    pub principal: Option<bool>,
    /// Each condition clause's result, in order.
    pub conditions: Vec<bool>,
}

impl StatementCheck {
    /// True when the statement applies.
    pub fn applies(&self) -> bool {
        self.action
            && self.resource
            && self.principal != Some(false)
            && self.conditions.iter().all(|c| *c)
    }
}

/// Checks every element of `statement` against `request` (pass the endpoint type for an
/// endpoint policy). Unlike [`statement_applies`] it evaluates every condition, so that an
/// explanation can show each result.
pub fn check_statement(
    statement: &Statement,
    request: &Request,
    endpoint: Option<EndpointType>,
) -> StatementCheck {
    let rules = MatchRules::for_request(request, endpoint);
    StatementCheck {
        action: action_matches(statement, request),
        resource: resource_matches(statement, request),
        principal: statement
            .principal
            .as_ref()
            .map(|p| principal_element_reach(p, &request.principal, rules).is_some()),
        conditions: statement
            .conditions
            .iter()
            .map(|c| evaluate_clause(c, &request.context))
            .collect(),
    }
}

pub(super) fn action_matches(statement: &Statement, request: &Request) -> bool {
    let any = statement.action.patterns.iter().any(|t| {
        t.tokens(&request.context, true)
            .is_some_and(|tokens| glob_match(&tokens, &request.action_lower))
    });
    any != statement.action.negated
}

pub(super) fn resource_matches(statement: &Statement, request: &Request) -> bool {
    let any = statement
        .resource
        .patterns
        .iter()
        .any(|t| t.matches_arn(&request.context, &request.resource));
    any != statement.resource.negated
}

/// `Principal`: the best way the caller matches an entry. `NotPrincipal`: the caller is excluded
/// only when every identity AWS checks for it (its account, then its role, then the session or
/// user) is listed ("AWS JSON policy elements: NotPrincipal"); a caller with a permissions
/// boundary is never excluded.
pub(super) fn principal_element_reach(
    element: &PrincipalElement,
    principal: &Principal,
    rules: MatchRules,
) -> Option<Reach> {
    if !element.negated {
        return element
            .entries
            .iter()
            .filter_map(|e| entry_reach(e, principal, rules))
            .max();
    }
    if rules.has_boundary {
        return Some(Reach::Direct);
    }
    let listed = |level: &ChainLevel| {
        element
            .entries
            .iter()
            .any(|e| entry_matches_level(e, level, principal))
    };
    let excluded = identity_chain(principal).iter().all(listed);
    (!excluded).then_some(Reach::Direct)
}

/// One identity in the chain AWS checks for `NotPrincipal`.
pub(super) enum ChainLevel {
    Anonymous,
    Account,
    Role,
    Caller,
}

pub(super) fn identity_chain(principal: &Principal) -> Vec<ChainLevel> {
    match &principal.kind {
        PrincipalKind::Anonymous => vec![ChainLevel::Anonymous],
        PrincipalKind::Service { .. } | PrincipalKind::IdentityProvider { .. } => {
            vec![ChainLevel::Caller]
        }
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

pub(super) fn entry_matches_level(
    entry: &PrincipalEntry,
    level: &ChainLevel,
    principal: &Principal,
) -> bool {
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
        (PrincipalEntry::Federated(f), ChainLevel::Caller) => matches!(
            &principal.kind,
            PrincipalKind::IdentityProvider { name } | PrincipalKind::Service { name } if name == f
        ),
        _ => false,
    }
}

pub(super) fn entry_reach(
    entry: &PrincipalEntry,
    principal: &Principal,
    rules: MatchRules,
) -> Option<Reach> {
    let endpoint = rules.endpoint;
    match entry {
        PrincipalEntry::Everyone => Some(Reach::Direct),
        PrincipalEntry::Account(account) => {
            if principal.is_anonymous()
                || principal.account.is_empty()
                || *account != principal.account
            {
                return None;
            }
            let root = principal.kind == PrincipalKind::Root;
            match endpoint {
                // Gateway endpoints read an account principal as the account's root user only.
                Some(EndpointType::Gateway) => root.then_some(Reach::Direct),
                _ if root => Some(Reach::Direct),
                _ => Some(Reach::Account),
            }
        }
        PrincipalEntry::Arn(arn) => {
            if *arn == principal.arn {
                Some(Reach::Direct)
            } else if names_role(arn, principal) || rules.federating_user == Some(arn.as_str()) {
                Some(Reach::Role)
            } else {
                None
            }
        }
        PrincipalEntry::Service(s) => {
            matches!(&principal.kind, PrincipalKind::Service { name } if name == s)
                .then_some(Reach::Direct)
        }
        // An identity provider (`saml-provider/…`, `oidc-provider/…`, a web identity host), or
        // Amazon Cognito, which the request names like a service.
        PrincipalEntry::Federated(f) => matches!(
            &principal.kind,
            PrincipalKind::IdentityProvider { name } | PrincipalKind::Service { name } if name == f
        )
        .then_some(Reach::Direct),
        PrincipalEntry::CanonicalUser(_) => None,
    }
}

/// True when `arn` names the role of a role session (`arn:aws:iam::ACCT:role/PATH/NAME`, or the
/// session-less `arn:aws:sts::ACCT:assumed-role/NAME`).
pub(super) fn names_role(arn: &str, principal: &Principal) -> bool {
    let role_name = match &principal.kind {
        PrincipalKind::RoleSession { role, .. } => role,
        PrincipalKind::Role { name } => name,
        _ => return false,
    };
    // `arn:PARTITION:iam::ACCOUNT:role/PATH/NAME` or `arn:PARTITION:sts::ACCOUNT:assumed-role/NAME`,
    // read without allocating (this runs for every principal entry of every cell of a grid).
    let Some(rest) = arn
        .strip_prefix("arn:")
        .and_then(|r| r.strip_prefix(principal.partition.as_str()))
        .and_then(|r| r.strip_prefix(':'))
    else {
        return false;
    };
    // What follows `SERVICE::ACCOUNT:` when the ARN is of `service` in the principal's account.
    let tail = |service: &str| {
        rest.strip_prefix(service)?
            .strip_prefix("::")?
            .strip_prefix(principal.account.as_str())?
            .strip_prefix(':')
    };
    if let Some(path_and_name) = tail("iam").and_then(|t| t.strip_prefix("role/")) {
        return path_and_name.rsplit('/').next() == Some(role_name.as_str());
    }
    tail("sts").and_then(|t| t.strip_prefix("assumed-role/")) == Some(role_name.as_str())
}
