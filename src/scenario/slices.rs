//! A large grid decided a slice of rows at a time, so that the page stays responsive while it
//! decides hundreds of principals × hundreds of actions (issue 16): the page decides a slice,
//! shows its progress, and lets the browser answer input before the next one. Rows are
//! independent (each cell is decided from its principal, action and the policies alone), so
//! the rows of slices, one after the other, are the rows [`Workspace::grid`] decides at once
//! (the tests check it); one [`ActionIndex`] and each column's requests and policy sets are
//! kept from slice to slice, so each is made once per grid, as at once.

use super::*;

/// Grids of more cells than this are decided in slices by the page (smaller ones at once, with
/// the memory that decides only the edited layers again after a keystroke).
pub const SLICE_CELLS: usize = memo::MAX_CELLS;

/// A grid being decided a slice of rows at a time: made by [`Workspace::grid_slices`], advanced
/// by [`Workspace::decide_slice`] with the same, unchanged workspace. A workspace edited
/// meanwhile needs a new one (the page drops the old one on every edit).
pub struct GridSlices {
    /// Every action the filter selects (before the row filter), one row each.
    actions: Vec<&'static str>,
    plans: Rc<Vec<requests::Plan>>,
    /// The rows decided so far from the top.
    cells: Vec<Vec<Cell>>,
    /// The first row decided from the bottom (by a helper: [`GridSlices::adopt_rows`], or by
    /// [`Workspace::decide_slice_back`]); the rows from here on are decided.
    end: usize,
    /// The rows from `end` on that this grid holds, last row first.
    tail: Vec<Vec<Cell>>,
    /// Cells per row: the principals.
    columns: usize,
    /// What the index learnt of each policy's patterns, kept from slice to slice.
    index: ActionIndex,
    /// Each column's requests and policy sets, kept from slice to slice.
    kept: ColumnCache,
}

impl std::fmt::Debug for GridSlices {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GridSlices")
            .field("rows", &self.actions.len())
            .field("decided", &self.cells.len())
            .finish()
    }
}

impl GridSlices {
    /// Rows decided so far (from the top and from the bottom).
    pub fn decided(&self) -> usize {
        self.cells.len() + (self.actions.len() - self.end)
    }

    /// Rows in all (every action the filter selects).
    pub fn rows(&self) -> usize {
        self.actions.len()
    }

    /// True when every row is decided.
    pub fn is_done(&self) -> bool {
        self.cells.len() >= self.end
    }

    /// Takes rows `from..from + rows.len()` decided elsewhere (the page's grid helper, a
    /// worker that imported the same account), the rows just above those decided from the
    /// bottom so far, named `names` (their actions, to check that both grids have the same
    /// rows), each of [`GridSlices`]'s column count. Rows this grid has decided from the top
    /// meanwhile are kept as they are. False, and nothing taken, when the rows are not those.
    pub fn adopt_rows(&mut self, from: usize, names: &[&str], rows: Vec<Vec<Cell>>) -> bool {
        let to = from + rows.len();
        if to != self.end
            || names.len() != rows.len()
            || self.actions.get(from..to) != Some(names)
            || rows.iter().any(|r| r.len() != self.columns)
        {
            return false;
        }
        let skip = self.cells.len().saturating_sub(from);
        self.tail.extend(rows.into_iter().skip(skip).rev());
        self.end = from.max(self.cells.len()).min(self.end);
        true
    }

    /// The action of each row, in order.
    pub fn actions(&self) -> &[&'static str] {
        &self.actions
    }

    /// Every action and its row of cells (before the row filter), once every row is decided;
    /// `None` before.
    pub fn finish(self) -> Option<(Vec<&'static str>, Vec<Vec<Cell>>)> {
        self.finish_keeping().map(|(decided, _)| decided)
    }

    /// [`GridSlices::finish`], with what deciding the grid learnt (each principal's requests and
    /// policy sets, each policy's action patterns) for the next questions over the same,
    /// unchanged workspace ([`Workspace::who_can_with`]).
    #[allow(clippy::type_complexity)]
    pub fn finish_keeping(self) -> Option<((Vec<&'static str>, Vec<Vec<Cell>>), QueryCache)> {
        if !self.is_done() {
            return None;
        }
        let mut cells = self.cells;
        cells.extend(self.tail.into_iter().rev());
        let cache = QueryCache {
            index: self.index,
            kept: Some(self.kept),
        };
        Some(((self.actions, cells), cache))
    }
}

impl Workspace {
    /// How many cells the grid has before the row filter: actions the filter selects × principals.
    pub fn cell_count(&self) -> usize {
        self.actions().len() * self.scenario.principals.len()
    }

    /// A grid to decide in slices: nothing decided yet. `None` when a policy has errors.
    pub fn grid_slices(&self) -> Option<GridSlices> {
        self.grid_slices_over(self.actions())
    }

    /// A grid over `actions` (in that order, rather than the filter's) to decide in slices: a
    /// baseline decided over the current grid's rows. `None` when a policy has errors.
    pub fn grid_slices_over(&self, actions: Vec<&'static str>) -> Option<GridSlices> {
        if self.has_errors() {
            return None;
        }
        let plans = self.plans(&actions);
        let columns = self.scenario.principals.len();
        Some(GridSlices {
            cells: Vec::with_capacity(actions.len()),
            end: actions.len(),
            tail: Vec::new(),
            columns,
            actions,
            plans,
            index: ActionIndex::new(""),
            kept: ColumnCache::new(columns),
        })
    }

    /// Decides the next `rows` rows of `slices` from the top (fewer at the end); the number
    /// decided.
    pub fn decide_slice(&self, slices: &mut GridSlices, rows: usize) -> usize {
        let from = slices.cells.len();
        let to = (from + rows.max(1)).min(slices.end);
        if from >= to {
            return 0;
        }
        let decided = self.decide_rows(slices, from..to);
        slices.cells.extend(decided);
        to - from
    }

    /// Decides the `rows` rows of `slices` above those decided from the bottom (fewer when
    /// the top is near) and hands them over rather than keeping them: their first row and the
    /// rows, `None` when every row is decided. The page's grid helper decides a grid this way
    /// while the page decides it from the top ([`GridSlices::adopt_rows`]).
    pub fn decide_slice_back(
        &self,
        slices: &mut GridSlices,
        rows: usize,
    ) -> Option<(usize, Vec<Vec<Cell>>)> {
        let to = slices.end;
        let from = to.saturating_sub(rows.max(1)).max(slices.cells.len());
        if from >= to {
            return None;
        }
        let decided = self.decide_rows(slices, from..to);
        slices.end = from;
        Some((from, decided))
    }

    /// Rows `range` of `slices`, decided with its index and columns' cache.
    fn decide_rows(
        &self,
        slices: &mut GridSlices,
        range: std::ops::Range<usize>,
    ) -> Vec<Vec<Cell>> {
        let count = self.scenario.principals.len();
        let plans = slices.plans.clone();
        self.decide_cells_with(
            &slices.actions[range.clone()],
            &plans[range],
            &mut [],
            &Default::default(),
            0..count,
            &mut slices.index,
            &mut slices.kept,
        )
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    mod account {
        use crate as pp;
        include!("../../bench/account.rs");
    }

    /// The benchmark's generated account (shared and own policies, boundaries, an endpoint,
    /// an organization) of 40 principals, over every SageMaker action.
    pub(in crate::scenario) fn account_for_tests() -> Scenario {
        account()
    }

    fn account() -> Scenario {
        let mut s = account::account_scenario(40);
        s.actions = "sagemaker:*".into();
        s.rows = RowFilter::All;
        s
    }

    #[test]
    fn slices_of_rows_make_the_grid_decided_at_once() {
        let ws = Workspace::new(account());
        let at_once = ws.grid().expect("no errors");
        assert!(at_once.actions.len() > 50, "{}", at_once.actions.len());
        assert!(at_once
            .cells
            .iter()
            .flatten()
            .any(|c| c.decision == Decision::Allowed));
        for rows in [1, 7, 64, 10_000] {
            let mut slices = ws.grid_slices().expect("no errors");
            let total = slices.rows();
            let mut steps = 0;
            while !slices.is_done() {
                assert!(ws.decide_slice(&mut slices, rows) > 0);
                steps += 1;
            }
            assert_eq!(steps, total.div_ceil(rows));
            assert_eq!(ws.decide_slice(&mut slices, rows), 0);
            let (actions, cells) = slices.finish().expect("every row decided");
            assert_eq!(ws.grid_of(actions, cells), at_once, "slices of {rows} rows");
        }
    }

    /// A grid decided from the top by one workspace while another (the page's helper, which
    /// imported the same account) decides it from the bottom and hands its rows over: the grid
    /// decided at once, whichever side decides more, and the rows both decided kept once.
    #[test]
    fn rows_decided_from_both_ends_make_the_grid_decided_at_once() {
        let ws = Workspace::new(account());
        let helper = Workspace::new(account());
        let at_once = ws.grid().expect("no errors");
        for (top, back) in [(1, 16), (16, 1), (7, 7), (64, 3), (3, 10_000)] {
            let mut slices = ws.grid_slices().expect("no errors");
            let mut theirs = helper.grid_slices().expect("no errors");
            let mut handed = 0;
            while !slices.is_done() {
                ws.decide_slice(&mut slices, top);
                if let Some((from, rows)) = helper.decide_slice_back(&mut theirs, back) {
                    let names = slices.actions()[from..from + rows.len()].to_vec();
                    if slices.adopt_rows(from, &names, rows) {
                        handed += 1;
                    }
                }
            }
            assert!(handed > 0, "{top}/{back}: the helper's rows were taken");
            assert_eq!(slices.decided(), slices.rows());
            let (actions, cells) = slices.finish().expect("every row decided");
            assert_eq!(
                ws.grid_of(actions, cells),
                at_once,
                "{top} from the top, {back} back"
            );
        }
    }

    /// Rows that are not the ones just above the rows decided from the bottom, that name other
    /// actions, or that have another number of cells, are not taken.
    #[test]
    fn rows_of_another_grid_are_not_adopted() {
        let ws = Workspace::new(account());
        let mut slices = ws.grid_slices().expect("no errors");
        let mut theirs = ws.grid_slices().expect("no errors");
        let n = slices.rows();
        let (from, rows) = ws.decide_slice_back(&mut theirs, 4).expect("rows");
        assert_eq!(from, n - 4);
        let names = slices.actions()[from..].to_vec();
        // Not contiguous with the bottom (one row short of it).
        assert!(!slices.adopt_rows(from - 1, &names, rows.clone()));
        // Other actions.
        let other = slices.actions()[..4].to_vec();
        assert!(!slices.adopt_rows(from, &other, rows.clone()));
        // Another number of columns.
        let mut short = rows.clone();
        short[2].pop();
        assert!(!slices.adopt_rows(from, &names, short));
        assert_eq!(slices.decided(), 0);
        assert!(slices.adopt_rows(from, &names, rows));
        assert_eq!(slices.decided(), 4);
        // The same rows again are no longer just above the bottom ones.
        let (_, again) = ws
            .decide_slice_back(&mut ws.grid_slices().expect("no errors"), 4)
            .expect("rows");
        assert!(!slices.adopt_rows(from, &names, again));
    }

    /// Every cell the grids hold, written in 16 bits and read back, is the same cell.
    #[test]
    fn cells_read_back_from_their_codes() {
        use crate::network::HopKind;
        let mut cells = vec![Cell::default()];
        for d in [
            Decision::Allowed,
            Decision::ExplicitlyDenied,
            Decision::ImplicitlyDenied,
        ] {
            for bits in 0..=0x7f {
                cells.push(Cell::decided(d, LayerSet::from_bits(bits)));
            }
        }
        cells.extend(HopKind::ALL.map(Cell::unreachable));
        for c in cells {
            assert_eq!(Cell::from_code(c.code()), Some(c), "{c:?}");
        }
        assert_eq!(Cell::from_code(3), None);
        assert_eq!(Cell::from_code(8 << 10), None);
        assert_eq!(Cell::from_code(1 << 14), None);
    }

    #[test]
    fn a_row_filter_applies_to_the_rows_of_slices_too() {
        for rows in [RowFilter::AnyAllowed, RowFilter::Differing] {
            let mut scenario = account();
            scenario.rows = rows;
            let ws = Workspace::new(scenario);
            let at_once = ws.grid().expect("no errors");
            let mut slices = ws.grid_slices().expect("no errors");
            while !slices.is_done() {
                ws.decide_slice(&mut slices, 5);
            }
            let (actions, cells) = slices.finish().expect("every row decided");
            assert_eq!(ws.grid_of(actions, cells), at_once);
        }
    }

    #[test]
    fn a_grid_with_errors_has_no_slices_and_unfinished_slices_no_grid() {
        let mut scenario = account();
        if let Some(p) = scenario
            .principals
            .first_mut()
            .and_then(|p| p.policies.first_mut())
        {
            p.text = "{ not json".into();
        }
        assert!(Workspace::new(scenario).grid_slices().is_none());
        let ws = Workspace::new(account());
        let mut slices = ws.grid_slices().expect("no errors");
        ws.decide_slice(&mut slices, 3);
        assert_eq!(slices.decided(), 3);
        assert!(slices.finish().is_none());
    }
}

#[cfg(test)]
mod baseline_tests {
    use super::*;

    #[test]
    fn a_baseline_decided_in_slices_compares_as_one_decided_at_once() {
        let mut before = tests_account();
        before.actions = "sagemaker:*".into();
        let mut now = before.clone();
        // Narrower now: the endpoint allows only one principal.
        let arn = now.principals[3].arn.clone();
        if let Some(e) = now.endpoints.first_mut() {
            e.policy = format!(
                r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Principal": {{"AWS": "{arn}"}}, "Action": "*", "Resource": "*"}}]}}"#
            );
        }
        let ws = Workspace::new(now);
        let grid = ws.named_grid().expect("no errors");
        let at_once = Baseline::new(before.clone())
            .diff(&grid)
            .expect("no errors");
        assert!(!at_once.is_empty());
        let sliced = Baseline::new(before);
        let mut slices = sliced.slices_for(&grid.actions).expect("not kept yet");
        while !slices.is_done() {
            sliced.decide_slice(&mut slices, 9);
        }
        assert!(sliced.keep(slices));
        assert!(sliced.knows(&grid.actions));
        assert!(sliced.slices_for(&grid.actions).is_none());
        assert_eq!(sliced.diff(&grid), Some(at_once));
    }

    fn tests_account() -> Scenario {
        super::tests::account_for_tests()
    }
}
