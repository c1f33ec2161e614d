//! A scenario read from JSON text, and its grid as the JSON answer shared by the JavaScript API's
//! `evaluateScenario` and the command line's `scenario --json`: `{"type": "success",
//! "principals", "actions", "cells", "warnings"}` or `{"type": "failure", "errors"}`.

use serde_json::{json, Value};

use super::{Scenario, Workspace};
use crate::engine::{Code, Diagnostic, LineIndex, Located, Span};

/// Reads a scenario document (any version) from JSON text and checks the bounds a document from
/// outside must respect. A document that does not read is an `INVALID_SCENARIO` diagnostic
/// located in the text (place `scenario`).
pub fn read(text: &str) -> Result<Scenario, Located> {
    let lines = LineIndex::new(text);
    let scenario: Scenario = serde_json::from_str(text).map_err(|e| {
        let mut located = Diagnostic::new(
            Code::INVALID_SCENARIO,
            Span::default(),
            format!("the scenario is not valid: {e}"),
        )
        .locate("scenario", &lines);
        // serde_json counts lines from 1 and columns in bytes from 1; 0 means no position.
        if e.line() > 0 {
            let line_start: usize = text
                .split_inclusive('\n')
                .take(e.line() - 1)
                .map(str::len)
                .sum();
            let at = lines.line_column(line_start + e.column().saturating_sub(1));
            (located.line, located.column) = (at.line, at.column);
            (located.end_line, located.end_column) = (at.line, at.column);
        }
        located
    })?;
    super::share::validate(&scenario).map_err(|d| d.locate("scenario", &lines))?;
    Ok(scenario)
}

/// A diagnostic of a scenario: the located form plus `editor` (the same as `policy`) and
/// `error`, kept for callers written before diagnostics had codes.
fn with_editor(located: &Located) -> Value {
    let mut value = serde_json::to_value(located).unwrap_or(Value::Null);
    if let Value::Object(map) = &mut value {
        map.insert("editor".into(), Value::String(located.place.clone()));
        map.insert("error".into(), Value::Bool(located.is_error()));
    }
    value
}

/// The grid of `ws` as the shared JSON answer: `cells[row][column]` is `{decision, blockedBy}`
/// for action `actions[row]` and principal `principals[column]`; `warnings` lists every
/// diagnostic (and principals whose ARN does not read). With an error in a policy, the answer is
/// `{"type": "failure", "errors"}`.
pub fn grid_answer(ws: &Workspace) -> Value {
    let mut diagnostics: Vec<Value> = ws
        .diagnostics()
        .iter()
        .map(|d| with_editor(&d.located))
        .collect();
    diagnostics.extend(
        ws.principal_problems()
            .iter()
            .map(|(_, located)| with_editor(located)),
    );
    let Some(grid) = ws.grid() else {
        let errors: Vec<Value> = diagnostics
            .into_iter()
            .filter(|d| d["error"] == json!(true))
            .collect();
        return json!({"type": "failure", "errors": errors});
    };
    let cells: Vec<Vec<Value>> = grid
        .cells
        .iter()
        .map(|row| {
            row.iter()
                .map(|c| {
                    let blocked: Vec<&str> = c.blocked_by.iter().map(|l| l.as_str()).collect();
                    json!({"decision": c.decision.as_str(), "blockedBy": blocked})
                })
                .collect()
        })
        .collect();
    let principals: Vec<&str> = ws
        .scenario
        .principals
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    json!({
        "type": "success",
        "principals": principals,
        "actions": grid.actions,
        "cells": cells,
        "warnings": diagnostics,
    })
}
