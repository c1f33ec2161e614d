//! The action catalog in wasm under node: the same answers as natively, and how long parsing it
//! and expanding `*` take there (printed as information, not asserted). For representative times
//! run it optimized: `cargo test --release --target wasm32-unknown-unknown --test wasm_catalog`.
#![cfg(target_arch = "wasm32")]

use policy_playground::catalog::{catalog, catalog_text, Catalog};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen_test::{console_log, wasm_bindgen_test};

#[wasm_bindgen]
extern "C" {
    /// `performance.now()`: node and browsers both have it.
    #[wasm_bindgen(js_namespace = performance, js_name = now)]
    fn performance_now() -> f64;
}

/// The median of `runs` timings of `f`, in milliseconds.
fn median_ms(runs: usize, mut f: impl FnMut()) -> f64 {
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let start = performance_now();
            f();
            performance_now() - start
        })
        .collect();
    times.sort_by(|a, b| a.total_cmp(b));
    times.get(runs / 2).copied().unwrap_or(f64::NAN)
}

#[wasm_bindgen_test]
fn the_catalog_answers_in_wasm_as_natively() {
    let c = catalog();
    assert_eq!(c.malformed_lines(), 0);
    assert_eq!(c.expand("sagemaker:*").len(), 449);
    assert_eq!(c.expand("*").len(), c.action_count());
    let action = c
        .action("sagemaker:createtrainingjob")
        .expect("sagemaker:CreateTrainingJob is listed");
    assert_eq!(action.name(), "sagemaker:CreateTrainingJob");
    assert_eq!(action.access_levels().to_string(), "Write");
    assert_eq!(
        c.synthesize_arn("s3:GetObject", "aws", "us-east-1", "111122223333")
            .as_deref(),
        Some("arn:aws:s3:::example-bucket-name/example-object-name")
    );
    assert!(c.is_known_condition_key("aws:RequestTag/team"));
}

#[wasm_bindgen_test]
fn parse_and_expand_times_in_wasm() {
    let parse = median_ms(11, || {
        let c = Catalog::parse(catalog_text());
        assert!(c.action_count() > 20_000);
    });
    let c = catalog();
    let expand_all = median_ms(21, || assert_eq!(c.expand("*").len(), c.action_count()));
    let expand_service = median_ms(21, || assert_eq!(c.expand("sagemaker:*").len(), 449));
    let expand_not = median_ms(21, || assert!(!c.expand_not(&["s3:*"]).is_empty()));
    let lookup = median_ms(21, || {
        for _ in 0..1_000 {
            assert!(c.action("sagemaker:CreateTrainingJob").is_some());
        }
    });
    console_log!(
        "wasm: parse the catalog {parse:.2} ms; expand(\"*\") {expand_all:.3} ms; expand(\"sagemaker:*\") {expand_service:.3} ms; expand_not([\"s3:*\"]) {expand_not:.3} ms; 1,000 action lookups {lookup:.3} ms"
    );
}
