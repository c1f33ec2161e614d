//! Rules about who a statement names together with what it lets them do: the `sts:AssumeRole…`
//! action each kind of principal calls, IAM Roles Anywhere's three actions, the claims an OIDC
//! provider's trust must test (GitHub's `sub` above all), role sessions named next to their role,
//! and the condition keys that do or do not fit a statement about service principals.

use std::collections::HashSet;

use super::principals::{identity_provider, Provider};
use super::*;

/// GitHub Actions' OIDC provider, whose `sub` claim names the repository.
const GITHUB: &str = "token.actions.githubusercontent.com";
/// The key that names the repository (and branch or environment) of a GitHub workflow's token.
const GITHUB_SUB: &str = "token.actions.githubusercontent.com:sub";
/// The service principal of IAM Roles Anywhere.
const ROLES_ANYWHERE: &str = "rolesanywhere.amazonaws.com";
/// The actions IAM Roles Anywhere calls on a role it assumes ("Trust model in IAM Roles
/// Anywhere"), lowercased, with their spelling for messages.
const ROLES_ANYWHERE_ACTIONS: &[(&str, &str)] = &[
    ("sts:assumerole", "sts:AssumeRole"),
    ("sts:setsourceidentity", "sts:SetSourceIdentity"),
    ("sts:tagsession", "sts:TagSession"),
];
/// The keys that tie a service principal's request to the account, resource or organization it
/// acts for (the confused deputy protection of the global condition keys page).
const SOURCE_KEYS: &[&str] = &[
    "aws:sourcearn",
    "aws:sourceaccount",
    "aws:sourceorgid",
    "aws:sourceorgpaths",
];
/// Organization keys of the calling principal: a service principal belongs to no organization, so
/// its requests never carry them.
const ORGANIZATION_KEYS: &[&str] = &["aws:principalorgid", "aws:principalorgpaths"];
/// Keys whose value the sender of the request chooses: they do not tie a service's request to the
/// resource it acts for, nor keep anyone out of a public resource.
const CALLER_SET_KEYS: &[&str] = &["aws:referer", "aws:useragent"];
/// Keys every caller can meet whoever they are (how or when the request is sent, the Region it
/// names): next to [`CALLER_SET_KEYS`], they do not make a public statement less public.
const ANY_CALLER_KEYS: &[&str] = &[
    "aws:securetransport",
    "aws:currenttime",
    "aws:epochtime",
    "aws:requestedregion",
];

/// The principals a statement's `Principal` names, as written, with their places.
struct Named<'j> {
    /// `"*"` or `{"AWS": "*"}` among them.
    everyone: bool,
    /// (principal type, value, span of the value).
    values: Vec<(&'j str, &'j str, Span)>,
}

fn named<'j>(member: &'j json::Member) -> Named<'j> {
    let mut out = Named {
        everyone: false,
        values: Vec::new(),
    };
    match &member.value.kind {
        JsonKind::String(s) => out.everyone = *s == "*",
        JsonKind::Object(members) => {
            for m in members.iter() {
                let items: Vec<&Json> = match &m.value.kind {
                    JsonKind::Array(items) => items.iter().collect(),
                    _ => vec![&m.value],
                };
                for item in items {
                    if let Some(v) = item.as_str() {
                        if m.key == "AWS" && v == "*" {
                            out.everyone = true;
                        }
                        out.values.push((m.key, v, item.span));
                    }
                }
            }
        }
        _ => {}
    }
    out
}

/// The strings of an `Action` element, with their places.
fn action_strings<'j>(member: &'j json::Member) -> Vec<(&'j str, Span)> {
    match &member.value.kind {
        JsonKind::String(s) => vec![(&**s, member.value.span)],
        JsonKind::Array(items) => items
            .iter()
            .filter_map(|i| i.as_str().map(|s| (s, i.span)))
            .collect(),
        _ => Vec::new(),
    }
}

/// Whether a `token.actions.githubusercontent.com:sub` pattern names its repository before any
/// wildcard: `repo:ORG/REPO:` written out in full.
fn names_github_repository(value: &str) -> bool {
    let literal = &value[..value.find(['*', '?']).unwrap_or(value.len())];
    let Some((repository, _)) = literal
        .strip_prefix("repo:")
        .and_then(|rest| rest.split_once(':'))
    else {
        return false;
    };
    matches!(repository.split_once('/'), Some((org, name)) if !org.is_empty() && !name.is_empty())
}

/// Whether a `token.actions.githubusercontent.com:sub` pattern names its organization before any
/// wildcard: `repo:ORG/` written out in full.
fn names_github_organization(value: &str) -> bool {
    let literal = &value[..value.find(['*', '?']).unwrap_or(value.len())];
    literal
        .strip_prefix("repo:")
        .and_then(|rest| rest.split_once('/'))
        .is_some_and(|(org, _)| !org.is_empty() && !org.contains(':'))
}

impl PolicyParser<'_> {
    /// The rules of one statement of a trust or resource-based policy about its principals and
    /// what they may do.
    pub(super) fn principal_statement_checks(
        &mut self,
        principal: Option<&json::Member>,
        action: Option<&json::Member>,
        effect: Option<Effect>,
        negated_action: bool,
        conditions: &[ConditionClause],
    ) {
        let Some(principal) = principal.filter(|m| m.key == "Principal") else {
            return;
        };
        let named = named(principal);
        if named.everyone && effect == Some(Effect::Allow) && self.kind == PolicyKind::Resource {
            self.public_caller_set_keys(conditions);
        }
        if named.everyone || named.values.is_empty() {
            return;
        }
        self.service_principal_keys(&named, conditions);
        if self.kind != PolicyKind::Trust {
            return;
        }
        self.redundant_sessions(&named);
        if effect != Some(Effect::Allow) {
            return;
        }
        if let Some(action) = action.filter(|_| !negated_action) {
            self.mismatched_actions(&named, action);
        }
        self.oidc_conditions(&named, conditions);
    }

    /// `MISMATCHED_ACTION_FOR_PRINCIPAL`: `sts:AssumeRole` is called by AWS principals and
    /// services, `sts:AssumeRoleWithSAML` by SAML providers, `sts:AssumeRoleWithWebIdentity` by
    /// OIDC providers. An action written out that no principal of the statement calls allows
    /// nothing. Statements naming a principal we cannot classify are left alone.
    fn mismatched_actions(&mut self, named: &Named, action: &json::Member) {
        let (mut aws, mut saml, mut oidc) = (false, false, false);
        for (kind, value, _) in &named.values {
            match *kind {
                "AWS" | "Service" => aws = true,
                "Federated" => match identity_provider(value) {
                    Some(Provider::Saml) => saml = true,
                    Some(Provider::Oidc(_)) => oidc = true,
                    None => return,
                },
                _ => return,
            }
        }
        for (text, span) in action_strings(action) {
            let lower = text.to_ascii_lowercase();
            let (callers, help) = match lower.as_str() {
                "sts:assumerole" if !aws => (
                    "aws accounts, users, roles and services",
                    "a saml provider calls `sts:AssumeRoleWithSAML` and an oidc provider `sts:AssumeRoleWithWebIdentity`: write the action the statement's providers call",
                ),
                "sts:assumerolewithsaml" if !saml => (
                    "saml providers",
                    "trust the provider as `\"Federated\": \"arn:aws:iam::ACCOUNT:saml-provider/NAME\"`, or write the action the statement's principals call: `sts:AssumeRole` for aws principals and services, `sts:AssumeRoleWithWebIdentity` for oidc providers",
                ),
                "sts:assumerolewithwebidentity" if !oidc => (
                    "oidc providers",
                    "trust the provider as `\"Federated\": \"arn:aws:iam::ACCOUNT:oidc-provider/HOST\"`, or write the action the statement's principals call: `sts:AssumeRole` for aws principals and services, `sts:AssumeRoleWithSAML` for saml providers",
                ),
                _ => continue,
            };
            self.report(
                Code::MISMATCHED_ACTION_FOR_PRINCIPAL,
                span,
                format!("`{text}` is called only by {callers}, and this statement names none"),
                Some(help.into()),
            );
        }
    }

    /// `MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL` and `MISSING_GITHUB_REPO_CONDITION_KEY`: an
    /// `Allow` that trusts an OIDC provider without testing its claims lets every token the
    /// provider issues assume the role, whoever it was issued to.
    fn oidc_conditions(&mut self, named: &Named, conditions: &[ConditionClause]) {
        // The providers whose claims the statement tests, lowercased (one set, so that many
        // providers and many conditions cost linear work).
        let tested: HashSet<&str> = conditions
            .iter()
            .filter_map(|c| c.key_lower.rsplit_once(':').map(|(prefix, _)| prefix))
            .collect();
        for (kind, value, span) in &named.values {
            if *kind != "Federated" {
                continue;
            }
            let Some(Provider::Oidc(host)) = identity_provider(value) else {
                continue;
            };
            if host.eq_ignore_ascii_case(GITHUB) {
                if !conditions.iter().any(|c| c.key_lower == GITHUB_SUB) {
                    self.report(Code::MISSING_GITHUB_REPO_CONDITION_KEY,
                        *span,
                        format!("this statement trusts `{value}` without a condition on `{GITHUB_SUB}`: a workflow of any repository, of any organization, can assume the role"),
                        Some(format!("add `\"StringEquals\": {{\"{GITHUB_SUB}\": \"repo:ORG/REPO:ref:refs/heads/BRANCH\"}}`, next to `{GITHUB}:aud` set to `sts.amazonaws.com`")),
                    );
                }
                continue;
            }
            if !tested.contains(host.to_ascii_lowercase().as_str()) {
                let claim = if host.eq_ignore_ascii_case("graph.facebook.com")
                    || host.eq_ignore_ascii_case("www.amazon.com")
                {
                    "app_id"
                } else {
                    "aud"
                };
                self.report(Code::MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL,
                    *span,
                    format!("this statement trusts `{value}` without a condition on its claims (`{host}:…`): a token the provider issued for any application can assume the role"),
                    Some(format!("add a condition on the provider's keys, for example `\"StringEquals\": {{\"{host}:{claim}\": \"AUDIENCE\"}}`")),
                );
            }
        }
    }

    /// `REDUNDANT_PRINCIPAL_IN_ROLE_TRUST_POLICY`: a role's ARN already names every session of
    /// the role, so its `assumed-role` sessions named beside it change nothing.
    fn redundant_sessions(&mut self, named: &Named) {
        let role_of = |v: &str| -> Option<(String, String, String)> {
            let (fields, count) = crate::text::bytes::split_fields::<6>(v, b':');
            let parts = fields.get(..count).unwrap_or_default();
            match parts {
                ["arn", partition, "iam", "", account, resource] => {
                    let name = resource.strip_prefix("role/")?.rsplit('/').next()?;
                    Some((partition.to_string(), account.to_string(), name.to_string()))
                }
                _ => None,
            }
        };
        let roles: HashSet<(String, String, String)> = named
            .values
            .iter()
            .filter(|(kind, _, _)| *kind == "AWS")
            .filter_map(|(_, v, _)| role_of(v))
            .collect();
        if roles.is_empty() {
            return;
        }
        for (kind, value, span) in &named.values {
            if *kind != "AWS" {
                continue;
            }
            let (fields, count) = crate::text::bytes::split_fields::<6>(value, b':');
            let parts = fields.get(..count).unwrap_or_default();
            let ["arn", partition, "sts", "", account, resource] = parts else {
                continue;
            };
            let Some((role, _session)) = resource
                .strip_prefix("assumed-role/")
                .and_then(|r| r.split_once('/'))
            else {
                continue;
            };
            let key = (partition.to_string(), account.to_string(), role.to_string());
            if roles.contains(&key) {
                self.report(Code::REDUNDANT_PRINCIPAL_IN_ROLE_TRUST_POLICY,
                    *span,
                    format!("`{value}` is a session of the role `{role}`, which this statement already names"),
                    Some("remove the session: naming the role admits every session of it".into()),
                );
            }
        }
    }

    /// `UNSUPPORTED_CONDITION_KEY_FOR_SERVICE_PRINCIPAL` and
    /// `RECOMMENDED_CONDITION_KEY_FOR_SERVICE_PRINCIPAL`, for statements whose principals are
    /// all services.
    fn service_principal_keys(&mut self, named: &Named, conditions: &[ConditionClause]) {
        if !named.values.iter().all(|(kind, _, _)| *kind == "Service") {
            return;
        }
        let service = named.values.first().map_or("", |(_, v, _)| *v);
        let has_source_key = conditions
            .iter()
            .any(|c| SOURCE_KEYS.contains(&c.key_lower.as_str()));
        for clause in conditions {
            let key = clause.key.as_str();
            if ORGANIZATION_KEYS.contains(&clause.key_lower.as_str()) {
                self.report(Code::UNSUPPORTED_CONDITION_KEY_FOR_SERVICE_PRINCIPAL,
                    clause.span,
                    format!("`{key}` is never in the request of a service principal, and this statement names only services (`{service}`)"),
                    Some("a service acting for you belongs to no organization: limit it with `aws:SourceAccount`, `aws:SourceArn`, `aws:SourceOrgID` or `aws:SourceOrgPaths`".into()),
                );
            } else if !has_source_key && CALLER_SET_KEYS.contains(&clause.key_lower.as_str()) {
                self.report(Code::RECOMMENDED_CONDITION_KEY_FOR_SERVICE_PRINCIPAL,
                    clause.span,
                    format!("`{key}` is set by whoever sends the request, so it does not tie `{service}` to the resources it acts for"),
                    Some("limit the service to requests made for your account, resource or organization with `aws:SourceAccount`, `aws:SourceArn`, `aws:SourceOrgID` or `aws:SourceOrgPaths`".into()),
                );
            }
        }
    }

    /// `PUBLIC_ACCESS_LIMITED_BY_CALLER_SET_KEY`, for an `Allow` of a resource-based policy that
    /// names everyone: its conditions test `aws:Referer` or `aws:UserAgent` and otherwise only
    /// keys any caller meets. AWS's condition keys page: anyone can send any `aws:Referer`, so it
    /// must not be used to keep unauthorized parties from making requests. Reported once, at the
    /// first such key.
    fn public_caller_set_keys(&mut self, conditions: &[ConditionClause]) {
        let is = |keys: &[&str], c: &ConditionClause| keys.contains(&c.key_lower.as_str());
        let Some(first) = conditions.iter().find(|c| is(CALLER_SET_KEYS, c)) else {
            return;
        };
        if !conditions
            .iter()
            .all(|c| is(CALLER_SET_KEYS, c) || is(ANY_CALLER_KEYS, c))
        {
            return;
        }
        let key = first.key.as_str();
        self.report(Code::PUBLIC_ACCESS_LIMITED_BY_CALLER_SET_KEY,
            first.span,
            format!("anyone can make these requests: `{key}` is a header the caller chooses, so it does not keep anyone out"),
            Some("it only stops other websites from linking to your content; to keep others out, name the principals allowed, or also test where requests come from or who sends them (`aws:SourceVpce`, `aws:SourceIp`, `aws:PrincipalOrgID`)".into()),
        );
    }

    /// `MISSING_ACTION_FOR_ROLES_ANYWHERE_TRUST_POLICY`: IAM Roles Anywhere assumes a role with
    /// `sts:AssumeRole`, `sts:SetSourceIdentity` and `sts:TagSession`; a trust policy that trusts
    /// `rolesanywhere.amazonaws.com` must allow all three (in any of its statements).
    pub(super) fn roles_anywhere_actions(&mut self, statements: &[Statement]) {
        let trusts = |st: &&Statement| {
            st.effect == Effect::Allow
                && st.principal.as_ref().is_some_and(|p| {
                    !p.negated
                        && p.entries.iter().any(|e| {
                            matches!(e, PrincipalEntry::Service(s) if s.eq_ignore_ascii_case(ROLES_ANYWHERE))
                        })
                })
        };
        let Some(first) = statements.iter().find(trusts) else {
            return;
        };
        let empty = crate::request::Context::default();
        let allows = |st: &Statement, action: &str| {
            let matched = st.action.patterns.iter().any(|t| {
                t.tokens(&empty, true)
                    .is_some_and(|tokens| policy_playground_text::glob_match(&tokens, action))
            });
            matched != st.action.negated
        };
        let missing: Vec<&str> = ROLES_ANYWHERE_ACTIONS
            .iter()
            .filter(|(lower, _)| !statements.iter().filter(trusts).any(|st| allows(st, lower)))
            .map(|(_, written)| *written)
            .collect();
        if missing.is_empty() {
            return;
        }
        let list: Vec<String> = missing.iter().map(|a| format!("`{a}`")).collect();
        self.report(Code::MISSING_ACTION_FOR_ROLES_ANYWHERE_TRUST_POLICY,
            first.action.span,
            format!("iam roles anywhere assumes a role with `sts:AssumeRole`, `sts:SetSourceIdentity` and `sts:TagSession`, and this trust policy does not allow {} to `{ROLES_ANYWHERE}`", list.join(", ")),
            Some(format!("add {} to the `Action` of the statement that trusts `{ROLES_ANYWHERE}`", list.join(", "))),
        );
    }
}

impl PolicyParser<'_> {
    /// `SPECIFIC_GITHUB_REPO_AND_BRANCH_RECOMMENDED` and `CONFIRM_AUDIENCE_CLAIM_TYPE`: warnings
    /// about one condition clause of a trust policy.
    pub(super) fn trust_condition_warnings(
        &mut self,
        clause: &ConditionClause,
        raw: &[(String, Span)],
        effect: Option<Effect>,
    ) {
        let operator = &clause.operator;
        if clause.key_lower == GITHUB_SUB
            && effect == Some(Effect::Allow)
            && operator.family == OperatorFamily::String
            && operator.uses_wildcards()
            && !operator.negated
        {
            for (v, span) in raw {
                if v.contains(['*', '?']) && !names_github_repository(v) {
                    let covers = if names_github_organization(v) {
                        "every repository of the organization, present and future, and each of their branches: any of their workflows can assume the role"
                    } else {
                        "the organization: workflows of repositories you do not control can assume the role"
                    };
                    self.report(Code::SPECIFIC_GITHUB_REPO_AND_BRANCH_RECOMMENDED,
                        *span,
                        format!("the wildcard in `{v}` covers {covers}"),
                        Some(format!("name the repository and branch, `repo:ORG/REPO:ref:refs/heads/BRANCH` (for an environment, `repo:ORG/REPO:environment:NAME` with the branch in `{GITHUB}:ref`)")),
                    );
                }
            }
        }
        let audience = clause
            .key_lower
            .strip_suffix(":aud")
            .is_some_and(|provider| provider.contains('.'));
        if audience && operator.set.is_some() {
            self.report(Code::CONFIRM_AUDIENCE_CLAIM_TYPE,
                clause.span,
                format!("`{}` is the audience of the provider's token, usually a single value, but `{}` treats it as a set", clause.key, clause.operator_text),
                Some(format!("if the provider issues one audience per token, write `{}` without the qualifier; keep the qualifier only for a provider whose `aud` claim is a list", operator.base_name())),
            );
        }
    }
}
