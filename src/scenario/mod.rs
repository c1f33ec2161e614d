//! The playground's document and its grid: principals × actions, decided through the endpoint.
//!
//! [`Scenario`] is the serializable document (presets, share links, the page's state).
//! [`Workspace`] holds it together with every policy already parsed, so that an edit re-parses
//! only the policy that changed, and gives each principal and policy a stable id
//! ([`PrincipalId`], [`PolicyId`]); [`Workspace::grid`] decides every cell and
//! [`Workspace::explain`] explains one. [`PageState`] is what the page shows around it (the open
//! policy, the explained cell). Pure Rust: the page, the widget, the JS API and the tests all use
//! it.

mod document;
mod edits;
mod grid;
mod ids;
mod page;
pub mod presets;
pub mod share;
#[cfg(test)]
mod tests;

pub use document::{ContextDoc, EndpointDoc, PolicyDoc, PrincipalDoc, RowFilter, Scenario};
pub use edits::{parse_pairs, Field, PrincipalField, NEW_POLICY_TEXT};
use grid::summarize;
pub use grid::{
    arn_template_matches, expand_actions, layer_words, Cell, EditorDiagnostic, ExplainedCondition,
    ExplainedStatement, Explanation, Grid, LayerSet,
};
use ids::IdCounter;
pub use ids::{Editor, PolicyId, PrincipalId};
pub use page::PageState;

use crate::catalog::{catalog, AccessLevel};
use crate::checks::parse_policy_text;
use crate::engine::{
    check_statement, decide, default_endpoint_policy, Code, Context, Decision, Diagnostic,
    Endpoint, EndpointType, Evaluation, LineIndex, Located, NamedPolicy, ParsedPolicy, PolicyKind,
    PolicySet, Principal, Request, Span, StatementCheck,
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
    endpoint: ParsedPolicy,
    /// One per principal of `scenario`, in the same order.
    slots: Vec<PrincipalSlot>,
    ids: IdCounter,
}

/// A principal's id and its policies' ids and parses.
#[derive(Debug, Clone)]
struct PrincipalSlot {
    id: PrincipalId,
    /// One per policy of the principal, in the same order.
    policies: Vec<PolicySlot>,
}

#[derive(Debug, Clone)]
struct PolicySlot {
    id: PolicyId,
    parsed: ParsedPolicy,
}

/// Most principals and policies a scenario may hold (share links are untrusted input).
pub const MAX_PRINCIPALS: usize = 50;
/// Most identity policies per principal.
pub const MAX_POLICIES: usize = 10;

impl Workspace {
    /// Parses every policy of `scenario` and gives every principal and policy an id.
    pub fn new(scenario: Scenario) -> Workspace {
        let endpoint = parse_endpoint(&scenario.endpoint.policy);
        let mut ids = IdCounter::default();
        let slots = scenario
            .principals
            .iter()
            .map(|p| PrincipalSlot {
                id: ids.principal(),
                policies: p
                    .policies
                    .iter()
                    .map(|d| PolicySlot {
                        id: ids.policy(),
                        parsed: parse_identity(&d.text),
                    })
                    .collect(),
            })
            .collect();
        Workspace {
            scenario,
            endpoint,
            slots,
            ids,
        }
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

    /// Replaces the endpoint policy text.
    pub fn set_endpoint_policy(&mut self, text: String) {
        self.endpoint = parse_endpoint(&text);
        self.scenario.endpoint.policy = text;
    }

    /// Replaces the text of principal `p`'s policy `policy` (ignored when there is none).
    pub fn set_identity_policy(&mut self, p: PrincipalId, policy: PolicyId, text: String) {
        let Some((at, i)) = self.policy_position(p, policy) else {
            return;
        };
        let parsed = parse_identity(&text);
        if let (Some(doc), Some(slot)) = (
            self.scenario
                .principals
                .get_mut(at)
                .and_then(|d| d.policies.get_mut(i)),
            self.slots.get_mut(at).and_then(|s| s.policies.get_mut(i)),
        ) {
            doc.text = text;
            slot.parsed = parsed;
        }
    }

    /// The parsed policy behind an editor.
    pub fn parsed(&self, editor: Editor) -> Option<&ParsedPolicy> {
        match editor {
            Editor::Endpoint => Some(&self.endpoint),
            Editor::Identity(p, policy) => {
                let (at, i) = self.policy_position(p, policy)?;
                Some(&self.slots.get(at)?.policies.get(i)?.parsed)
            }
        }
    }

    /// The text behind an editor.
    pub fn text(&self, editor: Editor) -> Option<&str> {
        match editor {
            Editor::Endpoint => Some(&self.scenario.endpoint.policy),
            Editor::Identity(p, policy) => Some(&self.policy(p, policy)?.text),
        }
    }

    /// An editor's place in the document, as diagnostics name it: `endpoint` or
    /// `principals[P].policies[I]` (positions now).
    pub fn editor_place(&self, editor: Editor) -> String {
        match editor {
            Editor::Endpoint => "endpoint".into(),
            Editor::Identity(p, policy) => match self.policy_position(p, policy) {
                Some((p, i)) => format!("principals[{p}].policies[{i}]"),
                None => "principals[?]".into(),
            },
        }
    }

    /// An editor in words: `endpoint policy`, or `PRINCIPAL / POLICY` (`?` for a name no longer
    /// there).
    pub fn editor_name(&self, editor: Editor) -> String {
        match editor {
            Editor::Endpoint => "endpoint policy".into(),
            Editor::Identity(p, policy) => {
                let principal = self.principal(p).map(|d| d.name.as_str()).unwrap_or("?");
                let policy = self
                    .policy(p, policy)
                    .map(|d| d.name.as_str())
                    .unwrap_or("?");
                format!("{principal} / {policy}")
            }
        }
    }

    /// Every diagnostic of every policy, located in its editor.
    pub fn diagnostics(&self) -> Vec<EditorDiagnostic> {
        let mut editors = vec![Editor::Endpoint];
        for slot in &self.slots {
            editors.extend(
                slot.policies
                    .iter()
                    .map(|d| Editor::Identity(slot.id, d.id)),
            );
        }
        let mut out = Vec::new();
        for editor in editors {
            let (Some(parsed), Some(text)) = (self.parsed(editor), self.text(editor)) else {
                continue;
            };
            if parsed.diagnostics.is_empty() {
                continue;
            }
            let lines = LineIndex::new(text);
            let place = self.editor_place(editor);
            for d in &parsed.diagnostics {
                out.push(EditorDiagnostic {
                    editor,
                    span: d.span,
                    located: d.locate(place.clone(), &lines),
                });
            }
        }
        out
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
        self.endpoint.has_errors()
            || self
                .slots
                .iter()
                .flat_map(|s| &s.policies)
                .any(|d| d.parsed.has_errors())
    }

    /// The actions the filter selects from the catalog (in catalog order), at the chosen access
    /// levels.
    pub fn actions(&self) -> Vec<&'static str> {
        let levels: Vec<AccessLevel> = self
            .scenario
            .access
            .iter()
            .filter_map(|l| AccessLevel::from_name(l))
            .collect();
        expand_actions(&self.scenario.actions, &levels)
    }

    /// The account that owns the scenario's resources: the first principal's (or the example
    /// account).
    fn resource_owner(&self) -> String {
        self.scenario
            .principals
            .first()
            .and_then(|p| Principal::parse(&p.arn).ok())
            .map(|p| p.account)
            .filter(|a| !a.is_empty())
            .unwrap_or_else(|| "111122223333".into())
    }

    /// The resource a request for `action` names: the scenario's resource when it fits one of the
    /// action's resource types, `*` for actions that take no resource type, else a representative
    /// ARN made from the action's ARN template (partition `aws`, the scenario's region and the
    /// resource owner's account). Actions outside the catalog use the scenario's resource.
    pub fn resource_for(&self, action: &str) -> String {
        let given = &self.scenario.resource;
        let Some(a) = catalog().action(action) else {
            return given.clone();
        };
        let mut templates = a
            .resource_types()
            .filter_map(|t| t.resource_type)
            .flat_map(|t| t.arn_templates())
            .peekable();
        if templates.peek().is_none() {
            return "*".into();
        }
        if given != "*" && templates.any(|tpl| arn_template_matches(tpl, given)) {
            return given.clone();
        }
        a.synthesize_arn("aws", &self.scenario.context.region, &self.resource_owner())
            .unwrap_or_else(|| "*".into())
    }

    /// The policy set of the principal at index `p` (its identity policies and, when calls go
    /// through it, the endpoint). `None` when a policy has errors.
    fn policy_set(&self, p: usize) -> Option<PolicySet> {
        if self.has_errors() {
            return None;
        }
        let doc = self.scenario.principals.get(p)?;
        let identity_policies = self
            .slots
            .get(p)?
            .policies
            .iter()
            .zip(&doc.policies)
            .map(|(slot, d)| NamedPolicy {
                name: format!("IAM policy `{}`", d.name),
                policy: slot.parsed.policy.clone(),
            })
            .collect();
        let endpoint = self.scenario.context.via_endpoint.then(|| Endpoint {
            endpoint_type: self.endpoint_type(),
            policy: if self.scenario.endpoint.policy.trim().is_empty() {
                NamedPolicy {
                    name: "default endpoint policy".into(),
                    policy: default_endpoint_policy(),
                }
            } else {
                NamedPolicy {
                    name: "endpoint policy".into(),
                    policy: self.endpoint.policy.clone(),
                }
            },
        });
        Some(PolicySet {
            identity_policies,
            endpoint,
            ..PolicySet::default()
        })
    }

    fn endpoint_type(&self) -> EndpointType {
        if self
            .scenario
            .endpoint
            .endpoint_type
            .eq_ignore_ascii_case("gateway")
        {
            EndpointType::Gateway
        } else {
            EndpointType::Interface
        }
    }

    /// The request the principal at index `p` makes for `action`.
    fn request(&self, p: usize, action: &str) -> Option<Request> {
        let doc = self.scenario.principals.get(p)?;
        let principal = Principal::parse(&doc.arn).ok()?;
        let c = &self.scenario.context;
        let mut context = Context::default();
        let mut set = |k: &str, v: &str| {
            if !v.is_empty() {
                context.insert(k, vec![v.to_string()]);
            }
        };
        set("aws:RequestedRegion", &c.region);
        set("aws:SecureTransport", "true");
        set("aws:CurrentTime", &c.time);
        if let Some(ms) = crate::engine::values::parse_date(&c.time) {
            set("aws:EpochTime", &(ms / 1000).to_string());
        }
        if c.mfa {
            set("aws:MultiFactorAuthPresent", "true");
            set("aws:MultiFactorAuthAge", "300");
        }
        if c.via_endpoint {
            set("aws:SourceVpce", &self.scenario.endpoint.id);
            set("aws:SourceVpc", &c.vpc_id);
            set("aws:VpcSourceIp", &c.vpc_source_ip);
        } else {
            set("aws:SourceIp", &c.source_ip);
        }
        set("aws:PrincipalOrgID", &doc.org_id);
        for (k, v) in &doc.tags {
            set(&format!("aws:PrincipalTag/{k}"), v);
        }
        if !doc.tags.is_empty() {
            let keys: Vec<String> = doc.tags.iter().map(|(k, _)| k.clone()).collect();
            context.insert("aws:PrincipalTagKeys", keys);
        }
        for (k, v) in &c.extra {
            let values: Vec<String> = v
                .split(',')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect();
            if !k.trim().is_empty() {
                context.insert(k.trim(), values);
            }
        }
        Some(Request::new(
            principal,
            action,
            &self.resource_for(action),
            None,
            context,
        ))
    }

    /// Decides every cell. `None` when a policy has errors (the page keeps the last grid).
    pub fn grid(&self) -> Option<Grid> {
        if self.has_errors() {
            return None;
        }
        let actions = self.actions();
        let count = self.scenario.principals.len();
        let sets: Vec<Option<PolicySet>> = (0..count).map(|p| self.policy_set(p)).collect();
        // One request per principal, reused for every action (only the action changes).
        let mut requests: Vec<Option<Request>> = (0..count).map(|p| self.request(p, "")).collect();
        let mut cells = Vec::with_capacity(actions.len());
        for action in &actions {
            let resource = self.resource_for(action);
            let mut row = Vec::with_capacity(count);
            for (set, request) in sets.iter().zip(requests.iter_mut()) {
                let cell = match (set, request) {
                    (Some(set), Some(request)) => {
                        request.resource.clone_from(&resource);
                        request.action.clear();
                        request.action.push_str(action);
                        request.action_lower.clear();
                        request.action_lower.push_str(action);
                        request.action_lower.make_ascii_lowercase();
                        let e = decide(set, request);
                        Cell {
                            decision: e.decision,
                            blocked_by: LayerSet::of(&e.blocked_by),
                        }
                    }
                    _ => Cell {
                        decision: Decision::ImplicitlyDenied,
                        blocked_by: LayerSet::default(),
                    },
                };
                row.push(cell);
            }
            cells.push(row);
        }
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
        Some(Grid {
            principals: self.principal_ids().collect(),
            actions,
            cells,
        })
    }

    /// Explains the decision of principal `id` for `action`.
    pub fn explain(&self, id: PrincipalId, action: &str) -> Option<Explanation> {
        let p = self.principal_position(id)?;
        let slot = self.slots.get(p)?;
        let set = self.policy_set(p)?;
        let request = self.request(p, action)?;
        let evaluation = decide(&set, &request);
        let doc = self.scenario.principals.get(p)?;
        let mut statements = Vec::new();
        let mut editors: Vec<(Editor, &NamedPolicy, Option<EndpointType>)> = set
            .identity_policies
            .iter()
            .zip(&slot.policies)
            .map(|(np, d)| (Editor::Identity(id, d.id), np, None))
            .collect();
        if let Some(e) = &set.endpoint {
            editors.push((Editor::Endpoint, &e.policy, Some(e.endpoint_type)));
        }
        for (editor, named, endpoint) in editors {
            for st in &named.policy.statements {
                let check = check_statement(st, &request, endpoint);
                // Show what reached this request: the action, resource and principal matched.
                if !(check.action && check.resource && check.principal != Some(false)) {
                    continue;
                }
                let decisive = evaluation
                    .decisive
                    .iter()
                    .any(|d| d.policy == named.name && d.statement == st.index);
                let conditions = st
                    .conditions
                    .iter()
                    .zip(&check.conditions)
                    .map(|(c, holds)| ExplainedCondition {
                        text: format!("{} {} {:?}", c.operator_text, c.key, c.raw_values),
                        request_values: request.context.get(&c.key_lower).map(<[String]>::to_vec),
                        holds: *holds,
                    })
                    .collect();
                statements.push(ExplainedStatement {
                    editor,
                    policy: named.name.clone(),
                    index: st.index,
                    sid: st.sid.clone(),
                    effect: st.effect.as_str(),
                    span: st.span,
                    decisive,
                    check,
                    conditions,
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
        })
    }
}

fn parse_identity(text: &str) -> ParsedPolicy {
    parse_policy_text(text, PolicyKind::Identity)
}

fn parse_endpoint(text: &str) -> ParsedPolicy {
    if text.trim().is_empty() {
        ParsedPolicy {
            policy: default_endpoint_policy(),
            diagnostics: Vec::new(),
        }
    } else {
        parse_policy_text(text, PolicyKind::Endpoint)
    }
}
