//! The policy syntax tree: what a policy says once read, with the byte span of each part. The
//! parser (`policy/`) builds it; the evaluator (`evaluate/`, `condition.rs`) reads it. It
//! holds no parsing and no deciding.

use super::diagnostic::{Diagnostic, Span};
use super::operator::{Operator, ParsedValues};
use super::pattern::Template;

/// Which layer a policy belongs to; decides which elements it may or must have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PolicyKind {
    /// Attached to a user, group or role. No `Principal`.
    Identity,
    /// Attached to a VPC endpoint. `Principal` or `NotPrincipal` required.
    Endpoint,
    /// Attached to a resource (bucket policy, key policy, ...). `Principal` or `NotPrincipal` required.
    Resource,
    /// A permissions boundary. No `Principal`.
    PermissionsBoundary,
    /// A service control policy. No `Principal`.
    Scp,
    /// A resource control policy. `Principal` required.
    Rcp,
    /// A session policy passed when assuming a role. No `Principal`.
    Session,
    /// A role's trust policy (the role's resource-based policy, deciding `sts:AssumeRole*`).
    /// `Principal` required, no `Resource` (the role is the resource).
    Trust,
}

impl PolicyKind {
    /// How the kind is named in messages.
    pub fn describe(self) -> &'static str {
        match self {
            PolicyKind::Identity => "an identity policy",
            PolicyKind::Endpoint => "a vpc endpoint policy",
            PolicyKind::Resource => "a resource-based policy",
            PolicyKind::PermissionsBoundary => "a permissions boundary",
            PolicyKind::Scp => "a service control policy",
            PolicyKind::Rcp => "a resource control policy",
            PolicyKind::Session => "a session policy",
            PolicyKind::Trust => "a role trust policy",
        }
    }

    /// Policies IAM itself stores and checks (identity policies, boundaries, session policies,
    /// trust policies): their `Sid` holds ASCII letters and digits only ("IAM JSON policy
    /// elements: Sid"); other services' policies (bucket, key, endpoint policies) accept more.
    pub fn is_iam_policy(self) -> bool {
        matches!(
            self,
            PolicyKind::Identity
                | PolicyKind::PermissionsBoundary
                | PolicyKind::Session
                | PolicyKind::Trust
        )
    }

    /// Whether statements name principals (`Principal`/`NotPrincipal` required) or not (forbidden).
    pub fn has_principals(self) -> bool {
        matches!(
            self,
            PolicyKind::Endpoint | PolicyKind::Resource | PolicyKind::Rcp | PolicyKind::Trust
        )
    }

    /// The most characters AWS accepts for this kind, with a note on how it counts.
    pub fn size_limit(self) -> (usize, &'static str) {
        match self {
            PolicyKind::Endpoint => (20_480, "vpc endpoint policies are limited to 20,480 characters, white space included"),
            PolicyKind::Scp | PolicyKind::Rcp => (5_120, "organization policies are limited to 5,120 characters"),
            PolicyKind::Resource => (20_480, "most resource-based policies are limited to 20 KB (s3 bucket policies); some services allow less"),
            PolicyKind::Trust => (2_048, "role trust policies are limited to 2,048 characters, white space excluded (a quota that can be raised to 4,096)"),
            _ => (6_144, "managed policies are limited to 6,144 characters, white space excluded; inline policies to 2,048 (user), 5,120 (group) or 10,240 (role)"),
        }
    }
}

/// The policy language version, which decides whether `${…}` is a variable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PolicyVersion {
    /// `2012-10-17`: policy variables are substituted.
    V2012_10_17,
    /// `2008-10-17`: `${…}` is literal text.
    V2008_10_17,
    /// No `Version`: treated as 2008-10-17, so `${…}` is literal text.
    Absent,
}

/// `Allow` or `Deny`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// Grants (or, in a gate layer, lets through).
    Allow,
    /// Denies; an explicit deny always wins.
    Deny,
}

impl Effect {
    /// `Allow` or `Deny`, as written in policies.
    pub fn as_str(self) -> &'static str {
        match self {
            Effect::Allow => "Allow",
            Effect::Deny => "Deny",
        }
    }
}

/// A parsed policy.
#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    /// The layer this policy was read for.
    pub kind: PolicyKind,
    /// The language version.
    pub version: PolicyVersion,
    /// The statements, in order; a statement with errors is left out.
    pub statements: Vec<Statement>,
}

/// One statement of a policy.
#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    /// 0-based position in the policy's `Statement` list.
    pub index: usize,
    /// The `Sid`, when given.
    pub sid: Option<String>,
    /// `Allow` or `Deny`.
    pub effect: Effect,
    /// The span of the whole statement object.
    pub span: Span,
    /// `Principal`/`NotPrincipal` (only in policies that name principals).
    pub principal: Option<PrincipalElement>,
    /// `Action`/`NotAction`.
    pub action: PatternElement,
    /// `Resource`/`NotResource`.
    pub resource: PatternElement,
    /// Every condition; all must hold.
    pub conditions: Vec<ConditionClause>,
}

/// `Action`/`NotAction` or `Resource`/`NotResource`: a list of patterns, possibly negated.
#[derive(Debug, Clone, PartialEq)]
pub struct PatternElement {
    /// True for `NotAction`/`NotResource`.
    pub negated: bool,
    /// The patterns (actions lowercased).
    pub patterns: std::rc::Rc<[Template]>,
    /// The span of the element's value.
    pub span: Span,
    /// What the patterns say for the identity-policy warnings about `iam:PassRole` and
    /// `iam:CreateServiceLinkedRole`, worked out when the element is made
    /// ([`PatternElement::action`], [`PatternElement::resource`]), so that a statement's warnings
    /// match no pattern (and an element read from the parser's memo brings them along).
    pub(crate) roles: RoleFacts,
}

impl PatternElement {
    /// An `Action` (`negated`: `NotAction`) element of lowercase action patterns.
    pub fn action(negated: bool, patterns: std::rc::Rc<[Template]>, span: Span) -> Self {
        let roles = RoleFacts::of_action(negated, &patterns);
        PatternElement {
            negated,
            patterns,
            span,
            roles,
        }
    }

    /// A `Resource` (`negated`: `NotResource`) element. (Which of its patterns covers every
    /// role is read only for a statement whose `Action` reaches a role action.)
    pub fn resource(negated: bool, patterns: std::rc::Rc<[Template]>, span: Span) -> Self {
        PatternElement {
            negated,
            patterns,
            span,
            roles: RoleFacts::default(),
        }
    }
}

/// For each action the role warnings are about (`iam:PassRole`, `iam:CreateServiceLinkedRole`,
/// in that order), how an `Action` element reaches it (nothing for a `Resource` element).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct RoleFacts(pub(crate) [RoleFact; 2]);

/// What one element says of one role action ([`RoleFacts`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum RoleFact {
    /// An `Action` element that does not reach it, or a `Resource` element.
    #[default]
    Nothing,
    /// An `Action` element that reaches it, how, and (for [`RoleReach::Star`] from `Action`) the
    /// index of the wildcard that counts as a star.
    Reaches(RoleReach, Option<u32>),
}

/// How a statement's `Action` reaches a role action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RoleReach {
    /// Named, or by a pattern narrower than the action's family counts as a star.
    Named,
    /// By a wildcard the family counts as "star in action".
    Star,
    /// Through `NotAction` that leaves it in.
    NotAction,
}

/// `Principal`/`NotPrincipal`.
#[derive(Debug, Clone, PartialEq)]
pub struct PrincipalElement {
    /// True for `NotPrincipal`.
    pub negated: bool,
    /// The principals named.
    pub entries: Vec<PrincipalEntry>,
    /// The span of the element's value.
    pub span: Span,
}

/// One principal named in a `Principal` element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PrincipalEntry {
    /// `"*"` or `{"AWS": "*"}`: everyone, anonymous callers included.
    Everyone,
    /// `"123456789012"` or `arn:aws:iam::123456789012:root`: the account (for a gateway
    /// endpoint: its root user only).
    Account(String),
    /// A user, role, role-session or federated-user ARN.
    Arn(String),
    /// `{"Service": "s3.amazonaws.com"}`.
    Service(String),
    /// `{"Federated": …}`: an identity provider.
    Federated(String),
    /// `{"CanonicalUser": …}`: an S3 canonical user id.
    CanonicalUser(String),
}

/// One `Operator: {Key: Values}` test of a `Condition` block: what it tests, read through
/// `Deref` (`clause.key`, `clause.values`), and where its key is written.
#[derive(Debug, Clone, PartialEq)]
pub struct ConditionClause {
    /// What the clause tests: shared, so that the same clause met again (the element memo
    /// answers a `Condition` block written as one read before) is a count, not a copy.
    pub test: std::rc::Rc<ClauseTest>,
    /// Span of the key (the place to point at).
    pub span: Span,
}

impl std::ops::Deref for ConditionClause {
    type Target = ClauseTest;

    fn deref(&self) -> &ClauseTest {
        &self.test
    }
}

/// What a [`ConditionClause`] tests.
#[derive(Debug, PartialEq)]
pub struct ClauseTest {
    /// The operator with its qualifiers.
    pub operator: Operator,
    /// The operator as written.
    pub operator_text: String,
    /// The key as written.
    pub key: String,
    /// The key lowercased, for lookups.
    pub key_lower: String,
    /// The values, parsed for the operator's family.
    pub values: ParsedValues,
    /// The values as written.
    pub raw_values: Vec<String>,
}

/// The result of reading one policy: what could be read, and everything noticed on the way.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedPolicy {
    /// The policy; statements with errors are left out. Shared: every cell of a grid decides
    /// with the same parse.
    pub policy: std::rc::Rc<Policy>,
    /// Errors and warnings, in source order.
    pub diagnostics: Vec<Diagnostic>,
}

impl ParsedPolicy {
    /// True when some diagnostic is an error: the policy must not be evaluated.
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == super::diagnostic::Severity::Error)
    }
}
