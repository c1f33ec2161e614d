//! The grid of decisions: one row per action, one column per principal. The decided cells live
//! in a [`SharedCells`] the rows subscribe to: a keystroke re-renders only the rows whose
//! decisions changed (and the header's counts), never the grid itself. Keyboard: the grid has one
//! tab stop (roving tabindex); arrow keys move, Enter or Space explains the cell.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::engine::{Decision, Layer};
use crate::scenario::{Cell, Change, GridColumns, LayerSet, PrincipalId, Workspace};

/// Where the keyboard focus is and which cell is explained: (row, column).
pub type Position = (usize, usize);

/// Props of [`DecisionGrid`].
#[derive(Properties, PartialEq)]
pub struct DecisionGridProps {
    /// Column headers (principal names).
    pub principals: Rc<Vec<AttrValue>>,
    /// Row headers (actions).
    pub actions: Rc<Vec<&'static str>>,
    /// `cells[row][column]`, shared with the rows.
    pub cells: CellsHandle,
    /// Changes when the grid's shape (its actions or columns) changes: every row renders again.
    /// Within one shape, the rows whose cells changed are told so by [`SharedCells`].
    pub generation: u64,
    /// True while the policies have errors, or while a large grid is being decided: the grid
    /// shows the last valid result.
    pub stale: bool,
    /// True while a large grid is being decided (its progress shown above the grid): the
    /// stale grid's note says so rather than asking to fix errors.
    #[prop_or_default]
    pub deciding: bool,
    /// The explained cell.
    pub selected: Option<Position>,
    /// Called when a cell is chosen (click, Enter, Space).
    pub onselect: Callback<Position>,
    /// The id of an element describing the grid (its legend), when the page has one.
    #[prop_or_default]
    pub legend_id: Option<AttrValue>,
    /// The row that shows the preset's lesson (marked `data-lesson`), and the preset: when the
    /// preset changes, the grid scrolls to that row.
    #[prop_or_default]
    pub lesson: Option<(AttrValue, usize)>,
    /// The workload each column's principal calls from (empty: none); when one has a workload,
    /// a header row groups the columns by workload.
    #[prop_or_default]
    pub workloads: Rc<Vec<AttrValue>>,
    /// The group (kind and IAM path) of each column, for a scenario with many principals
    /// (empty: not grouped); a header row groups the columns by it.
    #[prop_or_default]
    pub groups: Rc<Vec<ColumnHeading>>,
}

/// The group of a grid column: its principals' kind (`users`, `roles`, `others`) and IAM path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnHeading {
    /// `data-kind`: `users`, `roles` or `others`.
    pub kind: &'static str,
    /// The kind's heading (`Users`).
    pub heading: &'static str,
    /// The IAM path (`/service-role/`).
    pub path: AttrValue,
}

/// The symbol, CSS class and words of a decision.
pub fn decision_look(d: Decision) -> (&'static str, &'static str, &'static str) {
    match d {
        Decision::Allowed => ("✓", "allowed", "allowed"),
        Decision::ExplicitlyDenied => ("✕", "explicit", "explicitly denied"),
        Decision::ImplicitlyDenied => ("–", "implicit", "implicitly denied"),
    }
}

/// The symbol, CSS class and words of a cell: its decision's, or for a call that never arrives
/// (its principal calls from a workload whose network path stops it), `unreachable`'s.
pub fn cell_look(cell: &Cell) -> (&'static str, &'static str, &'static str) {
    match cell.unreachable {
        Some(_) => ("⊘", "unreachable", "unreachable (stopped in the network)"),
        None => decision_look(cell.decision),
    }
}

/// A cell's classes.
pub(super) fn cell_class(cell: &Cell, selected: bool) -> &'static str {
    if cell.unreachable.is_some() {
        return if selected {
            "cell unreachable selected"
        } else {
            "cell unreachable"
        };
    }
    match (cell.decision, selected) {
        (Decision::Allowed, false) => "cell allowed",
        (Decision::Allowed, true) => "cell allowed selected",
        (Decision::ExplicitlyDenied, false) => "cell explicit",
        (Decision::ExplicitlyDenied, true) => "cell explicit selected",
        (Decision::ImplicitlyDenied, false) => "cell implicit",
        (Decision::ImplicitlyDenied, true) => "cell implicit selected",
    }
}

/// A cell's words: the decision and the first blocking layer (`no allow: IAM`), or where the
/// network stopped the call (`unreachable: SG`).
pub(super) fn cell_label(cell: &Cell) -> &'static str {
    use crate::network::HopKind;
    use Layer::*;
    if let Some(hop) = cell.unreachable {
        return match hop {
            HopKind::Dns => "unreachable: DNS",
            HopKind::Route => "unreachable: route",
            HopKind::SecurityGroupEgress => "unreachable: SG",
            HopKind::NaclOutbound | HopKind::NaclInbound => "unreachable: NACL",
            HopKind::EndpointSecurityGroup => "unreachable: endpoint SG",
            HopKind::Return => "unreachable: return",
        };
    }
    match (cell.decision, cell.blocked_by.first()) {
        (Decision::Allowed, _) => "allow",
        (Decision::ExplicitlyDenied, None) => "deny",
        (Decision::ExplicitlyDenied, Some(IdentityPolicies)) => "deny: IAM",
        (Decision::ExplicitlyDenied, Some(Endpoint)) => "deny: endpoint",
        (Decision::ExplicitlyDenied, Some(ResourcePolicy)) => "deny: resource",
        (Decision::ExplicitlyDenied, Some(PermissionsBoundary)) => "deny: boundary",
        (Decision::ExplicitlyDenied, Some(Scps)) => "deny: SCP",
        (Decision::ExplicitlyDenied, Some(Rcps)) => "deny: RCP",
        (Decision::ExplicitlyDenied, Some(SessionPolicy)) => "deny: session",
        (Decision::ImplicitlyDenied, None) => "no allow",
        (Decision::ImplicitlyDenied, Some(IdentityPolicies)) => "no allow: IAM",
        (Decision::ImplicitlyDenied, Some(Endpoint)) => "no allow: endpoint",
        (Decision::ImplicitlyDenied, Some(ResourcePolicy)) => "no allow: resource",
        (Decision::ImplicitlyDenied, Some(PermissionsBoundary)) => "no allow: boundary",
        (Decision::ImplicitlyDenied, Some(Scps)) => "no allow: SCP",
        (Decision::ImplicitlyDenied, Some(Rcps)) => "no allow: RCP",
        (Decision::ImplicitlyDenied, Some(SessionPolicy)) => "no allow: session",
    }
}

/// A cell's marks in words (`aria-description`): how it differs from the baseline and whether
/// the expectations covering it hold. Static text: a keystroke that marks a whole column
/// allocates nothing for it.
fn mark_words(change: Option<Change>, expect: Option<bool>) -> Option<&'static str> {
    use Change::*;
    Some(match (change, expect) {
        (None, None) => return None,
        (None, Some(true)) => " · as expected",
        (None, Some(false)) => " · not as expected",
        (Some(Gained), None) => " · gained access since the baseline",
        (Some(Gained), Some(true)) => " · gained access since the baseline · as expected",
        (Some(Gained), Some(false)) => " · gained access since the baseline · not as expected",
        (Some(Lost), None) => " · lost access since the baseline",
        (Some(Lost), Some(true)) => " · lost access since the baseline · as expected",
        (Some(Lost), Some(false)) => " · lost access since the baseline · not as expected",
        // Not spoken (see the cell); its expectation mark still is.
        (Some(Changed), expect) => return mark_words(None, expect),
    })
}

/// `data-blocked-by` of a set of layers: their names, space-separated, made once per set.
pub(super) fn layer_names(set: LayerSet) -> &'static str {
    static NAMES: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    let names = NAMES.get_or_init(|| {
        (0..=u8::MAX)
            .map(|bits| {
                LayerSet::from_bits(bits)
                    .iter()
                    .map(|l| l.as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    });
    names
        .get(usize::from(set.bits()))
        .map_or("", String::as_str)
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

/// The last grid decided without errors, kept while the policies have errors (shown stale), in
/// the shared pieces the grid component takes as props.
#[derive(Default)]
pub struct GridState {
    /// The principal of each column.
    pub ids: Vec<PrincipalId>,
    /// Column headers (principal names).
    pub principals: Rc<Vec<AttrValue>>,
    /// The workload each column's principal calls from (empty: none).
    pub workloads: Rc<Vec<AttrValue>>,
    /// The group of each column (empty: the columns are not grouped).
    pub groups: Rc<Vec<ColumnHeading>>,
    /// Row headers (actions).
    pub actions: Rc<Vec<&'static str>>,
    /// `cells[row][column]`, shared with the grid's rows.
    pub cells: CellsHandle,
    /// Counts the grid's shape changes (see [`DecisionGridProps::generation`]).
    pub generation: u64,
    /// True while the policies have errors.
    pub stale: bool,
}

impl GridState {
    /// Shows a newly decided grid of `ws` (`None`: a policy has errors, the last one is marked
    /// stale). `columns` chooses and orders the columns shown (a scenario with many principals:
    /// grouped and filtered as the page lists them); `None` shows every column in the
    /// scenario's order. Unchanged headers keep their `Rc`; when the shape is unchanged, only
    /// the cells that changed are told to render again. `marks` says which cells changed since
    /// a baseline (in the grid's own column order) and which carry an expectation.
    pub fn show(
        &mut self,
        ws: &Workspace,
        grid: Option<&crate::scenario::Grid>,
        marks: &Marks,
        columns: Option<&GridColumns>,
    ) {
        let Some(grid) = grid else {
            self.stale = true;
            return;
        };
        let all: Vec<usize>;
        let positions: &[usize] = match columns {
            Some(c) => &c.positions,
            None => {
                all = (0..grid.principals.len()).collect();
                &all
            }
        };
        let ids: Vec<PrincipalId> = positions
            .iter()
            .filter_map(|&p| grid.principals.get(p).copied())
            .collect();
        let same_shape = *self.actions == grid.actions && self.ids == ids;
        self.ids = ids;
        let docs = &ws.scenario.principals;
        let principals: Vec<AttrValue> = positions
            .iter()
            .filter_map(|&p| docs.get(p))
            .map(|p| AttrValue::from(p.name.clone()))
            .collect();
        if *self.principals != principals {
            self.principals = Rc::new(principals);
        }
        let with_network = ws.scenario.network.is_some();
        let workloads: Vec<AttrValue> = positions
            .iter()
            .filter_map(|&p| docs.get(p))
            .map(|p| match with_network {
                true => AttrValue::from(p.workload.trim().to_string()),
                false => AttrValue::default(),
            })
            .collect();
        if *self.workloads != workloads {
            self.workloads = Rc::new(workloads);
        }
        let groups: Vec<ColumnHeading> = columns
            .map(|c| {
                c.groups
                    .iter()
                    .map(|g| ColumnHeading {
                        kind: g.kind.as_str(),
                        heading: g.kind.heading(),
                        path: AttrValue::from(g.path.clone()),
                    })
                    .collect()
            })
            .unwrap_or_default();
        if *self.groups != groups {
            self.groups = Rc::new(groups);
        }
        if !same_shape {
            self.actions = Rc::new(grid.actions.clone());
            self.generation += 1;
        }
        // The expectations' cells: with fewer expectations than columns (the usual few), found
        // by their rows once, (row, principal, holds) in row order, instead of a hash of every
        // cell's action and principal (a tenth of a keystroke's work on 10 × 449); else looked
        // up cell by cell.
        let by_row: Option<Vec<(usize, PrincipalId, bool)>> =
            (marks.expects.len() <= positions.len()).then(|| {
                let mut found = Vec::new();
                for (&(id, action), &holds) in &marks.expects {
                    for (r, a) in self.actions.iter().enumerate() {
                        if *a == action {
                            found.push((r, id, holds));
                        }
                    }
                }
                crate::text::sort_stable_by(&mut found, |a, b| a.0.cmp(&b.0));
                found
            });
        let shown = grid
            .cells
            .iter()
            .zip(self.actions.iter())
            .enumerate()
            .map(|(r, (row, action))| {
                let changes = marks.changes.get(r);
                let row_expects = by_row.as_deref().map(|all| {
                    let from = all.partition_point(|e| e.0 < r);
                    let to = all.partition_point(|e| e.0 <= r);
                    all.get(from..to).unwrap_or_default()
                });
                positions
                    .iter()
                    .zip(self.ids.iter())
                    .filter_map(|(&column, id)| {
                        Some(Shown {
                            cell: *row.get(column)?,
                            change: changes.and_then(|c| c.get(column).copied().flatten()),
                            expect: match row_expects {
                                Some(expects) => expects.iter().find(|e| e.1 == *id).map(|e| e.2),
                                None => marks.expects.get(&(*id, *action)).copied(),
                            },
                        })
                    })
                    .collect()
            })
            .collect();
        self.cells.0.replace(shown, same_shape);
        self.stale = false;
    }

    /// Decides `ws` again, without marks (the widget's grid).
    pub fn refresh(&mut self, ws: &Workspace) {
        self.show(ws, ws.grid().as_ref(), &Marks::default(), None);
    }

    /// The decided cells, `cells[row][column]`, with their marks.
    pub fn cells(&self) -> Rc<Vec<Vec<Shown>>> {
        self.cells.0.get()
    }

    /// The principal and action of cell `(row, column)`.
    pub fn cell(&self, (r, c): Position) -> Option<(PrincipalId, &'static str)> {
        Some((*self.ids.get(c)?, *self.actions.get(r)?))
    }

    /// Where the cell of principal `p` and `action` is shown, if it is.
    pub fn position(&self, p: PrincipalId, action: &str) -> Option<Position> {
        let c = self.ids.iter().position(|&id| id == p)?;
        let r = self.actions.iter().position(|a| *a == action)?;
        Some((r, c))
    }
}

/// What a grid cell shows besides its decision.
#[derive(Default)]
pub struct Marks {
    /// How the cells differ from the baseline, `changes[row][column]` in the grid's order
    /// (rows beyond it, or none: no change).
    pub changes: Vec<Vec<Option<Change>>>,
    /// The cells an expectation covers: (principal, action) → whether they hold.
    pub expects: HashMap<(PrincipalId, &'static str), bool>,
}

/// A grid cell as shown: its decision, and its marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Shown {
    /// The decision and the blocking layers.
    pub cell: Cell,
    /// How it differs from the baseline, if it does.
    pub change: Option<Change>,
    /// Whether the expectations covering it hold, if one does.
    pub expect: Option<bool>,
}

/// Height of one grid row in pixels (the CSS gives rows exactly this height).
pub const ROW_HEIGHT: f64 = 24.0;
/// Above this many rows the grid renders only the rows in view (and a margin).
pub const WINDOW_THRESHOLD: usize = 600;
/// ... and above this many when its columns are windowed too (many principals): a grid that
/// cannot show every cell of a row at once need not hold rows out of view either (an imported
/// account's 449 SageMaker rows, 7,184 cells in view of their columns, were built and laid out
/// whole at each import).
pub const WINDOW_THRESHOLD_WIDE: usize = 100;
/// Rows rendered above and below the visible ones: ten rows' scroll (240 px) before a row not
/// rendered could show (every cell rendered costs its share of each render, layout and paint).
const OVERSCAN: usize = 10;
/// Above this many principals the grid renders only the columns in view (and a margin), as it
/// does rows: an imported account has hundreds.
pub const COLUMN_WINDOW_THRESHOLD: usize = 40;
/// Columns rendered left and right of the visible ones.
const COLUMN_OVERSCAN: usize = 2;
/// A column's width in pixels before one is measured (11em at the grid's 13px, as in
/// `components.css`), and the row headers' (22em).
const COLUMN_PX: f64 = 143.0;
const ROW_HEADER_PX: f64 = 286.0;
/// The scrolling box's width assumed before it is first measured (pixels).
const INITIAL_VIEWPORT_WIDTH_PX: f64 = 1000.0;

/// True when a grid of `lines` body lines (service headings included) and `cols` principals
/// renders only the rows in view and a margin.
pub fn windows_rows(lines: usize, cols: usize) -> bool {
    lines > WINDOW_THRESHOLD || (cols > COLUMN_WINDOW_THRESHOLD && lines > WINDOW_THRESHOLD_WIDE)
}

/// The columns to render, `first..last`: all of them, or with many principals those in view
/// (scrolled `left` pixels, `width` wide, columns `column_px` wide) and a margin.
fn column_window(cols: usize, left: f64, width: f64, column_px: f64) -> (usize, usize) {
    if cols <= COLUMN_WINDOW_THRESHOLD {
        return (0, cols);
    }
    let column_px = if column_px >= 1.0 {
        column_px
    } else {
        COLUMN_PX
    };
    let first =
        (((left - ROW_HEADER_PX).max(0.0) / column_px) as usize).saturating_sub(COLUMN_OVERSCAN);
    let count = (width / column_px).ceil() as usize + 2 * COLUMN_OVERSCAN + 1;
    (first.min(cols), (first + count).min(cols))
}

/// The spacer standing for `n` columns left out of a row (sized through the CSSOM by
/// [`apply_sizes`], like the workload groups).
fn column_spacer(n: usize, header: bool) -> Html {
    if n == 0 {
        return Html::default();
    }
    if header {
        html! { <th class="colspacer" aria-hidden="true" data-columns={n.to_string()}></th> }
    } else {
        html! { <td class="colspacer" aria-hidden="true" data-columns={n.to_string()}></td> }
    }
}

/// Sizes the column spacers among the children of `row` (a grid row), through the CSSOM. Each
/// row does it after a render that changed its window of columns (mounting included): a row
/// rendered after the grid's effect ran would otherwise keep an unsized spacer (one column
/// wide), and the browser would clamp the scroll position to the narrower grid.
fn size_column_spacers(row: &NodeRef) {
    let Some(row) = row.cast::<web_sys::Element>() else {
        return;
    };
    let Ok(nodes) = row.query_selector_all(":scope > .colspacer[data-columns]") else {
        return;
    };
    for i in 0..nodes.length() {
        let Some(el) = nodes
            .item(i)
            .and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
        else {
            continue;
        };
        if let Some(n) = el.get_attribute("data-columns") {
            let _ = el
                .style()
                .set_property("flex-basis", &format!("calc({n} * 11em)"));
        }
    }
}

/// The column of a grid cell: its `data-col` when the columns are windowed, else its place in
/// the row (after the row header).
fn column_of(cell: &web_sys::HtmlTableCellElement) -> Option<usize> {
    match cell.get_attribute("data-col") {
        Some(c) => c.parse().ok(),
        None => usize::try_from(cell.cell_index() - 1).ok(),
    }
}

/// One line of the grid's body: a service heading or an action row.
#[derive(Clone, Copy, PartialEq)]
enum Line {
    /// The first line of a service's actions: (service prefix, number of actions).
    Service(&'static str, usize),
    /// Action row `.0`.
    Action(usize),
}

/// The body's lines: a heading before each service's actions, when there are several services.
fn lines(actions: &[&'static str]) -> Vec<Line> {
    let service = |a: &'static str| a.split(':').next().unwrap_or(a);
    let several = actions
        .first()
        .is_some_and(|f| actions.iter().any(|a| service(a) != service(f)));
    let mut out = Vec::with_capacity(actions.len() + 16);
    let mut r = 0;
    while r < actions.len() {
        let s = service(actions[r]);
        let end = actions[r..]
            .iter()
            .position(|a| service(a) != s)
            .map_or(actions.len(), |n| r + n);
        if several {
            out.push(Line::Service(s, end - r));
        }
        out.extend((r..end).map(Line::Action));
        r = end;
    }
    out
}

/// Rows PageUp and PageDown move the focus by.
const PAGE_ROWS: usize = 20;
/// The scrolling box's height assumed before it is first measured (pixels).
const INITIAL_VIEWPORT_PX: f64 = 560.0;

/// The grid.
#[function_component(DecisionGrid)]
pub fn decision_grid(props: &DecisionGridProps) -> Html {
    // The cell holding the tab stop (moves with the arrow keys).
    let focus = use_state(|| (0usize, 0usize));
    // Scroll position and height of the scrolling box, for windowed rendering.
    let scroll = use_state(|| (0.0f64, INITIAL_VIEWPORT_PX));
    // Horizontal scroll position, width of the scrolling box and a column's measured width, for
    // windowed columns.
    let hscroll = use_state(|| (0.0f64, INITIAL_VIEWPORT_WIDTH_PX, COLUMN_PX));
    let table = use_node_ref();
    let scroller = use_node_ref();
    // Set by a keyboard move until the target cell has the focus (it may need a scroll first).
    let navigating = use_mut_ref(|| false);
    let rows = props.actions.len();
    let cols = props.principals.len();
    let body = use_memo(props.actions.clone(), |actions| lines(actions));
    // Where each action row sits among the lines.
    let line_of = use_memo(body.clone(), |body| {
        let mut at = Vec::new();
        for (i, l) in body.iter().enumerate() {
            if let Line::Action(_) = l {
                at.push(i);
            }
        }
        at
    });
    let virtualize = windows_rows(body.len(), cols);
    // A preset opens on the row of its lesson, any other scenario (an imported account) at the
    // top: not where the grid before it was scrolled.
    {
        let scroller = scroller.clone();
        let line = props
            .lesson
            .as_ref()
            .and_then(|(_, r)| line_of.get(*r).copied());
        let preset = props.lesson.as_ref().map(|(p, _)| p.clone());
        use_effect_with(preset, move |_| {
            if let Some(el) = scroller.cast::<web_sys::Element>() {
                // Two rows of context above it.
                let top = line.map_or(0.0, |line| (line as f64 - 2.0).max(0.0) * ROW_HEIGHT);
                el.set_scroll_top(top as i32);
            }
        });
    }
    let onscroll = {
        let scroll = scroll.clone();
        let hscroll = hscroll.clone();
        Callback::from(move |e: Event| {
            let el: web_sys::Element = e.target_unchecked_into();
            let now = (f64::from(el.scroll_top()), f64::from(el.client_height()));
            // Re-render only when the window of rows moves by a row or more.
            if (now.0 - scroll.0).abs() >= ROW_HEIGHT || (now.1 - scroll.1).abs() >= ROW_HEIGHT {
                scroll.set(now);
            }
            if cols > COLUMN_WINDOW_THRESHOLD {
                let column = el
                    .query_selector("thead th[data-allowed]")
                    .ok()
                    .flatten()
                    .and_then(|th| th.dyn_into::<web_sys::HtmlElement>().ok())
                    .map_or(hscroll.2, |th| f64::from(th.offset_width()));
                let now = (
                    f64::from(el.scroll_left()),
                    f64::from(el.client_width()),
                    column,
                );
                // ... and of columns by a column or more.
                if (now.0 - hscroll.0).abs() >= column || (now.1 - hscroll.1).abs() >= column {
                    hscroll.set(now);
                }
            }
        })
    };
    let column_px = hscroll.2;
    let onkeydown = {
        let focus = focus.clone();
        let onselect = props.onselect.clone();
        let scroller = scroller.clone();
        let line_of = line_of.clone();
        let navigating = navigating.clone();
        Callback::from(move |e: KeyboardEvent| {
            let (r, c) = *focus;
            let next = match e.key().as_str() {
                "ArrowDown" => Some(((r + 1).min(rows.saturating_sub(1)), c)),
                "ArrowUp" => Some((r.saturating_sub(1), c)),
                "ArrowRight" => Some((r, (c + 1).min(cols.saturating_sub(1)))),
                "ArrowLeft" => Some((r, c.saturating_sub(1))),
                "Home" => Some((r, 0)),
                "End" => Some((r, cols.saturating_sub(1))),
                "PageDown" => Some(((r + PAGE_ROWS).min(rows.saturating_sub(1)), c)),
                "PageUp" => Some((r.saturating_sub(PAGE_ROWS), c)),
                "Enter" | " " => {
                    e.prevent_default();
                    onselect.emit((r, c));
                    None
                }
                _ => None,
            };
            if let Some(pos) = next {
                e.prevent_default();
                // Bring the row into view first: with windowed rendering it may not exist yet.
                if let (Some(el), Some(line)) =
                    (scroller.cast::<web_sys::Element>(), line_of.get(pos.0))
                {
                    let top = *line as f64 * ROW_HEIGHT;
                    let view_top = f64::from(el.scroll_top());
                    let view_height = f64::from(el.client_height()) - 2.0 * ROW_HEIGHT;
                    if top < view_top {
                        el.set_scroll_top(top as i32);
                    } else if top > view_top + view_height {
                        el.set_scroll_top((top - view_height) as i32);
                    }
                    if cols > COLUMN_WINDOW_THRESHOLD {
                        // The column too, past the row headers.
                        let column = if column_px >= 1.0 {
                            column_px
                        } else {
                            COLUMN_PX
                        };
                        let left = ROW_HEADER_PX + pos.1 as f64 * column;
                        let view_left = f64::from(el.scroll_left()) + ROW_HEADER_PX;
                        let view_width = f64::from(el.client_width()) - ROW_HEADER_PX - column;
                        if left < view_left {
                            el.set_scroll_left((left - ROW_HEADER_PX) as i32);
                        } else if left > view_left + view_width {
                            el.set_scroll_left((left - ROW_HEADER_PX - view_width) as i32);
                        }
                    }
                }
                *navigating.borrow_mut() = true;
                focus.set(pos);
            }
        })
    };
    let onfocusin = {
        let focus = focus.clone();
        Callback::from(move |e: FocusEvent| {
            let cell: Option<web_sys::HtmlTableCellElement> = e.target_dyn_into();
            if let Some(cell) = cell {
                let row = cell
                    .parent_element()
                    .and_then(|tr| tr.get_attribute("data-row"))
                    .and_then(|v| v.parse::<usize>().ok());
                if let (Some(r), Some(c)) = (row, column_of(&cell)) {
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
    // The lines to render: all of them, or the window around the visible ones (plus the tab
    // stop's row, so that Tab always finds the grid).
    let (first, last) = if virtualize {
        let first = ((scroll.0 / ROW_HEIGHT) as usize).saturating_sub(OVERSCAN);
        let count = (scroll.1 / ROW_HEIGHT) as usize + 2 * OVERSCAN;
        (first.min(body.len()), (first + count).min(body.len()))
    } else {
        (0, body.len())
    };
    let columns = column_window(cols, hscroll.0, hscroll.1, hscroll.2);
    // After a keyboard move, focus the cell once it is rendered (it may need the scroll to land
    // first, hence the window in the dependencies). Never steal the focus from an editor.
    {
        let table = table.clone();
        let navigating = navigating.clone();
        let windowed = cols > COLUMN_WINDOW_THRESHOLD;
        use_effect_with((*focus, first, last, columns), move |(pos, _, _, _)| {
            if *navigating.borrow() {
                if let Some(t) = table.cast::<web_sys::Element>() {
                    let selector = if windowed {
                        format!("tr[data-row=\"{}\"] > td[data-col=\"{}\"]", pos.0, pos.1)
                    } else {
                        format!("tr[data-row=\"{}\"] > td:nth-child({})", pos.0, pos.1 + 2)
                    };
                    if let Ok(Some(cell)) = t.query_selector(&selector) {
                        if let Ok(cell) = cell.dyn_into::<web_sys::HtmlElement>() {
                            let _ = cell.focus();
                            *navigating.borrow_mut() = false;
                        }
                    }
                }
            }
        });
    }
    // Spacers keep the scroll height of the rows not rendered (keyed, like the rows).
    let spacer = |key: &'static str, n: usize| {
        (n > 0).then(|| html! { <tr key={key} class="spacer" aria-hidden="true" data-height={(n * ROW_HEIGHT as usize).to_string()}></tr> })
    };
    // The header's rows: the principals', and the workloads' above them when a column has one.
    // Header rows: the column groups (many principals), the workloads (a network), the
    // principals.
    let grouped = !props.groups.is_empty();
    let with_workloads = props.workloads.iter().any(|w| !w.is_empty());
    let head = 1 + usize::from(grouped) + usize::from(with_workloads);
    // Sizes that depend on the data (the spacers' heights, the workload groups' widths) are set
    // through the CSSOM after each render: the pages' Content-Security-Policy blocks `style`
    // attributes, not the CSSOM.
    // ... and the marker of a stale grid, which the page may have set on the element ahead of
    // this render (`App::mark_stale`): the rendered attribute alone would not undo it when the
    // grid rendered before was not stale either.
    {
        let table = table.clone();
        let stale = props.stale;
        use_effect(move || {
            if let Some(t) = table.cast::<web_sys::Element>() {
                apply_sizes(&t);
                let marker = if stale { "true" } else { "false" };
                if t.get_attribute("data-stale").as_deref() != Some(marker) {
                    let _ = t.set_attribute("data-stale", marker);
                }
            }
        });
    }
    // With windowed columns the table keeps the width of every column whatever is rendered: a
    // row re-rendered before its spacers are sized must not narrow the grid (the browser would
    // clamp the scroll position to it). Set when the number of columns changes, not on every
    // render (a style write per keystroke costs a style recalculation).
    {
        let table = table.clone();
        let windowed = cols > COLUMN_WINDOW_THRESHOLD;
        use_effect_with((windowed, cols), move |(windowed, cols)| {
            if let Some(t) = table.cast::<web_sys::HtmlElement>() {
                let width = if *windowed {
                    format!("calc(22em + {cols} * 11em)")
                } else {
                    String::new()
                };
                let _ = t.style().set_property("min-width", &width);
            }
        });
    }
    // `index` is the line's place in the body: its row is `aria-rowindex` index + head + 1 (the
    // header rows come first), so that assistive technologies count the rows a windowed grid
    // leaves out.
    let render_line = |index: usize, line: &Line, tab_stop: Position| match *line {
        Line::Service(service, n) => html! {
            <tr role="row" class="service" key={format!("service:{service}")} aria-rowindex={(index + head + 1).to_string()}>
                <th role="rowheader" scope="rowgroup" colspan={(cols + 1).to_string()}>{ format!("{service} ({n} actions)") }</th>
            </tr>
        },
        Line::Action(r) => {
            let action = props.actions.get(r).copied().unwrap_or("");
            html! {
                <GridRow
                    key={action}
                    row={r}
                    line={index + head - 1}
                    {action}
                    principals={props.principals.clone()}
                    cells={props.cells.clone()}
                    generation={props.generation}
                    selected={props.selected.filter(|s| s.0 == r).map(|s| s.1)}
                    {columns}
                    windowed={cols > COLUMN_WINDOW_THRESHOLD}
                    lesson={props.lesson.as_ref().is_some_and(|(_, l)| *l == r)}
                    tab_stop={(tab_stop.0 == r).then_some(tab_stop.1)}
                    onselect={props.onselect.clone()}
                />
            }
        }
    };
    // The tab stop must be a rendered cell: when the focus row (or column) is outside the
    // window, the first rendered action row (and column) takes it.
    let tab_stop = if (columns.0..columns.1).contains(&tab_stop.1) {
        tab_stop
    } else {
        (tab_stop.0, columns.0)
    };
    let tab_stop = match line_of.get(tab_stop.0) {
        Some(l) if (first..last).contains(l) => tab_stop,
        _ => body
            .get(first..last)
            .and_then(|ls| {
                ls.iter().find_map(|l| {
                    if let Line::Action(r) = l {
                        Some((*r, columns.0))
                    } else {
                        None
                    }
                })
            })
            .unwrap_or(tab_stop),
    };
    let render_line = |(i, line): (usize, &Line)| render_line(first + i, line, tab_stop);
    html! {
        <div class="grid-scroll" ref={scroller} {onscroll}>
            <table
                ref={table}
                role="grid"
                aria-rowcount={(body.len() + head).to_string()}
                aria-colcount={(cols + 1).to_string()}
                data-testid="matrix"
                data-stale={if props.stale { "true" } else { "false" }}
                class={classes!("matrix", props.stale.then_some("stale"))}
                aria-describedby={props.legend_id.clone()}
                {onkeydown}
                {onfocusin}
            >
                <caption>
                    { format!("{} actions × {} principals", rows, cols) }
                    if props.deciding {
                        <span class="stale-note">{ " — stale: the new grid is being decided" }</span>
                    } else if props.stale {
                        <span class="stale-note">{ " — stale: fix the errors above to update" }</span>
                    }
                </caption>
                <thead>
                    if grouped {
                        { group_row(&props.groups, columns) }
                    }
                    if with_workloads {
                        { workload_row(&props.workloads, columns, 1 + usize::from(grouped)) }
                    }
                    <GridHeader principals={props.principals.clone()} cells={props.cells.clone()} generation={props.generation} row={head} {columns} />
                </thead>
                <tbody>
                    { for spacer("top", first).into_iter().chain(body[first..last].iter().enumerate().map(render_line)).chain(spacer("bottom", body.len() - last)) }
                </tbody>
            </table>
        </div>
    }
}

/// Gives the grid's spacer rows (`data-height`, in pixels) their height and the workload groups
/// of the header (`data-columns`) the width of their columns (each 11em wide, as in
/// `components.css`), through the CSSOM.
fn apply_sizes(table: &web_sys::Element) {
    let Ok(nodes) = table.query_selector_all(
        "tbody > tr.spacer[data-height], thead > tr.workloads > th[data-columns], tr > .colspacer[data-columns]",
    ) else {
        return;
    };
    for i in 0..nodes.length() {
        let Some(el) = nodes
            .item(i)
            .and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
        else {
            continue;
        };
        let style = el.style();
        if let Some(h) = el.get_attribute("data-height") {
            let _ = style.set_property("height", &format!("{h}px"));
        } else if let Some(n) = el.get_attribute("data-columns") {
            let _ = style.set_property("flex-basis", &format!("calc({n} * 11em)"));
        }
    }
}

/// The decided cells, shared by a grid's header and rows, which subscribe to them: replacing the
/// cells tells only the rows whose cells changed (and the header) to render again, so a keystroke
/// that flips one column does not rebuild the props of every row.
#[derive(Default)]
pub struct SharedCells {
    /// `cells[row][column]`.
    cells: RefCell<Rc<Vec<Vec<Shown>>>>,
    /// (row, column) → (subscription id, re-render) of the cell shown there.
    subscribers: RefCell<HashMap<Position, Subscription>>,
    /// Subscription id → re-render, of the header (counts of allowed cells).
    header: RefCell<Vec<(u64, Callback<()>)>>,
    /// The next subscription id.
    next: std::cell::Cell<u64>,
}

impl SharedCells {
    /// The cells.
    pub fn get(&self) -> Rc<Vec<Vec<Shown>>> {
        self.cells.borrow().clone()
    }

    /// Replaces the cells. With `notify` (the grid's shape is unchanged), the cells that differ
    /// and the header are told to render again; otherwise the grid re-renders them all.
    fn replace(&self, cells: Vec<Vec<Shown>>, notify: bool) {
        let old = std::mem::replace(&mut *self.cells.borrow_mut(), Rc::new(cells));
        if !notify {
            return;
        }
        let new = self.get();
        let mut changed = false;
        for (r, (before, now)) in old.iter().zip(new.iter()).enumerate() {
            if before == now {
                continue;
            }
            for (c, (b, n)) in before.iter().zip(now).enumerate() {
                if b != n {
                    changed = true;
                    let render = self
                        .subscribers
                        .borrow()
                        .get(&(r, c))
                        .map(|(_, f)| f.clone());
                    if let Some(render) = render {
                        render.emit(());
                    }
                }
            }
        }
        if changed {
            let header: Vec<_> = self
                .header
                .borrow()
                .iter()
                .map(|(_, f)| f.clone())
                .collect();
            for render in header {
                render.emit(());
            }
        }
    }

    fn id(&self) -> u64 {
        let id = self.next.get();
        self.next.set(id + 1);
        id
    }

    /// The cell at `at` renders again with `render` when it changes; returns the subscription.
    fn subscribe(&self, at: Position, render: Callback<()>) -> u64 {
        let id = self.id();
        self.subscribers.borrow_mut().insert(at, (id, render));
        id
    }

    /// Ends subscription `id` at `at` (unless another cell component took that place since).
    fn unsubscribe(&self, at: Position, id: u64) {
        let mut subscribers = self.subscribers.borrow_mut();
        if subscribers.get(&at).is_some_and(|(i, _)| *i == id) {
            subscribers.remove(&at);
        }
    }

    fn subscribe_header(&self, render: Callback<()>) -> u64 {
        let id = self.id();
        self.header.borrow_mut().push((id, render));
        id
    }

    fn unsubscribe_header(&self, id: u64) {
        self.header.borrow_mut().retain(|(i, _)| *i != id);
    }
}

/// A subscription to [`SharedCells`]: its id and what renders the subscriber again.
type Subscription = (u64, Callback<()>);

/// A [`SharedCells`] as a prop: equal when it is the same one.
#[derive(Clone, Default)]
pub struct CellsHandle(pub Rc<SharedCells>);

impl PartialEq for CellsHandle {
    fn eq(&self, other: &CellsHandle) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// Props of [`GridHeader`].
#[derive(Properties, PartialEq)]
pub struct GridHeaderProps {
    /// Column headers.
    pub principals: Rc<Vec<AttrValue>>,
    /// The cells, to count.
    pub cells: CellsHandle,
    /// The grid's shape generation.
    pub generation: u64,
    /// Its `aria-rowindex` (2 below the workloads' row).
    #[prop_or(1)]
    pub row: usize,
    /// The columns rendered, `first..last` (the others stand as spacers).
    pub columns: (usize, usize),
}

/// The header row above the principals when some call from a workload: consecutive columns of
/// the same workload grouped under its name. The first group of each workload carries the hook
/// `data-testid="workload"` with `data-workload`; columns without one are grouped as calls the
/// context's checkbox routes.
fn workload_row(workloads: &[AttrValue], (first, last): (usize, usize), row: usize) -> Html {
    let mut groups: Vec<(AttrValue, usize)> = Vec::new();
    for w in workloads.get(first..last).unwrap_or_default() {
        match groups.last_mut() {
            Some((last, n)) if last == w => *n += 1,
            _ => groups.push((w.clone(), 1)),
        }
    }
    let mut seen: Vec<AttrValue> = Vec::new();
    // Rows are flex boxes of fixed-width cells: a group is as wide as its columns.
    html! {
        <tr role="row" aria-rowindex={row.to_string()} class="workloads">
            <th role="columnheader" scope="col">{ "calls from" }</th>
            { column_spacer(first, true) }
            { for groups.into_iter().map(|(w, n)| {
                if w.is_empty() {
                    html! {
                        <th role="columnheader" scope="colgroup" colspan={n.to_string()} class="no-workload" data-columns={n.to_string()}
                            title="these principals call as the request context says (through the endpoint or not)">
                            { "no workload" }
                        </th>
                    }
                } else {
                    let first = !seen.contains(&w);
                    seen.push(w.clone());
                    html! {
                        <th role="columnheader" scope="colgroup" colspan={n.to_string()} class="workload" data-columns={n.to_string()}
                            data-testid={first.then_some("workload")} data-workload={w.clone()}
                            title="the principals below call from this workload: its network path decides whether their calls arrive">
                            { format!("⌂ {w}") }
                        </th>
                    }
                }
            }) }
        </tr>
    }
}

/// The header row above the principals of a scenario with many principals: consecutive columns
/// of the same kind and IAM path under one heading (`[data-testid="column-group"]` with
/// `data-kind` and `data-path`), as the principals' list groups them.
fn group_row(groups: &[ColumnHeading], (first, last): (usize, usize)) -> Html {
    let mut runs: Vec<(&ColumnHeading, usize)> = Vec::new();
    for g in groups.get(first..last).unwrap_or_default() {
        match runs.last_mut() {
            Some((last, n)) if *last == g => *n += 1,
            _ => runs.push((g, 1)),
        }
    }
    html! {
        <tr role="row" aria-rowindex="1" class="workloads column-groups">
            <th role="columnheader" scope="col">{ "principals" }</th>
            { column_spacer(first, true) }
            { for runs.into_iter().map(|(g, n)| html! {
                <th role="columnheader" scope="colgroup" colspan={n.to_string()} class="column-group"
                    data-columns={n.to_string()} data-testid="column-group" data-kind={g.kind}
                    data-path={g.path.clone()} title={format!("{} whose IAM path is {}", g.heading.to_lowercase(), g.path)}>
                    { format!("{} {}", g.heading, g.path) }
                </th>
            }) }
        </tr>
    }
}

/// The header row: each principal with the number of actions it may call.
#[function_component(GridHeader)]
fn grid_header(props: &GridHeaderProps) -> Html {
    let update = use_force_update();
    {
        let cells = props.cells.clone();
        use_effect_with(cells, move |cells| {
            let id = cells
                .0
                .subscribe_header(Callback::from(move |()| update.force_update()));
            let cells = cells.clone();
            move || cells.0.unsubscribe_header(id)
        });
    }
    let all = props.cells.0.get();
    let rows = all.len();
    let (first, last) = props.columns;
    let last = last.min(props.principals.len()).max(first);
    let windowed = props.principals.len() > COLUMN_WINDOW_THRESHOLD;
    let tr = use_node_ref();
    {
        let tr = tr.clone();
        use_effect_with((first, last, props.principals.len()), move |_| {
            if windowed {
                size_column_spacers(&tr);
            }
        });
    }
    let mut counts = vec![0usize; props.principals.len()];
    for row in all.iter() {
        for (n, shown) in counts.iter_mut().zip(row) {
            if shown.cell.allowed() {
                *n += 1;
            }
        }
    }
    html! {
        <tr ref={tr} role="row" aria-rowindex={props.row.to_string()}>
            <th role="columnheader" scope="col">{ "action" }</th>
            { column_spacer(first, true) }
            { for props.principals.iter().zip(counts).enumerate().skip(first).take(last - first).map(|(c, (p, n))| html! {
                <th role="columnheader" scope="col" data-allowed={n.to_string()} aria-colindex={windowed.then(|| (c + 2).to_string())}>
                    { p }<span class="count" title="actions this principal may call">{ format!("{n} of {rows} allowed") }</span>
                </th>
            }) }
            { column_spacer(props.principals.len().saturating_sub(last), true) }
        </tr>
    }
}

/// Props of [`GridRow`].
#[derive(Properties, PartialEq)]
pub struct GridRowProps {
    /// Row index.
    pub row: usize,
    /// The row's line in the grid's body (service headings included).
    pub line: usize,
    /// The action.
    pub action: &'static str,
    /// Column headers.
    pub principals: Rc<Vec<AttrValue>>,
    /// The grid's cells (the row reads its own, and subscribes to their changes).
    pub cells: CellsHandle,
    /// The grid's shape generation: a new one renders the row again.
    pub generation: u64,
    /// The explained column in this row, if any.
    pub selected: Option<usize>,
    /// The column holding the grid's tab stop, if in this row.
    pub tab_stop: Option<usize>,
    /// True for the row that shows the preset's lesson.
    #[prop_or_default]
    pub lesson: bool,
    /// Called when a cell is chosen.
    pub onselect: Callback<Position>,
    /// The columns rendered, `first..last` (the others stand as spacers).
    pub columns: (usize, usize),
    /// True when the columns are windowed: cells carry `data-col` and `aria-colindex`.
    #[prop_or_default]
    pub windowed: bool,
}

/// One row of the grid. Cells carry few attributes (a grid of every action has hundreds of
/// thousands): the row holds `data-row`, a cell's column is its position.
#[function_component(GridRow)]
pub fn grid_row(props: &GridRowProps) -> Html {
    let row = props.row;
    let (first, last) = props.columns;
    let last = last.min(props.principals.len()).max(first);
    let tr = use_node_ref();
    {
        // The spacers change only with the window: size them then (an effect after every
        // render of every row cost a DOM query per row and keystroke).
        let tr = tr.clone();
        let windowed = props.windowed;
        use_effect_with((first, last, props.principals.len()), move |_| {
            if windowed {
                size_column_spacers(&tr);
            }
        });
    }
    // Made once per row and select callback: a row re-rendered because one of its cells changed
    // keeps its listener.
    let onclick = use_callback(
        (row, props.onselect.clone()),
        |e: MouseEvent, (row, onselect)| {
            let target: Option<web_sys::Element> = e.target_dyn_into();
            if let Some(cell) = target.and_then(|t| t.closest("td[role=gridcell]").ok().flatten()) {
                if let Ok(cell) = cell.dyn_into::<web_sys::HtmlTableCellElement>() {
                    if let Some(c) = column_of(&cell) {
                        onselect.emit((*row, c));
                    }
                }
            }
        },
    );
    html! {
        <tr ref={tr} role="row" data-row={row.to_string()} aria-rowindex={(props.line + 2).to_string()}
            data-lesson={props.lesson.then_some("true")} class={props.lesson.then_some("lesson-row")} {onclick}>
            <th role="rowheader" scope="row">{ props.action }</th>
            { column_spacer(first, false) }
            { for props.principals.iter().enumerate().skip(first).take(last - first).map(|(c, principal)| html! {
                <GridCell
                    at={(row, c)}
                    cells={props.cells.clone()}
                    generation={props.generation}
                    principal={principal.clone()}
                    action={props.action}
                    selected={props.selected == Some(c)}
                    tab_stop={props.tab_stop == Some(c)}
                    windowed={props.windowed}
                />
            }) }
            { column_spacer(props.principals.len().saturating_sub(last), false) }
        </tr>
    }
}

/// Props of [`GridCell`].
#[derive(Properties, PartialEq)]
pub struct GridCellProps {
    /// Its place: (row, column).
    pub at: Position,
    /// The grid's cells (the cell reads its own, and subscribes to its changes).
    pub cells: CellsHandle,
    /// The grid's shape generation: a new one renders the cell again.
    pub generation: u64,
    /// Its principal's name.
    pub principal: AttrValue,
    /// Its action.
    pub action: &'static str,
    /// True when explained.
    pub selected: bool,
    /// True when it holds the grid's tab stop.
    pub tab_stop: bool,
    /// True when the grid's columns are windowed: the cell carries its column (`data-col`,
    /// `aria-colindex`).
    #[prop_or_default]
    pub windowed: bool,
}

/// One cell, subscribed to its place in the shared cells: a keystroke that changes it renders it
/// alone, not its row nor the grid.
#[function_component(GridCell)]
pub fn grid_cell(props: &GridCellProps) -> Html {
    let update = use_force_update();
    {
        let cells = props.cells.clone();
        use_effect_with((props.at, cells), move |(at, cells)| {
            let at = *at;
            let id = cells
                .0
                .subscribe(at, Callback::from(move |()| update.force_update()));
            let cells = cells.clone();
            move || cells.0.unsubscribe(at, id)
        });
    }
    let shown = props
        .cells
        .0
        .get()
        .get(props.at.0)
        .and_then(|row| row.get(props.at.1))
        .copied()
        .unwrap_or_default();
    let cell = shown.cell;
    let (symbol, _, _) = cell_look(&cell);
    // Marks, in words for assistive technologies (the page draws them with CSS). An attribute,
    // not an element: marks come and go with every keystroke, on a whole column at a time.
    // Cells denied for another reason than in the baseline are not drawn, and not spoken
    // either: like sighted readers, screen reader users get their number in the change summary
    // (a whole column of them changes with one endpoint edit).
    let drawn = shown.change.filter(|c| *c != Change::Changed);
    let marks = mark_words(drawn, shown.expect).map(AttrValue::Static);
    html! {
        <td
            role="gridcell"
            class={cell_class(&cell, props.selected)}
            data-principal={props.principal.clone()}
            data-action={props.action}
            data-col={props.windowed.then(|| props.at.1.to_string())}
            aria-colindex={props.windowed.then(|| (props.at.1 + 2).to_string())}
            data-decision={cell.decision_name()}
            data-blocked-by={layer_names(cell.blocked_by)}
            tabindex={if props.tab_stop { "0" } else { "-1" }}
            aria-selected={props.selected.then_some("true")}
            data-change={shown.change.map(Change::as_str)}
            data-mark={drawn.map(Change::as_str)}
            data-expect={shown.expect.map(|holds| if holds { "pass" } else { "fail" })}
            aria-description={marks}
        >
            <span class="symbol" aria-hidden="true">{ symbol }</span>{ cell_label(&cell) }
        </td>
    }
}
