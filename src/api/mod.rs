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
mod text;
mod write;

pub use cache::PolicyCache;

pub use network::{HopOut, PathOut};
pub use request::{MAX_CONTEXT_VALUES, MAX_CONTEXT_VALUE_LEN};

use case::CaseReader;

use crate::engine::{cap_located, decide, Located, MAX_ANSWER_FINDINGS};

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
        let mut out = Vec::new();
        self.write_json(&mut out);
        // serde_json writes UTF-8 only
        String::from_utf8(out).unwrap_or_default()
    }

    /// [`SimulateOutput::to_json`] appended to `out` (a batch writes its answers one after the
    /// other into one buffer).
    pub fn write_json(&self, out: &mut Vec<u8>) {
        // The page and the JavaScript API write an answer now and then: the bundle keeps only
        // the serializer it needs anyway.
        if cfg!(target_arch = "wasm32") {
            return self.write_serde(out);
        }
        match self {
            SimulateOutput::Decision {
                decision,
                blocked_by,
                decisive,
                warnings,
                path: None,
            } => write::decision(out, decision, blocked_by, decisive, warnings),
            SimulateOutput::Errors { errors } => write::errors(out, errors),
            SimulateOutput::Decision { path: Some(_), .. } => self.write_serde(out),
        }
    }

    /// [`SimulateOutput::write_json`] through `serde_json` and the derived serialization.
    fn write_serde(&self, out: &mut Vec<u8>) {
        let start = out.len();
        if let Err(e) = serde_json::to_writer(&mut *out, self) {
            out.truncate(start);
            out.extend_from_slice(format!(r#"{{"errors":[{{"code":"INTERNAL_ERROR","severity":"ERROR","policy":"output","line":1,"column":1,"endLine":1,"endColumn":1,"message":"cannot serialize the answer: {e}"}}]}}"#).as_bytes());
        }
    }
}

/// The decision of one simulate case through the summaries grids decide with (no statements,
/// no notes): [`engine::verdict`](crate::engine::verdict),
/// [`engine::verdict_with`](crate::engine::verdict_with) answering a second time from the memo
/// its first decision filled, and [`engine::verdict_indexed`](crate::engine::verdict_indexed)
/// with an [`ActionIndex`](crate::engine::ActionIndex) of the case's action, empty and then
/// filled by that first decision. `None` when the case has errors. The corpus checks that all
/// always agree with [`simulate`].
pub fn simulate_verdicts(text: &str) -> Option<[crate::engine::Verdict; 4]> {
    use crate::engine::{verdict, verdict_indexed, verdict_with, ActionIndex, LayerMemo};
    let mut reader = CaseReader::new(text);
    match reader.read(text) {
        // A call that never arrives has no decision to summarize.
        Some(_) if reader.path.as_ref().is_some_and(|p| !p.arrives) => None,
        Some((set, request)) if reader.errors.is_empty() => {
            let mut memo = LayerMemo::default();
            verdict_with(&set, &request, &mut memo);
            let index = ActionIndex::new(&request.action);
            let fresh = verdict_indexed(&set, &request, &mut LayerMemo::default(), &index);
            Some([
                verdict(&set, &request),
                verdict_with(&set, &request, &mut memo),
                fresh,
                verdict_indexed(&set, &request, &mut LayerMemo::default(), &index),
            ])
        }
        _ => None,
    }
}

/// The explained decision of one simulate case three times: [`engine::decide`](crate::engine::decide),
/// then [`engine::decide_indexed`](crate::engine::decide_indexed) with an
/// [`ActionIndex`](crate::engine::ActionIndex) of the case's action, empty and then filled by
/// that decision. `None` when the case has errors or its call never arrives. The corpus checks
/// that all three are equal (who-can explains its cells with the index).
pub fn simulate_evaluations(text: &str) -> Option<[crate::engine::Evaluation; 3]> {
    use crate::engine::{decide, decide_indexed, ActionIndex};
    let mut reader = CaseReader::new(text);
    match reader.read(text) {
        Some(_) if reader.path.as_ref().is_some_and(|p| !p.arrives) => None,
        Some((set, request)) if reader.errors.is_empty() => {
            let index = ActionIndex::new(&request.action);
            let fresh = decide_indexed(&set, &request, &index);
            Some([
                decide(&set, &request),
                fresh,
                decide_indexed(&set, &request, &index),
            ])
        }
        _ => None,
    }
}

/// Decides one simulate case given as JSON text. Its lists of errors and warnings hold at most
/// [`MAX_ANSWER_FINDINGS`] findings each, then one `TOO_MANY_FINDINGS` counting the rest.
pub fn simulate(text: &str) -> SimulateOutput {
    answer(text, CaseReader::new(text))
}

/// Decides one simulate case given as JSON text, reading each distinct policy text once
/// through `cache` (a batch's): the answer is exactly [`simulate`]'s.
pub fn simulate_cached(text: &str, cache: &mut PolicyCache) -> SimulateOutput {
    answer(text, CaseReader::with_cache(text, cache))
}

/// [`simulate_cached`] for one line of a batch: `line` holds no line end (`\n`), so that
/// locating its findings needs no search for one (a `\n` in it would count as a character of
/// the one line). The answer is exactly [`simulate`]'s for such a text.
pub fn simulate_line(line: &str, cache: &mut PolicyCache) -> SimulateOutput {
    debug_assert!(!line.contains('\n'));
    answer(line, CaseReader::of_batch_line(line, cache))
}

fn answer(text: &str, reader: CaseReader<'_>) -> SimulateOutput {
    answer_with_flow::<false>(text, reader).0
}

/// [`simulate`] with the evaluation's steps and the statements that reached the request, for
/// the answer in plain words ([`Explained::to_text`], `simulate --explain`).
pub fn simulate_explained(text: &str) -> Explained {
    let (output, flow) = answer_with_flow::<true>(text, CaseReader::new(text));
    Explained { output, flow }
}

/// A simulate answer and, when the policies decided it, what each layer said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explained {
    /// The answer, as [`simulate`] gives it.
    pub output: SimulateOutput,
    /// What each layer said, in the order of AWS's flowchart; `None` for a case with errors or
    /// a call its network never delivers.
    pub flow: Option<Flow>,
}

/// The evaluation drawn step by step, as the page draws it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flow {
    /// Each layer and what it said ([`Evaluation::steps`](crate::engine::Evaluation::steps)).
    pub steps: [crate::engine::Step; 7],
    /// The resource belongs to another account than the caller's.
    pub cross_account: bool,
    /// Every statement whose action, resource and principal match the request, in the
    /// flowchart's order of layers (RCPs, SCPs, endpoint, resource, identity, boundary, session
    /// policy), as the page lists them under the flow.
    pub reached: Vec<Reached>,
}

/// A statement that reached the request: its action, resource and principal matched, so its
/// conditions decide whether it applies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reached {
    /// The policy's name (`endpoint.policy`, `scps[0][1]`).
    pub policy: String,
    /// 0-based statement index.
    pub statement: usize,
    /// The `Sid`, when the statement has one.
    pub sid: Option<String>,
    /// `Allow` or `Deny`.
    pub effect: &'static str,
    /// Every condition held.
    pub applies: bool,
    /// It is one of the statements that decided.
    pub decisive: bool,
    /// Each condition clause, with its result and the request's values of its key.
    pub conditions: Vec<crate::engine::ExplainedCondition>,
}

/// The statements of `set` that reached `request`, in the flowchart's order of layers.
fn reached(
    set: &crate::engine::PolicySet,
    request: &crate::engine::Request,
    evaluation: &crate::engine::Evaluation,
) -> Vec<Reached> {
    use crate::engine::{reached_statements, EndpointType, NamedPolicy};
    let mut policies: Vec<(&NamedPolicy, Option<EndpointType>)> = Vec::new();
    policies.extend(set.rcps.iter().flatten().map(|p| (p, None)));
    policies.extend(set.scps.iter().flatten().map(|p| (p, None)));
    if let Some(e) = &set.endpoint {
        policies.push((&e.policy, Some(e.endpoint_type)));
    }
    policies.extend(set.resource_policy.iter().map(|p| (p, None)));
    policies.extend(set.identity_policies.iter().map(|p| (p, None)));
    policies.extend(set.permissions_boundary.iter().map(|p| (p, None)));
    policies.extend(set.session_policy.iter().map(|p| (p, None)));
    policies
        .into_iter()
        .flat_map(|(named, endpoint)| {
            reached_statements(named, endpoint, request, evaluation)
                .into_iter()
                .map(|r| Reached {
                    policy: named.name.clone(),
                    statement: r.statement.index,
                    sid: r.statement.sid.clone(),
                    effect: r.statement.effect.as_str(),
                    applies: r.check.applies(),
                    decisive: r.decisive,
                    conditions: r.conditions,
                })
        })
        .collect()
}

/// The answer and, with `EXPLAIN` (`simulate --explain`), the flow when the policies decided
/// it; without, nothing more is made (the batch's instantiation).
fn answer_with_flow<const EXPLAIN: bool>(
    text: &str,
    mut reader: CaseReader<'_>,
) -> (SimulateOutput, Option<Flow>) {
    let output = match reader.read(text) {
        Some(_) if reader.errors.is_empty() && reader.path.as_ref().is_some_and(|p| !p.arrives) => {
            let mut warnings = std::mem::take(&mut reader.warnings);
            cap_located(&mut warnings, MAX_ANSWER_FINDINGS, "input");
            SimulateOutput::Decision {
                decision: "Unreachable",
                blocked_by: Vec::new(),
                decisive: Vec::new(),
                warnings,
                path: reader.path.take(),
            }
        }
        Some((set, request)) if reader.errors.is_empty() => {
            let evaluation = decide(&set, &request);
            let flow = EXPLAIN.then(|| Flow {
                steps: evaluation.steps,
                cross_account: evaluation.cross_account,
                reached: reached(&set, &request, &evaluation),
            });
            let notes: Vec<Located> = evaluation
                .notes
                .iter()
                .map(|n| reader.locate_note(n))
                .collect();
            let mut warnings = std::mem::take(&mut reader.warnings);
            warnings.extend(notes);
            cap_located(&mut warnings, MAX_ANSWER_FINDINGS, "input");
            let output = SimulateOutput::Decision {
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
            };
            return (output, flow);
        }
        _ => {
            let mut errors = reader.errors;
            cap_located(&mut errors, MAX_ANSWER_FINDINGS, "input");
            SimulateOutput::Errors { errors }
        }
    };
    (output, None)
}

#[cfg(test)]
mod bounds_tests {
    use super::*;
    use crate::engine::Code;

    fn case(policies: &[String], context: &str) -> String {
        format!(
            r#"{{"request":{{"principal":"arn:aws:iam::111122223333:user/a","action":"s3:GetObject","resource":"arn:aws:s3:::b/x","context":{context}}},"identityPolicies":[{}]}}"#,
            policies.join(",")
        )
    }

    fn errors(out: &SimulateOutput) -> &[Located] {
        match out {
            SimulateOutput::Errors { errors } => errors,
            SimulateOutput::Decision { .. } => &[],
        }
    }

    #[test]
    fn context_values_are_bounded_in_number_and_length() {
        let allow = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#.to_string();
        let many: Vec<String> = (0..10_000).map(|i| format!("\"v{i}\"")).collect();
        let out = simulate(&case(
            std::slice::from_ref(&allow),
            &format!(r#"{{"aws:TagKeys":[{}]}}"#, many.join(",")),
        ));
        let e = errors(&out);
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!(e[0].code, Code::INVALID_REQUEST_VALUE);
        assert!(
            e[0].message.contains("10000 values; at most 256"),
            "{}",
            e[0].message
        );
        let long = "x".repeat(request::MAX_CONTEXT_VALUE_LEN + 1);
        for context in [
            format!(r#"{{"aws:PrincipalTag/t":"{long}"}}"#),
            format!(r#"{{"aws:TagKeys":["a","{long}"]}}"#),
        ] {
            let out = simulate(&case(std::slice::from_ref(&allow), &context));
            assert_eq!(errors(&out)[0].code, Code::INVALID_REQUEST_VALUE);
        }
    }

    #[test]
    fn many_patterns_against_the_most_values_cost_bounded_work() {
        // 10,000 `ForAnyValue:StringLike` patterns against 10,000 values took 42 s; values are
        // now at most 256, so the product is at most 256 per pattern.
        let patterns: Vec<String> = (0..10_000).map(|i| format!("\"*a{i}z*q\"")).collect();
        let policy = format!(
            r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{{"ForAnyValue:StringLike":{{"aws:TagKeys":[{}]}}}}}}]}}"#,
            patterns.join(",")
        );
        let values: Vec<String> = (0..request::MAX_CONTEXT_VALUES)
            .map(|i| format!("\"v{i}\""))
            .collect();
        let started = std::time::Instant::now();
        let out = simulate(&case(
            &[policy],
            &format!(r#"{{"aws:TagKeys":[{}]}}"#, values.join(",")),
        ));
        assert!(out.is_decision());
        assert!(started.elapsed().as_secs() < 30, "{:?}", started.elapsed());
    }

    #[test]
    fn a_template_repeating_a_long_value_answers_without_exhausting_memory() {
        let value = "x".repeat(request::MAX_CONTEXT_VALUE_LEN);
        let policy = format!(
            r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/{}"}}]}}"#,
            "${aws:PrincipalTag/t}".repeat(4_500)
        );
        let out = simulate(&case(
            &[policy],
            &format!(r#"{{"aws:PrincipalTag/t":"{value}"}}"#),
        ));
        // 18 MB substituted is past the cap: the resource matches nothing.
        match out {
            SimulateOutput::Decision { decision, .. } => assert_eq!(decision, "ImplicitlyDenied"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn an_answer_lists_a_bounded_number_of_findings() {
        let statement = r#"{"Effect":"Allaw","Action":"s3:GetObject","Resource":"*"}"#;
        let policy = format!(
            r#"{{"Version":"2012-10-17","Statement":[{}]}}"#,
            vec![statement; 1000].join(",")
        );
        let out = simulate(&case(&vec![policy; 5], "{}"));
        let e = errors(&out);
        assert_eq!(e.len(), crate::engine::MAX_ANSWER_FINDINGS + 1);
        let last = e.last().expect("the count");
        assert_eq!(last.code, Code::TOO_MANY_FINDINGS);
        assert_eq!(last.place, "input");
        // 5 policies × 200 errors kept each = 1,000 before the bound (each policy's own count
        // of the rest is a warning, not listed with errors).
        assert!(
            last.message.starts_with("500 more findings"),
            "{}",
            last.message
        );
    }
}
