//! The engine benchmark (`cargo bench --bench engine`; `scripts/bench.sh` runs it together with the
//! wasm and iam-simulate figures). A benchmark, not a test: it prints figures and checks nothing
//! but that the workload decides what it should.
//!
//! Workloads:
//! - **decide**: the seed scenario (docs/origin.md: the note's VPC endpoint policy naming
//!   `arn:aws:iam::111122223333:user/specific-user`, and its IAM policy allowing
//!   `sagemaker:CreateTrainingJob` in `us-east-1`), parsed once, and 24 requests (3 principals ×
//!   4 SageMaker actions × 2 regions, see bench/workload.rs) decided in rotation with
//!   [`policy_playground::engine::decide`]. Figure: decisions per second.
//! - **simulate, corpus**: the `input` of every case file under tests/corpus/, serialized to a
//!   JSON string once, then [`policy_playground::api::simulate`] and `to_json` (JSON text in,
//!   parse, decide, JSON answer out: what `simulateJson` does in wasm) over them in rotation.
//!   Figure: cases per second.
//! - **simulate, seed case**: the same for the one seed case (specific-user calling
//!   CreateTrainingJob in us-east-1 through the endpoint).
//!
//! Each figure is the median of [`RUNS`] runs of at least [`MIN_RUN`] each, single-threaded.
//!
//! `cargo bench --bench engine -- per-case` instead lists the corpus cases that cost the most
//! (where the end-to-end time goes); `-- case=NAME` loops on the cases whose path contains NAME
//! for 3 s (for `perf record`); `-- grid-keystrokes` times the page's keystroke workload natively
//! (what `node bench/browser.mjs --only keystrokes --stack` types, without the browser: the
//! grid decided again after each edit of the endpoint policy), for profiling the grid;
//! `-- grid-keystrokes-network` the same with every principal calling from a workload of
//! `bench/network.json` whose path reaches the endpoint (same decisions; issue 13's 20%);
//! `-- grid-diff` times what comparing with a baseline and checking the expectations add to
//! each of those keystrokes (`Baseline::diff_workspace` after the grid, then
//! `Workspace::check_expectations`); `-- who-can` times issue 16's queries on a generated account
//! of 600 principals (bench/account.rs): `Workspace::who_can` for one action over every
//! principal, and `Workspace::what_can` over the whole catalog for one principal of each kind
//! (`-- who-can=ACTION` loops on who-can alone for 5 s, for `perf record`); `-- account-grid`
//! times issue 16's full grid on an account of 600 principals: `Workspace::new` (every policy
//! parsed), the diagnostics, the grid of every principal × every SageMaker action, and who-can
//! for one action. With `ACCOUNT=FILE` the account is that `get-account-authorization-details`
//! export, imported here (`node bench/authz.mjs --out FILE` makes the generated one of 100 users
//! and 500 roles); without it, `account_scenario(600)` (bench/account.rs). `-- account-grid-loop`
//! decides that grid again and again for 10 s (for `perf record`).

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use policy_playground as pp;

include!("../bench/workload.rs");
include!("../bench/account.rs");

/// Runs per figure (the median is reported).
const RUNS: usize = 5;
/// Minimum length of one run.
const MIN_RUN: Duration = Duration::from_secs(1);

/// One measured figure.
struct Figure {
    /// The key in the JSON written for scripts/bench.sh.
    key: &'static str,
    name: &'static str,
    unit: &'static str,
    /// Operations per second of every run, sorted.
    rates: Vec<f64>,
}

impl Figure {
    fn median(&self) -> f64 {
        self.rates[self.rates.len() / 2]
    }
}

/// Runs `batch` (which performs `per_batch` operations) until at least [`MIN_RUN`] has passed,
/// [`RUNS`] times, after one warm-up run; returns the rates, sorted.
fn measure(per_batch: u64, mut batch: impl FnMut() -> u64) -> Vec<f64> {
    let mut sink = 0u64;
    let mut one_run = |sink: &mut u64| {
        let start = Instant::now();
        let mut ops = 0u64;
        loop {
            *sink = sink.wrapping_add(batch());
            ops += per_batch;
            let elapsed = start.elapsed();
            if elapsed >= MIN_RUN {
                return ops as f64 / elapsed.as_secs_f64();
            }
        }
    };
    one_run(&mut sink); // warm-up
    let mut rates: Vec<f64> = (0..RUNS).map(|_| one_run(&mut sink)).collect();
    black_box(sink);
    rates.sort_by(f64::total_cmp);
    rates
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(&path, out);
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
}

/// Every corpus case: (path under tests/corpus, its `input` as JSON text).
fn corpus_inputs() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut files = Vec::new();
    walk(&root, &mut files);
    files.sort();
    files
        .iter()
        .filter_map(|f| {
            let text = std::fs::read_to_string(f).ok()?;
            let case: serde_json::Value = serde_json::from_str(&text).ok()?;
            let name = f.strip_prefix(&root).unwrap_or(f).display().to_string();
            Some((name, case.get("input")?.to_string()))
        })
        .collect()
}

/// The seed case as simulate input.
fn seed_case() -> String {
    serde_json::json!({
        "request": {
            "principal": "arn:aws:iam::111122223333:user/specific-user",
            "action": "sagemaker:CreateTrainingJob",
            "resource": "arn:aws:sagemaker:us-east-1:111122223333:training-job/job-1",
            "context": {"aws:RequestedRegion": "us-east-1", "aws:SourceVpce": "vpce-0a1b2c3d4e5f67890"}
        },
        "identityPolicies": [serde_json::from_str::<serde_json::Value>(SEED_IDENTITY_POLICY).unwrap()],
        "endpoint": {"type": "Interface", "policy": serde_json::from_str::<serde_json::Value>(SEED_ENDPOINT_POLICY).unwrap()}
    })
    .to_string()
}

fn main() {
    // `cargo bench` passes `--bench`; accept and ignore the harness flags, but honour a filter
    // word (`cargo bench --bench engine -- decide`).
    let filter: Option<String> = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    let wanted = |name: &str| filter.as_deref().is_none_or(|f| name.contains(f));

    let set = seed_policy_set();
    let requests = workload_requests();
    let outcomes: Vec<_> = requests
        .iter()
        .map(|r| pp::engine::decide(&set, r).decision)
        .collect();
    let allowed = outcomes
        .iter()
        .filter(|d| **d == pp::engine::Decision::Allowed)
        .count();
    assert_eq!(
        allowed, 1,
        "the seed workload allows exactly specific-user's CreateTrainingJob in us-east-1"
    );
    let inputs = corpus_inputs();
    assert!(
        !inputs.is_empty(),
        "no corpus cases found under tests/corpus"
    );
    let seed = seed_case();
    assert!(
        pp::api::simulate(&seed).to_json().contains("\"Allowed\""),
        "the seed case is allowed"
    );

    if filter.as_deref() == Some("per-case") {
        per_case(&inputs);
        return;
    }
    if let Some(name) = filter.as_deref().and_then(|f| f.strip_prefix("case=")) {
        one_case(&inputs, name);
        return;
    }
    if filter.as_deref() == Some("grid-keystrokes") {
        grid_keystrokes(false);
        return;
    }
    if filter.as_deref() == Some("grid-keystrokes-network") {
        grid_keystrokes(true);
        return;
    }
    if filter.as_deref() == Some("grid-diff") {
        grid_diff();
        return;
    }
    if filter.as_deref() == Some("who-can") {
        who_can(600);
        return;
    }
    if filter.as_deref() == Some("account-grid") {
        account_grid(false);
        return;
    }
    if filter.as_deref() == Some("account-grid-loop") {
        account_grid(true);
        return;
    }
    if let Some(action) = filter.as_deref().and_then(|f| f.strip_prefix("who-can=")) {
        // For `perf record`: who-can of ACTION on the generated account, for 5 s.
        let ws = pp::scenario::Workspace::new(account_scenario(600));
        let start = Instant::now();
        let mut n = 0usize;
        while start.elapsed() < Duration::from_secs(5) {
            n += black_box(ws.who_can(action, None)).map_or(0, |a| a.rows.len());
        }
        println!("{n} rows");
        return;
    }

    let mut figures = Vec::new();
    if wanted("decide") {
        const BATCH: u32 = 24 * 1000;
        let rates = measure(BATCH as u64, || {
            run_decide_workload(&set, &requests, BATCH) as u64
        });
        figures.push(Figure {
            key: "decide",
            name: "decide, seed policy set parsed once (24 requests in rotation)",
            unit: "decisions/s",
            rates,
        });
    }
    if wanted("simulate") {
        let n = inputs.len() as u64;
        let rates = measure(n, || {
            let mut sum = 0u64;
            for (_, input) in &inputs {
                sum += pp::api::simulate(black_box(input)).to_json().len() as u64;
            }
            sum
        });
        figures.push(Figure {
            key: "simulateCorpus",
            name: "simulate + to_json (JSON in, JSON answer out), every corpus case",
            unit: "cases/s",
            rates,
        });
        const SEED_BATCH: u64 = 1000;
        let rates = measure(SEED_BATCH, || {
            let mut sum = 0u64;
            for _ in 0..SEED_BATCH {
                sum += pp::api::simulate(black_box(&seed)).to_json().len() as u64;
            }
            sum
        });
        figures.push(Figure {
            key: "simulateSeed",
            name: "simulate + to_json (JSON in, JSON answer out), the seed case",
            unit: "cases/s",
            rates,
        });
    }

    println!();
    println!(
        "Native ({} {}), single thread, median of {RUNS} runs of ≥{} s; {} corpus cases",
        std::env::consts::ARCH,
        std::env::consts::OS,
        MIN_RUN.as_secs(),
        inputs.len()
    );
    println!();
    println!("| workload | median | unit | min – max | per op |");
    println!("|---|---:|---|---:|---:|");
    for f in &figures {
        let m = f.median();
        println!(
            "| {} | {} | {} | {} – {} | {} |",
            f.name,
            thousands(m),
            f.unit,
            thousands(f.rates[0]),
            thousands(*f.rates.last().unwrap()),
            per_op(m)
        );
    }
    // For scripts/bench.sh: the medians as JSON, so bench/run.mjs can print one table.
    if let Ok(path) = std::env::var("BENCH_NATIVE_JSON") {
        let mut out = serde_json::Map::new();
        for f in &figures {
            out.insert(f.key.to_string(), serde_json::json!(f.median()));
        }
        out.insert("corpusCases".into(), serde_json::json!(inputs.len()));
        out.insert(
            "checksum24".into(),
            serde_json::json!(run_decide_workload(&set, &requests, 24)),
        );
        if let Err(e) = std::fs::write(&path, serde_json::Value::Object(out).to_string()) {
            eprintln!("cannot write {path}: {e}");
        }
    }
    println!();
    println!(
        "checksum of one rotation (benchDecide(24) in wasm must print the same): {}",
        run_decide_workload(&set, &requests, 24)
    );
    if let Some(d) = figures.iter().find(|f| f.unit == "decisions/s") {
        let target = 1_000_000.0;
        let m = d.median();
        println!();
        println!(
            "decide target ≥ 1,000,000 decisions/s: {} ({:.1}× the target)",
            if m >= target { "met" } else { "MISSED" },
            m / target
        );
    }
}

/// Prints the costliest corpus cases end to end, and their share of the whole corpus's time.
fn per_case(inputs: &[(String, String)]) {
    let mut costs: Vec<(f64, usize)> = inputs
        .iter()
        .enumerate()
        .map(|(i, (_, input))| {
            let start = Instant::now();
            let mut n = 0u32;
            while start.elapsed() < Duration::from_millis(20) {
                black_box(pp::api::simulate(black_box(input)).to_json());
                n += 1;
            }
            (start.elapsed().as_secs_f64() / n as f64, i)
        })
        .collect();
    let total: f64 = costs.iter().map(|c| c.0).sum();
    costs.sort_by(|a, b| b.0.total_cmp(&a.0));
    println!("| case | µs per case | share of the corpus time | input bytes |");
    println!("|---|---:|---:|---:|");
    for (cost, i) in costs.iter().take(12) {
        let (name, input) = &inputs[*i];
        println!(
            "| {name} | {:.1} | {:.1}% | {} |",
            cost * 1e6,
            100.0 * cost / total,
            input.len()
        );
    }
    println!();
    println!(
        "{} cases, {:.1} µs per case on average, median {:.1} µs",
        costs.len(),
        total / costs.len() as f64 * 1e6,
        costs[costs.len() / 2].0 * 1e6
    );
}

/// Runs the corpus cases whose path contains `name` for 3 s (for `perf record`).
fn one_case(inputs: &[(String, String)], name: &str) {
    let chosen: Vec<&(String, String)> = inputs.iter().filter(|(n, _)| n.contains(name)).collect();
    assert!(!chosen.is_empty(), "no corpus case matches `{name}`");
    let start = Instant::now();
    let mut n = 0u64;
    while start.elapsed() < Duration::from_secs(3) {
        for (_, input) in &chosen {
            black_box(pp::api::simulate(black_box(input)).to_json());
            n += 1;
        }
    }
    let each = start.elapsed().as_secs_f64() / n as f64;
    println!(
        "{} case(s) matching `{name}`: {:.1} µs per case",
        chosen.len(),
        each * 1e6
    );
}

/// 1234567.8 → "1,234,568".
fn thousands(x: f64) -> String {
    let digits = format!("{:.0}", x);
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Time per operation, human-readable.
fn per_op(rate: f64) -> String {
    let ns = 1e9 / rate;
    if ns < 1000.0 {
        format!("{ns:.0} ns")
    } else {
        format!("{:.2} µs", ns / 1000.0)
    }
}

/// The browser benchmark's `--stack` keystroke workload without the browser: the seed preset
/// with 10 principals and every other layer filled (the same texts as bench/browser.mjs), and
/// the endpoint policy's text after a keystroke (`letter`: other-user's ARN completed or not,
/// which changes decisions; `space`: a space typed or not, which does not).
struct Keystrokes {
    ws: pp::scenario::Workspace,
    seed: String,
}

impl Keystrokes {
    fn new() -> Option<Keystrokes> {
        use pp::scenario::{Editor, OrgLevel, Workspace};
        const SCP: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotAction":["iam:*","sts:*","sagemaker:*"],"Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":["us-east-1"]}}}]}"#;
        const RCP: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"StringNotEqualsIfExists":{"aws:PrincipalOrgID":"o-exampleorgid"}}}]}"#;
        const RESOURCE: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"StringNotEquals":{"aws:SourceVpce":"vpce-0a1b2c3d4e5f67890"}}}]}"#;
        const BOUNDARY: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["sagemaker:*","s3:*"],"Resource":"*"}]}"#;
        const SESSION: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sagemaker:*","Resource":"*"}]}"#;
        let preset = pp::scenario::presets::preset("sagemaker-api-exam")?;
        let mut ws = Workspace::new(preset.scenario);
        while ws.scenario.principals.len() < 10 {
            let last = ws.scenario.principals.len() - 1;
            let id = ws.principal_id(last)?;
            ws.add_principal_like(id);
        }
        ws.ensure_organization();
        if let Some(i) = ws.add_org_policy(OrgLevel::Root, true) {
            ws.set_text(Editor::Scp(OrgLevel::Root, i), SCP.into());
        }
        if let Some(i) = ws.add_org_policy(OrgLevel::Root, false) {
            ws.set_text(Editor::Rcp(OrgLevel::Root, i), RCP.into());
        }
        if let Some(i) = ws.add_resource() {
            ws.set_text(Editor::Resource(i), RESOURCE.into());
        }
        let id = |name: &str| {
            let at = ws.scenario.principals.iter().position(|p| p.name == name)?;
            ws.principal_id(at)
        };
        let (specific, role) = (id("specific-user")?, id("ml-instance-role")?);
        ws.set_text(Editor::Boundary(specific), BOUNDARY.into());
        ws.set_text(Editor::Session(role), SESSION.into());
        let seed = ws.scenario.endpoints[0].policy.clone();
        Some(Keystrokes { ws, seed })
    }

    fn text(&self, letter: bool, space: bool) -> String {
        let specific_arn = "\"arn:aws:iam::111122223333:user/specific-user\"";
        let other_arn = "arn:aws:iam::111122223333:user/other-user";
        let other = if letter {
            other_arn
        } else {
            &other_arn[..other_arn.len() - 1]
        };
        self.seed
            .replace(specific_arn, &format!("[{specific_arn}, \"{other}\"]"))
            .replace(
                "\"2012-10-17\",",
                if space {
                    "\"2012-10-17\", "
                } else {
                    "\"2012-10-17\","
                },
            )
    }
}

/// Median and 90th percentile of `v` (sorted in place).
fn median_p90(v: &mut [f64]) -> (f64, f64) {
    v.sort_by(f64::total_cmp);
    (v[v.len() / 2], v[v.len() * 9 / 10])
}

/// Times the keystroke workload of [`Keystrokes`]: each edit of the endpoint policy, then the
/// grid, for at least 3 s and 100 decision-changing edits.
fn grid_keystrokes(network: bool) {
    use pp::scenario::Editor;
    let Some(mut k) = Keystrokes::new() else {
        eprintln!("the seed preset lacks its principals");
        return;
    };
    if network {
        // Every principal calls from `notebook`, whose path reaches the same endpoint: the same
        // decisions, each cell routed through its network path (issue 13: at most 20% more).
        let before = k.ws.grid().map(|g| g.cells);
        let net = include_str!("../bench/network.json");
        k.ws.scenario.network = Some(serde_json::from_str(net).expect("bench/network.json reads"));
        for p in &mut k.ws.scenario.principals {
            p.workload = "notebook".into();
        }
        let after = k.ws.grid().map(|g| g.cells);
        if before.is_none() || before != after {
            eprintln!("the network changes the grid's decisions: not the same workload");
            return;
        }
    }
    let Some(grid) = k.ws.grid() else {
        eprintln!("the filled layers have errors");
        return;
    };
    let cells = grid.cells.len() * grid.principals.len();
    let (mut letter, mut space) = (false, false);
    // Edits that change decisions, and spaces: read apart (the median of both falls between).
    let (mut changing, mut spaces) = (Vec::new(), Vec::new());
    let start = Instant::now();
    let mut i = 0usize;
    while start.elapsed() < Duration::from_secs(3) || changing.len() < 100 {
        let changes = i.is_multiple_of(2);
        if changes {
            letter = !letter;
        } else {
            space = !space;
        }
        i += 1;
        let t = Instant::now();
        let text = k.text(letter, space);
        k.ws.set_text(Editor::Endpoint(0), text);
        black_box(k.ws.grid());
        let ms = t.elapsed().as_secs_f64() * 1e3;
        if changes {
            changing.push(ms);
        } else {
            spaces.push(ms);
        }
    }
    let ((c50, c90), (s50, s90)) = (median_p90(&mut changing), median_p90(&mut spaces));
    println!(
        "grid keystrokes (native{}): {} edits of the endpoint policy, {cells} cells each, every layer filled: decision-changing median {c50:.3} ms (p90 {c90:.3}), spaces median {s50:.3} ms (p90 {s90:.3})",
        if network { ", every principal calling from a workload of bench/network.json" } else { "" },
        changing.len() + spaces.len(),
    );
}

/// What a baseline and the expectations add to each keystroke of [`grid_keystrokes`]'s
/// workload: after the grid (not timed), the comparison with the preset as it opened (the
/// current grid keyed by names from the grid's memory, the baseline's grid kept, the diff), and
/// apart, checking the preset's expectations. The issue's target: the diff adds at most 2 ms.
fn grid_diff() {
    use pp::scenario::{Baseline, Editor};
    let Some(mut k) = Keystrokes::new() else {
        eprintln!("the seed preset lacks its principals");
        return;
    };
    let baseline = Baseline::new(k.ws.scenario.clone());
    let Some(grid) = k.ws.grid() else {
        eprintln!("the filled layers have errors");
        return;
    };
    let cells = grid.cells.len() * grid.principals.len();
    // The baseline's grid is decided once, on the first comparison.
    let t = Instant::now();
    black_box(baseline.diff_workspace(&k.ws));
    let first = t.elapsed().as_secs_f64() * 1e3;
    let (mut letter, mut space) = (false, false);
    let (mut changing, mut spaces, mut checks) = (Vec::new(), Vec::new(), Vec::new());
    let mut changed_cells = 0;
    let start = Instant::now();
    let mut i = 0usize;
    while start.elapsed() < Duration::from_secs(3) || changing.len() < 100 {
        let changes = i.is_multiple_of(2);
        if changes {
            letter = !letter;
        } else {
            space = !space;
        }
        i += 1;
        let text = k.text(letter, space);
        k.ws.set_text(Editor::Endpoint(0), text);
        black_box(k.ws.grid());
        let t = Instant::now();
        let diff = baseline.diff_workspace(&k.ws);
        let ms = t.elapsed().as_secs_f64() * 1e3;
        changed_cells = changed_cells.max(diff.map_or(0, |d| d.cells.len()));
        if changes {
            changing.push(ms);
        } else {
            spaces.push(ms);
        }
        let t = Instant::now();
        black_box(k.ws.check_expectations());
        checks.push(t.elapsed().as_secs_f64() * 1e3);
    }
    let ((c50, c90), (s50, s90)) = (median_p90(&mut changing), median_p90(&mut spaces));
    let (e50, e90) = median_p90(&mut checks);
    println!(
        "grid diff (native): {} keystrokes, {cells} cells, up to {changed_cells} changed: the diff adds median {c50:.3} ms (p90 {c90:.3}) to a decision-changing keystroke, {s50:.3} ms (p90 {s90:.3}) to a space (target ≤ 2 ms); the baseline's grid decided once in {first:.3} ms",
        changing.len() + spaces.len(),
    );
    println!(
        "expectations (native): the preset's {} checked in median {e50:.3} ms (p90 {e90:.3}) per keystroke",
        k.ws.scenario.expectations.len()
    );
    hostile_expectations();
}

/// The worst expectations a document may hold ([`pp::scenario::MAX_EXPECTATIONS`] of them, with
/// patterns of the longest length and most wildcards, against 50 principals of long names):
/// how long the first check takes (every action pattern expanded) and the next ones (the
/// expansions kept).
fn hostile_expectations() {
    use pp::scenario::{
        Expect, ExpectationDoc, PrincipalDoc, Workspace, MAX_EXPECTATIONS, MAX_EXPECTATION_PATTERN,
        MAX_PATTERN_WILDCARDS,
    };
    let Some(preset) = pp::scenario::presets::preset("sagemaker-api-exam") else {
        return;
    };
    let mut s = preset.scenario;
    let base = s.principals[0].clone();
    s.principals = (0..50)
        .map(|i| PrincipalDoc {
            name: format!("{}{i}", "a".repeat(250)),
            ..base.clone()
        })
        .collect();
    let names = format!("*{}b", "a".repeat(MAX_EXPECTATION_PATTERN - 2));
    let wild = "?a".repeat(MAX_PATTERN_WILDCARDS / 2 - 1);
    s.expectations = (0..MAX_EXPECTATIONS)
        .map(|i| {
            let (principal, action) = if i % 2 == 0 {
                (names.clone(), "sagemaker:CreateTrainingJob".to_string())
            } else {
                ("*".to_string(), format!("*{wild}{i}*"))
            };
            ExpectationDoc {
                principal,
                action,
                resource: String::new(),
                expect: Expect::Denied,
                note: String::new(),
            }
        })
        .collect();
    let ws = Workspace::new(s);
    let t = Instant::now();
    black_box(ws.check_expectations());
    let first = t.elapsed().as_secs_f64() * 1e3;
    let t = Instant::now();
    black_box(ws.check_expectations());
    let again = t.elapsed().as_secs_f64() * 1e3;
    println!(
        "hostile expectations (native): {MAX_EXPECTATIONS} built to backtrack, checked in {first:.1} ms the first time, {again:.1} ms the next"
    );
}

/// Times `f` at least 20 times and for at least 2 s; returns the median and 90th percentile in
/// milliseconds.
fn time_ms<T>(mut f: impl FnMut() -> T) -> (f64, f64) {
    let mut times = Vec::new();
    let start = Instant::now();
    while times.len() < 20 || start.elapsed() < Duration::from_secs(2) {
        let t = Instant::now();
        black_box(f());
        times.push(t.elapsed().as_secs_f64() * 1e3);
    }
    median_p90(&mut times)
}

/// Issue 16's queries on [`account_scenario`]: who-can for one action over every principal (the
/// target: under 50 ms for 600 principals), and what-can over the whole catalog for one
/// principal of each kind.
fn who_can(principals: usize) {
    use pp::scenario::{report, Workspace};
    let scenario = account_scenario(principals);
    let policies: usize = scenario.principals.iter().map(|p| p.policies.len()).sum();
    let t = Instant::now();
    let ws = Workspace::new(scenario);
    let parsed = t.elapsed().as_secs_f64() * 1e3;
    if ws.has_errors() {
        for d in ws.diagnostics().iter().filter(|d| d.is_error()).take(5) {
            eprintln!("{}: {}", d.place, d.message);
        }
        eprintln!("the generated account has policy errors");
        return;
    }
    println!(
        "who-can / what-can (native): a generated account of {principals} principals, {policies} identity policies, parsed in {parsed:.1} ms"
    );
    for action in [
        "sagemaker:CreateTrainingJob",
        "sagemaker:DeleteEndpoint",
        "s3:GetObject",
        "iam:CreateRole",
    ] {
        let Ok(answer) = ws.who_can(action, None) else {
            eprintln!("who-can {action} has no answer");
            return;
        };
        let (m, p90) = time_ms(|| ws.who_can(action, None).map(|a| a.rows.len()));
        let (jm, _) = time_ms(|| report::who_can_json(&ws, &answer).to_string().len());
        println!(
            "  who-can {action}: {} allowed, {} explicitly denied, {} implicitly denied; median {m:.2} ms (p90 {p90:.2}) (target < 50 ms); its JSON {jm:.2} ms more",
            answer.count("Allowed"),
            answer.count("ExplicitlyDenied"),
            answer.count("ImplicitlyDenied"),
        );
    }
    let actions = pp::catalog::catalog().action_count();
    for prefix in ["admin-", "auditor-", "ml-training-role-", "ci-deploy-role-"] {
        let Some(doc) = ws
            .scenario
            .principals
            .iter()
            .find(|p| p.name.starts_with(prefix))
        else {
            continue;
        };
        let Ok(id) = ws.find_principal(&doc.name) else {
            continue;
        };
        let t = Instant::now();
        let Ok(first) = ws.what_can(id, None) else {
            eprintln!("what-can {} has no answer", doc.name);
            return;
        };
        let first_ms = t.elapsed().as_secs_f64() * 1e3;
        let (m, p90) = time_ms(|| ws.what_can(id, None).map(|a| a.allowed));
        println!(
            "  what-can {} ({}), every action of the catalog ({actions}): {} allowed in {} services; first {first_ms:.1} ms, then median {m:.1} ms (p90 {p90:.1})",
            doc.name,
            doc.policies.iter().map(|p| p.name.as_str()).collect::<Vec<_>>().join(", "),
            first.allowed,
            first.services.len(),
        );
    }
}

/// The account of `-- account-grid`: the export in `$ACCOUNT`, imported, else
/// [`account_scenario`] of 600 principals (both over the SageMaker actions).
fn grid_account() -> Option<pp::scenario::Scenario> {
    let Some(path) = std::env::var_os("ACCOUNT") else {
        let mut s = account_scenario(600);
        s.actions = "sagemaker:*".into();
        return Some(s);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("cannot read {}: {e}", Path::new(&path).display());
            return None;
        }
    };
    let t = Instant::now();
    match pp::import::import(&[&text]) {
        Ok(imported) => {
            println!(
                "imported {} ({} bytes) in {:.1} ms",
                Path::new(&path).display(),
                text.len(),
                t.elapsed().as_secs_f64() * 1e3
            );
            Some(imported.scenario)
        }
        Err(e) => {
            eprintln!(
                "cannot import {}: {}",
                Path::new(&path).display(),
                e.message
            );
            None
        }
    }
}

/// Issue 16's grid at account scale (see the top of this file): `Workspace::new`, the
/// diagnostics, the whole grid (every principal × every SageMaker action; too large for the
/// grid's memory, so each repetition decides every cell) and who-can for one action. With
/// `repeat`, the grid alone for 10 s.
fn account_grid(repeat: bool) {
    use pp::scenario::Workspace;
    let Some(scenario) = grid_account() else {
        return;
    };
    let policies: usize = scenario.principals.iter().map(|p| p.policies.len()).sum();
    let principals = scenario.principals.len();
    let (new_ms, _) = time_ms(|| Workspace::new(scenario.clone()).principal_ids().count());
    let ws = Workspace::new(scenario);
    if ws.has_errors() {
        for d in ws.diagnostics().iter().filter(|d| d.is_error()).take(5) {
            eprintln!("{}: {}", d.place, d.message);
        }
        eprintln!("the account has policy errors: no grid");
        return;
    }
    if repeat {
        let start = Instant::now();
        let mut n = 0usize;
        while start.elapsed() < Duration::from_secs(10) {
            n += black_box(ws.grid()).map_or(0, |g| g.cells.len());
        }
        println!("{n} rows");
        return;
    }
    let (diagnostics_ms, _) = time_ms(|| ws.diagnostics().len());
    let t = Instant::now();
    let Some(grid) = ws.grid() else {
        eprintln!("no grid");
        return;
    };
    let first = t.elapsed().as_secs_f64() * 1e3;
    let cells = grid.cells.len() * grid.principals.len();
    let allowed: usize = grid
        .cells
        .iter()
        .flatten()
        .filter(|c| c.decision == pp::engine::Decision::Allowed)
        .count();
    let (grid_ms, grid_p90) = time_ms(|| ws.grid().map(|g| g.cells.len()));
    let action = "sagemaker:CreateTrainingJob";
    let (who_ms, who_p90) = time_ms(|| ws.who_can(action, None).map(|a| a.rows.len()));
    println!(
        "account grid (native): {principals} principals, {policies} identity policies; Workspace::new median {new_ms:.1} ms; diagnostics {diagnostics_ms:.1} ms; grid of {cells} cells ({} actions, {allowed} allowed): first {first:.1} ms, then median {grid_ms:.1} ms (p90 {grid_p90:.1}) (target < 1 s); who-can {action} median {who_ms:.2} ms (p90 {who_p90:.2}); {}",
        grid.actions.len(),
        memory(),
    );
}

/// The process's resident and peak resident memory (Linux's `/proc/self/status`), for the
/// figures; empty elsewhere.
fn memory() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .map(|v| v.trim().to_string())
            .unwrap_or_default()
    };
    format!("resident {} (peak {})", field("VmRSS:"), field("VmHWM:"))
}
