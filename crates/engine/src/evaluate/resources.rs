//! Resources with rules of their own, and the policies AWS writes itself: KMS keys and roles,
//! whose key or trust policy must allow by itself ([`GuardedResource`]), the operations KMS
//! honours across accounts, AWS's default endpoint policy and default key policy.

use super::*;

/// Resources whose own resource-based policy must allow the request: the exceptions to "within
/// one account, an identity-based or a resource-based allow suffices" ("Policy evaluation
/// logic"). A statement of theirs that names the caller's account enables the account's
/// identity-based policies, which must then allow too.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GuardedResource {
    /// A KMS key (`arn:aws:kms:REGION:ACCOUNT:key/ID`): its key policy decides.
    KmsKey,
    /// An IAM role (`arn:aws:iam::ACCOUNT:role/NAME`) asked for by `sts:AssumeRole`,
    /// `sts:AssumeRoleWithSAML`, `sts:AssumeRoleWithWebIdentity`, `sts:TagSession` or
    /// `sts:SetSourceIdentity`: its trust policy decides.
    RoleTrust,
}

impl GuardedResource {
    /// Which guarded resource `request` asks for, from its resource ARN and action.
    pub fn of(request: &Request) -> Option<GuardedResource> {
        if is_kms_key(&request.resource) {
            return Some(GuardedResource::KmsKey);
        }
        const TRUST_ACTIONS: &[&str] = &[
            "sts:assumerole",
            "sts:assumerolewithsaml",
            "sts:assumerolewithwebidentity",
            "sts:setsourceidentity",
            "sts:tagsession",
        ];
        (is_role_arn(&request.resource) && TRUST_ACTIONS.contains(&request.action_lower.as_str()))
            .then_some(GuardedResource::RoleTrust)
    }
}

/// True for a KMS key ARN (`arn:PARTITION:kms:REGION:ACCOUNT:key/ID`).
pub fn is_kms_key(resource: &str) -> bool {
    arn_names(resource, "kms", "key/")
}

/// True for an IAM role ARN (`arn:PARTITION:iam::ACCOUNT:role/PATH/NAME`): its resource-based
/// policy is its trust policy.
pub fn is_role_arn(resource: &str) -> bool {
    arn_names(resource, "iam", "role/")
}

/// The API an Amazon API Gateway ARN belongs to (`arn:PARTITION:execute-api:REGION:ACCOUNT:API-ID`,
/// from `arn:aws:execute-api:us-east-1:111122223333:a1b2c3/prod/GET/pets`): what API Gateway
/// puts in front of its shorthand `execute-api:/...` in the resource policy of that API ("API
/// Gateway resource policy examples": "API Gateway builds the full ARN by using the current
/// Region, your AWS account ID, and the ID of the REST API that the resource policy is
/// associated with"). `None` for any other resource, and for an ARN whose Region, account or
/// API id is empty or holds a wildcard (it names no one API).
pub fn execute_api_base(resource: &str) -> Option<&str> {
    use crate::text::bytes::nth_field;
    let rest = resource.strip_prefix("arn:")?;
    if nth_field(rest, b':', 1)? != "execute-api" {
        return None;
    }
    let fields = [
        nth_field(rest, b':', 0)?,
        nth_field(rest, b':', 2)?,
        nth_field(rest, b':', 3)?,
    ];
    // the resource part: `API-ID` or `API-ID/...`
    let resource_part = nth_field(rest, b':', 4)?;
    let api_id = resource_part.split('/').next().unwrap_or("");
    let names_one = |f: &str| !f.is_empty() && !f.contains(['*', '?', '$']);
    if !fields.iter().chain([&api_id]).all(|f| names_one(f)) {
        return None;
    }
    // where the resource part starts in `resource` (it is a piece of it)
    let start = resource_part.as_ptr() as usize - resource.as_ptr() as usize;
    resource.get(..start + api_id.len())
}

/// True for an Amazon ECR repository ARN (`arn:PARTITION:ecr:REGION:ACCOUNT:repository/NAME`, or
/// `ecr-public`): its repository policy's statements may leave `Resource` out, the repository
/// being the resource ("Private repository policy examples in Amazon ECR").
pub fn is_ecr_repository(resource: &str) -> bool {
    arn_names(resource, "ecr", "repository/") || arn_names(resource, "ecr-public", "repository/")
}

/// True when `resource` is an ARN of `service` whose resource part starts with `type_prefix`
/// (`key/`, `role/`) and names something after it. Inlined: each caller's service and type
/// are constants, compared in place rather than through `memcmp` (which cost the command line
/// 0.2% of a mixed batch's instructions once a third caller stopped the compiler inlining it).
#[inline(always)]
pub(super) fn arn_names(resource: &str, service: &str, type_prefix: &str) -> bool {
    // `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`, the resource part keeping any colons;
    // read part by part, giving up at the first that differs (most ARNs are of another service).
    use crate::text::bytes::split_once_byte;
    let Some((_partition, rest)) = resource
        .strip_prefix("arn:")
        .and_then(|r| split_once_byte(r, b':'))
    else {
        return false;
    };
    let Some(rest) = rest.strip_prefix(service).and_then(|r| r.strip_prefix(':')) else {
        return false;
    };
    // the region, the account, then the resource part (its colons kept)
    split_once_byte(rest, b':')
        .and_then(|(_region, r)| split_once_byte(r, b':'))
        .and_then(|(_account, r)| r.strip_prefix(type_prefix))
        .is_some_and(|name| !name.is_empty())
}

/// The key policy AWS gives a KMS key created without one ("Default key policy"): it lets the
/// account's IAM policies grant access to the key.
pub fn default_key_policy(request: &Request) -> Policy {
    let account = request
        .resource_account
        .clone()
        .unwrap_or_else(|| request.principal.account.clone());
    managed_allow(
        crate::ast::PolicyKind::Resource,
        crate::ast::PolicyVersion::V2012_10_17,
        Some("Enable IAM User Permissions"),
        PrincipalEntry::Account(account),
        "kms:*",
    )
}

/// A one-statement policy AWS writes itself: `Allow` `action` on every resource to `principal`
/// (the default endpoint policy, the default key policy). Its spans are empty: it has no text.
pub(super) fn managed_allow(
    kind: crate::ast::PolicyKind,
    version: crate::ast::PolicyVersion,
    sid: Option<&str>,
    principal: PrincipalEntry,
    action: &str,
) -> Policy {
    use crate::ast::PatternElement;
    use crate::pattern::{Template, TemplateSyntax};
    let pattern = |text: &str, lowercase| {
        let patterns = [Template::new(
            text,
            TemplateSyntax {
                wildcards: true,
                variables: false,
                lowercase,
            },
        )]
        .into();
        // actions are lowercased, resources are not
        if lowercase {
            PatternElement::action(false, patterns, Default::default())
        } else {
            PatternElement::resource(false, patterns, Default::default())
        }
    };
    Policy {
        kind,
        version,
        statements: vec![Statement {
            index: 0,
            sid: sid.map(str::to_string),
            effect: Effect::Allow,
            span: Default::default(),
            principal: Some(PrincipalElement {
                negated: false,
                entries: vec![principal],
                span: Default::default(),
            }),
            action: pattern(action, true),
            resource: pattern("*", false),
            conditions: Vec::new(),
        }],
    }
}

/// The policy AWS attaches to an endpoint that has none: full access for everyone.
pub fn default_endpoint_policy() -> Policy {
    managed_allow(
        crate::ast::PolicyKind::Endpoint,
        crate::ast::PolicyVersion::Absent,
        None,
        PrincipalEntry::Everyone,
        "*",
    )
}

/// The KMS operations another account's principals can be allowed on a key (KMS guide, "Allowing
/// users in other accounts to use a KMS key": the cryptographic operations, then `CreateGrant`,
/// `DescribeKey`, `GetKeyRotationStatus`, `GetPublicKey`, `ListGrants`, `RetireGrant`,
/// `RevokeGrant`). Lowercase and sorted, for binary search.
pub(super) const KMS_CROSS_ACCOUNT_ACTIONS: &[&str] = &[
    "kms:creategrant",
    "kms:decrypt",
    "kms:derivesharedsecret",
    "kms:describekey",
    "kms:encrypt",
    "kms:generatedatakey",
    "kms:generatedatakeypair",
    "kms:generatedatakeypairwithoutplaintext",
    "kms:generatedatakeywithoutplaintext",
    "kms:generatemac",
    "kms:getkeyrotationstatus",
    "kms:getpublickey",
    "kms:listgrants",
    "kms:reencryptfrom",
    "kms:reencryptto",
    "kms:retiregrant",
    "kms:revokegrant",
    "kms:sign",
    "kms:verify",
    "kms:verifymac",
];

#[cfg(test)]
mod api_tests {
    use super::execute_api_base;

    #[test]
    fn an_api_gateway_arn_names_its_api() {
        for (resource, base) in [
            (
                "arn:aws:execute-api:us-east-2:123456789012:aabbccddee/stage-name/GET/pets",
                Some("arn:aws:execute-api:us-east-2:123456789012:aabbccddee"),
            ),
            (
                "arn:aws-cn:execute-api:cn-north-1:123456789012:a1/*",
                Some("arn:aws-cn:execute-api:cn-north-1:123456789012:a1"),
            ),
            // a path with colons of its own
            (
                "arn:aws:execute-api:us-east-1:123456789012:a1/prod/GET/a:b",
                Some("arn:aws:execute-api:us-east-1:123456789012:a1"),
            ),
            (
                "arn:aws:execute-api:us-east-1:123456789012:a1",
                Some("arn:aws:execute-api:us-east-1:123456789012:a1"),
            ),
            // no one API: a wildcard, an empty field, another service, not an ARN
            ("arn:aws:execute-api:us-east-1:123456789012:*/prod", None),
            ("arn:aws:execute-api:*:123456789012:a1/prod", None),
            ("arn:aws:execute-api:us-east-1::a1/prod", None),
            ("arn:aws:execute-api:us-east-1:123456789012:/prod", None),
            ("arn:aws:s3:::amzn-s3-demo-bucket", None),
            ("execute-api:/*", None),
            ("*", None),
        ] {
            assert_eq!(execute_api_base(resource), base, "{resource}");
        }
    }
}
