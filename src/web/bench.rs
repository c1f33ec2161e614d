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
