//! The one serializable layer: the `simulate` contract shared by the command line, the
//! JavaScript API and the tests.
//!
//! Input (one JSON document):
//! ```text
//! {"request": {"principal": ARN | "anonymous" | "SERVICE.amazonaws.com", "action": "svc:Name",
//!              "resource": ARN | "*", "resourceAccount": "12 digits (optional)",
//!              "federatingUser": "IAM user ARN (optional, for a federated-user principal)",
//!              "context": {KEY: "v" | ["v", ...]}},
//!  "identityPolicies": [POLICY], "endpoint": {"type": "Interface" | "Gateway", "policy": POLICY},
//!  "resourcePolicy": POLICY, "permissionsBoundary": POLICY, "scps": [[POLICY]], "rcps": [[POLICY]],
//!  "sessionPolicy": POLICY, "network": NETWORK}
//! ```
//! With a `network` (the VPC the call starts from) the request names the `workload` making the
//! call; the answer then holds its `path`, and a call that never arrives is `Unreachable`.
//! where POLICY is a JSON object or a string holding the policy's JSON text. Output: a
//! [`SimulateOutput`], serialized as `{"decision", "blockedBy", "decisive", "warnings"}` or
//! `{"errors": [...]}`.

use serde::Serialize;

mod cache;
mod case;
mod network;
mod request;

pub use cache::PolicyCache;

pub use network::{HopOut, PathOut};

use case::CaseReader;

use crate::engine::{decide, Located};

/// A diagnostic located for people: the engine's one located form, serialized (by the engine's
/// `serde` feature) as
/// `{"code", "severity", "policy", "line", "column", "endLine", "endColumn", "message", "help"?,
/// "link"?}`. `policy` names the policy (`identityPolicies[0]`, `endpoint.policy`) or the input
/// field for problems outside policies (`request.action`, `input`); lines and columns are 1-based,
/// columns count characters, the end is exclusive.
pub type LocatedDiagnostic = Located;

/// A decisive statement, as serialized.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DecisiveOut {
    /// The policy's name.
    pub policy: String,
    /// 0-based statement index.
    pub statement: usize,
    /// The `Sid`, when the statement has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
    /// `Allow` or `Deny`.
    pub effect: &'static str,
}

/// The answer to a simulate case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum SimulateOutput {
    /// The case was valid: the decision and its explanation.
    Decision {
        /// `Allowed`, `ExplicitlyDenied` or `ImplicitlyDenied`; `Unreachable` when the case's
        /// network never lets the call reach the service (no policy decides it).
        decision: &'static str,
        /// The layers that blocked the request.
        #[serde(rename = "blockedBy")]
        blocked_by: Vec<&'static str>,
        /// The statements that decided.
        decisive: Vec<DecisiveOut>,
        /// Warnings about the policies (valid, but probably not what was meant).
        warnings: Vec<LocatedDiagnostic>,
        /// The call's network path, when the case gives a `network`.
        #[serde(skip_serializing_if = "Option::is_none")]
        path: Option<PathOut>,
    },
    /// The case was invalid: nothing was decided.
    Errors {
        /// Every error found.
        errors: Vec<LocatedDiagnostic>,
    },
}

impl SimulateOutput {
    /// True for a decision, false for errors.
    pub fn is_decision(&self) -> bool {
        matches!(self, SimulateOutput::Decision { .. })
    }

    /// The output as one line of JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|e| {
            format!(r#"{{"errors":[{{"code":"INTERNAL_ERROR","severity":"ERROR","policy":"output","line":1,"column":1,"endLine":1,"endColumn":1,"message":"cannot serialize the answer: {e}"}}]}}"#)
        })
    }
}

/// The decision of one simulate case through the two summaries grids decide with (no
/// statements, no notes): [`engine::verdict`](crate::engine::verdict), and
/// [`engine::verdict_with`](crate::engine::verdict_with) answering a second time from the memo
/// its first decision filled. `None` when the case has errors. The corpus checks that both
/// always agree with [`simulate`].
pub fn simulate_verdicts(text: &str) -> Option<[crate::engine::Verdict; 2]> {
    let mut reader = CaseReader::new(text);
    match reader.read(text) {
        // A call that never arrives has no decision to summarize.
        Some(_) if reader.path.as_ref().is_some_and(|p| !p.arrives) => None,
        Some((set, request)) if reader.errors.is_empty() => {
            let mut memo = crate::engine::LayerMemo::default();
            crate::engine::verdict_with(&set, &request, &mut memo);
            Some([
                crate::engine::verdict(&set, &request),
                crate::engine::verdict_with(&set, &request, &mut memo),
            ])
        }
        _ => None,
    }
}

/// Decides one simulate case given as JSON text.
pub fn simulate(text: &str) -> SimulateOutput {
    answer(text, CaseReader::new(text))
}

/// Decides one simulate case given as JSON text, reading each distinct policy text once
/// through `cache` (a batch's): the answer is exactly [`simulate`]'s.
pub fn simulate_cached(text: &str, cache: &mut PolicyCache) -> SimulateOutput {
    answer(text, CaseReader::with_cache(text, cache))
}

fn answer(text: &str, mut reader: CaseReader<'_>) -> SimulateOutput {
    match reader.read(text) {
        Some(_) if reader.errors.is_empty() && reader.path.as_ref().is_some_and(|p| !p.arrives) => {
            SimulateOutput::Decision {
                decision: "Unreachable",
                blocked_by: Vec::new(),
                decisive: Vec::new(),
                warnings: std::mem::take(&mut reader.warnings),
                path: reader.path.take(),
            }
        }
        Some((set, request)) if reader.errors.is_empty() => {
            let evaluation = decide(&set, &request);
            let notes: Vec<Located> = evaluation
                .notes
                .iter()
                .map(|n| reader.locate_note(n))
                .collect();
            let mut warnings = std::mem::take(&mut reader.warnings);
            warnings.extend(notes);
            SimulateOutput::Decision {
                decision: evaluation.decision.as_str(),
                blocked_by: evaluation.blocked_by.iter().map(|l| l.as_str()).collect(),
                decisive: evaluation
                    .decisive
                    .into_iter()
                    .map(|d| DecisiveOut {
                        policy: d.policy,
                        statement: d.statement,
                        sid: d.sid,
                        effect: d.effect.as_str(),
                    })
                    .collect(),
                warnings,
                path: reader.path.take(),
            }
        }
        _ => SimulateOutput::Errors {
            errors: reader.errors,
        },
    }
}
