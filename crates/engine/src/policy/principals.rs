//! `Principal` and `NotPrincipal`: reading them, and the rules of each policy kind about them
//! (required or forbidden, `NotPrincipal` only with `Deny` and never in trust policies, RCPs
//! name `*` only, unique ids instead of ARNs, `Federated` only in trust policies and only as an
//! identity provider).

use super::*;
use crate::values::is_account_id;

const PRINCIPAL_TYPES: &[&str; 4] = &["AWS", "Service", "Federated", "CanonicalUser"];

impl PolicyParser<'_> {
    pub(super) fn principal_element(
        &mut self,
        head: Span,
        plain: Option<&json::Member>,
        negated: Option<&json::Member>,
        effect: Option<Effect>,
    ) -> Option<PrincipalElement> {
        let kind = self.kind;
        if !kind.has_principals() {
            for m in [plain, negated].into_iter().flatten() {
                self.report(
                    Code::UNSUPPORTED_PRINCIPAL,
                    m.key_span,
                    format!("`{}` is not allowed in {}", m.key, kind.describe()),
                    Some(format!(
                        "{} applies to whoever it is attached to: remove `{}`",
                        kind.describe(),
                        m.key
                    )),
                );
            }
            return None;
        }
        let (member, is_negated) = match (plain, negated) {
            (Some(_), Some(n)) => {
                self.report(
                    Code::UNSUPPORTED_ELEMENT_COMBINATION,
                    n.key_span,
                    "a statement cannot have both `Principal` and `NotPrincipal`".into(),
                    Some("keep one of them".into()),
                );
                return None;
            }
            (Some(p), None) => (p, false),
            (None, Some(n)) => (n, true),
            (None, None) => {
                self.report(Code::MISSING_PRINCIPAL,
                    head,
                    format!("this statement has no `Principal`, which {} requires", kind.describe()),
                    Some("add `\"Principal\": \"*\"` to cover every caller, or name principals with `{\"AWS\": \"arn:aws:iam::111122223333:root\"}`".into()),
                );
                return None;
            }
        };
        if is_negated && kind == PolicyKind::Trust {
            self.report(Code::ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL,
                member.key_span,
                "a role trust policy cannot use `NotPrincipal`".into(),
                Some("iam accepts `NotPrincipal` in neither identity policies nor role trust policies (\"AWS JSON policy elements: NotPrincipal\"): name who may assume the role in `Principal`".into()),
            );
            return None;
        }
        if is_negated && effect == Some(Effect::Allow) {
            self.report(Code::ALLOW_WITH_NOT_PRINCIPAL,
                member.key_span,
                "`NotPrincipal` cannot be used with `Allow`".into(),
                Some("aws supports `NotPrincipal` only with `\"Effect\": \"Deny\"`; to allow some principals, name them in `Principal`".into()),
            );
        }
        let element = if is_negated {
            "NotPrincipal"
        } else {
            "Principal"
        };
        let value = &member.value;
        let mut entries = Vec::new();
        match &value.kind {
            JsonKind::String(s) if *s == "*" => entries.push(PrincipalEntry::Everyone),
            JsonKind::String(s) => {
                self.report(
                    Code::INVALID_PRINCIPAL_FORMAT,
                    value.span,
                    format!("`{element}` must be `\"*\"` or an object, found the string `{s}`"),
                    Some(format!("write `\"{element}\": {{\"AWS\": \"{s}\"}}`")),
                );
                return None;
            }
            JsonKind::Object(members) => {
                self.check_members(
                    members,
                    PRINCIPAL_TYPES,
                    &format!("`{element}`"),
                    "principal type",
                    Code::INVALID_PRINCIPAL_KEY,
                );
                for m in members.iter() {
                    if !PRINCIPAL_TYPES.contains(&m.key) {
                        continue;
                    }
                    if m.key == "Federated" && kind == PolicyKind::Resource {
                        // "Identity policies and other resource-based policies don't support a
                        // federated identity provider in the Principal element" (Access Analyzer,
                        // "Federated principal not supported").
                        self.report(Code::FEDERATED_PRINCIPAL_NOT_SUPPORTED,
                            m.key_span,
                            "a resource-based policy cannot name a `Federated` identity provider".into(),
                            Some("only role trust policies take `Federated` principals: trust the provider in a role, and name that role (`arn:aws:iam::ACCOUNT:role/NAME`) or its sessions under `AWS` here".into()),
                        );
                    }
                    let Some(values) = self.string_list(&m.value, &format!("{element}.{}", m.key))
                    else {
                        continue;
                    };
                    for (v, span) in values {
                        if self.variable_in_element(v, span, element) {
                            continue;
                        }
                        if let Some(entry) = self.principal_entry(m.key, v, span) {
                            entries.push(entry);
                        }
                    }
                }
                if members.is_empty() {
                    self.report(
                        Code::EMPTY_OBJECT_PRINCIPAL,
                        value.span,
                        format!("`{element}` names no principal"),
                        Some("add `\"AWS\": [...]`, `\"Service\": [...]` or use `\"*\"`".into()),
                    );
                }
            }
            _ => {
                self.report(
                    Code::DATA_TYPE_MISMATCH,
                    value.span,
                    format!(
                        "`{element}` must be `\"*\"` or an object, found {}",
                        value.type_name()
                    ),
                    None,
                );
                return None;
            }
        }
        if kind == PolicyKind::Rcp {
            if is_negated {
                self.report(Code::RCP_SYNTAX_ERROR_PRINCIPAL,
                    member.key_span,
                    "resource control policies do not support `NotPrincipal`".into(),
                    Some("use `\"Principal\": \"*\"` and exclude principals with a condition on `aws:PrincipalArn` or `aws:PrincipalOrgID`".into()),
                );
                return None;
            }
            if entries != [PrincipalEntry::Everyone] {
                self.report(Code::RCP_SYNTAX_ERROR_PRINCIPAL,
                    value.span,
                    "the `Principal` of a resource control policy must be `\"*\"`".into(),
                    Some("rcps apply to every caller: narrow them with conditions such as `aws:PrincipalOrgID` or `aws:PrincipalAccount`".into()),
                );
                return None;
            }
        }
        Some(PrincipalElement {
            negated: is_negated,
            entries,
            span: value.span,
        })
    }

    pub(super) fn principal_entry(
        &mut self,
        principal_type: &str,
        v: &str,
        span: Span,
    ) -> Option<PrincipalEntry> {
        match principal_type {
            "AWS" => {
                if v == "*" {
                    return Some(PrincipalEntry::Everyone);
                }
                if is_account_id(v) {
                    return Some(PrincipalEntry::Account(v.to_string()));
                }
                if let Some((code, what, arn)) = unique_id_reference(v) {
                    self.report(code,
                        span,
                        format!("`{v}` is the unique id of an iam {what}, not its arn"),
                        Some(format!("name the {what} by its arn, `{arn}`: iam stores such an arn as the id of the {what} that exists then, so a {what} deleted and created again under the same name gets a new id that this policy does not name")),
                    );
                    return None;
                }
                if v.contains('*') || v.contains('?') {
                    self.report(Code::UNSUPPORTED_WILDCARD_IN_PRINCIPAL,
                        span,
                        format!("wildcards are not allowed in principal `{v}`"),
                        Some("`*` works only alone (`\"AWS\": \"*\"`); to match principals by pattern use `\"Principal\": \"*\"` with an `ArnLike` condition on `aws:PrincipalArn`".into()),
                    );
                    return None;
                }
                let (fields, count) = crate::text::bytes::split_fields::<6>(v, b':');
                let parts = fields.get(..count).unwrap_or_default();
                match parts {
                    ["arn", _, "iam", "", account, "root"] if is_account_id(account) => {
                        Some(PrincipalEntry::Account(account.to_string()))
                    }
                    ["arn", _, "iam" | "sts", "", account, resource]
                        if is_account_id(account) && !resource.is_empty() =>
                    {
                        Some(PrincipalEntry::Arn(v.to_string()))
                    }
                    _ => {
                        self.report(Code::INVALID_PRINCIPAL_FORMAT,
                            span,
                            format!("`{v}` is not a valid aws principal"),
                            Some("use a 12-digit account id, `arn:aws:iam::ACCOUNT:root`, a user or role arn, or `*`".into()),
                        );
                        None
                    }
                }
            }
            "Service" => Some(PrincipalEntry::Service(v.to_string())),
            "Federated" => {
                if self.kind == PolicyKind::Trust && v != "*" && identity_provider(v).is_none() {
                    self.report(Code::INVALID_FEDERATED_PRINCIPAL_SYNTAX_IN_ROLE_TRUST_POLICY,
                        span,
                        format!("`{v}` is not an identity provider a role can trust"),
                        Some("a `Federated` principal is a provider's arn, `arn:aws:iam::ACCOUNT:saml-provider/NAME` or `arn:aws:iam::ACCOUNT:oidc-provider/HOST`, or one of `cognito-identity.amazonaws.com`, `accounts.google.com`, `graph.facebook.com` and `www.amazon.com`".into()),
                    );
                    return None;
                }
                Some(PrincipalEntry::Federated(v.to_string()))
            }
            _ => Some(PrincipalEntry::CanonicalUser(v.to_string())),
        }
    }
}

/// The code, the kind of identity and an ARN to write instead, when `v` is the unique id of an
/// IAM role (`AROA…`) or user (`AIDA…`): upper-case letters and digits, 16 to 128 of them ("IAM
/// identifiers", unique IDs).
fn unique_id_reference(v: &str) -> Option<(Code, &'static str, &'static str)> {
    let found = if v.starts_with("AROA") {
        (
            Code::INVALID_ROLE_REFERENCE,
            "role",
            "arn:aws:iam::ACCOUNT:role/NAME",
        )
    } else if v.starts_with("AIDA") {
        (
            Code::INVALID_USER_REFERENCE,
            "user",
            "arn:aws:iam::ACCOUNT:user/NAME",
        )
    } else {
        return None;
    };
    let id_like = (16..=128).contains(&v.len())
        && v.bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
    id_like.then_some(found)
}

/// The web identity providers a trust policy names by domain rather than by provider ARN.
const WEB_IDENTITY_PROVIDERS: &[&str] = &[
    "cognito-identity.amazonaws.com",
    "accounts.google.com",
    "graph.facebook.com",
    "www.amazon.com",
];

/// What a `Federated` principal of a trust policy names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Provider<'a> {
    /// A SAML provider (`arn:aws:iam::ACCOUNT:saml-provider/NAME`), for
    /// `sts:AssumeRoleWithSAML`.
    Saml,
    /// An OIDC provider, for `sts:AssumeRoleWithWebIdentity`: the prefix of its claims' condition
    /// keys (`token.actions.githubusercontent.com`, `accounts.google.com`, ...).
    Oidc(&'a str),
}

/// The provider a `Federated` value names, or `None` when it is none of the forms a role trust
/// policy accepts.
pub(super) fn identity_provider(v: &str) -> Option<Provider<'_>> {
    if WEB_IDENTITY_PROVIDERS
        .iter()
        .any(|p| p.eq_ignore_ascii_case(v))
    {
        return Some(Provider::Oidc(v));
    }
    let (fields, count) = crate::text::bytes::split_fields::<6>(v, b':');
    let parts = fields.get(..count).unwrap_or_default();
    match parts {
        ["arn", partition, "iam", "", account, resource]
            if partition.starts_with("aws") && is_account_id(account) =>
        {
            if let Some(name) = resource.strip_prefix("saml-provider/") {
                (!name.is_empty()).then_some(Provider::Saml)
            } else if let Some(host) = resource.strip_prefix("oidc-provider/") {
                (!host.is_empty()).then_some(Provider::Oidc(host))
            } else {
                None
            }
        }
        _ => None,
    }
}

/// The keys that may name the source of a service's request (lowercase): `aws:SourceArn`,
/// `aws:SourceAccount`, `aws:SourceOrgID`, `aws:SourceOrgPaths`, and, to stay on the safe side,
/// any key that names a source, an ARN or an account (KMS's
/// `kms:EncryptionContext:aws:cloudtrail:arn` limits CloudTrail to named trails).
pub(super) fn is_source_key(key_lower: &str) -> bool {
    use crate::text::bytes::contains;
    contains(key_lower, "source") || contains(key_lower, "arn") || contains(key_lower, "account")
}

impl PolicyParser<'_> {
    /// "Restrict access to service principal": a resource-based policy that allows a service
    /// principal without naming the source (`aws:SourceArn`, `aws:SourceAccount`, or the
    /// source's organization) lets the service reach the resource for any of its customers.
    pub(super) fn check_service_principal_source(&mut self, st: &Statement, item: Option<&Json>) {
        if self.kind != PolicyKind::Resource || st.effect != Effect::Allow {
            return;
        }
        let Some(principal) = &st.principal else {
            return;
        };
        if principal.negated {
            return;
        }
        let Some(service) = principal.entries.iter().find_map(|e| match e {
            PrincipalEntry::Service(s) => Some(s),
            _ => None,
        }) else {
            return;
        };
        if st.conditions.iter().any(|c| is_source_key(&c.key_lower)) {
            return;
        }
        // The service's own string when it can be found, else the whole `Principal` value.
        let span = item
            .and_then(|i| i.get("Principal"))
            .and_then(|p| p.get("Service"))
            .and_then(|v| match &v.kind {
                JsonKind::String(s) if *s == service.as_str() => Some(v.span),
                JsonKind::Array(items) => items
                    .iter()
                    .find(|i| i.as_str() == Some(service.as_str()))
                    .map(|i| i.span),
                _ => None,
            })
            .unwrap_or(principal.span);
        self.report(Code::RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL,
            span,
            format!("this statement allows the service principal `{service}` without naming the source: the service could reach this resource for any of its customers"),
            Some("add a condition on `aws:SourceArn` (the resource acting through the service) or `aws:SourceAccount` (your account)".into()),
        );
    }
}
