//! A scenario read from JSON text, and its grid as the JSON answer shared by the JavaScript API's
//! `evaluateScenario` and the command line's `scenario --json`: `{"type": "success",
//! "principals", "actions", "cells", "warnings"}` or `{"type": "failure", "errors"}`. Also the
//! answers of the command line's `check` (expectations, each failing cell explained) and `diff`
//! (the changed cells and the verdict), and of `who-can` and `what-can` (issue 16), whose field
//! names are a stable contract (README).

use serde_json::{json, Value};

use super::{
    Cell, ExpectationResult, ExpectationState, Explanation, GridDiff, QueryError, Scenario,
    StatementRef, WhatCan, WhoCan, Workspace,
};
use crate::engine::{Code, Diagnostic, LineIndex, Located, Span};

/// Reads a scenario document (any version) from JSON text and checks the bounds a document from
/// outside must respect (at most [`MAX_SCENARIO_FILE`](super::share::MAX_SCENARIO_FILE) bytes of
/// JSON, 1,000 principals, …): what the command line reads and the page imports. A document that does
/// not read is an `INVALID_SCENARIO` diagnostic located in the text (place `scenario`).
pub fn read(text: &str) -> Result<Scenario, Located> {
    // The size first: nothing of a file over the bound is read or indexed.
    if text.len() > super::share::MAX_SCENARIO_FILE {
        return Err(Diagnostic::new(
            Code::INVALID_SCENARIO,
            Span::default(),
            format!(
                "the file is too large ({} bytes; at most {})",
                text.len(),
                super::share::MAX_SCENARIO_FILE
            ),
        )
        .locate("scenario", &LineIndex::new("")));
    }
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

/// Every diagnostic of `ws`, located in its editor.
fn diagnostics(ws: &Workspace) -> Vec<Value> {
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
    diagnostics
}

/// The failure answer: the errors among `diagnostics`, and the counts of findings not listed
/// (`TOO_MANY_FINDINGS`), so that a list cut at its bound says so.
fn failure(diagnostics: Vec<Value>) -> Value {
    let errors: Vec<Value> = diagnostics
        .into_iter()
        .filter(|d| d["error"] == json!(true) || d["code"] == json!("TOO_MANY_FINDINGS"))
        .collect();
    json!({"type": "failure", "errors": errors})
}

/// Cells as `{"decision", "blockedBy"}` (see [`cell_json`]).
fn cells_json<'a>(rows: impl Iterator<Item = &'a [Cell]>) -> Vec<Vec<Value>> {
    rows.map(|row| row.iter().map(|c| cell_json(Some(c))).collect())
        .collect()
}

/// The principals' names, in column order.
fn principal_names(ws: &Workspace) -> Vec<&str> {
    ws.scenario
        .principals
        .iter()
        .map(|p| p.name.as_str())
        .collect()
}

/// The grid of `ws` as the shared JSON answer: `cells[row][column]` is `{decision, blockedBy}`
/// for action `actions[row]` and principal `principals[column]`; `warnings` lists every
/// diagnostic (and principals whose ARN does not read). With an error in a policy, the answer is
/// `{"type": "failure", "errors"}`.
pub fn grid_answer(ws: &Workspace) -> Value {
    let diagnostics = diagnostics(ws);
    let Some(grid) = ws.grid() else {
        return failure(diagnostics);
    };
    json!({
        "type": "success",
        "principals": principal_names(ws),
        "actions": grid.actions,
        "cells": cells_json(grid.cells.iter().map(Vec::as_slice)),
        "warnings": diagnostics,
    })
}

/// The grid pivoted on `action` (principals × resources), as the command line's `scenario
/// --pivot ACTION --json` answers: `{"type": "success", "action", "principals", "resources":
/// [{"name", "arn"}], "cells", "warnings"}` (the action's own resource first, its name empty),
/// or the failure answer of [`grid_answer`].
pub fn pivot_answer(ws: &Workspace, action: &str) -> Value {
    let diagnostics = diagnostics(ws);
    let Some(pivot) = ws.pivot(action) else {
        return failure(diagnostics);
    };
    let resources: Vec<Value> = pivot
        .rows
        .iter()
        .map(|r| json!({"name": r.name, "arn": r.arn}))
        .collect();
    json!({
        "type": "success",
        "action": pivot.action,
        "principals": principal_names(ws),
        "resources": resources,
        "cells": cells_json(pivot.rows.iter().map(|r| r.cells.as_slice())),
        "warnings": diagnostics,
    })
}

/// A cell as `{"decision", "blockedBy"}` (`null` for a cell that is not there); a call that
/// never arrives is `{"decision": "Unreachable", "blockedBy": [], "stoppedAt": HOP}`.
pub fn cell_json(cell: Option<&Cell>) -> Value {
    match cell {
        Some(c) => {
            let blocked: Vec<&str> = c.blocked_by.iter().map(|l| l.as_str()).collect();
            match c.unreachable {
                Some(hop) => json!({
                    "decision": c.decision_name(),
                    "blockedBy": blocked,
                    "stoppedAt": hop.as_str(),
                }),
                None => json!({"decision": c.decision_name(), "blockedBy": blocked}),
            }
        }
        None => Value::Null,
    }
}

/// An explanation as `{"summary", "decision", "blockedBy", "decisive"}`, each decisive
/// statement `{"policy", "statement", "sid"?, "effect", "place"?, "line"?}`: the policy's name
/// and the statement's index as the engine names them, and where the statement is in the
/// document (the editor's place, as diagnostics name it, and its first line in that text) when
/// it is written in it (AWS's default endpoint or key policy is not).
pub fn explanation_json(ws: &Workspace, e: &Explanation) -> Value {
    let decisive: Vec<Value> = e
        .evaluation
        .decisive
        .iter()
        .map(|d| {
            let mut out = json!({
                "policy": d.policy,
                "statement": d.statement,
                "effect": d.effect.as_str(),
            });
            if let Some(sid) = &d.sid {
                out["sid"] = json!(sid);
            }
            let written = e
                .statements
                .iter()
                .find(|s| s.decisive && s.policy == d.policy && s.index == d.statement);
            if let Some(s) = written {
                out["place"] = json!(ws.editor_place(s.editor));
                if let Some(text) = ws.text(s.editor) {
                    out["line"] = json!(LineIndex::new(text).line_column(s.span.start).line);
                }
            }
            out
        })
        .collect();
    let blocked: Vec<&str> = e.evaluation.blocked_by.iter().map(|l| l.as_str()).collect();
    json!({
        "summary": e.summary,
        "decision": e.evaluation.decision.as_str(),
        "blockedBy": blocked,
        "decisive": decisive,
    })
}

/// A statement of a who-can or what-can answer: `{"layer", "policy", "statement", "sid"?,
/// "effect", "place"?, "line"?}`: its layer (`identityPolicies`, `endpoint`, `resourcePolicy`,
/// `permissionsBoundary`, `scps`, `rcps`, `sessionPolicy`), the policy's name and the
/// statement's 0-based index as the engine names them (as `decisive` of `simulate` and `check`
/// does), its `Sid` when it has one, `Allow` or `Deny`, and where it is written (the editor's
/// place, as diagnostics name it, and its first line in that text) when the scenario writes it
/// (AWS's default endpoint or key policy is written nowhere).
pub fn statement_json(ws: &Workspace, s: &StatementRef) -> Value {
    let mut out = json!({
        "layer": s.layer.as_str(),
        "policy": s.policy,
        "statement": s.statement,
        "effect": s.effect.as_str(),
    });
    if let Some(sid) = &s.sid {
        out["sid"] = json!(sid);
    }
    if let Some(editor) = s.editor {
        out["place"] = json!(ws.editor_place(editor));
        if let (Some(text), Some(span)) = (ws.text(editor), s.span) {
            out["line"] = json!(LineIndex::new(text).line_column(span.start).line);
        }
    }
    out
}

fn statements_json(ws: &Workspace, statements: &[StatementRef]) -> Vec<Value> {
    statements.iter().map(|s| statement_json(ws, s)).collect()
}

/// The failure answer of a query: the policy errors of `ws` (as [`grid_answer`] gives them),
/// or the one `INVALID_ARGUMENT` diagnostic of an argument that names nothing (place `action`,
/// `principal`, `resource` or `actions`; its `help` the did-you-mean).
pub fn query_failure(ws: &Workspace, error: &QueryError) -> Value {
    match error {
        QueryError::PolicyErrors => failure(diagnostics(ws)),
        QueryError::Argument(located) => {
            json!({"type": "failure", "errors": [with_editor(located)]})
        }
    }
}

/// A who-can answer as the command line's `who-can --json` writes it: `{"type": "success",
/// "action", "resource", "resourceName", "allowed", "explicitlyDenied", "implicitlyDenied",
/// "unreachable", "principals": [ROW], "warnings"}`. `resource` is the ARN the requests named,
/// `resourceName` the named resource of that ARN (empty when none); the four counts add up to
/// the rows. A ROW, one per principal in the scenario's order, is `{"principal" (its name),
/// "arn", "decision": "Allowed" | "ExplicitlyDenied" | "ImplicitlyDenied" | "Unreachable",
/// "blockedBy": [LAYER], "stoppedAt"? (the network hop of an unreachable call), "grantedBy":
/// [STATEMENT], "deniedBy": [STATEMENT]}`: `grantedBy` lists, for an allowed request, the
/// statements of every layer that let it through (see [`statement_json`]), `deniedBy`, for an
/// explicitly denied one, every matching `Deny`; both are empty otherwise, and `blockedBy`
/// names the layers that blocked (as in [`cell_json`]).
pub fn who_can_json(ws: &Workspace, answer: &WhoCan) -> Value {
    let rows: Vec<Value> = answer
        .rows
        .iter()
        .map(|r| {
            let mut row = json!({"principal": r.name, "arn": r.arn});
            if let (Value::Object(row), Value::Object(cell)) = (&mut row, cell_json(Some(&r.cell)))
            {
                row.extend(cell);
            }
            row["grantedBy"] = json!(statements_json(ws, &r.granted_by));
            row["deniedBy"] = json!(statements_json(ws, &r.denied_by));
            row
        })
        .collect();
    json!({
        "type": "success",
        "action": answer.action,
        "resource": answer.resource,
        "resourceName": answer.resource_name,
        "allowed": answer.count("Allowed"),
        "explicitlyDenied": answer.count("ExplicitlyDenied"),
        "implicitlyDenied": answer.count("ImplicitlyDenied"),
        "unreachable": answer.count("Unreachable"),
        "principals": rows,
        "warnings": diagnostics(ws),
    })
}

/// [`Workspace::who_can`] answered as JSON: [`who_can_json`], or [`query_failure`].
pub fn who_can_answer(ws: &Workspace, action: &str, resource: Option<&str>) -> Value {
    match ws.who_can(action, resource) {
        Ok(answer) => who_can_json(ws, &answer),
        Err(e) => query_failure(ws, &e),
    }
}

/// A what-can answer as the command line's `what-can --json` writes it: `{"type": "success",
/// "principal", "arn", "decided", "allowed", "services": [{"service" (its prefix), "name",
/// "decided", "allowed", "accessLevels": [{"accessLevel", "actions": [{"action", "resource",
/// "grantedBy": [STATEMENT]}]}]}], "warnings"}`. `decided` counts the actions decided (the
/// catalog's, or the filter's), `allowed` those allowed; only services with an allowed action
/// are listed, in catalog order, each with its access levels (as the catalog writes them:
/// `Write`, or `Tagging, Write` for an action of two) in the order List, Read, Write,
/// Permissions management, Tagging, and each allowed action with the resource its request named
/// and the statements that let it through (see [`statement_json`]).
pub fn what_can_json(ws: &Workspace, answer: &WhatCan) -> Value {
    let services: Vec<Value> = answer
        .services
        .iter()
        .map(|s| {
            let levels: Vec<Value> = s
                .levels
                .iter()
                .map(|l| {
                    let actions: Vec<Value> = l
                        .actions
                        .iter()
                        .map(|a| {
                            json!({
                                "action": a.action,
                                "resource": a.resource,
                                "grantedBy": statements_json(ws, &a.granted_by),
                            })
                        })
                        .collect();
                    json!({"accessLevel": l.level, "actions": actions})
                })
                .collect();
            json!({
                "service": s.service,
                "name": s.name,
                "decided": s.decided,
                "allowed": s.allowed,
                "accessLevels": levels,
            })
        })
        .collect();
    json!({
        "type": "success",
        "principal": answer.name,
        "arn": answer.arn,
        "decided": answer.decided,
        "allowed": answer.allowed,
        "services": services,
        "warnings": diagnostics(ws),
    })
}

/// [`Workspace::what_can`] for the principal named `principal` (or of that ARN) answered as
/// JSON: [`what_can_json`], or [`query_failure`].
pub fn what_can_answer(ws: &Workspace, principal: &str, filter: Option<&str>) -> Value {
    match ws
        .find_principal(principal)
        .and_then(|id| ws.what_can(id, filter))
    {
        Ok(answer) => what_can_json(ws, &answer),
        Err(e) => query_failure(ws, &e),
    }
}

/// The expectations of `ws` checked, as the command line's `check --json` answers for one file:
/// `{"state": "pass" | "fail", "passed", "failed", "invalid", "expectations": [{"index",
/// "principal", "action", "resource", "expect", "note", "state": "pass" | "fail" | "invalid",
/// "problem"?, "cells", "failures": [{"principal", "action", "resource", "decision",
/// "blockedBy", "explanation"}]}]}`. `cells` counts the cells an expectation covers;
/// `failures` lists those that do not decide as expected, each explained (see
/// [`explanation_json`]); `problem`, the diagnostic (`INVALID_EXPECTATION`, place
/// `expectations[I]`) that says why an invalid expectation could not be checked. The file's
/// state is `fail` when an expectation fails or is invalid.
pub fn check_answer(ws: &Workspace, results: &[ExpectationResult]) -> Value {
    let count = |state| results.iter().filter(|r| r.state == state).count();
    let (passed, failed, invalid) = (
        count(ExpectationState::Pass),
        count(ExpectationState::Fail),
        count(ExpectationState::Invalid),
    );
    let expectations: Vec<Value> = results
        .iter()
        .map(|r| {
            let e = &r.expectation;
            let failures: Vec<Value> = r
                .failures()
                .map(|c| {
                    let explanation = ws
                        .explain_at(c.principal, c.action, &c.resource)
                        .map_or(Value::Null, |x| explanation_json(ws, &x));
                    let mut out = json!({
                        "principal": c.principal_name,
                        "action": c.action,
                        "resource": c.resource,
                        "explanation": explanation,
                    });
                    if let (Value::Object(out), Value::Object(cell)) =
                        (&mut out, cell_json(Some(&c.cell)))
                    {
                        out.extend(cell);
                    }
                    out
                })
                .collect();
            let mut out = json!({
                "index": r.index,
                "principal": e.principal,
                "action": e.action,
                "resource": e.resource,
                "expect": e.expect.as_str(),
                "note": e.note,
                "state": r.state.as_str(),
                "cells": r.cells.len(),
                "failures": failures,
            });
            if let Some(problem) = &r.problem {
                out["problem"] = serde_json::to_value(problem).unwrap_or(Value::Null);
            }
            out
        })
        .collect();
    json!({
        "state": if failed + invalid == 0 { "pass" } else { "fail" },
        "passed": passed,
        "failed": failed,
        "invalid": invalid,
        "expectations": expectations,
    })
}

/// A comparison as the command line's `diff --json` answers: `{"verdict": "same" | "narrower"
/// | "broader" | "mixed", "gained", "lost", "changed", "cells": [{"principal", "action",
/// "change": "gained" | "lost" | "changed", "before", "after"}]}`, `before` and `after` each
/// `{"decision", "blockedBy"}` or `null` where the principal or action is not on that side.
pub fn diff_answer(diff: &GridDiff) -> Value {
    let cells: Vec<Value> = diff
        .cells
        .iter()
        .map(|c| {
            json!({
                "principal": c.principal,
                "action": c.action,
                "change": c.change.as_str(),
                "before": cell_json(c.before.as_ref()),
                "after": cell_json(c.after.as_ref()),
            })
        })
        .collect();
    json!({
        "verdict": diff.verdict.as_str(),
        "gained": diff.gained,
        "lost": diff.lost,
        "changed": diff.changed,
        "cells": cells,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::presets;

    #[test]
    fn a_failure_cut_at_its_bound_says_how_many_are_left_out() {
        let mut s = crate::scenario::presets::preset("cross-account-bucket")
            .expect("preset")
            .scenario;
        let statement = r#"{"Effect":"Allaw","Action":"s3:GetObject","Resource":"*"}"#;
        let mut policy = s.principals[0].policies[0].clone();
        policy.text = format!(
            r#"{{"Version":"2012-10-17","Statement":[{}]}}"#,
            vec![statement; 1000].join(",")
        );
        s.principals[0].policies = vec![policy; 4];
        let answer = grid_answer(&Workspace::new(s));
        assert_eq!(answer["type"], "failure");
        let errors = answer["errors"].as_array().expect("errors");
        let counts: Vec<&Value> = errors
            .iter()
            .filter(|e| e["code"] == "TOO_MANY_FINDINGS")
            .collect();
        assert!(!counts.is_empty());
        assert!(errors.len() <= crate::engine::MAX_ANSWER_FINDINGS + 1);
    }

    #[test]
    fn who_can_and_what_can_answer_with_their_documented_fields() {
        let ws = Workspace::new(
            presets::preset("sagemaker-api-exam")
                .expect("preset")
                .scenario,
        );
        let answer = who_can_answer(&ws, "sagemaker:CreateTrainingJob", None);
        assert_eq!(answer["type"], "success", "{answer}");
        assert_eq!(answer["action"], "sagemaker:CreateTrainingJob");
        assert_eq!(
            (
                answer["allowed"].clone(),
                answer["implicitlyDenied"].clone()
            ),
            (json!(1), json!(2))
        );
        let rows = answer["principals"].as_array().expect("rows");
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0]["principal"], "specific-user");
        assert_eq!(
            rows[0]["arn"],
            "arn:aws:iam::111122223333:user/specific-user"
        );
        assert_eq!(rows[0]["decision"], "Allowed");
        let granted = rows[0]["grantedBy"].as_array().expect("grantedBy");
        assert_eq!(
            granted[0],
            json!({"layer": "identityPolicies", "policy": "IAM policy `sagemaker-training`",
                "statement": 0, "effect": "Allow", "place": "principals[0].policies[0]",
                "line": 4})
        );
        assert!(granted
            .iter()
            .any(|g| g["layer"] == "endpoint" && g["place"] == "endpoint"));
        assert_eq!(
            rows[1],
            json!({"principal": "other-user", "arn": "arn:aws:iam::111122223333:user/other-user",
                "decision": "ImplicitlyDenied", "blockedBy": ["endpoint"], "grantedBy": [],
                "deniedBy": []})
        );
        let unknown = who_can_answer(&ws, "sagemaker:CreateTrainingJobs", None);
        assert_eq!(unknown["type"], "failure");
        assert_eq!(unknown["errors"][0]["code"], "INVALID_ARGUMENT");
        assert_eq!(unknown["errors"][0]["policy"], "action");

        let answer = what_can_answer(&ws, "specific-user", Some("sagemaker:*"));
        assert_eq!(answer["type"], "success", "{answer}");
        assert_eq!(
            (answer["allowed"].clone(), answer["principal"].clone()),
            (json!(1), json!("specific-user"))
        );
        let service = &answer["services"][0];
        assert_eq!(
            (service["service"].clone(), service["allowed"].clone()),
            (json!("sagemaker"), json!(1))
        );
        assert_eq!(service["name"], "Amazon SageMaker");
        let level = &service["accessLevels"][0];
        assert_eq!(level["accessLevel"], "Write");
        assert_eq!(level["actions"][0]["action"], "sagemaker:CreateTrainingJob");
        assert_eq!(
            level["actions"][0]["grantedBy"][0]["layer"],
            "identityPolicies"
        );
        let unknown = what_can_answer(&ws, "nobody", None);
        assert_eq!(unknown["errors"][0]["policy"], "principal");
    }

    #[test]
    fn a_scenario_file_reads_back_and_bad_files_say_why() {
        for p in presets::all() {
            let text = serde_json::to_string_pretty(&p.scenario).expect("serializes");
            assert_eq!(read(&text).expect("reads"), p.scenario);
        }
        let not_json = read("{\n  \"title\": ").expect_err("truncated");
        assert_eq!(not_json.code, Code::INVALID_SCENARIO);
        assert_eq!(not_json.line, 2, "{}", not_json.message);
        let wrong_type = read(r#"{"principals": 3}"#).expect_err("wrong type");
        assert!(
            wrong_type.message.contains("the scenario is not valid"),
            "{}",
            wrong_type.message
        );
        let huge = " ".repeat(crate::scenario::share::MAX_SCENARIO_FILE + 1);
        assert!(read(&huge)
            .expect_err("too large")
            .message
            .contains("too large"));
        // Bounds are those of links.
        let mut many = presets::all().remove(0).scenario;
        many.principals = vec![many.principals[0].clone(); crate::scenario::MAX_PRINCIPALS + 1];
        let text = serde_json::to_string(&many).expect("serializes");
        assert!(read(&text).is_err());
    }
}
