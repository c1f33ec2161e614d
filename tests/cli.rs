#![cfg(not(target_arch = "wasm32"))]
//! The command line, run as a real process: `policy-playground simulate [FILE]`,
//! `policy-playground simulate --batch`, `policy-playground actions PATTERN`, `scenario`,
//! `check`, `diff`, `link`, `validate` (its SARIF checked against the official schema), `import`,
//! `who-can` and `what-can`,
//! `--help` and `--version`, exit codes, hostile inputs, and a
//! sample of the corpus answered through the binary exactly as through the library.

// This file only needs `compare` (tests/support allows the items it leaves unused).
mod support;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::{json, Value};

/// What one run of the binary produced.
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Run {
    /// The standard output's lines, each parsed as JSON.
    fn answers(&self) -> Vec<Value> {
        self.stdout
            .lines()
            .map(|line| {
                serde_json::from_str(line)
                    .unwrap_or_else(|e| panic!("answer line is not json ({e}): {line}"))
            })
            .collect()
    }

    /// The single answer of a single-mode run.
    fn answer(&self) -> Value {
        let answers = self.answers();
        assert_eq!(
            answers.len(),
            1,
            "single mode must answer exactly one line, got:\n{}",
            self.stdout
        );
        answers.into_iter().next().unwrap_or(Value::Null)
    }
}

/// The binary under test: this build's, or the one `PP_CLI_BIN` names (the test command runs
/// these tests a second time against the profile-guided musl build of `scripts/build-cli.sh`,
/// so that the binary the README offers keeps the same contract).
fn binary() -> PathBuf {
    std::env::var_os("PP_CLI_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_policy-playground")))
}

/// Runs the binary with `args`, feeding `stdin` (from a separate thread, so that a large input
/// cannot deadlock against a full output pipe).
fn run(args: &[&str], stdin: &str) -> Run {
    let mut child = Command::new(binary())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let mut pipe = child.stdin.take().expect("stdin is piped");
    let input = stdin.to_string();
    let writer = std::thread::spawn(move || {
        // The binary may exit without reading (usage errors): a broken pipe is fine then.
        let _ = pipe.write_all(input.as_bytes());
    });
    let output = child
        .wait_with_output()
        .expect("the binary runs to the end");
    writer.join().expect("the stdin writer finishes");
    Run {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// A case file written to the temporary directory, removed when dropped.
struct TempCase(PathBuf);

impl TempCase {
    fn new(name: &str, text: &str) -> TempCase {
        let path = std::env::temp_dir().join(format!(
            "policy-playground-cli-{}-{name}.json",
            std::process::id()
        ));
        std::fs::write(&path, text).expect("the temporary case is written");
        TempCase(path)
    }

    fn path(&self) -> &str {
        self.0.to_str().expect("the temporary path is utf-8")
    }
}

impl Drop for TempCase {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

const ALICE: &str = "arn:aws:iam::111122223333:user/alice";
/// The AWS page of JSON syntax errors.
const GRAMMAR: &str =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html";

/// Alice reads an object through a gateway endpoint whose policy allows her: both layers allow.
fn allowed_case() -> Value {
    json!({
        "request": {
            "principal": ALICE,
            "action": "s3:GetObject",
            "resource": "arn:aws:s3:::amzn-s3-demo-bucket/reports/q1.csv",
            "context": {"aws:SourceVpce": "vpce-1a2b3c4d5e6f7a8b9"}
        },
        "identityPolicies": [{
            "Version": "2012-10-17",
            "Statement": [{"Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*"}]
        }],
        "endpoint": {
            "type": "Gateway",
            "policy": {
                "Version": "2012-10-17",
                "Statement": [{"Sid": "OnlyReads", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"}]
            }
        }
    })
}

/// The same request, but the endpoint policy denies it explicitly.
fn denied_case() -> Value {
    let mut case = allowed_case();
    case["endpoint"]["policy"]["Statement"] = json!([
        {"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"},
        {"Sid": "NoReports", "Effect": "Deny", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/reports/*"}
    ]);
    case
}

fn allowed_answer() -> Value {
    json!({
        "decision": "Allowed",
        "blockedBy": [],
        "decisive": [
            {"policy": "identityPolicies[0]", "statement": 0, "sid": "Read", "effect": "Allow"},
            {"policy": "endpoint.policy", "statement": 0, "sid": "OnlyReads", "effect": "Allow"}
        ],
        "warnings": []
    })
}

fn denied_answer() -> Value {
    json!({
        "decision": "ExplicitlyDenied",
        "blockedBy": ["endpoint"],
        "decisive": [{"policy": "endpoint.policy", "statement": 1, "sid": "NoReports", "effect": "Deny"}],
        "warnings": []
    })
}

/// An identity policy given as text with `Effect` misspelt on line 5, column 17.
fn invalid_case() -> Value {
    json!({
        "request": {"principal": ALICE, "action": "s3:GetObject", "resource": "*"},
        "identityPolicies": ["{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"allow\",\n      \"Action\": \"s3:GetObject\",\n      \"Resource\": \"*\"\n    }\n  ]\n}"]
    })
}

fn invalid_answer() -> Value {
    json!({"errors": [{
        "code": "INVALID_EFFECT",
        "severity": "ERROR",
        "policy": "identityPolicies[0]",
        "line": 5,
        "column": 17,
        "endLine": 5,
        "endColumn": 24,
        "message": "invalid `Effect` `allow`",
        "help": "`Effect` is case-sensitive: write `Allow`",
        "link": "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_effect.html",
        "fix": {"line": 5, "column": 17, "endLine": 5, "endColumn": 24, "replacement": "\"Allow\""}
    }]})
}

// ---------- single mode ----------

#[test]
fn single_mode_reads_a_file_and_exits_0_with_the_decision() {
    let file = TempCase::new(
        "allowed",
        &serde_json::to_string_pretty(&allowed_case()).unwrap_or_default(),
    );
    let out = run(&["simulate", file.path()], "");
    assert_eq!(out.code, Some(0), "stderr: {}", out.stderr);
    let answer = out.answer();
    assert_eq!(answer["decision"], "Allowed");
    assert_eq!(answer["blockedBy"], json!([]));
    assert_eq!(answer, allowed_answer());
}

#[test]
fn single_mode_reads_standard_input_and_exits_0_with_the_decision() {
    let text = serde_json::to_string_pretty(&denied_case()).unwrap_or_default();
    for args in [&["simulate"][..], &["simulate", "-"][..]] {
        let out = run(args, &text);
        assert_eq!(out.code, Some(0), "{args:?}: stderr: {}", out.stderr);
        let answer = out.answer();
        assert_eq!(answer["decision"], "ExplicitlyDenied", "{args:?}");
        assert_eq!(answer["blockedBy"], json!(["endpoint"]), "{args:?}");
        assert_eq!(
            answer["decisive"],
            json!([{"policy": "endpoint.policy", "statement": 1, "sid": "NoReports", "effect": "Deny"}]),
            "{args:?}"
        );
        assert_eq!(answer, denied_answer(), "{args:?}");
    }
}

#[test]
fn single_mode_with_an_invalid_case_exits_1_with_the_errors() {
    let file = TempCase::new("invalid", &invalid_case().to_string());
    let out = run(&["simulate", file.path()], "");
    assert_eq!(out.code, Some(1), "stderr: {}", out.stderr);
    assert_eq!(out.answer(), invalid_answer());

    let out = run(&["simulate"], "{\"request\": ");
    assert_eq!(out.code, Some(1));
    assert_eq!(
        out.answer(),
        json!({"errors": [{
            "code": "JSON_SYNTAX_ERROR",
            "severity": "ERROR",
            "policy": "input",
            "line": 1,
            "column": 13,
            "endLine": 1,
            "endColumn": 13,
            "message": "unexpected end of the text: a value is missing",
            "link": GRAMMAR
        }]})
    );
}

#[test]
fn explain_writes_the_answer_in_plain_words_with_the_same_exit_codes() {
    const REACHED: &str = "Statements whose action, resource and principal match:\n";
    // The evaluation drawn step by step after the first sentence, as the page draws it.
    let flow = |explicit: &str, endpoint: &str| {
        format!(
            "Same-account request: every gate must let it through, and the identity side or the \
             resource-based policy grants.\n  {explicit}\n  The RCPs: does not apply\n  The SCPs: \
             does not apply\n  The VPC endpoint policy: {endpoint}\n  A resource-based policy: \
             does not apply\n  The IAM policies: allows\n  The permissions boundary: does not \
             apply\n  The session policy: does not apply\n"
        )
    };

    // An allow: both decisive statements, named by Sid.
    let out = run(&["simulate", "--explain"], &allowed_case().to_string());
    assert_eq!(out.code, Some(0), "stderr: {}", out.stderr);
    assert_eq!(
        out.stdout,
        format!(
            "Allowed: statement 0 (Read) of identityPolicies[0] and statement 0 (OnlyReads) of \
             endpoint.policy allow it, and no statement denies it.\n{}{REACHED}  statement 0 \
             (OnlyReads) of endpoint.policy (Allow): applies, and decided\n  statement 0 (Read) \
             of identityPolicies[0] (Allow): applies, and decided\n",
            flow("explicit deny check: no Deny matched", "allows")
        )
    );

    // An explicit deny: the denying statement.
    let file = TempCase::new("denied", &denied_case().to_string());
    let out = run(&["simulate", "--explain", file.path()], "");
    assert_eq!(out.code, Some(0), "stderr: {}", out.stderr);
    assert_eq!(
        out.stdout,
        format!(
            "Explicitly denied by statement 1 (NoReports) of endpoint.policy.\n{}{REACHED}  \
             statement 0 of endpoint.policy (Allow): applies\n  statement 1 (NoReports) of \
             endpoint.policy (Deny): applies, and decided\n  statement 0 (Read) of \
             identityPolicies[0] (Allow): applies\n",
            flow(
                "explicit deny: a Deny matched, the request stops here",
                "denies"
            )
        )
    );

    // An implicit deny: the layer that allowed nothing, in words, and marked in the flow; the
    // endpoint policy's statement reached the request, and its condition, with the request's
    // value, says why it did not apply.
    let mut implicit = allowed_case();
    implicit["endpoint"]["policy"]["Statement"][0]["Condition"] =
        json!({"StringEquals": {"aws:SourceVpce": "vpce-0000aaaa"}});
    let out = run(&["simulate", "--explain", "-"], &implicit.to_string());
    assert_eq!(out.code, Some(0), "stderr: {}", out.stderr);
    assert_eq!(
        out.stdout,
        format!(
            "Implicitly denied: nothing in the VPC endpoint policy allows it.\n{}{REACHED}  \
             statement 0 (OnlyReads) of endpoint.policy (Allow): does not apply: a condition is \
             false\n    StringEquals aws:SourceVpce [\"vpce-0000aaaa\"]: false (the request has \
             [\"vpce-1a2b3c4d5e6f7a8b9\"])\n  statement 0 (Read) of identityPolicies[0] (Allow): \
             applies\n",
            flow(
                "explicit deny check: no Deny matched",
                "no allow (blocks the request)"
            )
        )
    );

    // Another account's bucket: AWS's cross-account flowchart, the resource side blocking.
    let mut cross = allowed_case();
    cross["request"]["resourceAccount"] = json!("444455556666");
    let out = run(&["simulate", "--explain"], &cross.to_string());
    assert_eq!(out.code, Some(0), "stderr: {}", out.stderr);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(
        lines.get(..2),
        Some(
            &[
                "Implicitly denied: nothing in a resource-based policy allows it.",
                "Cross-account request: every gate must let it through, and both the caller's \
                 account (identity side) and the resource-based policy must allow."
            ][..]
        ),
        "{}",
        out.stdout
    );
    assert!(
        lines.contains(&"  A resource-based policy: nothing applies (blocks the request)"),
        "{}",
        out.stdout
    );

    // A warning, located as `validate` prints findings, after the flow.
    let mut warned = allowed_case();
    warned["identityPolicies"][0]["Statement"][0]["Action"] = json!(["s3:Get*", "s3:GetObject"]);
    let out = run(&["simulate", "--explain"], &warned.to_string());
    assert_eq!(out.code, Some(0), "stderr: {}", out.stderr);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), 15, "{}", out.stdout);
    assert!(lines[0].starts_with("Allowed: "), "{}", out.stdout);
    assert_eq!(lines[13], "1 warning:");
    assert!(
        lines[14].starts_with("  identityPolicies[0]:1:")
            && lines[14].contains(": SUGGESTION REDUNDANT_ACTION the action `s3:GetObject`"),
        "{}",
        out.stdout
    );

    // Errors: exit code 1, each error at its line and column, nothing decided, no flow.
    let out = run(&["simulate", "--explain"], &invalid_case().to_string());
    assert_eq!(out.code, Some(1), "stderr: {}", out.stderr);
    assert_eq!(
        out.stdout,
        "Not decided: the case has 1 error; nothing was evaluated.\n1 error:\n  \
         identityPolicies[0]:5:17: ERROR INVALID_EFFECT invalid `Effect` `allow` \
         (`Effect` is case-sensitive: write `Allow`)\n"
    );

    // A call its network never lets through: the path, hop by hop, the blocking hop last.
    let case: Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/corpus/network/custom-network-acl-denies-everything-until-rules-are-added.json"
        ))
        .unwrap_or_default(),
    )
    .unwrap_or_default();
    let out = run(&["simulate", "--explain"], &case["input"].to_string());
    assert_eq!(out.code, Some(0), "stderr: {}", out.stderr);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(
        lines.first().copied(),
        Some("Unreachable: the call never reaches the service, so no policy decides it.")
    );
    assert_eq!(
        lines.get(1).copied(),
        Some("network path to com.amazonaws.us-east-1.sagemaker.api:")
    );
    assert!(
        lines
            .last()
            .is_some_and(|l| l.starts_with("  block nacl-outbound: ")),
        "{}",
        out.stdout
    );

    // A key's values are shown a few at a time, each cut short: every clause on the key repeats
    // them, and the explanation stays linear in the case.
    let mut many = allowed_case();
    let tags: Vec<String> = (0..20)
        .map(|i| format!("{i:02}{}", "t".repeat(298)))
        .collect();
    many["request"]["context"]["aws:TagKeys"] = json!(tags);
    many["identityPolicies"][0]["Statement"][0]["Condition"] =
        json!({"ForAnyValue:StringEquals": {"aws:TagKeys": ["00"]}});
    let out = run(&["simulate", "--explain"], &many.to_string());
    assert_eq!(out.code, Some(0), "stderr: {}", out.stderr);
    let line = out
        .stdout
        .lines()
        .find(|l| l.starts_with("    ForAnyValue:StringEquals aws:TagKeys"))
        .unwrap_or_default();
    assert!(
        line.ends_with("…\"] and 12 more)")
            && line.contains(&format!("\"07{}…\"", "t".repeat(118)))
            && !line.contains("\"08")
            && line.chars().count() < 8 * 130 + 200,
        "{line}"
    );

    // A policy's strings do not drive the terminal: control characters come out escaped.
    let mut hostile = allowed_case();
    hostile["request"]["context"]["aws:x\u{1b}[2J"] = json!("v\u{7}");
    hostile["identityPolicies"][0]["Statement"][0]["Condition"] =
        json!({"StringEquals": {"aws:x\u{1b}[2J": "v\u{7}"}});
    let out = run(&["simulate", "--explain"], &hostile.to_string());
    assert_eq!(out.code, Some(0), "stderr: {}", out.stderr);
    assert!(
        !out.stdout.contains(['\u{1b}', '\u{7}'])
            && out.stdout.contains(
                "StringEquals aws:x\\u{1b}[2J [\"v\\u{7}\"]: true (the request has [\"v\\u{7}\"])"
            ),
        "{}",
        out.stdout
    );

    // One case at a time: not with --batch.
    let out = run(&["simulate", "--batch", "--explain"], "");
    assert_eq!(out.code, Some(2));
    assert_eq!(out.stdout, "");
}

// ---------- batch mode ----------

#[test]
fn batch_answers_one_line_per_input_line_in_order_and_exits_0() {
    let input = format!(
        "{}\n{}\n{}\n{}\n",
        allowed_case(),
        "{'request': {'principal': 'anonymous'}}",
        invalid_case(),
        denied_case()
    );
    let out = run(&["simulate", "--batch"], &input);
    assert_eq!(out.code, Some(0), "stderr: {}", out.stderr);
    let answers = out.answers();
    assert_eq!(answers.len(), 4, "{}", out.stdout);
    assert_eq!(answers[0], allowed_answer());
    assert_eq!(
        answers[1],
        json!({"errors": [{
            "code": "JSON_SYNTAX_ERROR",
            "severity": "ERROR",
            "policy": "input",
            "line": 1,
            "column": 2,
            "endLine": 1,
            "endColumn": 3,
            "message": "expected a member name in double quotes, found `'`",
            "help": "json strings use double quotes",
            "link": GRAMMAR
        }]})
    );
    assert_eq!(answers[2], invalid_answer());
    assert_eq!(answers[3], denied_answer());
}

#[test]
fn batch_answers_blank_and_crlf_lines_too() {
    let input = format!("{}\r\n\n{}", allowed_case(), denied_case());
    let out = run(&["simulate", "--batch"], &input);
    assert_eq!(out.code, Some(0), "stderr: {}", out.stderr);
    let answers = out.answers();
    assert_eq!(answers.len(), 3, "{}", out.stdout);
    assert_eq!(answers[0], allowed_answer());
    assert_eq!(
        answers[1],
        json!({"errors": [{
            "code": "JSON_SYNTAX_ERROR",
            "severity": "ERROR",
            "policy": "input",
            "line": 1,
            "column": 1,
            "endLine": 1,
            "endColumn": 1,
            "message": "empty line: expected a simulate case",
            "help": "write one json case per line",
            "link": GRAMMAR
        }]})
    );
    // The last line has no newline after it and is still answered.
    assert_eq!(answers[2], denied_answer());
}

#[test]
fn batch_with_no_input_answers_nothing_and_exits_0() {
    let out = run(&["simulate", "--batch"], "");
    assert_eq!(out.code, Some(0));
    assert_eq!(out.stdout, "");
}

// ---------- hostile inputs ----------

#[test]
fn a_one_megabyte_policy_is_answered() {
    // About 40,000 actions: far over every size limit, so the answer carries a size warning.
    let mut actions: Vec<String> = (0..40_000)
        .map(|i| format!("s3:GetObjectTagging{i:06}"))
        .collect();
    actions.push("s3:GetObject".into());
    let policy = serde_json::to_string_pretty(&json!({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": actions, "Resource": "*"}]
    }))
    .unwrap_or_default();
    assert!(
        policy.len() > 1_000_000,
        "the policy is {} bytes",
        policy.len()
    );
    let case = json!({
        "request": {"principal": ALICE, "action": "s3:GetObject", "resource": "arn:aws:s3:::amzn-s3-demo-bucket/a"},
        "identityPolicies": [policy]
    });
    let out = run(&["simulate"], &case.to_string());
    assert_eq!(out.code, Some(0), "stderr: {}", out.stderr);
    let answer = out.answer();
    assert_eq!(answer["decision"], "Allowed");
    assert_eq!(answer["blockedBy"], json!([]));
    assert_eq!(
        answer["decisive"],
        json!([{"policy": "identityPolicies[0]", "statement": 0, "effect": "Allow"}])
    );
    let warnings = answer["warnings"].as_array().cloned().unwrap_or_default();
    // The made-up actions are unknown: the first 50 are flagged, then one warning says the rest
    // are not reported (the catalog check stays cheap however many names a policy has).
    let message = |w: &Value| w["message"].as_str().unwrap_or_default().to_string();
    let unknown = warnings
        .iter()
        .filter(|w| message(w).starts_with("unknown action `s3:GetObjectTagging0"))
        .count();
    assert_eq!(unknown, 50, "{answer}");
    assert!(
        warnings.iter().any(|w| message(w)
            == "more than 50 unknown actions or condition keys: the rest are not reported"),
        "{answer}"
    );
    assert_eq!(warnings.len(), 52, "{answer}");
    let size: Vec<&Value> = warnings
        .iter()
        .filter(|w| message(w).starts_with("this policy has "))
        .collect();
    assert_eq!(size.len(), 1, "{answer}");
    assert_eq!(size[0]["policy"], "identityPolicies[0]");
    assert_eq!(
        (size[0]["line"].clone(), size[0]["column"].clone()),
        (json!(1), json!(1))
    );
    let message = message(size[0]);
    assert!(
        message.ends_with("more than the 6,144 aws accepts for a managed policy"),
        "{message}"
    );
}

#[test]
fn json_nested_10000_deep_is_an_error_not_a_crash() {
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let nesting_error = |policy: &str, line: u64, column: u64| {
        json!({"errors": [{
            "code": "JSON_TOO_DEEP",
            "severity": "ERROR",
            "policy": policy,
            "line": line,
            "column": column,
            "endLine": line,
            "endColumn": column + 1,
            "message": "json is nested more than 64 levels deep",
            "help": "policies never need this much nesting; check the brackets",
            "link": GRAMMAR
        }]})
    };

    // The whole input nested: the 65th bracket is refused.
    let out = run(&["simulate"], &deep);
    assert_eq!(out.code, Some(1), "stderr: {}", out.stderr);
    assert_eq!(out.answer(), nesting_error("input", 1, 65));

    // A policy text nested: located in the policy's own text (the object is level 1).
    let case = json!({
        "request": {"principal": ALICE, "action": "s3:GetObject", "resource": "*"},
        "identityPolicies": [format!("{{\"Statement\": {deep}}}")]
    });
    let out = run(&["simulate"], &case.to_string());
    assert_eq!(out.code, Some(1), "stderr: {}", out.stderr);
    assert_eq!(
        out.answer(),
        nesting_error("identityPolicies[0]", 1, 15 + 63)
    );

    // In batch mode the process survives and goes on to the next line.
    let out = run(
        &["simulate", "--batch"],
        &format!("{deep}\n{}\n", allowed_case()),
    );
    assert_eq!(out.code, Some(0), "stderr: {}", out.stderr);
    let answers = out.answers();
    assert_eq!(answers.len(), 2);
    assert_eq!(answers[0], nesting_error("input", 1, 65));
    assert_eq!(answers[1], allowed_answer());
}

#[test]
fn a_backtracking_wildcard_against_a_long_resource_gets_the_right_answer() {
    let case = |resource: String| {
        json!({
            "request": {"principal": ALICE, "action": "s3:GetObject", "resource": resource},
            "identityPolicies": [{
                "Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::*a*a*a*a*a*a*a*a*b"}]
            }]
        })
    };
    let no_b = format!("arn:aws:s3:::{}", "a".repeat(100_000));
    let ends_in_b = format!("arn:aws:s3:::{}b", "a".repeat(99_999));
    let too_few_a = format!("arn:aws:s3:::{}b", "ab".repeat(3));
    let input = format!("{}\n{}\n{}\n", case(no_b), case(ends_in_b), case(too_few_a));
    let out = run(&["simulate", "--batch"], &input);
    assert_eq!(out.code, Some(0), "stderr: {}", out.stderr);
    let answers = out.answers();
    assert_eq!(answers.len(), 3);
    let implicitly_denied = json!({
        "decision": "ImplicitlyDenied",
        "blockedBy": ["identityPolicies"],
        "decisive": [],
        "warnings": []
    });
    assert_eq!(answers[0], implicitly_denied, "100,000 `a` and no `b`");
    assert_eq!(
        answers[1],
        json!({
            "decision": "Allowed",
            "blockedBy": [],
            "decisive": [{"policy": "identityPolicies[0]", "statement": 0, "effect": "Allow"}],
            "warnings": []
        }),
        "99,999 `a` then `b`"
    );
    assert_eq!(
        answers[2], implicitly_denied,
        "only three `a` before the `b`"
    );
}

// ---------- actions ----------

#[test]
fn actions_lists_every_sagemaker_action_with_access_level_and_resource_types() {
    let out = run(&["actions", "sagemaker:*"], "");
    assert_eq!(out.code, Some(0), "stderr: {}", out.stderr);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), 449);
    assert!(
        lines.contains(
            &"sagemaker:CreateTrainingJob\tWrite\treserved-capacity, training-job*, training-plan"
        ),
        "{}",
        out.stdout
    );
    assert!(lines.iter().all(|l| l.starts_with("sagemaker:")));
    // Sorted as in the catalog: by name.
    let mut sorted = lines.clone();
    sorted.sort_by_key(|l| l.to_ascii_lowercase());
    assert_eq!(lines, sorted);
}

#[test]
fn actions_matches_case_insensitively_with_both_wildcards() {
    let out = run(&["actions", "S3:get?bject"], "");
    assert_eq!(out.code, Some(0), "stderr: {}", out.stderr);
    assert_eq!(
        out.stdout,
        "s3:GetObject\tRead\taccesspointobject, object\n"
    );
    let all = run(&["actions", "*"], "");
    assert_eq!(all.code, Some(0));
    assert!(all.stdout.lines().count() > 20_000);
}

#[test]
fn actions_json_gives_resource_types_with_arn_templates_and_condition_keys() {
    let out = run(&["actions", "sagemaker:CreateTrainingJob", "--json"], "");
    assert_eq!(out.code, Some(0), "stderr: {}", out.stderr);
    let answer = out.answer();
    assert_eq!(answer["name"], "sagemaker:CreateTrainingJob");
    assert_eq!(answer["service"], "sagemaker");
    assert_eq!(answer["accessLevel"], "Write");
    let types = answer["resourceTypes"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(types.contains(&json!({
        "name": "training-job",
        "required": true,
        "arn": "arn:${Partition}:sagemaker:${Region}:${Account}:training-job/${TrainingJobName}"
    })));
    let keys = answer["conditionKeys"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(keys.contains(&json!("sagemaker:InstanceTypes")), "{answer}");
    let lines = run(&["actions", "--json", "sagemaker:*"], "").answers();
    assert_eq!(lines.len(), 449);
}

#[test]
fn actions_with_a_typo_exits_1_with_a_suggestion() {
    let out = run(&["actions", "sagemaker:CreateTrainingJobs"], "");
    assert_eq!(out.code, Some(1));
    assert_eq!(out.stdout, "");
    assert_eq!(
        out.stderr,
        "policy-playground: `sagemaker:CreateTrainingJobs` matches no action; did you mean `sagemaker:CreateTrainingJob`?\n"
    );
    let out = run(&["actions", "sagemakr:*"], "");
    assert_eq!(out.code, Some(1));
    assert!(
        out.stderr.contains("did you mean the service `sagemaker`?"),
        "{}",
        out.stderr
    );
    let out = run(&["actions", "sagemaker"], "");
    assert_eq!(out.code, Some(1));
    assert!(
        out.stderr.contains("did you mean `sagemaker:*`?"),
        "{}",
        out.stderr
    );
}

// ---------- usage errors ----------

#[test]
fn usage_errors_exit_2_with_the_usage_on_standard_error() {
    for args in [
        &[][..],
        &["simulat"][..],
        &["simulate", "--bach"][..],
        &["simulate", "a.json", "b.json"][..],
        &["simulate", "--batch", "extra"][..],
        &["actions"][..],
        &["actions", "--json"][..],
        &["actions", "s3:*", "--jsn"][..],
        &["check"][..],
        &["diff"][..],
        &["diff", "a.json", "b.json", "c.json"][..],
        &["link"][..],
        &["link", "a.json", "--decode", "v2.x"][..],
    ] {
        let out = run(args, "");
        assert_eq!(out.code, Some(2), "{args:?}");
        assert_eq!(out.stdout, "", "{args:?}");
        assert!(out.stderr.contains("Usage:"), "{args:?}: {}", out.stderr);
    }
}

#[test]
fn an_unknown_verb_exits_2_with_a_message_on_standard_error_only() {
    let out = run(&["frobnicate", "case.json"], "");
    assert_eq!(out.code, Some(2));
    assert_eq!(out.stdout, "");
    assert!(
        out.stderr.starts_with("error: ") && out.stderr.contains("'frobnicate'"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("Usage: policy-playground"),
        "{}",
        out.stderr
    );
    // A near miss gets a suggestion.
    let out = run(&["simulat"], "");
    assert_eq!(out.code, Some(2));
    assert_eq!(out.stdout, "");
    assert!(out.stderr.contains("'simulate'"), "{}", out.stderr);
}

#[test]
fn a_missing_argument_exits_2_with_a_message_on_standard_error_only() {
    for args in [&["actions"][..], &["actions", "--json"][..]] {
        let out = run(args, "");
        assert_eq!(out.code, Some(2), "{args:?}");
        assert_eq!(out.stdout, "", "{args:?}");
        assert!(
            out.stderr.starts_with("error: ") && out.stderr.contains("<PATTERN>"),
            "{args:?}: {}",
            out.stderr
        );
        assert!(
            out.stderr
                .contains("Usage: policy-playground actions PATTERN"),
            "{args:?}: {}",
            out.stderr
        );
    }
}

#[test]
fn the_help_of_each_verb_exits_0_and_names_its_arguments() {
    let verbs: [(&str, &[&str]); 9] = [
        (
            "who-can",
            &[
                "--action ACTION",
                "--resource R",
                "--preset ID",
                "\"grantedBy\"",
                "\"deniedBy\"",
            ],
        ),
        (
            "what-can",
            &[
                "--principal NAME",
                "--actions FILTER",
                "\"accessLevels\"",
                "Tagging",
            ],
        ),
        (
            "simulate",
            &["[FILE|-]", "--batch", "JSON Lines", "\"identityPolicies\""],
        ),
        ("actions", &["PATTERN", "--json", "case-insensitive"]),
        (
            "check",
            &["FILE...", "--json", "\"ExplicitlyDenied\"", "\"failures\""],
        ),
        ("diff", &["OLD NEW", "--json", "narrower", "baseline"]),
        ("link", &["--base URL", "--decode LINK", "index.html"]),
        ("checks", &["--json", "findingType"]),
        (
            "validate",
            &[
                "--kind KIND",
                "--fail-on",
                "sarif",
                "findingType",
                "permissionsBoundary",
            ],
        ),
    ];
    for (verb, mentions) in verbs {
        for args in [[verb, "--help"], [verb, "-h"], ["help", verb]] {
            let out = run(&args, "");
            assert_eq!(out.code, Some(0), "{args:?}: {}", out.stderr);
            assert_eq!(out.stderr, "", "{args:?}");
            assert!(
                out.stdout
                    .contains(&format!("Usage: policy-playground {verb} ")),
                "{args:?}: {}",
                out.stdout
            );
            for mention in mentions.iter().chain(&["Exit codes:"]) {
                assert!(
                    out.stdout.contains(mention),
                    "{args:?} does not mention {mention}: {}",
                    out.stdout
                );
            }
        }
    }
}

#[test]
fn version_prints_the_crate_version() {
    let expected = format!("policy-playground {}\n", env!("CARGO_PKG_VERSION"));
    for args in [&["--version"][..], &["-V"][..]] {
        let out = run(args, "");
        assert_eq!(out.code, Some(0), "{args:?}: {}", out.stderr);
        assert_eq!(out.stdout, expected, "{args:?}");
        assert_eq!(out.stderr, "", "{args:?}");
    }
}

#[test]
fn an_unreadable_file_exits_2_and_says_which() {
    let missing = std::env::temp_dir().join(format!(
        "policy-playground-cli-{}-does-not-exist.json",
        std::process::id()
    ));
    let missing = missing.to_str().unwrap_or("does-not-exist.json");
    let out = run(&["simulate", missing], "");
    assert_eq!(out.code, Some(2));
    assert_eq!(out.stdout, "");
    assert!(
        out.stderr
            .starts_with(&format!("policy-playground: cannot read `{missing}`")),
        "{}",
        out.stderr
    );
}

#[test]
fn help_exits_0_with_the_usage_on_standard_output() {
    for flag in ["--help", "-h", "help"] {
        let out = run(&[flag], "");
        assert_eq!(out.code, Some(0), "{flag}");
        assert!(
            out.stdout.contains("policy-playground simulate --batch"),
            "{flag}"
        );
        assert!(
            out.stdout.contains("policy-playground actions PATTERN"),
            "{flag}"
        );
    }
}

// ---------- the corpus through the binary ----------

/// The cases of one corpus folder, as build.rs lists them (the one corpus walker).
fn case_files(folder: &str) -> Vec<(&'static str, &'static str)> {
    support::CORPUS_FILES
        .iter()
        .filter(|(path, _)| path.rsplit_once('/').is_some_and(|(f, _)| f == folder))
        .copied()
        .collect()
}

/// Sends every case of `folder` through `--batch` (one compact line each) and compares each
/// answer line with the case's `expect`, exactly as the library runner does.
fn corpus_folder_through_the_binary(folder: &str) {
    let files = case_files(folder);
    assert!(!files.is_empty(), "no cases in tests/corpus/{folder}");
    let mut names = Vec::new();
    let mut expects = Vec::new();
    let mut input = String::new();
    for (name, text) in &files {
        let case: Value = serde_json::from_str(text).unwrap_or_else(|e| panic!("{name}: {e}"));
        // The same serialization the library runner gives `simulate` (tests/support/mod.rs), so
        // that locations in the input agree.
        input.push_str(&case["input"].to_string());
        input.push('\n');
        expects.push(case["expect"].clone());
        names.push(*name);
    }
    let out = run(&["simulate", "--batch"], &input);
    assert_eq!(out.code, Some(0), "stderr: {}", out.stderr);
    let answers = out.answers();
    assert_eq!(answers.len(), files.len(), "one answer line per case");
    let failures: Vec<String> = names
        .iter()
        .zip(&expects)
        .zip(&answers)
        .filter_map(|((name, expect), answer)| support::compare(name, expect, answer).err())
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases answered differently by the binary:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
}

#[test]
fn every_corpus_case_gets_the_documented_answer_through_the_binary() {
    let mut folders: Vec<&str> = support::CORPUS_FILES
        .iter()
        .filter_map(|(path, _)| path.rsplit_once('/').map(|(folder, _)| folder))
        .collect();
    folders.dedup();
    assert!(folders.len() >= 6, "{folders:?}");
    for folder in folders {
        corpus_folder_through_the_binary(folder);
    }
}

/// Every corpus case's input, compact, and again shifted by `pad` spaces after its first `{`
/// (so a policy written as an object sits at another byte and column of the line).
fn corpus_lines(pad: usize) -> Vec<String> {
    support::CORPUS_FILES
        .iter()
        .map(|(name, text)| {
            let case: Value = serde_json::from_str(text).unwrap_or_else(|e| panic!("{name}: {e}"));
            let line = case["input"].to_string();
            match line.strip_prefix('{') {
                Some(rest) => format!("{{{}{rest}", " ".repeat(pad)),
                None => line,
            }
        })
        .collect()
}

/// A batch of repeated and distinct cases: the corpus three times (as written, shifted, and
/// backwards), twice, interleaved with a few cases alone: megabytes, many times the batch's
/// 64 KB chunks and more chunks than it reads ahead.
fn repeating_batch() -> Vec<String> {
    let plain = corpus_lines(0);
    let shifted = corpus_lines(7);
    let mut lines = Vec::new();
    for round in 0..2 {
        lines.extend(plain.iter().cloned());
        lines.push(allowed_case().to_string());
        lines.extend(shifted.iter().cloned());
        lines.push(String::new());
        lines.extend(plain.iter().rev().cloned());
        lines.push(denied_case().to_string());
        lines.push(format!("{{\"round\": {round}"));
    }
    lines
}

#[test]
fn a_batch_of_repeated_and_distinct_cases_answers_exactly_as_one_by_one_in_order() {
    let lines = repeating_batch();
    let bytes: usize = lines.iter().map(|l| l.len() + 1).sum();
    assert!(
        bytes > 32 * 65_536,
        "the batch spans 32 chunks: {bytes} bytes"
    );
    let one_by_one: Vec<String> = lines
        .iter()
        .map(|l| {
            if l.trim().is_empty() {
                run(&["simulate", "--batch"], &format!("{l}\n")).stdout
            } else {
                policy_playground::api::simulate(l).to_json() + "\n"
            }
        })
        .collect();
    let input = lines.join("\n") + "\n";
    for jobs in [None, Some("1"), Some("3")] {
        let mut args = vec!["simulate", "--batch"];
        args.extend(jobs.iter().flat_map(|j| ["--jobs", j]));
        let out = run(&args, &input);
        assert_eq!(out.code, Some(0), "stderr: {}", out.stderr);
        let answers: Vec<&str> = out.stdout.split_inclusive('\n').collect();
        assert_eq!(answers.len(), lines.len(), "{args:?}: one answer per line");
        for (i, (got, want)) in answers.iter().zip(&one_by_one).enumerate() {
            assert_eq!(got, want, "{args:?}: line {} ({})", i + 1, lines[i]);
        }
    }
}

#[test]
fn the_policy_cache_answers_exactly_as_without_it() {
    // Through the library: one cache over the whole batch, each answer compared byte for byte
    // with a fresh `simulate`, and the repeated policies really read from the cache.
    let mut cache = policy_playground::api::PolicyCache::new();
    let mut line_cache = policy_playground::api::PolicyCache::new();
    let lines = repeating_batch();
    for line in &lines {
        let fresh = policy_playground::api::simulate(line).to_json();
        let cached = policy_playground::api::simulate_cached(line, &mut cache).to_json();
        assert_eq!(cached, fresh, "{line}");
        let as_line = policy_playground::api::simulate_line(line, &mut line_cache).to_json();
        assert_eq!(as_line, fresh, "{line}");
    }
    assert!(cache.hits() > 1000, "{} hits", cache.hits());
    assert!(!cache.is_empty());
}

/// A batch line's findings are located as a lone case's are, columns in characters whether
/// the line is ASCII or not (its index is built without a search for line ends).
#[test]
fn a_batch_line_is_located_as_a_lone_case() {
    let lines = [
        r#"{"request":{"principal":"arn:aws:iam::111122223333:user/bob","action":"s3:GetObject","resource":"*"},"identityPolicies":[{"Version":"2012-10-17","Statement":[{"Sid":"Not ascii: é","Effect":"Allow","Action":["s3:GetObject","s3:Get*"],"Resource":"*"}]}]}"#,
        r#"{"request":{"principal":"arn:aws:iam::111122223333:user/bob","action":"s3:GetObject","resource":"*"},"identityPolicies":[{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:Get*"],"Resource":"*"}]}]}"#,
        r#"{"request":{"principal":"arn:aws:iam::111122223333:user/bob","action":"s3:GetObject"},"identityPolicies":[{"Statement":[{"Sid":"ünïcödé","Effect":"Allow","Action":"s3:GetObjekt","Resource":"*"}]}],"extra":1}"#,
    ];
    for line in lines {
        let mut cache = policy_playground::api::PolicyCache::new();
        let answer = policy_playground::api::simulate_line(line, &mut cache).to_json();
        assert_eq!(
            answer,
            policy_playground::api::simulate(line).to_json(),
            "{line}"
        );
        assert!(answer.contains("\"column\""), "{answer}");
    }
}

/// `simulate --batch --jobs JOBS` started with standard input and output piped (standard
/// error dropped), for tests that talk to it while it runs.
fn batch_process(jobs: &str) -> std::process::Child {
    Command::new(binary())
        .args(["simulate", "--batch", "--jobs", jobs])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the binary starts")
}

/// The lines `child` writes on its standard output, as they come, from a thread of their own
/// (join it once the child is done).
fn answer_lines(
    child: &mut std::process::Child,
) -> (
    std::sync::mpsc::Receiver<String>,
    std::thread::JoinHandle<()>,
) {
    let (lines, answers) = std::sync::mpsc::channel();
    let stdout = child.stdout.take().expect("stdout is piped");
    let reader = std::thread::spawn(move || {
        use std::io::BufRead;
        for line in std::io::BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if lines.send(line).is_err() {
                break;
            }
        }
    });
    (answers, reader)
}

/// Writes each case on its own line and waits for its answer before the next (at most 20 s).
fn one_by_one(
    input: &mut std::process::ChildStdin,
    answers: &std::sync::mpsc::Receiver<String>,
    jobs: &str,
    cases: &[(Value, Value)],
) {
    for (case, want) in cases {
        input
            .write_all(format!("{case}\n").as_bytes())
            .and_then(|()| input.flush())
            .expect("the case is written");
        assert_eq!(&next_answer(answers, jobs), want, "--jobs {jobs}");
    }
}

/// Waits for `child` (its input closed) and its answer reader: it exits with 0.
fn exits_0(mut child: std::process::Child, reader: std::thread::JoinHandle<()>, jobs: &str) {
    let status = child.wait().expect("the binary exits");
    assert_eq!(status.code(), Some(0), "--jobs {jobs}");
    reader.join().expect("the reader finishes");
}

/// The next answer `answers` gives, read as JSON (waiting at most 20 s).
fn next_answer(answers: &std::sync::mpsc::Receiver<String>, jobs: &str) -> Value {
    let line = answers
        .recv_timeout(std::time::Duration::from_secs(20))
        .unwrap_or_else(|e| panic!("--jobs {jobs}: no answer while the input is open: {e}"));
    serde_json::from_str(&line).unwrap_or_else(|e| panic!("--jobs {jobs}: {e}: {line}"))
}

#[test]
fn a_batch_answers_each_line_as_it_arrives_without_waiting_for_more() {
    // A program that writes a case, waits for its answer, then writes the next.
    for jobs in ["1", "2"] {
        let mut child = batch_process(jobs);
        let mut input = child.stdin.take().expect("stdin is piped");
        let (answers, reader) = answer_lines(&mut child);
        let cases = [
            (allowed_case(), allowed_answer()),
            (denied_case(), denied_answer()),
        ];
        one_by_one(&mut input, &answers, jobs, &cases);
        drop(input);
        exits_0(child, reader, jobs);
    }
}

/// The same once the deciding threads have started (a first read filled its chunk): the
/// thread that reads a lone line decides it and writes its answer, with no other line to come.
#[test]
fn a_batch_whose_threads_have_started_still_answers_each_line_as_it_arrives() {
    for jobs in ["2", "3"] {
        let mut child = batch_process(jobs);
        let mut input = child.stdin.take().expect("stdin is piped");
        let (answers, reader) = answer_lines(&mut child);
        // far more than a first read takes: every thread starts
        let burst = format!("{}\n{}\n", allowed_case(), denied_case()).repeat(400);
        assert!(burst.len() > 200_000, "{}", burst.len());
        input
            .write_all(burst.as_bytes())
            .and_then(|()| input.flush())
            .expect("the burst is written");
        for i in 0..800 {
            let want = if i % 2 == 0 {
                allowed_answer()
            } else {
                denied_answer()
            };
            assert_eq!(next_answer(&answers, jobs), want, "--jobs {jobs}, line {i}");
        }
        let cases = [
            (denied_case(), denied_answer()),
            (allowed_case(), allowed_answer()),
            (denied_case(), denied_answer()),
        ];
        one_by_one(&mut input, &answers, jobs, &cases);
        drop(input);
        exits_0(child, reader, jobs);
    }
}

#[test]
fn a_batch_with_lines_longer_than_its_chunks_answers_each_in_order() {
    // Lines of 100 KB to 1 MB (their policies padded with whitespace) between short ones: each
    // long line spans several reads of the input and is a chunk of its own.
    let padded = |case: Value, pad: usize| {
        let text = case.to_string();
        format!("{{{}{}", " ".repeat(pad), &text[1..])
    };
    let mut lines = Vec::new();
    for (i, pad) in [100_000, 1_000_000, 65_535, 65_536, 300_000]
        .into_iter()
        .enumerate()
    {
        lines.push(allowed_case().to_string());
        lines.push(padded(
            if i % 2 == 0 {
                denied_case()
            } else {
                allowed_case()
            },
            pad,
        ));
        lines.push(invalid_case().to_string());
    }
    let input = lines.join("\n");
    for jobs in ["1", "2", "3"] {
        let out = run(&["simulate", "--batch", "--jobs", jobs], &input);
        assert_eq!(out.code, Some(0), "stderr: {}", out.stderr);
        let answers = out.answers();
        assert_eq!(answers.len(), lines.len(), "--jobs {jobs}");
        for (i, answer) in answers.iter().enumerate() {
            let want = match (i % 3, i / 3 % 2) {
                (0, _) | (1, 1) => allowed_answer(),
                (1, _) => denied_answer(),
                _ => invalid_answer(),
            };
            assert_eq!(answer, &want, "--jobs {jobs}, line {}", i + 1);
        }
    }
}

#[test]
fn a_batch_read_from_a_file_answers_as_from_a_pipe() {
    // `simulate --batch < cases.jsonl`: standard input is a file, and one larger than the first
    // chunk starts the other threads before its first read. Files of one case, of less than a
    // chunk and of many chunks, without and with a final newline, answer as a pipe does.
    let cases = [allowed_case(), denied_case(), invalid_case()];
    for (lines, newline) in [(1, true), (10, false), (3_000, true), (3_001, false)] {
        let mut input = (0..lines)
            .map(|i| cases[i % 3].to_string())
            .collect::<Vec<_>>()
            .join("\n");
        if newline {
            input.push('\n');
        }
        let file = TempCase::new(&format!("batch-{lines}"), &input);
        for jobs in ["1", "2", "3"] {
            let piped = run(&["simulate", "--batch", "--jobs", jobs], &input);
            let out = Command::new(binary())
                .args(["simulate", "--batch", "--jobs", jobs])
                .stdin(Stdio::from(
                    std::fs::File::open(file.path()).expect("the case file opens"),
                ))
                .output()
                .expect("the binary runs to the end");
            assert_eq!(out.status.code(), Some(0), "{lines} lines, --jobs {jobs}");
            let answers = String::from_utf8_lossy(&out.stdout);
            assert_eq!(
                answers.lines().count(),
                lines,
                "{lines} lines, --jobs {jobs}"
            );
            assert_eq!(answers, piped.stdout, "{lines} lines, --jobs {jobs}");
        }
    }
}

/// `simulate --batch > answers.jsonl`: when standard output is a file, the answers are gathered
/// and written half a megabyte or more at a time; the file holds what a pipe gets, whatever
/// the batch's size, the threads, and whether the file is appended to.
#[test]
fn a_batch_written_to_a_file_answers_as_to_a_pipe() {
    let cases = [allowed_case(), denied_case(), invalid_case()];
    for lines in [0, 2, 9_000] {
        let input: String = (0..lines)
            .map(|i| cases[i % 3].to_string() + "\n")
            .collect();
        let output = TempCase::new(&format!("answers-{lines}"), "");
        for (jobs, append) in [("1", false), ("2", false), ("3", true)] {
            let piped = run(&["simulate", "--batch", "--jobs", jobs], &input);
            // what the file holds before: nothing, or a line kept when it is appended to
            let before = if append { "kept\n" } else { "" };
            std::fs::write(output.path(), "stale text, longer than nothing\n".repeat(3))
                .expect("the output file is written");
            if append {
                std::fs::write(output.path(), before).expect("the output file is written");
            }
            let file = std::fs::OpenOptions::new()
                .write(true)
                .append(append)
                .truncate(!append)
                .open(output.path())
                .expect("the output file opens");
            let mut child = Command::new(binary())
                .args(["simulate", "--batch", "--jobs", jobs])
                .stdin(Stdio::piped())
                .stdout(Stdio::from(file))
                .spawn()
                .expect("the binary starts");
            let mut stdin = child.stdin.take().expect("standard input is piped");
            let data = input.clone();
            let writer = std::thread::spawn(move || stdin.write_all(data.as_bytes()));
            let status = child.wait().expect("the binary runs to the end");
            writer
                .join()
                .expect("the writer thread ends")
                .expect("the input is written");
            assert_eq!(status.code(), Some(0), "{lines} lines, --jobs {jobs}");
            let written = std::fs::read_to_string(output.path()).expect("the answers are read");
            assert_eq!(written.len(), before.len() + piped.stdout.len());
            assert_eq!(
                written,
                format!("{before}{}", piped.stdout),
                "{lines} lines, --jobs {jobs}"
            );
            if lines > 0 {
                assert_eq!(written.lines().count(), lines + usize::from(append));
            }
        }
        if lines == 9_000 {
            let size = std::fs::metadata(output.path())
                .map(|m| m.len())
                .unwrap_or(0);
            assert!(
                size > 2 * (512 << 10),
                "answers of several gathered writes: {size} bytes"
            );
        }
    }
}

#[test]
fn a_batch_whose_output_closes_stops_and_exits_0() {
    // `policy-playground simulate --batch < cases | head -1`: the rest is not decided.
    let input = format!("{}\n", allowed_case()).repeat(200_000);
    for jobs in ["1", "2"] {
        let mut child = batch_process(jobs);
        let mut pipe = child.stdin.take().expect("stdin is piped");
        let text = input.clone();
        let writer = std::thread::spawn(move || {
            let _ = pipe.write_all(text.as_bytes());
        });
        let mut stdout = child.stdout.take().expect("stdout is piped");
        let mut first = [0u8; 1000];
        let read = std::io::Read::read(&mut stdout, &mut first).expect("an answer arrives");
        assert!(read > 0);
        drop(stdout);
        let output = child.wait_with_output().expect("the binary exits");
        assert_eq!(output.status.code(), Some(0), "--jobs {jobs}");
        writer.join().expect("the stdin writer finishes");
    }
}

/// Runs the binary with `args`, standard input from `stdin` (a file) and standard output to
/// `stdout`; returns the exit code and standard error.
#[cfg(target_os = "linux")]
fn run_into(args: &[&str], stdin: Stdio, stdout: Stdio) -> (Option<i32>, String) {
    let out = Command::new(binary())
        .args(args)
        .stdin(stdin)
        .stdout(stdout)
        .stderr(Stdio::piped())
        .output()
        .expect("the binary runs");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Output that cannot be written (here `/dev/full`: "no space left on device") is an error of
/// every verb: exit 2 and a message, never a panic and never 0 with the output cut short. A
/// reader that goes away (`| head`) stays a quiet end (`a_batch_whose_output_closes_…`).
#[cfg(target_os = "linux")]
#[test]
fn output_that_cannot_be_written_exits_2_with_a_message() {
    let case = TempCase::new("full", &allowed_case().to_string());
    let batch = TempCase::new("full-batch", &format!("{}\n", allowed_case()).repeat(2_000));
    let full = || Stdio::from(std::fs::File::create("/dev/full").expect("/dev/full opens"));
    let file = |t: &TempCase| Stdio::from(std::fs::File::open(t.path()).expect("the case opens"));
    let runs: Vec<(Vec<&str>, Stdio)> = vec![
        (vec!["simulate", case.path()], Stdio::null()),
        (vec!["simulate", "--explain", case.path()], Stdio::null()),
        (vec!["simulate", "--batch"], file(&batch)),
        (vec!["simulate", "--batch", "--jobs", "2"], file(&batch)),
        (vec!["actions", "s3:*"], Stdio::null()),
        (vec!["checks", "--json"], Stdio::null()),
        (
            vec!["scenario", "--preset", "rcp-org-perimeter"],
            Stdio::null(),
        ),
        (vec!["--help"], Stdio::null()),
        (vec!["--version"], Stdio::null()),
    ];
    for (args, stdin) in runs {
        let (code, stderr) = run_into(&args, stdin, full());
        assert_eq!(code, Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains("cannot write standard output") && !stderr.contains("panicked"),
            "{args:?}: {stderr}"
        );
    }
}

/// A batch writing its answers to a regular file (gathered, then written half a megabyte at a
/// time) that stops taking them (here past a file size limit) exits 2 with a message too.
#[cfg(target_os = "linux")]
#[test]
fn a_batch_whose_answer_file_cannot_grow_exits_2() {
    use std::os::unix::process::CommandExt;
    let batch = TempCase::new(
        "fsize-batch",
        &format!("{}\n", allowed_case()).repeat(9_000),
    );
    let answers = TempCase::new("fsize-answers", "");
    for jobs in ["1", "2"] {
        let mut command = Command::new(binary());
        command
            .args(["simulate", "--batch", "--jobs", jobs])
            .stdin(std::fs::File::open(batch.path()).expect("the batch opens"))
            .stdout(std::fs::File::create(answers.path()).expect("the answer file opens"))
            .stderr(Stdio::piped());
        // SAFETY: between fork and exec the child only sets its own signal disposition and
        // resource limit (both async-signal-safe system calls).
        unsafe {
            command.pre_exec(|| {
                // a write past the limit then fails with EFBIG instead of killing the process
                libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
                let limit = libc::rlimit {
                    rlim_cur: 256 << 10,
                    rlim_max: 256 << 10,
                };
                if libc::setrlimit(libc::RLIMIT_FSIZE, &limit) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let out = command.output().expect("the binary runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "--jobs {jobs}: {stderr}");
        assert!(
            stderr.contains("cannot write standard output"),
            "--jobs {jobs}: {stderr}"
        );
    }
}

/// Standard output closed outright (`>&-`, not a full device): the standard library would
/// count every write as done, so the answers would be lost with exit 0. Each verb that writes
/// exits 2 with a message instead; a batch with no lines writes nothing and ends with 0.
#[cfg(target_os = "linux")]
#[test]
fn a_closed_standard_output_exits_2_when_the_verb_writes() {
    use std::os::unix::process::CommandExt;
    let case = TempCase::new("closed", &allowed_case().to_string());
    let batch = TempCase::new(
        "closed-batch",
        &format!("{}\n", allowed_case()).repeat(2_000),
    );
    let empty = TempCase::new("closed-empty", "");
    let runs: Vec<(Vec<&str>, Option<&TempCase>, i32)> = vec![
        (vec!["simulate", case.path()], None, 2),
        (vec!["simulate", "--explain", case.path()], None, 2),
        (vec!["simulate", "--batch"], Some(&batch), 2),
        (vec!["simulate", "--batch", "--jobs", "2"], Some(&batch), 2),
        (vec!["actions", "s3:*"], None, 2),
        (vec!["--help"], None, 2),
        (vec!["simulate", "--batch"], Some(&empty), 0),
    ];
    for (args, stdin, expected) in runs {
        let mut command = Command::new(binary());
        command
            .args(&args)
            .stderr(Stdio::piped())
            .stdin(match stdin {
                Some(t) => Stdio::from(std::fs::File::open(t.path()).expect("the input opens")),
                None => Stdio::null(),
            });
        // SAFETY: between fork and exec the child only closes its own descriptor 1 (an
        // async-signal-safe system call).
        unsafe {
            command.pre_exec(|| {
                libc::close(1);
                Ok(())
            });
        }
        let out = command.output().expect("the binary runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(expected), "{args:?}: {stderr}");
        assert_eq!(
            stderr.contains("cannot write standard output: it is closed"),
            expected == 2,
            "{args:?}: {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}

#[test]
fn jobs_must_be_a_positive_number_with_batch() {
    for args in [
        &["simulate", "--batch", "--jobs", "0"][..],
        &["simulate", "--batch", "--jobs", "many"],
        &["simulate", "--jobs", "2"],
    ] {
        let out = run(args, "");
        assert_eq!(out.code, Some(2), "{args:?}: {}", out.stderr);
        assert!(out.stdout.is_empty());
        assert!(out.stderr.contains("--jobs"), "{args:?}: {}", out.stderr);
    }
}

// ---------- scenario ----------

#[test]
fn scenario_prints_the_grid_of_every_layer_as_a_table_or_json() {
    let out = run(&["scenario", "--preset", "rcp-org-perimeter"], "");
    assert_eq!(out.code, Some(0), "stderr: {}", out.stderr);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines[0], "action\tanalyst\tvendor\tcloudtrail");
    assert_eq!(
        lines[1],
        "s3:GetObject\tAllowed\tExplicitlyDenied by rcps\tImplicitlyDenied by resourcePolicy"
    );
    assert_eq!(
        lines[2],
        "s3:PutObject\tAllowed\tExplicitlyDenied by rcps\tAllowed"
    );

    // The same grid as JSON, from a file holding the document (a version 1 document reads too).
    let out = run(
        &["scenario", "--preset", "cross-account-bucket", "--json"],
        "",
    );
    assert_eq!(out.code, Some(0));
    let answer = out.answer();
    assert_eq!(answer["type"], "success");
    assert_eq!(
        answer["principals"],
        json!(["partner-reader", "partner-auditor"])
    );
    assert_eq!(
        answer["cells"][0][1],
        json!({"decision": "ImplicitlyDenied", "blockedBy": ["identityPolicies"]})
    );
    let v1 = json!({
        "endpoint": {"policy": ""},
        "principals": [{"name": "a", "arn": ALICE, "policies": [{"name": "p", "text": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}"}]}],
        "actions": "s3:GetObject"
    });
    let file = TempCase::new("scenario-v1", &v1.to_string());
    let out = run(&["scenario", file.path(), "--json"], "");
    assert_eq!(out.code, Some(0), "stderr: {}", out.stderr);
    assert_eq!(out.answer()["cells"][0][0]["decision"], "Allowed");
}

#[test]
fn scenario_with_a_network_prints_unreachable_calls_at_their_hop() {
    let mut network: serde_json::Value =
        serde_json::from_str(include_str!("../bench/network.json")).expect("reads");
    network["securityGroups"]
        .as_array_mut()
        .expect("groups")
        .push(json!({"id": "sg-batch", "egress": []}));
    network["workloads"]
        .as_array_mut()
        .expect("workloads")
        .push(json!({
            "name": "batch-host", "subnet": "subnet-private-a", "securityGroups": ["sg-batch"],
            "privateIp": "10.0.1.60"
        }));
    let iam = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sagemaker:*\",\"Resource\":\"*\"}]}";
    let doc = json!({
        "version": 2,
        "endpoints": [{"id": "vpce-0a1b2c3d4e5f67890", "endpointType": "Interface",
            "service": "com.amazonaws.us-east-1.sagemaker.api", "policy": ""}],
        "principals": [
            {"name": "nb", "arn": ALICE, "policies": [{"name": "p", "text": iam}], "workload": "notebook"},
            {"name": "batch", "arn": ALICE, "policies": [{"name": "p", "text": iam}], "workload": "batch-host"}
        ],
        "actions": "sagemaker:CreateTrainingJob",
        "network": network
    });
    let file = TempCase::new("scenario-network", &doc.to_string());
    let out = run(&["scenario", file.path()], "");
    assert_eq!(out.code, Some(0), "stderr: {}", out.stderr);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(
        lines[1],
        "sagemaker:CreateTrainingJob\tAllowed\tUnreachable at security-group-egress"
    );
    let out = run(&["scenario", file.path(), "--json"], "");
    assert_eq!(
        out.answer()["cells"][0][1],
        json!({"decision": "Unreachable", "blockedBy": [], "stoppedAt": "security-group-egress"})
    );
}

#[test]
fn scenario_pivots_on_one_action_one_row_per_resource() {
    // Over the internet the bucket policy denies on its bucket only.
    let doc = {
        let preset =
            policy_playground::scenario::presets::preset("s3-bucket-policy-requires-endpoint")
                .expect("preset");
        let mut scenario = preset.scenario;
        scenario.context.via_endpoint = false;
        serde_json::to_string(&scenario).expect("json")
    };
    let out = run(&["scenario", "-", "--pivot", "s3:GetObject"], &doc);
    assert_eq!(out.code, Some(0), "stderr: {}", out.stderr);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines[0], "resource\tanalytics-role");
    assert_eq!(lines.len(), 3);
    assert!(
        lines[2].starts_with("reports arn:aws:s3:::")
            && lines[2].ends_with("\tExplicitlyDenied by resourcePolicy"),
        "{}",
        lines[2]
    );
    let out = run(
        &["scenario", "-", "--pivot", "s3:GetObject", "--json"],
        &doc,
    );
    let answer = out.answer();
    assert_eq!(answer["action"], "s3:GetObject");
    assert_eq!(answer["resources"][1]["name"], "reports");
    assert_eq!(
        answer["cells"][1][0],
        json!({"decision": "ExplicitlyDenied", "blockedBy": ["resourcePolicy"]})
    );
    assert_eq!(answer["resources"][0]["name"], "");
}

#[test]
fn scenario_errors_are_the_answer_and_exit_1_usage_errors_exit_2() {
    let out = run(&["scenario", "-"], "{\n  \"principals\": 3\n}");
    assert_eq!(out.code, Some(1));
    assert!(
        out.stdout
            .starts_with("scenario:2:17: ERROR INVALID_SCENARIO: the scenario is not valid"),
        "{}",
        out.stdout
    );
    // A policy error is located in its editor's place.
    let broken = json!({"version": 2, "principals": [{"name": "a", "arn": ALICE, "policies": [], "boundary": "{\"Version\": 3}"}]});
    let out = run(&["scenario", "--json"], &broken.to_string());
    assert_eq!(out.code, Some(1));
    let answer = out.answer();
    assert_eq!(answer["type"], "failure");
    assert_eq!(answer["errors"][0]["policy"], "principals[0].boundary");
    assert_eq!(answer["errors"][0]["code"], "MISSING_STATEMENT");
    let out = run(&["scenario", "--preset", "no-such-preset"], "");
    assert_eq!(out.code, Some(2));
    assert!(
        out.stderr.contains("unknown preset `no-such-preset`"),
        "{}",
        out.stderr
    );
    assert!(out.stdout.is_empty());
}

// ---------- check, diff, link ----------

/// A preset's document as a file.
fn preset_file(
    id: &str,
    tweak: impl FnOnce(&mut policy_playground::scenario::Scenario),
) -> TempCase {
    let mut scenario = policy_playground::scenario::presets::preset(id)
        .expect("preset")
        .scenario;
    tweak(&mut scenario);
    // Tests run in parallel: each file gets a name of its own.
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    TempCase::new(
        &format!("{id}-{n}"),
        &serde_json::to_string_pretty(&scenario).expect("json"),
    )
}

/// The exam's endpoint policy written with `"Principal": "*"`: other-user gets in.
fn admit_everyone(s: &mut policy_playground::scenario::Scenario) {
    s.endpoints[0].policy = s.endpoints[0].policy.replace(
        r#"{ "AWS": "arn:aws:iam::111122223333:user/specific-user" }"#,
        r#""*""#,
    );
}

#[test]
fn check_exits_0_when_every_expectation_of_every_file_holds() {
    let exam = preset_file("sagemaker-api-exam", |_| {});
    let rcp = preset_file("rcp-org-perimeter", |_| {});
    let out = run(&["check", exam.path(), rcp.path()], "");
    assert_eq!(out.code, Some(0), "{}{}", out.stdout, out.stderr);
    assert_eq!(out.stderr, "");
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(
        lines[0],
        format!("{}: pass (2 of 2 expectations hold)", exam.path())
    );
    assert!(lines[1].starts_with(
        "  pass     specific-user × sagemaker:CreateTrainingJob is Allowed (its IAM policy"
    ));
    assert!(lines[1].ends_with(": 1 cell"), "{}", lines[1]);
    assert!(lines[2].starts_with("  pass     other-user × sagemaker:CreateTrainingJob is Denied"));
    assert_eq!(
        lines[3],
        format!("{}: pass (3 of 3 expectations hold)", rcp.path())
    );
    assert!(lines[5].starts_with("  pass     vendor × s3:GetObject on reports is ExplicitlyDenied"));
    // As JSON: one line per file.
    let out = run(&["check", "--json", exam.path(), rcp.path()], "");
    assert_eq!(out.code, Some(0));
    let answers = out.answers();
    assert_eq!(answers.len(), 2);
    assert_eq!(answers[0]["file"], exam.path());
    assert_eq!(
        (
            &answers[0]["state"],
            &answers[0]["passed"],
            &answers[0]["failed"],
            &answers[0]["invalid"]
        ),
        (&json!("pass"), &json!(2), &json!(0), &json!(0))
    );
    assert_eq!(
        answers[0]["expectations"][1],
        json!({"index": 1, "principal": "other-user", "action": "sagemaker:CreateTrainingJob",
               "resource": "", "expect": "Denied",
               "note": "the same IAM policy, but the endpoint policy does not name it",
               "state": "pass", "cells": 1, "failures": []})
    );
    // A file without expectations passes, with a word on standard error.
    let bare = preset_file("sagemaker-api-exam", |s| s.expectations.clear());
    let out = run(&["check", bare.path()], "");
    assert_eq!(out.code, Some(0));
    assert!(
        out.stderr.contains("no expectations to check"),
        "{}",
        out.stderr
    );
}

#[test]
fn check_exits_1_and_explains_every_failing_cell() {
    let open = preset_file("sagemaker-api-exam", admit_everyone);
    let out = run(&["check", open.path()], "");
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(
        lines[0],
        format!("{}: FAIL (1 of 2 expectations hold, 1 fail)", open.path())
    );
    assert!(lines[2].starts_with("  FAIL     other-user × sagemaker:CreateTrainingJob is Denied"));
    assert!(
        lines[2].ends_with(": 1 of 1 cells decide otherwise"),
        "{}",
        lines[2]
    );
    assert_eq!(
        lines[3],
        "           other-user × sagemaker:CreateTrainingJob on arn:aws:sagemaker:us-east-1:111122223333:training-job/example-training-job-name: Allowed"
    );
    assert_eq!(
        lines[4],
        "             other-user may call sagemaker:CreateTrainingJob: allowed by statement 0 of IAM policy `sagemaker-training` and statement 0 of endpoint policy"
    );
    assert_eq!(
        lines[5],
        "             decisive: principals[1].policies[0]:4: Allow statement 0 of IAM policy `sagemaker-training`"
    );
    assert_eq!(
        lines[6],
        "             decisive: endpoint:4: Allow statement 0 of endpoint policy"
    );
    let out = run(&["check", open.path(), "--json"], "");
    assert_eq!(out.code, Some(1));
    let answer = out.answer();
    assert_eq!(answer["state"], "fail");
    let failure = &answer["expectations"][1]["failures"][0];
    assert_eq!(failure["principal"], "other-user");
    assert_eq!(failure["decision"], "Allowed");
    assert_eq!(failure["blockedBy"], json!([]));
    assert_eq!(
        failure["explanation"]["decisive"][1],
        json!({"policy": "endpoint policy", "statement": 0, "effect": "Allow", "place": "endpoint", "line": 4})
    );
    // A denial that should have been allowed: the blocking layer, and an invalid expectation.
    let denied = preset_file("scp-region-guardrail", |s| {
        s.expectations[0].expect = policy_playground::scenario::Expect::Allowed;
        s.expectations[1].principal = "admn".into();
    });
    let out = run(&["check", denied.path(), "--json"], "");
    assert_eq!(out.code, Some(1));
    let answer = out.answer();
    assert_eq!(
        (&answer["failed"], &answer["invalid"]),
        (&json!(1), &json!(1))
    );
    let failure = &answer["expectations"][0]["failures"][0];
    assert_eq!(
        (&failure["decision"], &failure["blockedBy"]),
        (&json!("ExplicitlyDenied"), &json!(["scps"]))
    );
    let decisive = &failure["explanation"]["decisive"][0];
    assert_eq!(decisive["sid"], "DenyAllOutsideApprovedRegions");
    assert_eq!(decisive["place"], "organization.ous[0].scps[1]");
    assert_eq!(answer["expectations"][1]["state"], "invalid");
    let problem = &answer["expectations"][1]["problem"];
    assert_eq!(
        (&problem["code"], &problem["severity"], &problem["policy"]),
        (
            &json!("INVALID_EXPECTATION"),
            &json!("ERROR"),
            &json!("expectations[1]")
        )
    );
    assert!(problem["message"]
        .as_str()
        .is_some_and(|p| p.contains("did you mean `admin`?")));
    let out = run(&["check", denied.path()], "");
    assert!(
        out.stdout
            .contains("  INVALID  admn × iam:ListRoles is Allowed: `admn` matches no principal"),
        "{}",
        out.stdout
    );
    // Standard input works too.
    let text = std::fs::read_to_string(open.path()).expect("read");
    assert_eq!(run(&["check", "-"], &text).code, Some(1));
}

#[test]
fn check_with_bad_input_exits_2_and_prints_nothing() {
    let good = preset_file("sagemaker-api-exam", |_| {});
    let missing = std::env::temp_dir().join(format!(
        "policy-playground-cli-{}-missing.json",
        std::process::id()
    ));
    let missing = missing.to_str().expect("utf-8");
    let not_json = TempCase::new("check-not-json", "{\n  \"principals\": [\n");
    let wrong = TempCase::new(
        "check-wrong-expect",
        r#"{"principals": [], "expectations": [{"principal": "a", "action": "s3:GetObject", "expect": "allowed"}]}"#,
    );
    let broken = preset_file("sagemaker-api-exam", |s| {
        s.principals[0].policies[0].text = "{\"Version\": \"2012-10-17\"}".into()
    });
    for (file, says) in [
        (missing, "cannot read"),
        (not_json.path(), ":3:1: the scenario is not valid"),
        (wrong.path(), "unknown variant `allowed`"),
        (
            broken.path(),
            "principals[0].policies[0]:1:1: ERROR MISSING_STATEMENT",
        ),
    ] {
        let out = run(&["check", good.path(), file], "");
        assert_eq!(out.code, Some(2), "{file}: {}", out.stderr);
        assert_eq!(out.stdout, "", "{file}");
        assert!(out.stderr.contains(says), "{file}: {}", out.stderr);
        assert!(out.stderr.contains(file), "{file}: {}", out.stderr);
    }
}

#[test]
fn diff_prints_the_changed_cells_and_the_verdict() {
    let exam = preset_file("sagemaker-api-exam", |_| {});
    let open = preset_file("sagemaker-api-exam", admit_everyone);
    // Nothing changed.
    let out = run(&["diff", exam.path(), exam.path()], "");
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!(
        out.stdout,
        "same: +0 allowed, -0 allowed, 0 denied for another reason\n"
    );
    // Broader: two cells gained, the other cells of those columns no longer blocked by the
    // endpoint.
    let out = run(&["diff", exam.path(), open.path()], "");
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(
        &lines[..3],
        [
            "+ other-user\tsagemaker:CreateTrainingJob\tImplicitlyDenied by endpoint → Allowed",
            "+ ml-instance-role\tsagemaker:CreateTrainingJob\tImplicitlyDenied by endpoint → Allowed",
            "~ other-user\tsagemaker:AccessModelPackage\tImplicitlyDenied by identityPolicies+endpoint → ImplicitlyDenied by identityPolicies",
        ]
    );
    assert_eq!(
        lines.last().copied(),
        Some("broader: +2 allowed, -0 allowed, 896 denied for another reason")
    );
    // The other way round: narrower, as JSON.
    let out = run(&["diff", open.path(), exam.path(), "--json"], "");
    assert_eq!(out.code, Some(1));
    let answer = out.answer();
    assert_eq!(
        (
            &answer["verdict"],
            &answer["gained"],
            &answer["lost"],
            &answer["changed"]
        ),
        (&json!("narrower"), &json!(0), &json!(2), &json!(896))
    );
    let lost = answer["cells"]
        .as_array()
        .expect("cells")
        .iter()
        .find(|c| c["change"] == "lost")
        .expect("a lost cell");
    assert_eq!(
        lost,
        &json!({"principal": "other-user", "action": "sagemaker:CreateTrainingJob", "change": "lost",
                "before": {"decision": "Allowed", "blockedBy": []},
                "after": {"decision": "ImplicitlyDenied", "blockedBy": ["endpoint"]}})
    );
    // A principal only on one side: null there.
    let fewer = preset_file("sagemaker-api-exam", |s| {
        admit_everyone(s);
        s.principals.truncate(2);
        s.selected = 0;
    });
    let out = run(&["diff", fewer.path(), open.path(), "--json"], "");
    let answer = out.answer();
    assert_eq!(answer["verdict"], "broader");
    assert_eq!(answer["cells"][0]["principal"], "ml-instance-role");
    assert_eq!(answer["cells"][0]["before"], Value::Null);
}

#[test]
fn diff_exits_1_when_only_the_reason_of_a_denial_changed() {
    let narrows = preset_file("session-policy-narrows", |_| {});
    let denies = preset_file("session-policy-narrows", |s| {
        s.principals[0].session_policy = s.principals[0].session_policy.replace(
            "\n  ]",
            ",\n    { \"Effect\": \"Deny\", \"Action\": \"s3:PutObject\", \"Resource\": \"*\" }\n  ]",
        );
    });
    let out = run(&["diff", narrows.path(), denies.path()], "");
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert_eq!(
        out.stdout,
        "~ report-reader\ts3:PutObject\tImplicitlyDenied by sessionPolicy → ExplicitlyDenied by sessionPolicy\n\
         same: +0 allowed, -0 allowed, 1 denied for another reason\n"
    );
}

#[test]
fn diff_of_one_file_compares_it_with_its_baseline() {
    let with_baseline = preset_file("sagemaker-api-exam", |s| {
        let before = s.clone();
        admit_everyone(s);
        s.baseline = Some(Box::new(before));
    });
    let out = run(&["diff", with_baseline.path(), "--json"], "");
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert_eq!(out.answer()["verdict"], "broader");
    let plain = preset_file("sagemaker-api-exam", |_| {});
    let out = run(&["diff", plain.path()], "");
    assert_eq!(out.code, Some(2));
    assert_eq!(out.stdout, "");
    assert!(out.stderr.contains("carries no baseline"), "{}", out.stderr);
}

#[test]
fn diff_with_bad_input_exits_2_and_prints_nothing() {
    let exam = preset_file("sagemaker-api-exam", |_| {});
    let broken = preset_file("sagemaker-api-exam", |s| s.endpoints[0].policy = "{".into());
    let not_json = TempCase::new("diff-not-json", "[");
    for args in [[exam.path(), broken.path()], [not_json.path(), exam.path()]] {
        let out = run(&["diff", args[0], args[1]], "");
        assert_eq!(out.code, Some(2), "{args:?}");
        assert_eq!(out.stdout, "", "{args:?}");
        assert!(
            out.stderr.starts_with("policy-playground: "),
            "{}",
            out.stderr
        );
    }
    let out = run(&["diff", exam.path(), broken.path()], "");
    assert!(out.stderr.contains("endpoint:1:"), "{}", out.stderr);
}

#[test]
fn link_makes_the_pages_share_link_and_decode_gives_the_file_back() {
    let file = preset_file("cross-account-bucket", |s| {
        let before = s.clone();
        s.principals[0].policies.clear();
        s.baseline = Some(Box::new(before));
    });
    let out = run(&["link", file.path()], "");
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let link = out.stdout.trim_end().to_string();
    assert!(link.starts_with("index.html#v2."), "{link}");
    // The same link the page makes: share::encode of the document.
    let text = std::fs::read_to_string(file.path()).expect("read");
    let scenario = policy_playground::scenario::report::read(&text).expect("valid");
    assert_eq!(
        link,
        format!(
            "index.html#{}",
            policy_playground::scenario::share::encode(&scenario)
        )
    );
    // Decoding the whole link, or only its fragment, gives the document back.
    for given in [link.clone(), link.replace("index.html", "")] {
        let out = run(&["link", "--decode", &given], "");
        assert_eq!(out.code, Some(0), "{}", out.stderr);
        let back: Value = serde_json::from_str(&out.stdout).expect("pretty json");
        let original: Value = serde_json::from_str(&text).expect("json");
        assert_eq!(back, original);
        assert!(
            out.stdout.starts_with("{\n  \"version\": 2,"),
            "{}",
            out.stdout
        );
    }
    let out = run(
        &["link", "-", "--base", "https://example.org/pp/#old"],
        &text,
    );
    assert_eq!(out.code, Some(0));
    assert!(
        out.stdout.starts_with("https://example.org/pp/#v2."),
        "{}",
        out.stdout
    );
    assert_eq!(out.stdout.matches('#').count(), 1);
}

#[test]
fn link_with_bad_input_exits_2_and_prints_nothing() {
    let wrong = TempCase::new("link-wrong", r#"{"principals": 3}"#);
    let too_many = TempCase::new(
        "link-too-many",
        &json!({"principals": [], "expectations": vec![json!({"principal": "a", "action": "s3:GetObject", "expect": "Denied"}); 101]}).to_string(),
    );
    for (args, says) in [
        (vec!["link", wrong.path()], "the scenario is not valid"),
        (
            vec!["link", too_many.path()],
            "101 expectations; at most 100",
        ),
        (
            vec!["link", "--decode", "https://example.org/#v2.@@@"],
            "not valid base64url",
        ),
        (
            vec!["link", "--decode", "hello"],
            "does not hold a playground scenario",
        ),
        (
            vec!["link", "--decode", "#v9.abc"],
            "newer or unknown version",
        ),
    ] {
        let out = run(&args, "");
        assert_eq!(out.code, Some(2), "{args:?}");
        assert_eq!(out.stdout, "", "{args:?}");
        assert!(out.stderr.contains(says), "{args:?}: {}", out.stderr);
    }
}

#[test]
fn checks_lists_every_code_with_its_finding_type_origin_kinds_and_link() {
    use policy_playground::engine::{Code, Origin};
    let out = run(&["checks"], "");
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!(out.stderr, "");
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), Code::ALL.len());
    for (line, code) in lines.iter().zip(Code::ALL) {
        let cells: Vec<&str> = line.split('\t').collect();
        assert_eq!(cells.len(), 6, "{line}");
        assert_eq!(cells[0], code.as_str());
        assert_eq!(cells[1], code.severity().as_str(), "{line}");
        assert_eq!(cells[4], code.summary(), "{line}");
        assert_eq!(cells[5], code.link().unwrap_or("-"), "{line}");
    }
    let line = |code: &str| {
        *lines
            .iter()
            .find(|l| l.starts_with(&format!("{code}\t")))
            .expect("listed")
    };
    assert!(line("MISSING_VERSION").contains("\tAccess Analyzer\trcp\t"));
    assert!(line("ENDPOINT_WILDCARD_TOO_SHORT")
        .contains("\tours\tinterface-endpoint, gateway-endpoint\t"));
    assert!(line("LAYER_DOES_NOT_APPLY").contains("\tours\tevaluation\t"));
    assert!(line("UNKNOWN_FIELD").contains("\tours\tcase\t"));

    let out = run(&["checks", "--json"], "");
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let answers = out.answers();
    assert_eq!(answers.len(), Code::ALL.len());
    for (answer, code) in answers.iter().zip(Code::ALL) {
        assert_eq!(answer["code"], code.as_str());
        assert_eq!(answer["findingType"], code.severity().as_str());
        let expected = match code.info().origin {
            Origin::AccessAnalyzer(finding) => json!(finding.as_str()),
            Origin::Ours => Value::Null,
        };
        assert_eq!(answer["accessAnalyzer"], expected, "{code}");
        assert_eq!(answer["explanation"], code.info().explanation);
        assert_eq!(answer["link"], json!(code.link()));
    }
    let invalid_action = &answers[Code::INVALID_ACTION as usize];
    assert_eq!(invalid_action["findingType"], "WARNING");
    assert_eq!(invalid_action["accessAnalyzer"], "ERROR");
    assert_eq!(invalid_action["appliesTo"][0], "identity");
}

// ---------- validate ----------

/// A policy file whose misspelt action `s3:GetObjekt` starts at line 5, column 17 (its opening
/// quote).
const MISSPELT: &str = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Action\": \"s3:GetObjekt\",\n      \"Effect\": \"Allow\",\n      \"Resource\": \"*\"\n    }\n  ]\n}\n";

/// A policy without any finding.
const CLEAN: &str = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*"}]}"#;

/// A statement without `Principal`: an error only in an endpoint policy.
const NO_PRINCIPAL: &str = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"*\"}]\n}";

/// A trust policy with a `Resource`: an error only in a role's trust policy.
const TRUST_WITH_RESOURCE: &str = "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Principal\": {\"AWS\": \"arn:aws:iam::111122223333:root\"}, \"Action\": \"sts:AssumeRole\", \"Resource\": \"*\"}]}";

/// A scenario file: the endpoint policy without `Principal`; alice's policies: one clean, one
/// with the same text as the endpoint's (fine for an identity policy) but a misspelt action on
/// its line 3; and a role whose policy is read as its trust policy.
fn validate_scenario_file(name: &str) -> (TempCase, String) {
    let doc = json!({
        "version": 2,
        "endpoints": [{"id": "vpce-1", "endpointType": "Gateway", "service": "s3", "policy": NO_PRINCIPAL}],
        "principals": [{"name": "alice", "arn": ALICE, "policies": [
            {"name": "fine", "text": CLEAN},
            {"name": "read", "text": NO_PRINCIPAL.replace("s3:GetObject", "s3:GetObjekt")}
        ]}],
        "resources": [{"name": "deployer", "arn": "arn:aws:iam::111122223333:role/deployer", "policy": TRUST_WITH_RESOURCE}]
    });
    let text = serde_json::to_string_pretty(&doc).expect("json");
    (TempCase::new(name, &text), text)
}

/// The findings of a `--format json` run.
fn findings_of(out: &Run) -> Vec<Value> {
    out.answer()["findings"]
        .as_array()
        .cloned()
        .unwrap_or_else(|| panic!("no findings list: {}", out.stdout))
}

#[test]
fn validate_exits_by_the_most_serious_finding_and_fail_on() {
    let clean = TempCase::new("validate-clean", CLEAN);
    let misspelt = TempCase::new("validate-misspelt", MISSPELT);
    let not_json = TempCase::new("validate-not-json", "{\"Version\": ");
    let out = run(&["validate", clean.path()], "");
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!(out.stdout, "no findings in 1 file\n");
    // The misspelt action is a WARNING: below the default `--fail-on error`, printed anyway.
    for (fail_on, code) in [
        (None, 0),
        (Some("error"), 0),
        (Some("security-warning"), 0),
        (Some("warning"), 1),
        (Some("suggestion"), 1),
    ] {
        let mut args = vec!["validate", misspelt.path()];
        if let Some(f) = fail_on {
            args.extend(["--fail-on", f]);
        }
        let out = run(&args, "");
        assert_eq!(out.code, Some(code), "{args:?}: {}", out.stdout);
        assert!(out.stdout.contains("INVALID_ACTION"), "{}", out.stdout);
    }
    // A policy that is not JSON is an error finding, not unreadable input.
    let out = run(&["validate", not_json.path()], "");
    assert_eq!(out.code, Some(1));
    assert!(
        out.stdout.contains("ERROR JSON_SYNTAX_ERROR"),
        "{}",
        out.stdout
    );
    // Standard input, and the kind deciding: no `Principal` is an error only for an endpoint.
    assert_eq!(run(&["validate", "-"], NO_PRINCIPAL).code, Some(0));
    let out = run(&["validate", "--kind", "endpoint", "-"], NO_PRINCIPAL);
    assert_eq!(out.code, Some(1));
    assert!(
        out.stdout.starts_with("-:3:17: ERROR MISSING_PRINCIPAL "),
        "{}",
        out.stdout
    );
}

#[test]
fn validate_resource_lets_an_ecr_repositorys_policy_leave_resource_out() {
    // AWS's repository policy examples name no `Resource`: the repository is the resource.
    let policy = r#"{"Version": "2012-10-17", "Statement": [{"Sid": "AllowPull", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]}]}"#;
    let file = TempCase::new("validate-ecr", policy);
    let repository = "arn:aws:ecr:us-east-1:111122223333:repository/app";
    // `validate --kind resource [--resource ARN] [more] FILE`
    let validate = |resource: Option<&str>, more: &[&str]| {
        let mut args = vec!["validate", "--kind", "resource"];
        args.extend(resource.map(|r| ["--resource", r]).iter().flatten());
        args.extend(more);
        args.push(file.path());
        run(&args, "")
    };
    let missing = |out: &Run| {
        assert_eq!(out.code, Some(1), "{} {}", out.stdout, out.stderr);
        assert!(
            out.stdout.contains("ERROR MISSING_RESOURCE"),
            "{}",
            out.stdout
        );
    };
    // Without the resource, or with another one, it is a resource-based policy that needs
    // `Resource`; attached to the repository it has no finding, and --fix leaves it as it is.
    missing(&validate(None, &[]));
    missing(&validate(Some("arn:aws:s3:::amzn-s3-demo-bucket"), &[]));
    for more in [&[][..], &["--fix"][..]] {
        let out = validate(Some(repository), more);
        assert_eq!(out.code, Some(0), "{more:?}: {} {}", out.stdout, out.stderr);
        assert_eq!(out.stdout, "no findings in 1 file\n");
    }
    assert_eq!(std::fs::read_to_string(file.path()).expect("read"), policy);
    // --resource belongs to --kind resource, and takes an ARN.
    for (args, says) in [
        (
            vec!["validate", "--resource", repository, file.path()],
            "give --kind resource",
        ),
        (
            vec![
                "validate",
                "--kind",
                "resource",
                "--resource",
                "app",
                file.path(),
            ],
            "--resource takes an ARN",
        ),
    ] {
        let out = run(&args, "");
        assert_eq!(out.code, Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{}", out.stdout);
        assert!(out.stderr.contains(says), "{args:?}: {}", out.stderr);
    }
}

#[test]
fn validate_expands_api_gateways_shorthand_only_with_the_api_it_is_attached_to() {
    // AWS's examples write an API's resources as `execute-api:/...`; API Gateway writes the
    // API's ARN in front when the policy is saved.
    let policy = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke", "Resource": ["execute-api:/*"]}]}"#;
    let file = TempCase::new("validate-api-shorthand", policy);
    let api = "arn:aws:execute-api:us-east-1:111122223333:a1b2c3d4e5/prod/GET/pets";
    let validate = |kind: &str, resource: Option<&str>| {
        let mut args = vec!["validate", "--kind", kind];
        args.extend(resource.map(|r| ["--resource", r]).iter().flatten());
        args.push(file.path());
        run(&args, "")
    };
    // Attached to an API: no finding.
    let out = validate("resource", Some(api));
    assert_eq!(out.code, Some(0), "{} {}", out.stdout, out.stderr);
    assert_eq!(out.stdout, "no findings in 1 file\n");
    // No API known (none named, or a bucket): a warning at the shorthand, not an error.
    for resource in [None, Some("arn:aws:s3:::amzn-s3-demo-bucket")] {
        let out = validate("resource", resource);
        assert_eq!(out.code, Some(0), "{resource:?}: {}", out.stdout);
        assert!(
            out.stdout
                .contains(":1:124: WARNING EXECUTE_API_SHORTHAND_WITHOUT_API `execute-api:/*`"),
            "{resource:?}: {}",
            out.stdout
        );
    }
    // Another kind of policy has no shorthand: a malformed resource, with the ARN to write.
    let out = validate("endpoint", None);
    assert_eq!(out.code, Some(1), "{}", out.stdout);
    assert!(
        out.stdout.contains("ERROR INVALID_ARN_PREFIX")
            && out
                .stdout
                .contains("`arn:aws:execute-api:REGION:ACCOUNT:API-ID/STAGE/METHOD/PATH`"),
        "{}",
        out.stdout
    );
}

#[test]
fn a_batch_expands_one_api_policy_text_with_each_cases_own_api() {
    // The same resource policy text, attached to two APIs: `execute-api:/prod/*` is each API's
    // own prod stage, so neither case may be answered from what reading the other gave (the
    // element memo, the batch's cache of policy texts).
    let policy = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"execute-api:/prod/*"}]}"#;
    let case = |api: &str, stage: &str| {
        json!({
            "request": {
                "principal": ALICE,
                "action": "execute-api:Invoke",
                "resource": format!("arn:aws:execute-api:us-east-1:111122223333:{api}/{stage}/GET/pets"),
            },
            "resourcePolicy": serde_json::from_str::<Value>(policy).expect("json"),
        })
        .to_string()
    };
    // the same text with its slash escaped, as JSON allows
    let escaped = |line: String| line.replace("execute-api:/", "execute-api:\\/");
    let lines = [
        case("aaaaaaaaaa", "prod"),
        case("bbbbbbbbbb", "prod"),
        case("bbbbbbbbbb", "test"),
        case("cccccccccc", "prod"),
        escaped(case("dddddddddd", "prod")),
        escaped(case("eeeeeeeeee", "prod")),
    ];
    let input = format!("{}\n", lines.join("\n"));
    for jobs in ["1", "2"] {
        let out = run(&["simulate", "--batch", "--jobs", jobs], &input);
        assert_eq!(out.code, Some(0), "{}", out.stderr);
        let decisions: Vec<String> = out
            .stdout
            .lines()
            .map(|l| {
                let answer: Value = serde_json::from_str(l).expect("an answer per line");
                assert_eq!(answer["warnings"], json!([]), "{l}");
                answer["decision"].as_str().expect("a decision").to_string()
            })
            .collect();
        assert_eq!(
            decisions,
            [
                "Allowed",
                "Allowed",
                "ImplicitlyDenied",
                "Allowed",
                "Allowed",
                "Allowed"
            ],
            "--jobs {jobs}"
        );
    }
}

#[test]
fn validate_with_unreadable_input_exits_2_and_prints_nothing() {
    let clean = TempCase::new("validate-clean-2", CLEAN);
    let binary = std::env::temp_dir().join(format!(
        "policy-playground-cli-{}-validate-binary.json",
        std::process::id()
    ));
    std::fs::write(&binary, b"{\"Version\": \"\xff\"}").expect("written");
    let binary_path = binary.to_str().expect("utf-8 path").to_string();
    for (args, says) in [
        (
            vec!["validate", clean.path(), "/nonexistent/policy.json"],
            "cannot read `/nonexistent/policy.json`",
        ),
        (
            vec!["validate", binary_path.as_str()],
            "it is not UTF-8 text",
        ),
        (
            vec!["validate", "--kind", "bucket", clean.path()],
            "invalid value 'bucket'",
        ),
        (
            vec!["validate", "--format", "xml", clean.path()],
            "invalid value 'xml'",
        ),
        (vec!["validate"], "required"),
    ] {
        let out = run(&args, "");
        assert_eq!(out.code, Some(2), "{args:?}");
        assert_eq!(out.stdout, "", "{args:?}");
        assert!(out.stderr.contains(says), "{args:?}: {}", out.stderr);
    }
    let _ = std::fs::remove_file(binary);
}

/// A policy saved as UTF-16LE with its byte-order mark (Windows PowerShell's `>`) or as UTF-8
/// with one reads as the page reads it: `validate` finds the same findings at the same places,
/// a scenario `check`s the same; without a mark, bytes that are not UTF-8 are refused.
#[test]
fn files_saved_with_a_byte_order_mark_read_as_the_page_reads_them() {
    let utf16 = |text: &str| -> Vec<u8> {
        [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect()
    };
    let bom8 =
        |text: &str| -> Vec<u8> { [0xEF, 0xBB, 0xBF].into_iter().chain(text.bytes()).collect() };
    let plain = TempCase::new("bom-plain", MISSPELT);
    let expected = run(&["validate", plain.path()], "");
    assert!(
        expected.stdout.contains(":5:17: WARNING INVALID_ACTION"),
        "{}",
        expected.stdout
    );
    let (scenario, scenario_text) = validate_scenario_file("bom-scenario");
    let checked = run(&["check", scenario.path()], "");
    for (name, encode) in [("utf16", utf16 as fn(&str) -> Vec<u8>), ("bom8", bom8)] {
        let file = TempCase::new(&format!("bom-{name}"), "");
        std::fs::write(&file.0, encode(MISSPELT)).expect("written");
        let out = run(&["validate", file.path()], "");
        assert_eq!(out.code, expected.code, "{name}: {}", out.stderr);
        assert_eq!(
            out.stdout,
            expected.stdout.replace(plain.path(), file.path()),
            "{name}"
        );
        let file = TempCase::new(&format!("bom-scenario-{name}"), "");
        std::fs::write(&file.0, encode(&scenario_text)).expect("written");
        let out = run(&["check", file.path()], "");
        assert_eq!(out.code, checked.code, "{name}: {}", out.stderr);
        assert_eq!(
            out.stdout,
            checked.stdout.replace(scenario.path(), file.path()),
            "{name}"
        );
    }
    let latin1 = TempCase::new("bom-latin1", "");
    std::fs::write(&latin1.0, b"{\"caf\xE9\": 1}").expect("written");
    let out = run(&["validate", latin1.path()], "");
    assert_eq!(out.code, Some(2));
    assert!(
        out.stderr.contains("it is not UTF-8 text"),
        "{}",
        out.stderr
    );
}

#[test]
fn validate_reports_a_misspelt_action_at_its_line_and_column_in_every_format() {
    let file = TempCase::new("validate-place", MISSPELT);
    let at = MISSPELT.find("\"s3:GetObjekt\"").expect("in the text");
    assert_eq!(MISSPELT[..at].lines().count(), 5);
    // Human: FILE:LINE:COLUMN: SEVERITY CODE message (help), then the summary.
    let out = run(&["validate", file.path()], "");
    let expected = format!(
        "{}:5:17: WARNING INVALID_ACTION unknown action `s3:GetObjekt` (did you mean `s3:GetObject`?)\n\
         1 finding in 1 file: 0 errors, 0 security warnings, 1 warning, 0 suggestions\n",
        file.path()
    );
    assert_eq!(out.stdout, expected);
    // JSON: Access Analyzer's span (line from 1, column and offset from 0) and ours (from 1).
    let out = run(&["validate", "--format", "json", file.path()], "");
    let found = findings_of(&out);
    assert_eq!(found.len(), 1);
    let span = &found[0]["locations"][0]["span"];
    assert_eq!(
        span["start"],
        json!({"line": 5, "column": 16, "offset": at})
    );
    let end = at + "\"s3:GetObjekt\"".len();
    assert_eq!(span["end"], json!({"line": 5, "column": 30, "offset": end}));
    assert_eq!(
        (&found[0]["line"], &found[0]["column"]),
        (&json!(5), &json!(17))
    );
    // SARIF: 1-based, in characters.
    let out = run(&["validate", "--format", "sarif", file.path()], "");
    let log: Value = serde_json::from_str(&out.stdout).expect("sarif is json");
    let region = &log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        region,
        &json!({"startLine": 5, "startColumn": 17, "endLine": 5, "endColumn": 31})
    );
}

#[test]
fn validate_fix_rewrites_a_policy_file_with_its_mechanical_fixes() {
    let text = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\n    \"Effect\": \"allow\",\n    \"Action\": [\"s3:GetObjekt\", \"s3:PutObject\"],\n    \"Resource\": \"*\",\n    \"Condition\": {\"StringEqual\": {\"aws:SourceVpce\": \"vpce-1a2b3c4d\"}}\n  }]\n}\n";
    let file = TempCase::new("validate-fix", text);
    // The JSON answer offers each fix, in the policy's text.
    let out = run(&["validate", "--format", "json", file.path()], "");
    let found = findings_of(&out);
    let fixes: Vec<&Value> = found.iter().map(|f| &f["fix"]["replacement"]).collect();
    assert_eq!(
        fixes,
        [
            &json!("\"Allow\""),
            &json!("\"s3:GetObject\""),
            &json!("\"StringEquals\"")
        ],
        "{}",
        out.stdout
    );
    let at = text.find("\"s3:GetObjekt\"").expect("in the text");
    assert_eq!(found[1]["fix"]["span"]["start"]["offset"], json!(at));
    // `--fix` applies them all, says so, and checks the fixed text: nothing left.
    let out = run(&["validate", "--fix", file.path()], "");
    assert_eq!(out.code, Some(0), "{}", out.stdout);
    assert!(out.stderr.contains("3 fixes applied"), "{}", out.stderr);
    assert_eq!(out.stdout, "no findings in 1 file\n");
    let fixed = std::fs::read_to_string(file.path()).expect("read back");
    assert_eq!(
        fixed,
        text.replace("\"allow\"", "\"Allow\"")
            .replace("GetObjekt", "GetObject")
            .replace("StringEqual\"", "StringEquals\"")
    );
    // A second run has nothing to fix and leaves the file alone.
    let out = run(&["validate", "--fix", file.path()], "");
    assert!(!out.stderr.contains("applied"), "{}", out.stderr);
    // A scenario file is not rewritten.
    let (scenario, before) = validate_scenario_file("validate-fix-scenario");
    let out = run(&["validate", "--fix", scenario.path()], "");
    assert!(out.stderr.contains("policy files only"), "{}", out.stderr);
    assert_eq!(
        std::fs::read_to_string(scenario.path()).expect("read"),
        before
    );
}

#[test]
fn validate_reports_the_checks_across_layers_of_a_scenario_file() {
    // A gateway endpoint for S3 whose policy names an account (its root user only) and, in a
    // second statement, SQS actions the endpoint never serves.
    let endpoint = "{\n  \"Statement\": [\n    {\"Effect\": \"Allow\", \"Principal\": {\"AWS\": \"111122223333\"}, \"Action\": \"s3:*\", \"Resource\": \"*\"},\n    {\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"sqs:SendMessage\", \"Resource\": \"*\"}\n  ]\n}";
    let doc = json!({
        "version": 2,
        "endpoints": [{"id": "vpce-1a2b3c4d", "endpointType": "Gateway", "service": "com.amazonaws.us-east-1.s3", "policy": endpoint}],
        "principals": [{"name": "alice", "arn": ALICE, "policies": [{"name": "read", "text": CLEAN}]}]
    });
    let file = TempCase::new(
        "validate-layers",
        &serde_json::to_string_pretty(&doc).expect("json"),
    );
    let out = run(&["validate", "--format", "json", file.path()], "");
    assert_eq!(out.code, Some(0), "{}", out.stdout);
    let found = findings_of(&out);
    let codes: Vec<&str> = found
        .iter()
        .map(|f| f["issueCode"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        codes,
        [
            "GATEWAY_ENDPOINT_ACCOUNT_PRINCIPAL",
            "ENDPOINT_STATEMENT_FOR_OTHER_SERVICE"
        ],
        "{}",
        out.stdout
    );
    // Located in the policy's own text: the principal on line 3, the action on line 4.
    let start = |f: &Value| f["locations"][0]["span"]["start"]["line"].clone();
    assert_eq!((start(&found[0]), start(&found[1])), (json!(3), json!(4)));
    assert_eq!(found[0]["policy"], "endpoint");
}

/// The files of `tests/samples/FOLDER`, sorted.
fn samples(folder: &str) -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/samples")
        .join(folder);
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok())
        .map(|e| e.path().display().to_string())
        .filter(|p| p.ends_with(".json"))
        .collect();
    files.sort();
    files
}

#[test]
fn aws_sample_policies_give_no_finding_of_any_kind() {
    for (folder, kind) in [
        ("identity", "identity"),
        ("resource", "resource"),
        ("endpoint", "endpoint"),
        ("scp", "scp"),
        ("rcp", "rcp"),
        ("trust", "trust"),
    ] {
        let files = samples(folder);
        assert!(files.len() >= 3, "{folder}: {files:?}");
        let mut args = vec!["validate", "--kind", kind, "--fail-on", "suggestion"];
        args.extend(files.iter().map(String::as_str));
        let out = run(&args, "");
        assert_eq!(out.code, Some(0), "{folder}:\n{}", out.stdout);
        assert_eq!(
            out.stdout,
            format!("no findings in {} files\n", files.len())
        );
    }
}

#[test]
fn the_classic_mistakes_give_their_code_at_their_line() {
    let files = samples("mistakes");
    let found = |file: &str, kind: &str| -> Vec<(String, u64, u64)> {
        let out = run(&["validate", "--kind", kind, "--format", "json", file], "");
        findings_of(&out)
            .iter()
            .map(|f| {
                (
                    f["issueCode"].as_str().unwrap_or("").to_string(),
                    f["line"].as_u64().unwrap_or(0),
                    f["column"].as_u64().unwrap_or(0),
                )
            })
            .collect()
    };
    let endpoint = files
        .iter()
        .find(|f| f.contains("/endpoint-"))
        .expect("endpoint");
    let identity = files
        .iter()
        .find(|f| f.contains("/identity-"))
        .expect("identity");
    let pair = |c: &str, l: u64, col: u64| (c.to_string(), l, col);
    assert_eq!(
        found(identity, "identity"),
        [
            pair("PASS_ROLE_WITH_STAR_IN_RESOURCE", 7, 19),
            pair("INVALID_ACTION", 11, 17)
        ]
    );
    let endpoint_found = found(endpoint, "endpoint");
    for expected in [
        pair("SOURCE_IP_THROUGH_ENDPOINT", 9, 23),
        pair("FORALLVALUES_WITH_SINGLE_VALUED_KEY", 10, 39),
    ] {
        assert!(endpoint_found.contains(&expected), "{endpoint_found:?}");
    }
    // The security warnings fail a CI step that fails on them.
    let out = run(&["validate", "--fail-on", "security-warning", identity], "");
    assert_eq!(out.code, Some(1));
}

#[test]
fn validate_json_has_access_analyzer_field_names() {
    let file = TempCase::new("validate-json", MISSPELT);
    let out = run(&["validate", "--format", "json", file.path()], "");
    assert_eq!(out.code, Some(0));
    let found = findings_of(&out);
    let f = &found[0];
    assert_eq!(f["findingType"], "WARNING");
    assert_eq!(f["issueCode"], "INVALID_ACTION");
    assert_eq!(f["findingDetails"], "unknown action `s3:GetObjekt`");
    assert_eq!(
        f["learnMoreLink"],
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html"
    );
    assert_eq!(
        f["locations"][0]["path"],
        json!([{"value": "Statement"}, {"index": 0}, {"value": "Action"}])
    );
    assert_eq!(f["help"], "did you mean `s3:GetObject`?");
    assert_eq!(f["file"], file.path());
    assert_eq!(f["policyType"], "identity");
    assert!(f.get("policy").is_none(), "a policy file has no place: {f}");
}

#[test]
fn validate_reads_every_policy_of_a_scenario_as_its_kind_and_locates_it_in_the_file() {
    let (file, text) = validate_scenario_file("validate-scenario");
    // --kind does not apply to a scenario's policies.
    let out = run(
        &[
            "validate",
            "--kind",
            "endpoint",
            "--format",
            "json",
            file.path(),
        ],
        "",
    );
    assert_eq!(out.code, Some(1), "{}", out.stdout);
    let found = findings_of(&out);
    let brief: Vec<[String; 3]> = found
        .iter()
        .map(|f| {
            ["policy", "policyType", "issueCode"].map(|k| f[k].as_str().unwrap_or("").to_string())
        })
        .collect();
    // The same text without `Principal` is an error as the endpoint policy and fine as an
    // identity policy (where only its misspelt action is a warning); the role's policy is
    // read as a trust policy, which has no `Resource`.
    assert_eq!(
        brief,
        [
            ["endpoint", "endpoint", "MISSING_PRINCIPAL"],
            [
                "resources[0]",
                "trust",
                "ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE"
            ],
            ["principals[0].policies[1]", "identity", "INVALID_ACTION"],
        ]
        .map(|row| row.map(String::from))
    );
    // The misspelt action is on the policy's line 3 and on the file's line of that policy's
    // string, at the escaped quote before it.
    let f = &found[2];
    assert_eq!(f["locations"][0]["span"]["start"]["line"], 3);
    let misspelt = text
        .find("\\\"s3:GetObjekt\\\"")
        .expect("escaped in the file");
    let line = text[..misspelt].lines().count();
    let line_start = text[..misspelt].rfind('\n').map_or(0, |n| n + 1);
    let column = text[line_start..misspelt].chars().count() + 1;
    assert_eq!((&f["line"], &f["column"]), (&json!(line), &json!(column)));
    // The human lines say the same, with the policy's place.
    let out = run(&["validate", file.path()], "");
    let expected = format!(
        "{}:{line}:{column}: WARNING INVALID_ACTION principals[0].policies[1]: unknown action",
        file.path()
    );
    assert!(
        out.stdout.contains(&expected),
        "{}\nwanted {expected}",
        out.stdout
    );
    assert!(out.stdout.ends_with(
        "3 findings in 1 file: 2 errors, 0 security warnings, 1 warning, 0 suggestions\n"
    ));
    // SARIF names the policy as a logical location.
    let out = run(&["validate", "--format", "sarif", file.path()], "");
    let log: Value = serde_json::from_str(&out.stdout).expect("sarif is json");
    let location = &log["runs"][0]["results"][2]["locations"][0];
    assert_eq!(
        location["logicalLocations"][0]["fullyQualifiedName"],
        "principals[0].policies[1]"
    );
    let region = &location["physicalLocation"]["region"];
    assert_eq!(
        (&region["startLine"], &region["startColumn"]),
        (&json!(line), &json!(column))
    );
}

#[test]
fn a_scenario_that_does_not_read_is_one_invalid_scenario_error() {
    let wrong = TempCase::new("validate-wrong-scenario", "{\n  \"principals\": 3\n}");
    let out = run(&["validate", wrong.path()], "");
    assert_eq!(out.code, Some(1));
    assert!(
        out.stdout.starts_with(&format!("{}:2:", wrong.path())),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("ERROR INVALID_SCENARIO"),
        "{}",
        out.stdout
    );
}

/// The official SARIF 2.1.0 schema (tests/sarif/README.md says where it comes from).
fn sarif_validator() -> jsonschema::Validator {
    let text = include_str!("sarif/sarif-schema-2.1.0.json");
    let schema: Value = serde_json::from_str(text).expect("the schema is json");
    jsonschema::validator_for(&schema).expect("the schema compiles")
}

/// Every schema error of `log`, one per line.
fn schema_errors(validator: &jsonschema::Validator, log: &Value) -> String {
    validator
        .iter_errors(log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn validate_sarif_is_valid_against_the_sarif_2_1_0_schema() {
    let validator = sarif_validator();
    let (scenario, _) = validate_scenario_file("validate-sarif-scenario");
    let misspelt = TempCase::new("validate sarif misspelt", MISSPELT);
    let clean = TempCase::new("validate-sarif-clean", CLEAN);
    let not_json = TempCase::new("validate-sarif-not-json", "[");
    for files in [
        vec![clean.path()],
        vec![misspelt.path(), scenario.path(), not_json.path()],
    ] {
        let mut args = vec!["validate", "--format", "sarif", "--fail-on", "suggestion"];
        args.extend(files.iter().copied());
        let out = run(&args, "");
        let log: Value = serde_json::from_str(&out.stdout).expect("sarif is json");
        let errors = schema_errors(&validator, &log);
        assert!(errors.is_empty(), "{files:?}:\n{errors}");
        let run0 = &log["runs"][0];
        assert_eq!(run0["tool"]["driver"]["name"], "policy-playground");
        let rules = run0["tool"]["driver"]["rules"].as_array().expect("rules");
        assert_eq!(rules.len(), policy_playground::engine::Code::ALL.len());
        for result in run0["results"].as_array().expect("results") {
            let index = result["ruleIndex"].as_u64().expect("index") as usize;
            assert_eq!(rules[index]["id"], result["ruleId"]);
        }
    }
    // The file name is a URI reference: its spaces are encoded.
    let out = run(&["validate", "--format", "sarif", misspelt.path()], "");
    let log: Value = serde_json::from_str(&out.stdout).expect("sarif is json");
    let uri = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
        ["uri"]
        .as_str()
        .expect("uri");
    assert!(uri.ends_with("validate%20sarif%20misspelt.json"), "{uri}");
    // The misspelt action's fix: its region replaced by the action it was meant to be.
    let result = &log["runs"][0]["results"][0];
    let change = &result["fixes"][0]["artifactChanges"][0];
    assert_eq!(
        change["replacements"][0]["deletedRegion"],
        result["locations"][0]["physicalLocation"]["region"]
    );
    assert_eq!(
        change["replacements"][0]["insertedContent"]["text"],
        "\"s3:GetObject\""
    );
    // The check is not vacuous: a log with a level SARIF does not have fails it.
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]["level"] = json!("fatal");
    assert!(!schema_errors(&validator, &broken).is_empty());
}

#[test]
fn sarif_rules_carry_each_code_with_the_level_of_its_finding_type() {
    let out = run(&["validate", "--format", "sarif", "-"], CLEAN);
    let log: Value = serde_json::from_str(&out.stdout).expect("sarif is json");
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules")
        .clone();
    // Every rule: ERROR is error, SECURITY_WARNING and WARNING are warning, SUGGESTION note;
    // security warnings are tagged for code scanning.
    for rule in &rules {
        let expected = match rule["properties"]["findingType"].as_str() {
            Some("ERROR") => "error",
            Some("SECURITY_WARNING") => {
                assert_eq!(rule["properties"]["tags"], json!(["security"]), "{rule}");
                "warning"
            }
            Some("WARNING") => "warning",
            Some("SUGGESTION") => "note",
            other => panic!("finding type {other:?}"),
        };
        assert_eq!(rule["defaultConfiguration"]["level"], expected, "{rule}");
    }
    let missing_version = rules
        .iter()
        .find(|r| r["id"] == "MISSING_VERSION")
        .expect("rule");
    assert_eq!(
        missing_version["shortDescription"]["text"],
        "A policy without the `Version` its kind requires."
    );
    assert_eq!(
        missing_version["helpUri"],
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html"
    );
}

// ---------- import ----------

/// A fixture of `tests/import/` (small made-up exports).
fn import_fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/import")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

#[test]
fn import_writes_a_scenario_the_scenario_verb_decides() {
    let object = import_fixture("object.json");
    let out = run(&["import", &object], "");
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let scenario: Value = serde_json::from_str(&out.stdout).expect("the scenario is json");
    let names: Vec<&str> = scenario["principals"]
        .as_array()
        .expect("principals")
        .iter()
        .filter_map(|p| p["name"].as_str())
        .collect();
    assert_eq!(names, ["alice", "bob", "ml-notebook", "bob-role"]);
    assert_eq!(
        scenario["principals"][2]["arn"],
        "arn:aws:iam::111122223333:role/service-role/ml-notebook"
    );
    assert_eq!(
        scenario["resources"][0]["arn"],
        "arn:aws:iam::111122223333:role/service-role/ml-notebook"
    );
    // The report: nothing left out, and the summary.
    assert!(
        out.stderr.contains(
            "imported 2 users, 2 roles, 1 group and 4 managed policies from 1 page; 0 problems listed"
        ),
        "{}",
        out.stderr
    );
    // The imported file is a scenario the command line decides.
    let file = TempCase::new("imported", &out.stdout);
    let grid = run(&["scenario", file.path(), "--json"], "");
    assert_eq!(grid.code, Some(0), "{}", grid.stderr);
    let answer = grid.answer();
    assert_eq!(answer["type"], "success", "{answer}");
    let actions = answer["actions"].as_array().expect("actions");
    let row = actions
        .iter()
        .position(|a| a == "sagemaker:CreateTrainingJob")
        .expect("the action's row");
    let decisions: Vec<&str> = answer["cells"][row]
        .as_array()
        .expect("cells")
        .iter()
        .filter_map(|c| c["decision"].as_str())
        .collect();
    assert_eq!(
        decisions,
        ["Allowed", "ImplicitlyDenied", "Allowed", "ImplicitlyDenied"]
    );
}

#[test]
fn import_merges_pages_and_reads_standard_input_the_same_in_every_encoding() {
    let expected = run(&["import", &import_fixture("object.json")], "").stdout;
    let pages = run(
        &[
            "import",
            &import_fixture("page1.json"),
            &import_fixture("page2.json"),
        ],
        "",
    );
    assert_eq!(pages.code, Some(0), "{}", pages.stderr);
    assert_eq!(pages.stdout, expected);
    assert!(
        pages
            .stderr
            .contains("from 2 pages (1 duplicate kept once)"),
        "{}",
        pages.stderr
    );
    for name in ["string.json", "urlencoded.json"] {
        let text = std::fs::read_to_string(import_fixture(name)).expect("the fixture");
        let out = run(&["import", "-"], &text);
        assert_eq!(out.code, Some(0), "{name}: {}", out.stderr);
        assert_eq!(out.stdout, expected, "{name}");
    }
    // Saved as UTF-16LE with its byte-order mark (Windows PowerShell's `>`), or as UTF-8 with
    // one: read as the page reads it. Without a mark, bytes that are not UTF-8 are refused.
    let text = std::fs::read_to_string(import_fixture("object.json")).expect("the fixture");
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let bom8: Vec<u8> = [0xEF, 0xBB, 0xBF].into_iter().chain(text.bytes()).collect();
    let latin1: Vec<u8> = b"{\"caf\xE9\": 1}".to_vec();
    for (name, bytes) in [("utf16", utf16), ("bom8", bom8), ("latin1", latin1)] {
        let file = TempCase::new(name, "");
        std::fs::write(&file.0, &bytes).expect("the file is written");
        let out = run(&["import", file.path()], "");
        if name == "latin1" {
            assert_eq!(out.code, Some(2), "{}", out.stderr);
            assert!(
                out.stderr.contains("it is not UTF-8 text"),
                "{}",
                out.stderr
            );
        } else {
            assert_eq!(out.code, Some(0), "{name}: {}", out.stderr);
            assert_eq!(out.stdout, expected, "{name}");
        }
    }
}

#[test]
fn import_lists_what_it_left_out_with_file_line_and_column_and_writes_a_json_report() {
    let unresolved = import_fixture("unresolved.json");
    let report = std::env::temp_dir().join(format!(
        "policy-playground-cli-{}-import-report.json",
        std::process::id()
    ));
    let report_path = report.to_str().expect("utf-8");
    let out = run(&["import", &unresolved, "--report", report_path], "");
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(serde_json::from_str::<Value>(&out.stdout).is_ok());
    assert!(
        out.stderr.contains(&format!(
            "{unresolved}:33:9: managed-policy-not-found: `alice`: the managed policy attached `arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess` is left out"
        )),
        "{}",
        out.stderr
    );
    for kind in [
        "group-not-found",
        "unreadable-document",
        "wrong-type",
        "no-default-version",
        "missing-field",
    ] {
        assert!(
            out.stderr.contains(&format!(": {kind}: ")),
            "{kind}: {}",
            out.stderr
        );
    }
    assert!(out.stderr.contains("; 7 problems listed"), "{}", out.stderr);
    let written: Value =
        serde_json::from_str(&std::fs::read_to_string(&report).expect("the report")).expect("json");
    let _ = std::fs::remove_file(&report);
    assert_eq!(written["problems"].as_array().map(Vec::len), Some(7));
    assert_eq!(written["problems"][1]["kind"], "managed-policy-not-found");
    assert_eq!(written["problems"][1]["line"], 33);
    assert_eq!(
        written["instanceProfiles"][0]["profiles"],
        json!(["ml-notebook-profile"])
    );
    // --strict: the scenario still written, exit 1.
    let strict = run(&["import", "--strict", &unresolved], "");
    assert_eq!(strict.code, Some(1));
    assert!(!strict.stdout.is_empty());
}

#[test]
fn import_of_bad_input_exits_2_with_nothing_on_standard_output() {
    let not_json = run(
        &["import", "-"],
        "{\n  \"UserDetailList\": [\n    {\"UserName\": }\n",
    );
    assert_eq!(not_json.code, Some(2));
    assert!(not_json.stdout.is_empty());
    assert!(
        not_json
            .stderr
            .contains("policy-playground: -:3:18: not valid JSON"),
        "{}",
        not_json.stderr
    );
    let scenario = run(&["import", "-"], r#"{"version": 2, "principals": []}"#);
    assert_eq!(scenario.code, Some(2));
    assert!(scenario
        .stderr
        .contains("not the output of `aws iam get-account-authorization-details`"));
    let missing = run(&["import", "/nonexistent/authz.json"], "");
    assert_eq!(missing.code, Some(2));
    assert!(missing
        .stderr
        .contains("cannot read `/nonexistent/authz.json`"));
    let usage = run(&["import"], "");
    assert_eq!(usage.code, Some(2));
    let twice = run(&["import", "-", "-"], "{}");
    assert_eq!(twice.code, Some(2));
    assert!(
        twice.stderr.contains("can be given once"),
        "{}",
        twice.stderr
    );
}

// ---------- what people read ----------

#[test]
fn text_answers_escape_the_control_characters_of_policy_strings() {
    // A condition key carrying a terminal's escape sequence and a carriage return: `validate`
    // names the key, and the line must not colour, clear or overwrite what is around it.
    let policy = TempCase::new(
        "escapes",
        &json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject",
            "Resource": "*", "Condition": {"StringEquals": {"aws:x\u{1b}[2K\rhidden": "v"}}}]})
        .to_string(),
    );
    let out = run(&["validate", policy.path()], "");
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(
        !out.stdout.contains(['\u{1b}', '\r']) && out.stdout.contains("`aws:x\\u{1b}[2K\\rhidden`"),
        "{}",
        out.stdout
    );
    // The JSON report keeps the key as it is (JSON escapes it).
    let out = run(&["validate", "--format", "json", policy.path()], "");
    assert!(
        out.stdout.contains("aws:x\\u001b[2K\\rhidden"),
        "{}",
        out.stdout
    );

    // A principal's name in `who-can`'s table.
    let file = preset_file("sagemaker-api-exam", |s| {
        s.principals[0].name = "specific\u{1b}[31muser".into();
    });
    let out = run(&["who-can", file.path(), "--action", EXAM_ACTION], "");
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(
        !out.stdout.contains('\u{1b}') && out.stdout.contains("specific\\u{1b}[31muser\tAllowed"),
        "{}",
        out.stdout
    );
}

// ---------- who-can, what-can ----------

const EXAM_ACTION: &str = "sagemaker:CreateTrainingJob";
const GRANTS: &str =
    "granted by statement 0 of IAM policy `sagemaker-training`, statement 0 of endpoint policy";

#[test]
fn who_can_prints_every_principal_with_what_grants_or_blocks_it() {
    let out = run(
        &[
            "who-can",
            "--preset",
            "sagemaker-api-exam",
            "--action",
            EXAM_ACTION,
        ],
        "",
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(
        lines[..4],
        [
            "principal\tdecision\tgranted by / denied by",
            &format!("specific-user\tAllowed\t{GRANTS}"),
            "other-user\tImplicitlyDenied by endpoint",
            "ml-instance-role\tImplicitlyDenied by endpoint",
        ]
    );
    assert!(
        lines[4].starts_with(
            "sagemaker:CreateTrainingJob on arn:aws:sagemaker:us-east-1:111122223333:training-job/"
        ) && lines[4].ends_with(
            ": 3 principals, 1 allowed, 0 explicitly denied, 2 implicitly denied, 0 unreachable"
        ),
        "{}",
        lines[4]
    );

    // The same as JSON, from a file, the action in any case.
    let file = preset_file("sagemaker-api-exam", |_| {});
    let out = run(
        &[
            "who-can",
            file.path(),
            "--action",
            "SageMaker:createtrainingjob",
            "--json",
        ],
        "",
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let answer = out.answer();
    assert_eq!(answer["type"], "success");
    assert_eq!(answer["action"], EXAM_ACTION);
    assert_eq!(
        (
            answer["allowed"].clone(),
            answer["implicitlyDenied"].clone()
        ),
        (json!(1), json!(2))
    );
    let rows = answer["principals"].as_array().expect("rows");
    assert_eq!(rows[0]["principal"], "specific-user");
    assert_eq!(rows[0]["decision"], "Allowed");
    assert_eq!(
        rows[0]["grantedBy"][0],
        json!({"layer": "identityPolicies", "policy": "IAM policy `sagemaker-training`",
            "statement": 0, "effect": "Allow", "place": "principals[0].policies[0]", "line": 4})
    );
    assert_eq!(rows[0]["grantedBy"][1]["layer"], "endpoint");
    assert_eq!(
        rows[1],
        json!({"principal": "other-user", "arn": "arn:aws:iam::111122223333:user/other-user",
            "decision": "ImplicitlyDenied", "blockedBy": ["endpoint"], "grantedBy": [], "deniedBy": []})
    );

    // With everyone admitted by the endpoint, other-user gets in too.
    let open = preset_file("sagemaker-api-exam", admit_everyone);
    let out = run(
        &["who-can", open.path(), "--action", EXAM_ACTION, "--json"],
        "",
    );
    assert_eq!(out.answer()["principals"][1]["decision"], "Allowed");
}

#[test]
fn who_can_names_the_deny_that_decides_and_takes_a_named_resource() {
    let out = run(
        &[
            "who-can",
            "--preset",
            "rcp-org-perimeter",
            "--action",
            "s3:GetObject",
        ],
        "",
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let vendor = out
        .stdout
        .lines()
        .find(|l| l.starts_with("vendor\t"))
        .expect("a row for vendor");
    assert!(
        vendor.starts_with("vendor\tExplicitlyDenied by rcps\tdenied by statement ")
            && vendor.contains(" of RCP `"),
        "{vendor}"
    );
    let out = run(
        &[
            "who-can",
            "--preset",
            "rcp-org-perimeter",
            "--action",
            "s3:GetObject",
            "--json",
        ],
        "",
    );
    let answer = out.answer();
    let row = answer["principals"]
        .as_array()
        .and_then(|rows| rows.iter().find(|r| r["principal"] == "vendor"))
        .expect("vendor");
    assert_eq!(row["deniedBy"][0]["layer"], "rcps");
    assert_eq!(row["deniedBy"][0]["effect"], "Deny");
    assert!(row["deniedBy"][0]["place"].is_string(), "{row}");

    // A named resource: its policy decides (over the internet the bucket policy denies).
    let bucket = preset_file("s3-bucket-policy-requires-endpoint", |s| {
        s.context.via_endpoint = false;
    });
    let out = run(
        &[
            "who-can",
            bucket.path(),
            "--action",
            "s3:GetObject",
            "--resource",
            "reports",
            "--json",
        ],
        "",
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let answer = out.answer();
    assert_eq!(answer["resourceName"], "reports");
    assert_eq!(answer["principals"][0]["decision"], "ExplicitlyDenied");
    assert_eq!(
        answer["principals"][0]["deniedBy"][0]["layer"],
        "resourcePolicy"
    );
}

#[test]
fn who_can_with_bad_input_says_why() {
    // An action the catalog does not know: a did-you-mean, exit 2, nothing on standard output.
    let out = run(
        &[
            "who-can",
            "--preset",
            "sagemaker-api-exam",
            "--action",
            "sagemaker:CreateTrainingJobs",
        ],
        "",
    );
    assert_eq!(out.code, Some(2));
    assert_eq!(out.stdout, "");
    assert!(
        out.stderr.contains("`sagemaker:CreateTrainingJobs` is not an action of the catalog; did you mean `sagemaker:CreateTrainingJob`?"),
        "{}",
        out.stderr
    );
    for args in [
        &[
            "who-can",
            "--preset",
            "sagemaker-api-exam",
            "--action",
            "sagemaker:*",
        ][..],
        &[
            "who-can",
            "--preset",
            "sagemaker-api-exam",
            "--action",
            EXAM_ACTION,
            "--resource",
            "bucket",
        ][..],
        &[
            "who-can",
            "--preset",
            "no-such-preset",
            "--action",
            EXAM_ACTION,
        ][..],
        &["who-can", "--preset", "sagemaker-api-exam"][..],
    ] {
        let out = run(args, "");
        assert_eq!(out.code, Some(2), "{args:?}: {}", out.stderr);
        assert_eq!(out.stdout, "", "{args:?}");
    }
    // A document that does not read, or whose policies have errors: the errors are the answer.
    let out = run(
        &["who-can", "-", "--action", EXAM_ACTION],
        "{\n  \"principals\": 3\n}",
    );
    assert_eq!(out.code, Some(1));
    assert!(
        out.stdout
            .starts_with("scenario:2:17: ERROR INVALID_SCENARIO: the scenario is not valid"),
        "{}",
        out.stdout
    );
    let broken = json!({"version": 2, "principals": [{"name": "a", "arn": ALICE, "policies": [], "boundary": "{\"Version\": 3}"}]});
    let out = run(
        &["who-can", "--action", EXAM_ACTION, "--json"],
        &broken.to_string(),
    );
    assert_eq!(out.code, Some(1));
    let answer = out.answer();
    assert_eq!(answer["type"], "failure");
    assert_eq!(answer["errors"][0]["policy"], "principals[0].boundary");
    let missing = std::env::temp_dir().join("policy-playground-cli-no-such-scenario.json");
    let out = run(
        &[
            "who-can",
            missing.to_str().unwrap_or("x"),
            "--action",
            EXAM_ACTION,
        ],
        "",
    );
    assert_eq!(out.code, Some(2));
    assert!(out.stderr.contains("cannot read"), "{}", out.stderr);
}

#[test]
fn what_can_groups_the_allowed_actions_by_service_and_access_level() {
    let out = run(
        &[
            "what-can",
            "--preset",
            "sagemaker-api-exam",
            "--principal",
            "specific-user",
            "--actions",
            "sagemaker:*",
        ],
        "",
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let sagemaker = policy_playground::catalog::catalog()
        .expand("sagemaker:*")
        .len();
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(
        lines,
        [
            format!("specific-user (arn:aws:iam::111122223333:user/specific-user): 1 of {sagemaker} actions allowed, in 1 service"),
            format!("sagemaker (Amazon SageMaker): 1 of {sagemaker} actions"),
            "  Write: 1".to_string(),
            format!("    sagemaker:CreateTrainingJob\t{GRANTS}"),
        ]
    );

    // The whole catalog, as JSON, from standard input; the principal named by its ARN.
    let doc = serde_json::to_string(
        &policy_playground::scenario::presets::preset("sagemaker-api-exam")
            .expect("preset")
            .scenario,
    )
    .expect("json");
    let out = run(
        &[
            "what-can",
            "-",
            "--principal",
            "arn:aws:iam::111122223333:user/specific-user",
            "--json",
        ],
        &doc,
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let answer = out.answer();
    assert_eq!(answer["type"], "success");
    assert_eq!(answer["principal"], "specific-user");
    assert_eq!(
        answer["decided"],
        json!(policy_playground::catalog::catalog().action_count())
    );
    assert_eq!(answer["allowed"], 1);
    let service = &answer["services"][0];
    assert_eq!(
        (service["service"].clone(), service["decided"].clone()),
        (json!("sagemaker"), json!(sagemaker))
    );
    let action = &service["accessLevels"][0]["actions"][0];
    assert_eq!(action["action"], EXAM_ACTION);
    assert_eq!(
        action["grantedBy"][0]["policy"],
        "IAM policy `sagemaker-training`"
    );
    assert_eq!(service["accessLevels"][0]["accessLevel"], "Write");

    // other-user: the endpoint lets nothing of SageMaker through.
    let out = run(
        &[
            "what-can",
            "--preset",
            "sagemaker-api-exam",
            "--principal",
            "other-user",
            "--actions",
            "sagemaker:*",
            "--json",
        ],
        "",
    );
    assert_eq!(out.code, Some(0));
    assert_eq!(out.answer()["allowed"], 0);
    assert_eq!(out.answer()["services"], json!([]));
}

#[test]
fn what_can_with_bad_input_says_why() {
    let out = run(
        &[
            "what-can",
            "--preset",
            "sagemaker-api-exam",
            "--principal",
            "specific-usr",
        ],
        "",
    );
    assert_eq!(out.code, Some(2));
    assert_eq!(out.stdout, "");
    assert!(
        out.stderr.contains(
            "no principal of the scenario is named `specific-usr`; did you mean `specific-user`?"
        ),
        "{}",
        out.stderr
    );
    let out = run(
        &[
            "what-can",
            "--preset",
            "sagemaker-api-exam",
            "--principal",
            "other-user",
            "--actions",
            "sagemaker:CreateTrainingJobz",
        ],
        "",
    );
    assert_eq!(out.code, Some(2));
    assert!(
        out.stderr
            .contains("did you mean `sagemaker:CreateTrainingJob`?"),
        "{}",
        out.stderr
    );
    let out = run(&["what-can", "--principal", "a", "--json"], "not json");
    assert_eq!(out.code, Some(1));
    let answer = out.answer();
    assert_eq!(answer["type"], "failure");
    assert_eq!(answer["errors"][0]["code"], "INVALID_SCENARIO");
    let out = run(&["what-can", "--preset", "sagemaker-api-exam"], "");
    assert_eq!(out.code, Some(2));
    assert!(out.stderr.contains("--principal"), "{}", out.stderr);
}
