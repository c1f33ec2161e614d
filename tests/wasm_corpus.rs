//! The decision corpus again, in wasm under node: the engine must answer exactly as natively.
#![cfg(target_arch = "wasm32")]

mod support;

include!(concat!(env!("OUT_DIR"), "/corpus_files.rs"));

use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
fn every_corpus_case_gets_the_documented_answer_in_wasm() {
    let failures: Vec<String> = CORPUS_FILES
        .iter()
        .filter_map(|(name, text)| support::check_case(name, text).err())
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} corpus cases failed in wasm:\n{}",
        failures.len(),
        CORPUS_FILES.len(),
        failures.join("\n")
    );
    assert!(
        CORPUS_FILES.len() >= 150,
        "only {} corpus cases",
        CORPUS_FILES.len()
    );
}

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
