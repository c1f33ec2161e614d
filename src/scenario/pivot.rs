//! The grid pivoted on one action: principals × resources. One row for the resource the action
//! names when no named resource is selected (its representative ARN, or the scenario's
//! resource), then one per named resource, each decided with that resource selected: its ARN
//! when it fits the action, its policy and its account.

use super::*;

/// One row of the pivot: a resource and each principal's decision on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PivotRow {
    /// The named resource (empty for the action's own resource).
    pub name: String,
    /// The ARN the request names.
    pub arn: String,
    /// One cell per principal, in column order.
    pub cells: Vec<Cell>,
}

/// Principals × resources for one action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pivot {
    /// The action.
    pub action: String,
    /// The principals, in order (columns).
    pub principals: Vec<PrincipalId>,
    /// The resources (rows).
    pub rows: Vec<PivotRow>,
}

/// The longest action a pivot accepts (AWS action names are far shorter): a hostile share link
/// cannot make every cell copy a megabyte.
pub const MAX_PIVOT_ACTION: usize = 256;

impl Workspace {
    /// Decides `action` for every principal against every resource: `None` when a policy has
    /// errors, or the action is empty or longer than [`MAX_PIVOT_ACTION`].
    pub fn pivot(&self, action: &str) -> Option<Pivot> {
        if self.has_errors() || action.trim().is_empty() || action.len() > MAX_PIVOT_ACTION {
            return None;
        }
        let named = self
            .scenario
            .resources
            .iter()
            .map(|r| (r.name.clone(), Some(r.arn.as_str())));
        let table = self.paths();
        let rows = std::iter::once((String::new(), None))
            .chain(named)
            .map(|(name, selected)| {
                let arn = self.resource_with(action, selected);
                let route = self.route(action, &arn);
                let cells = (0..self.scenario.principals.len())
                    .map(|p| self.decide_cell(table.as_deref(), p, action, &arn, route))
                    .collect();
                PivotRow { name, arn, cells }
            })
            .collect();
        Some(Pivot {
            action: action.to_string(),
            principals: self.principal_ids().collect(),
            rows,
        })
    }

    /// One cell: principal `p` asking for `action` on `resource` along `route` (or, for a
    /// principal calling from a workload, along its network path in `table`, the current
    /// [`Workspace::paths`], which callers deciding many cells fetch once).
    pub(super) fn decide_cell(
        &self,
        table: Option<&netpath::PathTable>,
        p: usize,
        action: &str,
        resource: &str,
        route: Route,
    ) -> Cell {
        let route = match self.reach(table, p, action, route) {
            netpath::Reach::Arrives(route) => route,
            netpath::Reach::Stopped(hop) => return Cell::unreachable(hop),
        };
        // The request carries its resource's organization already.
        let Some(request) = self.request(p, action, resource, route) else {
            return Cell::default();
        };
        match self.policy_set(p, route, request.resource_account.as_deref()) {
            Some(set) => {
                let v = crate::engine::verdict(&set, &request);
                Cell::decided(v.decision, v.blocked_by)
            }
            None => Cell::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decision(pivot: &Pivot, ws: &Workspace, principal: &str, resource: &str) -> Decision {
        let id = crate::scenario::tests::named(ws, principal);
        let column = pivot
            .principals
            .iter()
            .position(|p| *p == id)
            .expect("column");
        let row = pivot.rows.iter().find(|r| r.name == resource).expect("row");
        row.cells[column].decision
    }

    #[test]
    fn every_named_resource_is_a_row_decided_with_its_own_policy() {
        let preset = presets::preset("s3-bucket-policy-requires-endpoint").expect("preset");
        let mut ws = Workspace::new(preset.scenario);
        ws.add_resource();
        let pivot = ws.pivot("s3:GetObject").expect("no errors");
        assert_eq!(pivot.rows.len(), 1 + ws.scenario.resources.len());
        assert_eq!(pivot.rows[0].name, "");
        let first = ws.scenario.resources[0].clone();
        let row = &pivot.rows[1];
        assert_eq!(
            (row.name.as_str(), row.arn.as_str()),
            (first.name.as_str(), first.arn.as_str())
        );
        // Each row decides as the main grid does with that resource selected.
        for (i, row) in pivot.rows.iter().enumerate() {
            ws.scenario.selected_resource = row.name.clone();
            let grid = ws.grid().expect("grid");
            let r = grid
                .actions
                .iter()
                .position(|a| *a == "s3:GetObject")
                .expect("row of the action");
            assert_eq!(row.cells, grid.cells[r], "row {i} ({})", row.name);
        }
    }

    #[test]
    fn the_bucket_policy_denies_over_the_internet_only_on_its_bucket() {
        let preset = presets::preset("s3-bucket-policy-requires-endpoint").expect("preset");
        let mut ws = Workspace::new(preset.scenario);
        ws.scenario.context.via_endpoint = false;
        let pivot = ws.pivot("s3:GetObject").expect("no errors");
        let bucket = ws.scenario.resources[0].name.clone();
        let role = ws.scenario.principals[0].name.clone();
        assert_eq!(
            decision(&pivot, &ws, &role, &bucket),
            Decision::ExplicitlyDenied
        );
        let row = pivot.rows.iter().find(|r| r.name == bucket).expect("row");
        assert!(row.cells[0]
            .blocked_by
            .contains(crate::engine::Layer::ResourcePolicy));
    }

    #[test]
    fn errors_or_no_action_decide_nothing() {
        let preset = presets::preset("s3-bucket-policy-requires-endpoint").expect("preset");
        let mut ws = Workspace::new(preset.scenario);
        assert_eq!(ws.pivot(" "), None);
        assert_eq!(ws.pivot(&"s".repeat(MAX_PIVOT_ACTION + 1)), None);
        ws.set_endpoint_policy("{".into());
        assert_eq!(ws.pivot("s3:GetObject"), None);
    }
}
