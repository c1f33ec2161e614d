//! Built-in scenarios that each teach one thing: about endpoint and IAM policies here, about the
//! rest of the policy stack in `stack.rs`, about the network path in `network.rs`.

use super::{ContextDoc, EndpointDoc, Expect, ExpectationDoc, PolicyDoc, PrincipalDoc, Scenario};

mod network;
mod stack;

/// A named scenario offered in the preset menu.
#[derive(Debug, Clone, PartialEq)]
pub struct Preset {
    /// Stable id (menu value, `data-preset` of embeds).
    pub id: &'static str,
    /// Menu label.
    pub title: &'static str,
    /// What it teaches, in one or two sentences.
    pub lesson: &'static str,
    /// The cell that shows the lesson (principal name, action): the page opens the preset
    /// scrolled to its row, marked.
    pub focus: (&'static str, &'static str),
    /// The scenario.
    pub scenario: Scenario,
}

const ACCOUNT_ARN: &str = "arn:aws:iam::111122223333";

/// The ids of every preset, in menu order; the first is the default.
pub const PRESET_IDS: &[&str] = &[
    "sagemaker-api-exam",
    "sagemaker-network",
    "s3-gateway-route-table",
    "sg-cannot-tell-principals",
    "deny-unless-endpoint",
    "s3-gateway-principals",
    "forallvalues-sourcevpce-pitfall",
    "data-perimeter-org",
    "s3-bucket-policy-requires-endpoint",
    "cross-account-bucket",
    "scp-region-guardrail",
    "rcp-org-perimeter",
    "boundary-caps-admin",
    "session-policy-narrows",
];

/// The preset with this id.
pub fn preset(id: &str) -> Option<Preset> {
    let mut p = match id {
        "sagemaker-api-exam" => sagemaker_api_exam(),
        "sagemaker-network" => network::sagemaker_network(),
        "s3-gateway-route-table" => network::s3_gateway_route_table(),
        "sg-cannot-tell-principals" => network::sg_cannot_tell_principals(),
        "deny-unless-endpoint" => deny_unless_endpoint(),
        "s3-gateway-principals" => s3_gateway_principals(),
        "forallvalues-sourcevpce-pitfall" => forallvalues_pitfall(),
        "data-perimeter-org" => data_perimeter_org(),
        "s3-bucket-policy-requires-endpoint" => stack::s3_bucket_policy_requires_endpoint(),
        "cross-account-bucket" => stack::cross_account_bucket(),
        "scp-region-guardrail" => stack::scp_region_guardrail(),
        "rcp-org-perimeter" => stack::rcp_org_perimeter(),
        "boundary-caps-admin" => stack::boundary_caps_admin(),
        "session-policy-narrows" => stack::session_policy_narrows(),
        _ => return None,
    };
    p.scenario.preset = p.id.to_string();
    Some(p)
}

/// Every preset, in menu order.
pub fn all() -> Vec<Preset> {
    PRESET_IDS.iter().filter_map(|id| preset(id)).collect()
}

fn context(via_endpoint: bool) -> ContextDoc {
    ContextDoc {
        via_endpoint,
        ..ContextDoc::default()
    }
}

fn user(name: &str, policies: Vec<PolicyDoc>) -> PrincipalDoc {
    PrincipalDoc {
        name: name.into(),
        arn: format!("{ACCOUNT_ARN}:user/{name}"),
        tags: Vec::new(),
        org_id: String::new(),
        policies,
        boundary: String::new(),
        session_policy: String::new(),
        workload: String::new(),
    }
}

fn role_session(role: &str, session: &str, policies: Vec<PolicyDoc>) -> PrincipalDoc {
    PrincipalDoc {
        name: role.into(),
        arn: format!("arn:aws:sts::111122223333:assumed-role/{role}/{session}"),
        tags: Vec::new(),
        org_id: String::new(),
        policies,
        boundary: String::new(),
        session_policy: String::new(),
        workload: String::new(),
    }
}

/// An expectation of a preset: `principal` asking for `action` on the grid's resource.
fn expect(principal: &str, action: &str, expect: Expect, note: &str) -> ExpectationDoc {
    ExpectationDoc {
        principal: principal.into(),
        action: action.into(),
        resource: String::new(),
        expect,
        note: note.into(),
    }
}

/// An expectation of a preset on a named resource.
fn expect_on(
    principal: &str,
    action: &str,
    resource: &str,
    expect: Expect,
    note: &str,
) -> ExpectationDoc {
    ExpectationDoc {
        resource: resource.into(),
        ..self::expect(principal, action, expect, note)
    }
}

fn policy(name: &str, text: &str) -> PolicyDoc {
    PolicyDoc {
        name: name.into(),
        text: text.into(),
    }
}

/// The note's IAM policy.
const SEED_IAM_POLICY: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "sagemaker:CreateTrainingJob",
      "Resource": "*",
      "Condition": { "StringEquals": { "aws:RequestedRegion": "us-east-1" } }
    }
  ]
}"#;

fn sagemaker_api_exam() -> Preset {
    Preset {
        id: "sagemaker-api-exam",
        title: "SageMaker API exam question (endpoint policy + IAM policy)",
        lesson: "Both users carry the same IAM policy; only the endpoint policy tells them apart. The IAM policy says what, the endpoint policy says who may use the path.",
        focus: ("other-user", "sagemaker:CreateTrainingJob"),
        scenario: Scenario {
            title: "Securing SageMaker API calls from a VPC".into(),
            endpoints: vec![EndpointDoc {
                id: "vpce-0a1b2c3d4e5f67890".into(),
                endpoint_type: "Interface".into(),
                service: "com.amazonaws.us-east-1.sagemaker.api".into(),
                policy: r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": { "AWS": "arn:aws:iam::111122223333:user/specific-user" },
      "Action": "sagemaker:*",
      "Resource": "*"
    }
  ]
}"#
                .into(),
            }],
            principals: vec![
                user("specific-user", vec![policy("sagemaker-training", SEED_IAM_POLICY)]),
                user("other-user", vec![policy("sagemaker-training", SEED_IAM_POLICY)]),
                role_session(
                    "ml-instance-role",
                    "i-0123456789abcdef0",
                    vec![policy("sagemaker-training", SEED_IAM_POLICY)],
                ),
            ],
            context: context(true),
            actions: "sagemaker:*".into(),
            expectations: vec![
                expect(
                    "specific-user",
                    "sagemaker:CreateTrainingJob",
                    Expect::Allowed,
                    "its IAM policy allows the call and the endpoint policy names it",
                ),
                expect(
                    "other-user",
                    "sagemaker:CreateTrainingJob",
                    Expect::Denied,
                    "the same IAM policy, but the endpoint policy does not name it",
                ),
            ],
            ..Scenario::default()
        },
    }
}

fn deny_unless_endpoint() -> Preset {
    const IAM: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "AllowSageMaker",
      "Effect": "Allow",
      "Action": "sagemaker:*",
      "Resource": "*"
    },
    {
      "Sid": "DenyOutsideTheEndpoint",
      "Effect": "Deny",
      "Action": "sagemaker:*",
      "Resource": "*",
      "Condition": {
        "StringNotEquals": { "aws:SourceVpce": "vpce-0a1b2c3d4e5f67890" }
      }
    }
  ]
}"#;
    Preset {
        id: "deny-unless-endpoint",
        title: "Deny unless the call comes through the endpoint",
        lesson: "An endpoint policy only sees calls that use the endpoint. To stop the same users calling from the internet, the IAM policy must deny when aws:SourceVpce is not the endpoint; untick \"through the endpoint\" to watch the deny fire.",
        focus: ("data-scientist", "sagemaker:CreateTrainingJob"),
        scenario: Scenario {
            title: "Require the VPC endpoint for SageMaker".into(),
            endpoints: vec![EndpointDoc {
                id: "vpce-0a1b2c3d4e5f67890".into(),
                endpoint_type: "Interface".into(),
                service: "com.amazonaws.us-east-1.sagemaker.api".into(),
                policy: String::new(),
            }],
            principals: vec![
                user("data-scientist", vec![policy("sagemaker-via-endpoint", IAM)]),
                role_session("ml-pipeline", "build-42", vec![policy("sagemaker-via-endpoint", IAM)]),
            ],
            context: context(true),
            actions: "sagemaker:Create*".into(),
            expectations: vec![
                expect(
                    "*",
                    "sagemaker:Create*",
                    Expect::Allowed,
                    "through the endpoint the IAM policy's Deny does not fire; untick \"through the endpoint\" and it does: this expectation then fails",
                ),
            ],
            ..Scenario::default()
        },
    }
}

fn s3_gateway_principals() -> Preset {
    const IAM: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["s3:GetObject", "s3:PutObject", "s3:ListBucket"],
      "Resource": "*"
    }
  ]
}"#;
    Preset {
        id: "s3-gateway-principals",
        title: "S3 gateway endpoint: an account principal means the root user",
        lesson: "On a gateway endpoint, \"AWS\": \"111122223333\" (or the account's root ARN) admits only the account's root user, not its users and roles. Select principals with the aws:PrincipalArn condition key instead (the second statement).",
        focus: ("engineer", "s3:GetObject"),
        scenario: Scenario {
            title: "Who may use the S3 gateway endpoint".into(),
            endpoints: vec![EndpointDoc {
                id: "vpce-0fedcba9876543210".into(),
                endpoint_type: "Gateway".into(),
                service: "com.amazonaws.us-east-1.s3".into(),
                policy: r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "AccountPrincipalIsRootOnly",
      "Effect": "Allow",
      "Principal": { "AWS": "111122223333" },
      "Action": "s3:*",
      "Resource": "*"
    },
    {
      "Sid": "SelectPrincipalsByArn",
      "Effect": "Allow",
      "Principal": "*",
      "Action": "s3:GetObject",
      "Resource": "*",
      "Condition": {
        "ArnEquals": { "aws:PrincipalArn": "arn:aws:iam::111122223333:user/analyst" }
      }
    }
  ]
}"#
                .into(),
            }],
            principals: vec![
                user("analyst", vec![policy("s3-objects", IAM)]),
                user("engineer", vec![policy("s3-objects", IAM)]),
                PrincipalDoc {
                    name: "root".into(),
                    arn: format!("{ACCOUNT_ARN}:root"),
                    tags: Vec::new(),
                    org_id: String::new(),
                    policies: Vec::new(),
                    boundary: String::new(),
                    session_policy: String::new(),
                    workload: String::new(),
                },
            ],
            context: context(true),
            actions: "s3:GetObject, s3:PutObject, s3:ListBucket".into(),
            expectations: vec![
                expect(
                    "engineer",
                    "s3:*Object",
                    Expect::ImplicitlyDenied,
                    "the account principal admits only the root user, and the aws:PrincipalArn statement names analyst alone",
                ),
                expect(
                    "analyst",
                    "s3:GetObject",
                    Expect::Allowed,
                    "selected by aws:PrincipalArn",
                ),
                expect(
                    "root",
                    "s3:PutObject",
                    Expect::Allowed,
                    "the account principal is the root user",
                ),
            ],
            ..Scenario::default()
        },
    }
}

fn forallvalues_pitfall() -> Preset {
    const IAM: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "MeantOnlyThroughTheEndpoint",
      "Effect": "Allow",
      "Action": "sagemaker:*",
      "Resource": "*",
      "Condition": {
        "ForAllValues:StringEquals": { "aws:SourceVpce": ["vpce-0a1b2c3d4e5f67890"] }
      }
    }
  ]
}"#;
    Preset {
        id: "forallvalues-sourcevpce-pitfall",
        title: "The ForAllValues + aws:SourceVpce pitfall",
        lesson: "ForAllValues is true when the key is missing, and aws:SourceVpce is missing on internet calls, so this Allow also grants calls that never touch the endpoint. Untick \"through the endpoint\": still allowed. Use StringEquals (single-valued key) instead.",
        focus: ("data-scientist", "sagemaker:CreateTrainingJob"),
        scenario: Scenario {
            title: "ForAllValues lets internet calls through".into(),
            endpoints: vec![EndpointDoc {
                id: "vpce-0a1b2c3d4e5f67890".into(),
                endpoint_type: "Interface".into(),
                service: "com.amazonaws.us-east-1.sagemaker.api".into(),
                policy: String::new(),
            }],
            principals: vec![user("data-scientist", vec![policy("sagemaker-endpoint-only", IAM)])],
            context: context(false),
            actions: "sagemaker:CreateTrainingJob, sagemaker:CreateModel, sagemaker:ListModels".into(),
            expectations: vec![expect(
                "data-scientist",
                "sagemaker:CreateTrainingJob",
                Expect::Allowed,
                "the pitfall: over the internet aws:SourceVpce is missing, and ForAllValues holds for a missing key",
            )],
            ..Scenario::default()
        },
    }
}

fn data_perimeter_org() -> Preset {
    const IAM: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    { "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" }
  ]
}"#;
    let mut partner = user("partner-user", vec![policy("s3-read", IAM)]);
    partner.arn = "arn:aws:iam::444455556666:user/partner-user".into();
    partner.org_id = "o-partnerorg1".into();
    let mut analyst = user("analyst", vec![policy("s3-read", IAM)]);
    analyst.org_id = "o-exampleorgid".into();
    Preset {
        id: "data-perimeter-org",
        title: "Data perimeter: only principals of our organization through the endpoint",
        lesson: "An endpoint policy with aws:PrincipalOrgID keeps identities from other organizations (even with valid credentials and permissions) from using your endpoint.",
        focus: ("partner-user", "s3:GetObject"),
        scenario: Scenario {
            title: "Identity perimeter on an S3 endpoint".into(),
            endpoints: vec![EndpointDoc {
                id: "vpce-0fedcba9876543210".into(),
                endpoint_type: "Interface".into(),
                service: "com.amazonaws.us-east-1.s3".into(),
                policy: r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "AllowOnlyOurOrganization",
      "Effect": "Allow",
      "Principal": "*",
      "Action": "*",
      "Resource": "*",
      "Condition": {
        "StringEquals": { "aws:PrincipalOrgID": "o-exampleorgid" }
      }
    }
  ]
}"#
                .into(),
            }],
            principals: vec![analyst, partner],
            context: context(true),
            actions: "s3:GetObject, s3:PutObject".into(),
            expectations: vec![
                expect(
                    "analyst",
                    "s3:GetObject",
                    Expect::Allowed,
                    "a principal of our organization",
                ),
                expect(
                    "partner-user",
                    "s3:GetObject",
                    Expect::Denied,
                    "valid credentials and permissions, but another organization: the endpoint policy keeps it out",
                ),
            ],
            ..Scenario::default()
        },
    }
}

#[cfg(test)]
mod tests {
    use super::super::Workspace;
    use super::*;
    use crate::engine::Decision;

    /// The page exports scenarios and shows networks through `editing::to_pretty_json`: for
    /// every preset it writes exactly serde_json's pretty text.
    #[test]
    fn every_preset_reads_pretty_as_serde_json_writes_it() {
        let mut networks = 0;
        for id in PRESET_IDS {
            let preset = preset(id).expect("preset");
            let scenario = &preset.scenario;
            assert_eq!(
                crate::editing::to_pretty_json(scenario),
                serde_json::to_string_pretty(scenario).ok(),
                "{id}"
            );
            if let Some(network) = &scenario.network {
                assert_eq!(
                    crate::editing::to_pretty_json(network),
                    serde_json::to_string_pretty(network).ok(),
                    "{id}: network"
                );
                networks += 1;
            }
        }
        assert!(networks > 0, "some preset has a network");
    }

    fn decision(id: &str, principal: &str, action: &str, via_endpoint: bool) -> Decision {
        let mut scenario = preset(id).expect("preset").scenario;
        scenario.context.via_endpoint = via_endpoint;
        let ws = Workspace::new(scenario);
        assert!(
            ws.diagnostics().iter().all(|d| !d.is_error()),
            "{id}: {:?}",
            ws.diagnostics()
        );
        // Presets give their principals unique names; the test names them for readability.
        ws.explain(super::super::tests::named(&ws, principal), action)
            .expect("explained")
            .evaluation
            .decision
    }

    #[test]
    fn every_preset_states_its_lesson_as_expectations_that_hold_as_shipped() {
        use crate::scenario::ExpectationState;
        for preset in all() {
            let ws = Workspace::new(preset.scenario.clone());
            let results = ws.check_expectations();
            assert!(!results.is_empty(), "{}: no expectations", preset.id);
            for r in &results {
                assert_eq!(
                    r.state,
                    ExpectationState::Pass,
                    "{}: expectation {} ({:?}) {:?}: failing {:?}",
                    preset.id,
                    r.index,
                    r.expectation,
                    r.problem,
                    r.failures().collect::<Vec<_>>()
                );
                assert!(!r.cells.is_empty());
            }
            // The lesson's own cell carries an expectation.
            let (principal, action) = preset.focus;
            assert!(
                results
                    .iter()
                    .flat_map(|r| &r.cells)
                    .any(|c| c.principal_name == principal && c.action == action),
                "{}: no expectation covers its focus {principal} × {action}",
                preset.id
            );
        }
    }

    #[test]
    fn the_exam_expects_specific_user_allowed_and_other_user_denied_through_the_endpoint() {
        let exam = preset("sagemaker-api-exam").expect("preset").scenario;
        assert!(exam.context.via_endpoint);
        let pairs: Vec<(&str, &str, Expect)> = exam
            .expectations
            .iter()
            .map(|e| (e.principal.as_str(), e.action.as_str(), e.expect))
            .collect();
        assert_eq!(
            pairs,
            [
                (
                    "specific-user",
                    "sagemaker:CreateTrainingJob",
                    Expect::Allowed
                ),
                ("other-user", "sagemaker:CreateTrainingJob", Expect::Denied),
            ]
        );
    }

    #[test]
    fn every_preset_focuses_a_cell_of_its_grid() {
        for preset in all() {
            let ws = crate::scenario::Workspace::new(preset.scenario.clone());
            let grid = ws.grid().expect("no errors");
            let (principal, action) = preset.focus;
            assert!(
                ws.scenario.principals.iter().any(|p| p.name == principal),
                "{}: no principal {principal}",
                preset.id
            );
            assert!(
                grid.actions.contains(&action),
                "{}: {action} is not a row of its grid",
                preset.id
            );
        }
    }

    #[test]
    fn every_preset_teaches_its_lesson() {
        use Decision::*;
        assert_eq!(
            decision(
                "sagemaker-api-exam",
                "specific-user",
                "sagemaker:CreateTrainingJob",
                true
            ),
            Allowed
        );
        assert_eq!(
            decision(
                "sagemaker-api-exam",
                "other-user",
                "sagemaker:CreateTrainingJob",
                true
            ),
            ImplicitlyDenied
        );
        assert_eq!(
            decision(
                "sagemaker-api-exam",
                "ml-instance-role",
                "sagemaker:CreateTrainingJob",
                true
            ),
            ImplicitlyDenied
        );
        assert_eq!(
            decision(
                "deny-unless-endpoint",
                "data-scientist",
                "sagemaker:CreateModel",
                true
            ),
            Allowed
        );
        assert_eq!(
            decision(
                "deny-unless-endpoint",
                "data-scientist",
                "sagemaker:CreateModel",
                false
            ),
            ExplicitlyDenied
        );
        assert_eq!(
            decision("s3-gateway-principals", "engineer", "s3:GetObject", true),
            ImplicitlyDenied
        );
        assert_eq!(
            decision("s3-gateway-principals", "analyst", "s3:GetObject", true),
            Allowed
        );
        assert_eq!(
            decision("s3-gateway-principals", "root", "s3:PutObject", true),
            Allowed
        );
        assert_eq!(
            decision(
                "forallvalues-sourcevpce-pitfall",
                "data-scientist",
                "sagemaker:CreateModel",
                false
            ),
            Allowed
        );
        assert_eq!(
            decision("data-perimeter-org", "analyst", "s3:GetObject", true),
            Allowed
        );
        assert_eq!(
            decision("data-perimeter-org", "partner-user", "s3:GetObject", true),
            ImplicitlyDenied
        );
        assert_eq!(all().len(), PRESET_IDS.len());
    }

    /// The decision and blocking layers of one cell, explained, after `tweak`; the grid's cell
    /// must agree with the explanation.
    fn stack_cell(
        id: &str,
        tweak: impl Fn(&mut Scenario),
        principal: &str,
        action: &str,
    ) -> (Decision, Vec<&'static str>) {
        let mut scenario = preset(id).expect("preset").scenario;
        tweak(&mut scenario);
        let ws = Workspace::new(scenario);
        assert!(
            ws.diagnostics().iter().all(|d| !d.is_error()),
            "{id}: {:?}",
            ws.diagnostics()
        );
        let who = super::super::tests::named(&ws, principal);
        let e = ws.explain(who, action).expect("explained").evaluation;
        let grid = ws.grid().expect("grid");
        let row = grid.actions.iter().position(|a| *a == action).expect("row");
        let column = grid
            .principals
            .iter()
            .position(|p| *p == who)
            .expect("column");
        assert_eq!(
            grid.cells[row][column].decision, e.decision,
            "{id}: grid vs explanation"
        );
        let blocked: Vec<&'static str> = e.blocked_by.iter().map(|l| l.as_str()).collect();
        let grid_blocked: Vec<&'static str> = grid.cells[row][column]
            .blocked_by
            .iter()
            .map(|l| l.as_str())
            .collect();
        assert_eq!(grid_blocked, blocked, "{id}: grid vs explanation");
        (e.decision, blocked)
    }

    /// What each layer said for one cell of a preset: `layer=state` in flow order.
    fn flow(id: &str, principal: &str, action: &str) -> (String, bool) {
        let ws = Workspace::new(preset(id).expect("preset").scenario);
        let e = ws
            .explain(super::super::tests::named(&ws, principal), action)
            .expect("explained")
            .evaluation;
        let steps: Vec<String> = e
            .steps
            .iter()
            .map(|s| format!("{}={}", s.layer.as_str(), s.state.as_str()))
            .collect();
        (steps.join(" "), e.cross_account)
    }

    #[test]
    fn the_flow_says_what_each_layer_said() {
        assert_eq!(
            flow("rcp-org-perimeter", "vendor", "s3:GetObject"),
            ("rcps=deny scps=not-applicable endpoint=not-applicable resourcePolicy=allow identityPolicies=allow permissionsBoundary=not-applicable sessionPolicy=not-applicable".into(), true)
        );
        assert_eq!(
            flow("rcp-org-perimeter", "analyst", "s3:GetObject"),
            ("rcps=allow scps=allow endpoint=not-applicable resourcePolicy=no-allow identityPolicies=allow permissionsBoundary=not-applicable sessionPolicy=not-applicable".into(), false)
        );
        assert_eq!(
            flow("scp-region-guardrail", "admin", "sagemaker:CreateTrainingJob").0,
            "rcps=not-applicable scps=deny endpoint=not-applicable resourcePolicy=not-applicable identityPolicies=allow permissionsBoundary=not-applicable sessionPolicy=not-applicable"
        );
        assert_eq!(
            flow("boundary-caps-admin", "delegated-admin", "iam:CreateUser").0,
            "rcps=not-applicable scps=not-applicable endpoint=not-applicable resourcePolicy=not-applicable identityPolicies=allow permissionsBoundary=no-allow sessionPolicy=not-applicable"
        );
        assert_eq!(
            flow("session-policy-narrows", "report-reader", "s3:PutObject").0,
            "rcps=not-applicable scps=not-applicable endpoint=not-applicable resourcePolicy=not-applicable identityPolicies=allow permissionsBoundary=not-applicable sessionPolicy=no-allow"
        );
        assert_eq!(
            flow("cross-account-bucket", "partner-auditor", "s3:GetObject"),
            ("rcps=not-applicable scps=not-applicable endpoint=not-applicable resourcePolicy=allow identityPolicies=no-allow permissionsBoundary=not-applicable sessionPolicy=not-applicable".into(), true)
        );
    }

    #[test]
    fn the_stack_presets_teach_their_lessons() {
        use Decision::*;
        let same = |_: &mut Scenario| {};
        let internet = |s: &mut Scenario| s.context.via_endpoint = false;
        let region = |r: &'static str| move |s: &mut Scenario| s.context.region = r.into();
        // The bucket policy requires the endpoint.
        let id = "s3-bucket-policy-requires-endpoint";
        assert_eq!(
            stack_cell(id, same, "analytics-role", "s3:GetObject"),
            (Allowed, vec![])
        );
        assert_eq!(
            stack_cell(id, internet, "analytics-role", "s3:GetObject"),
            (ExplicitlyDenied, vec!["resourcePolicy"])
        );
        // Across accounts both sides must allow.
        let id = "cross-account-bucket";
        assert_eq!(
            stack_cell(id, same, "partner-reader", "s3:GetObject"),
            (Allowed, vec![])
        );
        assert_eq!(
            stack_cell(id, same, "partner-auditor", "s3:GetObject"),
            (ImplicitlyDenied, vec!["identityPolicies"])
        );
        assert_eq!(
            stack_cell(id, same, "partner-reader", "s3:PutObject"),
            (ImplicitlyDenied, vec!["identityPolicies", "resourcePolicy"])
        );
        // The SCP keeps workloads in approved Regions; global services are carved out.
        let id = "scp-region-guardrail";
        for who in ["admin", "ml-engineer"] {
            assert_eq!(
                stack_cell(id, same, who, "sagemaker:CreateTrainingJob"),
                (ExplicitlyDenied, vec!["scps"])
            );
            assert_eq!(
                stack_cell(id, same, who, "iam:ListRoles"),
                (Allowed, vec![])
            );
            assert_eq!(
                stack_cell(id, region("us-east-1"), who, "sagemaker:CreateTrainingJob"),
                (Allowed, vec![])
            );
        }
        // The RCP keeps outside identities away; an AWS service principal passes.
        let id = "rcp-org-perimeter";
        assert_eq!(
            stack_cell(id, same, "analyst", "s3:GetObject"),
            (Allowed, vec![])
        );
        assert_eq!(
            stack_cell(id, same, "vendor", "s3:GetObject"),
            (ExplicitlyDenied, vec!["rcps"])
        );
        assert_eq!(
            stack_cell(id, same, "cloudtrail", "s3:PutObject"),
            (Allowed, vec![])
        );
        // The boundary caps the admin.
        let id = "boundary-caps-admin";
        assert_eq!(
            stack_cell(id, same, "delegated-admin", "iam:CreateUser"),
            (ImplicitlyDenied, vec!["permissionsBoundary"])
        );
        assert_eq!(
            stack_cell(id, same, "delegated-admin", "sagemaker:CreateTrainingJob"),
            (Allowed, vec![])
        );
        assert_eq!(
            stack_cell(id, same, "admin", "iam:CreateUser"),
            (Allowed, vec![])
        );
        // The session policy narrows the session.
        let id = "session-policy-narrows";
        assert_eq!(
            stack_cell(id, same, "report-reader", "s3:GetObject"),
            (Allowed, vec![])
        );
        assert_eq!(
            stack_cell(id, same, "report-reader", "s3:PutObject"),
            (ImplicitlyDenied, vec!["sessionPolicy"])
        );
        assert_eq!(
            stack_cell(id, same, "pipeline", "s3:PutObject"),
            (Allowed, vec![])
        );
    }
}
