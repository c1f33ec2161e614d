//! An AWS account in the page (issue 16): the import of `aws iam get-account-authorization-details`
//! output (file picker, or files dropped anywhere on the page; read in the page, never uploaded),
//! its report (what could not be resolved, and the counts), and the who-can question over every
//! principal, answered live as the policies change.

use yew::html::Scope;
use yew::prelude::*;

use crate::engine::Layer;
use crate::scenario::{QueryError, StatementRef, WhoCan};
use crate::web::app::{App, Msg};
use crate::web::controls::input_value;
use crate::web::grid::{cell_label, cell_look};

/// The files of a file input's change event.
fn picked_files(e: &Event) -> Vec<web_sys::File> {
    let input: web_sys::HtmlInputElement = e.target_unchecked_into();
    let files: Vec<web_sys::File> = input
        .files()
        .map(|list| (0..list.length()).filter_map(|i| list.get(i)).collect())
        .unwrap_or_default();
    // The same files picked again must fire `change` again.
    input.set_value("");
    files
}

/// The files of a drop event.
pub fn dropped_files(e: &DragEvent) -> Vec<web_sys::File> {
    e.data_transfer()
        .and_then(|d| d.files())
        .map(|list| (0..list.length()).filter_map(|i| list.get(i)).collect())
        .unwrap_or_default()
}

/// The import panel: the file input, the outcome, and the report of the account imported.
pub fn import(app: &App, link: &Scope<App>) -> Html {
    let onchange = link.callback(|e: Event| Msg::ImportAccount(picked_files(&e)));
    html! {
        <section class="panel account" aria-labelledby="account-heading" data-testid="account">
            <h2 id="account-heading">{ "An AWS account" }</h2>
            <p class="hint">
                { "Import what " }<code>{ "aws iam get-account-authorization-details" }</code>
                { " writes (every page together), or drop the files on the page: its users and roles become the principals. Read in this tab only: nothing is uploaded or stored." }
            </p>
            <div class="fields">
                <label for="account-import">{ "Account export (JSON) " }</label>
                <input id="account-import" type="file" multiple=true accept=".json,application/json,text/plain"
                    data-testid="import" {onchange} />
                if app.previous.is_some() && app.account.is_some() {
                    <button type="button" data-testid="import-undo" onclick={link.callback(|_| Msg::UndoImport)}
                        title="Show the scenario you had before the import again">{ "Undo import" }</button>
                }
            </div>
            if let Some(why) = &app.account_error {
                <p class="banner error" role="alert" data-testid="import-account-error">
                    { format!("Not imported: {why}. The scenario is unchanged.") }
                </p>
            }
            if let Some(account) = &app.account {
                { report(account) }
            }
        </section>
    }
}

/// `[data-testid="import-report"]`: the counts and every problem.
fn report(account: &crate::web::app::AccountImport) -> Html {
    let r = &account.report;
    let files = account.files.join(", ");
    html! {
        <div class="import-report" data-testid="import-report" data-users={r.users.to_string()}
            data-roles={r.roles.to_string()} data-groups={r.groups.to_string()}
            data-policies={r.policies.to_string()} data-problems={r.problems.len().to_string()}>
            <p role="status" data-testid="import-summary">
                { format!(
                    "Imported {files} ({} page{}): {} users, {} roles, {} groups, {} managed policies{}. The grid's baseline is the account as imported: edits show who gains or loses access.",
                    r.pages, if r.pages == 1 { "" } else { "s" }, r.users, r.roles, r.groups, r.policies,
                    if r.duplicates > 0 { format!(", {} duplicates kept once", r.duplicates) } else { String::new() }
                ) }
            </p>
            if r.problems.is_empty() {
                <p class="hint">{ "Everything was resolved." }</p>
            } else {
                <details open={r.problems.len() <= 10}>
                    <summary>{ format!("{} could not be resolved", r.problems.len()) }</summary>
                    <table class="problems">
                        <thead><tr>
                            <th scope="col">{ "kind" }</th><th scope="col">{ "principal" }</th>
                            <th scope="col">{ "policy" }</th><th scope="col">{ "reason" }</th>
                            <th scope="col">{ "where" }</th>
                        </tr></thead>
                        <tbody>
                        { for r.problems.iter().map(|p| {
                            let file = p.page.checked_sub(1).and_then(|i| account.files.get(i)).cloned().unwrap_or_default();
                            let at = if p.page == 0 { "the account as a whole".to_string() } else { format!("{file} line {}, column {}: {}", p.line, p.column, p.place) };
                            html! {
                                <tr data-testid="import-problem" data-kind={p.kind.as_str()}>
                                    <td><code>{ p.kind.as_str() }</code></td>
                                    <td>{ &p.principal }</td>
                                    <td>{ &p.policy }</td>
                                    <td>{ &p.reason }</td>
                                    <td>{ at }</td>
                                </tr>
                            }
                        }) }
                        </tbody>
                    </table>
                </details>
            }
        </div>
    }
}

/// The datalist of the who-can action input: actions of the catalog that start with what is
/// typed (service prefixes while no `:` is typed).
fn action_options(typed: &str) -> Vec<String> {
    let typed = typed.trim();
    let cat = crate::catalog::catalog();
    if typed.is_empty() || typed.contains(['*', '?']) || typed.len() > 128 {
        return Vec::new();
    }
    if typed.contains(':') {
        if cat.action(typed).is_some() {
            return Vec::new();
        }
        return cat
            .expand(&format!("{typed}*"))
            .into_iter()
            .take(20)
            .map(|a| a.name().to_string())
            .collect();
    }
    let lower = typed.to_ascii_lowercase();
    cat.services()
        .filter(|s| s.prefix().starts_with(&lower))
        .take(20)
        .map(|s| format!("{}:", s.prefix()))
        .collect()
}

/// A statement's words: `statement 0 (AllowTraining) of IAM policy `x``.
fn statement_words(s: &StatementRef) -> String {
    match &s.sid {
        Some(sid) => format!("statement {} ({sid}) of {}", s.statement, s.policy),
        None => format!("statement {} of {}", s.statement, s.policy),
    }
}

/// The statements of a row, each a button that opens its editor at the statement (when the
/// scenario writes it).
fn statements(link: &Scope<App>, list: &[StatementRef]) -> Html {
    html! {
        <ul class="statements">
            { for list.iter().map(|s| {
                let words = statement_words(s);
                match (s.editor, s.span) {
                    (Some(editor), Some(span)) => html! {
                        <li><button type="button" class="link" data-layer={s.layer.as_str()}
                            onclick={link.callback(move |_| Msg::Reveal(editor, span))}>{ words }</button></li>
                    },
                    _ => html! { <li data-layer={s.layer.as_str()}>{ words }</li> },
                }
            }) }
        </ul>
    }
}

/// The layer words of a blocked row.
fn blocked_words(layers: &[Layer]) -> String {
    layers
        .iter()
        .map(|l| crate::scenario::layer_words(*l))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The who-can panel: an action (and a resource), and every principal's decision.
pub fn who_can(app: &App, link: &Scope<App>) -> Html {
    let on_action = link.callback(|e: InputEvent| Msg::WhoCanAction(input_value(&e)));
    let on_resource = link.callback(|e: InputEvent| Msg::WhoCanResource(input_value(&e)));
    let options = action_options(&app.who_action);
    html! {
        <section class="panel who-can" aria-labelledby="who-can-heading" data-testid="who-can">
            <h2 id="who-can-heading">{ "Who can call an action" }</h2>
            <div class="fields">
                <label>{ "Action " }
                    <input type="text" data-testid="who-can-action" list="who-can-actions" size="36"
                        value={app.who_action.clone()} oninput={on_action}
                        placeholder="sagemaker:CreateTrainingJob" autocomplete="off" spellcheck="false" />
                </label>
                <datalist id="who-can-actions">
                    { for options.into_iter().map(|o| html! { <option value={o} /> }) }
                </datalist>
                <label>{ "Resource " }
                    <input type="text" data-testid="who-can-resource" size="36"
                        value={app.who_resource.clone()} oninput={on_resource}
                        placeholder="optional: a resource name or ARN" spellcheck="false" />
                </label>
            </div>
            { answer(app, link) }
        </section>
    }
}

fn answer(app: &App, link: &Scope<App>) -> Html {
    match &app.who {
        None => html! {
            <p class="hint">{ "Type an action to see every principal that may call it through the endpoint, the statement and policy that grant it, and the layer that blocks the others. The answer follows every edit." }</p>
        },
        Some(Err(QueryError::PolicyErrors)) => html! {
            <p class="hint" data-testid="who-can-error" role="status">{ "A policy has errors (see Problems): nothing is decided until they are fixed." }</p>
        },
        Some(Err(QueryError::Argument(d))) => html! {
            <p class="banner error" data-testid="who-can-error" role="status" data-code={d.code.as_str()}>
                { d.message.clone() }
                if let Some(help) = &d.help { { format!(" ({help})") } }
            </p>
        },
        Some(Ok(w)) => rows(link, w),
    }
}

fn rows(link: &Scope<App>, w: &WhoCan) -> Html {
    let (allowed, explicit, implicit, unreachable) = (
        w.count("Allowed"),
        w.count("ExplicitlyDenied"),
        w.count("ImplicitlyDenied"),
        w.count("Unreachable"),
    );
    let on = if w.resource_name.is_empty() {
        w.resource.clone()
    } else {
        format!("{} ({})", w.resource, w.resource_name)
    };
    html! {
        <>
            <p data-testid="who-can-summary" role="status" aria-live="polite"
                data-allowed={allowed.to_string()} data-explicitly-denied={explicit.to_string()}
                data-implicitly-denied={implicit.to_string()} data-unreachable={unreachable.to_string()}>
                <code>{ w.action.clone() }</code>{ " on " }<code class="arn">{ on }</code>
                { format!(": {allowed} of {} principals allowed, {explicit} explicitly denied, {implicit} implicitly denied", w.rows.len()) }
                if unreachable > 0 { { format!(", {unreachable} unreachable") } }
                { "." }
            </p>
            <div class="who-can-scroll">
            <table class="who-can-rows">
                <thead><tr>
                    <th scope="col">{ "principal" }</th>
                    <th scope="col">{ "decision" }</th>
                    <th scope="col">{ "granted by, or blocked by" }</th>
                </tr></thead>
                <tbody>
                { for w.rows.iter().map(|r| {
                    let (symbol, class, _) = cell_look(&r.cell);
                    let why = if !r.granted_by.is_empty() {
                        statements(link, &r.granted_by)
                    } else if !r.denied_by.is_empty() {
                        html! { <>{ "denied by " }{ statements(link, &r.denied_by) }</> }
                    } else if r.cell.unreachable.is_some() {
                        html! { { "stopped in the network before any policy" } }
                    } else {
                        let layers: Vec<Layer> = r.cell.blocked_by.iter().collect();
                        html! { { format!("no allow in {}", blocked_words(&layers)) } }
                    };
                    html! {
                        <tr data-testid="who-can-row" data-principal={r.name.clone()} data-arn={r.arn.clone()} data-decision={r.cell.decision_name()}
                            data-blocked-by={crate::web::grid::layer_names(r.cell.blocked_by)}>
                            <th scope="row" title={r.arn.clone()}>{ &r.name }</th>
                            <td class={classes!("cell", class)}><span class="symbol" aria-hidden="true">{ symbol }</span>{ cell_label(&r.cell) }</td>
                            <td>{ why }</td>
                        </tr>
                    }
                }) }
                </tbody>
            </table>
            </div>
        </>
    }
}
