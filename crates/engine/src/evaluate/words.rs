//! The evaluation in plain words, shared by the page's explanation and the command line's
//! `simulate --explain`: a layer, a step of AWS's flowchart, a statement, and which of the two
//! flowcharts a request follows.

use super::{Layer, StepState};

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
