//! The one function every corpus runner calls (native, CLI and wasm): read a case file, run it
//! through `simulate`, compare with what the case expects.

use policy_playground::api::simulate;
use serde_json::{json, Value};

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
    let actual: Value = serde_json::to_value(simulate(&input.to_string()))
        .map_err(|e| format!("{name}: cannot serialize: {e}"))?;
    compare(name, expect, &actual)
}

/// Compares the answer with the expectation: `decision`, `blockedBy`, `decisive` always,
/// `warnings` when the case lists them; `errors` in full.
pub fn compare(name: &str, expect: &Value, actual: &Value) -> Result<(), String> {
    let mut wanted = serde_json::Map::new();
    let mut got = serde_json::Map::new();
    let keys: &[&str] = if expect.get("errors").is_some() {
        &["errors", "decision"]
    } else {
        &["decision", "blockedBy", "decisive", "warnings", "errors"]
    };
    for key in keys {
        let optional = *key == "warnings";
        if optional && expect.get(*key).is_none() {
            continue;
        }
        let e = expect.get(*key).cloned().unwrap_or(match *key {
            "blockedBy" | "decisive" => json!([]),
            _ => Value::Null,
        });
        let a = actual.get(*key).cloned().unwrap_or(Value::Null);
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
