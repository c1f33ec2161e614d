//! The grid pivoted on one action: principals × resources (the action's own resource, then each
//! named resource), each cell a button that selects that resource and explains the cell.

use yew::html::Scope;
use yew::prelude::*;

use crate::scenario::Pivot;
use crate::web::app::{App, Msg};
use crate::web::grid::{cell_class, cell_label, cell_look, layer_names};

/// The pivot table of `pivot`; `stale` while the policies have errors.
pub fn view(app: &App, link: &Scope<App>, pivot: &Pivot, stale: bool) -> Html {
    let selected = app.state.cell();
    let selected_resource = &app.state.ws.scenario.selected_resource;
    let names: Vec<String> = pivot
        .principals
        .iter()
        .map(|id| {
            app.state
                .ws
                .principal(*id)
                .map_or_else(String::new, |p| p.name.clone())
        })
        .collect();
    html! {
        <div class="grid-scroll pivot-scroll">
            <table
                class={classes!("matrix", "pivot", stale.then_some("stale"))}
                data-testid="pivot"
                data-action={pivot.action.clone()}
                data-stale={if stale { "true" } else { "false" }}
            >
                <caption>
                    { format!("{} on {} resources × {} principals", pivot.action, pivot.rows.len(), names.len()) }
                    if stale { <span class="stale-note">{ " — stale: fix the errors above to update" }</span> }
                </caption>
                <thead>
                    <tr>
                        <th scope="col">{ "resource" }</th>
                        { for names.iter().map(|n| html! { <th scope="col">{ n.clone() }</th> }) }
                    </tr>
                </thead>
                <tbody>
                    { for pivot.rows.iter().enumerate().map(|(r, row)| {
                        let label = if row.name.is_empty() { "the action's own resource".to_string() } else { row.name.clone() };
                        html! {
                            <tr data-resource={row.name.clone()}>
                                <th scope="row">
                                    { label }
                                    <code class="arn">{ row.arn.clone() }</code>
                                </th>
                                { for row.cells.iter().enumerate().map(|(c, cell)| {
                                    let is_selected = *selected_resource == row.name
                                        && selected.is_some_and(|(p, a)| Some(&p) == pivot.principals.get(c) && a == pivot.action);
                                    let (symbol, _, words) = cell_look(cell);
                                    let principal = names.get(c).cloned().unwrap_or_default();
                                    html! {
                                        <td
                                            class={cell_class(cell, is_selected)}
                                            data-principal={principal.clone()}
                                            data-resource={row.name.clone()}
                                            data-decision={cell.decision_name()}
                                            data-blocked-by={layer_names(cell.blocked_by)}
                                        >
                                            <button
                                                type="button"
                                                class="pivot-cell"
                                                aria-pressed={if is_selected { "true" } else { "false" }}
                                                aria-label={format!("{} ({words}): {principal} on {}", cell_label(cell), if row.name.is_empty() { row.arn.as_str() } else { row.name.as_str() })}
                                                onclick={link.callback(move |_| Msg::SelectPivotCell(r, c))}
                                            >
                                                <span class="symbol" aria-hidden="true">{ symbol }</span>
                                                { cell_label(cell) }
                                            </button>
                                        </td>
                                    }
                                }) }
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
        </div>
    }
}
