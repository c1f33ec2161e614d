//! The grid of decisions: one row per action, one column per principal. Rows are memoized
//! components, so a keystroke re-renders only the rows whose decisions changed. Keyboard: the
//! grid has one tab stop (roving tabindex); arrow keys move, Enter or Space explains the cell.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::engine::{Decision, Layer};
use crate::scenario::Cell;

/// Where the keyboard focus is and which cell is explained: (row, column).
pub type Position = (usize, usize);

/// Props of [`DecisionGrid`].
#[derive(Properties, PartialEq)]
pub struct DecisionGridProps {
    /// Column headers (principal names).
    pub principals: Rc<Vec<String>>,
    /// Row headers (actions).
    pub actions: Rc<Vec<&'static str>>,
    /// `cells[row][column]`.
    pub cells: Rc<Vec<Vec<Cell>>>,
    /// True while the policies have errors: the grid shows the last valid result.
    pub stale: bool,
    /// The explained cell.
    pub selected: Option<Position>,
    /// Called when a cell is chosen (click, Enter, Space).
    pub onselect: Callback<Position>,
}

/// The symbol, CSS class and words of a decision.
pub fn decision_look(d: Decision) -> (&'static str, &'static str, &'static str) {
    match d {
        Decision::Allowed => ("✓", "allowed", "allowed"),
        Decision::ExplicitlyDenied => ("✕", "explicit", "explicitly denied"),
        Decision::ImplicitlyDenied => ("–", "implicit", "implicitly denied"),
    }
}

/// A short name of the blocking layer, for the cell.
pub fn layer_short(layer: Layer) -> &'static str {
    match layer {
        Layer::IdentityPolicies => "IAM",
        Layer::Endpoint => "endpoint",
        Layer::ResourcePolicy => "resource",
        Layer::PermissionsBoundary => "boundary",
        Layer::Scps => "SCP",
        Layer::Rcps => "RCP",
        Layer::SessionPolicy => "session",
    }
}

/// The grid.
#[function_component(DecisionGrid)]
pub fn decision_grid(props: &DecisionGridProps) -> Html {
    // The cell holding the tab stop (moves with the arrow keys).
    let focus = use_state(|| (0usize, 0usize));
    let table = use_node_ref();
    let rows = props.actions.len();
    let cols = props.principals.len();
    let onkeydown = {
        let focus = focus.clone();
        let onselect = props.onselect.clone();
        let table = table.clone();
        Callback::from(move |e: KeyboardEvent| {
            let (r, c) = *focus;
            let next = match e.key().as_str() {
                "ArrowDown" => Some(((r + 1).min(rows.saturating_sub(1)), c)),
                "ArrowUp" => Some((r.saturating_sub(1), c)),
                "ArrowRight" => Some((r, (c + 1).min(cols.saturating_sub(1)))),
                "ArrowLeft" => Some((r, c.saturating_sub(1))),
                "Home" => Some((r, 0)),
                "End" => Some((r, cols.saturating_sub(1))),
                "PageDown" => Some(((r + 20).min(rows.saturating_sub(1)), c)),
                "PageUp" => Some((r.saturating_sub(20), c)),
                "Enter" | " " => {
                    e.prevent_default();
                    onselect.emit((r, c));
                    None
                }
                _ => None,
            };
            if let Some(pos) = next {
                e.prevent_default();
                focus.set(pos);
                if let Some(t) = table.cast::<web_sys::Element>() {
                    let selector = format!("[data-row=\"{}\"][data-col=\"{}\"]", pos.0, pos.1);
                    if let Ok(Some(cell)) = t.query_selector(&selector) {
                        if let Ok(cell) = cell.dyn_into::<web_sys::HtmlElement>() {
                            let _ = cell.focus();
                        }
                    }
                }
            }
        })
    };
    let onfocusin = {
        let focus = focus.clone();
        Callback::from(move |e: FocusEvent| {
            let target: Option<web_sys::Element> = e.target_dyn_into();
            if let Some(t) = target {
                let num = |name: &str| t.get_attribute(name).and_then(|v| v.parse::<usize>().ok());
                if let (Some(r), Some(c)) = (num("data-row"), num("data-col")) {
                    if *focus != (r, c) {
                        focus.set((r, c));
                    }
                }
            }
        })
    };
    let tab_stop = if focus.0 < rows && focus.1 < cols {
        *focus
    } else {
        (0, 0)
    };
    html! {
        <div class="grid-scroll">
            <table
                ref={table}
                role="grid"
                data-testid="matrix"
                data-stale={if props.stale { "true" } else { "false" }}
                class={classes!("matrix", props.stale.then_some("stale"))}
                aria-describedby="grid-legend"
                {onkeydown}
                {onfocusin}
            >
                <caption>
                    { format!("{} actions × {} principals", rows, cols) }
                    if props.stale { <span class="stale-note">{ " — stale: fix the errors above to update" }</span> }
                </caption>
                <thead>
                    <tr>
                        <th scope="col">{ "action" }</th>
                        { for props.principals.iter().map(|p| html! { <th scope="col">{ p }</th> }) }
                    </tr>
                </thead>
                <tbody>
                    { for props.actions.iter().enumerate().map(|(r, action)| {
                        let cells = props.cells.get(r).cloned().unwrap_or_default();
                        html! {
                            <GridRow
                                key={*action}
                                row={r}
                                action={*action}
                                principals={props.principals.clone()}
                                {cells}
                                selected={props.selected.filter(|s| s.0 == r).map(|s| s.1)}
                                tab_stop={(tab_stop.0 == r).then_some(tab_stop.1)}
                                onselect={props.onselect.clone()}
                            />
                        }
                    }) }
                </tbody>
            </table>
        </div>
    }
}

/// Props of [`GridRow`].
#[derive(Properties, PartialEq)]
pub struct GridRowProps {
    /// Row index.
    pub row: usize,
    /// The action.
    pub action: &'static str,
    /// Column headers.
    pub principals: Rc<Vec<String>>,
    /// This row's cells.
    pub cells: Vec<Cell>,
    /// The explained column in this row, if any.
    pub selected: Option<usize>,
    /// The column holding the grid's tab stop, if in this row.
    pub tab_stop: Option<usize>,
    /// Called when a cell is chosen.
    pub onselect: Callback<Position>,
}

/// One row of the grid.
#[function_component(GridRow)]
pub fn grid_row(props: &GridRowProps) -> Html {
    let row = props.row;
    html! {
        <tr>
            <th scope="row">{ props.action }</th>
            { for props.cells.iter().enumerate().map(|(c, cell)| {
                let (symbol, class, words) = decision_look(cell.decision);
                let principal = props.principals.get(c).cloned().unwrap_or_default();
                let label = match (cell.decision, cell.blocked_by) {
                    (Decision::Allowed, _) => "allow".to_string(),
                    (Decision::ExplicitlyDenied, Some(l)) => format!("deny: {}", layer_short(l)),
                    (Decision::ExplicitlyDenied, None) => "deny".to_string(),
                    (Decision::ImplicitlyDenied, Some(l)) => format!("no allow: {}", layer_short(l)),
                    (Decision::ImplicitlyDenied, None) => "no allow".to_string(),
                };
                let title = format!("{principal} → {}: {words}", props.action);
                let onclick = {
                    let onselect = props.onselect.clone();
                    Callback::from(move |_| onselect.emit((row, c)))
                };
                let selected = props.selected == Some(c);
                html! {
                    <td
                        class={classes!("cell", class, selected.then_some("selected"))}
                        data-principal={principal}
                        data-action={props.action}
                        data-decision={cell.decision.as_str()}
                        data-row={row.to_string()}
                        data-col={c.to_string()}
                        tabindex={if props.tab_stop == Some(c) { "0" } else { "-1" }}
                        aria-selected={if selected { "true" } else { "false" }}
                        {title}
                        {onclick}
                    >
                        <span class="symbol" aria-hidden="true">{ symbol }</span>
                        <span class="label">{ label }</span>
                        <span class="sr-only">{ format!(" ({words})") }</span>
                    </td>
                }
            }) }
        </tr>
    }
}
