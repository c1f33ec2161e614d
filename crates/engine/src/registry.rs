//! The check registry: for every [`Code`], in one table, where the check comes from, which
//! policies it is about, what it means in a paragraph, and how it is shown to fire.
//!
//! [`registry`] is the table (one entry per code, in the order of [`Code::ALL`]; a test keeps it
//! so) and [`Code::info`] finds one entry. Policy checks carry two example policies, one that
//! triggers the check and one that does not, with the kind to read them as; the top-level crate's
//! tests read both with the catalog's names and assert the code appears in the first and not in
//! the second. Codes that no policy text shows on its own (the simulate case's fields, evaluation
//! notes, findings that need thousands of characters) name the test file that shows them.

use crate::ast::PolicyKind;
use crate::code::Code;
use crate::diagnostic::Severity;

/// Where a check comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// IAM Access Analyzer's policy validation has the same check under the same issue code; the
    /// finding type is the one Access Analyzer gives (ours may be stricter, see
    /// `docs/diagnostics.md`).
    AccessAnalyzer(Severity),
    /// A check of the playground's own, in the same style.
    Ours,
}

impl Origin {
    /// `Access Analyzer` or `ours`, as the lists write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Origin::AccessAnalyzer(_) => "Access Analyzer",
            Origin::Ours => "ours",
        }
    }
}

/// A kind of policy a check applies to. Finer than [`PolicyKind`]: interface and gateway
/// endpoints take different principals, although the parser reads both as
/// [`PolicyKind::Endpoint`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Identity policies (users, groups, roles).
    Identity,
    /// Resource-based policies (bucket, queue, key policies, ...).
    Resource,
    /// Policies of interface VPC endpoints.
    InterfaceEndpoint,
    /// Policies of gateway VPC endpoints (S3, DynamoDB).
    GatewayEndpoint,
    /// Role trust policies.
    Trust,
    /// Service control policies.
    Scp,
    /// Resource control policies.
    Rcp,
    /// Session policies.
    Session,
    /// Permissions boundaries.
    Boundary,
}

impl Kind {
    /// How the kind is written in lists: `identity`, `interface-endpoint`, ...
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Identity => "identity",
            Kind::Resource => "resource",
            Kind::InterfaceEndpoint => "interface-endpoint",
            Kind::GatewayEndpoint => "gateway-endpoint",
            Kind::Trust => "trust",
            Kind::Scp => "scp",
            Kind::Rcp => "rcp",
            Kind::Session => "session",
            Kind::Boundary => "boundary",
        }
    }
}

/// What a check is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applies {
    /// Policies of these kinds.
    Policies(&'static [Kind]),
    /// The simulate case's own fields and the playground's other inputs (scenario documents,
    /// share links, JavaScript API arguments), not a policy.
    Case,
    /// A note of the evaluation about the request and its layers, not one place in a policy.
    Evaluation,
}

impl Applies {
    /// The kinds as one word list: `identity, resource`, `case` or `evaluation`.
    pub fn describe(self) -> String {
        match self {
            Applies::Policies(kinds) if kinds == ALL => "every policy".to_string(),
            Applies::Policies(kinds) => kinds
                .iter()
                .map(|k| k.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            Applies::Case => "case".to_string(),
            Applies::Evaluation => "evaluation".to_string(),
        }
    }
}

/// How a check is shown to fire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Proof {
    /// Two policies read as `kind`: `fires` has the finding, `quiet` has none at all.
    Examples {
        /// The kind to read both examples as.
        kind: PolicyKind,
        /// A policy that triggers the check.
        fires: &'static str,
        /// A policy close to it that does not.
        quiet: &'static str,
    },
    /// A policy of `kind` longer than [`PolicyKind::size_limit`] triggers the check, one exactly
    /// at the limit does not (the tests build both).
    Oversized {
        /// The kind whose quota the check is about.
        kind: PolicyKind,
    },
    /// No short policy text shows the check; the test file named shows it.
    Elsewhere {
        /// Why the registry has no example.
        why: &'static str,
        /// The test (a path from the repository's root) that triggers the check.
        tested_by: &'static str,
    },
}

/// One entry of the registry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CheckInfo {
    /// The code.
    pub code: Code,
    /// Access Analyzer's check or ours.
    pub origin: Origin,
    /// The policy kinds (or the input) the check is about.
    pub applies: Applies,
    /// What the check finds and why it matters, in one paragraph.
    pub explanation: &'static str,
    /// How the check is shown to fire.
    pub proof: Proof,
}

impl CheckInfo {
    /// The one-line summary ([`Code::summary`]).
    pub fn summary(&self) -> &'static str {
        self.code.summary()
    }

    /// The AWS page of the rule ([`Code::link`]).
    pub fn link(&self) -> Option<&'static str> {
        self.code.link()
    }
}

impl Code {
    /// This code's entry in the [`registry`].
    pub fn info(self) -> &'static CheckInfo {
        // The table follows `Code::ALL`, a test checks it, so the index is the usual answer.
        match REGISTRY.get(self as usize) {
            Some(info) if info.code == self => info,
            _ => REGISTRY
                .iter()
                .find(|i| i.code == self)
                .unwrap_or(&REGISTRY[0]),
        }
    }
}

/// Every check, in the order of [`Code::ALL`].
pub fn registry() -> &'static [CheckInfo] {
    REGISTRY
}

use Kind::*;

/// Every kind of policy.
const ALL: &[Kind] = &[
    Identity,
    Resource,
    InterfaceEndpoint,
    GatewayEndpoint,
    Trust,
    Scp,
    Rcp,
    Session,
    Boundary,
];
/// The kinds whose statements name no principal.
const NO_PRINCIPAL: &[Kind] = &[Identity, Scp, Session, Boundary];
/// The kinds whose statements name a principal.
const WITH_PRINCIPAL: &[Kind] = &[Resource, InterfaceEndpoint, GatewayEndpoint, Trust, Rcp];
/// Every kind whose statements name resources.
const WITH_RESOURCE: &[Kind] = &[
    Identity,
    Resource,
    InterfaceEndpoint,
    GatewayEndpoint,
    Scp,
    Rcp,
    Session,
    Boundary,
];
/// The policies IAM stores itself.
const IAM: &[Kind] = &[Identity, Trust, Session, Boundary];
/// VPC endpoint policies.
const ENDPOINTS: &[Kind] = &[InterfaceEndpoint, GatewayEndpoint];
/// Resource control policies.
const RCP: &[Kind] = &[Rcp];
/// Role trust policies.
const TRUST: &[Kind] = &[Trust];

const fn aa(finding: Severity) -> Origin {
    Origin::AccessAnalyzer(finding)
}

const fn ex(kind: PolicyKind, fires: &'static str, quiet: &'static str) -> Proof {
    Proof::Examples { kind, fires, quiet }
}

const fn elsewhere(why: &'static str, tested_by: &'static str) -> Proof {
    Proof::Elsewhere { why, tested_by }
}

const fn entry(
    code: Code,
    origin: Origin,
    applies: Applies,
    explanation: &'static str,
    proof: Proof,
) -> CheckInfo {
    CheckInfo {
        code,
        origin,
        applies,
        explanation,
        proof,
    }
}

use Applies::{Case, Evaluation, Policies};
use PolicyKind as P;
use Severity::{Error as E, SecurityWarning as SW, Suggestion as S, Warning as W};

/// A short identity policy that every check leaves alone.
const IDENTITY_OK: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#;
/// A short bucket policy that every check leaves alone.
const RESOURCE_OK: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::amzn-s3-demo-bucket/*"}]}"#;
/// A short endpoint policy that every check leaves alone.
const ENDPOINT_OK: &str = r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"sqs:SendMessage","Resource":"arn:aws:sqs:us-east-1:111122223333:orders"}]}"#;
/// A short trust policy that every check leaves alone.
const TRUST_OK: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;
/// A short RCP that every check leaves alone.
const RCP_OK: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}"#;

static REGISTRY: &[CheckInfo] = &[
    // Reading JSON.
    entry(Code::JSON_SYNTAX_ERROR, aa(E), Policies(ALL),
        "The text cannot be read as JSON: a missing comma or quote, a trailing comma, a comment. Nothing else is checked until the text reads, and AWS refuses such a policy outright.",
        ex(P::Identity,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*",}]}"#,
            IDENTITY_OK)),
    entry(Code::JSON_TOO_DEEP, Origin::Ours, Policies(ALL),
        "Objects and arrays nested deeper than 64 levels. No policy needs that depth; the reader stops there so that hostile input costs bounded work and never exhausts the stack.",
        elsewhere("the example would be 65 brackets deep", "tests/corpus/grammar/json-nested-10000-deep.json")),
    entry(Code::DATA_TYPE_MISMATCH, aa(E), Policies(ALL),
        "A value of the wrong JSON type: a number or an object where the grammar has a string or a list of strings, a list where it has an object. Only strings are policy values.",
        ex(P::Identity,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":7}]}"#,
            IDENTITY_OK)),
    entry(Code::DUPLICATE_ELEMENT, Origin::Ours, Policies(ALL),
        "The same member twice in one object, such as two `Effect`s in a statement. JSON leaves the meaning open and services do not agree on which copy wins, so the policy is refused rather than guessed at.",
        ex(P::Identity,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Effect":"Deny","Action":"s3:GetObject","Resource":"*"}]}"#,
            IDENTITY_OK)),

    // Policy and statement elements.
    entry(Code::INVALID_POLICY_ELEMENT, aa(E), Policies(ALL),
        "A member the policy grammar does not have, at the top or in a statement, often a misspelling (`Statment`, `Actions`). AWS rejects the policy; the help names the element that was probably meant.",
        ex(P::Identity,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Actions":"s3:GetObject","Resource":"*"}]}"#,
            IDENTITY_OK)),
    entry(Code::INVALID_VERSION, aa(E), Policies(ALL),
        "`Version` names the policy language, not a date of the policy: only `2012-10-17` and the older `2008-10-17` exist (RCPs take only the first). Use `2012-10-17`, the version that knows policy variables.",
        ex(P::Identity,
            r#"{"Version":"2024-01-01","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#,
            IDENTITY_OK)),
    entry(Code::MISSING_VERSION, aa(W), Policies(RCP),
        "A resource control policy without `Version`. AWS Organizations requires `2012-10-17` in every RCP. Other kinds accept a policy without it, but then read it as `2008-10-17`, where `${aws:username}` is plain text.",
        ex(P::Rcp,
            r#"{"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}"#,
            RCP_OK)),
    entry(Code::MISSING_STATEMENT, aa(E), Policies(ALL),
        "A policy without a `Statement` element. Every policy holds its rules in statements; without them it says nothing and AWS rejects it.",
        ex(P::Identity, r#"{"Version":"2012-10-17"}"#, IDENTITY_OK)),
    entry(Code::EMPTY_ARRAY_STATEMENT, Origin::Ours, Policies(ALL),
        "`Statement` is an empty list. The policy is readable but allows and denies nothing; an empty endpoint policy or SCP then blocks every call through its layer.",
        ex(P::Identity, r#"{"Version":"2012-10-17","Statement":[]}"#, IDENTITY_OK)),
    entry(Code::UNIQUE_SIDS_REQUIRED, aa(E), Policies(IAM),
        "Two statements of a policy IAM stores (identity policies, boundaries, session and trust policies) share a `Sid`. IAM documents that a statement id must be unique within its policy, and refuses duplicates.",
        ex(P::Identity,
            r#"{"Version":"2012-10-17","Statement":[{"Sid":"Read","Effect":"Allow","Action":"s3:GetObject","Resource":"*"},{"Sid":"Read","Effect":"Allow","Action":"s3:ListBucket","Resource":"*"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Sid":"Read","Effect":"Allow","Action":"s3:GetObject","Resource":"*"},{"Sid":"List","Effect":"Allow","Action":"s3:ListBucket","Resource":"*"}]}"#)),
    entry(Code::UNIQUE_SIDS_RECOMMENDED, aa(W), Policies(&[Resource, InterfaceEndpoint, GatewayEndpoint, Scp, Rcp]),
        "Two statements share a `Sid` in a policy that IAM does not store (a bucket, queue or key policy, an endpoint policy, an SCP or RCP). Whether a duplicate is refused depends on the service, so this is a warning rather than an error: give each statement its own id so that it names one statement.",
        ex(P::Resource,
            r#"{"Version":"2012-10-17","Statement":[{"Sid":"Read","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::amzn-s3-demo-bucket/*"},{"Sid":"Read","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"s3:ListBucket","Resource":"arn:aws:s3:::amzn-s3-demo-bucket"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Sid":"Read","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::amzn-s3-demo-bucket/*"},{"Sid":"List","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"s3:ListBucket","Resource":"arn:aws:s3:::amzn-s3-demo-bucket"}]}"#)),
    entry(Code::EMPTY_SID_VALUE, aa(S), Policies(ALL),
        "`\"Sid\": \"\"` names nothing. The `Sid` is optional: give the statement a name or leave the element out.",
        ex(P::Identity,
            r#"{"Version":"2012-10-17","Statement":[{"Sid":"","Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Sid":"ReadObjects","Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#)),
    entry(Code::UNSUPPORTED_SID, aa(E), Policies(IAM),
        "In the policies IAM stores (identity policies, boundaries, session and trust policies) a `Sid` holds ASCII letters and digits only: no spaces, dashes or underscores. Other services' policies accept more.",
        ex(P::Identity,
            r#"{"Version":"2012-10-17","Statement":[{"Sid":"read-objects","Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Sid":"ReadObjects","Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#)),
    entry(Code::MISSING_EFFECT, aa(E), Policies(ALL),
        "A statement without `Effect`. Every statement must say whether it allows or denies; there is no default.",
        ex(P::Identity,
            r#"{"Version":"2012-10-17","Statement":[{"Action":"s3:GetObject","Resource":"*"}]}"#,
            IDENTITY_OK)),
    entry(Code::INVALID_EFFECT, aa(E), Policies(ALL),
        "`Effect` is `Allow` or `Deny`, spelt exactly so: the value is case-sensitive, and `allow` is refused.",
        ex(P::Identity,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"allow","Action":"s3:GetObject","Resource":"*"}]}"#,
            IDENTITY_OK)),
    entry(Code::UNSUPPORTED_ELEMENT_COMBINATION, aa(E), Policies(ALL),
        "A statement uses an element together with its `Not` form (`Action` and `NotAction`, `Resource` and `NotResource`, `Principal` and `NotPrincipal`). Each statement takes one of the pair.",
        ex(P::Identity,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","NotAction":"s3:DeleteObject","Resource":"*"}]}"#,
            IDENTITY_OK)),
    entry(Code::MISSING_ACTION, aa(E), Policies(ALL),
        "A statement without `Action` or `NotAction`. A statement must say which calls it is about.",
        ex(P::Identity,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Resource":"*"}]}"#,
            IDENTITY_OK)),
    entry(Code::MISSING_RESOURCE, aa(E), Policies(WITH_RESOURCE),
        "A statement without `Resource` or `NotResource` in a kind that requires one (all but trust policies, whose resource is the role). Write `\"Resource\": \"*\"` when the statement is about every resource.",
        ex(P::Identity,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject"}]}"#,
            IDENTITY_OK)),
    entry(Code::MISSING_PRINCIPAL, aa(E), Policies(WITH_PRINCIPAL),
        "A statement of a resource-based, endpoint, trust or resource control policy without `Principal` (or `NotPrincipal`). These policies are attached to the resource, so each statement must say whom it is about.",
        ex(P::Resource,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::amzn-s3-demo-bucket/*"}]}"#,
            RESOURCE_OK)),
    entry(Code::EMPTY_ARRAY_ACTION, aa(S), Policies(ALL),
        "`Action` or `NotAction` is an empty list. An empty `Action` matches nothing and an empty `NotAction` matches everything, which is rarely what was meant; we refuse to guess.",
        ex(P::Identity,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":[],"Resource":"*"}]}"#,
            IDENTITY_OK)),
    entry(Code::EMPTY_ARRAY_RESOURCE, aa(S), Policies(WITH_RESOURCE),
        "`Resource` or `NotResource` is an empty list, so the statement names no resource (or every one, for `NotResource`). Name the resources or write `\"*\"`.",
        ex(P::Identity,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":[]}]}"#,
            IDENTITY_OK)),
    entry(Code::EMPTY_ARRAY_PRINCIPAL, aa(S), Policies(WITH_PRINCIPAL),
        "A principal type with an empty list (`{\"AWS\": []}`): the statement names nobody and cannot apply.",
        ex(P::Resource,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":[]},"Action":"s3:GetObject","Resource":"arn:aws:s3:::amzn-s3-demo-bucket/*"}]}"#,
            RESOURCE_OK)),
    entry(Code::INVALID_ACTION_FORMAT, Origin::Ours, Policies(ALL),
        "An action is written `service:Name` (wildcards allowed) or `*` alone. Without the colon and service prefix the action matches no call. (In a VPC endpoint policy a pattern with a wildcard and no prefix is matched across services instead: `ACTION_WITHOUT_SERVICE_PREFIX`.)",
        ex(P::Identity,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"GetObject","Resource":"*"}]}"#,
            IDENTITY_OK)),
    entry(Code::ACTION_WITHOUT_SERVICE_PREFIX, Origin::Ours, Policies(ENDPOINTS),
        "In a VPC endpoint policy an action pattern with a wildcard and no `service:` prefix, such as the `*Execution` of AWS's Step Functions endpoint policy example, is matched against the whole `service:Action` name: `*Execution` lets through `states:StartExecution` and every other service's actions ending in `Execution`. IAM's grammar wants the prefix (Access Analyzer calls such an action invalid, and identity policies refuse it): write `states:*Execution` to say which service is meant.",
        ex(P::Endpoint,
            r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"*Execution","Resource":"*"}]}"#,
            r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"states:*Execution","Resource":"*"}]}"#)),
    entry(Code::INVALID_ARN_PREFIX, aa(E), Policies(WITH_RESOURCE),
        "A resource is an ARN (`arn:partition:service:region:account:resource`) or `*`. A bare bucket or queue name is not a resource and matches nothing.",
        ex(P::Identity,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"amzn-s3-demo-bucket/*"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::amzn-s3-demo-bucket/*"}]}"#)),
    entry(Code::EXECUTE_API_SHORTHAND_WITHOUT_API, Origin::Ours, Policies(&[Resource]),
        "In an API's resource policy, API Gateway lets a resource be written short, `execute-api:/STAGE/METHOD/PATH` (`execute-api:/*` for the whole API), and writes the API's ARN in front of it when the policy is saved: the Region, the account and the id of the API the policy is attached to. The playground does the same when it knows that API (the request's resource, or the resource the policy is attached to, is an `arn:...:execute-api:...` ARN). Without one, the shorthand cannot be expanded and matches no request: name the API, or write its ARN out.",
        ex(P::Resource,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"execute-api:/*"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"arn:aws:execute-api:us-east-1:111122223333:a1b2c3d4e5/*"}]}"#)),
    entry(Code::UNSUPPORTED_WILDCARD_IN_ARN_SERVICE, Origin::Ours, Policies(WITH_RESOURCE),
        "The service part of a resource ARN cannot hold a wildcard: AWS does not accept `arn:aws:s*:::...`. Write one ARN per service, or `*` for every resource.",
        ex(P::Identity,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s*:::amzn-s3-demo-bucket/*"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::amzn-s3-demo-bucket/*"}]}"#)),
    entry(Code::INVALID_ARN_ACCOUNT, aa(E), Policies(ENDPOINTS),
        "In a VPC endpoint policy the account field of an ARN holds a whole account id or a wildcard, never digits mixed with wildcards such as `1111*`.",
        ex(P::Endpoint,
            r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"sqs:SendMessage","Resource":"arn:aws:sqs:us-east-1:1111*:orders"}]}"#,
            ENDPOINT_OK)),
    entry(Code::POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA, aa(W), Policies(&[Identity, Session, Boundary]),
        "The policy has more characters than a managed policy may (6,144, white space not counted). IAM refuses to store it; split it into several policies.",
        Proof::Oversized { kind: P::Identity }),
    entry(Code::POLICY_SIZE_EXCEEDS_RESOURCE_POLICY_QUOTA, aa(W), Policies(&[Resource]),
        "The policy is longer than the 20 KB an S3 bucket policy may be; many services allow less. The service refuses to attach it.",
        Proof::Oversized { kind: P::Resource }),
    entry(Code::POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA, aa(W), Policies(TRUST),
        "The trust policy is longer than the 2,048 characters IAM accepts by default (a quota that can be raised to 4,096).",
        Proof::Oversized { kind: P::Trust }),
    entry(Code::POLICY_SIZE_EXCEEDS_SCP_QUOTA, aa(E), Policies(&[Scp]),
        "The SCP is longer than the 5,120 characters AWS Organizations accepts.",
        Proof::Oversized { kind: P::Scp }),
    entry(Code::POLICY_SIZE_EXCEEDS_RCP_QUOTA, aa(E), Policies(RCP),
        "The RCP is longer than the 5,120 characters AWS Organizations accepts.",
        Proof::Oversized { kind: P::Rcp }),
    entry(Code::POLICY_SIZE_EXCEEDS_ENDPOINT_POLICY_QUOTA, Origin::Ours, Policies(ENDPOINTS),
        "The endpoint policy is longer than the 20,480 characters a VPC endpoint accepts, white space included.",
        Proof::Oversized { kind: P::Endpoint }),

    // Principals.
    entry(Code::UNSUPPORTED_PRINCIPAL, aa(E), Policies(NO_PRINCIPAL),
        "`Principal` or `NotPrincipal` in a kind that has none: identity policies, boundaries and session policies apply to whoever holds them, and SCPs to the accounts below them.",
        ex(P::Identity,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}]}"#,
            IDENTITY_OK)),
    entry(Code::ALLOW_WITH_NOT_PRINCIPAL, aa(SW), Policies(&[Resource, InterfaceEndpoint, GatewayEndpoint, Rcp]),
        "`Allow` with `NotPrincipal` grants the action to everyone not listed, anonymous callers included. AWS advises against it; deny with `NotPrincipal`, or allow named principals.",
        ex(P::Resource,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotPrincipal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::amzn-s3-demo-bucket/*"}]}"#,
            RESOURCE_OK)),
    entry(Code::INVALID_PRINCIPAL_FORMAT, aa(E), Policies(WITH_PRINCIPAL),
        "A principal is `\"*\"`, a 12-digit account id, an ARN, a service name (`ec2.amazonaws.com`), an identity provider or a canonical user id. Anything else, such as a user name, names nobody.",
        ex(P::Resource,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"alice"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::amzn-s3-demo-bucket/*"}]}"#,
            RESOURCE_OK)),
    entry(Code::INVALID_PRINCIPAL_KEY, aa(E), Policies(WITH_PRINCIPAL),
        "The keys of a principal object are the principal types `AWS`, `Service`, `Federated` and `CanonicalUser`; any other key is refused.",
        ex(P::Resource,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"User":"arn:aws:iam::111122223333:user/alice"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::amzn-s3-demo-bucket/*"}]}"#,
            RESOURCE_OK)),
    entry(Code::EMPTY_OBJECT_PRINCIPAL, aa(S), Policies(WITH_PRINCIPAL),
        "`Principal` is an empty object: the statement names nobody and cannot apply.",
        ex(P::Resource,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{},"Action":"s3:GetObject","Resource":"arn:aws:s3:::amzn-s3-demo-bucket/*"}]}"#,
            RESOURCE_OK)),
    entry(Code::UNSUPPORTED_WILDCARD_IN_PRINCIPAL, aa(E), Policies(WITH_PRINCIPAL),
        "Principals do not match by pattern: `*` is accepted only alone (everyone). To allow the roles of a path, allow `*` and narrow it with a condition on `aws:PrincipalArn` with `ArnLike`.",
        ex(P::Resource,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/ci-*"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::amzn-s3-demo-bucket/*"}]}"#,
            RESOURCE_OK)),
    entry(Code::ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE, aa(E), Policies(TRUST),
        "A trust policy's resource is the role it belongs to, so its statements have no `Resource` or `NotResource`; IAM refuses them.",
        ex(P::Trust,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole","Resource":"*"}]}"#,
            TRUST_OK)),
    entry(Code::ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL, aa(E), Policies(TRUST),
        "IAM does not accept `NotPrincipal` in a trust policy. Name the principals who may assume the role, and deny the others with a condition.",
        ex(P::Trust,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"},{"Effect":"Deny","NotPrincipal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"sts:AssumeRole"}]}"#,
            TRUST_OK)),
    entry(Code::INVALID_ROLE_REFERENCE, aa(W), Policies(&[Resource, InterfaceEndpoint, GatewayEndpoint, Trust]),
        "A principal written as a role's unique id (`AROA…`) rather than its ARN. IAM keeps such ids itself: it turns a role ARN into the id of the role that exists when the policy is saved, and shows the bare id once that role is deleted. An id written by hand names that one role for ever, so a role deleted and created again under the same name is not admitted. Write the ARN.",
        ex(P::Trust,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"AROAKSCDLFT9R5DQP782U"},"Action":"sts:AssumeRole"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/Deployer"},"Action":"sts:AssumeRole"}]}"#)),
    entry(Code::INVALID_USER_REFERENCE, aa(W), Policies(&[Resource, InterfaceEndpoint, GatewayEndpoint, Trust]),
        "The same mistake for a user: a principal written as a user's unique id (`AIDA…`) names only the user that had it, usually one since deleted. Write the user's ARN. The statement is read, but its id matches no caller here.",
        ex(P::Resource,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"AIDAJQABLZS4A3QDU576Q"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::amzn-s3-demo-bucket/*"}]}"#,
            RESOURCE_OK)),
    entry(Code::FEDERATED_PRINCIPAL_NOT_SUPPORTED, aa(E), Policies(&[Resource]),
        "An identity provider (`Federated`) is trusted by a role, which its users then assume: a bucket, key or queue policy cannot name the provider itself. Name the role, or its sessions, under `AWS`. Endpoint policies are left alone: the provider then simply matches no caller.",
        ex(P::Resource,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:saml-provider/ExampleCorpIdP"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::amzn-s3-demo-bucket/*"}]}"#,
            RESOURCE_OK)),
    entry(Code::INVALID_FEDERATED_PRINCIPAL_SYNTAX_IN_ROLE_TRUST_POLICY, aa(E), Policies(TRUST),
        "A trust policy's `Federated` principal is an identity provider: the ARN of a SAML provider (`arn:aws:iam::ACCOUNT:saml-provider/NAME`) or of an OIDC provider (`arn:aws:iam::ACCOUNT:oidc-provider/HOST`), or one of the web identity providers named by domain (`cognito-identity.amazonaws.com`, `accounts.google.com`, `graph.facebook.com`, `www.amazon.com`). Anything else, such as a provider name without its ARN, is refused.",
        ex(P::Trust,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"saml-provider/ExampleCorpIdP"},"Action":"sts:AssumeRoleWithSAML"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:saml-provider/ExampleCorpIdP"},"Action":"sts:AssumeRoleWithSAML"}]}"#)),
    entry(Code::MISMATCHED_ACTION_FOR_PRINCIPAL, aa(E), Policies(TRUST),
        "Each kind of principal assumes a role with its own call: AWS accounts, users, roles and services with `sts:AssumeRole`, SAML providers with `sts:AssumeRoleWithSAML`, OIDC providers with `sts:AssumeRoleWithWebIdentity`. An `Allow` that writes out one of these actions when none of its principals makes that call grants nothing, for example a SAML provider with `sts:AssumeRoleWithWebIdentity`. Wildcard actions and `NotAction` are not judged, nor statements that name `*`. A warning here (Access Analyzer: error): the policy is still evaluated, the action simply never matches those principals.",
        ex(P::Trust,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:saml-provider/ExampleCorpIdP"},"Action":"sts:AssumeRoleWithWebIdentity"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:saml-provider/ExampleCorpIdP"},"Action":"sts:AssumeRoleWithSAML"}]}"#)),
    entry(Code::MISSING_ACTION_FOR_ROLES_ANYWHERE_TRUST_POLICY, aa(E), Policies(TRUST),
        "IAM Roles Anywhere hands out credentials for a role by assuming it as the service `rolesanywhere.amazonaws.com`, and that call also sets the session's source identity and tags: the trust policy must allow the service `sts:AssumeRole`, `sts:SetSourceIdentity` and `sts:TagSession`, or the role cannot be used. Actions allowed in other statements that trust the service count. A warning here (Access Analyzer: error): the policy is still evaluated as written.",
        ex(P::Trust,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"rolesanywhere.amazonaws.com"},"Action":["sts:AssumeRole","sts:TagSession"]}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"rolesanywhere.amazonaws.com"},"Action":["sts:AssumeRole","sts:TagSession","sts:SetSourceIdentity"]}]}"#)),
    entry(Code::UNSUPPORTED_CONDITION_KEY_FOR_SERVICE_PRINCIPAL, aa(E), Policies(&[Resource, Trust]),
        "A service acting for you (`cloudfront.amazonaws.com`, `ec2.amazonaws.com`) is no member of your organization, so its requests carry no `aws:PrincipalOrgID` or `aws:PrincipalOrgPaths`: in a statement that names only services, a test on them never holds as meant. Only these two organization keys are judged; tie the service to your account or resources with `aws:SourceAccount`, `aws:SourceArn`, `aws:SourceOrgID` or `aws:SourceOrgPaths`. A warning here (Access Analyzer: error): AWS accepts the policy and evaluates the key as absent, and so does the playground.",
        ex(P::Resource,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"cloudfront.amazonaws.com"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::amzn-s3-demo-bucket/*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"cloudfront.amazonaws.com"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::amzn-s3-demo-bucket/*","Condition":{"StringEquals":{"aws:SourceAccount":"111122223333"}}}]}"#)),
    entry(Code::RECOMMENDED_CONDITION_KEY_FOR_SERVICE_PRINCIPAL, aa(S), Policies(&[Resource, Trust]),
        "A statement that names only services and limits them with `aws:Referer` or `aws:UserAgent` (values the sender of a request chooses) without any of the source keys. Those keys do not say for whom the service acts, so another customer's use of the same service may pass (the confused deputy problem). Prefer `aws:SourceArn`, `aws:SourceAccount`, `aws:SourceOrgID` or `aws:SourceOrgPaths`; other keys are not judged.",
        ex(P::Resource,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"cloudfront.amazonaws.com"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::amzn-s3-demo-bucket/*","Condition":{"StringLike":{"aws:Referer":"https://www.example.com/*"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"cloudfront.amazonaws.com"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::amzn-s3-demo-bucket/*","Condition":{"ArnLike":{"aws:SourceArn":"arn:aws:cloudfront::111122223333:distribution/EDFDVBD6EXAMPLE"}}}]}"#)),
    entry(Code::PUBLIC_ACCESS_LIMITED_BY_CALLER_SET_KEY, Origin::Ours, Policies(&[Resource]),
        "An `Allow` for everyone (`\"Principal\": \"*\"`) whose conditions test `aws:Referer` or `aws:UserAgent`, and otherwise only keys any caller meets (`aws:SecureTransport`, the time, the Region): the request headers are whatever the sender writes, so anyone who knows or guesses the value gets in. AWS's condition keys page says `aws:Referer` must not be used to prevent unauthorized parties from making direct requests: it only keeps other websites from linking to public content. When the content is not meant for everyone, name the principals, or also test where requests come from or who sends them (`aws:SourceVpce`, `aws:SourceIp`, `aws:PrincipalOrgID`); a statement testing any other key is not judged.",
        ex(P::Resource,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::amzn-s3-demo-bucket/*","Condition":{"StringLike":{"aws:Referer":["https://www.example.com/*","https://example.com/*"]}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::amzn-s3-demo-bucket/*","Condition":{"StringLike":{"aws:Referer":"https://www.example.com/*"},"StringEquals":{"aws:SourceVpce":"vpce-1a2b3c4d"}}}]}"#)),
    entry(Code::REDUNDANT_PRINCIPAL_IN_ROLE_TRUST_POLICY, aa(S), Policies(TRUST),
        "A role's ARN as a principal covers every session of that role, so a session of it (`arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`) named in the same `Principal` adds nothing. An account's root and a role of that account are not redundant (the account delegates to its IAM policies, the role is admitted directly) and are left alone.",
        ex(P::Trust,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111122223333:role/Deployer","arn:aws:sts::111122223333:assumed-role/Deployer/ci"]},"Action":"sts:AssumeRole"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/Deployer"},"Action":"sts:AssumeRole"}]}"#)),
    entry(Code::MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL, aa(SW), Policies(TRUST),
        "An OIDC provider (Google, Cognito, an EKS cluster, ...) issues tokens to many applications and users. Trusting it without a condition on its own claims (`accounts.google.com:aud`, `cognito-identity.amazonaws.com:aud`, `HOST:sub`) lets a token issued for any of them assume the role. Test at least the audience. GitHub's provider has its own check below.",
        ex(P::Trust,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"accounts.google.com"},"Action":"sts:AssumeRoleWithWebIdentity"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"accounts.google.com"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"accounts.google.com:aud":"666777888999000"}}}]}"#)),
    entry(Code::MISSING_GITHUB_REPO_CONDITION_KEY, aa(SW), Policies(TRUST),
        "GitHub's OIDC provider (`token.actions.githubusercontent.com`) signs tokens for the workflows of every repository on GitHub. Without a condition on `token.actions.githubusercontent.com:sub`, which names the repository and branch or environment, any of them can assume the role; the audience alone does not narrow it.",
        ex(P::Trust,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"token.actions.githubusercontent.com:aud":"sts.amazonaws.com"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"token.actions.githubusercontent.com:aud":"sts.amazonaws.com","token.actions.githubusercontent.com:sub":"repo:octo-org/octo-repo:ref:refs/heads/main"}}}]}"#)),
    entry(Code::SPECIFIC_GITHUB_REPO_AND_BRANCH_RECOMMENDED, aa(W), Policies(TRUST),
        "A `StringLike` pattern on `token.actions.githubusercontent.com:sub` whose wildcard comes before the repository is named (`repo:octo-org/*`, `*`) admits repositories that may not be yours, or that someone can create later. Name the repository, and the branch or environment. A wildcard after `repo:ORG/REPO:` is left alone here, although a branch is still better named.",
        ex(P::Trust,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"token.actions.githubusercontent.com:aud":"sts.amazonaws.com"},"StringLike":{"token.actions.githubusercontent.com:sub":"repo:octo-org/*"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"token.actions.githubusercontent.com:aud":"sts.amazonaws.com"},"StringLike":{"token.actions.githubusercontent.com:sub":"repo:octo-org/octo-repo:ref:refs/heads/*"}}}]}"#)),
    entry(Code::CONFIRM_AUDIENCE_CLAIM_TYPE, aa(S), Policies(TRUST),
        "The `aud` claim of a web identity token names the application it was issued for. Most providers put one value there, and a set qualifier (`ForAnyValue:`, `ForAllValues:`) on a single value either matches more than meant or reads oddly. Keep the qualifier only when your provider issues a list of audiences.",
        ex(P::Trust,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"accounts.google.com"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"ForAnyValue:StringEquals":{"accounts.google.com:aud":"666777888999000"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"accounts.google.com"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"accounts.google.com:aud":"666777888999000"}}}]}"#)),

    // Resource control policies.
    entry(Code::RCP_SYNTAX_ERROR_ALLOW, aa(E), Policies(RCP),
        "A customer RCP can only deny: AWS's own `RCPFullAWSAccess` is the only RCP that allows. An `Allow` statement would grant nothing anyway, and AWS Organizations refuses it.",
        ex(P::Rcp,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}]}"#,
            RCP_OK)),
    entry(Code::RCP_SYNTAX_ERROR_ACTION, aa(E), Policies(RCP),
        "A customer RCP names the services it restricts: `\"*\"` alone is refused as its action, while `s3:*` is accepted.",
        ex(P::Rcp,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}"#,
            RCP_OK)),
    entry(Code::RCP_SYNTAX_ERROR_NOTACTION, aa(E), Policies(RCP),
        "RCPs do not accept `NotAction`; list the actions to deny.",
        ex(P::Rcp,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","NotAction":"s3:GetObject","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}"#,
            RCP_OK)),
    entry(Code::RCP_SYNTAX_ERROR_PRINCIPAL, aa(E), Policies(RCP),
        "An RCP's `Principal` is `\"*\"`, and `NotPrincipal` is not accepted: narrow who is denied with conditions such as `aws:PrincipalOrgID`.",
        ex(P::Rcp,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"s3:*","Resource":"*"}]}"#,
            RCP_OK)),

    // Conditions.
    entry(Code::INVALID_CONDITION_OPERATOR, aa(E), Policies(ALL),
        "An operator name AWS does not have, often a misspelling (`StringEqual`). The help suggests the nearest operator.",
        ex(P::Identity,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEqual":{"aws:PrincipalTag/team":"data"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/team":"data"}}}]}"#)),
    entry(Code::NULL_WITH_IF_EXISTS, aa(E), Policies(ALL),
        "`Null` already tests whether a key exists, so `NullIfExists` has no meaning and AWS refuses it.",
        ex(P::Identity,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"NullIfExists":{"aws:PrincipalTag/team":"false"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"Null":{"aws:PrincipalTag/team":"false"}}}]}"#)),
    entry(Code::NULL_WITH_QUALIFIER, aa(S), Policies(ALL),
        "`Null` tests whether a key is present, whatever its values; a set qualifier (`ForAnyValue:`, `ForAllValues:`) in front of it makes no sense.",
        ex(P::Identity,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"ForAnyValue:Null":{"aws:PrincipalTag/team":"false"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"Null":{"aws:PrincipalTag/team":"false"}}}]}"#)),
    entry(Code::DUPLICATE_CONDITION_OPERATOR, Origin::Ours, Policies(ALL),
        "The same operator appears twice in one `Condition`. JSON keeps one of the two blocks, depending on the reader, so part of the condition may silently vanish; merge the keys into one block.",
        ex(P::Identity,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/team":"data"},"StringEquals":{"aws:RequestedRegion":"eu-west-1"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/team":"data","aws:RequestedRegion":"eu-west-1"}}}]}"#)),
    entry(Code::DUPLICATE_CONDITION_KEY, Origin::Ours, Policies(ALL),
        "The same key twice under one operator: only one of its value lists would survive. To accept several values, list them in one array.",
        ex(P::Identity,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"aws:RequestedRegion":"eu-west-1","aws:RequestedRegion":"eu-central-1"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"aws:RequestedRegion":["eu-west-1","eu-central-1"]}}}]}"#)),
    entry(Code::EMPTY_OBJECT_CONDITION, aa(S), Policies(ALL),
        "An operator with no keys under it (`\"StringEquals\": {}`) tests nothing. Remove it or add the key it was meant to test.",
        ex(P::Identity,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{}}}]}"#,
            IDENTITY_OK)),
    entry(Code::INVALID_CONDITION_KEY_FORMAT, aa(E), Policies(ALL),
        "A condition key is written `prefix:name` (`aws:SourceIp`, `s3:prefix`). A key without its prefix is never present in a request.",
        ex(P::Identity,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"IpAddress":{"SourceIp":"203.0.113.0/24"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}}]}"#)),
    entry(Code::EMPTY_ARRAY_CONDITION, aa(S), Policies(ALL),
        "A condition key with an empty list of values: nothing can equal one of no values, so the condition never holds (or always, negated).",
        ex(P::Identity,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"aws:RequestedRegion":[]}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"aws:RequestedRegion":["eu-west-1"]}}}]}"#)),
    entry(Code::TYPE_MISMATCH_NUMBER, aa(W), Policies(ALL),
        "A `Numeric…` operator compares numbers; a value that is not a number never matches.",
        ex(P::Identity,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*","Condition":{"NumericLessThanEquals":{"s3:max-keys":"ten"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*","Condition":{"NumericLessThanEquals":{"s3:max-keys":"10"}}}]}"#)),
    entry(Code::TYPE_MISMATCH_DATE, aa(W), Policies(ALL),
        "A `Date…` operator compares dates written in ISO 8601 (`2026-01-31T00:00:00Z`) or as epoch seconds; any other value never matches.",
        ex(P::Identity,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"DateLessThan":{"aws:CurrentTime":"next friday"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"DateLessThan":{"aws:CurrentTime":"2026-12-31T23:59:59Z"}}}]}"#)),
    entry(Code::TYPE_MISMATCH_BOOLEAN, aa(W), Policies(ALL),
        "`Bool` and `Null` take `true` or `false`; `yes` or `1` never match.",
        ex(P::Identity,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"no"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}"#)),
    entry(Code::INVALID_CONDITION_DATA_TYPE, aa(E), Policies(ALL),
        "The values listed for one key should share one JSON type: `[\"1\", 2]` mixes a string and a number, `[\"true\", false]` a string and a boolean. Writing every value as a string is the usual form. Access Analyzer reports an error; whether every service refuses such a policy is not documented, and the values still read, so here it is a warning.",
        ex(P::Identity,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*","Condition":{"NumericLessThanEquals":{"s3:max-keys":["10",20]}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*","Condition":{"NumericLessThanEquals":{"s3:max-keys":"20"}}}]}"#)),
    entry(Code::INVALID_CONDITION_MULTIPLE_BOOLEAN, aa(E), Policies(ALL),
        "`Bool` with both `true` and `false` for one key holds whatever the boolean is, so it tests nothing but the key's presence, which is rarely what was meant. Keep one value, or say `Null` with `false` if presence is the point.",
        ex(P::Identity,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":["true","false"]}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"true"}}}]}"#)),
    entry(Code::INVALID_VARIABLE_FOR_OPERATOR, aa(E), Policies(ALL),
        "Only string and ARN operators fill in policy variables. A `${…}` in the value of a numeric, date, boolean, binary, IP address or `Null` test is not replaced, and the value is not of the operator's type.",
        ex(P::Identity,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"NumericLessThan":{"aws:MultiFactorAuthAge":"${aws:PrincipalTag/max-age}"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"aws:ResourceTag/owner":"${aws:username}"}}}]}"#)),
    entry(Code::MISSING_TAG_KEY_IN_CONDITION, aa(E), Policies(ALL),
        "Tag condition keys name the tag they test after a slash: `aws:ResourceTag/owner`, `aws:RequestTag/team`, `s3:ExistingObjectTag/classification`. A key that ends with the slash names no tag, and no request carries it.",
        ex(P::Identity,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:StartInstances","Resource":"*","Condition":{"StringEquals":{"aws:ResourceTag/":"dev"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:StartInstances","Resource":"*","Condition":{"StringEquals":{"aws:ResourceTag/environment":"dev"}}}]}"#)),
    entry(Code::MISSING_QUALIFIER, aa(E), Policies(ALL),
        "Some keys carry a list of values in one request (`aws:TagKeys`, `aws:PrincipalServiceNamesList`, the catalog's `ArrayOf…` keys). Without `ForAnyValue:` or `ForAllValues:` it is unclear whether one value or all of them must match. Access Analyzer reports an error; AWS still evaluates such a policy, so here it is a warning, and the condition is decided as AWS documents for a key without a set operator.",
        ex(P::Identity,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:CreateTags","Resource":"*","Condition":{"StringEquals":{"aws:TagKeys":"environment"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:CreateTags","Resource":"*","Condition":{"ForAnyValue:StringEquals":{"aws:TagKeys":"environment"}}}]}"#)),
    entry(Code::TYPE_MISMATCH, aa(W), Policies(ALL),
        "Each key has a type in the Service Authorization Reference, and each operator family compares one type: `StringEquals` on a date key such as `aws:CurrentTime`, or `NumericEquals` on a boolean key, compares text where a date or a flag was meant. String and ARN operators are both accepted on string and ARN keys, as AWS's own examples mix them; `Null` fits every key; `aws:EpochTime`, documented as both a date and a number, takes either family; and `BinaryEquals` is not checked, since the reference types no key as binary.",
        ex(P::Identity,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringLike":{"aws:CurrentTime":"2026-*"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"DateGreaterThan":{"aws:CurrentTime":"2026-01-01T00:00:00Z"}}}]}"#)),
    entry(Code::TYPE_MISMATCH_IP_RANGE, aa(W), Policies(ALL),
        "`IpAddress` and `NotIpAddress` take IPv4 or IPv6 addresses and CIDR ranges. A malformed range never matches, which for a `Deny` means the protection is gone.",
        ex(P::Identity,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"203.0.113.0/33"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}}]}"#)),
    entry(Code::TYPE_MISMATCH_BINARY, Origin::Ours, Policies(ALL),
        "`BinaryEquals` compares base64-encoded bytes; a value that is not base64 never matches.",
        ex(P::Identity,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"BinaryEquals":{"aws:PrincipalTag/key":"not base64!"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"BinaryEquals":{"aws:PrincipalTag/key":"QmluYXJ5"}}}]}"#)),
    entry(Code::FORALLVALUES_WITHOUT_NULL_CHECK, Origin::Ours, Policies(ALL),
        "`ForAllValues` holds when every value of the key is listed, and therefore also when the request has no value at all. In an `Allow`, a request without the key is allowed; add a `Null` check on the key set to `false` (a `Condition` block that has one gets no warning).",
        ex(P::Identity,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:CreateTags","Resource":"*","Condition":{"ForAllValues:StringEquals":{"aws:TagKeys":["team","owner"]}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"ec2:CreateTags","Resource":"*","Condition":{"ForAnyValue:StringEquals":{"aws:TagKeys":["admin"]}}}]}"#)),
    entry(Code::FORALLVALUES_WITH_SINGLE_VALUED_KEY, aa(SW), Policies(ALL),
        "A set qualifier on a key that carries one value. `ForAllValues` is then also true when the key is missing, so a statement meant to require a value (an `aws:SourceVpce`, an `aws:PrincipalOrgID`) can hold for requests without one. Use the operator without the qualifier.",
        ex(P::Endpoint,
            r#"{"Statement":[{"Effect":"Deny","Principal":"*","Action":"sqs:SendMessage","Resource":"*","Condition":{"ForAllValues:StringNotEquals":{"aws:SourceVpce":"vpce-1a2b3c4d"}}}]}"#,
            r#"{"Statement":[{"Effect":"Deny","Principal":"*","Action":"sqs:SendMessage","Resource":"*","Condition":{"StringNotEquals":{"aws:SourceVpce":"vpce-1a2b3c4d"}}}]}"#)),
    entry(Code::FORANYVALUE_WITH_SINGLE_VALUED_KEY, Origin::Ours, Policies(ALL),
        "`ForAnyValue` on a key with one value behaves like the plain operator, except that negated forms turn odd when the key is missing. Write the operator without the qualifier.",
        ex(P::Identity,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"ForAnyValue:StringEquals":{"aws:RequestedRegion":"eu-west-1"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"aws:RequestedRegion":"eu-west-1"}}}]}"#)),
    entry(Code::ENDPOINT_SYSTEM_ID_WILDCARD, Origin::Ours, Policies(ENDPOINTS),
        "In a VPC endpoint policy, keys that carry ids AWS generates (`aws:PrincipalAccount`, `aws:PrincipalOrgID`, `aws:ResourceAccount`, ...) cannot be matched with wildcards or numeric operators; list the exact ids with `StringEquals`.",
        ex(P::Endpoint,
            r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"sqs:SendMessage","Resource":"*","Condition":{"StringLike":{"aws:PrincipalAccount":"1111*"}}}]}"#,
            r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"sqs:SendMessage","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalAccount":"111122223333"}}}]}"#)),
    entry(Code::ENDPOINT_WILDCARD_TOO_SHORT, Origin::Ours, Policies(ENDPOINTS),
        "A VPC endpoint policy's string conditions need at least six consecutive literal characters before or after each wildcard; a shorter pattern such as `ab*` is refused.",
        ex(P::Endpoint,
            r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"sqs:SendMessage","Resource":"*","Condition":{"StringLike":{"aws:PrincipalArn":"ci*"}}}]}"#,
            r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"sqs:SendMessage","Resource":"*","Condition":{"StringLike":{"aws:PrincipalArn":"arn:aws:iam::111122223333:role/ci-*"}}}]}"#)),

    entry(Code::PRIVATE_IP_ADDRESS, aa(E), Policies(&[Identity, Resource, Trust, Scp, Rcp, Session, Boundary]),
        "`aws:SourceIp` is the public address a request comes from. When every value of an `IpAddress` test on it is a private range (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16), it never matches: calls from inside a VPC reach AWS from a public address or through an endpoint, which sets `aws:VpcSourceIp` instead.",
        ex(P::Identity,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/16"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}}]}"#)),
    entry(Code::PRIVATE_NOT_IP_ADDRESS, aa(E), Policies(&[Identity, Resource, Trust, Scp, Rcp, Session, Boundary]),
        "The negated form of the previous check: `NotIpAddress` on `aws:SourceIp` with only private ranges holds for every request, so a `Deny` meant for callers outside the network denies everyone.",
        ex(P::Identity,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*","Condition":{"NotIpAddress":{"aws:SourceIp":"192.168.0.0/16"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*","Condition":{"NotIpAddress":{"aws:SourceIp":"198.51.100.0/24"}}}]}"#)),
    entry(Code::PRIVATE_IP_ADDRESS_SUBSET, aa(S), Policies(&[Identity, Resource, Trust, Scp, Rcp, Session, Boundary]),
        "An `IpAddress` test on `aws:SourceIp` that lists public ranges together with private ones (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16). The public ranges work; the private ones never match, because `aws:SourceIp` is always the public address a call comes from. Addresses inside a VPC, seen through an endpoint, are `aws:VpcSourceIp`.",
        ex(P::Identity,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":["203.0.113.0/24","10.0.0.0/16"]}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":["203.0.113.0/24","198.51.100.0/24"]}}}]}"#)),
    entry(Code::PRIVATE_NOT_IP_ADDRESS_SUBSET, aa(S), Policies(&[Identity, Resource, Trust, Scp, Rcp, Session, Boundary]),
        "The negated form: `NotIpAddress` on `aws:SourceIp` with public and private ranges. Excluding a private range changes nothing, since no request comes from one, so a `Deny` meant to spare callers inside the network still denies them.",
        ex(P::Identity,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*","Condition":{"NotIpAddress":{"aws:SourceIp":["198.51.100.0/24","192.168.0.0/16"]}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*","Condition":{"NotIpAddress":{"aws:SourceIp":"198.51.100.0/24"}}}]}"#)),
    entry(Code::IMPROVE_IP_RANGE, aa(S), Policies(ALL),
        "A CIDR range names its network with the bits past the prefix at zero. `10.0.0.1/16` sets some of them; AWS ignores those bits and reads `10.0.0.0/16`, which may be wider than meant (perhaps a single address, `/32`, was). Write the range as it is read.",
        ex(P::Identity,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"203.0.113.7/24"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}}]}"#)),
    entry(Code::REDUNDANT_CONDITION_VALUE_NUM, aa(S), Policies(ALL),
        "The values listed for one key are alternatives: the test holds when any of them does. With `NumericLessThan` (or `…Equals`) only the greatest value matters and with `NumericGreaterThan` (or `…Equals`) only the least, so the others only make the policy harder to read.",
        ex(P::Identity,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"NumericLessThan":{"aws:MultiFactorAuthAge":["2700","3600"]}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"NumericLessThan":{"aws:MultiFactorAuthAge":"3600"}}}]}"#)),
    entry(Code::INVALID_VPC_FORMAT, aa(E), Policies(ALL),
        "`aws:SourceVpc` holds the id of the VPC a call came through, written `vpc-` and 8 or 17 letters and digits (`vpc-1a2b3c4d`). Any other value, such as an endpoint id or a VPC name, never matches. A `StringLike` pattern is accepted when some id could match it (`vpc-*`); values with policy variables are not checked. Access Analyzer reports an error; AWS itself accepts the policy (the value simply never matches a real id), and the playground's networks may name their VPCs and endpoints freely, so here it is a warning and the policy is still evaluated.",
        ex(P::Identity,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*","Condition":{"StringNotEquals":{"aws:SourceVpc":"vpce-1a2b3c4d"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*","Condition":{"StringNotEquals":{"aws:SourceVpc":"vpc-1a2b3c4d"}}}]}"#)),
    entry(Code::INVALID_VPCE_FORMAT, aa(E), Policies(ALL),
        "`aws:SourceVpce` holds the id of the VPC endpoint a call came through, written `vpce-` and 8 or 17 letters and digits (`vpce-0123456789abcdef0`). A VPC id or a typo never matches. Patterns and variables are handled as for `aws:SourceVpc`.",
        ex(P::Resource,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::amzn-s3-demo-bucket/*","Condition":{"StringNotEquals":{"aws:SourceVpce":"vpc-1a2b3c4d"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::amzn-s3-demo-bucket/*","Condition":{"StringNotEquals":{"aws:SourceVpce":"vpce-1a2b3c4d"}}}]}"#)),
    entry(Code::SOURCE_IP_THROUGH_ENDPOINT, Origin::Ours, Policies(ENDPOINTS),
        "A request that travels through a VPC endpoint carries no `aws:SourceIp`, so in an endpoint policy a test on it never holds (or always, negated). The caller's address inside the VPC is `aws:VpcSourceIp`.",
        ex(P::Endpoint,
            r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"sqs:SendMessage","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/16"}}}]}"#,
            r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"sqs:SendMessage","Resource":"*","Condition":{"IpAddress":{"aws:VpcSourceIp":"10.0.0.0/16"}}}]}"#)),
    entry(Code::WILDCARD_WITHOUT_LIKE_OPERATOR, aa(W), Policies(ALL),
        "`StringEquals` and its relatives compare text exactly, so a `*` or `?` in their values is a literal character and the pattern matches almost nothing. Use `StringLike` (or `StringNotLike`) to match a pattern.",
        ex(P::Identity,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/team":"data-*"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringLike":{"aws:PrincipalTag/team":"data-*"}}}]}"#)),
    entry(Code::PASS_ROLE_WITH_STAR_IN_RESOURCE, aa(SW), Policies(&[Identity]),
        "Allowing `iam:PassRole` on every role lets the holder hand any role of the account to a service (an instance, a function, a job) and so act with that role's permissions. Name the roles in `Resource` and limit the services with `iam:PassedToService`.",
        ex(P::Identity,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:PassRole","Resource":"*"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:PassRole","Resource":"arn:aws:iam::111122223333:role/training-job"}]}"#)),
    entry(Code::PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE, aa(SW), Policies(&[Identity]),
        "An `Allow` of every action (or every IAM action) on every resource includes `iam:PassRole` on every role, with the same risk as the previous check, whatever else the statement was meant for.",
        ex(P::Identity,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:*","Resource":"*"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:*","Resource":"arn:aws:iam::111122223333:user/${aws:username}"}]}"#)),
    entry(Code::PASS_ROLE_WITH_NOT_RESOURCE, aa(SW), Policies(&[Identity]),
        "Allowing `iam:PassRole` with `NotResource` grants it on every role except those listed, including roles created later. List the roles that may be passed instead.",
        ex(P::Identity,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:PassRole","NotResource":"arn:aws:iam::111122223333:role/admin"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:PassRole","Resource":"arn:aws:iam::111122223333:role/training-job"}]}"#)),
    entry(Code::PASS_ROLE_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE, aa(SW), Policies(&[Identity]),
        "An `Allow` of every action with `NotResource` includes `iam:PassRole` on every role but those listed.",
        ex(P::Identity,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","NotResource":"arn:aws:iam::111122223333:role/admin"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","NotResource":"arn:aws:s3:::amzn-s3-demo-bucket/private/*"}]}"#)),

    entry(Code::CREATE_SLR_WITH_STAR_IN_RESOURCE, aa(W), Policies(&[Identity]),
        "Allowing `iam:CreateServiceLinkedRole` on every resource, or on a pattern that covers the service-linked roles of every service (`arn:aws:iam::*:role/aws-service-role/*`), lets the holder create the role any service would use, and so turn on services nobody meant to set up. Name the services' roles in `Resource`, or limit them with `iam:AWSServiceName` (a statement with a condition on that key is left alone).",
        ex(P::Identity,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:CreateServiceLinkedRole","Resource":"*"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:CreateServiceLinkedRole","Resource":"arn:aws:iam::111122223333:role/aws-service-role/ecs.amazonaws.com/*"}]}"#)),
    entry(Code::CREATE_SLR_WITH_STAR_IN_ACTION_AND_RESOURCE, aa(W), Policies(&[Identity]),
        "A wildcard action that includes `iam:CreateServiceLinkedRole` (`*`, `iam:*`, `iam:Create*`) on every resource: the statement lets its holder create any service-linked role, whatever else it was written for.",
        ex(P::Identity,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:Create*","Resource":"*"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:Create*","Resource":"arn:aws:iam::111122223333:role/aws-service-role/ecs.amazonaws.com/*"}]}"#)),
    entry(Code::CREATE_SLR_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION, aa(W), Policies(&[Identity]),
        "`NotAction` allows every action it does not list; unless it lists `iam:CreateServiceLinkedRole`, that action is allowed too, here on every resource. Add the action to `NotAction`, or name the resources.",
        ex(P::Identity,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":"s3:*","Resource":"*"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}]}"#)),
    entry(Code::CREATE_SLR_WITH_NOT_RESOURCE, aa(W), Policies(&[Identity]),
        "Allowing `iam:CreateServiceLinkedRole` with `NotResource` grants it on every role except those listed, so on the service-linked roles of every other service. List the roles that may be created in `Resource` instead.",
        ex(P::Identity,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:CreateServiceLinkedRole","NotResource":"arn:aws:iam::111122223333:role/aws-service-role/ec2.amazonaws.com/*"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:CreateServiceLinkedRole","Resource":"arn:aws:iam::111122223333:role/aws-service-role/ecs.amazonaws.com/*"}]}"#)),
    entry(Code::CREATE_SLR_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE, aa(W), Policies(&[Identity]),
        "A wildcard action that includes `iam:CreateServiceLinkedRole` with `NotResource`: the action is allowed on every role but those listed.",
        ex(P::Identity,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:Create*","NotResource":"arn:aws:iam::111122223333:role/aws-service-role/ec2.amazonaws.com/*"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:Create*","Resource":"arn:aws:iam::111122223333:role/aws-service-role/ecs.amazonaws.com/*"}]}"#)),
    entry(Code::CREATE_SLR_WITH_NOT_ACTION_AND_NOT_RESOURCE, aa(W), Policies(&[Identity]),
        "`NotAction` that leaves `iam:CreateServiceLinkedRole` in, with `NotResource`: the action is allowed on every role but those listed. Add it to `NotAction`, or list the resources in `Resource`.",
        ex(P::Identity,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":"s3:*","NotResource":"arn:aws:s3:::amzn-s3-demo-bucket/*"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":"iam:*","NotResource":"arn:aws:s3:::amzn-s3-demo-bucket/*"}]}"#)),

    // Policy variables.
    entry(Code::MISSING_BRACE_IN_VARIABLE, aa(E), Policies(ALL),
        "A policy variable starts with `${` and ends with `}`. When the closing brace is missing (or another `${` comes first), the text is no variable at all, and the resource or value that was meant to follow the caller never matches as intended.",
        ex(P::Identity,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::amzn-s3-demo-bucket/home/${aws:username/*"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::amzn-s3-demo-bucket/home/${aws:username}/*"}]}"#)),
    entry(Code::MISSING_QUOTE_IN_VARIABLE, aa(E), Policies(ALL),
        "A variable may carry a default, used when the request lacks the key: it follows a comma and sits between single quotes, as in `${aws:PrincipalTag/team, 'none'}`. A default without both quotes is refused.",
        ex(P::Identity,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::amzn-s3-demo-bucket/${aws:PrincipalTag/team, none}/*"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::amzn-s3-demo-bucket/${aws:PrincipalTag/team, 'none'}/*"}]}"#)),
    entry(Code::UNSUPPORTED_SPACE_IN_VARIABLE, aa(E), Policies(ALL),
        "The key a variable names holds no spaces: `${ aws:username }` or `${aws: username}` is refused. Only the default value, after the comma, may hold spaces.",
        ex(P::Identity,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::amzn-s3-demo-bucket/home/${ aws:username }/*"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::amzn-s3-demo-bucket/home/${aws:username}/*"}]}"#)),
    entry(Code::EMPTY_VARIABLE, aa(E), Policies(ALL),
        "`${}` names no request key, so there is nothing to put in its place. Write the key (`${aws:username}`) or remove the braces. The three escapes `${*}`, `${?}` and `${$}`, which stand for a literal `*`, `?` and `$`, are not variables and are accepted.",
        ex(P::Identity,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::amzn-s3-demo-bucket/home/${}/*"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::amzn-s3-demo-bucket/home/${*}/*"}]}"#)),
    entry(Code::UNSUPPORTED_SYMBOL_IN_VARIABLE, aa(E), Policies(ALL),
        "A variable names a request key: letters and digits with the punctuation keys and tag keys use (`: / _ . - + = @`). A quote, bracket, parenthesis or other symbol in it names no key. We flag only characters no key can hold, so that every tag key stays accepted.",
        ex(P::Identity,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::amzn-s3-demo-bucket/home/${aws:username()}/*"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::amzn-s3-demo-bucket/home/${aws:username}/*"}]}"#)),
    entry(Code::VARIABLE_UNSUPPORTED_IN_ELEMENT, aa(E), Policies(ALL),
        "AWS replaces variables only in `Resource`, `NotResource` and condition values. In `Action`, `NotAction`, `Principal` or `NotPrincipal` a `${…}` is never filled in, so the entry does not name what it seems to. To depend on the caller there, use a condition instead (for example on `aws:PrincipalArn`).",
        ex(P::Resource,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/${aws:username}"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::amzn-s3-demo-bucket/*"}]}"#,
            RESOURCE_OK)),
    entry(Code::VARIABLE_UNSUPPORTED_IN_VERSION, aa(E), Policies(ALL),
        "Variables were added to the policy language with `Version` `2012-10-17`. A policy with `2008-10-17`, or with no `Version` (read as `2008-10-17`), keeps `${aws:username}` as the literal text it is, which matches almost nothing. Access Analyzer reports an error; AWS still accepts and evaluates such a policy, so the playground warns and evaluates it the way AWS does.",
        ex(P::Identity,
            r#"{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::amzn-s3-demo-bucket/home/${aws:username}/*"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::amzn-s3-demo-bucket/home/${aws:username}/*"}]}"#)),

    // Names the catalog does not know.
    entry(Code::INVALID_ACTION, aa(E), Policies(ALL),
        "The service exists but has no action of that name, often a typo or a plural (`s3:GetObjects`). The statement then matches no call. A warning only, since our catalog can lag behind AWS; the help suggests the nearest action.",
        ex(P::Identity,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObjects","Resource":"*"}]}"#,
            IDENTITY_OK)),
    entry(Code::INVALID_SERVICE, aa(E), Policies(ALL),
        "No AWS service has this prefix (`s4:`, `dynamo:`), so the action matches no call. The help suggests the nearest prefix.",
        ex(P::Identity,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"dynamo:GetItem","Resource":"*"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"dynamodb:GetItem","Resource":"*"}]}"#)),
    entry(Code::NO_MATCHING_ACTION, Origin::Ours, Policies(ALL),
        "An action pattern with wildcards that matches no action of its service (`s3:Fetch*`): the statement grants or denies nothing.",
        ex(P::Identity,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:Fetch*","Resource":"*"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:Get*","Resource":"*"}]}"#)),
    entry(Code::INVALID_GLOBAL_CONDITION_KEY, aa(E), Policies(ALL),
        "An `aws:` key that is not one of AWS's global condition keys. A request never carries it, so the condition never holds (or always, with `IfExists` and negated operators).",
        ex(P::Identity,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"IpAddress":{"aws:SourceIpAddress":"203.0.113.0/24"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}}]}"#)),
    entry(Code::INVALID_SERVICE_CONDITION_KEY, aa(E), Policies(ALL),
        "A service key (`s3:…`, `ec2:…`) that the service does not define. Requests never carry it, so the condition never holds.",
        ex(P::Identity,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*","Condition":{"StringLike":{"s3:prefixes":"home/*"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*","Condition":{"StringLike":{"s3:prefix":"home/*"}}}]}"#)),
    entry(Code::TOO_MANY_FINDINGS, Origin::Ours, Policies(ALL),
        "After 50 unknown names in one policy, 200 findings of any kind in one policy, or 500 in one answer (a `simulate` answer, a scenario's problems list), the rest are counted, not listed, to keep the list readable and the work bounded.",
        elsewhere("the example needs more than 50 unknown names", "tests/corpus/grammar/warning-identity-policy-over-size-limit.json")),

    // Resource ARNs read against the catalog's ARN formats.
    entry(Code::MISSING_ARN_FIELD, aa(E), Policies(WITH_RESOURCE),
        "A resource ARN has six fields separated by colons: `arn`, the partition, the service, the Region, the account and the resource (the last two or three may be empty, never left out). An ARN with fewer fields names no resource. Values with wildcards or policy variables are left alone, since a wildcard may stand for the missing colons.",
        ex(P::Identity,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:amzn-s3-demo-bucket"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::amzn-s3-demo-bucket"}]}"#)),
    entry(Code::INVALID_PARTITION, aa(E), Policies(WITH_RESOURCE),
        "The second field of an ARN is the partition: `aws`, `aws-cn`, `aws-us-gov` or one of the isolated and sovereign partitions. Any other value (often a typo, or the service written there by mistake) matches no resource. A warning here, since AWS may add partitions before our list knows them.",
        ex(P::Identity,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:amazon:s3:::amzn-s3-demo-bucket/*"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::amzn-s3-demo-bucket/*"}]}"#)),
    entry(Code::INVALID_ARN_SERVICE_CASE, aa(E), Policies(WITH_RESOURCE),
        "The service field of an ARN is matched as written, and AWS writes every service in lowercase: `arn:aws:S3:::...` names no S3 resource. The help gives the lowercase form.",
        ex(P::Identity,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:S3:::amzn-s3-demo-bucket/*"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::amzn-s3-demo-bucket/*"}]}"#)),
    entry(Code::MISSING_ARN_REGION, aa(E), Policies(WITH_RESOURCE),
        "Every resource type of the ARN's service that fits its resource part has a Region in its ARN format, but the Region field is empty, so the ARN matches no resource (`arn:aws:sqs::111122223333:orders`). Read against the catalog's ARN formats; a wildcard or a variable in the field is never flagged.",
        ex(P::Identity,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sqs:SendMessage","Resource":"arn:aws:sqs::111122223333:orders"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sqs:SendMessage","Resource":"arn:aws:sqs:us-east-1:111122223333:orders"}]}"#)),
    entry(Code::ARN_REGION_NOT_ALLOWED, aa(E), Policies(WITH_RESOURCE),
        "The ARN names a Region where the resource type's ARN format has none: S3 buckets and objects, IAM users and roles, CloudFront distributions are global, and an ARN with a Region never matches them. Read against the catalog's ARN formats of every resource type that fits the resource part.",
        ex(P::Identity,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:us-east-1::amzn-s3-demo-bucket/*"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::amzn-s3-demo-bucket/*"}]}"#)),
    entry(Code::ARN_ACCOUNT_NOT_ALLOWED, aa(E), Policies(WITH_RESOURCE),
        "The ARN names an account where the resource type's ARN format has none: an S3 bucket name is unique across all accounts, so `arn:aws:s3::111122223333:amzn-s3-demo-bucket` matches no bucket. Read against the catalog's ARN formats of every resource type that fits the resource part.",
        ex(P::Identity,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3::111122223333:amzn-s3-demo-bucket/*"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::amzn-s3-demo-bucket/*"}]}"#)),
    entry(Code::INVALID_ARN_RESOURCE, aa(E), Policies(WITH_RESOURCE),
        "The resource part of the ARN fits none of the resource types its service defines (`arn:aws:iam::111122223333:roles/admin` instead of `role/admin`), so it matches no resource. Wildcards and variables are read as matching anything, and the comparison ignores case, so a finding means no resource of the service can have this ARN. A warning, since the catalog can lag behind new resource types; the help shows the formats of the service.",
        ex(P::Identity,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:GetRole","Resource":"arn:aws:iam::111122223333:roles/admin"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:GetRole","Resource":"arn:aws:iam::111122223333:role/admin"}]}"#)),

    // Condition keys read against the actions that set them.
    entry(Code::UNSUPPORTED_ACTION_FOR_CONDITION_KEY, aa(E), Policies(ALL),
        "A condition key is in the request only for the actions that support it (the catalog lists them per action and per resource type). When a statement mixes actions that support the key with actions that do not, the condition never holds for the latter: an `Allow` never allows them, a `Deny` never denies them. Only actions written without wildcards are listed, as Access Analyzer does; global keys other than the tag keys apply to every action and are never flagged. A key used with `…IfExists`, a negated operator, `Null` or `ForAllValues` is left alone by this check and the next four: a missing key makes such a condition hold, which may be what the author meant. A warning, since the catalog can lag behind AWS.",
        ex(P::Identity,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:PassRole","iam:GetRole"],"Resource":"arn:aws:iam::111122223333:role/app-*","Condition":{"StringEquals":{"iam:PassedToService":"sagemaker.amazonaws.com"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:PassRole","Resource":"arn:aws:iam::111122223333:role/app-*","Condition":{"StringEquals":{"iam:PassedToService":"sagemaker.amazonaws.com"}}}]}"#)),
    entry(Code::MISSING_ACTION_FOR_CONDITION_KEY, aa(E), Policies(ALL),
        "A service condition key that no action of the statement supports: the request never carries it, so the condition never holds, and the statement allows or denies nothing. The help names the actions that set the key (`iam:PassedToService` is set only by `iam:PassRole`). Checked only when every action of the statement is known (wildcards expanded over the catalog); tag keys have their own checks below.",
        ex(P::Identity,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:GetRole","Resource":"arn:aws:iam::111122223333:role/app-*","Condition":{"StringEquals":{"iam:PassedToService":"sagemaker.amazonaws.com"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:PassRole","Resource":"arn:aws:iam::111122223333:role/app-*","Condition":{"StringEquals":{"iam:PassedToService":"sagemaker.amazonaws.com"}}}]}"#)),
    entry(Code::DENY_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE, aa(SW), Policies(ALL),
        "A `Deny` conditioned on a tag key (`aws:ResourceTag/…`, `aws:RequestTag/…`, `aws:TagKeys`) names actions of a service that supports that key for none of its actions. The key is never in those requests, so the condition is false and the statement never denies them, whatever the tags: access meant to be blocked stays open. Move those actions to a statement that names their resources instead; `…IfExists` would deny them always.",
        ex(P::Identity,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":["ec2:TerminateInstances","route53:ChangeResourceRecordSets"],"Resource":"*","Condition":{"StringEquals":{"aws:ResourceTag/env":"prod"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"ec2:TerminateInstances","Resource":"*","Condition":{"StringEquals":{"aws:ResourceTag/env":"prod"}}}]}"#)),
    entry(Code::DENY_NOTACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE, aa(SW), Policies(ALL),
        "A `Deny` with `NotAction` and a tag key covers, besides the actions it means, the actions of every service that does not support the key: for them the condition is false, so they are not denied. List the actions to deny in `Action` instead. Services whose every action the `NotAction` excludes (`route53:*`) are not counted.",
        ex(P::Identity,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotAction":"ec2:DescribeInstances","Resource":"*","Condition":{"StringEquals":{"aws:ResourceTag/env":"prod"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"ec2:TerminateInstances","Resource":"*","Condition":{"StringEquals":{"aws:ResourceTag/env":"prod"}}}]}"#)),
    entry(Code::ALLOW_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE, aa(S), Policies(ALL),
        "An `Allow` conditioned on a tag key names actions of a service that supports that key for none of its actions: the condition is false for them, so this statement never allows them and they only make the policy harder to read. Grant them in a statement that names their resources. (A negated operator or `…IfExists` would allow them always.)",
        ex(P::Identity,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ec2:StartInstances","route53:GetHostedZone"],"Resource":"*","Condition":{"StringEquals":{"aws:ResourceTag/env":"prod"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:StartInstances","Resource":"*","Condition":{"StringEquals":{"aws:ResourceTag/env":"prod"}}}]}"#)),
    entry(Code::ALLOW_NOTACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE, aa(S), Policies(ALL),
        "An `Allow` with `NotAction` and a tag key allows only the actions that support the key; the actions of services without it stay denied, which the `NotAction` hides. List the actions to allow in `Action` instead.",
        ex(P::Identity,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":"iam:*","Resource":"*","Condition":{"StringEquals":{"aws:ResourceTag/env":"prod"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:StartInstances","Resource":"*","Condition":{"StringEquals":{"aws:ResourceTag/env":"prod"}}}]}"#)),

    // Keys AWS refuses or recommends against, and service principals.
    entry(Code::UNSUPPORTED_GLOBAL_CONDITION_KEY, aa(E), Policies(ALL),
        "`aws:ARN` looks like a global key but AWS does not support it in policies: no request carries it. To compare the caller's ARN use `aws:PrincipalArn`; to compare the resource that made a service-to-service call use `aws:SourceArn`.",
        ex(P::Identity,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"ArnLike":{"aws:ARN":"arn:aws:iam::111122223333:role/app-*"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::111122223333:role/app-*"}}}]}"#)),
    entry(Code::MISSING_PAIRED_CONDITION_KEYS, aa(SW), Policies(&[Identity, Resource, Trust, Scp, Rcp, Session, Boundary]),
        "`aws:VpcSourceIp` compares the private address a request came from inside a VPC, and the same private ranges exist in every VPC, other accounts' included. Alone it grants more than it seems to; with `aws:SourceVpc` (or `aws:SourceVpce`) in the same statement it names one network. Only this pair, which the reference documents, is checked, and only in `Allow` statements.",
        ex(P::Identity,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"IpAddress":{"aws:VpcSourceIp":"10.0.0.0/16"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"IpAddress":{"aws:VpcSourceIp":"10.0.0.0/16"},"StringEquals":{"aws:SourceVpc":"vpc-1a2b3c4d"}}}]}"#)),
    entry(Code::RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL, aa(SW), Policies(&[Resource]),
        "A resource-based policy allows an AWS service principal (`logging.s3.amazonaws.com`) with no condition on `aws:SourceArn`, `aws:SourceAccount`, `aws:SourceOrgID` or `aws:SourceOrgPaths`. The service acts for all of its customers, so any of them could make it reach this resource: the confused deputy problem. Name the source resource or account in a condition. To stay on the safe side, a condition on any key naming a source, an ARN or an account (KMS's `kms:EncryptionContext:aws:cloudtrail:arn`) counts as naming the source, and so does a `Deny` on a source key anywhere in the policy. Role trust policies are not checked here: trusting a service to assume a role is their usual form.",
        ex(P::Resource,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"logging.s3.amazonaws.com"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::amzn-s3-demo-bucket/logs/*"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"logging.s3.amazonaws.com"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::amzn-s3-demo-bucket/logs/*","Condition":{"StringEquals":{"aws:SourceAccount":"111122223333"}}}]}"#)),

    // What a policy says twice.
    entry(Code::REDUNDANT_ACTION, aa(S), Policies(ALL),
        "An entry of `Action` (or `NotAction`) that another entry of the same list already matches: `iam:GetCredentialReport` beside `iam:Get*`, or the same action twice. Removing it changes nothing. Only provable cases are reported: a wildcard-free action under a pattern, a pattern of one service under `service:*`, anything under `*`; two overlapping patterns (`iam:Get*` and `iam:*Report`) are not, since neither covers the other.",
        ex(P::Identity,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:Get*","iam:List*","iam:GetCredentialReport"],"Resource":"*"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:Get*","iam:List*","iam:GenerateCredentialReport"],"Resource":"*"}]}"#)),
    entry(Code::REDUNDANT_RESOURCE, aa(S), Policies(WITH_RESOURCE),
        "An entry of `Resource` (or `NotResource`) that another entry of the same list already matches, with AWS's part-by-part ARN matching: `role/jane-admin` beside `role/jane*`, or the same ARN twice. Removing it changes nothing; if the wildcard was not meant to cover future resources, remove the wildcard instead. ARNs with policy variables are only compared when written identically.",
        ex(P::Identity,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:GetRole","Resource":["arn:aws:iam::111122223333:role/jane-admin","arn:aws:iam::111122223333:role/jane*"]}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:GetRole","Resource":["arn:aws:iam::111122223333:role/jane-admin","arn:aws:iam::111122223333:role/joe*"]}]}"#)),
    entry(Code::REDUNDANT_STATEMENT, aa(S), Policies(ALL),
        "A statement whose every action and resource another statement of the same effect already covers, with the same principal and the same condition as written (members in any order). It grants or denies nothing more, and a later edit to one copy may leave the other behind. Conditions are compared as written, never reasoned about, so a statement with a narrower condition is not reported; `NotAction` and `NotResource` lists must be the same.",
        ex(P::Identity,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::amzn-s3-demo-bucket/*"},{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::amzn-s3-demo-bucket/*"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::amzn-s3-demo-bucket/*"},{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::amzn-s3-demo-bucket2/*"}]}"#)),
    entry(Code::WILDCARD_IN_SERVICE_NAME, aa(S), Policies(ALL),
        "An action whose service part holds a wildcard (`*code*:Get*`) matches every service whose prefix fits, today's and future ones, which is rarely what was meant. Write the prefixes in full. `NotAction` is left alone: there a wildcard only excludes more.",
        ex(P::Identity,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*code*:Get*","Resource":"*"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["codecommit:Get*","codebuild:Get*"],"Resource":"*"}]}"#)),

    // Evaluation notes.
    entry(Code::PERIMETER_DENIES_AWS_SERVICES, Origin::Ours, Policies(&[Resource, Rcp]),
        "A data perimeter's `Deny` for everyone whose organization or account is not yours (`StringNotEquals` on `aws:PrincipalOrgID`, `aws:PrincipalOrgPaths` or `aws:PrincipalAccount`) also denies AWS services that call with their own service principal, such as CloudTrail or AWS Config delivering to a bucket: their requests carry none of those keys, so the negated test holds. AWS's perimeter examples exempt them with `\"BoolIfExists\": {\"aws:PrincipalIsAWSService\": \"false\"}`. A statement that tests `aws:PrincipalIsAWSService` or the service's name is left alone.",
        ex(P::Rcp,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"StringNotEqualsIfExists":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"StringNotEqualsIfExists":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"},"BoolIfExists":{"aws:PrincipalIsAWSService":"false"}}}]}"#)),
    entry(Code::GATEWAY_ENDPOINT_ACCOUNT_PRINCIPAL, Origin::Ours, Policies(&[GatewayEndpoint]),
        "In the policy of a gateway endpoint (S3, DynamoDB), an account named as the principal (`\"AWS\": \"111122223333\"` or its `:root` ARN) matches that account's root user only, not its users and roles, unlike in an interface endpoint policy. To admit an account's principals, write `\"Principal\": \"*\"` with a condition on `aws:PrincipalAccount` (or `aws:PrincipalArn` for some of them). The check needs the endpoint's type, which a scenario gives.",
        elsewhere("the endpoint's type comes from the scenario", "src/scenario/layer_checks.rs")),
    entry(Code::ENDPOINT_STATEMENT_FOR_OTHER_SERVICE, Origin::Ours, Policies(ENDPOINTS),
        "An endpoint serves one service (the SageMaker API endpoint: `sagemaker` actions; the S3 endpoint: `s3`). A statement of its policy whose actions all belong to other services never applies to a request through it: it grants or denies nothing, and was probably written for another endpoint. The check needs the endpoint's service name, which a scenario gives.",
        elsewhere("the endpoint's service comes from the scenario", "src/scenario/layer_checks.rs")),
    entry(Code::STATEMENT_DENIED_BY_ANOTHER_LAYER, Origin::Ours, Policies(&[Identity]),
        "An `Allow` of an identity policy whose every action another layer of the same scenario denies for that principal whatever the request: an SCP of its account with an unconditional `Deny` of those actions on every resource, or a permissions boundary that allows none of them. The statement can never grant anything; one of the two policies is probably not what was meant.",
        elsewhere("it needs the other layers of a scenario", "src/scenario/layer_checks.rs")),
    entry(Code::SCP_LEVEL_WITHOUT_POLICY, Origin::Ours, Evaluation,
        "An organization level (root, OU or account) with no SCP attached. Every level must allow a call; AWS attaches `FullAWSAccess` by default, and a level without any SCP allows nothing.",
        elsewhere("a note about the request's layers", "tests/corpus/orgs-and-boundaries/scp-empty-level-allows-nothing.json")),
    entry(Code::LAYER_DOES_NOT_APPLY, Origin::Ours, Evaluation,
        "A layer was given that AWS does not use for this caller or action: SCPs for an AWS service principal, RCPs for a service RCPs do not cover, a boundary for a caller that cannot have one. It is left out of the decision.",
        elsewhere("a note about the request's layers", "tests/corpus/orgs-and-boundaries/scp-does-not-apply-to-anonymous-caller.json")),
    entry(Code::ROOT_USER_FULL_ACCESS, Origin::Ours, Evaluation,
        "The account root user needs no identity policy: it may do everything in its account unless an SCP, RCP or other policy denies.",
        elsewhere("a note about the request's layers", "tests/corpus/layers/root-user-has-full-access-in-its-account.json")),
    entry(Code::ROOT_USER_CANNOT_ASSUME_ROLE, Origin::Ours, Evaluation,
        "AWS refuses `AssumeRole` called with root user credentials, whatever the trust policy says; use an IAM user or role.",
        elsewhere("a note about the request's layers", "tests/corpus/key-and-trust-policies/root-user-cannot-assume-a-role.json")),
    entry(Code::FEDERATED_USER_WITHOUT_SESSION_POLICY, Origin::Ours, Evaluation,
        "A federated user session (from `GetFederationToken`) gets the intersection of the IAM user's policies and the session policy; without a session policy it may do nothing.",
        elsewhere("a note about the request's layers", "tests/corpus/federation/federated-user-without-session-policy-has-no-permissions.json")),
    entry(Code::DEFAULT_KEY_POLICY, Origin::Ours, Evaluation,
        "A KMS key was given without a key policy, so the decision uses the policy AWS attaches by default, which lets the account's IAM policies decide.",
        elsewhere("a note about the request's layers", "tests/corpus/key-and-trust-policies/kms-key-without-key-policy-uses-the-default-key-policy.json")),
    entry(Code::MISSING_TRUST_POLICY, Origin::Ours, Evaluation,
        "A role was given without a trust policy. Every role has one and nobody may assume a role whose trust policy does not allow it, whatever their own policies say.",
        elsewhere("a note about the request's layers", "tests/corpus/key-and-trust-policies/role-without-trust-policy-cannot-be-assumed-by-identity-allow.json")),
    entry(Code::RESOURCE_POLICY_MUST_ALLOW, Origin::Ours, Evaluation,
        "For KMS keys and role trust, the key or trust policy must allow by itself (or name the account so that IAM policies may); an identity policy allow alone is not enough.",
        elsewhere("a note about the request's layers", "tests/corpus/key-and-trust-policies/kms-iam-allow-ineffective-when-key-policy-does-not-name-account.json")),
    entry(Code::KMS_CROSS_ACCOUNT_NOT_SUPPORTED, Origin::Ours, Evaluation,
        "KMS honours only some operations across accounts (the cryptographic ones, grants, `DescribeKey`, ...). Others, such as `ScheduleKeyDeletion`, fail from another account whatever the policies say.",
        elsewhere("a note about the request's layers", "tests/corpus/key-and-trust-policies/kms-cross-account-schedule-key-deletion-fails-whatever-the-policies-say.json")),

    // The simulate case and the playground's own inputs.
    entry(Code::UNKNOWN_FIELD, Origin::Ours, Case,
        "The simulate case (or one of its objects) has a field it does not define, usually a misspelling; the help suggests the nearest field.",
        elsewhere("about the simulate case, not a policy", "tests/corpus/grammar/request-unknown-field.json")),
    entry(Code::MISSING_FIELD, Origin::Ours, Case,
        "A field the simulate case requires is missing, such as the request's principal.",
        elsewhere("about the simulate case, not a policy", "tests/corpus/grammar/request-missing-principal.json")),
    entry(Code::INVALID_REQUEST_VALUE, Origin::Ours, Case,
        "A request field whose value cannot be decided on: an action with wildcards, an ARN that does not read, an account id that is not 12 digits, an unknown endpoint type.",
        elsewhere("about the simulate case, not a policy", "tests/corpus/grammar/request-action-with-wildcard.json")),
    entry(Code::INVALID_PRINCIPAL_ARN, Origin::Ours, Case,
        "A principal of a scenario whose ARN does not read; its cells are implicitly denied until it is fixed.",
        elsewhere("about a scenario, not a policy", "src/scenario/tests.rs")),
    entry(Code::INVALID_SCENARIO, Origin::Ours, Case,
        "A scenario document that cannot be read: not JSON, a wrong field, or beyond the size limits.",
        elsewhere("about a scenario, not a policy", "tests/cli.rs")),
    entry(Code::INVALID_SHARE_LINK, Origin::Ours, Case,
        "A share link whose fragment cannot be decoded, inflated or read within the limits.",
        elsewhere("about a share link, not a policy", "src/scenario/share.rs")),
    entry(Code::INVALID_EXPECTATION, Origin::Ours, Case,
        "An expectation of a scenario that cannot be checked: its pattern matches no principal or no action, its resource is unknown, or it covers too many cells.",
        elsewhere("about a scenario, not a policy", "tests/cli.rs")),
    entry(Code::INVALID_NETWORK, Origin::Ours, Case,
        "The case's `network` cannot be read (a wrong type, a bad range, port or route target), or `request.workload` names no workload of it.",
        elsewhere("about the simulate case, not a policy", "tests/corpus/network/bad-range-is-an-error-at-its-place.json")),
    entry(Code::INVALID_ARGUMENT, Origin::Ours, Case,
        "A JavaScript API function was called with an argument of the wrong kind.",
        elsewhere("about a JavaScript API call, not a policy", "tests/js/api.test.mjs")),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_exactly_one_entry_in_order() {
        let codes: Vec<Code> = REGISTRY.iter().map(|i| i.code).collect();
        assert_eq!(codes, Code::ALL);
        for code in Code::ALL {
            assert_eq!(code.info().code, *code);
        }
    }

    #[test]
    fn origins_agree_with_the_codes_severities_where_they_must() {
        for info in REGISTRY {
            // Evaluation notes and input errors are ours: Access Analyzer has no such check.
            if matches!(info.applies, Applies::Case | Applies::Evaluation) {
                assert_eq!(info.origin, Origin::Ours, "{}", info.code);
            }
            assert!(!info.explanation.is_empty(), "{}", info.code);
            assert!(!info.explanation.contains('\n'), "{}", info.code);
        }
    }
}
