//! The import, against the small exports of `tests/import/` (the same account written in each
//! encoding, split into pages, and spoiled in every way the report covers) and inline texts.

use super::*;

const OBJECT: &str = include_str!("../../tests/import/object.json");
const STRING: &str = include_str!("../../tests/import/string.json");
const URLENCODED: &str = include_str!("../../tests/import/urlencoded.json");
const PAGE1: &str = include_str!("../../tests/import/page1.json");
const PAGE2: &str = include_str!("../../tests/import/page2.json");
const UNRESOLVED: &str = include_str!("../../tests/import/unresolved.json");

const ACCOUNT: &str = "111122223333";

fn imported(pages: &[&str]) -> Imported {
    match import(pages) {
        Ok(i) => i,
        Err(e) => panic!("the import fails: {e:?}"),
    }
}

fn principal<'s>(s: &'s Scenario, name: &str) -> &'s PrincipalDoc {
    s.principals
        .iter()
        .find(|p| p.name == name)
        .unwrap_or_else(|| panic!("no principal {name}"))
}

fn policy_names(p: &PrincipalDoc) -> Vec<&str> {
    p.policies.iter().map(|d| d.name.as_str()).collect()
}

fn kinds(report: &ImportReport) -> Vec<(ProblemKind, String)> {
    report
        .problems
        .iter()
        .map(|p| (p.kind, p.principal.clone()))
        .collect()
}

/// The two-space layout of a one-statement policy.
fn laid_out(effect: &str, action: &str) -> String {
    format!(
        "{{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {{\n      \"Effect\": \"{effect}\",\n      \"Action\": \"{action}\",\n      \"Resource\": \"*\"\n    }}\n  ]\n}}"
    )
}

#[test]
fn an_export_of_objects_becomes_users_and_role_sessions_with_every_policy() {
    let i = imported(&[OBJECT]);
    let s = &i.scenario;
    let names: Vec<&str> = s.principals.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["alice", "bob", "ml-notebook", "bob-role"]);
    let alice = principal(s, "alice");
    assert_eq!(alice.arn, format!("arn:aws:iam::{ACCOUNT}:user/alice"));
    assert_eq!(alice.tags, vec![("team".to_string(), "ml".to_string())]);
    // Inline, attached, then the group's inline and attached policies; the managed policy
    // attached both directly and through the group is there once.
    assert_eq!(
        policy_names(alice),
        [
            "no-delete-models (inline)",
            "AmazonSageMakerReadOnly",
            "create-endpoints (inline, group ml-engineers)",
            "ml-train (group ml-engineers)",
        ]
    );
    assert_eq!(
        alice.policies[0].text,
        laid_out("Deny", "sagemaker:DeleteModel")
    );
    // The default version (v2 of two), not the first one listed.
    assert!(alice.policies[1].text.contains("sagemaker:Describe*"));
    assert!(alice.boundary.contains("\"s3:*\""), "{}", alice.boundary);
    let bob = principal(s, "bob");
    assert_eq!(bob.arn, format!("arn:aws:iam::{ACCOUNT}:user/people/bob"));
    assert!(bob.boundary.is_empty() && bob.tags.is_empty());
    assert_eq!(policy_names(bob), ["AmazonSageMakerReadOnly"]);
    assert_eq!(i.report.users, 2);
    assert_eq!(i.report.roles, 2);
    assert_eq!(i.report.groups, 1);
    assert_eq!(i.report.policies, 4);
    assert_eq!(i.report.pages, 1);
}

#[test]
fn a_role_is_its_arn_with_its_path_and_its_trust_policy_a_resource_with_it() {
    let i = imported(&[OBJECT]);
    let s = &i.scenario;
    let notebook = principal(s, "ml-notebook");
    assert_eq!(
        notebook.arn,
        format!("arn:aws:iam::{ACCOUNT}:role/service-role/ml-notebook")
    );
    assert!(Principal::parse(&notebook.arn).is_ok());
    assert_eq!(policy_names(notebook), ["read-data (inline)", "ml-train"]);
    assert!(notebook.boundary.contains("sagemaker:*"));
    assert_eq!(notebook.tags, vec![("project".into(), "churn".into())]);
    let trust = s
        .resource_named("ml-notebook")
        .map(|r| (r.arn.as_str(), r.policy.as_str()));
    let Some((arn, policy)) = trust else {
        panic!("no trust policy resource: {:?}", s.resources)
    };
    assert_eq!(
        arn,
        format!("arn:aws:iam::{ACCOUNT}:role/service-role/ml-notebook")
    );
    assert!(policy.starts_with("{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n"));
    assert!(policy.contains("ec2.amazonaws.com"));
    assert_eq!(s.resources.len(), 2);
    // Instance profiles, in the report.
    assert_eq!(
        i.report.instance_profiles,
        vec![InstanceProfiles {
            principal: "ml-notebook".into(),
            role: format!("arn:aws:iam::{ACCOUNT}:role/service-role/ml-notebook"),
            profiles: vec!["ml-notebook-profile".into()],
        }]
    );
    // Nothing left out; the engine gives the role's sessions the role's ARN, path included, as
    // `aws:PrincipalArn` (what a data perimeter's `arn:aws:iam::*:role/service-role/*` names).
    assert_eq!(kinds(&i.report), []);
    let caller = Principal::parse(&notebook.arn).map(|p| p.principal_arn());
    assert_eq!(
        caller.as_deref(),
        Ok(format!("arn:aws:iam::{ACCOUNT}:role/service-role/ml-notebook").as_str())
    );
}

#[test]
fn the_rest_of_the_scenario_is_the_default_one_with_the_account_listed() {
    let s = imported(&[OBJECT]).scenario;
    let d = Scenario::default();
    assert_eq!(s.endpoints, d.endpoints);
    assert_eq!(s.context, d.context);
    assert_eq!(s.actions, "sagemaker:*");
    assert_eq!(s.accounts.len(), 1);
    assert_eq!(s.accounts[0].id, ACCOUNT);
    assert!(s.organization.is_none());
    assert!(s.title.contains("2 users, 2 roles"), "{}", s.title);
    // The document is one the page and the command line read (within every bound).
    assert!(share::validate(&s).is_ok());
}

#[test]
fn json_strings_and_url_encoded_strings_read_as_objects_do() {
    let object = imported(&[OBJECT]);
    let string = imported(&[STRING]);
    let encoded = imported(&[URLENCODED]);
    assert_eq!(string.scenario, object.scenario);
    assert_eq!(encoded.scenario, object.scenario);
    assert_eq!(string.report.problems.len(), 0);
    assert_eq!(encoded.report.problems.len(), 0);
}

#[test]
fn pages_are_merged_duplicates_kept_once_and_policies_of_a_later_page_resolved() {
    // Page 1 (URL-encoded documents) has the users, the group and the first role, and no
    // managed policy; page 2 has alice again, the second role and every managed policy.
    let i = imported(&[PAGE1, PAGE2]);
    assert_eq!(i.scenario, imported(&[OBJECT]).scenario);
    assert_eq!(i.report.pages, 2);
    assert_eq!(i.report.duplicates, 1);
    assert_eq!(i.report.users, 2);
    assert_eq!(kinds(&i.report), []);
    // The same file twice: everything kept once.
    let twice = imported(&[OBJECT, OBJECT]);
    assert_eq!(twice.scenario, imported(&[OBJECT]).scenario);
    assert_eq!(twice.report.duplicates, 2 + 1 + 2 + 4);
}

#[test]
fn a_page_whose_export_goes_on_says_pages_are_missing() {
    let i = imported(&[PAGE1]);
    let incomplete: Vec<&Problem> = i
        .report
        .problems
        .iter()
        .filter(|p| p.kind == ProblemKind::IncompleteExport)
        .collect();
    assert_eq!(incomplete.len(), 1, "{:?}", i.report.problems);
    assert!(
        incomplete[0].reason.contains("1 page was given"),
        "{}",
        incomplete[0].reason
    );
    // Page 1 names managed policies page 2 holds: each attachment reported, none dropped silently.
    assert!(i
        .report
        .problems
        .iter()
        .any(|p| p.kind == ProblemKind::ManagedPolicyNotFound));
    // With its last page, nothing is missing.
    assert!(imported(&[PAGE2, PAGE1])
        .report
        .problems
        .iter()
        .all(|p| p.kind != ProblemKind::IncompleteExport));
}

#[test]
fn every_item_left_out_is_a_report_entry_with_its_place_and_reason() {
    let i = imported(&[UNRESOLVED]);
    let found: Vec<(ProblemKind, &str, &str)> = i
        .report
        .problems
        .iter()
        .map(|p| (p.kind, p.principal.as_str(), p.place.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (
                ProblemKind::GroupNotFound,
                "alice",
                "UserDetailList[0].GroupList[1]"
            ),
            (
                ProblemKind::ManagedPolicyNotFound,
                "alice",
                "UserDetailList[0].AttachedManagedPolicies[1]"
            ),
            (
                ProblemKind::UnreadableDocument,
                "bob",
                "UserDetailList[1].UserPolicyList[0].PolicyDocument"
            ),
            (ProblemKind::WrongType, "bob", "UserDetailList[1].Tags"),
            (
                ProblemKind::UnreadableDocument,
                "bob-role",
                "RoleDetailList[1].RolePolicyList[0].PolicyDocument"
            ),
            (
                ProblemKind::NoDefaultVersion,
                "bob-role",
                "RoleDetailList[1].AttachedManagedPolicies[0]"
            ),
            (ProblemKind::MissingField, "no-arn", "RoleDetailList[2]"),
        ]
    );
    let missing = &i.report.problems[1];
    assert_eq!(
        missing.policy,
        "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"
    );
    assert!(
        missing.reason.contains("not in the file's Policies list"),
        "{}",
        missing.reason
    );
    assert_eq!((missing.page, missing.line, missing.column), (1, 33, 9));
    let group = &i.report.problems[0];
    assert!(group.reason.contains("`ghosts`"), "{}", group.reason);
    let broken = &i.report.problems[2];
    assert_eq!(broken.policy, "broken");
    assert!(
        broken.reason.contains("not valid JSON (line 1, column 41"),
        "{}",
        broken.reason
    );
    assert!(i.report.problems[4].reason.contains("is a number"));
    assert!(i.report.problems[5].reason.contains("DefaultVersionId v9"));
    // What is left out is not in the scenario; the rest is.
    let s = &i.scenario;
    assert_eq!(s.principals.len(), 4);
    assert_eq!(
        policy_names(principal(s, "bob")),
        ["AmazonSageMakerReadOnly"]
    );
    assert!(principal(s, "bob").tags.is_empty());
    assert_eq!(
        policy_names(principal(s, "bob-role")),
        ["AmazonSageMakerReadOnly"]
    );
    assert_eq!(principal(s, "alice").policies.len(), 4);
}

#[test]
fn a_boundary_not_in_the_file_is_reported_and_left_empty() {
    let text = r#"{"UserDetailList": [{"UserName": "u", "Arn": "arn:aws:iam::111122223333:user/u",
        "PermissionsBoundary": {"PermissionsBoundaryType": "Policy",
            "PermissionsBoundaryArn": "arn:aws:iam::111122223333:policy/gone"}}]}"#;
    let i = imported(&[text]);
    assert!(i.scenario.principals[0].boundary.is_empty());
    let p = &i.report.problems[0];
    assert_eq!(p.kind, ProblemKind::ManagedPolicyNotFound);
    assert_eq!(p.place, "UserDetailList[0].PermissionsBoundary");
    assert!(
        p.reason.contains("set as permissions boundary"),
        "{}",
        p.reason
    );
}

#[test]
fn the_default_version_is_found_by_its_id_when_no_version_is_flagged() {
    let text = r#"{"UserDetailList": [{"UserName": "u", "Arn": "arn:aws:iam::111122223333:user/u",
        "AttachedManagedPolicies": [{"PolicyName": "p", "PolicyArn": "arn:aws:iam::111122223333:policy/p"}]}],
      "Policies": [{"PolicyName": "p", "Arn": "arn:aws:iam::111122223333:policy/p", "DefaultVersionId": "v2",
        "PolicyVersionList": [
          {"VersionId": "v1", "Document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}},
          {"VersionId": "v2", "Document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sagemaker:ListModels", "Resource": "*"}]}}]}]}"#;
    let i = imported(&[text]);
    assert_eq!(
        i.scenario.principals[0].policies[0].text,
        laid_out("Allow", "sagemaker:ListModels")
    );
    assert!(i.report.problems.is_empty(), "{:?}", i.report.problems);
}

#[test]
fn documents_keep_their_members_in_order_and_strings_as_written() {
    let doc = r#"{"Statement":[{"Sid":"A1","Resource":"*","Action":"s3:GetObject","Effect":"Allow"}],"Version":"2012-10-17"}"#;
    let as_string = serde_json::to_string(doc).unwrap_or_default();
    let text = format!(
        r#"{{"UserDetailList": [{{"UserName": "u", "Arn": "arn:aws:iam::111122223333:user/u",
            "UserPolicyList": [{{"PolicyName": "p", "PolicyDocument": {as_string}}}]}}]}}"#
    );
    let i = imported(&[&text]);
    assert_eq!(
        i.scenario.principals[0].policies[0].text,
        "{\n  \"Statement\": [\n    {\n      \"Sid\": \"A1\",\n      \"Resource\": \"*\",\n      \"Action\": \"s3:GetObject\",\n      \"Effect\": \"Allow\"\n    }\n  ],\n  \"Version\": \"2012-10-17\"\n}"
    );
}

#[test]
fn url_decoding_keeps_plus_signs_and_refuses_bad_escapes() {
    assert_eq!(
        documents::percent_decode("%7B%22a%22%3A%22x+y%20z%22%7D").as_deref(),
        Ok(r#"{"a":"x+y z"}"#)
    );
    assert!(documents::percent_decode("%7B%ZZ").is_err());
    assert!(documents::percent_decode("%7B%2").is_err());
    assert!(documents::percent_decode("%FF%FE").is_err());
    let text = r#"{"UserDetailList": [{"UserName": "u", "Arn": "arn:aws:iam::111122223333:user/u",
        "UserPolicyList": [{"PolicyName": "bad", "PolicyDocument": "%7B%ZZ"},
                           {"PolicyName": "words", "PolicyDocument": "allow everything"},
                           {"PolicyName": "list", "PolicyDocument": "%5B%5D"}]}]}"#;
    let i = imported(&[text]);
    let reasons: Vec<&str> = i
        .report
        .problems
        .iter()
        .map(|p| p.reason.as_str())
        .collect();
    assert_eq!(reasons.len(), 3, "{reasons:?}");
    assert!(
        reasons[0].contains("not followed by two hex digits"),
        "{}",
        reasons[0]
    );
    assert!(reasons[1].contains("neither JSON"), "{}", reasons[1]);
    assert!(reasons[2].contains("holds an array"), "{}", reasons[2]);
    assert!(i.scenario.principals[0].policies.is_empty());
}

#[test]
fn principal_names_stay_unique_across_kinds_and_accounts() {
    let text = r#"{
      "UserDetailList": [{"UserName": "ops", "Arn": "arn:aws:iam::111122223333:user/ops"}],
      "RoleDetailList": [
        {"RoleName": "ops", "Arn": "arn:aws:iam::111122223333:role/ops", "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": []}},
        {"RoleName": "ops", "Arn": "arn:aws:iam::444455556666:role/ops", "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": []}},
        {"RoleName": "ops", "Arn": "arn:aws:iam::777788889999:role/x/ops", "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": []}},
        {"RoleName": "ops", "Arn": "arn:aws:iam::777788889999:role/y/ops", "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": []}}
      ]}"#;
    let s = imported(&[text]).scenario;
    let names: Vec<&str> = s.principals.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "ops",
            "ops-role",
            "ops@444455556666",
            "ops@777788889999",
            "ops-2"
        ]
    );
    let accounts: Vec<&str> = s.accounts.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(accounts, [ACCOUNT, "444455556666", "777788889999"]);
    assert_eq!(
        s.resource_named("ops-2").map(|r| r.arn.as_str()),
        Some("arn:aws:iam::777788889999:role/y/ops")
    );
}

#[test]
fn text_that_is_not_json_is_an_error_with_its_line_and_column() {
    let e = import(&[OBJECT, "{\n  \"UserDetailList\": [\n    {\"UserName\": }\n"]);
    let Err(e) = e else { panic!("read") };
    assert_eq!((e.page, e.line, e.column), (2, 3, 18));
    assert!(e.message.starts_with("not valid JSON"), "{}", e.message);
    let Err(e) = import(&["[]"]) else {
        panic!("read")
    };
    assert!(e.message.contains("not the output of"), "{}", e.message);
    let Err(e) = import(&[r#"{"version": 2, "principals": []}"#]) else {
        panic!("read")
    };
    assert!(e.message.contains("UserDetailList"), "{}", e.message);
    let Err(e) = import(&[]) else { panic!("read") };
    assert_eq!(e.page, 0);
    let deep = format!(
        "{{\"UserDetailList\": {}{}}}",
        "[".repeat(100),
        "]".repeat(100)
    );
    assert!(import(&[&deep]).is_err());
}

#[test]
fn an_import_over_the_size_limit_is_refused_before_it_is_read() {
    let half = " ".repeat(MAX_IMPORT_BYTES / 2 + 1);
    let Err(e) = import(&[&half, &half]) else {
        panic!("read")
    };
    assert_eq!(e.page, 0);
    assert!(e.message.contains("too large"), "{}", e.message);
}

#[test]
fn values_of_the_wrong_type_are_reported_not_fatal() {
    let text = r#"{"UserDetailList": {"u": 1}, "GroupDetailList": [7],
        "RoleDetailList": [{"RoleName": 5, "Arn": "arn:aws:iam::111122223333:role/r"},
          {"RoleName": "r", "Arn": "arn:aws:iam::111122223333:role/r", "RolePolicyList": "none",
           "AttachedManagedPolicies": [{"PolicyName": "p"}], "InstanceProfileList": [{"Arn": "x"}],
           "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": []}}],
        "Policies": [{"PolicyName": "p", "Arn": "arn:aws:iam::111122223333:policy/p", "PolicyVersionList": {}}]}"#;
    let i = imported(&[text]);
    let found: Vec<(ProblemKind, &str)> = i
        .report
        .problems
        .iter()
        .map(|p| (p.kind, p.place.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (ProblemKind::WrongType, "UserDetailList"),
            (ProblemKind::WrongType, "GroupDetailList[0]"),
            (ProblemKind::WrongType, "RoleDetailList[0].RoleName"),
            (ProblemKind::WrongType, "RoleDetailList[1].RolePolicyList"),
            (
                ProblemKind::MissingField,
                "RoleDetailList[1].AttachedManagedPolicies[0]"
            ),
            (
                ProblemKind::MissingField,
                "RoleDetailList[1].InstanceProfileList[0]"
            ),
            (ProblemKind::WrongType, "Policies[0].PolicyVersionList"),
        ]
    );
    assert_eq!(i.report.problems[6].policy, "p");
    assert_eq!(i.report.problems[6].principal, "");
    assert_eq!(i.scenario.principals.len(), 1);
    assert_eq!(i.scenario.principals[0].name, "r");
}

#[test]
fn a_principal_arn_the_engine_does_not_read_is_left_out_and_reported() {
    let text = r#"{"UserDetailList": [{"UserName": "u", "Arn": "arn:aws:iam::1234:user/u"}]}"#;
    let i = imported(&[text]);
    assert!(i.scenario.principals.is_empty());
    assert_eq!(i.report.problems[0].kind, ProblemKind::InvalidArn);
}

#[test]
fn a_scenario_past_the_page_bounds_says_so() {
    let mut users = Vec::new();
    for n in 0..(MAX_PRINCIPALS + 1) {
        users.push(format!(
            r#"{{"UserName": "u{n}", "Arn": "arn:aws:iam::111122223333:user/u{n}"}}"#
        ));
    }
    let text = format!(r#"{{"UserDetailList": [{}]}}"#, users.join(","));
    let i = imported(&[&text]);
    assert_eq!(i.scenario.principals.len(), MAX_PRINCIPALS + 1);
    assert_eq!(
        kinds(&i.report),
        [(ProblemKind::BeyondLimit, String::new())]
    );
    assert!(i.report.problems[0]
        .reason
        .contains(&format!("{} principals", MAX_PRINCIPALS + 1)));
    // The page refuses it as a whole, saying why; at the bound it imports.
    match import_for_page(&[&text]) {
        Ok(_) => panic!("the page took {} principals", MAX_PRINCIPALS + 1),
        Err(e) => {
            assert_eq!(e.page, 0);
            assert!(
                e.message.contains("too large for the page"),
                "{}",
                e.message
            );
            assert!(
                e.message.contains(&format!("at most {MAX_PRINCIPALS}")),
                "{}",
                e.message
            );
        }
    }
    let fewer = format!(
        r#"{{"UserDetailList": [{}]}}"#,
        users[..MAX_PRINCIPALS].join(",")
    );
    let ok = import_for_page(&[&fewer]).expect("at the bound the page imports");
    assert_eq!(ok.scenario.principals.len(), MAX_PRINCIPALS);
}

#[test]
fn the_imported_scenario_decides_as_its_policies_say() {
    let ws = crate::scenario::Workspace::new(imported(&[OBJECT]).scenario);
    assert!(!ws.has_errors());
    let Some(grid) = ws.grid() else {
        panic!("no grid")
    };
    let at = |action: &str| {
        grid.actions
            .iter()
            .position(|a| *a == action)
            .unwrap_or_else(|| panic!("no row {action}"))
    };
    let row = |action: &str| -> Vec<crate::engine::Decision> {
        grid.cells[at(action)].iter().map(|c| c.decision).collect()
    };
    use crate::engine::Decision::{Allowed, ExplicitlyDenied, ImplicitlyDenied};
    // alice (through her group), bob, ml-notebook (its own attachment), bob-role.
    assert_eq!(
        row("sagemaker:CreateTrainingJob"),
        [Allowed, ImplicitlyDenied, Allowed, ImplicitlyDenied]
    );
    assert_eq!(
        row("sagemaker:DeleteModel"),
        [
            ExplicitlyDenied,
            ImplicitlyDenied,
            ImplicitlyDenied,
            ExplicitlyDenied
        ]
    );
}

#[test]
fn a_policy_the_playground_reads_with_an_error_is_reported_once_per_text() {
    // Two users carry the same managed policy, whose two statements share a Sid (AWS refuses
    // such a policy; the grid is not decided while it is there); a third has a clean one.
    let bad = r#"{"Version": "2012-10-17", "Statement": [{"Sid": "A", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}, {"Sid": "A", "Effect": "Allow", "Action": "s3:PutObject", "Resource": "*"}]}"#;
    let good = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}"#;
    let user = |name: &str, policy: &str| {
        format!(
            r#"{{"UserName": "{name}", "Arn": "arn:aws:iam::111122223333:user/{name}", "AttachedManagedPolicies": [{{"PolicyName": "{policy}", "PolicyArn": "arn:aws:iam::111122223333:policy/{policy}"}}]}}"#
        )
    };
    let policy = |name: &str, doc: &str| {
        format!(
            r#"{{"PolicyName": "{name}", "Arn": "arn:aws:iam::111122223333:policy/{name}", "DefaultVersionId": "v1", "PolicyVersionList": [{{"VersionId": "v1", "IsDefaultVersion": true, "Document": {doc}}}]}}"#
        )
    };
    let text = format!(
        r#"{{"UserDetailList": [{}, {}, {}], "Policies": [{}, {}]}}"#,
        user("ann", "shared"),
        user("ben", "shared"),
        user("cid", "clean"),
        policy("shared", bad),
        policy("clean", good)
    );
    let i = imported(&[&text]);
    assert_eq!(i.scenario.principals.len(), 3);
    assert_eq!(kinds(&i.report), [(ProblemKind::PolicyError, "ann".into())]);
    let p = &i.report.problems[0];
    assert_eq!(p.policy, "shared");
    assert!(p.reason.contains("UNIQUE_SIDS_REQUIRED"), "{}", p.reason);
    assert!(
        p.reason.contains("2 principals carry the same text"),
        "{}",
        p.reason
    );
    assert!(crate::scenario::Workspace::new(i.scenario).has_errors());
}

/// An imported account's grid (principals sharing their managed policies' texts, so their
/// parses, and every row decided with one action index) decides every cell as the full
/// `decide` behind its explanation.
#[test]
fn an_imported_accounts_grid_decides_every_cell_as_its_explanation() {
    use crate::scenario::Workspace;
    for pages in [&[OBJECT][..], &[PAGE1, PAGE2], &[STRING], &[URLENCODED]] {
        let mut scenario = imported(pages).scenario;
        scenario.actions = "sagemaker:*, s3:Get*, iam:PassRole, sts:AssumeRole".into();
        let ws = Workspace::new(scenario);
        assert!(!ws.has_errors(), "the import reads without errors");
        let grid = ws.grid().expect("a grid");
        assert!(grid.actions.len() > 100 && grid.principals.len() > 1);
        for (r, action) in grid.actions.iter().enumerate() {
            for (c, id) in grid.principals.iter().enumerate() {
                let cell = &grid.cells[r][c];
                let e = ws.explain(*id, action).expect("explained");
                let blocked: Vec<crate::engine::Layer> = cell.blocked_by.iter().collect();
                assert_eq!(
                    (cell.decision, blocked),
                    (e.evaluation.decision, e.evaluation.blocked_by.clone()),
                    "{action}, principal {c}"
                );
            }
        }
    }
}

#[test]
fn a_scenario_file_is_told_from_an_export_by_its_content() {
    // Every preset, written as the page's *Export file* writes it, is a scenario file.
    for id in crate::scenario::presets::PRESET_IDS {
        let scenario = crate::scenario::presets::preset(id)
            .expect("a preset")
            .scenario;
        let text = serde_json::to_string_pretty(&scenario).expect("serializable");
        assert!(is_scenario_file(&[&text]), "{id}");
        // And it reads back as `Import file` reads it.
        assert!(crate::scenario::report::read(&text).is_ok(), "{id}");
    }
    // A version 1 document: one `endpoint`, no `principals` required.
    assert!(is_scenario_file(&[r#"{"endpoint": {"policy": ""}}"#]));
    // Exports, in every encoding and paginated, are not.
    for text in [OBJECT, STRING, URLENCODED, PAGE1, PAGE2, UNRESOLVED] {
        assert!(!is_scenario_file(&[text]));
    }
    assert!(!is_scenario_file(&[PAGE1, PAGE2]));
    // An object with the keys of both is read as an export (whose import says what is wrong).
    assert!(!is_scenario_file(&[
        r#"{"principals": [], "UserDetailList": []}"#
    ]));
    // Garbage, other JSON, an empty object, nothing: not a scenario file.
    for text in [
        "",
        "not json",
        "{\"principals\": [",
        "[{\"principals\": []}]",
        "\"principals\"",
        "{}",
        "{\"title\": \"only a title\"}",
    ] {
        assert!(!is_scenario_file(&[text]), "{text:?}");
    }
    assert!(!is_scenario_file(&[]));
    // The same scenario given twice is two files: an export's pages.
    let seed = serde_json::to_string(
        &crate::scenario::presets::preset(crate::scenario::presets::PRESET_IDS[0])
            .expect("a preset")
            .scenario,
    )
    .expect("serializable");
    assert!(!is_scenario_file(&[&seed, &seed]));
}

#[test]
fn a_workspace_takes_the_parses_of_the_import_and_decides_as_one_that_parses_again() {
    use crate::scenario::{KnownParses, Workspace};
    let i = imported(&[OBJECT]);
    // Every distinct identity, boundary and trust policy text was parsed once, and kept.
    assert!(!i.parses.is_empty());
    let p = i.scenario.principals.first().expect("a principal");
    let text = &p.policies.first().expect("a policy").text;
    let kept = i
        .parses
        .get(text, crate::engine::PolicyKind::Identity)
        .expect("the parse of an identity policy");
    let taken = Workspace::with_parses(i.scenario.clone(), &i.parses);
    let parsed_again = Workspace::with_parses(i.scenario.clone(), &KnownParses::default());
    assert_eq!(taken.grid(), parsed_again.grid());
    assert_eq!(taken.diagnostics(), parsed_again.diagnostics());
    // Shared, not copied: the import's parse and the workspace's are one.
    assert!(std::rc::Rc::strong_count(&kept) > 2);
}

#[test]
fn files_are_decoded_as_a_browser_reads_them_as_text() {
    let text = "{\"é\": \"𝄞\"}";
    let utf16le: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let utf16be: Vec<u8> = [0xFE, 0xFF]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
        .collect();
    let bom8: Vec<u8> = [0xEF, 0xBB, 0xBF].into_iter().chain(text.bytes()).collect();
    assert_eq!(decode_file(text.as_bytes().to_vec()), text);
    assert_eq!(decode_file(bom8), text);
    assert_eq!(decode_file(utf16le.clone()), text);
    assert_eq!(decode_file(utf16be), text);
    // Invalid sequences: one replacement character per maximal invalid part, as browsers do.
    assert_eq!(
        decode_file(b"a\xFFb\xE2\x82c".to_vec()),
        "a\u{FFFD}b\u{FFFD}c"
    );
    // A lone surrogate and an odd last byte of UTF-16.
    assert_eq!(
        decode_file(vec![0xFF, 0xFE, 0x00, 0xD8, 0x41, 0x00, 0x42]),
        "\u{FFFD}A\u{FFFD}"
    );
    assert_eq!(decode_file(Vec::new()), "");
    // An export saved as UTF-16LE (Windows PowerShell's `>`) imports like the UTF-8 one.
    let saved: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(OBJECT.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let decoded = decode_file(saved);
    assert_eq!(decoded, OBJECT);
    assert_eq!(
        imported(&[&decoded]).scenario.principals.len(),
        imported(&[OBJECT]).scenario.principals.len()
    );
}
