//! The JavaScript API (wasm-bindgen exports). Every answer is a plain object tagged
//! `{type: "success", ...}` or `{type: "failure", errors: [...]}`: user mistakes never throw.
//!
//! - `simulate(case)`: the command line's contract; `case` is an object or JSON text.
//! - `validate(policyText, kind)`: diagnostics with line and column.
//! - `evaluateScenario(scenario)`: the grid of a scenario (an object, JSON text or a preset id).
//! - `mount(element, options)`: a live widget in `element` (see [`super::widget`]).

use serde::Serialize;
use serde_json::{json, Value};
use wasm_bindgen::prelude::*;

use crate::checks::parse_policy_text;
use crate::engine::{LineIndex, PolicyKind, Severity};
use crate::scenario::{presets, Scenario, Workspace};

/// Converts a JSON value to a plain JS object (maps as objects, not `Map`s).
fn to_js(value: &Value) -> JsValue {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .unwrap_or(JsValue::NULL)
}

fn failure(message: &str) -> JsValue {
    to_js(&json!({"type": "failure", "errors": [{"message": message}]}))
}

/// Reads a JS argument that may be JSON text or an object, as JSON text.
fn json_text(value: &JsValue) -> Result<String, String> {
    if let Some(text) = value.as_string() {
        return Ok(text);
    }
    if value.is_undefined() || value.is_null() {
        return Err("expected an object or json text, found nothing".into());
    }
    js_sys::JSON::stringify(value)
        .ok()
        .and_then(|s| s.as_string())
        .ok_or_else(|| "the argument cannot be turned into json".to_string())
}

/// `simulate(case)`: decides one case (object or JSON text), with the same contract as
/// `policy-playground simulate`, tagged with `type`.
#[wasm_bindgen(js_name = simulate)]
pub fn simulate_js(case: JsValue) -> JsValue {
    let text = match json_text(&case) {
        Ok(t) => t,
        Err(e) => return failure(&e),
    };
    let output = crate::api::simulate(&text);
    let mut value = serde_json::to_value(&output).unwrap_or(Value::Null);
    let tag = if output.is_decision() {
        "success"
    } else {
        "failure"
    };
    if let Value::Object(map) = &mut value {
        map.insert("type".into(), Value::String(tag.into()));
    }
    to_js(&value)
}

/// The policy kinds `validate` accepts.
fn policy_kind(kind: &str) -> Option<PolicyKind> {
    Some(match kind {
        "identity" => PolicyKind::Identity,
        "endpoint" => PolicyKind::Endpoint,
        "resource" => PolicyKind::Resource,
        "permissionsBoundary" | "boundary" => PolicyKind::PermissionsBoundary,
        "scp" => PolicyKind::Scp,
        "rcp" => PolicyKind::Rcp,
        "session" => PolicyKind::Session,
        "trust" => PolicyKind::Trust,
        _ => return None,
    })
}

/// `validate(policyText, kind)`: `{type: "success", warnings}` for a valid policy, else
/// `{type: "failure", errors, warnings}`; each diagnostic has `line`, `column`, `endLine`,
/// `endColumn`, `message` and maybe `help`. `kind` is `identity`, `endpoint`, `resource`,
/// `permissionsBoundary`, `scp`, `rcp`, `session` or `trust` (a role trust policy).
#[wasm_bindgen]
pub fn validate(
    #[wasm_bindgen(unchecked_param_type = "string")] policy_text: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] kind: JsValue,
) -> JsValue {
    let Some(policy_text) = policy_text.as_string() else {
        return failure("validate(policyText, kind): policyText must be a string");
    };
    let policy_text = policy_text.as_str();
    let kind = kind.as_string().unwrap_or_default();
    let kind = kind.as_str();
    let Some(kind) = policy_kind(kind) else {
        return failure(&format!(
            "unknown policy kind `{kind}`: use identity, endpoint, resource, permissionsBoundary, scp, rcp, session or trust"
        ));
    };
    let parsed = parse_policy_text(policy_text, kind);
    let lines = LineIndex::new(policy_text);
    let (mut errors, mut warnings) = (Vec::new(), Vec::new());
    for d in &parsed.diagnostics {
        let start = lines.line_column(d.span.start);
        let end = lines.line_column(d.span.end);
        let item = json!({
            "line": start.line, "column": start.column,
            "endLine": end.line, "endColumn": end.column,
            "message": d.message, "help": d.help,
        });
        match d.severity {
            Severity::Error => errors.push(item),
            Severity::Warning => warnings.push(item),
        }
    }
    if errors.is_empty() {
        to_js(&json!({"type": "success", "warnings": warnings}))
    } else {
        to_js(&json!({"type": "failure", "errors": errors, "warnings": warnings}))
    }
}

/// Reads a scenario from a preset id, JSON text or an object.
pub fn scenario_from(value: &JsValue) -> Result<Scenario, String> {
    if let Some(id) = value.as_string() {
        if let Some(p) = presets::preset(&id) {
            return Ok(p.scenario);
        }
        if !id.trim_start().starts_with('{') {
            return Err(format!(
                "unknown preset `{id}`: use one of {}, or give a scenario object",
                presets::PRESET_IDS.join(", ")
            ));
        }
    }
    let text = json_text(value)?;
    let scenario: Scenario =
        serde_json::from_str(&text).map_err(|e| format!("the scenario is not valid: {e}"))?;
    crate::scenario::share::validate(&scenario)?;
    Ok(scenario)
}

/// `evaluateScenario(scenario)`: the grid of a scenario (a preset id, JSON text or an object in
/// the share-link document format): `{type: "success", principals, actions, cells, warnings}`
/// where `cells[row][column]` is `{decision, blockedBy}`, or `{type: "failure", errors}`.
#[wasm_bindgen(js_name = evaluateScenario)]
pub fn evaluate_scenario(scenario: JsValue) -> JsValue {
    let scenario = match scenario_from(&scenario) {
        Ok(s) => s,
        Err(e) => return failure(&e),
    };
    let ws = Workspace::new(scenario);
    let diagnostics: Vec<Value> = ws
        .diagnostics()
        .iter()
        .map(|d| {
            json!({
                "editor": match d.editor {
                    crate::scenario::Editor::Identity(p, policy) => match ws.policy_position(p, policy) {
                        Some((p, i)) => format!("principals[{p}].policies[{i}]"),
                        None => "?".to_string(),
                    },
                    crate::scenario::Editor::Endpoint => "endpoint".to_string(),
                },
                "line": d.line, "column": d.column, "message": d.message, "help": d.help, "error": d.error,
            })
        })
        .collect();
    let mut diagnostics = diagnostics;
    diagnostics.extend(ws.principal_problems().into_iter().map(|(p, message)| {
        json!({"editor": format!("principals[{p}].arn"), "line": 1, "column": 1, "message": message, "help": null, "error": false})
    }));
    let Some(grid) = ws.grid() else {
        let errors: Vec<Value> = diagnostics
            .into_iter()
            .filter(|d| d["error"] == json!(true))
            .collect();
        return to_js(&json!({"type": "failure", "errors": errors}));
    };
    let cells: Vec<Vec<Value>> = grid
        .cells
        .iter()
        .map(|row| {
            row.iter()
                .map(|c| json!({"decision": c.decision.as_str(), "blockedBy": c.blocked_by.iter().map(|l| l.as_str()).collect::<Vec<_>>()}))
                .collect()
        })
        .collect();
    let principals: Vec<&str> = ws
        .scenario
        .principals
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    to_js(&json!({
        "type": "success",
        "principals": principals,
        "actions": grid.actions,
        "cells": cells,
        "warnings": diagnostics,
    }))
}

/// `presets()`: the ids and titles of the built-in scenarios.
#[wasm_bindgen(js_name = presets)]
pub fn presets_js() -> JsValue {
    let list: Vec<Value> = presets::all()
        .iter()
        .map(|p| json!({"id": p.id, "title": p.title, "lesson": p.lesson}))
        .collect();
    to_js(&Value::Array(list))
}
