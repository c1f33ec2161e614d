//! The lower half of the page: the list of problems (each a link to its place in an editor), and
//! the results panel (action filter, resource, row and access-level filters, the grid, the
//! explanation of the selected cell, the legend).

use std::fmt::Write as _;
use std::rc::Rc;

use yew::html::Scope;
use yew::prelude::*;

use super::policies::field;
use crate::catalog::AccessLevel;
use crate::scenario::{EditorDiagnostic, Field, RowFilter, Workspace};
use crate::web::app::{App, Msg};
use crate::web::controls::{checked, select_value};
use crate::web::editor::severity_class;
use crate::web::explain::ExplanationView;
use crate::web::grid::DecisionGrid;
use crate::web::markup::escape_into;

/// The problems panel (nothing when there are none). Its list is HTML made when the problems
/// change ([`problems_html`]): an imported account may have hundreds, and a list of Yew
/// elements cost more to build than the rest of the page.
pub fn diagnostics(app: &App, link: &Scope<App>) -> Html {
    if app.diagnostics.is_empty() {
        return html! {};
    }
    let errors = app.diagnostics.iter().filter(|d| d.is_error()).count();
    let onclick = link.batch_callback(|e: MouseEvent| {
        let target: web_sys::Element = e.target_dyn_into()?;
        let button = target.closest("button[data-problem]").ok()??;
        let at: usize = button.get_attribute("data-problem")?.parse().ok()?;
        Some(Msg::Problem(at, button.has_attribute("data-fix")))
    });
    html! {
        <section class="panel" aria-labelledby="diag-heading">
            <h2 id="diag-heading">{ format!("Problems ({errors} errors, {} warnings)", app.diagnostics.len() - errors) }</h2>
            <ul class="diagnostics" aria-live="polite" {onclick}>
                { Html::from_html_unchecked(app.diagnostics_html.clone()) }
            </ul>
        </section>
    }
}

/// The items of the problems list as HTML, one `[data-testid="diagnostic"]` per problem (with
/// `data-code` and `data-severity`): a button that opens its editor at it (`data-problem`: its
/// position in `list`), its message and help, its code linked to the AWS page of its rule when
/// there is one (opened only when followed: nothing is fetched) and to its entry on the site's
/// list of checks (`checks.html#CODE`), and its mechanical fix as a button
/// (`[data-testid="problem-fix"]`, `data-fix`) when it has one. Every text escaped.
pub fn problems_html(ws: &Workspace, list: &[EditorDiagnostic]) -> String {
    let mut out = String::with_capacity(list.len() * 400);
    for (i, d) in list.iter().enumerate() {
        let code = d.code.as_str();
        let _ = write!(
            out,
            "<li data-testid=\"diagnostic\" class=\"{}\" data-code=\"",
            severity_class(d.severity)
        );
        escape_into(&mut out, code);
        let _ = write!(
            out,
            "\" data-severity=\"{}\"><button type=\"button\" class=\"link\" data-problem=\"{i}\">",
            d.severity.as_str()
        );
        escape_into(&mut out, &ws.editor_name(d.editor));
        let _ = write!(out, ", line {}, column {}</button>: ", d.line, d.column);
        escape_into(&mut out, &d.message);
        if let Some(h) = &d.help {
            out.push_str("<span class=\"help\"> (help: ");
            escape_into(&mut out, h);
            out.push_str(")</span>");
        }
        out.push(' ');
        let why = d.code.info().explanation;
        match d.located.link() {
            Some(href) => {
                out.push_str("<a class=\"code\" href=\"");
                escape_into(&mut out, href);
                out.push_str("\" target=\"_blank\" rel=\"noopener noreferrer\" title=\"");
                escape_into(&mut out, why);
                out.push_str("\">");
                escape_into(&mut out, code);
                out.push_str("</a>");
            }
            None => {
                out.push_str("<code class=\"code\" title=\"");
                escape_into(&mut out, why);
                out.push_str("\">");
                escape_into(&mut out, code);
                out.push_str("</code>");
            }
        }
        out.push_str(" <a class=\"check-link\" data-testid=\"check-link\" href=\"checks.html#");
        escape_into(&mut out, code);
        out.push_str("\" target=\"_blank\" rel=\"noopener\">about this check</a>");
        if let (Some(fix), Some(text)) = (&d.fix, ws.text(d.editor)) {
            if text.get(fix.span.start..fix.span.end).is_some() {
                let _ = write!(
                    out,
                    " <button type=\"button\" class=\"quick-fix\" data-testid=\"problem-fix\" data-problem=\"{i}\" data-fix=\"\">Fix: "
                );
                escape_into(&mut out, &fix.replacement);
                out.push_str("</button>");
            }
        }
        out.push_str("</li>");
    }
    out
}

/// The results panel.
pub fn view(app: &App, link: &Scope<App>) -> Html {
    let s = &app.state.ws.scenario;
    let on_rows = link.callback(|e: Event| {
        Msg::Rows(match select_value(&e).as_str() {
            "any" => RowFilter::AnyAllowed,
            "differing" => RowFilter::Differing,
            _ => RowFilter::All,
        })
    });
    html! {
        <section class="panel results" aria-labelledby="grid-heading">
            <h2 id="grid-heading">{ "Who may do what" }</h2>
            <div class="fields">
                <label>{ "Actions " }<input type="text" data-testid="action-filter" value={s.actions.clone()} oninput={field(link, Field::Actions)} size="40" placeholder="sagemaker:*, s3:Get*" /></label>
                <label>{ "Resource " }<input type="text" value={s.resource.clone()} oninput={field(link, Field::Resource)} size="36" /></label>
                <label>{ "Show " }
                    <select data-testid="row-filter" onchange={on_rows}>
                        <option value="all" selected={s.rows == RowFilter::All}>{ "every action" }</option>
                        <option value="any" selected={s.rows == RowFilter::AnyAllowed}>{ "actions someone may call" }</option>
                        <option value="differing" selected={s.rows == RowFilter::Differing}>{ "actions where principals differ" }</option>
                    </select>
                </label>
                <fieldset class="levels" data-testid="access-levels">
                    <legend>{ "Access levels" }</legend>
                    { for AccessLevel::ALL.into_iter().map(|level| {
                        let on = s.access.is_empty() || s.access.iter().any(|l| l == level.as_str());
                        html! {
                            <label class="check">
                                <input type="checkbox" checked={on} data-level={level.as_str()}
                                    onchange={link.callback(move |e: Event| Msg::Access(level, checked(&e)))} />
                                { format!(" {}", level.as_str()) }
                            </label>
                        }
                    }) }
                </fieldset>
            </div>
            if app.pending { <p class="hint" data-testid="grid-pending">{ "Deciding the grid when you pause typing…" }</p> }
            if let Some((done, rows)) = app.deciding {
                <p class="hint grid-deciding" data-testid="grid-deciding">
                    <label for={crate::web::app::GRID_PROGRESS_ID}>
                        { format!("Deciding {rows} actions × {} principals… ", app.state.ws.scenario.principals.len()) }
                    </label>
                    <progress id={crate::web::app::GRID_PROGRESS_ID} data-testid="grid-progress"
                        max={rows.to_string()} value={done.to_string()}
                        aria-valuemin="0" aria-valuemax={rows.to_string()} aria-valuenow={done.to_string()}>
                        { format!("{done} of {rows} actions") }
                    </progress>
                </p>
            }
            { pivot_bar(app, link) }
            { super::expect::baseline_bar(app, link) }
            <div class="results-grid">
                if let (Some(pivot), false) = (&app.pivot, s.pivot.is_empty()) {
                    { super::pivot::view(app, link, pivot, app.grid.stale) }
                } else {
                    <DecisionGrid
                        principals={app.grid.principals.clone()}
                        workloads={app.grid.workloads.clone()}
                        groups={app.grid.groups.clone()}
                        actions={app.grid.actions.clone()}
                        cells={app.grid.cells.clone()}
                        generation={app.grid.generation}
                        stale={app.grid.stale || app.deciding.is_some()}
                        deciding={app.deciding.is_some()}
                        selected={app.selected_position()}
                        onselect={app.onselect.clone()}
                        legend_id={Some(AttrValue::from("grid-legend"))}
                        lesson={lesson_row(app)}
                    />
                }
                { explanation(app, link) }
            </div>
            <p id="grid-legend" class="legend">{ "✓ allowed · ✕ explicitly denied · – implicitly denied (no allow); the word after the colon names the layer that blocked. Select a cell (click, or arrow keys and Enter) to see why." }</p>
        </section>
    }
}

/// The row of the grid that shows the lesson of the preset the scenario started from.
fn lesson_row(app: &App) -> Option<(AttrValue, usize)> {
    let (id, action) = app.lesson.as_ref()?;
    let actions = &app.grid.actions;
    let mut found = app.lesson_row.borrow_mut();
    let row = match found.as_ref() {
        Some((of, a, row)) if Rc::ptr_eq(of, actions) && a == action => *row,
        _ => {
            let row = actions.iter().position(|a| a == action);
            *found = Some((actions.clone(), action, row));
            row
        }
    };
    Some((id.clone(), row?))
}

/// Pivoting: on the selected cell's action (principals × resources), or back to every action.
fn pivot_bar(app: &App, link: &Scope<App>) -> Html {
    let pivot = &app.state.ws.scenario.pivot;
    if !pivot.is_empty() {
        return html! {
            <p class="pivot-bar">
                { "Showing " }<code>{ pivot.clone() }</code>{ " on every resource. " }
                <button type="button" data-testid="pivot-close" onclick={link.callback(|_| Msg::Pivot(String::new()))}>
                    { "Back to every action" }
                </button>
            </p>
        };
    }
    match app.state.cell() {
        Some((_, action)) => {
            let label = format!("Compare {action} across resources");
            let action = action.to_string();
            html! {
                <p class="pivot-bar">
                    <button type="button" data-testid="pivot-open" data-action={action.clone()}
                        onclick={link.callback(move |_| Msg::Pivot(action.clone()))}>
                        { label }
                    </button>
                </p>
            }
        }
        None => Html::default(),
    }
}

/// The explanation of the selected cell, or a hint to select one.
fn explanation(app: &App, link: &Scope<App>) -> Html {
    let Some(e) = app.state.explanation() else {
        return html! {
            <aside class="explanation empty" data-testid="explanation-hint">
                <p>{ "Select a cell to see which statements decided it and which conditions mattered." }</p>
            </aside>
        };
    };
    html! {
        <div class="explanation-column">
        <ExplanationView
            explanation={e.clone()}
            resource={Some(AttrValue::from({
                let s = &app.state.ws.scenario;
                s.resource_named(&s.selected_resource).map_or(s.resource.clone(), |r| r.arn.clone())
            }))}
            onreveal={Some(link.callback(|(editor, span)| Msg::Reveal(editor, span)))}
            onlayer={Some(link.callback(Msg::OpenLayer))}
        />
        { super::expect::explanation_extras(app, link) }
        </div>
    }
}
