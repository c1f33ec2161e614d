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

include!("../../bench/account.rs");

thread_local! {
    /// The generated account of bench/account.rs and its size, made on the first call.
    static ACCOUNT: std::cell::RefCell<Option<(usize, pp::scenario::Workspace)>> =
        const { std::cell::RefCell::new(None) };
}

/// Runs `f` over the workspace of [`account_scenario`]`(principals)`, made (and its policies
/// parsed) on the first call for that size, so that the caller times the query alone.
fn with_account<T>(principals: u32, f: impl FnOnce(&pp::scenario::Workspace) -> T) -> T {
    ACCOUNT.with(|cell| {
        let mut kept = cell.borrow_mut();
        let n = principals as usize;
        if kept.as_ref().is_none_or(|(size, _)| *size != n) {
            *kept = Some((n, pp::scenario::Workspace::new(account_scenario(n))));
        }
        match kept.as_ref() {
            Some((_, ws)) => f(ws),
            None => f(&pp::scenario::Workspace::new(account_scenario(n))),
        }
    })
}

/// Who can call `action` in the generated account of `principals` principals (issue 16's
/// who-can figure): returns how many are allowed (`u32::MAX` when there is no answer).
#[wasm_bindgen(js_name = benchWhoCan)]
pub fn bench_who_can(principals: u32, action: &str) -> u32 {
    with_account(principals, |ws| {
        ws.who_can(action, None)
            .map_or(u32::MAX, |a| a.allowed().count() as u32)
    })
}

/// What the first principal whose name starts with `prefix` may do in the generated account,
/// over the whole catalog (issue 16's what-can figure): returns how many actions are allowed
/// (`u32::MAX` when there is no answer).
#[wasm_bindgen(js_name = benchWhatCan)]
pub fn bench_what_can(principals: u32, prefix: &str) -> u32 {
    with_account(principals, |ws| {
        let Some(at) = ws
            .scenario
            .principals
            .iter()
            .position(|p| p.name.starts_with(prefix))
        else {
            return u32::MAX;
        };
        ws.principal_id(at)
            .and_then(|id| ws.what_can(id, None).ok())
            .map_or(u32::MAX, |a| a.allowed as u32)
    })
}
