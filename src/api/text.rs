//! A simulate answer in plain words, for people at a terminal (`policy-playground simulate
//! --explain`): the decision and what made it in one sentence, AWS's evaluation step by step as
//! the page draws it, the statements whose action, resource and principal match (each
//! condition with its result and the request's values), the call's network path when the case
//! has one, then every warning or error one per line, located as `validate` prints its findings
//! (`PLACE:LINE:COLUMN: SEVERITY CODE message (help)`). Control characters of the policies'
//! strings come out escaped ([`printable`](crate::text::printable)). The JSON answer
//! ([`SimulateOutput::to_json`]) stays the form for programs.

use super::{DecisiveOut, Explained, Flow, LocatedDiagnostic, SimulateOutput};
use crate::engine::{flow_caption, layer_words, statement_words, step_line, Layer};

impl Explained {
    /// The answer in plain words, one line per step, statement, condition, hop and finding,
    /// ending with a line end; the flow and the statements only when the policies decided it.
    pub fn to_text(&self) -> String {
        text(&self.output, self.flow.as_ref())
    }
}

/// What each layer said, in the order of AWS's flowchart, as the page draws it: the
/// flowchart's sentence, the explicit-deny check, then one line per layer
/// ([`step_phrase`]: a layer that blocked without a `Deny` says so).
fn flow_text(out: &mut String, flow: &Flow, denied: bool, blocked_by: &[&str]) {
    out.push_str(flow_caption(flow.cross_account));
    out.push('\n');
    out.push_str(if denied {
        "  explicit deny: a Deny matched, the request stops here\n"
    } else {
        "  explicit deny check: no Deny matched\n"
    });
    for step in &flow.steps {
        let blocks = blocked_by.contains(&step.layer.as_str());
        out.push_str(&format!(
            "  {}\n",
            step_line(step.layer, step.state, blocks)
        ));
    }
}

/// The statements that reached the request, each with whether it applied and why not, and
/// its conditions with the request's values.
fn reached_text(out: &mut String, flow: &Flow) {
    if flow.reached.is_empty() {
        out.push_str("No statement names this action and resource (and principal).\n");
        return;
    }
    out.push_str("Statements whose action, resource and principal match:\n");
    for r in &flow.reached {
        let verdict = match (r.applies, r.decisive) {
            (true, true) => "applies, and decided",
            (true, false) => "applies",
            (false, _) => "does not apply: a condition is false",
        };
        out.push_str(&format!(
            "  {} ({}): {verdict}\n",
            statement_words(&r.policy, r.statement, r.sid.as_deref()),
            r.effect
        ));
        for c in &r.conditions {
            let values = match (&c.request_values, c.more_values) {
                (Some(values), 0) => format!("the request has {values:?}"),
                (Some(values), more) => format!("the request has {values:?} and {more} more"),
                (None, _) => "the request does not have the key".to_string(),
            };
            out.push_str(&format!(
                "    {}: {} ({values})\n",
                c.text,
                if c.holds { "true" } else { "false" }
            ));
        }
    }
}

fn text(output: &SimulateOutput, flow: Option<&Flow>) -> String {
    let mut out = String::new();
    match output {
        SimulateOutput::Decision {
            decision,
            blocked_by,
            decisive,
            warnings,
            path,
        } => {
            out.push_str(&sentence(decision, blocked_by, decisive));
            out.push('\n');
            if let Some(flow) = flow {
                flow_text(&mut out, flow, *decision == "ExplicitlyDenied", blocked_by);
                reached_text(&mut out, flow);
            }
            if let Some(path) = path {
                let way = path
                    .way
                    .map(|w| format!(" ({})", way_words(w)))
                    .unwrap_or_default();
                out.push_str(&format!("network path to {}{way}:\n", path.service));
                for hop in &path.hops {
                    out.push_str(&format!("  {} {}: {}\n", hop.state, hop.hop, hop.detail));
                }
            }
            findings(&mut out, warnings, "warning", "warnings");
        }
        SimulateOutput::Errors { errors } => {
            out.push_str(&format!(
                "Not decided: the case has {}; nothing was evaluated.\n",
                count(errors.len(), "error", "errors")
            ));
            findings(&mut out, errors, "error", "errors");
        }
    }
    crate::text::printable(&out).into_owned()
}

/// The decision and its reason in one sentence.
fn sentence(decision: &str, blocked_by: &[&str], decisive: &[DecisiveOut]) -> String {
    let statements = || {
        decisive
            .iter()
            .map(|d| statement_words(&d.policy, d.statement, d.sid.as_deref()))
            .collect::<Vec<_>>()
            .join(" and ")
    };
    match decision {
        "Allowed" => format!(
            "Allowed: {} {} it, and no statement denies it.",
            statements(),
            if decisive.len() == 1 {
                "allows"
            } else {
                "allow"
            }
        ),
        "ExplicitlyDenied" => format!("Explicitly denied by {}.", statements()),
        "ImplicitlyDenied" => {
            let layers: Vec<&str> = blocked_by
                .iter()
                .map(|name| {
                    Layer::FLOWCHART
                        .iter()
                        .find(|l| l.as_str() == *name)
                        .map_or(*name, |l| layer_words(*l))
                })
                .collect();
            format!(
                "Implicitly denied: nothing in {} allows it.",
                layers.join(" and ")
            )
        }
        "Unreachable" => {
            "Unreachable: the call never reaches the service, so no policy decides it.".into()
        }
        other => format!("{other}."),
    }
}

/// The way a call that arrives took, in words.
fn way_words(way: &str) -> &'static str {
    match way {
        "interfaceEndpoint" => "through an interface endpoint",
        "gatewayEndpoint" => "through a gateway endpoint",
        "natGateway" => "through a NAT gateway",
        "internetGateway" => "through an internet gateway",
        _ => "another way",
    }
}

/// `N warnings:` and one line per finding; nothing when there is none.
fn findings(out: &mut String, list: &[LocatedDiagnostic], one: &str, many: &str) {
    if list.is_empty() {
        return;
    }
    out.push_str(&format!("{}:\n", count(list.len(), one, many)));
    for d in list {
        let help = d
            .help
            .as_ref()
            .map(|h| format!(" ({h})"))
            .unwrap_or_default();
        out.push_str(&format!(
            "  {}:{}:{}: {} {} {}{help}\n",
            d.place,
            d.line,
            d.column,
            d.severity.as_str(),
            d.code.as_str(),
            d.message
        ));
    }
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
