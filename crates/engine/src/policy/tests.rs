//! Unit tests of the parser (grammar only: the catalog's warnings are tested in `crate::checks`).

use super::conditions::short_wildcard_runs;
use super::*;

/// The grammar alone: these tests need no catalog (tests of the catalog's warnings are in
/// `crate::checks`).
fn parse_policy_text(text: &str, kind: PolicyKind) -> ParsedPolicy {
    parse_policy_text_with(text, kind, &NoNames)
}

fn messages(text: &str, kind: PolicyKind) -> Vec<String> {
    parse_policy_text(text, kind)
        .diagnostics
        .into_iter()
        .map(|d| d.message)
        .collect()
}

#[test]
fn reads_the_seed_policies() {
    let parsed = parse_policy_text(
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/specific-user"},"Action":"sagemaker:*","Resource":"*"}]}"#,
        PolicyKind::Endpoint,
    );
    assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
    assert_eq!(parsed.policy.statements.len(), 1);
}

#[test]
fn principal_rules_depend_on_the_kind() {
    let with_principal =
        r#"{"Statement":{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}}"#;
    assert_eq!(
        messages(with_principal, PolicyKind::Identity),
        vec!["`Principal` is not allowed in an identity policy"]
    );
    let without = r#"{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}"#;
    assert_eq!(
        messages(without, PolicyKind::Endpoint),
        vec!["this statement has no `Principal`, which a vpc endpoint policy requires"]
    );
}

#[test]
fn both_action_and_not_action_is_an_error() {
    let text =
        r#"{"Statement":{"Effect":"Allow","Action":"s3:*","NotAction":"iam:*","Resource":"*"}}"#;
    assert_eq!(
        messages(text, PolicyKind::Identity),
        vec!["a statement cannot have both `Action` and `NotAction`"]
    );
}

#[test]
fn endpoint_wildcards_need_six_characters_on_one_side() {
    assert_eq!(short_wildcard_runs("team-*-data"), Some((5, 5)));
    assert_eq!(short_wildcard_runs("*"), Some((0, 0)));
    assert_eq!(short_wildcard_runs("team-a*"), None);
    assert_eq!(short_wildcard_runs("*-analytics"), None);
    // Every wildcard counts: the second `*` of `abcdef*x*` has one character before it.
    assert_eq!(short_wildcard_runs("abcdef*x*"), Some((1, 0)));
    assert_eq!(short_wildcard_runs("no wildcard"), None);
}

#[test]
fn sid_rules_depend_on_the_kind() {
    let text = r#"{"Version":"2012-10-17","Statement":{"Sid":"read all","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}}"#;
    assert!(messages(text, PolicyKind::Resource).is_empty());
    assert!(messages(text, PolicyKind::Endpoint).is_empty());
    let identity = text.replace(r#""Principal":"*","#, "");
    assert_eq!(
        messages(&identity, PolicyKind::Identity),
        vec!["the `Sid` `read all` has characters other than letters and digits, which an identity policy does not accept"]
    );
}

#[test]
fn trust_policies_have_no_resource() {
    let trust = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}}"#;
    let parsed = parse_policy_text(trust, PolicyKind::Trust);
    assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
    assert_eq!(parsed.policy.statements.len(), 1);
    // The same text is not a valid resource-based policy of another kind.
    assert_eq!(
        messages(trust, PolicyKind::Resource),
        vec!["this statement has no `Resource` or `NotResource`"]
    );
}

#[test]
fn no_wildcard_in_an_arn_service_segment() {
    let text =
        r#"{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s*:::bucket/*"}}"#;
    let parsed = parse_policy_text(text, PolicyKind::Identity);
    assert!(parsed.has_errors());
    assert!(
        parsed.policy.statements.is_empty(),
        "the statement is left out, so it never grants"
    );
}

#[test]
fn rcps_allow_only_in_rcp_full_aws_access() {
    let full = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}"#;
    assert!(messages(full, PolicyKind::Rcp).is_empty());
    let narrowed = full.replace(r#""Action":"*""#, r#""Action":"s3:*""#);
    assert_eq!(
        messages(&narrowed, PolicyKind::Rcp),
        vec!["a resource control policy cannot `Allow`"]
    );
    let unversioned =
        r#"{"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*"}]}"#;
    assert_eq!(
        messages(unversioned, PolicyKind::Rcp),
        vec!["this resource control policy has no `Version`"]
    );
}

#[test]
fn many_variables_under_a_numeric_operator_cost_bounded_work() {
    let values: Vec<&str> = std::iter::repeat_n("\"${aws:PrincipalTag/age}\"", 50_000).collect();
    let text = format!(
        r#"{{"Version":"2012-10-17","Statement":{{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{{"NumericLessThan":{{"aws:MultiFactorAuthAge":[{}]}}}}}}}}"#,
        values.join(",")
    );
    let started = std::time::Instant::now();
    let parsed = parse_policy_text(&text, PolicyKind::Identity);
    assert!(started.elapsed().as_secs() < 5);
    let count = |code: Code| parsed.diagnostics.iter().filter(|d| d.code == code).count();
    assert_eq!(count(Code::INVALID_VARIABLE_FOR_OPERATOR), 50_000);
    assert_eq!(count(Code::TYPE_MISMATCH_NUMBER), 0);
}

#[test]
fn service_linked_role_patterns_that_cover_every_service_are_reported() {
    let codes = |resource: &str| -> Vec<Code> {
        let text = format!(
            r#"{{"Version":"2012-10-17","Statement":{{"Effect":"Allow","Action":"iam:CreateServiceLinkedRole","Resource":"{resource}"}}}}"#
        );
        parse_policy_text(&text, PolicyKind::Identity)
            .diagnostics
            .into_iter()
            .map(|d| d.code)
            .collect()
    };
    for every in [
        "*",
        "arn:aws:iam::*:role/aws-service-role/*",
        "arn:aws:iam::111122223333:role/*",
        "arn:*:iam::*:*",
    ] {
        assert_eq!(
            codes(every),
            [Code::CREATE_SLR_WITH_STAR_IN_RESOURCE],
            "{every}"
        );
    }
    for one in [
        "arn:aws:iam::*:role/aws-service-role/ecs.amazonaws.com/*",
        "arn:aws:s3:::amzn-s3-demo-bucket/*",
        "arn:aws:iam::*:role/aws-service-role/${aws:username}/*",
    ] {
        assert_eq!(codes(one), [], "{one}");
    }
}
