//! Exports used only by the wasm benchmark (bench/run.mjs): the same decide workload as
//! benches/engine.rs (bench/workload.rs, included by both), so native and wasm figures compare.

use wasm_bindgen::prelude::*;

use crate as pp;

include!("../../bench/workload.rs");

thread_local! {
    static WORKLOAD: (pp::engine::PolicySet, Vec<pp::engine::Request>) =
        (seed_policy_set(), workload_requests());
}

/// Decides `iterations` requests of the seed workload (parsed once, on the first call) and returns
/// a checksum of the decisions, which must equal the native one for the same `iterations`.
#[wasm_bindgen(js_name = benchDecide)]
pub fn bench_decide(iterations: u32) -> u32 {
    WORKLOAD.with(|(set, requests)| run_decide_workload(set, requests, iterations))
}

/// A scenario of `principals` users, each allowed `sagemaker:*` and `s3:Get*` and denied `iam:*`,
/// through an endpoint with the default policy, over every action of the catalog: the workload of
/// the "every action" grid figure (bench/run.mjs).
pub fn every_action_scenario(principals: usize) -> pp::scenario::Scenario {
    use pp::scenario::{PolicyDoc, PrincipalDoc, Scenario};
    let policy = r#"{"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["sagemaker:*", "s3:Get*"], "Resource": "*"},
        {"Effect": "Deny", "Action": "iam:*", "Resource": "*"}]}"#;
    Scenario {
        principals: (0..principals)
            .map(|i| PrincipalDoc {
                name: format!("user-{i}"),
                arn: format!("arn:aws:iam::111122223333:user/user-{i}"),
                policies: vec![PolicyDoc {
                    name: "p".into(),
                    text: policy.into(),
                }],
                ..PrincipalDoc::default()
            })
            .collect(),
        actions: "*".into(),
        ..Scenario::default()
    }
}

/// Decides the grid of [`every_action_scenario`] once and returns the number of cells (the
/// caller times it; the catalog is parsed on the first call, so warm up first).
#[wasm_bindgen(js_name = benchEveryActionGrid)]
pub fn bench_every_action_grid(principals: u32) -> u32 {
    let ws = pp::scenario::Workspace::new(every_action_scenario(principals as usize));
    ws.grid()
        .map(|g| g.cells.iter().map(Vec::len).sum::<usize>() as u32)
        .unwrap_or(0)
}

/// Expands `*` over the catalog `times` times and returns the number of actions of the last.
#[wasm_bindgen(js_name = benchExpandAll)]
pub fn bench_expand_all(times: u32) -> u32 {
    let mut n = 0;
    for _ in 0..times {
        n = pp::catalog::catalog().expand("*").len();
    }
    n as u32
}
