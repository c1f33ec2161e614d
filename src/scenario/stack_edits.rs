//! Structural edits of the layers beyond identity policies, as workspace methods tested
//! natively: resources (add, select, change), the organization (create it around the scenario's
//! accounts), SCPs and RCPs attached to a level (add, remove). Each keeps the parses in step.

use super::document::{full_aws_access, AccountDoc, OrganizationDoc, ResourceDoc};
use super::{OrgLevel, PolicyDoc, Principal, Workspace};
use crate::engine::values::{arn_account, is_account_id};

/// Most resources a page may add (share links accept no more).
const MAX_RESOURCES: usize = super::share::MAX_RESOURCES;
/// Most SCPs or RCPs per level.
const MAX_LEVEL_POLICIES: usize = super::share::MAX_LEVEL_POLICIES;

/// The resource fields the page edits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResourceField {
    /// Its name.
    Name,
    /// Its ARN (a role's ARN makes its policy a trust policy).
    Arn,
    /// The account that owns it, for ARNs without one.
    Account,
}

/// The text a new SCP or RCP starts with: a deny that names nothing yet.
const NEW_ORG_POLICY_TEXT: &str = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Deny\",\n      \"Action\": \"s3:DeleteBucket\",\n      \"Resource\": \"*\"\n    }\n  ]\n}";

/// The text a new RCP starts with (RCPs name a principal).
const NEW_RCP_TEXT: &str = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Deny\",\n      \"Principal\": \"*\",\n      \"Action\": \"s3:DeleteBucket\",\n      \"Resource\": \"*\"\n    }\n  ]\n}";

impl Workspace {
    /// The account of the principal at `index` (its ARN's), if it reads.
    pub fn principal_account(&self, index: usize) -> Option<String> {
        let p = self.scenario.principals.get(index)?;
        Principal::parse(&p.arn)
            .ok()
            .map(|p| p.account)
            .filter(|a| is_account_id(a))
    }

    /// The account of the selected resource (given, else its ARN's), else of the scenario's
    /// resource owner.
    pub fn resource_account(&self) -> String {
        self.scenario
            .resource_named(&self.scenario.selected_resource)
            .and_then(|r| {
                if r.account.is_empty() {
                    arn_account(&r.arn).map(str::to_string)
                } else {
                    Some(r.account.clone())
                }
            })
            .unwrap_or_else(|| self.resource_owner())
    }

    /// Adds a resource named `resource-N` (the scenario's resource when it is an ARN, else an S3
    /// object of the owner's), without a policy, and selects it. Its position, or `None` at the
    /// limit.
    pub fn add_resource(&mut self) -> Option<usize> {
        if self.scenario.resources.len() >= MAX_RESOURCES {
            return None;
        }
        let mut k = self.scenario.resources.len() + 1;
        let mut name = format!("resource-{k}");
        while self.scenario.resource_named(&name).is_some() {
            k += 1;
            name = format!("resource-{k}");
        }
        let arn = if self.scenario.resource.starts_with("arn:") {
            self.scenario.resource.clone()
        } else {
            "arn:aws:s3:::amzn-s3-demo-bucket/reports/q1.csv".to_string()
        };
        let account = if arn_account(&arn).is_some() {
            String::new()
        } else {
            self.resource_owner()
        };
        self.scenario.resources.push(ResourceDoc {
            name: name.clone(),
            arn,
            account,
            policy: String::new(),
        });
        self.scenario.selected_resource = name;
        self.reparse_layers();
        Some(self.scenario.resources.len() - 1)
    }

    /// Selects the resource named `name` (requests name its ARN when it fits the action); an
    /// unknown name selects none.
    pub fn select_resource(&mut self, name: &str) {
        self.scenario.selected_resource = if self.scenario.resource_named(name).is_some() {
            name.to_string()
        } else {
            String::new()
        };
    }

    /// Changes a field of resource `i` (the selection follows a rename).
    pub fn set_resource_field(&mut self, i: usize, field: ResourceField, value: String) {
        let Some(r) = self.scenario.resources.get_mut(i) else {
            return;
        };
        match field {
            ResourceField::Name => {
                if self.scenario.selected_resource == r.name {
                    self.scenario.selected_resource.clone_from(&value);
                }
                r.name = value;
            }
            ResourceField::Arn => r.arn = value,
            ResourceField::Account => r.account = value,
        }
        self.reparse_layers();
    }

    /// Puts the scenario's accounts in an organization when it has none: a root with AWS's
    /// `FullAWSAccess`, and every principal's account listed under it with `FullAWSAccess` too
    /// (as AWS attaches it when SCPs are enabled).
    pub fn ensure_organization(&mut self) {
        if self.scenario.organization.is_none() {
            self.scenario.organization = Some(OrganizationDoc {
                id: "o-exampleorgid".into(),
                scps: vec![full_aws_access()],
                ..OrganizationDoc::default()
            });
        }
        let mut accounts: Vec<String> = (0..self.scenario.principals.len())
            .filter_map(|i| self.principal_account(i))
            .collect();
        accounts.push(self.resource_account());
        for id in accounts {
            if self.scenario.account(&id).is_none() {
                self.scenario.accounts.push(AccountDoc {
                    name: format!("account-{}", self.scenario.accounts.len() + 1),
                    id,
                    scps: vec![full_aws_access()],
                    ..AccountDoc::default()
                });
            }
        }
        self.reparse_layers();
    }

    /// Attaches a new SCP (`scp`) or RCP to `level`; its position there, or `None` at the limit
    /// or for a level that does not exist.
    pub fn add_org_policy(&mut self, level: OrgLevel, scp: bool) -> Option<usize> {
        let list = self.scenario.level_policies_mut(level, scp)?;
        if list.len() >= MAX_LEVEL_POLICIES {
            return None;
        }
        list.push(PolicyDoc {
            name: format!("{}-{}", if scp { "scp" } else { "rcp" }, list.len() + 1),
            text: if scp {
                NEW_ORG_POLICY_TEXT
            } else {
                NEW_RCP_TEXT
            }
            .into(),
        });
        let at = list.len() - 1;
        self.reparse_layers();
        Some(at)
    }

    /// Detaches SCP (`scp`) or RCP `i` of `level`. True when something was removed.
    pub fn remove_org_policy(&mut self, level: OrgLevel, scp: bool, i: usize) -> bool {
        let Some(list) = self.scenario.level_policies_mut(level, scp) else {
            return false;
        };
        if i >= list.len() {
            return false;
        }
        list.remove(i);
        self.reparse_layers();
        true
    }
}

#[cfg(test)]
mod tests {
    use super::super::presets::preset;
    use super::super::tests::named;
    use super::super::Editor;
    use super::*;
    use crate::engine::Decision;

    fn decision(ws: &Workspace, who: &str, action: &str) -> Decision {
        ws.explain(named(ws, who), action)
            .expect("explained")
            .evaluation
            .decision
    }

    #[test]
    fn a_resource_added_and_given_a_policy_decides_its_cells() {
        let mut ws = Workspace::new(preset("session-policy-narrows").expect("preset").scenario);
        assert_eq!(decision(&ws, "pipeline", "s3:PutObject"), Decision::Allowed);
        let i = ws.add_resource().expect("added");
        assert_eq!(ws.scenario.selected_resource, "resource-1");
        assert_eq!(ws.resource_account(), "111122223333");
        let deny_writes = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:PutObject","Resource":"*"}]}"#;
        ws.set_text(Editor::Resource(i), deny_writes.into());
        assert_eq!(
            decision(&ws, "pipeline", "s3:PutObject"),
            Decision::ExplicitlyDenied
        );
        // Renaming keeps it selected; a new ARN the requests do not name leaves its policy out.
        ws.set_resource_field(i, ResourceField::Name, "bucket".into());
        assert_eq!(ws.scenario.selected_resource, "bucket");
        ws.set_resource_field(i, ResourceField::Arn, "arn:aws:s3:::other/x".into());
        ws.select_resource("nothing");
        assert_eq!(decision(&ws, "pipeline", "s3:PutObject"), Decision::Allowed);
    }

    #[test]
    fn an_organization_made_around_the_accounts_takes_scps_and_rcps() {
        let mut ws = Workspace::new(preset("boundary-caps-admin").expect("preset").scenario);
        assert_eq!(decision(&ws, "admin", "iam:CreateUser"), Decision::Allowed);
        ws.ensure_organization();
        assert_eq!(
            ws.scenario.accounts.len(),
            1,
            "one account for both principals"
        );
        // FullAWSAccess at the root and the account: nothing changes.
        assert_eq!(decision(&ws, "admin", "iam:CreateUser"), Decision::Allowed);
        let scp = ws.add_org_policy(OrgLevel::Root, true).expect("added");
        let deny_iam = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"iam:*","Resource":"*"}]}"#;
        ws.set_text(Editor::Scp(OrgLevel::Root, scp), deny_iam.into());
        let e = ws
            .explain(named(&ws, "admin"), "iam:CreateUser")
            .expect("explained");
        assert_eq!(e.evaluation.decision, Decision::ExplicitlyDenied);
        assert!(e
            .statements
            .iter()
            .any(|st| st.decisive && st.editor == Editor::Scp(OrgLevel::Root, scp)));
        // Detaching FullAWSAccess from the account leaves its level without an allow.
        assert!(ws.remove_org_policy(OrgLevel::Root, true, scp));
        assert!(ws.remove_org_policy(OrgLevel::Account(0), true, 0));
        assert_eq!(
            decision(&ws, "admin", "sagemaker:CreateTrainingJob"),
            Decision::ImplicitlyDenied
        );
        assert!(
            !ws.remove_org_policy(OrgLevel::Account(0), true, 0),
            "nothing left"
        );
        // An RCP denies writes to the resource account's S3 objects.
        let rcp = ws.add_org_policy(OrgLevel::Root, false).expect("added");
        assert!(ws
            .parsed(Editor::Rcp(OrgLevel::Root, rcp))
            .is_some_and(|p| !p.has_errors()));
    }
}
