//! Bounded work in wasm under node: hostile nesting and backtracking patterns get an answer.
//! (The decision corpus itself runs in wasm through tests/corpus.rs, one test per case.)
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
fn deep_nesting_and_backtracking_are_bounded_in_wasm() {
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let out = policy_playground::api::simulate(&deep);
    assert!(!out.is_decision());
    let case = format!(
        r#"{{"request":{{"principal":"arn:aws:iam::111122223333:user/a","action":"s3:GetObject","resource":"arn:aws:s3:::{}"}},"identityPolicies":[{{"Statement":{{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::*a*a*a*a*a*a*a*a*b"}}}}]}}"#,
        "a".repeat(50_000)
    );
    let out = policy_playground::api::simulate(&case).to_json();
    assert!(out.contains("ImplicitlyDenied"), "{out}");
}

/// Issue 15's share-link attack reached the engine as a template repeating a long value: 4 GB
/// substituted, "capacity overflow" in wasm and a dead page. The substitution is capped: the
/// answer comes, and the module still answers afterwards.
#[wasm_bindgen_test]
fn a_template_repeating_a_long_value_gets_an_answer_in_wasm() {
    let case = format!(
        r#"{{"request":{{"principal":"arn:aws:iam::111122223333:user/a","action":"s3:GetObject","resource":"arn:aws:s3:::b/x","context":{{"aws:PrincipalTag/t":"{}"}}}},"identityPolicies":[{{"Version":"2012-10-17","Statement":{{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::b/{}"}}}}]}}"#,
        "x".repeat(policy_playground::api::MAX_CONTEXT_VALUE_LEN),
        "${aws:PrincipalTag/t}".repeat(4_500)
    );
    let out = policy_playground::api::simulate(&case).to_json();
    assert!(out.contains("ImplicitlyDenied"), "{out}");
    let allow = r#"{"request":{"principal":"arn:aws:iam::111122223333:user/a","action":"s3:GetObject","resource":"arn:aws:s3:::b/x"},"identityPolicies":[{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}]}"#;
    assert!(policy_playground::api::simulate(allow)
        .to_json()
        .contains("\"Allowed\""));
}
