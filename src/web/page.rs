//! The first playground page: the seed scenario's endpoint policy and IAM policy side by side,
//! and the grid of principals × SageMaker actions decided in the page as you type.

use yew::prelude::*;

use crate::engine::{
    decide, parse_policy_text, Context, Decision, Endpoint, EndpointType, LineIndex, NamedPolicy,
    ParsedPolicy, PolicyKind, PolicySet, Principal, Request, Severity,
};

const ACCOUNT: &str = "111122223333";

/// The note's endpoint policy, with the example account filled in.
pub const SEED_ENDPOINT_POLICY: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": { "AWS": "arn:aws:iam::111122223333:user/specific-user" },
      "Action": "sagemaker:*",
      "Resource": "*"
    }
  ]
}"#;

/// The note's IAM policy, carried by every principal of the seed scenario.
pub const SEED_IDENTITY_POLICY: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "sagemaker:CreateTrainingJob",
      "Resource": "*",
      "Condition": { "StringEquals": { "aws:RequestedRegion": "us-east-1" } }
    }
  ]
}"#;

/// The principals of the seed scenario: (name, ARN).
pub const SEED_PRINCIPALS: &[(&str, &str)] = &[
    (
        "specific-user",
        "arn:aws:iam::111122223333:user/specific-user",
    ),
    ("other-user", "arn:aws:iam::111122223333:user/other-user"),
    (
        "ml-instance-role",
        "arn:aws:sts::111122223333:assumed-role/ml-instance-role/i-0123456789abcdef0",
    ),
];

/// The SageMaker actions shown until the action catalog lands.
pub const SEED_ACTIONS: &[&str] = &[
    "sagemaker:CreateTrainingJob",
    "sagemaker:DescribeTrainingJob",
    "sagemaker:CreateNotebookInstance",
    "sagemaker:ListModels",
    "sagemaker:DeleteEndpoint",
];

/// One decided cell of the grid.
#[derive(Clone, PartialEq)]
pub struct Cell {
    /// Principal name.
    pub principal: &'static str,
    /// Action.
    pub action: &'static str,
    /// Decision.
    pub decision: Decision,
    /// One line of explanation.
    pub why: String,
}

/// A diagnostic ready to show: which editor, line, column, text.
#[derive(Clone, PartialEq)]
pub struct ShownDiagnostic {
    /// `endpoint policy` or `iam policy`.
    pub editor: &'static str,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// Message and help.
    pub text: String,
    /// True for errors.
    pub error: bool,
}

fn shown(editor: &'static str, text: &str, parsed: &ParsedPolicy) -> Vec<ShownDiagnostic> {
    let lines = LineIndex::new(text);
    parsed
        .diagnostics
        .iter()
        .map(|d| {
            let at = lines.line_column(d.span.start);
            ShownDiagnostic {
                editor,
                line: at.line,
                column: at.column,
                text: match &d.help {
                    Some(h) => format!("{} (help: {h})", d.message),
                    None => d.message.clone(),
                },
                error: d.severity == Severity::Error,
            }
        })
        .collect()
}

/// Decides the whole grid. `None` when a policy has errors (the caller keeps the last grid).
pub fn evaluate_grid(
    endpoint_text: &str,
    identity_text: &str,
    via_endpoint: bool,
    region: &str,
) -> (Option<Vec<Cell>>, Vec<ShownDiagnostic>) {
    let endpoint = parse_policy_text(endpoint_text, PolicyKind::Endpoint);
    let identity = parse_policy_text(identity_text, PolicyKind::Identity);
    let mut diagnostics = shown("endpoint policy", endpoint_text, &endpoint);
    diagnostics.extend(shown("iam policy", identity_text, &identity));
    if endpoint.has_errors() || identity.has_errors() {
        return (None, diagnostics);
    }
    let set = PolicySet {
        identity_policies: vec![NamedPolicy {
            name: "iam policy".into(),
            policy: identity.policy,
        }],
        endpoint: via_endpoint.then(|| Endpoint {
            endpoint_type: EndpointType::Interface,
            policy: NamedPolicy {
                name: "endpoint policy".into(),
                policy: endpoint.policy,
            },
        }),
        ..PolicySet::default()
    };
    let mut context = Context::default();
    context.insert("aws:RequestedRegion", vec![region.to_string()]);
    if via_endpoint {
        context.insert("aws:SourceVpce", vec!["vpce-0a1b2c3d4e5f67890".into()]);
        context.insert("aws:SourceVpc", vec!["vpc-0123456789abcdef0".into()]);
        context.insert("aws:VpcSourceIp", vec!["10.0.1.25".into()]);
    } else {
        context.insert("aws:SourceIp", vec!["203.0.113.10".into()]);
    }
    let mut cells = Vec::new();
    for (name, arn) in SEED_PRINCIPALS {
        let Ok(principal) = Principal::parse(arn) else {
            continue;
        };
        for action in SEED_ACTIONS {
            let request = Request::new(
                principal.clone(),
                action,
                "*",
                Some(ACCOUNT.into()),
                context.clone(),
            );
            let evaluation = decide(&set, &request);
            let why = match evaluation.decision {
                Decision::Allowed => format!(
                    "allowed by {}",
                    evaluation
                        .decisive
                        .iter()
                        .map(|d| format!("{} statement {}", d.policy, d.statement))
                        .collect::<Vec<_>>()
                        .join(" and ")
                ),
                Decision::ExplicitlyDenied => format!(
                    "denied by {}",
                    evaluation
                        .decisive
                        .iter()
                        .map(|d| format!("{} statement {}", d.policy, d.statement))
                        .collect::<Vec<_>>()
                        .join(" and ")
                ),
                Decision::ImplicitlyDenied => format!(
                    "no allow in: {}",
                    evaluation
                        .blocked_by
                        .iter()
                        .map(|l| l.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            cells.push(Cell {
                principal: name,
                action,
                decision: evaluation.decision,
                why,
            });
        }
    }
    (Some(cells), diagnostics)
}

/// The page.
#[function_component(App)]
pub fn app() -> Html {
    let endpoint_text = use_state(|| SEED_ENDPOINT_POLICY.to_string());
    let identity_text = use_state(|| SEED_IDENTITY_POLICY.to_string());
    let via_endpoint = use_state(|| true);
    let region = use_state(|| "us-east-1".to_string());
    let last_grid = use_mut_ref(Vec::<Cell>::new);

    let (grid, diagnostics) = evaluate_grid(&endpoint_text, &identity_text, *via_endpoint, &region);
    let stale = grid.is_none();
    if let Some(cells) = grid {
        *last_grid.borrow_mut() = cells;
    }
    let cells = last_grid.borrow().clone();

    let on_endpoint = {
        let s = endpoint_text.clone();
        Callback::from(move |e: InputEvent| {
            let el: web_sys::HtmlTextAreaElement = e.target_unchecked_into();
            s.set(el.value());
        })
    };
    let on_identity = {
        let s = identity_text.clone();
        Callback::from(move |e: InputEvent| {
            let el: web_sys::HtmlTextAreaElement = e.target_unchecked_into();
            s.set(el.value());
        })
    };
    let on_via = {
        let s = via_endpoint.clone();
        Callback::from(move |_| s.set(!*s))
    };
    let on_region = {
        let s = region.clone();
        Callback::from(move |e: InputEvent| {
            let el: web_sys::HtmlInputElement = e.target_unchecked_into();
            s.set(el.value());
        })
    };

    let symbol = |d: Decision| match d {
        Decision::Allowed => ("✓", "allowed", "Allowed"),
        Decision::ExplicitlyDenied => ("✕", "explicit", "Explicitly denied"),
        Decision::ImplicitlyDenied => ("–", "implicit", "Implicitly denied"),
    };

    html! {
        <main class="playground">
            <header>
                <h1>{ "policy-playground" }</h1>
                <p class="tagline">{ "Who may call SageMaker through the VPC endpoint, and why. Everything runs in this page; nothing is sent anywhere." }</p>
            </header>
            <section class="editors">
                <div class="editor">
                    <label for="endpoint-policy">{ "VPC endpoint policy (interface endpoint, SageMaker API)" }</label>
                    <textarea id="endpoint-policy" data-testid="endpoint-policy" spellcheck="false" value={(*endpoint_text).clone()} oninput={on_endpoint} rows="14" />
                </div>
                <div class="editor">
                    <label for="identity-policy">{ "IAM policy (carried by every principal below)" }</label>
                    <textarea id="identity-policy" data-testid="identity-policy" spellcheck="false" value={(*identity_text).clone()} oninput={on_identity} rows="14" />
                </div>
            </section>
            <section class="context">
                <label><input type="checkbox" data-testid="via-endpoint" checked={*via_endpoint} onchange={on_via} />{ " calls travel through the VPC endpoint" }</label>
                <label>{ "region " }<input type="text" data-testid="region" value={(*region).clone()} oninput={on_region} size="12" /></label>
            </section>
            if !diagnostics.is_empty() {
                <ul class="diagnostics" aria-live="polite">
                    { for diagnostics.iter().map(|d| html! {
                        <li data-testid="diagnostic" class={if d.error { "error" } else { "warning" }}>
                            { format!("{} line {}, column {}: {}", d.editor, d.line, d.column, d.text) }
                        </li>
                    }) }
                </ul>
            }
            <table data-testid="matrix" class={classes!("matrix", stale.then_some("stale"))} aria-describedby="legend">
                <caption>{ if stale { "Decisions (stale: fix the errors above to update)" } else { "Decisions" } }</caption>
                <thead><tr><th scope="col">{ "principal" }</th>{ for SEED_ACTIONS.iter().map(|a| html! { <th scope="col">{ a.trim_start_matches("sagemaker:") }</th> }) }</tr></thead>
                <tbody>
                    { for SEED_PRINCIPALS.iter().map(|(name, _)| html! {
                        <tr>
                            <th scope="row">{ *name }</th>
                            { for cells.iter().filter(|c| c.principal == *name).map(|c| {
                                let (sym, class, label) = symbol(c.decision);
                                html! {
                                    <td class={class} data-principal={c.principal} data-action={c.action} data-decision={c.decision.as_str()} title={c.why.clone()}>
                                        <span aria-hidden="true">{ sym }</span>{ " " }{ label }
                                        <div class="why">{ &c.why }</div>
                                    </td>
                                }
                            }) }
                        </tr>
                    }) }
                </tbody>
            </table>
            <p id="legend" class="legend">{ "✓ allowed · ✕ explicitly denied · – implicitly denied (a required allow is missing)" }</p>
        </main>
    }
}

/// Mounts the page into `#app` and marks it ready.
pub fn mount() {
    let Some(root) = gloo::utils::document().get_element_by_id("app") else {
        return;
    };
    yew::Renderer::<App>::with_root(root.clone()).render();
    let _ = root.set_attribute("data-ready", "true");
}
