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

fn codes(text: &str, kind: PolicyKind) -> Vec<Code> {
    parse_policy_text(text, kind)
        .diagnostics
        .into_iter()
        .map(|d| d.code)
        .collect()
}

fn trust(statement: &str) -> String {
    format!(r#"{{"Version":"2012-10-17","Statement":[{statement}]}}"#)
}

#[test]
fn assume_role_actions_are_judged_only_when_written_out_in_an_allow() {
    let saml = r#""Principal":{"Federated":"arn:aws:iam::111122223333:saml-provider/Idp"}"#;
    // The action is case-insensitive.
    let text = trust(&format!(
        r#"{{"Effect":"Allow",{saml},"Action":"STS:assumerolewithwebidentity"}}"#
    ));
    assert_eq!(
        codes(&text, PolicyKind::Trust),
        [Code::MISMATCHED_ACTION_FOR_PRINCIPAL]
    );
    // Wildcards, `NotAction` and `Deny` are left alone, and so is a statement naming everyone.
    for quiet in [
        format!(r#"{{"Effect":"Allow",{saml},"Action":"sts:AssumeRole*"}}"#),
        format!(r#"{{"Effect":"Allow",{saml},"NotAction":"sts:AssumeRoleWithWebIdentity"}}"#),
        format!(r#"{{"Effect":"Deny",{saml},"Action":"sts:AssumeRoleWithWebIdentity"}}"#),
        r#"{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRoleWithSAML"}"#.into(),
        // Session tags go with every kind of principal.
        format!(
            r#"{{"Effect":"Allow",{saml},"Action":["sts:AssumeRoleWithSAML","sts:TagSession"]}}"#
        ),
    ] {
        assert_eq!(codes(&trust(&quiet), PolicyKind::Trust), [], "{quiet}");
    }
    // A provider that is no provider has its own error, and no mismatch besides.
    let text = trust(
        r#"{"Effect":"Allow","Principal":{"Federated":"ExampleCorpIdP"},"Action":"sts:AssumeRoleWithSAML"}"#,
    );
    assert_eq!(
        codes(&text, PolicyKind::Trust),
        [Code::INVALID_FEDERATED_PRINCIPAL_SYNTAX_IN_ROLE_TRUST_POLICY]
    );
}

#[test]
fn unique_ids_are_recognised_by_their_prefix_and_alphabet() {
    let bucket = |aws: &str| {
        format!(
            r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"AWS":"{aws}"}},"Action":"s3:GetObject","Resource":"*"}}]}}"#
        )
    };
    assert_eq!(
        codes(&bucket("AROAKSCDLFT9R5DQP782U"), PolicyKind::Resource),
        [Code::INVALID_ROLE_REFERENCE]
    );
    assert_eq!(
        codes(&bucket("AIDAJQABLZS4A3QDU576Q"), PolicyKind::Resource),
        [Code::INVALID_USER_REFERENCE]
    );
    // A name, or an id of another kind, is no principal at all.
    for other in [
        "alice",
        "AROA",
        "aroakscdlft9r5dqp782u",
        "AGPAKSCDLFT9R5DQP782U",
    ] {
        assert_eq!(
            codes(&bucket(other), PolicyKind::Resource),
            [Code::INVALID_PRINCIPAL_FORMAT],
            "{other}"
        );
    }
}

#[test]
fn a_role_named_with_its_path_still_covers_its_sessions() {
    let text = trust(
        r#"{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111122223333:role/ci/Deployer","arn:aws:sts::111122223333:assumed-role/Deployer/run-1","arn:aws:sts::444455556666:assumed-role/Deployer/run-1"]},"Action":"sts:AssumeRole"}"#,
    );
    // The session of the same account only: another account's Deployer is another role.
    assert_eq!(
        codes(&text, PolicyKind::Trust),
        [Code::REDUNDANT_PRINCIPAL_IN_ROLE_TRUST_POLICY]
    );
}

#[test]
fn github_sub_patterns_are_judged_by_what_their_wildcard_covers() {
    let github = |operator: &str, sub: &str| {
        trust(&format!(
            r#"{{"Effect":"Allow","Principal":{{"Federated":"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"}},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{{"{operator}":{{"token.actions.githubusercontent.com:sub":"{sub}"}}}}}}"#
        ))
    };
    for loose in [
        "*",
        "repo:*",
        "repo:octo-org/*",
        "repo:octo-*/octo-repo:*",
        "repo:octo-org/octo-repo*",
    ] {
        assert_eq!(
            codes(&github("StringLike", loose), PolicyKind::Trust),
            [Code::SPECIFIC_GITHUB_REPO_AND_BRANCH_RECOMMENDED],
            "{loose}"
        );
    }
    for named in [
        "repo:octo-org/octo-repo:*",
        "repo:octo-org/octo-repo:ref:refs/heads/main",
        "repo:octo-org/octo-repo:environment:prod",
    ] {
        assert_eq!(
            codes(&github("StringLike", named), PolicyKind::Trust),
            [],
            "{named}"
        );
    }
    // A negated pattern narrows rather than admits.
    assert_eq!(
        codes(&github("StringNotLike", "repo:*"), PolicyKind::Trust),
        []
    );
}

#[test]
fn many_principals_and_conditions_cost_linear_work() {
    let providers: Vec<String> = (0..3000)
        .map(|i| format!(r#""arn:aws:iam::111122223333:oidc-provider/idp{i}.example.com""#))
        .collect();
    let keys: Vec<String> = (0..3000)
        .map(|i| format!(r#""idp{i}.example.com:aud":"app""#))
        .collect();
    let sessions: Vec<String> = (0..3000)
        .map(|i| format!(r#""arn:aws:sts::111122223333:assumed-role/R{i}/s","arn:aws:iam::111122223333:role/R{i}""#))
        .collect();
    let text = trust(&format!(
        r#"{{"Effect":"Allow","Principal":{{"Federated":[{}],"AWS":[{}]}},"Action":["sts:AssumeRoleWithWebIdentity","sts:AssumeRole"],"Condition":{{"StringEquals":{{{}}}}}}}"#,
        providers.join(","),
        sessions.join(","),
        keys.join(",")
    ));
    let start = std::time::Instant::now();
    let mut found = codes(&text, PolicyKind::Trust);
    assert!(start.elapsed().as_secs() < 5, "{:?}", start.elapsed());
    found.retain(|c| *c != Code::POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA);
    // 3,000 found: the first `MAX_DIAGNOSTICS` kept, the rest counted in one last finding.
    assert_eq!(found.len(), super::MAX_DIAGNOSTICS + 1);
    assert_eq!(found.last(), Some(&Code::TOO_MANY_FINDINGS));
    assert!(found[..super::MAX_DIAGNOSTICS]
        .iter()
        .all(|c| *c == Code::REDUNDANT_PRINCIPAL_IN_ROLE_TRUST_POLICY));
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
    // Errors: the first `MAX_DIAGNOSTICS` kept, the other 49,800 counted.
    assert_eq!(
        count(Code::INVALID_VARIABLE_FOR_OPERATOR),
        super::MAX_DIAGNOSTICS
    );
    assert_eq!(count(Code::TYPE_MISMATCH_NUMBER), 0);
    let rest = parsed
        .diagnostics
        .iter()
        .find(|d| d.code == Code::TOO_MANY_FINDINGS)
        .expect("the count");
    assert!(
        rest.message.starts_with("49800 more findings"),
        "{}",
        rest.message
    );
    assert!(parsed.has_errors());
}

#[test]
fn a_policy_full_of_mistakes_keeps_a_bounded_list_and_its_errors() {
    let count_of = |p: &crate::ParsedPolicy, code: Code| {
        p.diagnostics.iter().filter(|d| d.code == code).count()
    };
    // 30,000 statements with two mistakes each on one line: the parse stays linear (no recount
    // of the errors per statement), keeps `MAX_DIAGNOSTICS` findings and counts the rest.
    let statement = r#"{"Effect":"Allaw","Action":"s3:GetObject","Resource":"*","Sid":"a b"}"#;
    let text = format!(
        r#"{{"Version":"2012-10-17","Statement":[{}]}}"#,
        vec![statement; 30_000].join(",")
    );
    let started = std::time::Instant::now();
    let parsed = parse_policy_text(&text, PolicyKind::Identity);
    assert!(started.elapsed().as_secs() < 10, "{:?}", started.elapsed());
    assert!(parsed.has_errors());
    assert!(parsed.policy.statements.is_empty());
    // The kept findings, the count of the rest, and the policy's size (past AWS's quota).
    assert_eq!(parsed.diagnostics.len(), super::MAX_DIAGNOSTICS + 2);
    assert_eq!(count_of(&parsed, Code::TOO_MANY_FINDINGS), 1);
    // A warning-only list past the bound still keeps the first error that comes after it.
    let warnings =
        vec![r#"{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Sid":"a b"}"#; 300];
    let text = format!(
        r#"{{"Version":"2012-10-17","Statement":[{},{{"Effect":"Allaw","Action":"s3:GetObject","Resource":"*"}}]}}"#,
        warnings.join(",")
    );
    let parsed = parse_policy_text(&text, PolicyKind::Identity);
    assert!(parsed.has_errors(), "{:?}", parsed.diagnostics.last());
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

#[test]
fn a_range_with_host_bits_is_fixed_to_its_network() {
    let text = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":["203.0.113.5/24"]}}}]}"#;
    let parsed = parse_policy_text(text, PolicyKind::Identity);
    let fix = parsed
        .diagnostics
        .iter()
        .find(|d| d.code == Code::IMPROVE_IP_RANGE)
        .and_then(|d| d.fix.clone())
        .expect("a fix");
    assert_eq!(
        fix.apply(text),
        text.replace("203.0.113.5/24", "203.0.113.0/24")
    );
}

#[test]
fn forallvalues_in_an_allow_warns_unless_the_block_requires_the_key() {
    // AWS's "restrict training to a specific VPC" pairs `ForAllValues` with `Null: false`.
    let policy = |condition: &str| {
        format!(
            r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": "sagemaker:CreateTrainingJob", "Resource": "*", "Condition": {condition}}}]}}"#
        )
    };
    let warned = |condition: &str| {
        codes(&policy(condition), PolicyKind::Identity)
            .iter()
            .filter(|c| **c == Code::FORALLVALUES_WITHOUT_NULL_CHECK)
            .count()
    };
    let subnets = r#""ForAllValues:StringEquals": {"sagemaker:VpcSubnets": ["subnet-1"], "sagemaker:VpcSecurityGroupIds": ["sg-1"]}"#;
    // No Null test: both keys warned.
    assert_eq!(warned(&format!("{{{subnets}}}")), 2);
    // Both required present (in any case, as a string, a boolean or a list): neither.
    for null in [
        r#""Null": {"sagemaker:VpcSubnets": "false", "sagemaker:vpcsecuritygroupids": "false"}"#,
        r#""Null": {"sagemaker:VpcSubnets": false, "sagemaker:VpcSecurityGroupIds": ["false"]}"#,
    ] {
        assert_eq!(warned(&format!("{{{null}, {subnets}}}")), 0, "{null}");
        assert_eq!(warned(&format!("{{{subnets}, {null}}}")), 0, "{null}");
    }
    // One required, the other not, or required absent: the others still warned.
    let one = r#""Null": {"sagemaker:VpcSubnets": "false"}"#;
    assert_eq!(warned(&format!("{{{one}, {subnets}}}")), 1);
    let absent = r#""Null": {"sagemaker:VpcSubnets": "true", "sagemaker:VpcSecurityGroupIds": ["false", "true"]}"#;
    assert_eq!(warned(&format!("{{{absent}, {subnets}}}")), 2);
}

/// A bucket policy open to everyone and limited only by what the caller sends (`aws:Referer`,
/// `aws:UserAgent`, next to keys any caller meets) is a security warning, once per statement;
/// a key that says where the request comes from or who sends it, a `Deny`, named principals or
/// an identity policy are not judged.
#[test]
fn public_access_limited_only_by_the_referer_is_a_security_warning() {
    let code = Code::PUBLIC_ACCESS_LIMITED_BY_CALLER_SET_KEY;
    let bucket = |effect: &str, principal: &str, condition: &str| {
        format!(
            r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"{effect}","Principal":{principal},"Action":"s3:GetObject","Resource":"arn:aws:s3:::amzn-s3-demo-bucket/*","Condition":{condition}}}]}}"#
        )
    };
    let count =
        |text: &str, kind: PolicyKind| codes(text, kind).iter().filter(|c| **c == code).count();
    let referer =
        r#"{"StringLike":{"aws:Referer":["https://www.example.com/*","https://example.com/*"]}}"#;
    assert_eq!(
        count(&bucket("Allow", r#""*""#, referer), PolicyKind::Resource),
        1
    );
    assert_eq!(
        count(
            &bucket("Allow", r#"{"AWS":"*"}"#, referer),
            PolicyKind::Resource
        ),
        1
    );
    // the key's case, the user agent, and keys any caller meets beside them
    let mixed = r#"{"StringEquals":{"AWS:REFERER":"x","aws:UserAgent":"y","aws:RequestedRegion":"eu-west-1"},"Bool":{"aws:SecureTransport":"true"},"DateGreaterThan":{"aws:CurrentTime":"2026-01-01T00:00:00Z"}}"#;
    assert_eq!(
        codes(&bucket("Allow", r#""*""#, mixed), PolicyKind::Resource),
        [code]
    );
    let agent = r#"{"StringNotLike":{"aws:UserAgent":"curl/*"}}"#;
    assert_eq!(
        count(&bucket("Allow", r#""*""#, agent), PolicyKind::Resource),
        1
    );
    // where the request comes from, or who sends it, limits it: not judged
    for other in [
        r#"{"StringLike":{"aws:Referer":"https://www.example.com/*"},"StringEquals":{"aws:SourceVpce":"vpce-1a2b3c4d"}}"#,
        r#"{"StringLike":{"aws:Referer":"https://www.example.com/*"},"IpAddress":{"aws:SourceIp":"192.0.2.0/24"}}"#,
        r#"{"StringLike":{"aws:Referer":"https://www.example.com/*"},"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}"#,
        r#"{"Bool":{"aws:SecureTransport":"true"}}"#,
    ] {
        assert_eq!(
            count(&bucket("Allow", r#""*""#, other), PolicyKind::Resource),
            0,
            "{other}"
        );
    }
    assert_eq!(
        count(&bucket("Deny", r#""*""#, referer), PolicyKind::Resource),
        0
    );
    let named = r#"{"AWS":"arn:aws:iam::111122223333:root"}"#;
    assert_eq!(
        count(&bucket("Allow", named, referer), PolicyKind::Resource),
        0
    );
    // an endpoint policy only limits what passes through it
    assert_eq!(
        count(&bucket("Allow", r#""*""#, referer), PolicyKind::Endpoint),
        0
    );
}
