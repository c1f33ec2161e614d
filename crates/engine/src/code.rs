//! The stable code of every diagnostic, its severity and the page that states its rule.
//!
//! A [`Code`] names one kind of finding for machines (CI filters, editors, the tests of people who
//! embed the playground): messages may be reworded, codes stay. Where IAM Access Analyzer's policy
//! validation has the same check, the code is its issue code (`MISSING_VERSION`,
//! `INVALID_ACTION`, `UNSUPPORTED_PRINCIPAL`, ...); checks Access Analyzer lacks (endpoint-policy
//! rules, RCP grammar, the simulate case's own fields, evaluation notes) have codes of ours in the
//! same style. `docs/diagnostics.md` lists every code; a test keeps that page and this list equal.

use super::diagnostic::Severity;

/// AWS documentation pages that state the rules behind the codes (each is cited in
/// `docs/rules.md`).
pub mod pages {
    /// IAM JSON policy grammar.
    pub const GRAMMAR: &str =
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html";
    /// IAM JSON policy element reference.
    pub const ELEMENTS: &str =
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html";
    /// IAM JSON policy elements: Version.
    pub const VERSION: &str =
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html";
    /// IAM JSON policy elements: Statement.
    pub const STATEMENT: &str = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_statement.html";
    /// IAM JSON policy elements: Sid.
    pub const SID: &str =
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_sid.html";
    /// IAM JSON policy elements: Effect.
    pub const EFFECT: &str =
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_effect.html";
    /// AWS JSON policy elements: Principal.
    pub const PRINCIPAL: &str = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html";
    /// AWS JSON policy elements: NotPrincipal.
    pub const NOT_PRINCIPAL: &str = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html";
    /// IAM JSON policy elements: Action.
    pub const ACTION: &str =
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html";
    /// IAM JSON policy elements: Resource.
    pub const RESOURCE: &str = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html";
    /// IAM JSON policy elements: Condition.
    pub const CONDITION: &str = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html";
    /// IAM JSON policy elements: Condition operators.
    pub const CONDITION_OPERATORS: &str = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html";
    /// Single-valued vs. multivalued context keys.
    pub const SET_OPERATORS: &str = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html";
    /// AWS global condition context keys: `aws:SourceIp` (absent through VPC endpoints).
    pub const SOURCE_IP: &str = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourceip";
    /// Granting a user permissions to pass a role to an AWS service.
    pub const PASS_ROLE: &str =
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html";
    /// IAM policy elements: Variables and tags.
    pub const VARIABLES: &str =
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html";
    /// AWS global condition context keys.
    pub const GLOBAL_KEYS: &str =
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html";
    /// `aws:PrincipalIsAWSService`, among the global condition keys.
    pub const PRINCIPAL_IS_AWS_SERVICE: &str = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalisawsservice";
    /// API Gateway resource policy examples (the shorthand `execute-api:/...`).
    pub const API_GATEWAY_RESOURCE_POLICIES: &str = "https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-resource-policies-examples.html";
    /// Amazon VPC endpoint policies for Step Functions (its example's `*Execution`).
    pub const STEP_FUNCTIONS_ENDPOINT_POLICY: &str =
        "https://docs.aws.amazon.com/step-functions/latest/dg/vpc-iam.html";
    /// Control access to VPC endpoints using endpoint policies.
    pub const ENDPOINT_POLICIES: &str =
        "https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html";
    /// Service control policies.
    pub const SCPS: &str =
        "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html";
    /// Resource control policies.
    pub const RCPS: &str =
        "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html";
    /// RCP syntax.
    pub const RCP_SYNTAX: &str = "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html";
    /// IAM and AWS STS quotas.
    pub const QUOTAS: &str =
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html";
    /// IAM Access Analyzer policy check reference.
    pub const ACCESS_ANALYZER_CHECKS: &str = "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html";
    /// Policy evaluation logic.
    pub const EVALUATION_LOGIC: &str =
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html";
    /// Key policies in AWS KMS.
    pub const KMS_KEY_POLICIES: &str =
        "https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html";
    /// The default key policy.
    pub const KMS_DEFAULT_KEY_POLICY: &str =
        "https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html";
    /// Allowing users in other accounts to use a KMS key.
    pub const KMS_OTHER_ACCOUNTS: &str = "https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying-external-accounts.html";
    /// Create a role for OpenID Connect federation (OIDC providers, GitHub, the claims' keys).
    pub const OIDC_ROLES: &str =
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html";
    /// Roles terms and concepts (trust policies).
    pub const ROLES: &str =
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html";
    /// AssumeRole (STS API reference).
    pub const ASSUME_ROLE: &str =
        "https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html";
    /// GetFederationToken: session policies of federated users.
    pub const FEDERATION_TOKEN: &str = "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_control-access_getfederationtoken.html";
}

macro_rules! codes {
    ($($(#[doc = $doc:expr])+ $code:ident: $severity:ident, $page:expr;)+) => {
        /// The stable code of a diagnostic (see the module documentation).
        #[allow(non_camel_case_types)]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code {
            $($(#[doc = $doc])+ $code,)+
        }

        impl Code {
            /// Every code, in declaration order.
            pub const ALL: &'static [Code] = &[$(Code::$code,)+];

            /// The code as written in answers: `MISSING_VERSION`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$code => stringify!($code),)+
                }
            }

            /// What the code means in one sentence: its documentation (`A policy without the
            /// \`Version\` its kind requires.`), for lists of rules such as SARIF's.
            pub fn summary(self) -> &'static str {
                match self {
                    $(Code::$code => concat!($($doc),+).trim_ascii(),)+
                }
            }

            /// How serious a finding of this code is.
            pub fn severity(self) -> Severity {
                match self {
                    $(Code::$code => Severity::$severity,)+
                }
            }

            /// The AWS documentation page stating the rule, for codes about AWS's rules; `None`
            /// for the simulate case's own fields and the playground's inputs.
            pub fn link(self) -> Option<&'static str> {
                match self {
                    $(Code::$code => $page,)+
                }
            }
        }
    };
}

use pages::*;

codes! {
    // Reading JSON.
    /// The text is not JSON.
    JSON_SYNTAX_ERROR: Error, Some(GRAMMAR);
    /// Objects and arrays are nested deeper than the reader accepts.
    JSON_TOO_DEEP: Error, Some(GRAMMAR);
    /// A value has the wrong JSON type (a number where a string belongs, ...).
    DATA_TYPE_MISMATCH: Error, Some(GRAMMAR);
    /// A member appears twice in one object: the policy is ambiguous.
    DUPLICATE_ELEMENT: Error, Some(GRAMMAR);

    // Policy and statement elements.
    /// An element the policy grammar does not have.
    INVALID_POLICY_ELEMENT: Error, Some(ELEMENTS);
    /// A `Version` other than `2012-10-17` and `2008-10-17`.
    INVALID_VERSION: Error, Some(VERSION);
    /// A policy without the `Version` its kind requires.
    MISSING_VERSION: Error, Some(VERSION);
    /// A policy without `Statement`.
    MISSING_STATEMENT: Error, Some(STATEMENT);
    /// A `Statement` list with no statement: the policy allows nothing.
    EMPTY_ARRAY_STATEMENT: Warning, Some(STATEMENT);
    /// Two statements with the same `Sid` in a policy IAM stores.
    UNIQUE_SIDS_REQUIRED: Error, Some(SID);
    /// Two statements with the same `Sid` in a policy of another service.
    UNIQUE_SIDS_RECOMMENDED: Warning, Some(SID);
    /// A `Sid` that is an empty string.
    EMPTY_SID_VALUE: Suggestion, Some(SID);
    /// A `Sid` with characters IAM does not accept.
    UNSUPPORTED_SID: Error, Some(SID);
    /// A statement without `Effect`.
    MISSING_EFFECT: Error, Some(EFFECT);
    /// An `Effect` other than `Allow` and `Deny`.
    INVALID_EFFECT: Error, Some(EFFECT);
    /// Elements that cannot appear together (`Action` and `NotAction`, `Principal` and
    /// `NotPrincipal`).
    UNSUPPORTED_ELEMENT_COMBINATION: Error, Some(GRAMMAR);
    /// A statement without `Action` or `NotAction`.
    MISSING_ACTION: Error, Some(ACTION);
    /// A statement without `Resource` or `NotResource` where the policy kind requires one.
    MISSING_RESOURCE: Error, Some(RESOURCE);
    /// A statement without the `Principal` its policy kind requires.
    MISSING_PRINCIPAL: Error, Some(PRINCIPAL);
    /// An empty `Action` or `NotAction` list.
    EMPTY_ARRAY_ACTION: Error, Some(ACTION);
    /// An empty `Resource` or `NotResource` list.
    EMPTY_ARRAY_RESOURCE: Error, Some(RESOURCE);
    /// An empty list of principals.
    EMPTY_ARRAY_PRINCIPAL: Error, Some(PRINCIPAL);
    /// An action not written `service:Name` (or `*`).
    INVALID_ACTION_FORMAT: Error, Some(ACTION);
    /// An endpoint policy's action pattern with a wildcard and no service prefix (`*Execution`),
    /// read as AWS's own example reads it: across every service's actions.
    ACTION_WITHOUT_SERVICE_PREFIX: Warning, Some(STEP_FUNCTIONS_ENDPOINT_POLICY);
    /// A resource that is neither an ARN nor `*`.
    INVALID_ARN_PREFIX: Error, Some(RESOURCE);
    /// API Gateway's shorthand `execute-api:/...` in a resource policy whose API is not known
    /// (no resource named, or one that is not an API Gateway ARN): it is not expanded, and
    /// matches no request.
    EXECUTE_API_SHORTHAND_WITHOUT_API: Warning, Some(API_GATEWAY_RESOURCE_POLICIES);
    /// A wildcard in the service segment of a resource ARN.
    UNSUPPORTED_WILDCARD_IN_ARN_SERVICE: Error, Some(RESOURCE);
    /// An ARN account field mixing digits and wildcards (endpoint policies).
    INVALID_ARN_ACCOUNT: Error, Some(ENDPOINT_POLICIES);
    /// A policy longer than AWS accepts for an identity policy (managed policy quota).
    POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA: Warning, Some(QUOTAS);
    /// A policy longer than AWS accepts for a resource-based policy.
    POLICY_SIZE_EXCEEDS_RESOURCE_POLICY_QUOTA: Warning, Some(QUOTAS);
    /// A role trust policy longer than AWS accepts.
    POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA: Warning, Some(QUOTAS);
    /// An SCP longer than AWS accepts.
    POLICY_SIZE_EXCEEDS_SCP_QUOTA: Warning, Some(SCPS);
    /// An RCP longer than AWS accepts.
    POLICY_SIZE_EXCEEDS_RCP_QUOTA: Warning, Some(RCPS);
    /// An endpoint policy longer than AWS accepts.
    POLICY_SIZE_EXCEEDS_ENDPOINT_POLICY_QUOTA: Warning, Some(ENDPOINT_POLICIES);

    // Principals.
    /// `Principal` or `NotPrincipal` in a policy kind that does not take one (identity policies,
    /// boundaries, session policies, SCPs).
    UNSUPPORTED_PRINCIPAL: Error, Some(PRINCIPAL);
    /// `NotPrincipal` with `Allow`.
    ALLOW_WITH_NOT_PRINCIPAL: Error, Some(NOT_PRINCIPAL);
    /// A principal that is not `"*"`, an account, an ARN or a service or provider name.
    INVALID_PRINCIPAL_FORMAT: Error, Some(PRINCIPAL);
    /// A principal type other than `AWS`, `Service`, `Federated` and `CanonicalUser`.
    INVALID_PRINCIPAL_KEY: Error, Some(PRINCIPAL);
    /// A principal object that names no principal.
    EMPTY_OBJECT_PRINCIPAL: Error, Some(PRINCIPAL);
    /// A wildcard inside a principal value (only `"*"` alone is accepted).
    UNSUPPORTED_WILDCARD_IN_PRINCIPAL: Error, Some(PRINCIPAL);
    /// `Resource` or `NotResource` in a role trust policy.
    ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE: Error, Some(ROLES);
    /// `NotPrincipal` in a role trust policy.
    ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL: Error, Some(NOT_PRINCIPAL);
    /// An IAM role's unique id (`AROA…`) as a principal instead of the role's ARN.
    INVALID_ROLE_REFERENCE: Warning, Some(PRINCIPAL);
    /// An IAM user's unique id (`AIDA…`) as a principal instead of the user's ARN.
    INVALID_USER_REFERENCE: Warning, Some(PRINCIPAL);
    /// A `Federated` principal in a resource-based policy (only role trust policies take one).
    FEDERATED_PRINCIPAL_NOT_SUPPORTED: Error, Some(PRINCIPAL);
    /// A `Federated` principal of a trust policy that is neither a SAML or OIDC provider ARN nor
    /// one of the web identity providers' names.
    INVALID_FEDERATED_PRINCIPAL_SYNTAX_IN_ROLE_TRUST_POLICY: Error, Some(PRINCIPAL);
    /// An `sts:AssumeRole…` action that none of the statement's principals can call.
    MISMATCHED_ACTION_FOR_PRINCIPAL: Warning, Some(PRINCIPAL);
    /// A trust policy for IAM Roles Anywhere without `sts:AssumeRole`, `sts:SetSourceIdentity`
    /// and `sts:TagSession`.
    MISSING_ACTION_FOR_ROLES_ANYWHERE_TRUST_POLICY: Warning, Some(ACCESS_ANALYZER_CHECKS);
    /// An organization condition key (`aws:PrincipalOrgID`, `aws:PrincipalOrgPaths`) in a
    /// statement about service principals only, whose requests never carry it.
    UNSUPPORTED_CONDITION_KEY_FOR_SERVICE_PRINCIPAL: Warning, Some(GLOBAL_KEYS);
    /// A statement about service principals limited by a key the caller sets (`aws:Referer`,
    /// `aws:UserAgent`) instead of the source keys.
    RECOMMENDED_CONDITION_KEY_FOR_SERVICE_PRINCIPAL: Suggestion, Some(GLOBAL_KEYS);
    /// A resource-based policy's `Allow` for everyone (`"Principal": "*"`) whose conditions test
    /// nothing but keys any caller can meet, `aws:Referer` or `aws:UserAgent` among them.
    PUBLIC_ACCESS_LIMITED_BY_CALLER_SET_KEY: SecurityWarning, Some(GLOBAL_KEYS);
    /// A role session principal named next to its role, which already covers it.
    REDUNDANT_PRINCIPAL_IN_ROLE_TRUST_POLICY: Suggestion, Some(PRINCIPAL);
    /// An OIDC provider trusted without a condition on its own claims.
    MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL: SecurityWarning, Some(OIDC_ROLES);
    /// GitHub's OIDC provider trusted without a condition on
    /// `token.actions.githubusercontent.com:sub`.
    MISSING_GITHUB_REPO_CONDITION_KEY: SecurityWarning, Some(OIDC_ROLES);
    /// A `token.actions.githubusercontent.com:sub` pattern whose wildcard covers the
    /// organization or repository.
    SPECIFIC_GITHUB_REPO_AND_BRANCH_RECOMMENDED: Warning, Some(OIDC_ROLES);
    /// A set qualifier on an OIDC audience (`…:aud`) claim, which is usually single-valued.
    CONFIRM_AUDIENCE_CLAIM_TYPE: Suggestion, Some(OIDC_ROLES);

    // Resource control policies.
    /// An RCP statement that allows (only AWS's `RCPFullAWSAccess` may).
    RCP_SYNTAX_ERROR_ALLOW: Error, Some(RCP_SYNTAX);
    /// `"*"` as the action of a customer managed RCP (a service prefix is required).
    RCP_SYNTAX_ERROR_ACTION: Error, Some(RCP_SYNTAX);
    /// `NotAction` in an RCP.
    RCP_SYNTAX_ERROR_NOTACTION: Error, Some(RCP_SYNTAX);
    /// An RCP `Principal` other than `"*"`, or `NotPrincipal` in an RCP.
    RCP_SYNTAX_ERROR_PRINCIPAL: Error, Some(RCP_SYNTAX);

    // Conditions.
    /// An unknown condition operator.
    INVALID_CONDITION_OPERATOR: Error, Some(CONDITION_OPERATORS);
    /// `Null` with `IfExists`.
    NULL_WITH_IF_EXISTS: Error, Some(CONDITION_OPERATORS);
    /// `Null` with a set qualifier (`ForAnyValue:`, `ForAllValues:`).
    NULL_WITH_QUALIFIER: Error, Some(CONDITION_OPERATORS);
    /// The same operator twice in one `Condition`.
    DUPLICATE_CONDITION_OPERATOR: Error, Some(CONDITION);
    /// The same key twice under one operator.
    DUPLICATE_CONDITION_KEY: Error, Some(CONDITION);
    /// An operator block without condition keys.
    EMPTY_OBJECT_CONDITION: Error, Some(CONDITION);
    /// A condition key not written `prefix:name`.
    INVALID_CONDITION_KEY_FORMAT: Error, Some(CONDITION);
    /// A condition key with an empty list of values.
    EMPTY_ARRAY_CONDITION: Error, Some(CONDITION);
    /// A value of a `Numeric…` operator that is not a number.
    TYPE_MISMATCH_NUMBER: Error, Some(CONDITION_OPERATORS);
    /// A value of a `Date…` operator that is not a date.
    TYPE_MISMATCH_DATE: Error, Some(CONDITION_OPERATORS);
    /// A value of `Bool` or `Null` that is not `true` or `false`.
    TYPE_MISMATCH_BOOLEAN: Error, Some(CONDITION_OPERATORS);
    /// A condition key's values written with different JSON types (`["1", 2]`).
    INVALID_CONDITION_DATA_TYPE: Warning, Some(CONDITION);
    /// `Bool` given both `true` and `false` for one key.
    INVALID_CONDITION_MULTIPLE_BOOLEAN: Error, Some(CONDITION_OPERATORS);
    /// A policy variable in the value of an operator other than the string and ARN ones.
    INVALID_VARIABLE_FOR_OPERATOR: Error, Some(VARIABLES);
    /// A tag condition key (`aws:RequestTag/`, ...) with no tag key after its slash.
    MISSING_TAG_KEY_IN_CONDITION: Error, Some(GLOBAL_KEYS);
    /// A multi-valued condition key under an operator without `ForAllValues` or `ForAnyValue`.
    MISSING_QUALIFIER: Warning, Some(SET_OPERATORS);
    /// An operator of one type on a condition key of another (`StringEquals` on a date key).
    TYPE_MISMATCH: Warning, Some(CONDITION_OPERATORS);
    /// A value of `IpAddress` or `NotIpAddress` that is not an address or CIDR range.
    TYPE_MISMATCH_IP_RANGE: Error, Some(CONDITION_OPERATORS);
    /// A value of `BinaryEquals` that is not base64.
    TYPE_MISMATCH_BINARY: Error, Some(CONDITION_OPERATORS);
    /// `ForAllValues` is true when the request lacks the key: with `Allow` it grants more than
    /// meant.
    FORALLVALUES_WITHOUT_NULL_CHECK: SecurityWarning, Some(SET_OPERATORS);
    /// `ForAllValues` on a single-valued key.
    FORALLVALUES_WITH_SINGLE_VALUED_KEY: SecurityWarning, Some(SET_OPERATORS);
    /// `ForAnyValue` on a single-valued key.
    FORANYVALUE_WITH_SINGLE_VALUED_KEY: Warning, Some(SET_OPERATORS);
    /// A wildcard or numeric operator on an endpoint-policy key holding system-generated ids.
    ENDPOINT_SYSTEM_ID_WILDCARD: Error, Some(ENDPOINT_POLICIES);
    /// A wildcard without six consecutive characters before or after it (endpoint policies).
    ENDPOINT_WILDCARD_TOO_SHORT: Error, Some(ENDPOINT_POLICIES);
    /// `aws:SourceIp` with only private ranges: it never matches.
    PRIVATE_IP_ADDRESS: Warning, Some(SOURCE_IP);
    /// `NotIpAddress` on `aws:SourceIp` with only private ranges: it always holds.
    PRIVATE_NOT_IP_ADDRESS: Warning, Some(SOURCE_IP);
    /// `aws:SourceIp` with private ranges among public ones: the private ones never match.
    PRIVATE_IP_ADDRESS_SUBSET: Suggestion, Some(SOURCE_IP);
    /// `NotIpAddress` on `aws:SourceIp` with private ranges among public ones: they exclude
    /// nothing.
    PRIVATE_NOT_IP_ADDRESS_SUBSET: Suggestion, Some(SOURCE_IP);
    /// A CIDR range with bits set past its prefix (`10.0.0.1/16`), which AWS ignores.
    IMPROVE_IP_RANGE: Suggestion, Some(CONDITION_OPERATORS);
    /// Several values under a `Numeric…` comparison, where only the loosest bound counts.
    REDUNDANT_CONDITION_VALUE_NUM: Suggestion, Some(CONDITION_OPERATORS);
    /// An `aws:SourceVpc` value that is not `vpc-` and 8 or 17 letters and digits.
    INVALID_VPC_FORMAT: Warning, Some(GLOBAL_KEYS);
    /// An `aws:SourceVpce` value that is not `vpce-` and 8 or 17 letters and digits.
    INVALID_VPCE_FORMAT: Warning, Some(GLOBAL_KEYS);
    /// `aws:SourceIp` in a vpc endpoint policy, where requests never carry it.
    SOURCE_IP_THROUGH_ENDPOINT: Warning, Some(SOURCE_IP);
    /// A wildcard in the value of an equality string operator, where it is literal text.
    WILDCARD_WITHOUT_LIKE_OPERATOR: Warning, Some(CONDITION_OPERATORS);
    /// `Allow` of `iam:PassRole` with `"Resource": "*"`.
    PASS_ROLE_WITH_STAR_IN_RESOURCE: SecurityWarning, Some(PASS_ROLE);
    /// `Allow` of every action (`iam:PassRole` among them) with `"Resource": "*"`.
    PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE: SecurityWarning, Some(PASS_ROLE);
    /// `Allow` of `iam:PassRole` with `NotResource`.
    PASS_ROLE_WITH_NOT_RESOURCE: SecurityWarning, Some(PASS_ROLE);
    /// `Allow` of every action (`iam:PassRole` among them) with `NotResource`.
    PASS_ROLE_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE: SecurityWarning, Some(PASS_ROLE);

    /// `Allow` of `iam:CreateServiceLinkedRole` on every service-linked role (`"Resource": "*"`).
    CREATE_SLR_WITH_STAR_IN_RESOURCE: Warning, Some(ACCESS_ANALYZER_CHECKS);
    /// `Allow` of every action (`iam:CreateServiceLinkedRole` among them) on every role.
    CREATE_SLR_WITH_STAR_IN_ACTION_AND_RESOURCE: Warning, Some(ACCESS_ANALYZER_CHECKS);
    /// `Allow` with `NotAction` that leaves `iam:CreateServiceLinkedRole` in, on every role.
    CREATE_SLR_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION: Warning, Some(ACCESS_ANALYZER_CHECKS);
    /// `Allow` of `iam:CreateServiceLinkedRole` with `NotResource`.
    CREATE_SLR_WITH_NOT_RESOURCE: Warning, Some(ACCESS_ANALYZER_CHECKS);
    /// `Allow` of every action (`iam:CreateServiceLinkedRole` among them) with `NotResource`.
    CREATE_SLR_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE: Warning, Some(ACCESS_ANALYZER_CHECKS);
    /// `Allow` with `NotAction` that leaves `iam:CreateServiceLinkedRole` in, with `NotResource`.
    CREATE_SLR_WITH_NOT_ACTION_AND_NOT_RESOURCE: Warning, Some(ACCESS_ANALYZER_CHECKS);

    // Policy variables.
    /// A policy variable opened with `${` and never closed with `}`.
    MISSING_BRACE_IN_VARIABLE: Error, Some(VARIABLES);
    /// A policy variable's default value not written between single quotes.
    MISSING_QUOTE_IN_VARIABLE: Error, Some(VARIABLES);
    /// A space in the key of a policy variable.
    UNSUPPORTED_SPACE_IN_VARIABLE: Error, Some(VARIABLES);
    /// `${}`: a policy variable that names no key.
    EMPTY_VARIABLE: Error, Some(VARIABLES);
    /// A character that no request key holds in the key of a policy variable.
    UNSUPPORTED_SYMBOL_IN_VARIABLE: Error, Some(VARIABLES);
    /// A policy variable outside `Resource`, `NotResource` and condition values.
    VARIABLE_UNSUPPORTED_IN_ELEMENT: Error, Some(VARIABLES);
    /// A policy variable in a policy without `"Version": "2012-10-17"`, where it is literal text.
    VARIABLE_UNSUPPORTED_IN_VERSION: Warning, Some(VARIABLES);

    // Names the catalog does not know.
    /// An action its service does not have.
    INVALID_ACTION: Warning, Some(ACCESS_ANALYZER_CHECKS);
    /// A service prefix no AWS service has.
    INVALID_SERVICE: Warning, Some(ACCESS_ANALYZER_CHECKS);
    /// A wildcard action pattern that matches no action.
    NO_MATCHING_ACTION: Warning, Some(ACCESS_ANALYZER_CHECKS);
    /// An unknown `aws:` condition key.
    INVALID_GLOBAL_CONDITION_KEY: Warning, Some(GLOBAL_KEYS);
    /// An unknown service condition key.
    INVALID_SERVICE_CONDITION_KEY: Warning, Some(ACCESS_ANALYZER_CHECKS);
    /// More findings than are reported per policy or per answer.
    TOO_MANY_FINDINGS: Warning, Some(ACCESS_ANALYZER_CHECKS);

    // Resource ARNs read against the catalog's ARN formats.
    /// A resource ARN with fewer than the six fields `arn:partition:service:region:account:resource`.
    MISSING_ARN_FIELD: Error, Some(ACCESS_ANALYZER_CHECKS);
    /// A resource ARN whose partition is not one of AWS's partitions.
    INVALID_PARTITION: Warning, Some(ACCESS_ANALYZER_CHECKS);
    /// A resource ARN whose service is not written in lowercase.
    INVALID_ARN_SERVICE_CASE: Warning, Some(ACCESS_ANALYZER_CHECKS);
    /// A resource ARN without a Region where its service's ARNs have one.
    MISSING_ARN_REGION: Warning, Some(ACCESS_ANALYZER_CHECKS);
    /// A resource ARN with a Region where its service's ARNs have none (S3 buckets, IAM).
    ARN_REGION_NOT_ALLOWED: Warning, Some(ACCESS_ANALYZER_CHECKS);
    /// A resource ARN with an account where its service's ARNs have none (S3 buckets).
    ARN_ACCOUNT_NOT_ALLOWED: Warning, Some(ACCESS_ANALYZER_CHECKS);
    /// A resource ARN whose resource part fits none of its service's resource types.
    INVALID_ARN_RESOURCE: Warning, Some(ACCESS_ANALYZER_CHECKS);

    // Condition keys read against the actions that set them.
    /// A condition key that some of the statement's actions do not support: for them the key is
    /// absent.
    UNSUPPORTED_ACTION_FOR_CONDITION_KEY: Warning, Some(ACCESS_ANALYZER_CHECKS);
    /// A service condition key that none of the statement's actions supports.
    MISSING_ACTION_FOR_CONDITION_KEY: Warning, Some(ACCESS_ANALYZER_CHECKS);
    /// `Deny` with a tag key (`aws:ResourceTag/…`, `aws:RequestTag/…`, `aws:TagKeys`) on actions
    /// of a service that does not support it: they are never denied.
    DENY_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE: SecurityWarning, Some(ACCESS_ANALYZER_CHECKS);
    /// `Deny` with `NotAction` and a tag key: the actions of services without it are never denied.
    DENY_NOTACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE: SecurityWarning, Some(ACCESS_ANALYZER_CHECKS);
    /// `Allow` with a tag key on actions of a service that does not support it: they are never
    /// allowed by this statement.
    ALLOW_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE: Suggestion, Some(ACCESS_ANALYZER_CHECKS);
    /// `Allow` with `NotAction` and a tag key: the actions of services without it are never
    /// allowed by this statement.
    ALLOW_NOTACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE: Suggestion, Some(ACCESS_ANALYZER_CHECKS);

    // Keys AWS refuses or recommends against, and service principals.
    /// A global condition key AWS does not support in policies (`aws:ARN`).
    UNSUPPORTED_GLOBAL_CONDITION_KEY: Warning, Some(ACCESS_ANALYZER_CHECKS);
    /// `aws:VpcSourceIp` without `aws:SourceVpc`: the same private range exists in every VPC.
    MISSING_PAIRED_CONDITION_KEYS: SecurityWarning, Some(ACCESS_ANALYZER_CHECKS);
    /// A resource-based policy that allows a service principal without `aws:SourceArn` or
    /// `aws:SourceAccount`: any customer's use of the service may reach the resource.
    RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL: SecurityWarning, Some(ACCESS_ANALYZER_CHECKS);

    // What a policy says twice.
    /// An action another entry of the same element already covers (`s3:GetObject` with `s3:Get*`).
    REDUNDANT_ACTION: Suggestion, Some(ACCESS_ANALYZER_CHECKS);
    /// A resource another entry of the same element already covers.
    REDUNDANT_RESOURCE: Suggestion, Some(ACCESS_ANALYZER_CHECKS);
    /// A statement another statement of the same effect, principal and condition already covers.
    REDUNDANT_STATEMENT: Suggestion, Some(ACCESS_ANALYZER_CHECKS);
    /// A wildcard in the service part of an action (`s3*:GetObject`).
    WILDCARD_IN_SERVICE_NAME: Suggestion, Some(ACCESS_ANALYZER_CHECKS);

    // Data perimeters, and checks across the layers of one scenario (ours).
    /// A `Deny` of callers outside an organization or account that denies AWS services calling
    /// with their service principal too (no `aws:PrincipalIsAWSService` exception).
    PERIMETER_DENIES_AWS_SERVICES: Warning, Some(PRINCIPAL_IS_AWS_SERVICE);
    /// An account principal in a gateway endpoint policy: it matches the account's root user only.
    GATEWAY_ENDPOINT_ACCOUNT_PRINCIPAL: Warning, Some(ENDPOINT_POLICIES);
    /// An endpoint policy statement whose actions are all of services the endpoint does not serve.
    ENDPOINT_STATEMENT_FOR_OTHER_SERVICE: Warning, Some(ENDPOINT_POLICIES);
    /// An identity policy statement whose every action another layer of the scenario denies.
    STATEMENT_DENIED_BY_ANOTHER_LAYER: Warning, Some(EVALUATION_LOGIC);

    // Evaluation notes: about the request and the layers, not one place in a policy.
    /// An SCP level without any SCP: it allows nothing.
    SCP_LEVEL_WITHOUT_POLICY: Warning, Some(SCPS);
    /// A layer given that does not apply to this caller or action.
    LAYER_DOES_NOT_APPLY: Warning, Some(EVALUATION_LOGIC);
    /// The account root user has full access in its own account unless something denies.
    ROOT_USER_FULL_ACCESS: Warning, Some(EVALUATION_LOGIC);
    /// The account root user cannot call `sts:AssumeRole`.
    ROOT_USER_CANNOT_ASSUME_ROLE: Warning, Some(ASSUME_ROLE);
    /// A federated user session without a session policy has no permissions.
    FEDERATED_USER_WITHOUT_SESSION_POLICY: Warning, Some(FEDERATION_TOKEN);
    /// A KMS key given without a key policy: decided with AWS's default key policy.
    DEFAULT_KEY_POLICY: Warning, Some(KMS_DEFAULT_KEY_POLICY);
    /// A role given without a trust policy cannot be assumed.
    MISSING_TRUST_POLICY: Warning, Some(ROLES);
    /// The identity side allows, but the key policy or trust policy does not.
    RESOURCE_POLICY_MUST_ALLOW: Warning, Some(KMS_KEY_POLICIES);
    /// KMS refuses this operation across accounts, whatever the policies say.
    KMS_CROSS_ACCOUNT_NOT_SUPPORTED: Warning, Some(KMS_OTHER_ACCOUNTS);

    // The simulate case and the playground's own inputs.
    /// A field the simulate case (or one of its objects) does not have.
    UNKNOWN_FIELD: Error, None;
    /// A required field of the simulate case is missing.
    MISSING_FIELD: Error, None;
    /// A request field whose value cannot be used (an action with wildcards, a malformed ARN or
    /// account id, an unknown endpoint type, ...).
    INVALID_REQUEST_VALUE: Error, None;
    /// A principal ARN of a scenario that cannot be read: its cells are implicitly denied.
    INVALID_PRINCIPAL_ARN: Warning, None;
    /// A scenario document that cannot be read.
    INVALID_SCENARIO: Error, None;
    /// A share link that cannot be read.
    INVALID_SHARE_LINK: Error, None;
    /// An expectation of a scenario that cannot be checked: a pattern that matches no principal
    /// or no action, an unknown resource, too many cells.
    INVALID_EXPECTATION: Error, None;
    /// A case's `network` that cannot be read (a wrong type, a bad range, port or route
    /// target), or a `request.workload` without a network or not in it.
    INVALID_NETWORK: Error, None;
    /// A JavaScript API argument of the wrong kind.
    INVALID_ARGUMENT: Error, None;
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summaries_are_the_documentation_in_one_line() {
        assert_eq!(
            Code::MISSING_VERSION.summary(),
            "A policy without the `Version` its kind requires."
        );
        // A comment over two lines reads as one sentence.
        assert_eq!(
            Code::UNSUPPORTED_ELEMENT_COMBINATION.summary(),
            "Elements that cannot appear together (`Action` and `NotAction`, `Principal` and \
             `NotPrincipal`)."
        );
        for code in Code::ALL {
            let s = code.summary();
            assert!(!s.is_empty() && !s.starts_with(' '), "{}", code.as_str());
        }
    }

    #[test]
    fn codes_are_unique_and_screaming_snake_case() {
        let mut seen = std::collections::HashSet::new();
        for code in Code::ALL {
            let s = code.as_str();
            assert!(seen.insert(s), "{s} twice");
            assert!(
                s.bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_'),
                "{s}"
            );
        }
    }

    #[test]
    fn links_are_aws_documentation() {
        for code in Code::ALL {
            if let Some(link) = code.link() {
                assert!(
                    link.starts_with("https://docs.aws.amazon.com/"),
                    "{code}: {link}"
                );
            }
        }
    }
}
