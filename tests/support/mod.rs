//! What every corpus runner shares (native, CLI and wasm): the corpus itself, as build.rs lists
//! it (the one walker), and the check of one case: run its input through `simulate`, compare
//! with what the case expects. Natively, `UPDATE_CORPUS=1` rewrites expected diagnostics after
//! a deliberate change of wording (see tests/corpus/README.md). Not every test binary uses
//! every item.
#![allow(dead_code)]

use policy_playground::api::{simulate, simulate_evaluations, simulate_verdicts};
use serde_json::{json, Value};

include!(concat!(env!("OUT_DIR"), "/corpus_files.rs"));

/// The text of the corpus case at `name` (a path relative to tests/corpus).
pub fn corpus_text(name: &str) -> Option<&'static str> {
    CORPUS_FILES
        .iter()
        .find(|(path, _)| *path == name)
        .map(|(_, text)| *text)
}

/// The test of one corpus case (build.rs generates one per file): panics with the mismatch.
/// With `UPDATE_CORPUS` set (natively), a case whose decision is still the expected one but
/// whose diagnostics changed gets its expectation rewritten instead, and passes.
pub fn check_named(name: &str) {
    let Some(text) = corpus_text(name) else {
        panic!("no corpus case {name}");
    };
    let Err(mismatch) = check_case(name, text) else {
        return;
    };
    #[cfg(not(target_arch = "wasm32"))]
    if std::env::var_os("UPDATE_CORPUS").is_some() {
        match update::rewrite(name, text) {
            Ok(true) => {
                eprintln!("UPDATE_CORPUS: rewrote the expected diagnostics of {name}");
                return;
            }
            Ok(false) => {}
            Err(e) => panic!("UPDATE_CORPUS: cannot rewrite {name}: {e}"),
        }
    }
    panic!("{mismatch}");
}

/// Checks one case file. `Err` holds a readable explanation of the mismatch.
pub fn check_case(name: &str, text: &str) -> Result<(), String> {
    let case: Value = serde_json::from_str(text).map_err(|e| format!("{name}: not json: {e}"))?;
    for field in ["description", "source"] {
        if case
            .get(field)
            .and_then(Value::as_str)
            .is_none_or(str::is_empty)
        {
            return Err(format!("{name}: the case needs a non-empty `{field}`"));
        }
    }
    let input = case.get("input").ok_or(format!("{name}: no `input`"))?;
    let expect = case.get("expect").ok_or(format!("{name}: no `expect`"))?;
    // Every decision case lists its warnings (`[]` for none): a check that starts firing on any
    // case, AWS's own example policies among them, shows as a failure until it is reviewed.
    if expect.get("errors").is_none() && expect.get("warnings").is_none() {
        return Err(format!(
            "{name}: the case lists no `warnings` (`[]` for none): UPDATE_CORPUS=1 writes what \
             the case gives; check each one"
        ));
    }
    let actual: Value = serde_json::to_value(simulate(&input.to_string()))
        .map_err(|e| format!("{name}: cannot serialize: {e}"))?;
    compare(name, expect, &actual)?;
    same_verdict(name, &input.to_string(), &actual)
}

/// The summaries the grid decides with (`engine::verdict`, and `engine::verdict_with` answering
/// from its memo) must answer what the explained decision (`engine::decide`, behind `simulate`)
/// answers.
fn same_verdict(name: &str, input: &str, actual: &Value) -> Result<(), String> {
    // A call its network never delivers has no policy decision to summarize.
    if actual.get("decision").and_then(Value::as_str) == Some("Unreachable") {
        return match simulate_verdicts(input) {
            None => Ok(()),
            Some(_) => Err(format!("{name}: an unreachable call has verdicts")),
        };
    }
    let explained = actual.get("decision").map(|d| {
        json!({"decision": d, "blockedBy": actual.get("blockedBy").cloned().unwrap_or_default()})
    });
    let verdicts = simulate_verdicts(input);
    let summaries: Vec<Option<Value>> = match verdicts {
        None => vec![None],
        Some(vs) => vs
            .iter()
            .map(|v| {
                let blocked: Vec<&str> = v.blocked_by.iter().map(|l| l.as_str()).collect();
                Some(json!({"decision": v.decision.as_str(), "blockedBy": blocked}))
            })
            .collect(),
    };
    for summary in summaries {
        if summary != explained {
            return Err(format!(
                "{name}: the grid's verdict {summary:?} differs from the explained decision {explained:?}"
            ));
        }
    }
    // Who-can explains with the row's action index: the same evaluation, statements and notes.
    if let Some([plain, fresh, filled]) = simulate_evaluations(input) {
        for (how, e) in [("an empty index", fresh), ("a filled index", filled)] {
            if e != plain {
                return Err(format!(
                    "{name}: decided with {how}, {e:?} differs from the plain decision {plain:?}"
                ));
            }
        }
    }
    Ok(())
}

/// Fields of a diagnostic that follow from its code or its text (`severity`, `link`) or that
/// the corpus does not pin (`endLine`, `endColumn`, `fix`): compared only when the case lists them.
const DERIVED: &[&str] = &["severity", "link", "endLine", "endColumn", "fix"];

/// Drops from each actual diagnostic the derived fields its expected counterpart leaves out.
fn without_unlisted_derived(expect: &Value, actual: &Value) -> Value {
    let (Some(wanted), Some(got)) = (expect.as_array(), actual.as_array()) else {
        return actual.clone();
    };
    let trimmed = got
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let mut d = d.clone();
            if let Value::Object(map) = &mut d {
                for key in DERIVED {
                    if wanted.get(i).and_then(|w| w.get(*key)).is_none() {
                        map.remove(*key);
                    }
                }
            }
            d
        })
        .collect();
    Value::Array(trimmed)
}

/// Compares the answer with the expectation: `decision`, `blockedBy`, `decisive` always,
/// `warnings` when the case lists them; `errors` in full. Diagnostics are compared on every
/// field the case lists, and always on `code`, `policy`, `line`, `column`, `message`, `help`.
pub fn compare(name: &str, expect: &Value, actual: &Value) -> Result<(), String> {
    let mut wanted = serde_json::Map::new();
    let mut got = serde_json::Map::new();
    let keys: &[&str] = if expect.get("errors").is_some() {
        &["errors", "decision"]
    } else {
        &[
            "decision",
            "blockedBy",
            "decisive",
            "warnings",
            "errors",
            "path",
        ]
    };
    for key in keys {
        let optional = *key == "warnings" || *key == "path";
        if optional && expect.get(*key).is_none() {
            continue;
        }
        let e = expect.get(*key).cloned().unwrap_or(match *key {
            "blockedBy" | "decisive" => json!([]),
            _ => Value::Null,
        });
        let mut a = actual.get(*key).cloned().unwrap_or(Value::Null);
        if matches!(*key, "errors" | "warnings") {
            a = without_unlisted_derived(&e, &a);
        }
        wanted.insert(key.to_string(), e);
        got.insert(key.to_string(), a);
    }
    if wanted == got {
        Ok(())
    } else {
        Err(format!(
            "{name}\n  expected: {}\n  actual:   {}",
            Value::Object(wanted),
            Value::Object(got)
        ))
    }
}

/// The update mode: rewrites the `expect` of a case file in place, keeping the rest of the file
/// byte for byte. Only diagnostics are ever rewritten: the errors of a bad-input case, the
/// warnings of a case that lists them. A case whose decision, blocking layers or decisive
/// statements changed is left alone (that is a change of behaviour to look at, not to bless).
#[cfg(not(target_arch = "wasm32"))]
mod update {
    use super::*;
    use policy_playground::api::SimulateOutput;
    use serde::Serialize;

    use policy_playground::api::LocatedDiagnostic;

    #[derive(Serialize)]
    struct ExpectDecision<'a> {
        decision: &'a str,
        #[serde(rename = "blockedBy")]
        blocked_by: &'a [&'static str],
        decisive: &'a [policy_playground::api::DecisiveOut],
        #[serde(skip_serializing_if = "Option::is_none")]
        warnings: Option<Vec<ExpectDiagnostic<'a>>>,
    }

    #[derive(Serialize)]
    struct ExpectErrors<'a> {
        errors: Vec<ExpectDiagnostic<'a>>,
    }

    /// A diagnostic as the corpus pins it: without the fields that follow from the code.
    #[derive(Serialize)]
    struct ExpectDiagnostic<'a> {
        code: &'static str,
        policy: &'a str,
        line: usize,
        column: usize,
        message: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        help: Option<&'a str>,
    }

    fn expected(list: &[LocatedDiagnostic]) -> Vec<ExpectDiagnostic<'_>> {
        list.iter()
            .map(|d| ExpectDiagnostic {
                code: d.code.as_str(),
                policy: &d.place,
                line: d.line,
                column: d.column,
                message: &d.message,
                help: d.help.as_deref(),
            })
            .collect()
    }

    /// `Ok(true)` when the file was rewritten, `Ok(false)` when the change is not one the
    /// update mode may bless.
    pub fn rewrite(name: &str, text: &str) -> Result<bool, String> {
        let case: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
        let (Some(input), Some(expect)) = (case.get("input"), case.get("expect")) else {
            return Ok(false);
        };
        let actual = simulate(&input.to_string());
        let pretty = match &actual {
            SimulateOutput::Errors { errors } if expect.get("errors").is_some() => {
                serde_json::to_string_pretty(&ExpectErrors {
                    errors: expected(errors),
                })
                .map_err(|e| e.to_string())?
            }
            SimulateOutput::Decision {
                decision,
                blocked_by,
                decisive,
                warnings,
                ..
            } if expect.get("errors").is_none() => {
                let as_value = serde_json::to_value(&actual).map_err(|e| e.to_string())?;
                let same_decision = ["decision", "blockedBy", "decisive"].iter().all(|k| {
                    expect.get(*k).unwrap_or(&json!([])) == as_value.get(*k).unwrap_or(&Value::Null)
                });
                if !same_decision {
                    return Ok(false);
                }
                // Every decision case lists its warnings (see `check_case`).
                serde_json::to_string_pretty(&ExpectDecision {
                    decision,
                    blocked_by,
                    decisive,
                    warnings: Some(expected(warnings)),
                })
                .map_err(|e| e.to_string())?
            }
            _ => return Ok(false),
        };
        // Splice the new expectation over the old one's exact span, indented like the file.
        let arena = policy_playground::engine::json::Arena::new();
        let tree = policy_playground::engine::json::parse(text, &arena).map_err(|e| e.message)?;
        let span = tree
            .get("expect")
            .map(|v| v.span)
            .ok_or("the case has no `expect`")?;
        let indented = pretty.replace('\n', "\n  ");
        let mut out = String::with_capacity(text.len() + indented.len());
        out.push_str(&text[..span.start]);
        out.push_str(&indented);
        out.push_str(&text[span.end..]);
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/corpus")
            .join(name);
        std::fs::write(&path, out).map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(true)
    }
}
