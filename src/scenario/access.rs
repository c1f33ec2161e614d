//! Who can and what can (issue 16): the access questions of an account with hundreds of
//! principals, answered with the grid's own decisions.
//!
//! [`Workspace::who_can`] decides one action (on one resource) for every principal;
//! [`Workspace::what_can`] decides every action of the catalog (or of an action filter) for one
//! principal and groups the allowed ones by service and access level. Both decide each cell as
//! the grid does (the same request, route, network reach and policy set, the engine's summary
//! verdict), and only the cells that need it are decided again in full (the engine's `decide`)
//! to name the statements that granted or denied: nothing is explained that is not shown.
//!
//! The JSON answers are in [`report`](super::report) (`who_can_answer`, `what_can_answer`).

use super::*;
use crate::engine::{Effect, Layer};

/// A statement that took part in a decision: one that let the request through (an `Allow` of the
/// identity policies, of the endpoint policy, of an SCP, …) or the `Deny` that decided it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementRef {
    /// The layer of its policy.
    pub layer: Layer,
    /// The policy's name as the engine and the other answers name it (`IAM policy
    /// \`sagemaker-training\``, `endpoint policy`, `SCP \`deny-regions\` (root)`, …).
    pub policy: String,
    /// Its 0-based index in the policy's `Statement` list.
    pub statement: usize,
    /// Its `Sid`, when it has one.
    pub sid: Option<String>,
    /// `Allow` or `Deny`.
    pub effect: Effect,
    /// The editor that holds it; `None` for a policy the scenario does not write (AWS's default
    /// endpoint or key policy).
    pub editor: Option<Editor>,
    /// Its span in that editor's text (with `editor`).
    pub span: Option<Span>,
}

/// One principal's answer to [`Workspace::who_can`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WhoCanRow {
    /// The principal.
    pub principal: PrincipalId,
    /// Its name in the scenario.
    pub name: String,
    /// Its ARN.
    pub arn: String,
    /// The decision, as the grid's cell shows it (read `cell.unreachable` first).
    pub cell: Cell,
    /// For an allowed request: the statements of every layer that let it through, in layer
    /// order (the identity or resource grant, the endpoint's and SCPs' allows, …).
    pub granted_by: Vec<StatementRef>,
    /// For an explicitly denied request: every matching `Deny` (`cell.blocked_by` names their
    /// layers).
    pub denied_by: Vec<StatementRef>,
}

/// Every principal's decision for one action on one resource ([`Workspace::who_can`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WhoCan {
    /// The action, as the catalog writes it.
    pub action: String,
    /// The ARN the requests name.
    pub resource: String,
    /// The named resource of that ARN (its policy decides with the others); empty when none.
    pub resource_name: String,
    /// One row per principal, in the scenario's order.
    pub rows: Vec<WhoCanRow>,
}

impl WhoCan {
    /// The rows whose request is allowed.
    pub fn allowed(&self) -> impl Iterator<Item = &WhoCanRow> {
        self.rows.iter().filter(|r| r.cell.allowed())
    }

    /// How many rows have the decision named `name` ([`Cell::decision_name`]).
    pub fn count(&self, name: &str) -> usize {
        self.rows
            .iter()
            .filter(|r| r.cell.decision_name() == name)
            .count()
    }
}

/// One allowed action of [`Workspace::what_can`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllowedAction {
    /// The action.
    pub action: &'static str,
    /// The resource the request named (as the grid decides it).
    pub resource: String,
    /// The statements of every layer that let it through, in layer order.
    pub granted_by: Vec<StatementRef>,
}

/// The allowed actions of one access level of a service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LevelAccess {
    /// The catalog's access level, as AWS writes it (`Write`; `Tagging, Write` for an action of
    /// two levels).
    pub level: String,
    /// The allowed actions of that level, in catalog order.
    pub actions: Vec<AllowedAction>,
}

/// The allowed actions of one service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceAccess {
    /// The service prefix (`sagemaker`).
    pub service: &'static str,
    /// The service's name (`Amazon SageMaker`).
    pub name: &'static str,
    /// How many of the service's actions were decided (all of them, or those of the filter).
    pub decided: usize,
    /// How many of those are allowed.
    pub allowed: usize,
    /// The allowed actions by access level: List, Read, Write, Permissions management,
    /// Tagging (actions of two levels after those of their first).
    pub levels: Vec<LevelAccess>,
}

/// What one principal may do ([`Workspace::what_can`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WhatCan {
    /// The principal.
    pub principal: PrincipalId,
    /// Its name in the scenario.
    pub name: String,
    /// Its ARN.
    pub arn: String,
    /// How many actions were decided.
    pub decided: usize,
    /// How many are allowed.
    pub allowed: usize,
    /// The services with at least one allowed action, in catalog order.
    pub services: Vec<ServiceAccess>,
}

/// Why a query has no answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueryError {
    /// A policy of the scenario has errors: nothing is decided ([`Workspace::diagnostics`]
    /// lists them).
    PolicyErrors,
    /// An argument names nothing: an `INVALID_ARGUMENT` diagnostic placed `action`,
    /// `principal`, `resource` or `actions` (the filter), with a did-you-mean as its help when
    /// there is a close name.
    Argument(Located),
}

/// The longest resource ARN a query takes.
pub const MAX_QUERY_ARGUMENT: usize = 2048;

/// The order access levels are shown in (the IAM console's policy summaries).
const LEVEL_ORDER: [AccessLevel; 5] = [
    AccessLevel::List,
    AccessLevel::Read,
    AccessLevel::Write,
    AccessLevel::PermissionsManagement,
    AccessLevel::Tagging,
];

fn argument(place: &str, message: String, help: Option<String>) -> QueryError {
    let mut d = Diagnostic::new(Code::INVALID_ARGUMENT, Span::default(), message);
    if let Some(help) = help {
        d = d.with_help(help);
    }
    QueryError::Argument(d.locate(place, &LineIndex::new("")))
}

/// At most this many bytes of an argument are quoted in a message (and compared for a
/// did-you-mean).
const QUOTED: usize = 200;

/// `text` cut to at most [`QUOTED`] bytes, for messages.
fn bounded(text: &str) -> &str {
    let mut end = text.len().min(QUOTED);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// The catalog's action named `action` (case-insensitive), or an `INVALID_ARGUMENT` with the
/// closest action (or service) as its help.
pub fn catalog_action(action: &str) -> Result<&'static str, QueryError> {
    let cat = catalog();
    let name = action.trim();
    if name.len() <= MAX_PIVOT_ACTION {
        if let Some(a) = cat.action(name) {
            return Ok(a.name());
        }
    }
    let name = bounded(name);
    let help = if name.contains(['*', '?']) {
        Some("give one action, without wildcards".to_string())
    } else if !name.contains(':') && cat.service(name).is_some() {
        Some(format!(
            "did you mean an action of `{}`, such as `{}:*`? (`policy-playground actions` lists them)",
            name.to_ascii_lowercase(),
            name.to_ascii_lowercase()
        ))
    } else if let Some(a) = cat.suggest_action(name) {
        Some(format!("did you mean `{}`?", a.name()))
    } else {
        name.split_once(':')
            .filter(|(prefix, _)| cat.service(prefix).is_none())
            .and_then(|(prefix, _)| cat.suggest_service(prefix))
            .map(|s| format!("did you mean the service `{}`?", s.prefix()))
    };
    Err(argument(
        "action",
        format!("`{name}` is not an action of the catalog"),
        help,
    ))
}

impl Workspace {
    /// The principal named `name` (the first of that name), else the one of ARN `name`, else an
    /// `INVALID_ARGUMENT` with the closest name as its help.
    pub fn find_principal(&self, name: &str) -> Result<PrincipalId, QueryError> {
        let name = name.trim();
        let principals = &self.scenario.principals;
        let at = principals
            .iter()
            .position(|p| p.name == name)
            .or_else(|| principals.iter().position(|p| p.arn == name))
            .or_else(|| {
                principals
                    .iter()
                    .position(|p| p.name.eq_ignore_ascii_case(name))
            });
        if let Some(id) = at.and_then(|at| self.principal_id(at)) {
            return Ok(id);
        }
        let names: Vec<&str> = principals.iter().map(|p| p.name.as_str()).collect();
        let name = bounded(name);
        let help = crate::text::did_you_mean(name, &names).map(|n| format!("did you mean `{n}`?"));
        Err(argument(
            "principal",
            format!("no principal of the scenario is named `{name}`"),
            help,
        ))
    }

    /// The resource a query for `action` names: with `resource` a named resource of the scenario,
    /// that resource selected (its ARN when it fits the action, as the pivot decides it); an ARN
    /// or `*`, that; nothing, the grid's ([`Workspace::resource_for`]).
    fn query_resource(&self, action: &str, resource: Option<&str>) -> Result<String, QueryError> {
        let Some(given) = resource.map(str::trim).filter(|r| !r.is_empty()) else {
            return Ok(self.resource_for(action));
        };
        if let Some(r) = self.scenario.resource_named(given) {
            return Ok(self.resource_with(action, Some(&r.arn)));
        }
        if given == "*" || given.starts_with("arn:") {
            if given.len() > MAX_QUERY_ARGUMENT {
                return Err(argument(
                    "resource",
                    format!(
                        "the resource ARN has {} bytes; at most {MAX_QUERY_ARGUMENT}",
                        given.len()
                    ),
                    None,
                ));
            }
            return Ok(given.to_string());
        }
        let names: Vec<&str> = self
            .scenario
            .resources
            .iter()
            .map(|r| r.name.as_str())
            .collect();
        let given = bounded(given);
        let help = match crate::text::did_you_mean(given, &names) {
            Some(n) => format!("did you mean `{n}`?"),
            None => "give a named resource of the scenario, an ARN or `*`".to_string(),
        };
        Err(argument(
            "resource",
            format!("`{given}` is neither a named resource of the scenario nor an ARN"),
            Some(help),
        ))
    }

    /// Who may call `action` (case-insensitive; an action of the catalog) on `resource` (a named
    /// resource of the scenario, an ARN or `*`; `None`: the resource the grid's cell names):
    /// every principal's decision, decided as the grid decides the cell, with the statements
    /// that let an allowed request through and the `Deny`s that decided an explicitly denied
    /// one. Only those cells are decided in full; the others get the engine's summary verdict
    /// (their blocking layers).
    pub fn who_can(&self, action: &str, resource: Option<&str>) -> Result<WhoCan, QueryError> {
        self.who_can_with(&mut QueryCache::default(), action, resource)
    }

    /// [`Workspace::who_can`], taking each principal's request and policy set and what is known
    /// of each policy's action patterns from `cache` when it holds them, and keeping there what
    /// it works out: the next question over this workspace, unedited, costs its decisions only.
    /// `cache` must have been filled from this workspace as it is now (or be empty).
    pub fn who_can_with(
        &self,
        cache: &mut QueryCache,
        action: &str,
        resource: Option<&str>,
    ) -> Result<WhoCan, QueryError> {
        let action = catalog_action(action)?;
        let resource = self.query_resource(action, resource)?;
        // A cache holding requests was filled from this workspace without errors (looking
        // costs a walk over every policy).
        if cache.kept.is_none() && self.has_errors() {
            return Err(QueryError::PolicyErrors);
        }
        let route = self.route(action, &resource);
        // The resource account as the grid's plans read it.
        let account = self
            .given_resource_account(route)
            .or_else(|| crate::engine::values::arn_account(&resource).map(str::to_string));
        let target = RowTarget::new(
            action,
            &resource,
            route,
            account.as_deref(),
            self.resource_org(account.as_deref()),
        );
        let table = self.paths();
        let count = self.scenario.principals.len();
        let QueryCache { index, kept } = cache;
        let kept = kept.get_or_insert_with(|| ColumnCache::new(count));
        // One action for every principal: each distinct policy's `Action`s matched once.
        index.set_action(action);
        let mut rows = Vec::with_capacity(count);
        for (p, (slot, doc)) in self.slots.iter().zip(&self.scenario.principals).enumerate() {
            let mut memo = LayerMemo::default();
            let (cell, decided) =
                self.column_cell(table.as_deref(), p, &target, &mut memo, index, kept);
            // The statements of an allowed or explicitly denied cell: decided in full.
            let named = match (&decided, cell.decision) {
                (Some((route, request, set)), Decision::Allowed | Decision::ExplicitlyDenied) => {
                    self.statement_refs(p, *route, set, request, Some(index))
                }
                _ => Vec::new(),
            };
            let (granted_by, denied_by) = match cell.decision {
                Decision::Allowed => (named, Vec::new()),
                Decision::ExplicitlyDenied => (
                    Vec::new(),
                    named
                        .into_iter()
                        .filter(|s| s.effect == Effect::Deny)
                        .collect(),
                ),
                Decision::ImplicitlyDenied => (Vec::new(), Vec::new()),
            };
            rows.push(WhoCanRow {
                principal: slot.id,
                name: doc.name.clone(),
                arn: doc.arn.clone(),
                cell,
                granted_by,
                denied_by,
            });
        }
        let resource_name = route
            .resource
            .and_then(|i| self.scenario.resources.get(i))
            .map(|r| r.name.clone())
            .unwrap_or_default();
        Ok(WhoCan {
            action: action.to_string(),
            resource,
            resource_name,
            rows,
        })
    }

    /// The decisive statements of the request (the engine's full `decide`, with `index` when
    /// the caller has one for the request's action), each with its layer and editor.
    fn statement_refs(
        &self,
        p: usize,
        route: Route,
        set: &PolicySet,
        request: &Request,
        index: Option<&crate::engine::ActionIndex>,
    ) -> Vec<StatementRef> {
        let evaluation = match index {
            Some(index) => crate::engine::decide_indexed(set, request, index),
            None => decide(set, request),
        };
        if evaluation.decisive.is_empty() {
            return Vec::new();
        }
        let Some(slot) = self.slots.get(p) else {
            return Vec::new();
        };
        let id = slot.id;
        let mut policies: Vec<(Layer, Option<Editor>, &NamedPolicy)> = set
            .identity_policies
            .iter()
            .zip(&slot.policies)
            .map(|(np, d)| {
                (
                    Layer::IdentityPolicies,
                    Some(Editor::Identity(id, d.id)),
                    np,
                )
            })
            .collect();
        if let Some(e) = &set.endpoint {
            // AWS's default policy (no text, or a workload's endpoint the scenario does not
            // list) is written nowhere.
            let written = route.endpoint.filter(|i| {
                self.scenario
                    .endpoints
                    .get(*i)
                    .is_some_and(|e| !e.policy.trim().is_empty())
            });
            policies.push((Layer::Endpoint, written.map(Editor::Endpoint), &e.policy));
        }
        if let Some(r) = &set.resource_policy {
            policies.push((
                Layer::ResourcePolicy,
                route.resource.map(Editor::Resource),
                r,
            ));
        }
        if let Some(b) = &set.permissions_boundary {
            policies.push((Layer::PermissionsBoundary, Some(Editor::Boundary(id)), b));
        }
        if let Some(s) = &set.session_policy {
            policies.push((Layer::SessionPolicy, Some(Editor::Session(id)), s));
        }
        let org = if set.scps.is_empty() && set.rcps.is_empty() {
            Vec::new()
        } else {
            self.org_editors(set, request, p)
        };
        for (editor, named) in &org {
            policies.push((editor.layer(), Some(*editor), named));
        }
        evaluation
            .decisive
            .into_iter()
            .map(|d| {
                let found = policies
                    .iter()
                    .find(|(_, _, np)| np.name == d.policy)
                    .copied();
                let (layer, editor, span) = match found {
                    Some((layer, editor, np)) => {
                        let span = np
                            .policy
                            .statements
                            .iter()
                            .find(|s| s.index == d.statement)
                            .map(|s| s.span);
                        (layer, editor, editor.and(span))
                    }
                    // A policy the engine adds itself: AWS's default key policy.
                    None => (Layer::ResourcePolicy, None, None),
                };
                StatementRef {
                    layer,
                    policy: d.policy,
                    statement: d.statement,
                    sid: d.sid,
                    effect: d.effect,
                    editor,
                    span,
                }
            })
            .collect()
    }

    /// What principal `id` may do: every action of `filter` (patterns as the grid's action
    /// filter reads them; `None`: the whole catalog), each decided as the grid decides its cell
    /// (its resource, route and network reach), the allowed ones grouped by service and access
    /// level with the statements that let each through.
    pub fn what_can(&self, id: PrincipalId, filter: Option<&str>) -> Result<WhatCan, QueryError> {
        let Some(p) = self.principal_position(id) else {
            return Err(argument(
                "principal",
                "no such principal in the scenario".into(),
                None,
            ));
        };
        let actions: Vec<&'static str> = match filter.map(str::trim) {
            None | Some("") => catalog().actions().map(|a| a.name()).collect(),
            Some(filter) => {
                if let Err(message) = check_filter(filter) {
                    return Err(argument("actions", message, None));
                }
                let actions = expand_actions(filter, &[]);
                if actions.is_empty() {
                    let first = filter_patterns(filter).next().unwrap_or_default();
                    let help = catalog()
                        .suggest_action(first)
                        .map(|a| format!("did you mean `{}`?", a.name()));
                    return Err(argument(
                        "actions",
                        format!("the action filter `{filter}` matches no action of the catalog"),
                        help,
                    ));
                }
                actions
            }
        };
        if self.has_errors() {
            return Err(QueryError::PolicyErrors);
        }
        let plans = self.plans(&actions);
        let cells = self.decide_cells(&actions, &plans, &mut [], &Default::default(), p..p + 1);
        let doc = self.scenario.principals.get(p);
        let mut answer = WhatCan {
            principal: id,
            name: doc.map(|d| d.name.clone()).unwrap_or_default(),
            arn: doc.map(|d| d.arn.clone()).unwrap_or_default(),
            decided: actions.len(),
            allowed: 0,
            services: Vec::new(),
        };
        // Requests and policy sets once per route and resource account, as the grid keeps them.
        type StackKey = (Route, Option<String>);
        let mut stacks: Vec<(StackKey, Option<(Request, PolicySet)>)> = Vec::new();
        let table = self.paths();
        let cat = catalog();
        for ((action, plan), row) in actions.iter().zip(plans.iter()).zip(&cells) {
            let Some(a) = cat.action(action) else {
                continue;
            };
            let service = a.service();
            let at = match answer.services.last() {
                Some(s) if s.service == service.prefix() => answer.services.len() - 1,
                _ => {
                    answer.services.push(ServiceAccess {
                        service: service.prefix(),
                        name: service.name(),
                        decided: 0,
                        allowed: 0,
                        levels: Vec::new(),
                    });
                    answer.services.len() - 1
                }
            };
            let Some(entry) = answer.services.get_mut(at) else {
                continue;
            };
            entry.decided += 1;
            if !row.first().is_some_and(Cell::allowed) {
                continue;
            }
            entry.allowed += 1;
            answer.allowed += 1;
            let route = match self.reach(table.as_deref(), p, action, plan.route) {
                netpath::Reach::Arrives(route) => route,
                netpath::Reach::Stopped(_) => continue,
            };
            let account = plan.account.clone();
            let key = (route, account.clone());
            let k = match stacks.iter().position(|(k, _)| *k == key) {
                Some(k) => k,
                None => {
                    let stack = self
                        .request(p, action, &plan.resource, route)
                        .and_then(|r| {
                            let set = self.stack(p, route, account.as_deref())?;
                            Some((r, set))
                        });
                    stacks.push((key, stack));
                    stacks.len() - 1
                }
            };
            let granted_by = match stacks.get_mut(k).and_then(|(_, s)| s.as_mut()) {
                Some((request, set)) => {
                    request.retarget(action, &plan.resource, account.as_deref());
                    requests::set_resource_org(request, self.resource_org(account.as_deref()));
                    self.statement_refs(p, route, set, request, None)
                }
                None => Vec::new(),
            };
            let levels = a.access_levels();
            let level = levels.to_string();
            let allowed = AllowedAction {
                action,
                resource: plan.resource.clone(),
                granted_by,
            };
            match entry.levels.iter_mut().find(|l| l.level == level) {
                Some(l) => l.actions.push(allowed),
                None => entry.levels.push(LevelAccess {
                    level,
                    actions: vec![allowed],
                }),
            }
        }
        answer.services.retain(|s| s.allowed > 0);
        for s in &mut answer.services {
            crate::text::sort_stable_by(&mut s.levels, |a, b| {
                level_rank(&a.level).cmp(&level_rank(&b.level))
            });
        }
        Ok(answer)
    }
}

/// Where a group of access levels (`Write`, `Tagging, Write`) stands among [`LEVEL_ORDER`]: by
/// its first level in that order, then groups of two levels after the single one.
fn level_rank(level: &str) -> (usize, usize) {
    let names: Vec<&str> = level.split(", ").collect();
    let first = LEVEL_ORDER
        .iter()
        .position(|l| names.contains(&l.as_str()))
        .unwrap_or(LEVEL_ORDER.len());
    (first, names.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::tests::named;

    fn exam() -> Workspace {
        Workspace::new(
            presets::preset("sagemaker-api-exam")
                .expect("preset")
                .scenario,
        )
    }

    fn row<'a>(answer: &'a WhoCan, name: &str) -> &'a WhoCanRow {
        answer
            .rows
            .iter()
            .find(|r| r.name == name)
            .expect("a row of the principal")
    }

    #[test]
    fn who_can_names_the_granting_statements_and_the_blocking_endpoint() {
        let ws = exam();
        let answer = ws
            .who_can("sagemaker:createtrainingjob", None)
            .expect("answer");
        assert_eq!(answer.action, "sagemaker:CreateTrainingJob");
        assert_eq!(answer.rows.len(), ws.scenario.principals.len());
        let specific = row(&answer, "specific-user");
        assert_eq!(specific.cell.decision_name(), "Allowed");
        let identity = specific
            .granted_by
            .iter()
            .find(|s| s.layer == Layer::IdentityPolicies)
            .expect("the IAM policy grants");
        assert_eq!(identity.policy, "IAM policy `sagemaker-training`");
        assert_eq!(identity.effect, Effect::Allow);
        let (p, policy) = (
            named(&ws, "specific-user"),
            ws.policy_ids(named(&ws, "specific-user"))[0],
        );
        assert_eq!(identity.editor, Some(Editor::Identity(p, policy)));
        assert!(identity.span.is_some());
        let gate = specific
            .granted_by
            .iter()
            .find(|s| s.layer == Layer::Endpoint)
            .expect("the endpoint policy lets it through");
        assert_eq!(
            (gate.policy.as_str(), gate.statement),
            ("endpoint policy", 0)
        );
        assert_eq!(gate.editor, Some(Editor::Endpoint(0)));
        assert!(specific.denied_by.is_empty());

        let other = row(&answer, "other-user");
        assert_eq!(other.cell.decision_name(), "ImplicitlyDenied");
        assert_eq!(other.cell.blocked_by.first(), Some(Layer::Endpoint));
        assert!(other.granted_by.is_empty() && other.denied_by.is_empty());
        assert_eq!(answer.allowed().count(), 1);
        assert_eq!(answer.count("ImplicitlyDenied"), 2);
    }

    #[test]
    fn who_can_decides_every_principal_as_the_grid_does() {
        for preset in presets::all() {
            let ws = Workspace::new(preset.scenario);
            let Some(grid) = ws.grid() else { continue };
            for (r, action) in grid.actions.iter().enumerate().take(12) {
                let answer = ws.who_can(action, None).expect("answer");
                let cells: Vec<Cell> = answer.rows.iter().map(|r| r.cell).collect();
                assert_eq!(cells, grid.cells[r], "{} {action}", preset.id);
                for row in &answer.rows {
                    // Allowed rows name what let them through, explicit denies their Deny.
                    assert_eq!(
                        row.cell.allowed(),
                        !row.granted_by.is_empty() || row.arn.ends_with(":root"),
                        "{} {action} {}",
                        preset.id,
                        row.name
                    );
                    let denied = row.cell.unreachable.is_none()
                        && row.cell.decision == Decision::ExplicitlyDenied;
                    assert_eq!(
                        denied,
                        !row.denied_by.is_empty(),
                        "{} {action} {}",
                        preset.id,
                        row.name
                    );
                    for d in &row.denied_by {
                        assert!(row.cell.blocked_by.contains(d.layer));
                    }
                }
            }
        }
    }

    #[test]
    fn who_can_from_a_kept_cache_answers_as_from_an_empty_one() {
        // The presets (workloads, organizations, named resources) and the benchmark's account.
        let mut scenarios: Vec<Scenario> = presets::all().into_iter().map(|p| p.scenario).collect();
        scenarios.push(crate::scenario::slices::tests::account_for_tests());
        for scenario in scenarios {
            let ws = Workspace::new(scenario);
            let Some(mut slices) = ws.grid_slices() else {
                continue;
            };
            while !slices.is_done() {
                ws.decide_slice(&mut slices, 7);
            }
            let ((actions, _), from_grid) = slices.finish_keeping().expect("decided");
            assert!(!from_grid.is_empty() && QueryCache::default().is_empty());
            // Kept by the grid, then by the questions before; on the grid's resource, every
            // resource and each named one.
            let mut resources: Vec<Option<String>> = vec![None, Some("*".into())];
            resources.extend(ws.scenario.resources.iter().map(|r| Some(r.name.clone())));
            let mut kept = from_grid;
            let asked = actions
                .iter()
                .take(8)
                .chain(["s3:GetObject", "kms:Decrypt", "sts:AssumeRole"].iter());
            for action in asked {
                for resource in &resources {
                    let fresh = ws.who_can(action, resource.as_deref());
                    let warm = ws.who_can_with(&mut kept, action, resource.as_deref());
                    assert_eq!(warm, fresh, "{} {action} {resource:?}", ws.scenario.title);
                }
            }
        }
    }

    #[test]
    fn who_can_on_a_named_resource_decides_with_its_policy() {
        let mut s = presets::preset("s3-bucket-policy-requires-endpoint")
            .expect("preset")
            .scenario;
        s.context.via_endpoint = false;
        let ws = Workspace::new(s);
        let bucket = ws.scenario.resources[0].clone();
        let answer = ws
            .who_can("s3:GetObject", Some(&bucket.name))
            .expect("answer");
        assert_eq!(answer.resource_name, bucket.name);
        let role = &answer.rows[0];
        assert_eq!(role.cell.decision_name(), "ExplicitlyDenied");
        let deny = role.denied_by.first().expect("the bucket policy's deny");
        assert_eq!(deny.layer, Layer::ResourcePolicy);
        assert_eq!(deny.effect, Effect::Deny);
        assert_eq!(deny.editor, Some(Editor::Resource(0)));
        // The same as the pivot's row of that resource.
        let pivot = ws.pivot("s3:GetObject").expect("pivot");
        let pivot_row = pivot
            .rows
            .iter()
            .find(|r| r.name == bucket.name)
            .expect("row");
        let cells: Vec<Cell> = answer.rows.iter().map(|r| r.cell).collect();
        assert_eq!(cells, pivot_row.cells);
        // An ARN is taken as given; `*` too.
        let any = ws.who_can("s3:GetObject", Some("*")).expect("answer");
        assert_eq!(
            (any.resource.as_str(), any.resource_name.as_str()),
            ("*", "")
        );
    }

    #[test]
    fn queries_with_unknown_names_say_what_was_meant() {
        let ws = exam();
        let Err(QueryError::Argument(d)) = ws.who_can("sagemaker:CreateTrainingJobs", None) else {
            panic!("an unknown action is an argument error");
        };
        assert_eq!(
            (d.code, d.place.as_str()),
            (Code::INVALID_ARGUMENT, "action")
        );
        assert_eq!(
            d.help.as_deref(),
            Some("did you mean `sagemaker:CreateTrainingJob`?")
        );
        let Err(QueryError::Argument(d)) = ws.who_can("sagemaker:*", None) else {
            panic!("a pattern is not one action");
        };
        assert!(d
            .help
            .as_deref()
            .is_some_and(|h| h.contains("without wildcards")));
        let Err(QueryError::Argument(d)) =
            ws.who_can("sagemaker:CreateTrainingJob", Some("no-such-bucket"))
        else {
            panic!("an unknown resource name is an argument error");
        };
        assert_eq!(d.place, "resource");
        let long = format!("arn:aws:s3:::{}", "a".repeat(MAX_QUERY_ARGUMENT));
        let Err(QueryError::Argument(d)) = ws.who_can("s3:GetObject", Some(&long)) else {
            panic!("an ARN over the bound is an argument error");
        };
        assert!(d.message.contains("at most 2048"), "{}", d.message);
        let Err(QueryError::Argument(d)) = ws.who_can(&"s3:GetObjekt".repeat(1000), None) else {
            panic!("a long action is an argument error");
        };
        assert!(
            d.message.len() < 300,
            "the message quotes a bounded part: {}",
            d.message
        );
        let Err(QueryError::Argument(d)) = ws.find_principal("specific-usr") else {
            panic!("an unknown principal is an argument error");
        };
        assert_eq!(d.help.as_deref(), Some("did you mean `specific-user`?"));
        assert_eq!(
            ws.find_principal("arn:aws:iam::111122223333:user/other-user"),
            Ok(named(&ws, "other-user"))
        );
        let Err(QueryError::Argument(d)) = ws.what_can(
            named(&ws, "other-user"),
            Some("sagemaker:CreateTrainingJobz"),
        ) else {
            panic!("a filter matching nothing is an argument error");
        };
        assert_eq!(d.place, "actions");
        assert_eq!(
            d.help.as_deref(),
            Some("did you mean `sagemaker:CreateTrainingJob`?")
        );
    }

    #[test]
    fn queries_decide_nothing_while_a_policy_has_errors() {
        let mut ws = exam();
        ws.set_endpoint_policy("{".into());
        assert_eq!(
            ws.who_can("sagemaker:CreateTrainingJob", None),
            Err(QueryError::PolicyErrors)
        );
        let id = named(&ws, "specific-user");
        assert_eq!(ws.what_can(id, None), Err(QueryError::PolicyErrors));
    }

    #[test]
    fn what_can_groups_allowed_actions_by_service_and_access_level() {
        let ws = exam();
        let id = named(&ws, "specific-user");
        let answer = ws
            .what_can(id, Some("sagemaker:*, s3:GetObject"))
            .expect("answer");
        assert_eq!(answer.name, "specific-user");
        assert_eq!(
            answer.decided,
            expand_actions("sagemaker:*, s3:GetObject", &[]).len()
        );
        // The seed IAM policy allows CreateTrainingJob only; S3 is not allowed at all.
        assert_eq!(answer.allowed, 1);
        assert_eq!(answer.services.len(), 1);
        let sagemaker = &answer.services[0];
        assert_eq!(sagemaker.service, "sagemaker");
        assert_eq!(sagemaker.decided, catalog().expand("sagemaker:*").len());
        assert_eq!(sagemaker.levels.len(), 1);
        assert_eq!(sagemaker.levels[0].level, "Write");
        let create = &sagemaker.levels[0].actions[0];
        assert_eq!(create.action, "sagemaker:CreateTrainingJob");
        assert!(create
            .granted_by
            .iter()
            .any(|s| s.layer == Layer::IdentityPolicies
                && s.policy == "IAM policy `sagemaker-training`"));
        // Each allowed action agrees with who-can (and so with the grid).
        let who = ws.who_can(create.action, None).expect("who");
        assert_eq!(row(&who, "specific-user").granted_by, create.granted_by);
        // other-user: the endpoint lets nothing of SageMaker through.
        let other = ws
            .what_can(named(&ws, "other-user"), Some("sagemaker:*"))
            .expect("answer");
        assert_eq!((other.allowed, other.services.len()), (0, 0));
    }

    #[test]
    fn what_can_over_the_whole_catalog_lists_each_service_once() {
        let mut s = presets::preset("sagemaker-api-exam")
            .expect("preset")
            .scenario;
        s.principals[0].policies[0].text = r#"{"Version": "2012-10-17", "Statement": [
            {"Sid": "Admin", "Effect": "Allow", "Action": "*", "Resource": "*"}]}"#
            .into();
        let ws = Workspace::new(s);
        let answer = ws
            .what_can(named(&ws, "specific-user"), None)
            .expect("answer");
        let cat = catalog();
        assert_eq!(answer.decided, cat.action_count());
        // Everything is allowed (through the endpoint for SageMaker, which admits this user;
        // over the internet for the rest) but what a resource must allow by itself: assuming
        // a role without a trust policy, and the few actions whose request names a KMS key.
        let allowed: std::collections::HashSet<&str> = answer
            .services
            .iter()
            .flat_map(|s| {
                s.levels
                    .iter()
                    .flat_map(|l| l.actions.iter().map(|a| a.action))
            })
            .collect();
        assert_eq!(allowed.len(), answer.allowed);
        let missing: Vec<&str> = cat
            .actions()
            .map(|a| a.name())
            .filter(|a| !allowed.contains(a))
            .collect();
        assert!(missing.contains(&"sts:AssumeRole"), "{missing:?}");
        assert!(missing.len() < 10, "{missing:?}");
        let prefixes: Vec<&str> = answer.services.iter().map(|s| s.service).collect();
        let unique: std::collections::HashSet<&str> = prefixes.iter().copied().collect();
        assert_eq!(unique.len(), prefixes.len(), "a service is listed once");
        assert_eq!(
            prefixes.len(),
            cat.services().filter(|s| s.actions().len() > 0).count()
        );
        let decided: usize = answer.services.iter().map(|s| s.decided).sum();
        assert_eq!(decided, answer.decided);
    }

    #[test]
    fn what_can_orders_levels_as_the_console_does() {
        let mut s = presets::preset("sagemaker-api-exam")
            .expect("preset")
            .scenario;
        s.principals[0].policies[0].text = r#"{"Version": "2012-10-17", "Statement": [
            {"Sid": "All", "Effect": "Allow", "Action": "sagemaker:*", "Resource": "*"}]}"#
            .into();
        let ws = Workspace::new(s);
        let answer = ws
            .what_can(named(&ws, "specific-user"), Some("sagemaker:*"))
            .expect("answer");
        let sagemaker = &answer.services[0];
        assert_eq!(sagemaker.allowed, sagemaker.decided);
        let levels: Vec<&str> = sagemaker.levels.iter().map(|l| l.level.as_str()).collect();
        let ranks: Vec<(usize, usize)> = levels.iter().map(|l| level_rank(l)).collect();
        assert!(ranks.windows(2).all(|w| w[0] <= w[1]), "{levels:?}");
        assert_eq!(levels.first(), Some(&"List"));
        // SageMaker's tagging actions are `Tagging, Write`: after the actions of `Write`.
        assert_eq!(levels, ["List", "Read", "Write", "Tagging, Write"]);
        let total: usize = sagemaker.levels.iter().map(|l| l.actions.len()).sum();
        assert_eq!(total, sagemaker.allowed);
        for l in &sagemaker.levels {
            for a in &l.actions {
                let sid = a
                    .granted_by
                    .iter()
                    .find(|s| s.layer == Layer::IdentityPolicies);
                assert_eq!(
                    sid.and_then(|s| s.sid.as_deref()),
                    Some("All"),
                    "{}",
                    a.action
                );
            }
        }
    }
}
