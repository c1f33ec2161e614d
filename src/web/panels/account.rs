//! An AWS account in the page (issue 16): the import of `aws iam get-account-authorization-details`
//! output (file picker, or files dropped anywhere on the page; read in the page, never uploaded),
//! and its report (what could not be resolved, and the counts). The who-can question over every
//! principal is in [`who_can`](super::who_can).

use yew::html::Scope;
use yew::prelude::*;

use crate::web::app::{App, Msg};

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
