//! The evaluation explained for people, shared by the page's explanation and the command
//! line's `simulate --explain`: a layer, a step of AWS's flowchart, a statement, which of the two
//! flowcharts a request follows, and the statements that reached a request with their
//! conditions' results.

use super::{
    check_statement, EndpointType, Evaluation, Layer, NamedPolicy, StatementCheck, StepState,
};
use crate::ast::Statement;
use crate::request::Request;

/// Plain words for a layer.
pub fn layer_words(layer: Layer) -> &'static str {
    match layer {
        Layer::IdentityPolicies => "the IAM policies",
        Layer::Endpoint => "the VPC endpoint policy",
        Layer::ResourcePolicy => "a resource-based policy",
        Layer::PermissionsBoundary => "the permissions boundary",
        Layer::Scps => "the SCPs",
        Layer::Rcps => "the RCPs",
        Layer::SessionPolicy => "the session policy",
    }
}

/// What a layer said, in words (the page's flow and `simulate --explain`).
pub fn step_words(state: StepState) -> &'static str {
    match state {
        StepState::Allow => "allows",
        StepState::Deny => "denies",
        StepState::NoAllow => "no allow",
        StepState::NotApplicable => "does not apply",
    }
}

/// What a layer said, in words, when `blocks` tells whether it blocked the request (a layer that
/// blocks without a `Deny` is marked so; one that blocks without applying at all, such as a
/// cross-account request's missing resource-based policy, says that nothing in it applies).
pub fn step_phrase(state: StepState, blocks: bool) -> &'static str {
    match (state, blocks) {
        (StepState::NoAllow, true) => "no allow (blocks the request)",
        (StepState::NotApplicable, true) => "nothing applies (blocks the request)",
        (state, _) => step_words(state),
    }
}

/// One step of the flowchart in words, capitalized: `The VPC endpoint policy: no allow (blocks
/// the request)` ([`layer_words`], [`step_phrase`]).
pub fn step_line(layer: Layer, state: StepState, blocks: bool) -> String {
    // The words are ASCII: an ASCII capital, so that the page's bundle does without Unicode's
    // case tables (`str::to_uppercase` brought them in: 7.5 KB of its gzip, docs/speed.md).
    let mut line = layer_words(layer).to_string();
    if let Some(first) = line.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    line.push_str(": ");
    line.push_str(step_phrase(state, blocks));
    line
}

/// Which of AWS's two flowcharts a request follows, in one sentence (the page's flow and
/// `simulate --explain`).
pub fn flow_caption(cross_account: bool) -> &'static str {
    if cross_account {
        "Cross-account request: every gate must let it through, and both the caller's account (identity side) and the resource-based policy must allow."
    } else {
        "Same-account request: every gate must let it through, and the identity side or the resource-based policy grants."
    }
}

/// `statement 2 (DenyOutsideOrg) of scps[0][1]`: a statement named for people.
pub fn statement_words(policy: &str, index: usize, sid: Option<&str>) -> String {
    match sid {
        Some(sid) => format!("statement {index} ({sid}) of {policy}"),
        None => format!("statement {index} of {policy}"),
    }
}

/// At most this many of a key's request values are shown per condition: every clause on a key
/// repeats them, so the explanation stays linear in the case (a key may hold 256 values of 4 KB).
pub const SHOWN_VALUES: usize = 8;
/// At most this many characters of each value shown (then `…`).
pub const SHOWN_VALUE_CHARS: usize = 120;

/// `values` as an explanation shows them under a condition (the page's and `simulate
/// --explain`'s): the first [`SHOWN_VALUES`], each cut to [`SHOWN_VALUE_CHARS`] characters, with
/// how many are left out.
pub fn shown_values(values: &[String]) -> (Vec<String>, usize) {
    let shown = values
        .iter()
        .take(SHOWN_VALUES)
        .map(|v| match v.char_indices().nth(SHOWN_VALUE_CHARS) {
            Some((cut, _)) => format!("{}…", v.get(..cut).unwrap_or(v)),
            None => v.clone(),
        })
        .collect();
    (shown, values.len().saturating_sub(SHOWN_VALUES))
}

/// One condition clause of a statement that reached a request, for people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExplainedCondition {
    /// `StringEquals aws:RequestedRegion ["us-east-1"]`.
    pub text: String,
    /// The request's values for the key as an explanation shows them ([`shown_values`]), or
    /// `None` when absent.
    pub request_values: Option<Vec<String>>,
    /// How many of the key's values are not shown.
    pub more_values: usize,
    /// Whether it held.
    pub holds: bool,
}

/// A statement of a policy that reached a request: its action, resource and principal matched,
/// so its conditions decide whether it applies.
#[derive(Debug, Clone)]
pub struct ReachedStatement<'p> {
    /// The statement.
    pub statement: &'p Statement,
    /// How each of its elements fared.
    pub check: StatementCheck,
    /// It is one of the statements that decided `evaluation`.
    pub decisive: bool,
    /// Each condition clause with its result and the request's values of its key.
    pub conditions: Vec<ExplainedCondition>,
}

/// The statements of `policy` (an endpoint policy with its `endpoint` type) that reached
/// `request`, decided as `evaluation`, in order.
pub fn reached_statements<'p>(
    policy: &'p NamedPolicy,
    endpoint: Option<EndpointType>,
    request: &Request,
    evaluation: &Evaluation,
) -> Vec<ReachedStatement<'p>> {
    let mut out = Vec::new();
    for statement in &policy.policy.statements {
        let check = check_statement(statement, request, endpoint);
        if !(check.action && check.resource && check.principal != Some(false)) {
            continue;
        }
        let decisive = evaluation
            .decisive
            .iter()
            .any(|d| d.policy == policy.name && d.statement == statement.index);
        let conditions = statement
            .conditions
            .iter()
            .zip(&check.conditions)
            .map(|(c, holds)| {
                // A few values, cut short: every clause on the key repeats them.
                let values = request.context.get(&c.key_lower).map(shown_values);
                ExplainedCondition {
                    text: format!("{} {} {:?}", c.operator_text, c.key, c.raw_values),
                    more_values: values.as_ref().map_or(0, |v| v.1),
                    request_values: values.map(|v| v.0),
                    holds: *holds,
                }
            })
            .collect();
        out.push(ReachedStatement {
            statement,
            check,
            decisive,
            conditions,
        });
    }
    out
}
