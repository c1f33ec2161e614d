//! Hostile and broken input never panics and always gets an answer: every corpus input is cut,
//! spliced and garbled at many places, and each variant must come back as a decision or as
//! located errors (never a panic, never an error without a message). Garbled expectations are
//! always checked (pass, fail, or invalid with a reason), and scenarios whose principals were
//! renamed or removed are always compared. Garbled and mistyped account exports are always
//! imported (every report entry located, with a reason) or refused with a place.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use policy_playground::api::{simulate, SimulateOutput};

fn corpus_inputs() -> Vec<String> {
    let mut out: Vec<String> = support::CORPUS_FILES
        .iter()
        .filter_map(|(_, text)| serde_json::from_str::<serde_json::Value>(text).ok())
        .filter_map(|case| {
            case.get("input")
                .map(|input| serde_json::to_string_pretty(input).unwrap_or_default())
        })
        .collect();
    out.sort();
    out
}

/// A small deterministic generator (xorshift), so failures reproduce.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn assert_answered(text: &str) {
    match simulate(text) {
        SimulateOutput::Decision { decision, .. } => assert!(!decision.is_empty()),
        SimulateOutput::Errors { errors } => {
            assert!(!errors.is_empty(), "errors without any error for {text:?}");
            for e in errors {
                assert!(
                    e.line >= 1 && e.column >= 1 && !e.message.is_empty(),
                    "{e:?}"
                );
            }
        }
    }
}

#[test]
fn garbled_corpus_inputs_are_always_answered() {
    const PIECES: &[&str] = &[
        "{",
        "}",
        "[",
        "]",
        ",",
        ":",
        "\"",
        "\\",
        "*",
        "?",
        "${",
        "}",
        "null",
        "1e999",
        "-",
        "\u{0}",
        "é",
        "😀",
        "\"Statement\"",
        "\"Condition\"",
        "\"ForAllValues:StringLike\"",
        "\"${aws:username}\"",
    ];
    let mut rng = Rng(0x5eed_1234_abcd_ef01);
    let inputs = corpus_inputs();
    assert!(inputs.len() > 100);
    // ROBUSTNESS_ROUNDS raises the number of variants per input for a longer local run.
    let rounds: usize = std::env::var("ROBUSTNESS_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(12);
    let mut variants = 0;
    for input in &inputs {
        let chars: Vec<char> = input.chars().collect();
        for _ in 0..rounds {
            let at = rng.below(chars.len());
            let mut v: String = match rng.below(4) {
                0 => chars[..at].iter().collect(),
                1 => chars
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| *i != at)
                    .map(|(_, c)| c)
                    .collect(),
                _ => {
                    let mut s: String = chars[..at].iter().collect();
                    s.push_str(PIECES[rng.below(PIECES.len())]);
                    s.extend(&chars[at..]);
                    s
                }
            };
            if rng.below(8) == 0 {
                v = v.replace("2012-10-17", "2008-10-17");
            }
            assert_answered(&v);
            variants += 1;
        }
    }
    assert!(variants > 1000);
}

#[test]
fn huge_and_deep_documents_are_answered() {
    let deep_object = format!("{}{}", "{\"a\":".repeat(10_000), "}".repeat(10_000));
    assert_answered(&deep_object);
    let statement =
        r#"{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/*"},"#;
    let big_policy = format!(
        r#"{{"Version":"2012-10-17","Statement":[{}{{"Effect":"Deny","Action":"s3:*","Resource":"*"}}]}}"#,
        statement.repeat(1_000_000 / statement.len())
    );
    assert!(big_policy.len() >= 1_000_000);
    let case = serde_json::json!({
        "request": {"principal": "arn:aws:iam::111122223333:user/a", "action": "s3:GetObject", "resource": "arn:aws:s3:::bucket/k"},
        "identityPolicies": [big_policy],
    });
    let out = simulate(&case.to_string());
    assert!(
        matches!(
            out,
            SimulateOutput::Decision {
                decision: "ExplicitlyDenied",
                ..
            }
        ),
        "{out:?}"
    );
}

#[test]
fn garbled_expectations_are_always_checked_and_garbled_scenarios_always_compared() {
    use policy_playground::scenario::{
        diff_scenarios, presets, Expect, ExpectationDoc, ExpectationState, Workspace,
    };
    const PIECES: &[&str] = &[
        "*",
        "?",
        "**",
        "?*?",
        ":",
        "s3:",
        ":*",
        "*:*",
        "arn:",
        "arn:aws:s3:::",
        "é",
        "😀",
        "\u{0}",
        " ",
        "",
        "sagemaker:Create",
        "user",
        "-",
        "reports",
        "\\",
        "${aws:username}",
    ];
    let mut rng = Rng(0xe_c7ec_7a71_0715);
    let word = |rng: &mut Rng| -> String {
        (0..rng.below(4))
            .map(|_| PIECES[rng.below(PIECES.len())])
            .collect()
    };
    let (mut checked, mut invalid) = (0, 0);
    for preset in presets::all() {
        let mut scenario = preset.scenario.clone();
        // Half of each field is garbled, half taken from the scenario (and wildcarded), so that
        // both checked and invalid expectations come out.
        let names: Vec<String> = scenario.principals.iter().map(|p| p.name.clone()).collect();
        let resources: Vec<String> = scenario.resources.iter().map(|r| r.name.clone()).collect();
        let actions = [
            "s3:GetObject",
            "s3:*Object",
            "sagemaker:Create*",
            "iam:List?oles",
            "*:Describe*",
        ];
        let expectations: Vec<ExpectationDoc> = (0..40)
            .map(|_| {
                let name = &names[rng.below(names.len())];
                let principal = match rng.below(4) {
                    0 => word(&mut rng),
                    1 => "*".to_string(),
                    2 => format!("{}*", &name[..name.len() / 2]),
                    _ => name.clone(),
                };
                let action = match rng.below(3) {
                    0 => word(&mut rng),
                    _ => actions[rng.below(actions.len())].to_string(),
                };
                let resource = match (rng.below(3), resources.first()) {
                    (0, _) => word(&mut rng),
                    (1, Some(r)) => r.clone(),
                    _ => String::new(),
                };
                ExpectationDoc {
                    principal,
                    action,
                    resource,
                    expect: Expect::ALL[rng.below(Expect::ALL.len())],
                    note: word(&mut rng),
                }
            })
            .collect();
        scenario.expectations = expectations;
        let ws = Workspace::new(scenario);
        for r in ws.check_expectations() {
            match r.state {
                ExpectationState::Invalid => {
                    invalid += 1;
                    assert!(r.cells.is_empty());
                    assert!(r.problem_message().is_some_and(|m| !m.is_empty()));
                }
                _ => {
                    checked += 1;
                    assert!(!r.cells.is_empty() && r.problem.is_none(), "{r:?}");
                    assert_eq!(
                        r.state == ExpectationState::Pass,
                        r.failures().next().is_none()
                    );
                }
            }
        }
        // Principals renamed or removed on one side: the comparison always answers.
        let mut other = preset.scenario.clone();
        for p in &mut other.principals {
            p.name = word(&mut rng);
        }
        other
            .principals
            .truncate(rng.below(other.principals.len()) + 1);
        other.selected = 0;
        let (a, b) = (
            Workspace::new(preset.scenario.clone()),
            Workspace::new(other),
        );
        let forth = diff_scenarios(&a, &b).expect("decided");
        let back = diff_scenarios(&b, &a).expect("decided");
        assert_eq!((forth.gained, forth.lost), (back.lost, back.gained));
    }
    // Both kinds were exercised.
    assert!(
        checked > 20 && invalid > 20,
        "{checked} checked, {invalid} invalid"
    );
}

/// The line and column of `text` a finding's region starts at, as a byte offset (`None` past
/// the text).
fn offset_of(text: &str, line: usize, column: usize) -> Option<usize> {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.checked_sub(1)?)
        .map(str::len)
        .sum();
    let rest = text.get(start..)?;
    let in_line = rest.split('\n').next().unwrap_or("");
    if column == in_line.chars().count() + 1 {
        return Some(start + in_line.len());
    }
    rest.char_indices()
        .nth(column.checked_sub(1)?)
        .map(|(i, _)| start + i)
}

/// Every finding is written in every format and points inside its file and policy text.
fn assert_validated(file: &str) {
    use policy_playground::engine::PolicyKind;
    use policy_playground::findings;
    for kind in [
        PolicyKind::Identity,
        PolicyKind::Endpoint,
        PolicyKind::Trust,
    ] {
        let found = findings::validate("garbled.json", file, kind, "");
        for f in &found {
            assert!(!f.located.message.is_empty(), "{f:?}");
            assert!(
                offset_of(file, f.region.start_line, f.region.start_column).is_some(),
                "region start outside the file: {f:?}\n{file}"
            );
            assert!(
                (f.region.start_line, f.region.start_column)
                    <= (f.region.end_line, f.region.end_column),
                "{f:?}"
            );
            assert!(f.start.offset <= f.end.offset, "{f:?}");
        }
        let _ = findings::human(&found, 1);
        let json = findings::findings_json(&found);
        assert_eq!(json["findings"].as_array().map(Vec::len), Some(found.len()));
        let sarif = findings::sarif(&found);
        assert_eq!(
            sarif["runs"][0]["results"].as_array().map(Vec::len),
            Some(found.len())
        );
    }
}

#[test]
fn garbled_policy_and_scenario_files_are_always_validated() {
    use policy_playground::scenario::presets;
    const PIECES: &[&str] = &[
        "{",
        "}",
        "[",
        "]",
        ",",
        ":",
        "\"",
        "\\",
        "\\n",
        "\\\"",
        "\\u00e9",
        "\\ud83d\\ude00",
        "é",
        "😀",
        "\u{0}",
        "\n",
        "s3:GetObjekt",
        "\"Principal\"",
    ];
    let mut rng = Rng(0x7a11_da7e_0bad_f00d);
    let mut files: Vec<String> = corpus_inputs().into_iter().step_by(7).collect();
    files.extend(
        presets::all()
            .into_iter()
            .map(|p| serde_json::to_string_pretty(&p.scenario).unwrap_or_default()),
    );
    let mut variants = 0;
    for file in &files {
        assert_validated(file);
        let chars: Vec<char> = file.chars().collect();
        for _ in 0..6 {
            let at = rng.below(chars.len());
            let mut v: String = chars[..at].iter().collect();
            v.push_str(PIECES[rng.below(PIECES.len())]);
            v.extend(&chars[at..]);
            assert_validated(&v);
            variants += 1;
        }
    }
    assert!(variants > 100, "{variants}");
}

/// Every import report entry and error is located and says why; the kinds of the entries.
fn assert_imported(pages: &[&str]) -> Vec<policy_playground::import::ProblemKind> {
    use policy_playground::import::import;
    match import(pages) {
        Ok(imported) => {
            for p in &imported.report.problems {
                assert!(!p.reason.is_empty(), "{p:?}");
                assert!(p.page <= pages.len(), "{p:?}");
                if p.page > 0 {
                    assert!(p.line >= 1 && p.column >= 1, "{p:?}");
                }
            }
            // Whatever was imported is a document that reads back.
            let json = serde_json::to_string(&imported.scenario).unwrap_or_default();
            assert!(
                serde_json::from_str::<policy_playground::scenario::Scenario>(&json).is_ok(),
                "{json}"
            );
            imported.report.problems.iter().map(|p| p.kind).collect()
        }
        Err(e) => {
            assert!(!e.message.is_empty());
            if e.page > 0 {
                assert!(e.line >= 1 && e.column >= 1, "{e:?}");
            }
            Vec::new()
        }
    }
}

/// Replaces the `n`th value (in document order) of `value` with `with`; returns how many values
/// were passed.
fn replace_nth(value: &mut serde_json::Value, n: usize, with: &serde_json::Value) -> usize {
    if n == 0 {
        *value = with.clone();
        return usize::MAX / 2;
    }
    let mut seen = 1;
    let children: Vec<&mut serde_json::Value> = match value {
        serde_json::Value::Array(items) => items.iter_mut().collect(),
        serde_json::Value::Object(members) => members.values_mut().collect(),
        _ => Vec::new(),
    };
    for child in children {
        if seen > n {
            break;
        }
        seen += replace_nth(child, n - seen, with);
    }
    seen
}

#[test]
fn garbled_and_mistyped_account_exports_are_always_imported_or_refused_with_a_place() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/import");
    let fixtures: Vec<String> = [
        "object.json",
        "string.json",
        "urlencoded.json",
        "page1.json",
        "page2.json",
        "unresolved.json",
    ]
    .iter()
    .map(|name| std::fs::read_to_string(dir.join(name)).unwrap_or_default())
    .collect();
    assert!(fixtures.iter().all(|f| f.len() > 1000));
    let mut rng = Rng(0x1a2b_3c4d_5e6f_7081);
    // Text garbled: cut, a character left out, a piece spliced in.
    const PIECES: &[&str] = &[
        "{", "}", "[", "]", ",", ":", "\"", "%", "%7", "\\u00", "é", "\u{0}",
    ];
    for text in &fixtures {
        let chars: Vec<char> = text.chars().collect();
        for _ in 0..60 {
            let at = rng.below(chars.len());
            let v: String = match rng.below(3) {
                0 => chars[..at].iter().collect(),
                1 => chars
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| *i != at)
                    .map(|(_, c)| c)
                    .collect(),
                _ => {
                    let mut s: String = chars[..at].iter().collect();
                    s.push_str(PIECES[rng.below(PIECES.len())]);
                    s.extend(&chars[at..]);
                    s
                }
            };
            assert_imported(&[&v]);
            assert_imported(&[&fixtures[0], &v]);
        }
    }
    // Values of every type put in place of any value.
    let replacements = [
        serde_json::json!(null),
        serde_json::json!(7),
        serde_json::json!(true),
        serde_json::json!("text"),
        serde_json::json!("%7B%22Statement%22%3A"),
        serde_json::json!("{\"Statement\": 1}"),
        serde_json::json!([]),
        serde_json::json!([1, "a", {}]),
        serde_json::json!({}),
        serde_json::json!({"Arn": 1, "PolicyName": []}),
    ];
    let mut kinds = std::collections::HashSet::new();
    for text in &fixtures {
        let Ok(tree) = serde_json::from_str::<serde_json::Value>(text) else {
            panic!("the fixture reads");
        };
        for _ in 0..150 {
            let mut v = tree.clone();
            let n = 1 + rng.below(text.len() / 20);
            replace_nth(&mut v, n, &replacements[rng.below(replacements.len())]);
            let garbled = serde_json::to_string_pretty(&v).unwrap_or_default();
            kinds.extend(assert_imported(&[&garbled]));
        }
    }
    // The replacements reached the report's every kind of entry about the file's shape.
    use policy_playground::import::ProblemKind;
    for kind in [
        ProblemKind::WrongType,
        ProblemKind::MissingField,
        ProblemKind::UnreadableDocument,
        ProblemKind::ManagedPolicyNotFound,
    ] {
        assert!(kinds.contains(&kind), "{kind:?} never reported: {kinds:?}");
    }
}
