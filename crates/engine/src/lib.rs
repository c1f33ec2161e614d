//! The evaluation engine: policy text → spans, syntax tree and diagnostics → decision and
//! explanation.
//!
//! Pure Rust: no I/O, no JavaScript, no panics, so that it behaves the same natively, in node and
//! in the browser. Start at [`policy::parse_policy_text_with`] and [`evaluate::decide`].

#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![warn(missing_docs)]

/// The helpers that depend on nothing, under the path the modules use (`crate::text`).
use policy_playground_text as text;

pub mod ast;
pub mod code;
pub mod condition;
pub mod diagnostic;
pub mod evaluate;
pub mod json;
pub mod operator;
pub mod pattern;
pub mod policy;
mod rcp_services;
pub mod registry;
pub mod request;
pub mod values;

pub use diagnostic::{
    cap_located, Code, Diagnostic, Fix, LineIndex, Located, LocatedFix, Severity, Span,
    MAX_ANSWER_FINDINGS,
};
pub use evaluate::{
    check_statement, decide, decide_indexed, default_endpoint_policy, default_key_policy,
    execute_api_base, is_ecr_repository, is_kms_key, is_role_arn, verdict, verdict_indexed,
    verdict_with, ActionIndex, Decision, DecisiveStatement, Endpoint, EndpointType, Evaluation,
    GuardedResource, Layer, LayerMemo, LayerSet, NamedPolicy, PolicySet, StatementCheck, Step,
    StepState, Verdict,
};
pub use evaluate::{
    flow_caption, layer_words, reached_statements, shown_values, statement_words, step_line,
    step_phrase, step_words, ExplainedCondition, ReachedStatement, SHOWN_VALUES, SHOWN_VALUE_CHARS,
};
pub use policy::{
    parse_policy_in, parse_policy_text_with, parse_policy_with, Effect, Names, NoNames,
    ParsedPolicy, Policy, PolicyKind,
};
pub use registry::{registry, Applies, CheckInfo, Kind, Origin, Proof};
pub use request::{Context, Principal, PrincipalKind, Request};
