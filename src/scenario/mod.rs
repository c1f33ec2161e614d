//! The playground's document and its grid: principals × actions, decided through the endpoint.
//!
//! [`Scenario`] is the serializable document (presets, share links, the page's state).
//! [`Workspace`] holds it together with every policy already parsed, so that an edit re-parses
//! only the policy that changed; [`Workspace::grid`] decides every cell and [`Workspace::explain`]
//! explains one. Pure Rust: the page, the tests and (later) the JS API all use it.

pub mod presets;
pub mod share;

use serde::{Deserialize, Serialize};

use crate::catalog::{catalog, AccessLevel};
use crate::checks::parse_policy_text;
use crate::engine::{
    check_statement, decide, default_endpoint_policy, Context, Decision, Endpoint, EndpointType,
    Evaluation, LineIndex, NamedPolicy, ParsedPolicy, PolicyKind, PolicySet, Principal, Request,
    Severity, Span, StatementCheck,
};

/// The whole playground state: what a share link carries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct Scenario {
    /// Short title shown above the editors.
    #[serde(default)]
    pub title: String,
    /// The VPC endpoint.
    pub endpoint: EndpointDoc,
    /// The principals, each with its identity policies.
    pub principals: Vec<PrincipalDoc>,
    /// How requests are made.
    pub context: ContextDoc,
    /// The action filter: patterns separated by commas or spaces (`sagemaker:*`, `s3:Get*`).
    pub actions: String,
    /// The resource every request names (`*` or an ARN).
    pub resource: String,
    /// The principal whose policies are being edited (index into `principals`).
    #[serde(default)]
    pub selected: usize,
    /// The preset this scenario started from (empty when none).
    #[serde(default)]
    pub preset: String,
    /// Which rows the grid shows.
    #[serde(default)]
    pub rows: RowFilter,
    /// Access levels to show (`List`, `Read`, `Write`, `Permissions management`, `Tagging`);
    /// empty shows every level.
    #[serde(default)]
    pub access: Vec<String>,
}

/// Which actions the grid shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum RowFilter {
    /// Every action the filter selects.
    #[default]
    All,
    /// Only actions at least one principal may call.
    AnyAllowed,
    /// Only actions where the principals' decisions differ.
    Differing,
}

/// The VPC endpoint of a scenario.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct EndpointDoc {
    /// `vpce-…`, used as `aws:SourceVpce`.
    pub id: String,
    /// `Interface` or `Gateway`.
    pub endpoint_type: String,
    /// The service name, e.g. `com.amazonaws.us-east-1.sagemaker.api` (shown; informative).
    pub service: String,
    /// The endpoint policy text; empty means AWS's default full-access policy.
    pub policy: String,
}

/// One principal of a scenario.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct PrincipalDoc {
    /// A short name, unique in the scenario (`specific-user`).
    pub name: String,
    /// Its ARN (a user, a role session, ...).
    pub arn: String,
    /// Principal tags (`aws:PrincipalTag/KEY`).
    #[serde(default)]
    pub tags: Vec<(String, String)>,
    /// The organization id (`aws:PrincipalOrgID`), when the account is in one.
    #[serde(default)]
    pub org_id: String,
    /// Its identity policies.
    pub policies: Vec<PolicyDoc>,
}

/// A named policy text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct PolicyDoc {
    /// Shown on its tab.
    pub name: String,
    /// The JSON text.
    pub text: String,
}

impl Default for Scenario {
    /// An empty scenario: the default endpoint policy, no principals, calls through the endpoint
    /// in `us-east-1`, every SageMaker action. Documents written by hand (embedded widgets) only
    /// give what differs.
    fn default() -> Scenario {
        Scenario {
            title: String::new(),
            endpoint: EndpointDoc::default(),
            principals: Vec::new(),
            context: ContextDoc::default(),
            actions: "sagemaker:*".into(),
            resource: "*".into(),
            selected: 0,
            preset: String::new(),
            rows: RowFilter::All,
            access: Vec::new(),
        }
    }
}

impl Default for EndpointDoc {
    fn default() -> EndpointDoc {
        EndpointDoc {
            id: "vpce-0a1b2c3d4e5f67890".into(),
            endpoint_type: "Interface".into(),
            service: String::new(),
            policy: String::new(),
        }
    }
}

impl Default for PrincipalDoc {
    fn default() -> PrincipalDoc {
        PrincipalDoc {
            name: "user".into(),
            arn: "arn:aws:iam::111122223333:user/user".into(),
            tags: Vec::new(),
            org_id: String::new(),
            policies: Vec::new(),
        }
    }
}

impl Default for ContextDoc {
    fn default() -> ContextDoc {
        ContextDoc {
            via_endpoint: true,
            region: "us-east-1".into(),
            mfa: false,
            time: "2026-11-29T12:00:00Z".into(),
            source_ip: "203.0.113.10".into(),
            vpc_source_ip: "10.0.1.25".into(),
            vpc_id: "vpc-0123456789abcdef0".into(),
            extra: Vec::new(),
        }
    }
}

/// How requests are made: the keys AWS puts in the request context.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct ContextDoc {
    /// True: through the endpoint (`aws:SourceVpce`, `aws:SourceVpc`, `aws:VpcSourceIp`, no
    /// `aws:SourceIp`). False: over the internet (`aws:SourceIp` only).
    pub via_endpoint: bool,
    /// `aws:RequestedRegion`.
    pub region: String,
    /// `aws:MultiFactorAuthPresent` = `true` (and `aws:MultiFactorAuthAge`) when set; absent
    /// otherwise, as for long-term access keys.
    pub mfa: bool,
    /// `aws:CurrentTime` (ISO 8601); `aws:EpochTime` is derived.
    pub time: String,
    /// `aws:SourceIp` for calls over the internet.
    pub source_ip: String,
    /// `aws:VpcSourceIp` for calls through the endpoint.
    pub vpc_source_ip: String,
    /// `aws:SourceVpc` for calls through the endpoint.
    pub vpc_id: String,
    /// More keys, as given (a value with commas is a multi-valued key).
    #[serde(default)]
    pub extra: Vec<(String, String)>,
}

/// A problem shown in place: which editor, where, what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditorDiagnostic {
    /// Which editor: `Editor::Endpoint` or a principal's policy.
    pub editor: Editor,
    /// Byte span in that editor's text.
    pub span: Span,
    /// 1-based line.
    pub line: usize,
    /// 1-based column (characters).
    pub column: usize,
    /// Lowercase message.
    pub message: String,
    /// Suggested fix.
    pub help: Option<String>,
    /// Error (the grid goes stale) or warning.
    pub error: bool,
}

/// An editor of the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Editor {
    /// The endpoint policy.
    Endpoint,
    /// Principal `.0`'s policy `.1`.
    Identity(usize, usize),
}

/// One decided cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    /// The decision.
    pub decision: Decision,
    /// Every blocking layer (the first one labels the cell).
    pub blocked_by: LayerSet,
}

/// A set of layers in one byte (a grid of every action holds hundreds of thousands of cells).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LayerSet(u8);

impl LayerSet {
    const ORDER: [crate::engine::Layer; 7] = crate::engine::Layer::ALL;

    /// The set of these layers.
    pub fn of(layers: &[crate::engine::Layer]) -> LayerSet {
        let mut bits = 0u8;
        for l in layers {
            if let Some(i) = Self::ORDER.iter().position(|o| o == l) {
                bits |= 1 << i;
            }
        }
        LayerSet(bits)
    }

    /// The layers, in contract order.
    pub fn iter(self) -> impl Iterator<Item = crate::engine::Layer> {
        Self::ORDER
            .into_iter()
            .enumerate()
            .filter(move |(i, _)| self.0 & (1 << i) != 0)
            .map(|(_, l)| l)
    }

    /// The first layer, if any.
    pub fn first(self) -> Option<crate::engine::Layer> {
        self.iter().next()
    }
}

/// The decided grid: one row per action, one column per principal.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Grid {
    /// The actions, in order (rows).
    pub actions: Vec<&'static str>,
    /// `cells[row][column]`.
    pub cells: Vec<Vec<Cell>>,
}

/// A statement shown in an explanation, with how each of its elements fared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExplainedStatement {
    /// Which editor holds it.
    pub editor: Editor,
    /// The policy's display name.
    pub policy: String,
    /// 0-based index.
    pub index: usize,
    /// The `Sid`.
    pub sid: Option<String>,
    /// `Allow` or `Deny`.
    pub effect: &'static str,
    /// Its span in the editor (for highlighting).
    pub span: Span,
    /// True when it decided the request.
    pub decisive: bool,
    /// Element results.
    pub check: StatementCheck,
    /// Each condition as text with its result and the request's values.
    pub conditions: Vec<ExplainedCondition>,
}

/// One condition clause, for people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExplainedCondition {
    /// `StringEquals aws:RequestedRegion ["us-east-1"]`.
    pub text: String,
    /// The request's values for the key, or `None` when absent.
    pub request_values: Option<Vec<String>>,
    /// Whether it held.
    pub holds: bool,
}

/// Everything the page shows for one selected cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explanation {
    /// The principal's name.
    pub principal: String,
    /// The action.
    pub action: String,
    /// The full evaluation.
    pub evaluation: Evaluation,
    /// The resource the request named (the scenario's, or one synthesized for the action).
    pub resource: String,
    /// Statements that matched the action and resource (and principal), decisive or not.
    pub statements: Vec<ExplainedStatement>,
    /// One sentence summing it up, in plain words.
    pub summary: String,
}

/// A scenario with every policy parsed. Keep one per page and call the `set_*` methods on edits:
/// only the edited policy is parsed again.
#[derive(Debug, Clone)]
pub struct Workspace {
    /// The document.
    pub scenario: Scenario,
    endpoint: ParsedPolicy,
    identity: Vec<Vec<ParsedPolicy>>,
}

/// Most principals and policies a scenario may hold (share links are untrusted input).
pub const MAX_PRINCIPALS: usize = 50;
/// Most identity policies per principal.
pub const MAX_POLICIES: usize = 10;

impl Workspace {
    /// Parses every policy of `scenario`.
    pub fn new(scenario: Scenario) -> Workspace {
        let endpoint = parse_endpoint(&scenario.endpoint.policy);
        let identity = scenario
            .principals
            .iter()
            .map(|p| {
                p.policies
                    .iter()
                    .map(|d| parse_policy_text(&d.text, PolicyKind::Identity))
                    .collect()
            })
            .collect();
        Workspace {
            scenario,
            endpoint,
            identity,
        }
    }

    /// The index of the principal named `name`.
    pub fn principal_index(&self, name: &str) -> Option<usize> {
        self.scenario.principals.iter().position(|d| d.name == name)
    }

    /// Replaces the endpoint policy text.
    pub fn set_endpoint_policy(&mut self, text: String) {
        self.endpoint = parse_endpoint(&text);
        self.scenario.endpoint.policy = text;
    }

    /// Replaces the text of principal `p`'s policy `i` (ignored when out of range).
    pub fn set_identity_policy(&mut self, p: usize, i: usize, text: String) {
        let parsed = parse_policy_text(&text, PolicyKind::Identity);
        if let (Some(doc), Some(slot)) = (
            self.scenario
                .principals
                .get_mut(p)
                .and_then(|d| d.policies.get_mut(i)),
            self.identity.get_mut(p).and_then(|v| v.get_mut(i)),
        ) {
            doc.text = text;
            *slot = parsed;
        }
    }

    /// Re-parses everything after a structural change (principals or policies added/removed).
    pub fn reload(&mut self) {
        *self = Workspace::new(self.scenario.clone());
    }

    /// The parsed policy behind an editor.
    pub fn parsed(&self, editor: Editor) -> Option<&ParsedPolicy> {
        match editor {
            Editor::Endpoint => Some(&self.endpoint),
            Editor::Identity(p, i) => self.identity.get(p)?.get(i),
        }
    }

    /// The text behind an editor.
    pub fn text(&self, editor: Editor) -> Option<&str> {
        match editor {
            Editor::Endpoint => Some(&self.scenario.endpoint.policy),
            Editor::Identity(p, i) => Some(&self.scenario.principals.get(p)?.policies.get(i)?.text),
        }
    }

    /// Every diagnostic of every policy, located in its editor.
    pub fn diagnostics(&self) -> Vec<EditorDiagnostic> {
        let mut editors = vec![Editor::Endpoint];
        for (p, doc) in self.scenario.principals.iter().enumerate() {
            editors.extend((0..doc.policies.len()).map(|i| Editor::Identity(p, i)));
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
            for d in &parsed.diagnostics {
                let at = lines.line_column(d.span.start);
                out.push(EditorDiagnostic {
                    editor,
                    span: d.span,
                    line: at.line,
                    column: at.column,
                    message: d.message.clone(),
                    help: d.help.clone(),
                    error: d.severity == Severity::Error,
                });
            }
        }
        out
    }

    /// Principals whose ARN cannot be read (their cells are implicitly denied): (index, message).
    pub fn principal_problems(&self) -> Vec<(usize, String)> {
        self.scenario
            .principals
            .iter()
            .enumerate()
            .filter_map(|(i, p)| {
                Principal::parse(&p.arn)
                    .err()
                    .map(|e| (i, format!("principal `{}`: {e}", p.name)))
            })
            .collect()
    }

    /// True when some policy has an error: the grid cannot be decided.
    pub fn has_errors(&self) -> bool {
        self.endpoint.has_errors() || self.identity.iter().flatten().any(ParsedPolicy::has_errors)
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

    /// The policy set of principal `p` (its identity policies and, when calls go through it,
    /// the endpoint). `None` when a policy has errors.
    fn policy_set(&self, p: usize) -> Option<PolicySet> {
        if self.has_errors() {
            return None;
        }
        let doc = self.scenario.principals.get(p)?;
        let identity_policies = self
            .identity
            .get(p)?
            .iter()
            .zip(&doc.policies)
            .map(|(parsed, d)| NamedPolicy {
                name: format!("IAM policy `{}`", d.name),
                policy: parsed.policy.clone(),
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

    /// The request principal `p` makes for `action`.
    pub fn request(&self, p: usize, action: &str) -> Option<Request> {
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
        Some(Grid { actions, cells })
    }

    /// Explains the decision of principal `p` for `action`.
    pub fn explain(&self, p: usize, action: &str) -> Option<Explanation> {
        let set = self.policy_set(p)?;
        let request = self.request(p, action)?;
        let evaluation = decide(&set, &request);
        let doc = self.scenario.principals.get(p)?;
        let mut statements = Vec::new();
        let mut editors: Vec<(Editor, &NamedPolicy, Option<EndpointType>)> = set
            .identity_policies
            .iter()
            .enumerate()
            .map(|(i, np)| (Editor::Identity(p, i), np, None))
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
            principal: doc.name.clone(),
            action: action.to_string(),
            resource: request.resource.clone(),
            evaluation,
            statements,
            summary,
        })
    }
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

/// Plain words for a layer.
pub fn layer_words(layer: crate::engine::Layer) -> &'static str {
    use crate::engine::Layer;
    match layer {
        Layer::IdentityPolicies => "the IAM policies",
        Layer::Endpoint => "the VPC endpoint policy",
        Layer::ResourcePolicy => "a resource-based policy",
        Layer::PermissionsBoundary => "the permissions boundary",
        Layer::Scps => "the SCPs",
        Layer::Rcps => "the RCPs",
        Layer::SessionPolicy => "the session policy",
    }
}

fn summarize(principal: &str, action: &str, e: &Evaluation) -> String {
    let decisive = || {
        let words: Vec<String> = e
            .decisive
            .iter()
            .map(|d| statement_words(&d.policy, d.statement, d.sid.as_deref()))
            .collect();
        words.join(" and ")
    };
    match e.decision {
        Decision::Allowed => format!("{principal} may call {action}: allowed by {}", decisive()),
        Decision::ExplicitlyDenied => format!(
            "{principal} may not call {action}: explicitly denied by {}",
            decisive()
        ),
        Decision::ImplicitlyDenied => {
            let layers: Vec<&str> = e.blocked_by.iter().map(|l| layer_words(*l)).collect();
            format!(
                "{principal} may not call {action}: nothing in {} allows it",
                layers.join(" and ")
            )
        }
    }
}

fn statement_words(policy: &str, index: usize, sid: Option<&str>) -> String {
    match sid {
        Some(sid) => format!("statement {index} ({sid}) of {policy}"),
        None => format!("statement {index} of {policy}"),
    }
}

/// True when `arn` fits an ARN template of the catalog. A `${Placeholder}` stands for text
/// without `:` or `/`, except a final placeholder after a `/` (object keys, paths), which may
/// hold `/`. Matching is linear: each placeholder ends at the first place the text after it
/// can start.
pub fn arn_template_matches(template: &str, arn: &str) -> bool {
    // Split the template into literal text and placeholders.
    let mut parts: Vec<(bool, &str)> = Vec::new();
    let mut rest = template;
    while let Some(start) = rest.find("${") {
        let Some(end) = rest[start..].find('}') else {
            break;
        };
        if start > 0 {
            parts.push((false, &rest[..start]));
        }
        parts.push((true, ""));
        rest = &rest[start + end + 1..];
    }
    if !rest.is_empty() {
        parts.push((false, rest));
    }
    let mut text = arn;
    for (i, (placeholder, literal)) in parts.iter().enumerate() {
        if !placeholder {
            match text.strip_prefix(literal) {
                Some(after) => text = after,
                None => return false,
            }
            continue;
        }
        let last = i + 1 == parts.len();
        let after_slash = i > 0
            && parts
                .get(i - 1)
                .is_some_and(|(p, l)| !p && l.ends_with('/'));
        if last {
            return !text.is_empty() && !text.contains(':') && (after_slash || !text.contains('/'));
        }
        // The next part is literal text (two placeholders never touch in AWS templates).
        let Some((_, next)) = parts.get(i + 1) else {
            return false;
        };
        let Some(at) = text.find(next) else {
            return false;
        };
        let value = &text[..at];
        if value.is_empty() || value.contains([':', '/']) {
            return false;
        }
        text = &text[at..];
    }
    text.is_empty()
}

/// The catalog's actions matching a filter (patterns separated by commas or white space,
/// case-insensitive, `*` and `?` wildcards: `sagemaker:*`, `sagemaker:Create*, s3:GetObject`, `*`),
/// in catalog order, without repeats, limited to `levels` when not empty.
pub fn expand_actions(filter: &str, levels: &[AccessLevel]) -> Vec<&'static str> {
    let cat = catalog();
    let keep = |a: &crate::catalog::Action<'static>| {
        levels.is_empty() || levels.iter().any(|l| a.access_levels().contains(*l))
    };
    let patterns: Vec<&str> = filter
        .split([',', ' ', '\n', '\t'])
        .filter(|p| !p.is_empty())
        .collect();
    match patterns.as_slice() {
        [] => Vec::new(),
        [one] => cat
            .expand(one)
            .into_iter()
            .filter(|a| keep(a))
            .map(|a| a.name())
            .collect(),
        many => {
            let wanted: std::collections::HashSet<&'static str> = many
                .iter()
                .flat_map(|p| cat.expand(p))
                .map(|a| a.name())
                .collect();
            cat.actions()
                .filter(|a| wanted.contains(a.name()) && keep(a))
                .map(|a| a.name())
                .collect()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seed() -> Workspace {
        Workspace::new(
            presets::preset("sagemaker-api-exam")
                .expect("preset")
                .scenario,
        )
    }

    fn cell(ws: &Workspace, grid: &Grid, principal: &str, action: &str) -> Decision {
        let p = ws.principal_index(principal).expect("principal");
        let r = grid
            .actions
            .iter()
            .position(|a| *a == action)
            .expect("action");
        grid.cells[r][p].decision
    }

    #[test]
    fn the_seed_grid_tells_the_users_apart_by_the_endpoint_policy() {
        let ws = seed();
        let grid = ws.grid().expect("no errors");
        assert_eq!(grid.actions.len(), 449);
        // Requests name a representative resource of each action.
        let e = ws
            .explain(0, "sagemaker:CreateTrainingJob")
            .expect("explained");
        assert_eq!(
            e.resource,
            "arn:aws:sagemaker:us-east-1:111122223333:training-job/example-training-job-name"
        );
        assert_eq!(
            ws.explain(0, "sagemaker:ListModels")
                .expect("explained")
                .resource,
            "*"
        );
        assert_eq!(
            cell(&ws, &grid, "specific-user", "sagemaker:CreateTrainingJob"),
            Decision::Allowed
        );
        assert_eq!(
            cell(&ws, &grid, "other-user", "sagemaker:CreateTrainingJob"),
            Decision::ImplicitlyDenied
        );
        assert_eq!(
            cell(&ws, &grid, "specific-user", "sagemaker:DeleteModel"),
            Decision::ImplicitlyDenied
        );
        let e = ws
            .explain(1, "sagemaker:CreateTrainingJob")
            .expect("explained");
        assert_eq!(
            e.evaluation.blocked_by,
            vec![crate::engine::Layer::Endpoint]
        );
        assert!(
            e.summary.contains("the VPC endpoint policy"),
            "{}",
            e.summary
        );
    }

    #[test]
    fn an_edit_reparses_one_policy_and_errors_stop_the_grid() {
        let mut ws = seed();
        ws.set_endpoint_policy("{ broken".into());
        assert!(ws.grid().is_none());
        let d = ws.diagnostics();
        assert!(d
            .iter()
            .any(|d| d.editor == Editor::Endpoint && d.error && d.line == 1));
        ws.set_endpoint_policy(String::new());
        let grid = ws.grid().expect("default endpoint policy");
        assert_eq!(
            cell(&ws, &grid, "other-user", "sagemaker:CreateTrainingJob"),
            Decision::Allowed
        );
    }

    #[test]
    fn action_filters_expand_over_the_catalog() {
        let create = expand_actions("sagemaker:Create*", &[]);
        assert!(!create.is_empty() && create.iter().all(|a| a.starts_with("sagemaker:Create")));
        assert_eq!(
            expand_actions("sagemaker:ListModels, s3:getobject", &[]),
            vec!["s3:GetObject", "sagemaker:ListModels"]
        );
        assert_eq!(expand_actions("*", &[]).len(), catalog().action_count());
        let lists = expand_actions("sagemaker:*", &[AccessLevel::List]);
        assert!(!lists.is_empty() && lists.len() < 449);
        assert!(lists.iter().all(|a| catalog()
            .action(a)
            .is_some_and(|a| a.access_levels().contains(AccessLevel::List))));
    }

    #[test]
    fn arn_templates_match_part_by_part() {
        assert!(arn_template_matches(
            "arn:${Partition}:s3:::${BucketName}/${ObjectName}",
            "arn:aws:s3:::b/k/x"
        ));
        assert!(!arn_template_matches(
            "arn:${Partition}:s3:::${BucketName}",
            "arn:aws:s3:::b/k"
        ));
        let mut scenario = presets::preset("s3-gateway-principals")
            .expect("preset")
            .scenario;
        scenario.resource = "arn:aws:s3:::amzn-s3-demo-bucket/report.csv".into();
        let ws = Workspace::new(scenario);
        assert_eq!(
            ws.resource_for("s3:GetObject"),
            "arn:aws:s3:::amzn-s3-demo-bucket/report.csv"
        );
        assert_ne!(
            ws.resource_for("s3:ListBucket"),
            "arn:aws:s3:::amzn-s3-demo-bucket/report.csv"
        );
    }
}
