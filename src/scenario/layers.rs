//! The layers beyond identity policies, parsed (the endpoints, the resources' policies, the
//! organization's SCPs and RCPs), and the questions of the document that say which of them apply
//! to one request: the endpoint that serves an action's service, the levels of an account in the
//! organization.

use super::document::{OrganizationDoc, PolicyDoc, Scenario};
use super::ids::{Editor, OrgLevel};
use crate::checks::parse_policy_text;
use crate::engine::{default_endpoint_policy, is_role_arn, ParsedPolicy, PolicyKind};
use std::rc::Rc;

/// Every policy of the layers that do not belong to a principal, parsed, in the document's order.
#[derive(Debug, Clone, Default)]
pub(super) struct Layers {
    /// One per endpoint (an empty text is AWS's default endpoint policy).
    pub(super) endpoints: Vec<ParsedPolicy>,
    /// One per resource; `None` when it has no policy. Shared between resources whose policies
    /// of the same kind have the same text (an imported account's roles repeat a few trust
    /// policies).
    pub(super) resources: Vec<Option<Rc<ParsedPolicy>>>,
    /// The root's SCPs and RCPs.
    pub(super) root: Level,
    /// One per OU of the organization.
    pub(super) ous: Vec<Level>,
    /// One per account of the scenario.
    pub(super) accounts: Vec<Level>,
}

/// The SCPs and RCPs attached to one level of the organization, parsed.
#[derive(Debug, Clone, Default)]
pub(super) struct Level {
    pub(super) scps: Vec<ParsedPolicy>,
    pub(super) rcps: Vec<ParsedPolicy>,
}

fn parse_all(docs: &[super::PolicyDoc], kind: PolicyKind) -> Vec<ParsedPolicy> {
    docs.iter()
        .map(|d| parse_policy_text(&d.text, kind))
        .collect()
}

impl Level {
    fn parse(scps: &[super::PolicyDoc], rcps: &[super::PolicyDoc]) -> Level {
        Level {
            scps: parse_all(scps, PolicyKind::Scp),
            rcps: parse_all(rcps, PolicyKind::Rcp),
        }
    }
}

/// Parses an endpoint policy; an empty text is AWS's default (full access) policy.
pub(super) fn parse_endpoint(text: &str) -> ParsedPolicy {
    if text.trim().is_empty() {
        ParsedPolicy {
            policy: default_endpoint_policy().into(),
            diagnostics: Vec::new(),
        }
    } else {
        parse_policy_text(text, PolicyKind::Endpoint)
    }
}

/// The kind of a resource's policy: a role's is its trust policy.
pub(super) fn resource_policy_kind(arn: &str) -> PolicyKind {
    if is_role_arn(arn) {
        PolicyKind::Trust
    } else {
        PolicyKind::Resource
    }
}

/// Parses a resource's policy; `None` for an empty text (no policy).
pub(super) fn parse_resource_policy(arn: &str, text: &str) -> Option<ParsedPolicy> {
    (!text.trim().is_empty())
        .then(|| crate::checks::parse_attached_policy_text(text, resource_policy_kind(arn), arn))
}

impl Layers {
    /// Parses every such policy of `s`.
    pub(super) fn parse(s: &Scenario) -> Layers {
        Layers::parse_with(s, &mut super::parses::Parses::default())
    }

    /// [`Layers::parse`], the resources' policies through `parses` (each distinct text once).
    pub(super) fn parse_with<'t>(
        s: &'t Scenario,
        parses: &mut super::parses::Parses<'t>,
    ) -> Layers {
        let org = s.organization.clone().unwrap_or_default();
        Layers {
            endpoints: s
                .endpoints
                .iter()
                .map(|e| parse_endpoint(&e.policy))
                .collect(),
            resources: s
                .resources
                .iter()
                .map(|r| {
                    let kind = resource_policy_kind(&r.arn);
                    // A policy whose reading depends on its resource (an ECR repository's, an
                    // API Gateway API's) is read with it, and not shared by text.
                    if crate::checks::depends_on_attachment(kind, &r.arn) {
                        parse_resource_policy(&r.arn, &r.policy).map(Rc::new)
                    } else {
                        parses.optional(&r.policy, kind)
                    }
                })
                .collect(),
            root: Level::parse(&org.scps, &org.rcps),
            ous: org
                .ous
                .iter()
                .map(|o| Level::parse(&o.scps, &o.rcps))
                .collect(),
            accounts: s
                .accounts
                .iter()
                .map(|a| Level::parse(&a.scps, &a.rcps))
                .collect(),
        }
    }

    /// The level behind an organization editor.
    fn level(&self, level: OrgLevel) -> Option<&Level> {
        match level {
            OrgLevel::Root => Some(&self.root),
            OrgLevel::Ou(i) => self.ous.get(i),
            OrgLevel::Account(i) => self.accounts.get(i),
        }
    }

    fn level_mut(&mut self, level: OrgLevel) -> Option<&mut Level> {
        match level {
            OrgLevel::Root => Some(&mut self.root),
            OrgLevel::Ou(i) => self.ous.get_mut(i),
            OrgLevel::Account(i) => self.accounts.get_mut(i),
        }
    }

    /// The parse behind an editor of these layers (`None` for principals' editors).
    pub(super) fn get(&self, editor: Editor) -> Option<&ParsedPolicy> {
        match editor {
            Editor::Endpoint(i) => self.endpoints.get(i),
            Editor::Resource(i) => self.resources.get(i)?.as_deref(),
            Editor::Scp(level, i) => self.level(level)?.scps.get(i),
            Editor::Rcp(level, i) => self.level(level)?.rcps.get(i),
            Editor::Identity(..) | Editor::Boundary(_) | Editor::Session(_) => None,
        }
    }

    /// Stores the parse of an edited text of these layers.
    pub(super) fn set(&mut self, editor: Editor, parsed: Option<ParsedPolicy>) {
        match editor {
            Editor::Endpoint(i) => {
                if let (Some(slot), Some(p)) = (self.endpoints.get_mut(i), parsed) {
                    *slot = p;
                }
            }
            Editor::Resource(i) => {
                if let Some(slot) = self.resources.get_mut(i) {
                    *slot = parsed.map(Rc::new);
                }
            }
            Editor::Scp(level, i) => {
                if let (Some(slot), Some(p)) = (
                    self.level_mut(level).and_then(|l| l.scps.get_mut(i)),
                    parsed,
                ) {
                    *slot = p;
                }
            }
            Editor::Rcp(level, i) => {
                if let (Some(slot), Some(p)) = (
                    self.level_mut(level).and_then(|l| l.rcps.get_mut(i)),
                    parsed,
                ) {
                    *slot = p;
                }
            }
            Editor::Identity(..) | Editor::Boundary(_) | Editor::Session(_) => {}
        }
    }

    /// Every editor of these layers, in AWS's order of evaluation (organization first).
    pub(super) fn editors(&self) -> Vec<Editor> {
        let mut out = Vec::new();
        let levels = std::iter::once(OrgLevel::Root)
            .chain((0..self.ous.len()).map(OrgLevel::Ou))
            .chain((0..self.accounts.len()).map(OrgLevel::Account));
        for level in levels {
            if let Some(l) = self.level(level) {
                out.extend((0..l.rcps.len()).map(|i| Editor::Rcp(level, i)));
                out.extend((0..l.scps.len()).map(|i| Editor::Scp(level, i)));
            }
        }
        out.extend((0..self.endpoints.len()).map(Editor::Endpoint));
        out.extend(
            self.resources
                .iter()
                .enumerate()
                .filter(|(_, r)| r.is_some())
                .map(|(i, _)| Editor::Resource(i)),
        );
        out
    }

    /// True when a policy of these layers has an error.
    pub(super) fn has_errors(&self) -> bool {
        let levels = std::iter::once(&self.root)
            .chain(&self.ous)
            .chain(&self.accounts);
        self.endpoints.iter().any(ParsedPolicy::has_errors)
            || self.resources.iter().flatten().any(|p| p.has_errors())
            || levels
                .flat_map(|l| l.scps.iter().chain(&l.rcps))
                .any(ParsedPolicy::has_errors)
    }
}

pub use crate::network::endpoint_service_prefix;

impl Scenario {
    /// The SCPs (`scp`) or RCPs attached to `level`, if the level exists.
    pub fn level_policies(&self, level: OrgLevel, scp: bool) -> Option<&Vec<PolicyDoc>> {
        let (scps, rcps) = match level {
            OrgLevel::Root => {
                let o = self.organization.as_ref()?;
                (&o.scps, &o.rcps)
            }
            OrgLevel::Ou(n) => {
                let o = self.organization.as_ref()?.ous.get(n)?;
                (&o.scps, &o.rcps)
            }
            OrgLevel::Account(n) => {
                let a = self.accounts.get(n)?;
                (&a.scps, &a.rcps)
            }
        };
        Some(if scp { scps } else { rcps })
    }

    /// The SCPs (`scp`) or RCPs attached to `level`, for editing.
    pub fn level_policies_mut(
        &mut self,
        level: OrgLevel,
        scp: bool,
    ) -> Option<&mut Vec<PolicyDoc>> {
        let (scps, rcps) = match level {
            OrgLevel::Root => {
                let o = self.organization.as_mut()?;
                (&mut o.scps, &mut o.rcps)
            }
            OrgLevel::Ou(n) => {
                let o = self.organization.as_mut()?.ous.get_mut(n)?;
                (&mut o.scps, &mut o.rcps)
            }
            OrgLevel::Account(n) => {
                let a = self.accounts.get_mut(n)?;
                (&mut a.scps, &mut a.rcps)
            }
        };
        Some(if scp { scps } else { rcps })
    }

    /// A level in words: `root`, ``OU `name` ``, ``account `name` ``.
    pub fn level_name(&self, level: OrgLevel) -> String {
        match level {
            OrgLevel::Root => "root".into(),
            OrgLevel::Ou(n) => format!(
                "OU `{}`",
                self.organization
                    .as_ref()
                    .and_then(|o| o.ous.get(n))
                    .map_or("?", |o| &o.name)
            ),
            OrgLevel::Account(n) => format!(
                "account `{}`",
                self.accounts.get(n).map_or("?", |a| &a.name)
            ),
        }
    }

    /// The endpoint (position) a request for `action` travels through when calls go through the
    /// VPC: the first that serves the action's service (an endpoint without a service name serves
    /// every service). `None`: no endpoint serves it, the call goes over the internet.
    pub fn endpoint_for(&self, action: &str) -> Option<usize> {
        let prefix = action.split(':').next().unwrap_or("");
        self.endpoints.iter().position(|e| {
            endpoint_service_prefix(&e.service).is_none_or(|p| p.eq_ignore_ascii_case(prefix))
        })
    }

    /// The levels of the organization above account `id` and the account itself, root first
    /// (at most [`MAX_OU_DEPTH`] OUs: of a deeper chain, the five nearest the account):
    /// where its SCPs (for principals) and RCPs (for resources) come from. `None` when the
    /// account is not listed, is external, or the scenario has no organization.
    pub fn org_levels(&self, id: &str) -> Option<Vec<OrgLevel>> {
        let org: &OrganizationDoc = self.organization.as_ref()?;
        let at = self.accounts.iter().position(|a| a.id == id)?;
        let account = &self.accounts[at];
        if account.external {
            return None;
        }
        let mut chain = Vec::new();
        let mut ou = account.ou.as_str();
        // Each OU is visited once, so a cycle of parents in a hostile document ends, and at most
        // MAX_OU_DEPTH of them (AWS's limit), so that a chain of thousands costs no more than five
        // lookups: the OUs above the fifth are not read.
        while !ou.is_empty() && chain.len() < MAX_OU_DEPTH {
            let Some(i) = org.ous.iter().position(|o| o.name == ou) else {
                break;
            };
            if chain.contains(&OrgLevel::Ou(i)) {
                break;
            }
            chain.push(OrgLevel::Ou(i));
            ou = org.ous[i].parent.as_str();
        }
        chain.reverse();
        let mut levels = vec![OrgLevel::Root];
        levels.extend(chain);
        levels.push(OrgLevel::Account(at));
        Some(levels)
    }
}

/// How many OUs deep an organization may nest below its root: five, AWS Organizations' quota.
pub const MAX_OU_DEPTH: usize = 5;

#[cfg(test)]
mod tests {
    use super::super::document::{AccountDoc, EndpointDoc, OuDoc};
    use super::*;

    #[test]
    fn only_an_ecr_repositorys_policy_may_leave_resource_out() {
        let text = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::444455556666:root"}, "Action": "ecr:PutImage"}]}"#;
        let codes = |arn: &str| -> Vec<crate::engine::Code> {
            parse_resource_policy(arn, text)
                .map(|p| p.diagnostics.iter().map(|d| d.code).collect())
                .unwrap_or_default()
        };
        let repository = "arn:aws:ecr:us-east-1:111122223333:repository/my-repo";
        assert_eq!(
            codes(repository),
            Vec::new(),
            "the repository is the resource"
        );
        let parsed = parse_resource_policy(repository, text).expect("a policy");
        let statement = parsed.policy.statements.first().expect("one statement");
        assert!(statement.resource.patterns.iter().all(|t| t.is_match_all()));
        assert_eq!(
            codes("arn:aws:ecr-public::111122223333:repository/my-repo"),
            Vec::new()
        );
        assert_eq!(
            codes("arn:aws:s3:::amzn-s3-demo-bucket/key"),
            vec![crate::engine::Code::MISSING_RESOURCE],
            "a bucket policy names its resources"
        );
    }

    #[test]
    fn endpoint_names_map_to_the_prefix_of_their_actions() {
        let prefix = endpoint_service_prefix;
        assert_eq!(prefix("com.amazonaws.us-east-1.s3"), Some("s3"));
        assert_eq!(
            prefix("com.amazonaws.us-east-1.sagemaker.api"),
            Some("sagemaker")
        );
        assert_eq!(
            prefix("com.amazonaws.eu-west-1.monitoring"),
            Some("cloudwatch")
        );
        assert_eq!(
            prefix("com.amazonaws.us-east-1.bedrock-runtime"),
            Some("bedrock")
        );
        assert_eq!(prefix("sqs"), Some("sqs"));
        assert_eq!(prefix("  "), None);
    }

    #[test]
    fn a_request_travels_through_the_endpoint_of_its_service() {
        let endpoint = |service: &str| EndpointDoc {
            service: service.into(),
            ..EndpointDoc::default()
        };
        let s = Scenario {
            endpoints: vec![
                endpoint("com.amazonaws.us-east-1.s3"),
                endpoint("com.amazonaws.us-east-1.sagemaker.api"),
            ],
            ..Scenario::default()
        };
        assert_eq!(s.endpoint_for("s3:GetObject"), Some(0));
        assert_eq!(s.endpoint_for("sagemaker:CreateModel"), Some(1));
        assert_eq!(
            s.endpoint_for("kms:Decrypt"),
            None,
            "no endpoint: over the internet"
        );
        // An endpoint without a service name (a version 1 document's) serves every service.
        let v1 = Scenario {
            endpoints: vec![endpoint("")],
            ..Scenario::default()
        };
        assert_eq!(v1.endpoint_for("kms:Decrypt"), Some(0));
    }

    #[test]
    fn an_accounts_levels_run_from_the_root_through_its_ous() {
        let ou = |name: &str, parent: &str| OuDoc {
            name: name.into(),
            parent: parent.into(),
            ..OuDoc::default()
        };
        let account = |id: &str, ou: &str, external: bool| AccountDoc {
            id: id.into(),
            ou: ou.into(),
            external,
            ..AccountDoc::default()
        };
        let mut s = Scenario {
            organization: Some(OrganizationDoc {
                id: "o-1".into(),
                ous: vec![
                    ou("workloads", ""),
                    ou("prod", "workloads"),
                    ou("loop", "loop"),
                ],
                ..OrganizationDoc::default()
            }),
            accounts: vec![
                account("111111111111", "prod", false),
                account("222222222222", "", false),
                account("333333333333", "", true),
                account("444444444444", "loop", false),
            ],
            ..Scenario::default()
        };
        use OrgLevel::*;
        assert_eq!(
            s.org_levels("111111111111"),
            Some(vec![Root, Ou(0), Ou(1), Account(0)])
        );
        assert_eq!(s.org_levels("222222222222"), Some(vec![Root, Account(1)]));
        assert_eq!(s.org_levels("333333333333"), None, "external");
        assert_eq!(s.org_levels("999999999999"), None, "not listed");
        // A hostile document whose OU is its own parent still ends.
        assert_eq!(
            s.org_levels("444444444444"),
            Some(vec![Root, Ou(2), Account(3)])
        );
        // A chain deeper than AWS allows is read five OUs up from the account, however long.
        let org = s.organization.as_mut().map(|o| &mut o.ous);
        if let Some(ous) = org {
            ous.clear();
            ous.push(ou("ou-0", ""));
            for i in 1..10_000 {
                ous.push(ou(&format!("ou-{i}"), &format!("ou-{}", i - 1)));
            }
        }
        s.accounts[0].ou = "ou-9999".into();
        assert_eq!(
            s.org_levels("111111111111"),
            Some(vec![
                Root,
                Ou(9995),
                Ou(9996),
                Ou(9997),
                Ou(9998),
                Ou(9999),
                Account(0)
            ])
        );
        s.organization = None;
        assert_eq!(s.org_levels("111111111111"), None, "no organization");
    }
}
