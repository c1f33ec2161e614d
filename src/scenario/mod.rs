//! The playground's document and its grid: principals × actions, decided through the endpoint.
//!
//! [`Scenario`] is the serializable document (presets, share links, the page's state).
//! [`Workspace`] holds it together with every policy already parsed, so that an edit re-parses
//! only the policy that changed, and gives each principal and policy a stable id
//! ([`PrincipalId`], [`PolicyId`]); [`Workspace::grid`] decides every cell and
//! [`Workspace::explain`] explains one. [`Workspace::check_expectations`] checks the document's
//! expectations against the same decisions, and a [`Baseline`] tells which cells an edit changed
//! ([`GridDiff`]). [`PageState`] is what the page shows around it (the open policy, the explained
//! cell). Pure Rust: the page, the widget, the JS API, the command line and the tests all use it.

mod access;
mod diff;
mod document;
mod editors;
mod edits;
mod expect;
mod grid;
mod ids;
mod layer_checks;
mod layers;
mod memo;
mod netpath;
pub mod network_edits;
mod page;
mod parses;
mod pivot;
pub mod presets;
mod quiz;
pub mod report;
mod requests;
mod roster;
pub mod share;
mod slices;
mod stack_edits;
#[cfg(test)]
mod tests;

pub use crate::engine::{
    flow_caption, layer_words, statement_words, step_phrase, step_words, ExplainedCondition,
};
pub use access::{
    catalog_action, AllowedAction, LevelAccess, QueryError, ServiceAccess, StatementRef, WhatCan,
    WhoCan, WhoCanRow, MAX_QUERY_ARGUMENT,
};
pub use diff::{
    diff, diff_scenarios, same_but_baseline, Baseline, CellChange, Change, GridDiff, NamedGrid,
    Verdict,
};
pub use document::{
    full_aws_access, AccountDoc, ContextDoc, EndpointDoc, Expect, ExpectationDoc, OrganizationDoc,
    OuDoc, PolicyDoc, PrincipalDoc, ResourceDoc, RowFilter, Scenario, DOCUMENT_VERSION,
    FULL_AWS_ACCESS_TEXT,
};
pub use edits::{parse_pairs, Field, PrincipalField, NEW_POLICY_TEXT};
pub use expect::{
    ExpectationCell, ExpectationResult, ExpectationState, MAX_CHECKED_CELLS, MAX_EXPECTATIONS,
    MAX_EXPECTATION_CELLS, MAX_EXPECTATION_NOTE, MAX_EXPECTATION_PATTERN, MAX_EXPECTATION_RESOURCE,
    MAX_PATTERN_WILDCARDS,
};
pub use grid::{
    arn_template_matches, check_filter, expand_actions, filtered_actions, Cell, EditorDiagnostic,
    ExplainedStatement, Explanation, Grid, LayerSet, MAX_FILTER, MAX_FILTER_PATTERNS,
};
use grid::{filter_patterns, summarize};
use ids::IdCounter;
pub use ids::{Editor, OrgLevel, PolicyId, PrincipalId};
pub use layers::{endpoint_service_prefix, MAX_OU_DEPTH};
use layers::{parse_endpoint, parse_resource_policy, Layers};
pub use netpath::{CallPath, HopRules, HopView, RuleLine};
pub use page::PageState;
pub use parses::KnownParses;
pub use pivot::{Pivot, PivotRow, MAX_PIVOT_ACTION};
pub use quiz::{
    quiz_cells, route_words, ItemState, Outcome, Prediction, Quiz, QuizItem, Score, MAX_QUIZ_CELLS,
};
use requests::Route;
pub use roster::{
    actions_changed, ActionChange, ColumnGroup, GridColumns, PrincipalKind, Roster, RosterGroup,
    ROSTER_THRESHOLD,
};
pub use slices::{GridSlices, SLICE_CELLS};
pub use stack_edits::ResourceField;

use std::rc::Rc;

use crate::catalog::{catalog, AccessLevel};
use crate::checks::parse_policy_text;
use crate::engine::{
    decide, reached_statements, verdict_indexed, ActionIndex, Code, Context, Decision, Diagnostic,
    Endpoint, EndpointType, Evaluation, LayerMemo, LineIndex, Located, NamedPolicy, ParsedPolicy,
    PolicyKind, PolicySet, Principal, Request, Span, StatementCheck,
};

/// A scenario with every policy parsed and every principal and policy given an id. Keep one per
/// page and edit through its methods: a text edit parses only the edited policy again, and
/// principals and policies are added and removed through [`Workspace::add_principal_like`],
/// [`Workspace::remove_principal`], [`Workspace::add_policy`] and [`Workspace::remove_policy`],
/// which keep the ids in step with the document (the other fields of `scenario` may be set
/// directly).
#[derive(Debug, Clone)]
pub struct Workspace {
    /// The document.
    pub scenario: Scenario,
    /// The endpoints', resources' and organization's policies, parsed.
    layers: Layers,
    /// One per principal of `scenario`, in the same order.
    slots: Vec<PrincipalSlot>,
    ids: IdCounter,
    /// Each action's resource, route and resource account, kept while what decides them (the
    /// actions, resources, region, endpoints, owner) is unchanged: an edit of a policy's text
    /// decides the grid again without working them out again.
    plans: std::cell::RefCell<Option<(requests::PlanKey, std::rc::Rc<Vec<requests::Plan>>)>>,
    /// What each layer said about each cell of the last grid, and the document it holds for
    /// (see `memo.rs`): an edit of one policy's text decides only that layer again.
    memo: std::cell::RefCell<Option<memo::GridMemo>>,
    /// The actions each expectation's action pattern expands to, by pattern (the catalog does
    /// not change): checking the expectations after a keystroke expands nothing again.
    expansions: expect::Expansions,
    /// The paths of the workloads' calls through the current network (see `netpath.rs`).
    paths: std::cell::RefCell<Option<std::rc::Rc<netpath::PathTable>>>,
}

/// A principal's id and its policies' ids and parses. A parse is shared (`Rc`) with every other
/// principal whose policy of the same kind has the same text (see `parses.rs`); an edit replaces
/// the edited slot's parse only.
#[derive(Debug, Clone)]
struct PrincipalSlot {
    id: PrincipalId,
    /// One per policy of the principal, in the same order.
    policies: Vec<PolicySlot>,
    /// Its permissions boundary, parsed (`None` when it has none).
    boundary: Option<Rc<ParsedPolicy>>,
    /// Its session policy, parsed (`None` when it has none).
    session: Option<Rc<ParsedPolicy>>,
}

impl PrincipalSlot {
    /// The slot of principal `doc`, its policies given ids from `ids` and parsed through
    /// `parses` (a text parsed before is not parsed again).
    fn new<'t>(
        doc: &'t PrincipalDoc,
        ids: &mut IdCounter,
        parses: &mut parses::Parses<'t>,
    ) -> PrincipalSlot {
        PrincipalSlot {
            id: ids.principal(),
            policies: doc
                .policies
                .iter()
                .map(|d| PolicySlot {
                    id: ids.policy(),
                    parsed: parses.get(&d.text, PolicyKind::Identity),
                })
                .collect(),
            boundary: parses.optional(&doc.boundary, PolicyKind::PermissionsBoundary),
            session: parses.optional(&doc.session_policy, PolicyKind::Session),
        }
    }
}

/// Parses a policy text of `kind`; `None` for an empty text (no policy).
fn parse_optional(text: &str, kind: PolicyKind) -> Option<Rc<ParsedPolicy>> {
    (!text.trim().is_empty()).then(|| Rc::new(parse_policy_text(text, kind)))
}

#[derive(Debug, Clone)]
struct PolicySlot {
    id: PolicyId,
    /// Shared with the principals whose identity policy has the same text (see `parses.rs`).
    parsed: Rc<ParsedPolicy>,
}

/// Most principals a scenario may hold (share links are untrusted input): enough for an
/// imported account (hundreds of users and roles), few enough that a grid of them stays quick.
pub const MAX_PRINCIPALS: usize = 1_000;
/// Most identity policies per principal: enough for an imported user's own policies and those
/// of its groups (AWS allows 10 managed policies per user, role and group by default, and a user
/// in 10 groups).
pub const MAX_POLICIES: usize = 100;

/// What [`Workspace::decide_cells`] keeps per column while it decides a grid. Requests are made
/// once per principal and route (endpoint and path), policy sets once per principal, route and
/// resource account; each cell only retargets the request (its action and resource) and
/// decides. A column keeps its own few of each: the principals calling from workloads take
/// routes of their own. What the network does to each column's calls is kept per service
/// (`None`: no workload).
#[derive(Debug, Clone)]
pub(super) struct ColumnCache {
    requests: Vec<Vec<(RequestKey, Option<Request>)>>,
    sets: Vec<Vec<(SetKey, Option<PolicySet>)>>,
    reaches: Vec<Vec<(&'static str, Option<netpath::NetReach>)>>,
}

/// A cached request's key: the endpoint and network path of its route.
type RequestKey = (Option<usize>, Option<u32>);
/// A cached policy set's key: the route and the resource's account.
type SetKey = (Route, Option<String>);

impl ColumnCache {
    /// Nothing kept yet, for `count` columns.
    fn new(count: usize) -> ColumnCache {
        ColumnCache {
            requests: vec![Vec::new(); count],
            sets: vec![Vec::new(); count],
            reaches: vec![Vec::new(); count],
        }
    }

    /// Drops the policy sets, keeping the requests and reaches: what still holds after an edit
    /// of policy texts alone (sets hold the policies' parses; requests and reaches depend on the
    /// principals, the context, the endpoints and the network).
    fn forget_policy_sets(&mut self) {
        for sets in &mut self.sets {
            sets.clear();
        }
    }
}

/// What every cell of one grid row shares: its action, the resource its requests name, the
/// route every principal without a workload takes, the resource's account (given, or the ARN's)
/// and that account's organization.
struct RowTarget<'a> {
    action: &'static str,
    /// The action's service prefix (`sagemaker`).
    prefix: &'static str,
    resource: &'a str,
    route: Route,
    account: Option<&'a str>,
    /// The account the row's requests name ([`Request::retarget`]'s): `account`, else the
    /// resource ARN's.
    request_account: Option<&'a str>,
    resource_org: Option<&'a str>,
}

impl<'a> RowTarget<'a> {
    /// The row of `action` on `resource` by `route`, whose resource is `account`'s (given or
    /// read from the ARN as the grid's plans read it) in the organization `resource_org`.
    fn new(
        action: &'static str,
        resource: &'a str,
        route: Route,
        account: Option<&'a str>,
        resource_org: Option<&'a str>,
    ) -> RowTarget<'a> {
        RowTarget {
            action,
            prefix: service_prefix(action),
            resource,
            route,
            account,
            request_account: account.or_else(|| crate::engine::values::arn_account(resource)),
            resource_org,
        }
    }
}

/// What the next question over the same, unchanged workspace can reuse of the cells decided
/// before: what the [`ActionIndex`] learnt of each policy's patterns, and each principal's
/// requests and policy sets. Made empty by [`QueryCache::default`], filled by
/// [`Workspace::who_can_with`] and by a grid decided in slices ([`GridSlices::finish_keeping`]).
/// Valid only for the workspace it was filled from, unedited: the page drops it on every edit.
pub struct QueryCache {
    index: ActionIndex,
    /// Each principal's requests and policy sets: made only from a workspace without errors
    /// (so that a cache holding them answers "no errors" without looking again).
    kept: Option<ColumnCache>,
}

impl QueryCache {
    /// True when it holds nothing (no policy seen, no requests made): what
    /// [`QueryCache::default`] makes.
    pub fn is_empty(&self) -> bool {
        self.kept.is_none() && self.index.policies() == 0
    }
}

impl Default for QueryCache {
    fn default() -> QueryCache {
        QueryCache {
            index: ActionIndex::new(""),
            kept: None,
        }
    }
}

impl std::fmt::Debug for QueryCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("QueryCache")
            .field("policies", &self.index.policies())
            .field("columns", &self.kept.as_ref().map(|k| k.requests.len()))
            .finish()
    }
}

/// The service prefix of an action (`sagemaker` of `sagemaker:CreateTrainingJob`).
fn service_prefix(action: &str) -> &str {
    action.split(':').next().unwrap_or_default()
}

impl Workspace {
    /// Decides principal `column`'s cell of the row `target` names, as the grid decides it (the
    /// network's reach of the column's calls, its request retargeted to the row's action and
    /// resource, its policy set), taking each request, policy set and reach from `kept` when it
    /// holds one and keeping there the ones it makes. With the decided cell, the route the call
    /// arrived by and the request and policy set that decided it (`None` for a call stopped in
    /// the network, or a principal whose request or policies cannot be made). The policies have
    /// no errors (the caller checked).
    fn column_cell<'k>(
        &self,
        table: Option<&netpath::PathTable>,
        column: usize,
        target: &RowTarget<'_>,
        memo: &mut LayerMemo,
        index: &ActionIndex,
        kept: &'k mut ColumnCache,
    ) -> (Cell, Option<(Route, &'k Request, &'k PolicySet)>) {
        let ColumnCache {
            requests,
            sets,
            reaches,
        } = kept;
        let (Some(requests), Some(sets), Some(reaches)) = (
            requests.get_mut(column),
            sets.get_mut(column),
            reaches.get_mut(column),
        ) else {
            return (Cell::default(), None);
        };
        let (action, prefix) = (target.action, target.prefix);
        // Rows come by service (catalog order): the service of the row before, then the others
        // (a grid of every action meets hundreds of services per column).
        let known = reaches
            .last()
            .filter(|(p, _)| *p == prefix)
            .or_else(|| reaches.iter().find(|(p, _)| *p == prefix));
        let net = match known {
            Some((_, net)) => *net,
            None => {
                let net = self.net_reach(table, column, prefix);
                reaches.push((prefix, net));
                net
            }
        };
        let route = match netpath::NetReach::apply(net, target.route) {
            netpath::Reach::Arrives(route) => route,
            netpath::Reach::Stopped(hop) => return (Cell::unreachable(hop), None),
        };
        let key = (route.endpoint, route.path);
        let r = match requests.iter().position(|(k, _)| *k == key) {
            Some(r) => r,
            None => {
                let request = self.request(column, action, target.resource, route);
                requests.push((key, request));
                requests.len() - 1
            }
        };
        let account = target.account;
        let s = match sets
            .iter()
            .position(|((k, a), _)| *k == route && a.as_deref() == account)
        {
            Some(s) => s,
            None => {
                let set = self.stack(column, route, account);
                sets.push(((route, account.map(str::to_string)), set));
                sets.len() - 1
            }
        };
        let (Some((_, Some(request))), Some((_, Some(set)))) = (requests.get_mut(r), sets.get(s))
        else {
            return (Cell::default(), None);
        };
        // the index is set to the row's action: its lowercase spelling is the request's
        request.retarget_known(
            action,
            index.action(),
            target.resource,
            target.request_account,
        );
        requests::set_resource_org(request, target.resource_org);
        let v = verdict_indexed(set, request, memo, index);
        (
            Cell::decided(v.decision, v.blocked_by),
            Some((route, &*request, set)),
        )
    }
}

impl Workspace {
    /// Parses every policy of `scenario` and gives every principal and policy an id.
    pub fn new(scenario: Scenario) -> Workspace {
        Workspace::with_parses(scenario, &KnownParses::default())
    }

    /// [`Workspace::new`], taking the parses of `known` (made by an import) rather than parsing
    /// those texts again.
    pub fn with_parses(scenario: Scenario, known: &KnownParses) -> Workspace {
        let mut ids = IdCounter::default();
        // Each distinct text once per kind (an imported account repeats its managed policies
        // in every principal that has them attached).
        let mut parses = parses::Parses::with_known(known);
        let layers = Layers::parse_with(&scenario, &mut parses);
        let slots = scenario
            .principals
            .iter()
            .map(|p| PrincipalSlot::new(p, &mut ids, &mut parses))
            .collect();
        drop(parses);
        Workspace {
            scenario,
            layers,
            slots,
            ids,
            plans: std::cell::RefCell::new(None),
            memo: std::cell::RefCell::new(None),
            expansions: Default::default(),
            paths: Default::default(),
        }
    }

    /// Parses the endpoints', resources' and organization's policies again, after an edit of
    /// their structure (an endpoint, resource, account, OU or attached policy added or removed).
    pub fn reparse_layers(&mut self) {
        self.layers = Layers::parse(&self.scenario);
    }

    /// The principals' ids, in the scenario's order.
    pub fn principal_ids(&self) -> impl Iterator<Item = PrincipalId> + '_ {
        self.slots.iter().map(|s| s.id)
    }

    /// The id of the principal at `index`.
    pub fn principal_id(&self, index: usize) -> Option<PrincipalId> {
        self.slots.get(index).map(|s| s.id)
    }

    /// Where principal `id` stands in the scenario.
    pub fn principal_position(&self, id: PrincipalId) -> Option<usize> {
        self.slots.iter().position(|s| s.id == id)
    }

    /// Principal `id`'s document.
    pub fn principal(&self, id: PrincipalId) -> Option<&PrincipalDoc> {
        self.scenario.principals.get(self.principal_position(id)?)
    }

    /// The ids of principal `p`'s policies, in order (empty for an unknown principal).
    pub fn policy_ids(&self, p: PrincipalId) -> Vec<PolicyId> {
        self.principal_position(p)
            .and_then(|i| self.slots.get(i))
            .map(|s| s.policies.iter().map(|d| d.id).collect())
            .unwrap_or_default()
    }

    /// Where policy `policy` of principal `p` stands: (principal index, policy index).
    pub fn policy_position(&self, p: PrincipalId, policy: PolicyId) -> Option<(usize, usize)> {
        let at = self.principal_position(p)?;
        let i = self
            .slots
            .get(at)?
            .policies
            .iter()
            .position(|d| d.id == policy)?;
        Some((at, i))
    }

    /// The document of policy `policy` of principal `p`.
    pub fn policy(&self, p: PrincipalId, policy: PolicyId) -> Option<&PolicyDoc> {
        let (at, i) = self.policy_position(p, policy)?;
        self.scenario.principals.get(at)?.policies.get(i)
    }

    /// The principal whose policies are being edited.
    pub fn selected(&self) -> Option<PrincipalId> {
        self.principal_id(self.scenario.selected)
    }

    /// Makes principal `id` the one whose policies are being edited. False for an unknown id.
    pub fn select(&mut self, id: PrincipalId) -> bool {
        match self.principal_position(id) {
            Some(at) => {
                self.scenario.selected = at;
                true
            }
            None => false,
        }
    }

    /// Principals whose ARN cannot be read (their cells are implicitly denied): the principal's
    /// index and an `INVALID_PRINCIPAL_ARN` diagnostic located in its ARN (place
    /// `principals[i].arn`).
    pub fn principal_problems(&self) -> Vec<(usize, Located)> {
        self.scenario
            .principals
            .iter()
            .enumerate()
            .filter_map(|(i, p)| {
                let e = Principal::parse(&p.arn).err()?;
                let d = Diagnostic::new(
                    Code::INVALID_PRINCIPAL_ARN,
                    Span::new(0, p.arn.len()),
                    format!("principal `{}`: {e}", p.name),
                );
                Some((
                    i,
                    d.locate(format!("principals[{i}].arn"), &LineIndex::new(&p.arn)),
                ))
            })
            .collect()
    }

    /// True when some policy has an error: the grid cannot be decided.
    pub fn has_errors(&self) -> bool {
        self.layers.has_errors()
            || self.slots.iter().any(|s| {
                s.policies.iter().any(|d| d.parsed.has_errors())
                    || s.boundary.as_deref().is_some_and(ParsedPolicy::has_errors)
                    || s.session.as_deref().is_some_and(ParsedPolicy::has_errors)
            })
    }

    /// The actions the filter selects from the catalog (in catalog order), at the chosen access
    /// levels.
    pub fn actions(&self) -> Vec<&'static str> {
        filtered_actions(&self.scenario)
    }

    /// Decides every cell. `None` when a policy has errors (the page keeps the last grid).
    pub fn grid(&self) -> Option<Grid> {
        let (actions, cells) = self.decided()?;
        Some(self.grid_of(actions, cells))
    }

    /// Every action the filter selects (before the row filter) and its row of cells, as
    /// [`Workspace::grid`] decides them (the same memory), for a caller that wants the rows the
    /// row filter hides too (a comparison with the baseline). `None` when a policy has errors.
    pub fn decided_rows(&self) -> Option<(Vec<&'static str>, Vec<Vec<Cell>>)> {
        self.decided()
    }

    /// [`Workspace::decided_rows`] for a caller that has expanded the action filter already
    /// (`actions` must be [`Workspace::actions`]): the filter is not expanded again.
    pub fn decided_rows_over(
        &self,
        actions: Vec<&'static str>,
    ) -> Option<(Vec<&'static str>, Vec<Vec<Cell>>)> {
        self.decided_over(actions)
    }

    /// The grid of `actions` (every action the filter selects) and their `cells`, with the rows
    /// the row filter hides left out.
    pub fn grid_of(&self, actions: Vec<&'static str>, cells: Vec<Vec<Cell>>) -> Grid {
        let keep = |row: &Vec<Cell>| match self.scenario.rows {
            RowFilter::All => true,
            RowFilter::AnyAllowed => row.iter().any(|c| c.decision == Decision::Allowed),
            RowFilter::Differing => row.windows(2).any(|w| w[0].decision != w[1].decision),
        };
        let (actions, cells) = actions
            .into_iter()
            .zip(cells)
            .filter(|(_, row)| keep(row))
            .unzip();
        Grid {
            principals: self.principal_ids().collect(),
            actions,
            cells,
        }
    }

    /// Every action the filter selects (before the row filter) and its row of cells, one per
    /// principal: from the last grid's memory when nothing that decides changed, with only the
    /// edited layers decided again when only policy texts changed. `None` when a policy has
    /// errors.
    fn decided(&self) -> Option<(Vec<&'static str>, Vec<Vec<Cell>>)> {
        if self.has_errors() {
            return None;
        }
        self.decided_over(self.actions())
    }

    /// [`Workspace::decided`] over `actions`, the filter's actions.
    fn decided_over(
        &self,
        actions: Vec<&'static str>,
    ) -> Option<(Vec<&'static str>, Vec<Vec<Cell>>)> {
        if self.has_errors() {
            return None;
        }
        let count = self.scenario.principals.len();
        let plans = self.plans(&actions);
        // The last grid's findings, when only policy texts changed since; else a fresh memory.
        let remember = actions.len() * count <= memo::MAX_CELLS;
        let kept = self.memo.borrow_mut().take().filter(|_| remember);
        let snapshot = remember.then(|| memo::Snapshot::of(&self.scenario));
        let (mut memos, changes, decided, columns) = match kept {
            Some(m) if m.cells.len() == actions.len() * count => {
                match snapshot
                    .as_ref()
                    .and_then(|now| memo::changes(&m.snapshot, now))
                {
                    Some(changes) => (m.cells, changes, Some(m.decided), m.columns),
                    None => (
                        vec![LayerMemo::default(); m.cells.len()],
                        Default::default(),
                        None,
                        None,
                    ),
                }
            }
            _ => (
                vec![LayerMemo::default(); if remember { actions.len() * count } else { 0 }],
                Default::default(),
                None,
                None,
            ),
        };
        // Only policy texts changed since the last grid: its requests and network reaches hold
        // (they depend on the rest of the document), its policy sets were dropped.
        let mut columns = columns.unwrap_or_else(|| ColumnCache::new(count));
        // Nothing that decides changed (say, a space typed between two tokens): the last cells.
        let cells = match decided.filter(|_| changes.is_empty()) {
            Some(cells) => cells,
            None => self.decide_cells_with(
                &actions,
                &plans,
                &mut memos,
                &changes,
                0..count,
                &mut ActionIndex::new(""),
                &mut columns,
            ),
        };
        if let Some(snapshot) = snapshot {
            columns.forget_policy_sets();
            *self.memo.borrow_mut() = Some(memo::GridMemo {
                snapshot,
                cells: memos,
                decided: cells.clone(),
                columns: Some(columns),
            });
        }
        Some((actions, cells))
    }

    /// Decides the cells of `actions` (their `plans`) in the principals' `columns` (each row
    /// holds one cell per column of the range), each from its memo in `memos` (row after row,
    /// one per principal; empty when the grid is too large to remember, or for a range that is
    /// not every column) after forgetting the layers `changes` names.
    fn decide_cells(
        &self,
        actions: &[&'static str],
        plans: &[requests::Plan],
        memos: &mut [LayerMemo],
        changes: &memo::Changes,
        columns: std::ops::Range<usize>,
    ) -> Vec<Vec<Cell>> {
        // One for every row: each policy's patterns grouped by service once per grid.
        let mut index = ActionIndex::new("");
        let mut kept = ColumnCache::new(self.scenario.principals.len());
        self.decide_cells_with(
            actions, plans, memos, changes, columns, &mut index, &mut kept,
        )
    }

    /// [`Workspace::decide_cells`] with the caller's `index` and `kept` requests and policy
    /// sets, which last from one call to the next (a grid decided in slices of rows).
    #[allow(clippy::too_many_arguments)]
    fn decide_cells_with(
        &self,
        actions: &[&'static str],
        plans: &[requests::Plan],
        memos: &mut [LayerMemo],
        changes: &memo::Changes,
        columns: std::ops::Range<usize>,
        index: &mut ActionIndex,
        kept: &mut ColumnCache,
    ) -> Vec<Vec<Cell>> {
        let count = self.scenario.principals.len();
        let table = self.paths();
        let mut cells = Vec::with_capacity(actions.len());
        let mut fresh: LayerMemo;
        for (at, (action, plan)) in actions.iter().zip(plans.iter()).enumerate() {
            let requests::Plan {
                resource,
                route,
                account,
            } = plan;
            let account = account.as_deref();
            // The resource's organization, once per action (not per cell).
            let resource_org = self.resource_org(account);
            let mut row = Vec::with_capacity(columns.len());
            // Which statements match this action, per distinct policy: principals that share a
            // policy's text share its parse, so each is matched once per row.
            index.set_action(action);
            let target = RowTarget::new(action, resource, *route, account, resource_org);
            for column in columns.clone() {
                let memo = match memos.get_mut(at * count + column) {
                    Some(memo) => {
                        for layer in changes.for_column(column) {
                            memo.forget(layer);
                        }
                        memo
                    }
                    None => {
                        fresh = LayerMemo::default();
                        &mut fresh
                    }
                };
                let (cell, _) =
                    self.column_cell(table.as_deref(), column, &target, memo, index, kept);
                row.push(cell);
            }
            cells.push(row);
        }
        cells
    }

    /// Explains the decision of principal `id` for `action`, on the resource the grid's cell
    /// names ([`Workspace::resource_for`]).
    pub fn explain(&self, id: PrincipalId, action: &str) -> Option<Explanation> {
        let resource = self.resource_for(action);
        self.explain_at(id, action, &resource)
    }

    /// Explains the decision of principal `id` for `action` on `resource` (an ARN, or `*`),
    /// routed as the grid routes it: through the endpoint of the action's service when calls go
    /// through the VPC, with the policy and account of the named resource of that ARN. With the
    /// grid's resource it is [`Workspace::explain`]; with another, a cell of an expectation or of
    /// the pivot.
    pub fn explain_at(&self, id: PrincipalId, action: &str, resource: &str) -> Option<Explanation> {
        let p = self.principal_position(id)?;
        let slot = self.slots.get(p)?;
        let path = self.call_path(id, action);
        let route = match self.reach(
            self.paths().as_deref(),
            p,
            action,
            self.route(action, resource),
        ) {
            netpath::Reach::Arrives(route) => route,
            // A call that never arrives: what the policies would say had it arrived is not
            // shown; the path says where it stopped.
            netpath::Reach::Stopped(_) => {
                return self.explain_unreachable(id, p, action, resource, path?);
            }
        };
        let request = self.request(p, action, resource, route)?;
        let set = self.policy_set(p, route, request.resource_account.as_deref())?;
        let evaluation = decide(&set, &request);
        let doc = self.scenario.principals.get(p)?;
        let mut statements = Vec::new();
        let mut editors: Vec<(Editor, &NamedPolicy, Option<EndpointType>)> = set
            .identity_policies
            .iter()
            .zip(&slot.policies)
            .map(|(np, d)| (Editor::Identity(id, d.id), np, None))
            .collect();
        if let (Some(e), Some(i)) = (&set.endpoint, route.endpoint) {
            editors.push((Editor::Endpoint(i), &e.policy, Some(e.endpoint_type)));
        }
        if let (Some(r), Some(i)) = (&set.resource_policy, route.resource) {
            editors.push((Editor::Resource(i), r, None));
        }
        if let Some(b) = &set.permissions_boundary {
            editors.push((Editor::Boundary(id), b, None));
        }
        if let Some(s) = &set.session_policy {
            editors.push((Editor::Session(id), s, None));
        }
        let org_editors = self.org_editors(&set, &request, p);
        for (editor, named) in &org_editors {
            editors.push((*editor, named, None));
        }
        for (editor, named, endpoint) in editors {
            // What reached this request: the action, resource and principal matched.
            for r in reached_statements(named, endpoint, &request, &evaluation) {
                statements.push(ExplainedStatement {
                    editor,
                    policy: named.name.clone(),
                    index: r.statement.index,
                    sid: r.statement.sid.clone(),
                    effect: r.statement.effect.as_str(),
                    span: r.statement.span,
                    decisive: r.decisive,
                    check: r.check,
                    conditions: r.conditions,
                });
            }
        }
        let summary = summarize(&doc.name, action, &evaluation);
        Some(Explanation {
            principal: id,
            principal_name: doc.name.clone(),
            action: action.to_string(),
            resource: request.resource.clone(),
            evaluation,
            statements,
            summary,
            path,
        })
    }

    /// The explanation of a call from a workload that never reaches AWS: its path, and no
    /// policy (the evaluation is an implicit deny by no layer, which nothing shows as such).
    fn explain_unreachable(
        &self,
        id: PrincipalId,
        p: usize,
        action: &str,
        resource: &str,
        path: CallPath,
    ) -> Option<Explanation> {
        let doc = self.scenario.principals.get(p)?;
        let summary = match path.path.blocked_at() {
            Some(hop) => format!(
                "{}'s call to {action} from {} never reaches AWS: stopped at {} ({}): {}",
                doc.name,
                path.workload,
                hop.kind.as_str(),
                hop.code,
                hop.detail
            ),
            None => format!(
                "{}'s call to {action} from {} never reaches AWS",
                doc.name, path.workload
            ),
        };
        Some(Explanation {
            principal: id,
            principal_name: doc.name.clone(),
            action: action.to_string(),
            resource: resource.to_string(),
            evaluation: Evaluation {
                decision: Decision::ImplicitlyDenied,
                blocked_by: Vec::new(),
                decisive: Vec::new(),
                notes: Vec::new(),
                steps: crate::engine::Layer::FLOWCHART.map(|layer| crate::engine::Step {
                    layer,
                    state: crate::engine::StepState::NotApplicable,
                }),
                cross_account: false,
            },
            statements: Vec::new(),
            summary,
            path: Some(path),
        })
    }
}

impl Workspace {
    /// The editors of the SCPs and RCPs in `set` (the principal at `p`'s account levels for
    /// SCPs, the resource account's for RCPs), each with its policy.
    fn org_editors<'s>(
        &self,
        set: &'s PolicySet,
        request: &Request,
        p: usize,
    ) -> Vec<(Editor, &'s NamedPolicy)> {
        let mut out = Vec::new();
        let principal_account = self.principal_account(p).unwrap_or_default();
        let owner = self.resource_owner();
        let resource_account = request.resource_account.as_deref().unwrap_or(&owner);
        for (scp, account, levels) in [
            (true, principal_account.as_str(), &set.scps),
            (false, resource_account, &set.rcps),
        ] {
            let Some(path) = self.scenario.org_levels(account) else {
                continue;
            };
            for (level, policies) in path.into_iter().zip(levels) {
                for (i, named) in policies.iter().enumerate() {
                    let editor = if scp {
                        Editor::Scp(level, i)
                    } else {
                        Editor::Rcp(level, i)
                    };
                    out.push((editor, named));
                }
            }
        }
        out
    }
}

fn parse_identity(text: &str) -> Rc<ParsedPolicy> {
    Rc::new(parse_policy_text(text, PolicyKind::Identity))
}
