//! What an edit changed: a grid keyed by names ([`NamedGrid`]), the cells that differ between
//! two of them ([`diff`] → [`GridDiff`]), and a [`Baseline`], the scenario the page compares its
//! grid with.
//!
//! The universe of a comparison is the union of both grids' cells by (principal name, action).
//! A principal (or action) missing on one side has no access there: a cell only there is
//! `gained` when allowed after, `lost` when allowed before, and otherwise not a change (there is
//! no reason to compare a denial with). A cell on both sides is `gained` (not allowed → allowed),
//! `lost` (allowed → not allowed), or `changed` (denied on both sides, but the kind of denial or
//! the blocking layers differ).
//!
//! The verdict is about access alone: `same` when no cell gained or lost access, `narrower`
//! when some lost and none gained, `broader` when some gained and none lost, `mixed` when both.
//! `changed` cells do not move the verdict (a grid whose only changes are reasons reads `same`),
//! but they are listed and counted.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use super::*;

/// A grid keyed by names: one row per action, one column per principal name. Two scenarios'
/// grids compare through it, whatever ids their workspaces gave their principals.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NamedGrid {
    /// The principals' names, in column order. When a document repeats a name, its first
    /// principal of that name stands for it in a comparison.
    pub principals: Vec<String>,
    /// The actions, in row order.
    pub actions: Vec<&'static str>,
    /// `cells[row][column]`.
    pub cells: Vec<Vec<Cell>>,
}

impl NamedGrid {
    /// The cell of the first principal named `principal` for `action`, if the grid has both.
    pub fn cell(&self, principal: &str, action: &str) -> Option<Cell> {
        let column = self.principals.iter().position(|p| p == principal)?;
        let row = self.actions.iter().position(|a| *a == action)?;
        self.cells.get(row)?.get(column).copied()
    }
}

/// How one cell changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Change {
    /// Not allowed before, allowed now.
    Gained,
    /// Allowed before, not allowed now.
    Lost,
    /// Denied on both sides, for another reason: the kind of denial or the blocking layers.
    Changed,
}

impl Change {
    /// `gained`, `lost` or `changed` (the page's `data-change`, the command line's JSON).
    pub fn as_str(self) -> &'static str {
        match self {
            Change::Gained => "gained",
            Change::Lost => "lost",
            Change::Changed => "changed",
        }
    }
}

/// The verdict over the grid's universe (see the module's documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Verdict {
    /// No cell gained or lost access (cells may have `changed`).
    Same,
    /// Some cells lost access, none gained.
    Narrower,
    /// Some cells gained access, none lost.
    Broader,
    /// Some cells gained access and others lost it.
    Mixed,
}

impl Verdict {
    /// `same`, `narrower`, `broader` or `mixed` (the page's `data-verdict`, the command line's
    /// JSON).
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Same => "same",
            Verdict::Narrower => "narrower",
            Verdict::Broader => "broader",
            Verdict::Mixed => "mixed",
        }
    }

    /// The verdict of `gained` and `lost` cells.
    pub fn of(gained: usize, lost: usize) -> Verdict {
        match (gained > 0, lost > 0) {
            (false, false) => Verdict::Same,
            (false, true) => Verdict::Narrower,
            (true, false) => Verdict::Broader,
            (true, true) => Verdict::Mixed,
        }
    }
}

/// One cell that differs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellChange {
    /// The principal's name.
    pub principal: String,
    /// The action.
    pub action: &'static str,
    /// How it changed.
    pub change: Change,
    /// The cell before (`None`: the principal or action was not there, so no access).
    pub before: Option<Cell>,
    /// The cell after (`None`: the principal or action is not there, so no access).
    pub after: Option<Cell>,
}

/// Every cell that differs between two grids, with the counts and the verdict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GridDiff {
    /// The cells that differ, action after action (the after grid's order, then actions only
    /// before), principals in the after grid's order, then those only before.
    pub cells: Vec<CellChange>,
    /// Cells that gained access.
    pub gained: usize,
    /// Cells that lost access.
    pub lost: usize,
    /// Cells denied on both sides for another reason.
    pub changed: usize,
    /// The verdict over access.
    pub verdict: Verdict,
}

impl GridDiff {
    /// True when no cell differs at all (not even in its reason).
    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }
}

/// How a cell changed from `before` to `after` (`None`: not on that side, no access), if it did.
fn change(before: Option<Cell>, after: Option<Cell>) -> Option<Change> {
    let allowed = |c: Option<Cell>| c.is_some_and(|c| c.allowed());
    match (allowed(before), allowed(after)) {
        (false, true) => Some(Change::Gained),
        (true, false) => Some(Change::Lost),
        (true, true) => None,
        (false, false) => match (before, after) {
            (Some(b), Some(a)) if b != a => Some(Change::Changed),
            _ => None,
        },
    }
}

/// Position of each name, the first of a repeated name winning.
fn first_positions<'a, S: AsRef<str> + 'a>(
    names: impl Iterator<Item = &'a S>,
) -> HashMap<&'a str, usize> {
    let mut map = HashMap::new();
    for (i, n) in names.enumerate() {
        map.entry(n.as_ref()).or_insert(i);
    }
    map
}

/// The cells that differ from `before` to `after`, over the union of both grids by (principal
/// name, action); see the module's documentation for the kinds of change and the verdict.
pub fn diff(before: &NamedGrid, after: &NamedGrid) -> GridDiff {
    let before_columns = first_positions(before.principals.iter());
    let after_columns = first_positions(after.principals.iter());
    // The universe's principals: the after grid's (first of each name), then those only before.
    let mut principals: Vec<(&str, Option<usize>, Option<usize>)> = Vec::new();
    for (i, name) in after.principals.iter().enumerate() {
        if after_columns.get(name.as_str()) == Some(&i) {
            principals.push((name, before_columns.get(name.as_str()).copied(), Some(i)));
        }
    }
    for (i, name) in before.principals.iter().enumerate() {
        if before_columns.get(name.as_str()) == Some(&i)
            && !after_columns.contains_key(name.as_str())
        {
            principals.push((name, Some(i), None));
        }
    }
    // The rows: when both grids have the same actions (a keystroke's case), row for row.
    let same_rows = before.actions == after.actions;
    let before_rows = if same_rows {
        HashMap::new()
    } else {
        first_positions(before.actions.iter())
    };
    let mut rows: Vec<(&'static str, Option<usize>, Option<usize>)> = Vec::new();
    for (i, action) in after.actions.iter().enumerate() {
        let b = if same_rows {
            Some(i)
        } else {
            before_rows.get(action).copied()
        };
        rows.push((action, b, Some(i)));
    }
    if !same_rows {
        let after_rows = first_positions(after.actions.iter());
        for (i, action) in before.actions.iter().enumerate() {
            if !after_rows.contains_key(action) && before_rows.get(action) == Some(&i) {
                rows.push((action, Some(i), None));
            }
        }
    }
    let at = |grid: &NamedGrid, row: Option<usize>, column: Option<usize>| -> Option<Cell> {
        grid.cells.get(row?)?.get(column?).copied()
    };
    let mut cells = Vec::new();
    let (mut gained, mut lost, mut changed) = (0, 0, 0);
    for &(action, before_row, after_row) in &rows {
        for &(name, before_column, after_column) in &principals {
            let b = at(before, before_row, before_column);
            let a = at(after, after_row, after_column);
            if b == a {
                continue;
            }
            let Some(kind) = change(b, a) else {
                continue;
            };
            match kind {
                Change::Gained => gained += 1,
                Change::Lost => lost += 1,
                Change::Changed => changed += 1,
            }
            cells.push(CellChange {
                principal: name.to_string(),
                action,
                change: kind,
                before: b,
                after: a,
            });
        }
    }
    GridDiff {
        cells,
        gained,
        lost,
        changed,
        verdict: Verdict::of(gained, lost),
    }
}

impl Workspace {
    /// The principals' names, in column order.
    fn principal_names(&self) -> Vec<String> {
        self.scenario
            .principals
            .iter()
            .map(|p| p.name.clone())
            .collect()
    }

    /// The grid keyed by names: every action the filter selects (before the row filter: a
    /// comparison covers the rows the page hides too) × every principal. From the last grid's
    /// memory when nothing that decides changed since [`Workspace::grid`], so that after a
    /// keystroke's grid it costs a copy of the cells (grids too large to remember, past 60,000
    /// cells, are decided again). `None` when a policy has errors.
    pub fn named_grid(&self) -> Option<NamedGrid> {
        let (actions, cells) = self.decided()?;
        Some(NamedGrid {
            principals: self.principal_names(),
            actions,
            cells,
        })
    }

    /// The grid keyed by names over `actions` (in that order) rather than the filter's, decided
    /// afresh (a baseline decided over the current grid's rows). `None` when a policy has
    /// errors.
    pub fn named_grid_for(&self, actions: &[&'static str]) -> Option<NamedGrid> {
        if self.has_errors() {
            return None;
        }
        let plans = self.plans(actions);
        let count = self.scenario.principals.len();
        let cells = self.decide_cells(actions, &plans, &mut [], &Default::default(), 0..count);
        Some(NamedGrid {
            principals: self.principal_names(),
            actions: actions.to_vec(),
            cells,
        })
    }
}

/// The cells that differ from scenario `before` to scenario `after`, both decided over the
/// actions either filter selects (`after`'s, then those only `before`'s selects): what the
/// command line's `diff OLD NEW` prints. `None` when a policy of either has errors.
pub fn diff_scenarios(before: &Workspace, after: &Workspace) -> Option<GridDiff> {
    let mut actions = after.actions();
    let known: std::collections::HashSet<&'static str> = actions.iter().copied().collect();
    actions.extend(before.actions().into_iter().filter(|a| !known.contains(a)));
    let b = before.named_grid_for(&actions)?;
    let a = after.named_grid_for(&actions)?;
    Some(diff(&b, &a))
}

/// True when `a` and `b` are the same document but for their baselines.
pub fn same_but_baseline(a: &Scenario, b: &Scenario) -> bool {
    // Every field but `baseline`, named so that a new field is not forgotten here.
    let Scenario {
        version,
        title,
        endpoints,
        principals,
        resources,
        accounts,
        organization,
        context,
        actions,
        resource,
        selected_resource,
        selected,
        preset,
        rows,
        access,
        pivot,
        expectations,
        baseline: _,
        network,
    } = a;
    *version == b.version
        && *title == b.title
        && *endpoints == b.endpoints
        && *principals == b.principals
        && *resources == b.resources
        && *accounts == b.accounts
        && *organization == b.organization
        && *context == b.context
        && *actions == b.actions
        && *resource == b.resource
        && *selected_resource == b.selected_resource
        && *selected == b.selected
        && *preset == b.preset
        && *rows == b.rows
        && *access == b.access
        && *pivot == b.pivot
        && *expectations == b.expectations
        && *network == b.network
}

/// The scenario the page compares its grid with: kept with "keep as baseline", the preset as
/// it opened, or another file. It is decided over the current grid's actions (by name; its own
/// action filter does not matter), and that grid is kept until the actions change, so that a
/// keystroke costs only the comparison. Its side of a changed cell is explained by
/// [`Baseline::explain`].
#[derive(Debug, Clone)]
pub struct Baseline {
    workspace: Workspace,
    /// The actions last decided and their grid.
    decided: RefCell<Option<Decided>>,
}

/// The actions a baseline was last decided over, and its grid (`None` when a policy of the
/// baseline has errors).
type Decided = (Vec<&'static str>, Option<Rc<NamedGrid>>);

impl Baseline {
    /// A baseline of `scenario` (its own baseline, if any, is left out: one level only).
    pub fn new(mut scenario: Scenario) -> Baseline {
        scenario.baseline = None;
        Baseline {
            workspace: Workspace::new(scenario),
            decided: RefCell::new(None),
        }
    }

    /// A baseline of `ws` as it is now (its document without its own baseline): its parses
    /// shared rather than read again (an imported account is its own baseline: parsing it twice
    /// would double the import's work).
    pub fn of_workspace(ws: &mut Workspace) -> Baseline {
        let own = ws.scenario.baseline.take();
        let memo = ws.memo.take();
        let workspace = ws.clone();
        ws.scenario.baseline = own;
        *ws.memo.borrow_mut() = memo;
        Baseline {
            workspace,
            decided: RefCell::new(None),
        }
    }

    /// True when the baseline's grid over `actions` is kept (asking for it costs nothing).
    pub fn knows(&self, actions: &[&'static str]) -> bool {
        self.decided
            .borrow()
            .as_ref()
            .is_some_and(|(kept, _)| kept.as_slice() == actions)
    }

    /// Keeps `grid` as the baseline's grid over its actions, when the baseline is the document
    /// `now` was decided from ([`same_but_baseline`]): a baseline just kept, or an account just
    /// imported, is not decided a second time. False (nothing kept) otherwise.
    pub fn adopt(&self, current: &Scenario, grid: &NamedGrid) -> bool {
        if !same_but_baseline(self.scenario(), current) {
            return false;
        }
        *self.decided.borrow_mut() = Some((grid.actions.clone(), Some(Rc::new(grid.clone()))));
        true
    }

    /// The baseline's grid over `actions` to decide in slices (as the page decides a large
    /// grid), when it is not kept and the baseline has no errors.
    pub fn slices_for(&self, actions: &[&'static str]) -> Option<super::GridSlices> {
        if self.knows(actions) {
            return None;
        }
        self.workspace.grid_slices_over(actions.to_vec())
    }

    /// Decides the next `rows` rows of the baseline's `slices`; the number decided.
    pub fn decide_slice(&self, slices: &mut super::GridSlices, rows: usize) -> usize {
        self.workspace.decide_slice(slices, rows)
    }

    /// Keeps the grid of `slices` once every row is decided (then [`Baseline::diff`] over its
    /// actions costs only the comparison); false before.
    pub fn keep(&self, slices: super::GridSlices) -> bool {
        let Some((actions, cells)) = slices.finish() else {
            return false;
        };
        let grid = NamedGrid {
            principals: self.workspace.principal_names(),
            actions: actions.clone(),
            cells,
        };
        *self.decided.borrow_mut() = Some((actions, Some(Rc::new(grid))));
        true
    }

    /// The baseline's document.
    pub fn scenario(&self) -> &Scenario {
        &self.workspace.scenario
    }

    /// The baseline's workspace (its policies parsed, its principals given ids).
    pub fn workspace(&self) -> &Workspace {
        &self.workspace
    }

    /// True when a policy of the baseline has errors: it cannot be decided (a baseline read
    /// from a file may be broken; one kept from the page never is).
    pub fn has_errors(&self) -> bool {
        self.workspace.has_errors()
    }

    /// The baseline's grid over `actions`, kept while they are the same. `None` when a policy
    /// of the baseline has errors.
    pub fn grid_for(&self, actions: &[&'static str]) -> Option<Rc<NamedGrid>> {
        if let Some((kept, grid)) = self.decided.borrow().as_ref() {
            if kept.as_slice() == actions {
                return grid.clone();
            }
        }
        let grid = self.workspace.named_grid_for(actions).map(Rc::new);
        *self.decided.borrow_mut() = Some((actions.to_vec(), grid.clone()));
        grid
    }

    /// The cells that differ from the baseline to `now` (the current grid, keyed by names: see
    /// [`Workspace::named_grid`]), over `now`'s actions and both sides' principals. `None` when
    /// a policy of the baseline has errors.
    pub fn diff(&self, now: &NamedGrid) -> Option<GridDiff> {
        let before = self.grid_for(&now.actions)?;
        Some(diff(&before, now))
    }

    /// The cells that differ from the baseline to the grid of `current`. `None` when a policy of
    /// either has errors.
    pub fn diff_workspace(&self, current: &Workspace) -> Option<GridDiff> {
        self.diff(&current.named_grid()?)
    }

    /// Explains the baseline's side of a cell: the first baseline principal named `principal`
    /// asking for `action`, as the baseline decided it. `None` when the baseline has no such
    /// principal or a policy of it has errors.
    pub fn explain(&self, principal: &str, action: &str) -> Option<Explanation> {
        if self.workspace.has_errors() {
            return None;
        }
        let at = self
            .workspace
            .scenario
            .principals
            .iter()
            .position(|p| p.name == principal)?;
        self.workspace
            .explain(self.workspace.principal_id(at)?, action)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Layer;

    /// An allowed cell.
    fn ok() -> Cell {
        Cell::decided(Decision::Allowed, LayerSet::default())
    }

    fn denied(explicit: bool, layer: Layer) -> Cell {
        let blocked_by = LayerSet::of(&[layer]);
        Cell::decided(
            if explicit {
                Decision::ExplicitlyDenied
            } else {
                Decision::ImplicitlyDenied
            },
            blocked_by,
        )
    }

    /// A grid of `principals` × `actions` with `cells` row after row.
    fn grid(principals: &[&str], actions: &[&'static str], cells: &[Cell]) -> NamedGrid {
        NamedGrid {
            principals: principals.iter().map(|p| p.to_string()).collect(),
            actions: actions.to_vec(),
            cells: cells
                .chunks(principals.len())
                .map(<[Cell]>::to_vec)
                .collect(),
        }
    }

    fn kinds(d: &GridDiff) -> Vec<(String, &'static str, Change)> {
        d.cells
            .iter()
            .map(|c| (c.principal.clone(), c.action, c.change))
            .collect()
    }

    /// The cells that gained or lost access.
    fn access(d: &GridDiff) -> Vec<(String, &'static str, Change)> {
        kinds(d)
            .into_iter()
            .filter(|(_, _, c)| *c != Change::Changed)
            .collect()
    }

    const A: &str = "s3:GetObject";
    const B: &str = "s3:PutObject";

    #[test]
    fn every_verdict_and_every_kind_of_change() {
        let implicit = denied(false, Layer::IdentityPolicies);
        let before = grid(&["x", "y"], &[A, B], &[ok(), implicit, implicit, ok()]);
        // Nothing changed.
        let same = diff(&before, &before);
        assert_eq!((same.verdict, same.is_empty()), (Verdict::Same, true));
        // Only gains.
        let after = grid(&["x", "y"], &[A, B], &[ok(), ok(), implicit, ok()]);
        let d = diff(&before, &after);
        assert_eq!(d.verdict, Verdict::Broader);
        assert_eq!((d.gained, d.lost, d.changed), (1, 0, 0));
        assert_eq!(kinds(&d), [("y".into(), A, Change::Gained)]);
        assert_eq!(
            (d.cells[0].before, d.cells[0].after),
            (Some(implicit), Some(ok()))
        );
        // Only losses.
        let d = diff(&after, &before);
        assert_eq!((d.verdict, d.gained, d.lost), (Verdict::Narrower, 0, 1));
        // Both.
        let after = grid(&["x", "y"], &[A, B], &[implicit, ok(), implicit, ok()]);
        let d = diff(&before, &after);
        assert_eq!((d.verdict, d.gained, d.lost), (Verdict::Mixed, 1, 1));
        assert_eq!(
            kinds(&d),
            [
                ("x".into(), A, Change::Lost),
                ("y".into(), A, Change::Gained)
            ]
        );
    }

    #[test]
    fn a_new_reason_to_deny_is_listed_but_leaves_the_verdict_same() {
        let implicit = denied(false, Layer::IdentityPolicies);
        let by_endpoint = denied(false, Layer::Endpoint);
        let explicit = denied(true, Layer::Scps);
        let before = grid(&["x", "y"], &[A], &[implicit, implicit]);
        let after = grid(&["x", "y"], &[A], &[by_endpoint, explicit]);
        let d = diff(&before, &after);
        assert_eq!(d.verdict, Verdict::Same);
        assert!(!d.is_empty());
        assert_eq!((d.gained, d.lost, d.changed), (0, 0, 2));
        assert_eq!(
            kinds(&d),
            [
                ("x".into(), A, Change::Changed),
                ("y".into(), A, Change::Changed)
            ]
        );
    }

    #[test]
    fn principals_and_actions_on_one_side_only_have_no_access_on_the_other() {
        let implicit = denied(false, Layer::IdentityPolicies);
        let before = grid(&["gone", "kept"], &[A], &[ok(), implicit]);
        let after = grid(
            &["kept", "new", "new-denied"],
            &[A, B],
            &[implicit, ok(), implicit, ok(), implicit, implicit],
        );
        let d = diff(&before, &after);
        // `gone` lost its access; `new` gained two cells; `kept` gained B (a row only after);
        // a denied cell on one side only is no change.
        assert_eq!(
            kinds(&d),
            [
                ("new".into(), A, Change::Gained),
                ("gone".into(), A, Change::Lost),
                ("kept".into(), B, Change::Gained),
            ]
        );
        assert_eq!(d.cells[1].after, None);
        assert_eq!(d.cells[2].before, None);
        assert_eq!(d.verdict, Verdict::Mixed);
        // The other way round; a row only before is lost where it was allowed.
        let d = diff(&after, &before);
        assert_eq!(
            kinds(&d),
            [
                ("gone".into(), A, Change::Gained),
                ("new".into(), A, Change::Lost),
                ("kept".into(), B, Change::Lost),
            ]
        );
    }

    #[test]
    fn a_repeated_name_compares_its_first_principal() {
        let implicit = denied(false, Layer::IdentityPolicies);
        let before = grid(&["x", "x"], &[A], &[ok(), implicit]);
        let after = grid(&["x"], &[A], &[ok()]);
        assert!(diff(&before, &after).is_empty());
        let after = grid(&["x", "x"], &[A], &[implicit, ok()]);
        assert_eq!(
            kinds(&diff(&before, &after)),
            [("x".into(), A, Change::Lost)]
        );
    }

    fn exam() -> Scenario {
        presets::preset("sagemaker-api-exam")
            .expect("preset")
            .scenario
    }

    /// The exam's endpoint policy with `"Principal": "*"`.
    fn admit_everyone(ws: &mut Workspace) {
        let policy = ws.scenario.endpoints[0].policy.replace(
            r#"{ "AWS": "arn:aws:iam::111122223333:user/specific-user" }"#,
            r#""*""#,
        );
        ws.set_endpoint_policy(policy);
    }

    #[test]
    fn the_exam_reads_broader_when_the_endpoint_admits_everyone() {
        let baseline = Baseline::new(exam());
        let mut ws = Workspace::new(exam());
        assert!(baseline.diff_workspace(&ws).expect("decided").is_empty());
        admit_everyone(&mut ws);
        let d = baseline.diff_workspace(&ws).expect("decided");
        assert_eq!(d.verdict, Verdict::Broader);
        // other-user and the instance role, which carry the same IAM policy, gain the call.
        assert_eq!(
            access(&d),
            [
                (
                    "other-user".into(),
                    "sagemaker:CreateTrainingJob",
                    Change::Gained
                ),
                (
                    "ml-instance-role".into(),
                    "sagemaker:CreateTrainingJob",
                    Change::Gained
                ),
            ]
        );
        // Their other cells stay denied, but no longer by the endpoint: listed as changed.
        assert_eq!(d.changed, 2 * (ws.actions().len() - 1));
        let (principal, action) = ("other-user", "sagemaker:DeleteModel");
        let cell = d
            .cells
            .iter()
            .find(|c| c.principal == principal && c.action == action)
            .expect("changed");
        assert_eq!(cell.change, Change::Changed);
        assert_eq!(
            cell.before.map(|c| c.blocked_by.iter().collect::<Vec<_>>()),
            Some(vec![Layer::IdentityPolicies, Layer::Endpoint])
        );
        assert_eq!(
            cell.after.map(|c| c.blocked_by.iter().collect::<Vec<_>>()),
            Some(vec![Layer::IdentityPolicies])
        );
        // Both sides of a changed cell explain themselves.
        let before = baseline
            .explain("other-user", "sagemaker:CreateTrainingJob")
            .expect("baseline side");
        assert_eq!(before.evaluation.decision, Decision::ImplicitlyDenied);
        assert_eq!(before.evaluation.blocked_by, [Layer::Endpoint]);
        let other = crate::scenario::tests::named(&ws, "other-user");
        let now = ws
            .explain(other, "sagemaker:CreateTrainingJob")
            .expect("now");
        assert_eq!(now.evaluation.decision, Decision::Allowed);
        assert!(baseline
            .explain("nobody", "sagemaker:CreateTrainingJob")
            .is_none());
        // Narrowing it to nobody loses specific-user's access.
        ws.set_endpoint_policy(
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "*", "Resource": "*"}]}"#
                .into(),
        );
        let d = baseline.diff_workspace(&ws).expect("decided");
        assert_eq!((d.verdict, d.gained, d.lost), (Verdict::Narrower, 0, 1));
        // The other cells turned from implicit to explicit denials: listed, not counted as lost.
        assert_eq!(d.changed, 3 * ws.actions().len() - 1);
        assert_eq!(
            access(&d),
            [(
                "specific-user".into(),
                "sagemaker:CreateTrainingJob",
                Change::Lost
            )]
        );
    }

    #[test]
    fn the_baseline_grid_is_kept_while_the_actions_are_the_same() {
        let baseline = Baseline::new(exam());
        let mut ws = Workspace::new(exam());
        let now = ws.named_grid().expect("grid");
        let first = baseline.grid_for(&now.actions).expect("decided");
        let again = baseline.grid_for(&now.actions).expect("decided");
        assert!(Rc::ptr_eq(&first, &again));
        // Other rows: decided again, over those rows, whatever the baseline's own filter.
        ws.scenario.actions = "sagemaker:CreateTrainingJob, s3:GetObject".into();
        let now = ws.named_grid().expect("grid");
        let other = baseline.grid_for(&now.actions).expect("decided");
        assert!(!Rc::ptr_eq(&first, &other));
        assert_eq!(
            other.actions,
            ["s3:GetObject", "sagemaker:CreateTrainingJob"]
        );
        assert_eq!(
            other.cell("specific-user", "sagemaker:CreateTrainingJob"),
            Some(ok())
        );
        assert!(baseline.diff(&now).expect("decided").is_empty());
        // A baseline with a policy error cannot be decided.
        let mut broken = exam();
        broken.endpoints[0].policy = "{".into();
        let broken = Baseline::new(broken);
        assert!(broken.has_errors());
        assert_eq!(broken.diff(&now), None);
    }

    #[test]
    fn the_named_grid_covers_the_rows_the_row_filter_hides() {
        let mut ws = Workspace::new(exam());
        ws.scenario.rows = RowFilter::AnyAllowed;
        let shown = ws.grid().expect("grid");
        let all = ws.named_grid().expect("grid");
        assert_eq!(shown.actions, ["sagemaker:CreateTrainingJob"]);
        assert_eq!(all.actions, ws.actions());
        assert_eq!(
            all.principals,
            ["specific-user", "other-user", "ml-instance-role"]
        );
        // It is the grid's memory: the same cells as decided afresh.
        assert_eq!(Workspace::new(ws.scenario.clone()).named_grid(), Some(all));
    }

    #[test]
    fn two_scenarios_compare_over_the_actions_either_selects() {
        let before = Workspace::new(exam());
        let mut after = Workspace::new(exam());
        after.scenario.actions = "sagemaker:CreateTrainingJob".into();
        // Fewer rows shown is not a change.
        assert!(diff_scenarios(&before, &after).expect("decided").is_empty());
        admit_everyone(&mut after);
        after
            .scenario
            .principals
            .retain(|p| p.name != "ml-instance-role");
        let after = Workspace::new(after.scenario);
        let d = diff_scenarios(&before, &after).expect("decided");
        assert_eq!(
            access(&d),
            [(
                "other-user".into(),
                "sagemaker:CreateTrainingJob",
                Change::Gained
            )]
        );
        // Over every SageMaker action (the rows before): the instance role, gone, had no access.
        assert_eq!(d.changed, before.actions().len() - 1);
        let mut broken = after.scenario.clone();
        broken.principals[0].policies[0].text = "{".into();
        assert_eq!(diff_scenarios(&before, &Workspace::new(broken)), None);
    }
}
