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
    /// The rows decided so far.
    cells: Vec<Vec<Cell>>,
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
    /// Rows decided so far.
    pub fn decided(&self) -> usize {
        self.cells.len()
    }

    /// Rows in all (every action the filter selects).
    pub fn rows(&self) -> usize {
        self.actions.len()
    }

    /// True when every row is decided.
    pub fn is_done(&self) -> bool {
        self.cells.len() >= self.actions.len()
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
        let cache = QueryCache {
            index: self.index,
            kept: Some(self.kept),
        };
        Some(((self.actions, self.cells), cache))
    }
}

impl Workspace {
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
        Some(GridSlices {
            cells: Vec::with_capacity(actions.len()),
            actions,
            plans,
            index: ActionIndex::new(""),
            kept: ColumnCache::new(self.scenario.principals.len()),
        })
    }

    /// Decides the next `rows` rows of `slices` (fewer at the end); the number decided.
    pub fn decide_slice(&self, slices: &mut GridSlices, rows: usize) -> usize {
        let from = slices.cells.len();
        let to = (from + rows.max(1)).min(slices.actions.len());
        if from >= to {
            return 0;
        }
        let count = self.scenario.principals.len();
        let plans = slices.plans.clone();
        let decided = self.decide_cells_with(
            &slices.actions[from..to],
            &plans[from..to],
            &mut [],
            &Default::default(),
            0..count,
            &mut slices.index,
            &mut slices.kept,
        );
        slices.cells.extend(decided);
        to - from
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
