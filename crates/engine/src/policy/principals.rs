//! `Principal` and `NotPrincipal`: reading them, and the rules of each policy kind about them
//! (required or forbidden, `NotPrincipal` only with `Deny` and never in trust policies, RCPs
//! name `*` only).

use super::*;
use crate::values::is_account_id;

const PRINCIPAL_TYPES: &[&str] = &["AWS", "Service", "Federated", "CanonicalUser"];

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
            JsonKind::String(s) if s == "*" => entries.push(PrincipalEntry::Everyone),
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
                for m in members {
                    if !PRINCIPAL_TYPES.contains(&&*m.key) {
                        continue;
                    }
                    let Some(values) = self.string_list(&m.value, &format!("{element}.{}", m.key))
                    else {
                        continue;
                    };
                    for (v, span) in values {
                        if let Some(entry) = self.principal_entry(&m.key, &v, span) {
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
                if v.contains('*') || v.contains('?') {
                    self.report(Code::UNSUPPORTED_WILDCARD_IN_PRINCIPAL,
                        span,
                        format!("wildcards are not allowed in principal `{v}`"),
                        Some("`*` works only alone (`\"AWS\": \"*\"`); to match principals by pattern use `\"Principal\": \"*\"` with an `ArnLike` condition on `aws:PrincipalArn`".into()),
                    );
                    return None;
                }
                let parts: Vec<&str> = v.splitn(6, ':').collect();
                match parts.as_slice() {
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
            "Federated" => Some(PrincipalEntry::Federated(v.to_string())),
            _ => Some(PrincipalEntry::CanonicalUser(v.to_string())),
        }
    }
}

/// The keys that may name the source of a service's request (lowercase): `aws:SourceArn`,
/// `aws:SourceAccount`, `aws:SourceOrgID`, `aws:SourceOrgPaths`, and, to stay on the safe side,
/// any key that names a source, an ARN or an account (KMS's
/// `kms:EncryptionContext:aws:cloudtrail:arn` limits CloudTrail to named trails).
pub(super) fn is_source_key(key_lower: &str) -> bool {
    key_lower.contains("source") || key_lower.contains("arn") || key_lower.contains("account")
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
                JsonKind::String(s) if s.as_ref() == service.as_str() => Some(v.span),
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
