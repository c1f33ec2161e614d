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
