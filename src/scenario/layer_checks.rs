//! Checks across the layers of one scenario: what a policy says, made moot by where it sits
//! (the endpoint's type and service) or by another layer (an SCP's unconditional `Deny`, a
//! permissions boundary). No single policy text shows these; the scenario knows the endpoint's
//! type and service, each principal's account, SCPs and boundary. They are warnings of the
//! editors like the parser's, listed by [`Workspace::diagnostics`], so the page, `validate` on a
//! scenario file and the JavaScript API show them alike.
//!
//! - `GATEWAY_ENDPOINT_ACCOUNT_PRINCIPAL`: an account as the principal of a gateway endpoint
//!   policy matches that account's root user only.
//! - `ENDPOINT_STATEMENT_FOR_OTHER_SERVICE`: a statement of an endpoint policy whose actions are
//!   all of services the endpoint does not serve never applies.
//! - `STATEMENT_DENIED_BY_ANOTHER_LAYER`: an identity policy's `Allow` whose every action an
//!   SCP of the principal's account denies unconditionally, or its permissions boundary allows
//!   none of.
//!
//! Every test is sound rather than complete: a statement is reported only when its patterns are
//! covered for sure (the same action, or a deny pattern `prefix*` over a pattern that starts
//! with `prefix`); conditions, variables and `NotAction` in the statement keep it quiet.

use super::{endpoint_service_prefix, Editor, EditorDiagnostic, Workspace};
use crate::catalog::catalog;
use crate::engine::pattern::{Template, Token};
use crate::engine::policy::{PrincipalEntry, Statement};
use crate::engine::{
    Code, Context, Diagnostic, Effect, LineIndex, ParsedPolicy, Principal, PrincipalKind,
};

/// At most this many findings across the layers (each names a statement; a scenario with more
/// has bigger problems to show first).
const MAX_LAYER_FINDINGS: usize = 50;

impl Workspace {
    /// The findings of the checks across layers, located in their editors.
    pub fn layer_findings(&self) -> Vec<EditorDiagnostic> {
        let mut found: Vec<(Editor, Diagnostic)> = Vec::new();
        self.endpoint_findings(&mut found);
        self.denied_statement_findings(&mut found);
        found.truncate(MAX_LAYER_FINDINGS);
        found
            .into_iter()
            .filter_map(|(editor, d)| {
                let text = self.text(editor)?;
                let located = d.locate(self.editor_place(editor), &LineIndex::new(text));
                Some(EditorDiagnostic {
                    editor,
                    span: d.span,
                    located,
                    fix: None,
                })
            })
            .collect()
    }

    /// The endpoint policies' statements read with the endpoint's type and service.
    fn endpoint_findings(&self, out: &mut Vec<(Editor, Diagnostic)>) {
        for (i, endpoint) in self.scenario.endpoints.iter().enumerate() {
            let editor = Editor::Endpoint(i);
            let Some(parsed) = self.parsed(editor).filter(|p| !p.has_errors()) else {
                continue;
            };
            let gateway = endpoint.endpoint_type.eq_ignore_ascii_case("gateway");
            // Only a service the catalog knows: an unknown name serves what we cannot tell.
            let serves = endpoint_service_prefix(&endpoint.service)
                .filter(|p| catalog().service(p).is_some())
                .map(str::to_ascii_lowercase);
            for st in &parsed.policy.statements {
                if gateway {
                    if let Some(p) = st.principal.as_ref().filter(|p| {
                        p.entries
                            .iter()
                            .any(|e| matches!(e, PrincipalEntry::Account(_)))
                    }) {
                        let account = p.entries.iter().find_map(|e| match e {
                            PrincipalEntry::Account(a) => Some(a.as_str()),
                            _ => None,
                        });
                        out.push((editor, Diagnostic::new(
                            Code::GATEWAY_ENDPOINT_ACCOUNT_PRINCIPAL,
                            p.span,
                            format!("in a gateway endpoint policy, account `{}` as the principal means its root user only: its users and roles do not match", account.unwrap_or("?")),
                        ).with_help("to admit the account's principals, write `\"Principal\": \"*\"` with a condition on `aws:PrincipalAccount` (or `aws:PrincipalArn`)")));
                    }
                }
                if let Some(prefix) = &serves {
                    if let Some(others) = other_services(st, prefix) {
                        out.push((editor, Diagnostic::new(
                            Code::ENDPOINT_STATEMENT_FOR_OTHER_SERVICE,
                            st.action.span,
                            format!("this endpoint serves `{prefix}`, but this statement names only actions of {others}: no request through the endpoint is one of them, so it never applies"),
                        ).with_help(format!("name `{prefix}:` actions, or move the statement to the endpoint of {others}"))));
                    }
                }
            }
        }
    }

    /// Identity policies' `Allow` statements that another layer denies whatever the request.
    fn denied_statement_findings(&self, out: &mut Vec<(Editor, Diagnostic)>) {
        for (index, slot) in self.slots.iter().enumerate() {
            let Some(doc) = self.scenario.principals.get(index) else {
                continue;
            };
            let Ok(principal) = Principal::parse(&doc.arn) else {
                continue;
            };
            let scps = self.applying_scps(index, &principal);
            let boundary = slot
                .boundary
                .as_ref()
                .filter(|b| !b.has_errors() && principal.is_iam())
                .filter(|_| !matches!(principal.kind, PrincipalKind::Root));
            if scps.is_empty() && boundary.is_none() {
                continue;
            }
            for policy in &slot.policies {
                let editor = Editor::Identity(slot.id, policy.id);
                if policy.parsed.has_errors() {
                    continue;
                }
                for st in &policy.parsed.policy.statements {
                    if st.effect != Effect::Allow
                        || st.action.negated
                        || st.action.patterns.is_empty()
                    {
                        continue;
                    }
                    let by_scp = scps.iter().find(|(_, scp)| {
                        st.action
                            .patterns
                            .iter()
                            .all(|p| unconditionally_denied(scp, p))
                    });
                    let why = if let Some((scp_editor, _)) = by_scp {
                        format!(
                            "{} denies them all, whatever the request",
                            self.editor_name(*scp_editor)
                        )
                    } else if boundary.is_some_and(|b| {
                        st.action.patterns.iter().all(|p| !boundary_may_allow(b, p))
                    }) {
                        format!(
                            "the permissions boundary of `{}` allows none of them",
                            doc.name
                        )
                    } else {
                        continue;
                    };
                    out.push((
                        editor,
                        Diagnostic::new(
                            Code::STATEMENT_DENIED_BY_ANOTHER_LAYER,
                            st.action.span,
                            format!(
                                "this statement can never grant its actions to `{}`: {why}",
                                doc.name
                            ),
                        )
                        .with_help("remove the statement, or change the policy that denies it"),
                    ));
                }
            }
        }
    }

    /// The SCPs that apply to principal `index` (an IAM identity of a member account of the
    /// organization, not a service-linked role), each with its editor.
    fn applying_scps(&self, index: usize, principal: &Principal) -> Vec<(Editor, &ParsedPolicy)> {
        let service_linked = match &principal.kind {
            PrincipalKind::Role { name: role } | PrincipalKind::RoleSession { role, .. } => {
                role.starts_with("AWSServiceRoleFor")
            }
            _ => false,
        };
        if !principal.is_iam() || service_linked {
            return Vec::new();
        }
        let Some(levels) = self
            .principal_account(index)
            .and_then(|a| self.scenario.org_levels(&a))
        else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for level in levels {
            let count = self
                .scenario
                .level_policies(level, true)
                .map_or(0, Vec::len);
            for i in 0..count {
                let editor = Editor::Scp(level, i);
                if let Some(parsed) = self.parsed(editor).filter(|p| !p.has_errors()) {
                    out.push((editor, parsed));
                }
            }
        }
        out
    }
}

/// The services other than `prefix` that every action pattern of `st` belongs to, in words
/// (`` `s3` `` or `` `s3` and `sqs` ``), when every pattern names a service without a wildcard
/// and none is `prefix`; `None` when the statement may apply to the endpoint's requests
/// (`NotAction`, `*`, a wildcard in the service, an action of its service).
fn other_services(st: &Statement, prefix: &str) -> Option<String> {
    if st.action.negated {
        return None;
    }
    let mut services: Vec<String> = Vec::new();
    for p in st.action.patterns.iter() {
        let service = service_of(p)?;
        if service == prefix {
            return None;
        }
        if !services.contains(&service) {
            services.push(service);
        }
    }
    if services.is_empty() {
        return None;
    }
    let quoted: Vec<String> = services.iter().map(|s| format!("`{s}`")).collect();
    Some(match quoted.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    })
}

/// The service prefix of an action pattern (lowercase), when it is written without wildcards
/// or variables before the colon.
fn service_of(pattern: &Template) -> Option<String> {
    let tokens = pattern.tokens(&Context::default(), true)?;
    match tokens.first() {
        Some(Token::Text(t)) => t.split_once(':').map(|(s, _)| s.to_string()),
        _ => None,
    }
}

/// True when `action` (a pattern of an `Allow`) is denied by `scp` whatever the request: a
/// `Deny` statement without conditions, on every resource, whose actions cover it.
fn unconditionally_denied(scp: &ParsedPolicy, action: &Template) -> bool {
    scp.policy.statements.iter().any(|st| {
        st.effect == Effect::Deny
            && st.conditions.is_empty()
            && !st.resource.negated
            && st.resource.patterns.iter().any(Template::is_match_all)
            && !st.action.negated
            && st.action.patterns.iter().any(|d| covers(d, action))
    })
}

/// True when `boundary` may allow some action of `action`'s: one of its `Allow` statements
/// (whatever its conditions and resources) names an action pattern that can meet it. Two
/// patterns cannot meet when one is literal and the other does not match it, or when both
/// name their service without wildcards and the services differ; every other answer is "may"
/// (`NotAction`, variables, wildcards in a service).
fn boundary_may_allow(boundary: &ParsedPolicy, action: &Template) -> bool {
    let empty = Context::default();
    let meet = |allowed: &Template| {
        let Some(tokens) = allowed.tokens(&empty, true) else {
            return true;
        };
        if let Some(literal) = action.fixed_text() {
            return policy_playground_text::glob_match(&tokens, literal);
        }
        if let Some(literal) = allowed.fixed_text() {
            return action
                .tokens(&empty, true)
                .is_none_or(|t| policy_playground_text::glob_match(&t, literal));
        }
        match (service_of(allowed), service_of(action)) {
            (Some(a), Some(b)) => a == b,
            _ => true,
        }
    };
    boundary
        .policy
        .statements
        .iter()
        .filter(|st| st.effect == Effect::Allow)
        .any(|st| st.action.negated || st.action.patterns.iter().any(meet))
}

/// True when every action `pattern` matches, `deny` matches too (sound, not complete): `deny`
/// is `*`; or `pattern` is literal and `deny` matches it; or `deny` is `prefix*` and `pattern`
/// starts with `prefix` as literal text.
fn covers(deny: &Template, pattern: &Template) -> bool {
    if deny.is_match_all() {
        return true;
    }
    let empty = Context::default();
    let (Some(d), Some(p)) = (deny.tokens(&empty, true), pattern.tokens(&empty, true)) else {
        return false;
    };
    if let Some(literal) = pattern.fixed_text() {
        return policy_playground_text::glob_match(&d, literal);
    }
    match (&*d, p.first()) {
        ([Token::Text(prefix), Token::AnyRun], Some(Token::Text(start))) => {
            start.starts_with(prefix.as_str())
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::super::document::{AccountDoc, OrganizationDoc, PolicyDoc};
    use super::super::{presets, Scenario, Workspace};
    use crate::engine::Code;

    fn seed() -> Scenario {
        presets::preset("sagemaker-api-exam")
            .expect("preset")
            .scenario
    }

    fn codes(ws: &Workspace) -> Vec<(Code, String)> {
        ws.layer_findings()
            .into_iter()
            .map(|d| (d.code, d.message.clone()))
            .collect()
    }

    /// The seed scenario with its endpoint made `endpoint_type` for `service`, its policy `policy`.
    fn with_endpoint(endpoint_type: &str, service: &str, policy: &str) -> Workspace {
        let mut s = seed();
        s.endpoints[0].endpoint_type = endpoint_type.into();
        s.endpoints[0].service = service.into();
        s.endpoints[0].policy = policy.into();
        Workspace::new(s)
    }

    #[test]
    fn an_account_principal_of_a_gateway_endpoint_policy_is_its_root_user_only() {
        let account = r#"{"Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"s3:*","Resource":"*"}]}"#;
        let ws = with_endpoint("Gateway", "com.amazonaws.us-east-1.s3", account);
        let found = codes(&ws);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, Code::GATEWAY_ENDPOINT_ACCOUNT_PRINCIPAL);
        assert!(found[0].1.contains("`111122223333`"), "{}", found[0].1);
        let d = &ws.layer_findings()[0];
        assert_eq!((d.line, d.column), (1, 45));
        // The same policy on an interface endpoint admits the whole account: nothing to say.
        assert!(codes(&with_endpoint(
            "Interface",
            "com.amazonaws.us-east-1.s3",
            account
        ))
        .is_empty());
        // Everyone, narrowed by a condition: the documented way.
        let star = r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalAccount":"111122223333"}}}]}"#;
        assert!(codes(&with_endpoint(
            "Gateway",
            "com.amazonaws.us-east-1.s3",
            star
        ))
        .is_empty());
    }

    #[test]
    fn a_statement_for_another_service_never_applies_to_the_endpoint() {
        let s3 = r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":["s3:GetObject","s3:PutObject"],"Resource":"*"}]}"#;
        let ws = with_endpoint("Interface", "com.amazonaws.us-east-1.sagemaker.api", s3);
        let found = codes(&ws);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, Code::ENDPOINT_STATEMENT_FOR_OTHER_SERVICE);
        assert!(found[0].1.contains("serves `sagemaker`"), "{}", found[0].1);
        assert!(found[0].1.contains("of `s3`"), "{}", found[0].1);
        // Quiet: its own service, every action, a wildcard service, NotAction, an unknown
        // endpoint service, and a mixed list that names one of its actions.
        for (service, policy) in [
            ("com.amazonaws.us-east-1.s3", s3),
            (
                "com.amazonaws.us-east-1.sagemaker.api",
                r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}"#,
            ),
            (
                "com.amazonaws.us-east-1.sagemaker.api",
                r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s*:Get*","Resource":"*"}]}"#,
            ),
            (
                "com.amazonaws.us-east-1.sagemaker.api",
                r#"{"Statement":[{"Effect":"Deny","Principal":"*","NotAction":"s3:*","Resource":"*"}]}"#,
            ),
            ("com.amazonaws.us-east-1.no-such-service", s3),
            (
                "com.amazonaws.us-east-1.sagemaker.api",
                r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":["s3:GetObject","sagemaker:ListModels"],"Resource":"*"}]}"#,
            ),
        ] {
            assert!(
                codes(&with_endpoint("Interface", service, policy)).is_empty(),
                "{service} {policy}"
            );
        }
        // SageMaker's runtime endpoint serves `sagemaker` actions too.
        let runtime = r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"sagemaker:InvokeEndpoint","Resource":"*"}]}"#;
        assert!(codes(&with_endpoint(
            "Interface",
            "com.amazonaws.us-east-1.sagemaker.runtime",
            runtime
        ))
        .is_empty());
    }

    /// The seed scenario in an organization whose root SCPs are `scps`; `specific-user`'s
    /// account is a member.
    fn in_organization(scps: &[&str]) -> Workspace {
        let mut s = seed();
        s.organization = Some(OrganizationDoc {
            scps: scps
                .iter()
                .enumerate()
                .map(|(i, t)| PolicyDoc {
                    name: format!("scp{i}"),
                    text: (*t).to_string(),
                })
                .collect(),
            ..Default::default()
        });
        s.accounts = vec![AccountDoc {
            id: "111122223333".into(),
            name: "workloads".into(),
            scps: vec![PolicyDoc {
                name: "FullAWSAccess".into(),
                text: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#.into(),
            }],
            ..Default::default()
        }];
        Workspace::new(s)
    }

    const FULL: &str =
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#;

    #[test]
    fn an_allow_that_an_scp_denies_unconditionally_is_reported_on_every_principal_it_reaches() {
        let deny = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"sagemaker:*","Resource":"*"}]}"#;
        let ws = in_organization(&[FULL, deny]);
        let found = codes(&ws);
        // Every principal of the seed carries a `sagemaker:` Allow, and all are in the account.
        assert!(!found.is_empty());
        assert!(
            found
                .iter()
                .all(|(c, m)| *c == Code::STATEMENT_DENIED_BY_ANOTHER_LAYER
                    && m.contains("denies them all")),
            "{found:?}"
        );
        assert!(
            found.iter().any(|(_, m)| m.contains("`specific-user`")),
            "{found:?}"
        );
        // A condition, another resource or another service keeps the SCP from covering it.
        for quiet in [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"sagemaker:*","Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":"us-east-1"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"sagemaker:*","Resource":"arn:aws:sagemaker:*:*:notebook-instance/*"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"sagemaker:Delete*","Resource":"*"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*"}]}"#,
        ] {
            assert!(
                codes(&in_organization(&[FULL, quiet])).is_empty(),
                "{quiet}"
            );
        }
    }

    #[test]
    fn an_allow_outside_the_permissions_boundary_is_reported() {
        let mut s = seed();
        s.principals[0].boundary = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#.into();
        let ws = Workspace::new(s.clone());
        let found = codes(&ws);
        let boundary: Vec<_> = found
            .iter()
            .filter(|(_, m)| m.contains("permissions boundary"))
            .collect();
        assert!(!boundary.is_empty(), "{found:?}");
        assert!(boundary
            .iter()
            .all(|(c, _)| *c == Code::STATEMENT_DENIED_BY_ANOTHER_LAYER));
        // A boundary that allows any one of the statement's actions (here: all of SageMaker).
        s.principals[0].boundary = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:*","sagemaker:*"],"Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}"#.into();
        assert!(codes(&Workspace::new(s)).is_empty());
    }
}
