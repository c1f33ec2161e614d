//! Expectations: what the author says some cells must decide ("`specific-user` may create
//! training jobs through the endpoint, `other-user` may not"), checked against the decisions the
//! grid makes.
//!
//! An expectation ([`ExpectationDoc`]) names principals by a pattern over their names (or one
//! exact ARN), actions by a pattern over the catalog, and optionally a resource (a named resource
//! of the scenario, or an ARN). Each principal × action it covers is a cell decided exactly as
//! the grid decides it (the same resource choice, route, policy set and `verdict`), so an
//! expectation on a grid cell agrees with that cell, and a failing cell is explained with
//! [`Workspace::explain_at`] like any other. The work is bounded: an expectation covers at most
//! [`MAX_EXPECTATION_CELLS`] cells and all of them together at most [`MAX_CHECKED_CELLS`];
//! beyond, the expectation is invalid and says so.

use super::*;
use crate::text::{did_you_mean, glob_match, quoted_list, Token};

/// Most expectations a scenario may hold.
pub const MAX_EXPECTATIONS: usize = 100;
/// The longest principal or action pattern of an expectation (characters).
pub const MAX_EXPECTATION_PATTERN: usize = 256;
/// The longest resource of an expectation (AWS ARNs have at most 2,048 characters).
pub const MAX_EXPECTATION_RESOURCE: usize = 2048;
/// The longest note of an expectation.
pub const MAX_EXPECTATION_NOTE: usize = 1024;
/// Most cells (principals × actions) one expectation may cover: `*` over every action is an
/// invalid expectation, not 22,000 decisions per principal on every keystroke.
pub const MAX_EXPECTATION_CELLS: usize = 1_000;
/// Most cells all the expectations of a scenario may cover together; the expectations past it
/// are invalid.
pub const MAX_CHECKED_CELLS: usize = 10_000;
/// Most wildcards (`*`, `?`) in a principal or action pattern: matching costs in proportion to
/// them, over every name and every one of the catalog's 22,000 actions.
pub const MAX_PATTERN_WILDCARDS: usize = 10;
/// Principal names longer than this are compared with a pattern only for equality (wildcards
/// never reach them), so that matching stays small whatever a document holds.
const MAX_MATCHED_NAME: usize = 256;

/// The actions of each action pattern, kept by the workspace: expanding a pattern over the
/// catalog costs from microseconds to tens of milliseconds (a long pattern with many wildcards
/// compared with all 22,000 actions), and the catalog never changes. At most
/// `2 × MAX_EXPECTATIONS` patterns are kept.
pub(super) type Expansions =
    std::cell::RefCell<std::collections::HashMap<String, std::rc::Rc<[&'static str]>>>;

/// How an expectation fared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExpectationState {
    /// Every cell it covers decides as expected.
    Pass,
    /// At least one cell does not.
    Fail,
    /// It could not be checked: a pattern matches nothing, the resource is unknown, it covers
    /// too many cells, or a policy has errors (see [`ExpectationResult::problem`]).
    Invalid,
}

impl ExpectationState {
    /// `pass`, `fail` or `invalid` (the page's `data-state`, the command line's JSON).
    pub fn as_str(self) -> &'static str {
        match self {
            ExpectationState::Pass => "pass",
            ExpectationState::Fail => "fail",
            ExpectationState::Invalid => "invalid",
        }
    }
}

/// One cell an expectation covers, decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpectationCell {
    /// The principal (explain the cell with [`Workspace::explain_at`]`(principal, action,
    /// &resource)`).
    pub principal: PrincipalId,
    /// The principal's name.
    pub principal_name: String,
    /// The action (its catalog spelling).
    pub action: &'static str,
    /// The resource the request named (an ARN or `*`).
    pub resource: String,
    /// True when the request is the grid's own for this principal and action (it names the
    /// resource the grid's cell names): the page marks that grid cell.
    pub grid_cell: bool,
    /// The decision and the blocking layers.
    pub cell: Cell,
    /// True when the decision is what the expectation expects.
    pub holds: bool,
}

/// What checking one expectation found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpectationResult {
    /// The expectation's index in the scenario's `expectations`.
    pub index: usize,
    /// The expectation, as checked.
    pub expectation: ExpectationDoc,
    /// Pass, fail or invalid.
    pub state: ExpectationState,
    /// Why it is invalid (`None` unless invalid): an `INVALID_EXPECTATION` diagnostic whose
    /// place is the expectation's (`expectations[I]`; it has no text of its own, so line and
    /// column are 1) and whose message says in plain words what is wrong.
    pub problem: Option<Located>,
    /// The cells it covers, action after action, principals in the scenario's order (empty when
    /// invalid).
    pub cells: Vec<ExpectationCell>,
}

impl ExpectationResult {
    /// The cells that do not decide as expected.
    pub fn failures(&self) -> impl Iterator<Item = &ExpectationCell> {
        self.cells.iter().filter(|c| !c.holds)
    }

    fn invalid(index: usize, expectation: &ExpectationDoc, problem: String) -> Self {
        let problem = Diagnostic::new(Code::INVALID_EXPECTATION, Span::default(), problem)
            .locate(format!("expectations[{index}]"), &LineIndex::new(""));
        ExpectationResult {
            index,
            expectation: expectation.clone(),
            state: ExpectationState::Invalid,
            problem: Some(problem),
            cells: Vec::new(),
        }
    }

    /// Why it is invalid, in plain words (`None` unless invalid).
    pub fn problem_message(&self) -> Option<&str> {
        self.problem.as_ref().map(|p| p.message.as_str())
    }
}

impl Expect {
    /// True when `cell` decides what this expects (`Denied` holds for either kind of denial
    /// and for a call that never arrives; the two kinds of denial only for calls that arrive).
    pub fn holds(self, cell: &Cell) -> bool {
        let arrives = cell.unreachable.is_none();
        match self {
            Expect::Allowed => arrives && cell.decision == Decision::Allowed,
            Expect::Denied => !arrives || cell.decision != Decision::Allowed,
            Expect::ExplicitlyDenied => arrives && cell.decision == Decision::ExplicitlyDenied,
            Expect::ImplicitlyDenied => arrives && cell.decision == Decision::ImplicitlyDenied,
            Expect::Unreachable => !arrives,
        }
    }

    /// The expectation that pins `cell` exactly.
    pub fn of(cell: &Cell) -> Expect {
        if cell.unreachable.is_some() {
            return Expect::Unreachable;
        }
        match cell.decision {
            Decision::Allowed => Expect::Allowed,
            Decision::ExplicitlyDenied => Expect::ExplicitlyDenied,
            Decision::ImplicitlyDenied => Expect::ImplicitlyDenied,
        }
    }
}

/// Which resource the cells of an expectation name.
#[derive(Debug, Clone, Copy)]
enum Target<'a> {
    /// The grid's resource for each action.
    Grid,
    /// The named resource of this ARN, selected (as the pivot decides it: its ARN when it fits
    /// the action).
    Named(&'a str),
    /// This ARN (or `*`), as given.
    Arn(&'a str),
}

/// What an expectation covers, once its patterns are resolved.
struct Resolved<'a> {
    principals: Vec<usize>,
    actions: std::rc::Rc<[&'static str]>,
    target: Target<'a>,
}

/// `pattern` as wildcard tokens: `*` any run of characters, `?` one character.
fn tokens(pattern: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut text = String::new();
    for c in pattern.chars() {
        let wildcard = match c {
            '*' => Token::AnyRun,
            '?' => Token::AnyOne,
            _ => {
                text.push(c);
                continue;
            }
        };
        if !text.is_empty() {
            out.push(Token::Text(std::mem::take(&mut text)));
        }
        if !(wildcard == Token::AnyRun && out.last() == Some(&Token::AnyRun)) {
            out.push(wildcard);
        }
    }
    if !text.is_empty() {
        out.push(Token::Text(text));
    }
    out
}

/// Up to ten names in backquotes, for messages.
fn some_names(names: &[&str]) -> String {
    if names.len() <= 10 {
        quoted_list(names)
    } else {
        format!(
            "{}, …",
            quoted_list(&names[..10]).replacen(" and ", ", ", 1)
        )
    }
}

impl Workspace {
    /// Checks every expectation of the scenario, in order. Each covered cell is decided as the
    /// grid decides it; with a policy error, nothing is decided and every expectation is
    /// invalid (the page keeps its last results while the grid is stale).
    pub fn check_expectations(&self) -> Vec<ExpectationResult> {
        let expectations = &self.scenario.expectations;
        if self.has_errors() {
            return expectations
                .iter()
                .enumerate()
                .map(|(i, e)| {
                    ExpectationResult::invalid(
                        i,
                        e,
                        "a policy has errors: nothing is decided until they are fixed".into(),
                    )
                })
                .collect();
        }
        let mut budget = MAX_CHECKED_CELLS;
        expectations
            .iter()
            .enumerate()
            .map(|(i, e)| self.check_one(i, e, &mut budget))
            .collect()
    }

    /// Checks expectation `e` (at `index`), taking its cells from `budget`.
    fn check_one(&self, index: usize, e: &ExpectationDoc, budget: &mut usize) -> ExpectationResult {
        let resolved = match self.resolve(e) {
            Ok(r) => r,
            Err(problem) => return ExpectationResult::invalid(index, e, problem),
        };
        let count = resolved.principals.len() * resolved.actions.len();
        if count > MAX_EXPECTATION_CELLS {
            return ExpectationResult::invalid(
                index,
                e,
                format!(
                    "it covers too many cells: {count} ({} principals × {} actions); at most \
                     {MAX_EXPECTATION_CELLS}: narrow its principal or action pattern",
                    resolved.principals.len(),
                    resolved.actions.len()
                ),
            );
        }
        if count > *budget {
            return ExpectationResult::invalid(
                index,
                e,
                format!(
                    "too many cells in all: the expectations may cover at most \
                     {MAX_CHECKED_CELLS} cells together, and this one would add {count}"
                ),
            );
        }
        *budget -= count;
        let mut cells = Vec::with_capacity(count);
        let table = self.paths();
        for &action in resolved.actions.iter() {
            let resource = match resolved.target {
                Target::Grid => self.resource_for(action),
                Target::Named(arn) => self.resource_with(action, Some(arn)),
                Target::Arn(arn) => arn.to_string(),
            };
            let grid_cell = match resolved.target {
                Target::Grid => true,
                _ => resource == self.resource_for(action),
            };
            let route = self.route(action, &resource);
            for &p in &resolved.principals {
                let (Some(id), Some(doc)) = (self.principal_id(p), self.scenario.principals.get(p))
                else {
                    continue;
                };
                let cell = self.decide_cell(table.as_deref(), p, action, &resource, route);
                cells.push(ExpectationCell {
                    principal: id,
                    principal_name: doc.name.clone(),
                    action,
                    resource: resource.clone(),
                    grid_cell,
                    holds: e.expect.holds(&cell),
                    cell,
                });
            }
        }
        let state = if cells.iter().all(|c| c.holds) {
            ExpectationState::Pass
        } else {
            ExpectationState::Fail
        };
        ExpectationResult {
            index,
            expectation: e.clone(),
            state,
            problem: None,
            cells,
        }
    }

    /// The actions `pattern` expands to, in catalog order, from the workspace's memory when it
    /// was expanded before.
    fn expand_pattern(&self, pattern: &str) -> std::rc::Rc<[&'static str]> {
        if let Some(actions) = self.expansions.borrow().get(pattern) {
            return actions.clone();
        }
        let actions: std::rc::Rc<[&'static str]> =
            catalog().expand(pattern).iter().map(|a| a.name()).collect();
        let mut kept = self.expansions.borrow_mut();
        if kept.len() >= 2 * MAX_EXPECTATIONS {
            kept.clear();
        }
        kept.insert(pattern.to_string(), actions.clone());
        actions
    }

    /// The principals (by position) whose name matches `pattern`, or whose ARN is `pattern`.
    pub(super) fn matching_principals(&self, pattern: &str) -> Vec<usize> {
        let tokens = tokens(pattern);
        let wild = tokens.iter().any(|t| !matches!(t, Token::Text(_)));
        self.scenario
            .principals
            .iter()
            .enumerate()
            .filter(|(_, p)| {
                p.arn == pattern
                    || p.name == pattern
                    || (wild && p.name.len() <= MAX_MATCHED_NAME && glob_match(&tokens, &p.name))
            })
            .map(|(i, _)| i)
            .collect()
    }

    /// What `e` covers, or why it cannot be checked.
    fn resolve<'a>(&'a self, e: &'a ExpectationDoc) -> Result<Resolved<'a>, String> {
        let (principal, action, resource) =
            (e.principal.trim(), e.action.trim(), e.resource.trim());
        for (what, text) in [("principal", principal), ("action", action)] {
            if text.is_empty() {
                return Err(format!("it names no {what}"));
            }
            if text.len() > MAX_EXPECTATION_PATTERN {
                return Err(format!(
                    "its {what} is too long ({} characters; at most {MAX_EXPECTATION_PATTERN})",
                    text.len()
                ));
            }
            let wildcards = text.chars().filter(|c| matches!(c, '*' | '?')).count();
            if wildcards > MAX_PATTERN_WILDCARDS {
                return Err(format!(
                    "its {what} pattern has {wildcards} wildcards; at most {MAX_PATTERN_WILDCARDS}"
                ));
            }
        }
        if resource.len() > MAX_EXPECTATION_RESOURCE {
            return Err(format!(
                "its resource is too long ({} characters; at most {MAX_EXPECTATION_RESOURCE})",
                resource.len()
            ));
        }
        let principals = self.matching_principals(principal);
        if principals.is_empty() {
            let names: Vec<&str> = self
                .scenario
                .principals
                .iter()
                .map(|p| p.name.as_str())
                .collect();
            let hint = match did_you_mean(principal, &names) {
                Some(name) => format!("; did you mean `{name}`?"),
                None if names.is_empty() => " (the scenario has no principals)".into(),
                None => format!(" (its principals are {})", some_names(&names)),
            };
            return Err(format!(
                "`{principal}` matches no principal of the scenario{hint}"
            ));
        }
        let cat = catalog();
        let actions = self.expand_pattern(action);
        if actions.is_empty() {
            let hint = if let Some(a) = cat.suggest_action(action) {
                format!("; did you mean `{}`?", a.name())
            } else if let Some(s) = action
                .split_once(':')
                .filter(|(prefix, _)| cat.service(prefix).is_none())
                .and_then(|(prefix, _)| cat.suggest_service(prefix))
            {
                format!("; did you mean the service `{}`?", s.prefix())
            } else if !action.contains(':') {
                " (actions are written `service:Action`)".into()
            } else {
                String::new()
            };
            return Err(format!("`{action}` matches no action of the catalog{hint}"));
        }
        let target = if resource.is_empty() {
            Target::Grid
        } else if let Some(r) = self.scenario.resource_named(resource) {
            Target::Named(&r.arn)
        } else if resource == "*" || resource.starts_with("arn:") {
            Target::Arn(resource)
        } else {
            let names: Vec<&str> = self
                .scenario
                .resources
                .iter()
                .map(|r| r.name.as_str())
                .collect();
            let hint = match did_you_mean(resource, &names) {
                Some(name) => format!("; did you mean `{name}`?"),
                None if names.is_empty() => String::new(),
                None => format!(" (its resources are {})", some_names(&names)),
            };
            return Err(format!(
                "`{resource}` is neither a resource of the scenario nor an ARN{hint}"
            ));
        };
        Ok(Resolved {
            principals,
            actions,
            target,
        })
    }

    /// Appends an expectation that pins the current decision of principal `id`'s cell for
    /// `action` (`Allowed`, `ExplicitlyDenied` or `ImplicitlyDenied`), the page's "expect
    /// this": the principal by name (by ARN when another principal has the same name), the
    /// action in its catalog spelling, and the selected named resource when the cell's request
    /// names it (empty otherwise: the grid's resource). Its index; `None` for an unknown
    /// principal or action, when a policy has errors, or when the scenario already holds
    /// [`MAX_EXPECTATIONS`].
    pub fn expect_cell(&mut self, id: PrincipalId, action: &str) -> Option<usize> {
        if self.scenario.expectations.len() >= MAX_EXPECTATIONS || self.has_errors() {
            return None;
        }
        let p = self.principal_position(id)?;
        let action = catalog().action(action)?.name();
        let resource = self.resource_for(action);
        let route = self.route(action, &resource);
        let cell = self.decide_cell(self.paths().as_deref(), p, action, &resource, route);
        let doc = self.scenario.principals.get(p)?;
        let principal = [doc.name.as_str(), doc.arn.as_str()]
            .into_iter()
            .find(|name| !name.is_empty() && self.matching_principals(name) == [p])
            .unwrap_or(&doc.name)
            .to_string();
        let resource = self
            .scenario
            .resource_named(&self.scenario.selected_resource)
            .filter(|r| r.arn == resource)
            .map(|r| r.name.clone())
            .unwrap_or_default();
        self.scenario.expectations.push(ExpectationDoc {
            principal,
            action: action.to_string(),
            resource,
            expect: Expect::of(&cell),
            note: String::new(),
        });
        Some(self.scenario.expectations.len() - 1)
    }

    /// Removes the expectation at `index`; false when there is none.
    pub fn remove_expectation(&mut self, index: usize) -> bool {
        if index >= self.scenario.expectations.len() {
            return false;
        }
        self.scenario.expectations.remove(index);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::tests::named;

    fn preset(id: &str) -> Workspace {
        Workspace::new(presets::preset(id).expect("preset").scenario)
    }

    fn expectation(principal: &str, action: &str, expect: Expect) -> ExpectationDoc {
        ExpectationDoc {
            principal: principal.into(),
            action: action.into(),
            resource: String::new(),
            expect,
            note: String::new(),
        }
    }

    /// Checks `expectations` alone in `ws`.
    fn check(ws: &mut Workspace, expectations: Vec<ExpectationDoc>) -> Vec<ExpectationResult> {
        ws.scenario.expectations = expectations;
        ws.check_expectations()
    }

    fn names(ws: &Workspace, pattern: &str) -> Vec<String> {
        ws.matching_principals(pattern)
            .into_iter()
            .map(|i| ws.scenario.principals[i].name.clone())
            .collect()
    }

    #[test]
    fn principal_patterns_match_names_with_wildcards_or_one_exact_arn() {
        let ws = preset("sagemaker-api-exam");
        assert_eq!(names(&ws, "*-user"), ["specific-user", "other-user"]);
        assert_eq!(names(&ws, "?ther-user"), ["other-user"]);
        assert_eq!(
            names(&ws, "*"),
            ["specific-user", "other-user", "ml-instance-role"]
        );
        assert_eq!(names(&ws, "ml-*-role"), ["ml-instance-role"]);
        assert_eq!(names(&ws, "other-user"), ["other-user"]);
        // A name matches whole, and exactly (names are the author's labels).
        assert!(names(&ws, "other").is_empty());
        assert!(names(&ws, "Other-User").is_empty());
        assert_eq!(
            names(&ws, "arn:aws:iam::111122223333:user/other-user"),
            ["other-user"]
        );
        // An ARN is not a pattern.
        assert!(names(&ws, "arn:aws:iam::111122223333:user/*").is_empty());
        assert_eq!(tokens("a**b?"), tokens("a*b?"));
    }

    #[test]
    fn action_patterns_expand_through_the_catalog_case_insensitively() {
        let mut ws = preset("sagemaker-api-exam");
        let results = check(
            &mut ws,
            vec![expectation(
                "specific-user",
                "SageMaker:Create*Job",
                Expect::Denied,
            )],
        );
        let actions: Vec<&str> = results[0].cells.iter().map(|c| c.action).collect();
        assert!(actions.contains(&"sagemaker:CreateTrainingJob"));
        assert!(actions.contains(&"sagemaker:CreateProcessingJob"));
        assert!(actions
            .iter()
            .all(|a| a.starts_with("sagemaker:Create") && a.ends_with("Job")));
        // CreateTrainingJob is the one allowed: the only failure.
        assert_eq!(results[0].state, ExpectationState::Fail);
        let failing: Vec<&str> = results[0].failures().map(|c| c.action).collect();
        assert_eq!(failing, ["sagemaker:CreateTrainingJob"]);
    }

    #[test]
    fn allowed_and_each_kind_of_denial_are_told_apart_and_denied_takes_either() {
        use Expect::*;
        let mut ws = preset("sagemaker-api-exam");
        let state = |ws: &mut Workspace, who: &str, expect: Expect| {
            check(
                ws,
                vec![expectation(who, "sagemaker:CreateTrainingJob", expect)],
            )[0]
            .state
        };
        // other-user: implicitly denied (the endpoint policy does not name it).
        for (expect, state_wanted) in [
            (Allowed, ExpectationState::Fail),
            (Denied, ExpectationState::Pass),
            (ImplicitlyDenied, ExpectationState::Pass),
            (ExplicitlyDenied, ExpectationState::Fail),
        ] {
            assert_eq!(
                state(&mut ws, "other-user", expect),
                state_wanted,
                "{expect:?}"
            );
        }
        assert_eq!(
            state(&mut ws, "specific-user", Allowed),
            ExpectationState::Pass
        );
        assert_eq!(
            state(&mut ws, "specific-user", Denied),
            ExpectationState::Fail
        );
        // Over the internet, the IAM policy's Deny fires: explicitly denied.
        let mut ws = preset("deny-unless-endpoint");
        ws.scenario.context.via_endpoint = false;
        for (expect, state_wanted) in [
            (Allowed, ExpectationState::Fail),
            (Denied, ExpectationState::Pass),
            (ImplicitlyDenied, ExpectationState::Fail),
            (ExplicitlyDenied, ExpectationState::Pass),
        ] {
            assert_eq!(
                state(&mut ws, "data-scientist", expect),
                state_wanted,
                "{expect:?}"
            );
        }
        let results = check(
            &mut ws,
            vec![expectation("*", "sagemaker:CreateModel", ExplicitlyDenied)],
        );
        let cell = &results[0].cells[0];
        assert_eq!(cell.cell.decision, Decision::ExplicitlyDenied);
        assert_eq!(
            cell.cell.blocked_by.iter().collect::<Vec<_>>(),
            [crate::engine::Layer::IdentityPolicies]
        );
    }

    #[test]
    fn expectations_that_cannot_be_checked_are_invalid_and_say_why() {
        let mut ws = preset("cross-account-bucket");
        let on = |resource: &str| ExpectationDoc {
            resource: resource.into(),
            ..expectation("partner-reader", "s3:GetObject", Expect::Allowed)
        };
        let results = check(
            &mut ws,
            vec![
                expectation("partner-readr", "s3:GetObject", Expect::Allowed),
                expectation("nobody-*", "s3:GetObject", Expect::Allowed),
                expectation("partner-reader", "s3:GetObjct", Expect::Allowed),
                expectation("partner-reader", "s4:GetObject", Expect::Allowed),
                expectation("partner-reader", "GetObject", Expect::Allowed),
                on("report"),
                on("bucket"),
                expectation(" ", "s3:GetObject", Expect::Allowed),
                expectation("*", "*", Expect::Denied),
            ],
        );
        let problems: Vec<String> = results
            .iter()
            .map(|r| {
                assert_eq!(r.state, ExpectationState::Invalid);
                assert!(r.cells.is_empty());
                r.problem_message().expect("a reason").to_string()
            })
            .collect();
        let located = results[0].problem.as_ref().expect("a diagnostic");
        assert_eq!(located.code, Code::INVALID_EXPECTATION);
        assert_eq!(located.place, "expectations[0]");
        assert!(located.is_error());
        assert!(problems[0].contains("`partner-readr` matches no principal"));
        assert!(problems[0].contains("did you mean `partner-reader`?"));
        assert!(problems[1].contains("its principals are `partner-reader` and `partner-auditor`"));
        assert!(
            problems[2].contains("matches no action") && problems[2].contains("`s3:GetObject`")
        );
        assert!(
            problems[3].contains("did you mean the service `s3`?"),
            "{}",
            problems[3]
        );
        assert!(problems[4].contains("`service:Action`"), "{}", problems[4]);
        assert!(problems[5].contains("neither a resource of the scenario nor an ARN"));
        assert!(problems[5].contains("did you mean `reports`?"));
        assert!(problems[6].contains("its resources are `reports`"));
        assert!(problems[7].contains("names no principal"));
        assert!(problems[8].contains("too many cells"), "{}", problems[8]);
        assert!(problems[8].contains(&MAX_EXPECTATION_CELLS.to_string()));
        // A policy error: nothing is decided.
        ws.scenario.expectations = vec![on("")];
        ws.set_text(Editor::Resource(0), "{".into());
        let results = ws.check_expectations();
        assert_eq!(results[0].state, ExpectationState::Invalid);
        assert!(results[0]
            .problem_message()
            .is_some_and(|p| p.contains("errors")));
    }

    #[test]
    fn the_cells_of_all_expectations_together_are_bounded() {
        let mut ws = preset("sagemaker-api-exam");
        // 2 users × every SageMaker action: under the cap for one, not for twenty.
        let each = ws.matching_principals("*-user").len() * ws.actions().len();
        assert!(each <= MAX_EXPECTATION_CELLS && each * 20 > MAX_CHECKED_CELLS);
        let results = check(
            &mut ws,
            vec![expectation("*-user", "sagemaker:*", Expect::Denied); 20],
        );
        let checked = MAX_CHECKED_CELLS / each;
        for (i, r) in results.iter().enumerate() {
            if i < checked {
                assert_eq!(r.state, ExpectationState::Fail, "{i}");
                assert_eq!(r.cells.len(), each);
            } else {
                assert_eq!(r.state, ExpectationState::Invalid, "{i}");
                assert!(r.problem_message().is_some_and(|p| p.contains("in all")));
            }
        }
    }

    #[test]
    fn every_expectation_cell_agrees_with_the_grid_and_its_explanation() {
        for preset in presets::all() {
            let mut ws = Workspace::new(preset.scenario);
            // Every principal × each action of the grid, on the grid's resource.
            let grid = ws.grid().expect("grid");
            let mut covered = 0;
            for (row, action) in grid.actions.iter().enumerate() {
                ws.scenario.expectations = vec![expectation("*", action, Expect::Allowed)];
                let results = ws.check_expectations();
                let cells = &results[0].cells;
                assert_eq!(cells.len(), grid.principals.len());
                for (column, c) in cells.iter().enumerate() {
                    assert!(c.grid_cell);
                    assert_eq!(c.principal, grid.principals[column]);
                    assert_eq!(c.cell, grid.cells[row][column], "{} {action}", preset.id);
                    assert_eq!(c.holds, c.cell.decision == Decision::Allowed);
                    let e = ws
                        .explain_at(c.principal, c.action, &c.resource)
                        .expect("explained");
                    assert_eq!(e.evaluation.decision, c.cell.decision);
                    assert_eq!(e.resource, c.resource);
                    covered += 1;
                }
                if covered > 400 {
                    break;
                }
            }
        }
    }

    #[test]
    fn a_named_resource_or_an_arn_picks_the_request_and_its_policy() {
        let mut ws = preset("cross-account-bucket");
        let bucket = ws.scenario.resources[0].arn.clone();
        ws.scenario.selected_resource.clear();
        let on = |resource: &str| ExpectationDoc {
            resource: resource.into(),
            ..expectation("partner-reader", "s3:GetObject", Expect::Allowed)
        };
        let other = "arn:aws:s3:::another-bucket/file.txt";
        let results = check(&mut ws, vec![on("reports"), on(&bucket), on(other), on("")]);
        // By name or by its ARN: the bucket and its policy (partner-reader reads).
        for r in &results[..2] {
            assert_eq!(r.state, ExpectationState::Pass, "{:?}", r.problem);
            assert_eq!(r.cells[0].resource, bucket);
            // No named resource is selected: the grid's request names another resource.
            assert!(!r.cells[0].grid_cell);
        }
        // Another bucket has no policy, and the reader's IAM policy names the first bucket only.
        assert_eq!(results[2].state, ExpectationState::Fail);
        assert_eq!(results[2].cells[0].resource, other);
        assert_eq!(
            results[2].cells[0]
                .cell
                .blocked_by
                .iter()
                .collect::<Vec<_>>(),
            [crate::engine::Layer::IdentityPolicies]
        );
        assert!(results[3].cells[0].grid_cell);
        // Explaining a failing cell on its own resource agrees with it.
        let c = &results[2].cells[0];
        let e = ws
            .explain_at(c.principal, c.action, &c.resource)
            .expect("explained");
        assert_eq!(e.evaluation.decision, c.cell.decision);
        assert_eq!(e.resource, other);
        // With the bucket selected, the named expectation is the grid's cell.
        ws.scenario.selected_resource = "reports".into();
        assert!(ws.check_expectations()[0].cells[0].grid_cell);
    }

    #[test]
    fn expect_this_pins_the_cells_current_decision() {
        let mut ws = preset("sagemaker-api-exam");
        ws.scenario.expectations.clear();
        let other = named(&ws, "other-user");
        let specific = named(&ws, "specific-user");
        assert_eq!(
            ws.expect_cell(other, "sagemaker:createtrainingjob"),
            Some(0)
        );
        assert_eq!(
            ws.expect_cell(specific, "sagemaker:CreateTrainingJob"),
            Some(1)
        );
        assert_eq!(
            ws.scenario.expectations,
            [
                expectation(
                    "other-user",
                    "sagemaker:CreateTrainingJob",
                    Expect::ImplicitlyDenied
                ),
                expectation(
                    "specific-user",
                    "sagemaker:CreateTrainingJob",
                    Expect::Allowed
                ),
            ]
        );
        assert!(ws
            .check_expectations()
            .iter()
            .all(|r| r.state == ExpectationState::Pass));
        // An explicit deny is pinned as one.
        let mut ws = preset("scp-region-guardrail");
        ws.scenario.expectations.clear();
        let admin = named(&ws, "admin");
        let at = ws
            .expect_cell(admin, "sagemaker:CreateTrainingJob")
            .expect("pinned");
        assert_eq!(
            ws.scenario.expectations[at].expect,
            Expect::ExplicitlyDenied
        );
        // Unknown actions or principals, and policy errors, pin nothing.
        assert_eq!(ws.expect_cell(admin, "sagemaker:NoSuchAction"), None);
        assert_eq!(ws.expect_cell(PrincipalId(9999), "iam:ListRoles"), None);
        ws.set_text(Editor::Identity(admin, ws.policy_ids(admin)[0]), "{".into());
        assert_eq!(ws.expect_cell(admin, "iam:ListRoles"), None);
        assert_eq!(ws.scenario.expectations.len(), 1);
        assert!(ws.remove_expectation(0));
        assert!(!ws.remove_expectation(0));
    }

    #[test]
    fn expect_this_names_the_selected_resource_and_tells_twins_apart_by_arn() {
        let mut ws = preset("cross-account-bucket");
        ws.scenario.expectations.clear();
        let reader = named(&ws, "partner-reader");
        let at = ws.expect_cell(reader, "s3:GetObject").expect("pinned");
        assert_eq!(ws.scenario.expectations[at].resource, "reports");
        // An action whose request cannot name the bucket keeps the grid's resource.
        let at = ws
            .expect_cell(reader, "s3:ListAllMyBuckets")
            .expect("pinned");
        assert_eq!(ws.scenario.expectations[at].resource, "");
        // Two principals of one name: the pin names the ARN, which covers only this one.
        ws.scenario.principals[1].name = "partner-reader".into();
        let auditor = ws.principal_id(1).expect("id");
        let at = ws.expect_cell(auditor, "s3:GetObject").expect("pinned");
        let pinned = ws.scenario.expectations[at].clone();
        assert_eq!(pinned.principal, ws.scenario.principals[1].arn);
        assert_eq!(pinned.expect, Expect::ImplicitlyDenied);
        let results = ws.check_expectations();
        assert_eq!(results[at].cells.len(), 1);
        assert_eq!(results[at].cells[0].principal, auditor);
        assert_eq!(results[at].state, ExpectationState::Pass);
        // The earlier pin by name now covers both twins, and fails for the auditor.
        assert_eq!(results[0].cells.len(), 2);
        assert_eq!(results[0].state, ExpectationState::Fail);
        // No more than the bound.
        ws.scenario.expectations = vec![pinned; MAX_EXPECTATIONS];
        assert_eq!(ws.expect_cell(reader, "s3:GetObject"), None);
    }

    #[test]
    fn hostile_patterns_are_invalid_and_checked_in_bounded_time() {
        let mut s = presets::preset("sagemaker-api-exam")
            .expect("preset")
            .scenario;
        let base = s.principals[0].clone();
        // As many principals as a scenario may hold, with long names, and a hundred patterns
        // built to backtrack.
        s.principals = (0..crate::scenario::MAX_PRINCIPALS)
            .map(|i| PrincipalDoc {
                name: format!("{}{i}", "a".repeat(250)),
                ..base.clone()
            })
            .collect();
        let names = format!("*{}b", "a".repeat(MAX_EXPECTATION_PATTERN - 2));
        let wild = "?a".repeat(MAX_PATTERN_WILDCARDS / 2 - 1);
        s.expectations = (0..MAX_EXPECTATIONS)
            .map(|i| {
                let (principal, action) = match i % 3 {
                    0 => (names.clone(), "sagemaker:CreateTrainingJob".to_string()),
                    1 => ("*".to_string(), format!("*{wild}{}*", i % 10)),
                    _ => ("*".to_string(), format!("*{}", "a?".repeat(120))),
                };
                expectation(&principal, &action, Expect::Denied)
            })
            .collect();
        let ws = Workspace::new(s);
        let start = std::time::Instant::now();
        let first = ws.check_expectations();
        let again = ws.check_expectations();
        assert_eq!(first, again);
        assert!(first
            .iter()
            .all(|r| r.state == ExpectationState::Invalid && r.problem.is_some()));
        assert!(first[2]
            .problem_message()
            .is_some_and(|p| p.contains("wildcards; at most 10")));
        // Generous for a debug build on a busy machine; a release build takes a fraction.
        assert!(start.elapsed() < std::time::Duration::from_secs(30));
    }

    #[test]
    fn the_exam_question_fails_one_expectation_when_the_endpoint_admits_everyone() {
        let mut ws = preset("sagemaker-api-exam");
        let policy = ws.scenario.endpoints[0].policy.replace(
            r#"{ "AWS": "arn:aws:iam::111122223333:user/specific-user" }"#,
            r#""*""#,
        );
        assert_ne!(policy, ws.scenario.endpoints[0].policy);
        ws.set_endpoint_policy(policy);
        let results = ws.check_expectations();
        let states: Vec<ExpectationState> = results.iter().map(|r| r.state).collect();
        assert_eq!(states, [ExpectationState::Pass, ExpectationState::Fail]);
        let failing: Vec<(&str, Decision)> = results[1]
            .failures()
            .map(|c| (c.principal_name.as_str(), c.cell.decision))
            .collect();
        assert_eq!(failing, [("other-user", Decision::Allowed)]);
    }
}
