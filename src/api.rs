//! The one serializable layer: the `simulate` contract shared by the command line, the
//! JavaScript API and the tests.
//!
//! Input (one JSON document):
//! ```text
//! {"request": {"principal": ARN | "anonymous" | "SERVICE.amazonaws.com", "action": "svc:Name",
//!              "resource": ARN | "*", "resourceAccount": "12 digits (optional)",
//!              "federatingUser": "IAM user ARN (optional, for a federated-user principal)",
//!              "context": {KEY: "v" | ["v", ...]}},
//!  "identityPolicies": [POLICY], "endpoint": {"type": "Interface" | "Gateway", "policy": POLICY},
//!  "resourcePolicy": POLICY, "permissionsBoundary": POLICY, "scps": [[POLICY]], "rcps": [[POLICY]],
//!  "sessionPolicy": POLICY}
//! ```
//! where POLICY is a JSON object or a string holding the policy's JSON text. Output: a
//! [`SimulateOutput`], serialized as `{"decision", "blockedBy", "decisive", "warnings"}` or
//! `{"errors": [...]}`.

use serde::Serialize;

use crate::checks::{parse_policy, parse_policy_text};

use crate::engine::json::{self, Json, JsonKind};
use crate::engine::{
    decide, default_endpoint_policy, Context, Diagnostic, Endpoint, EndpointType, LineIndex,
    NamedPolicy, PolicyKind, PolicySet, Principal, Request, Severity, Span,
};

/// A diagnostic located for people: which policy, line and column (1-based, in characters).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LocatedDiagnostic {
    /// The policy's name (`identityPolicies[0]`, `endpoint.policy`), or the input field for
    /// problems outside policies (`request.action`, `input`).
    pub policy: String,
    /// 1-based line in the policy's text (or in the input, for policies given as objects).
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// Lowercase, without a trailing period.
    pub message: String,
    /// How to fix it, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

/// A decisive statement, as serialized.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DecisiveOut {
    /// The policy's name.
    pub policy: String,
    /// 0-based statement index.
    pub statement: usize,
    /// The `Sid`, when the statement has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
    /// `Allow` or `Deny`.
    pub effect: &'static str,
}

/// The answer to a simulate case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum SimulateOutput {
    /// The case was valid: the decision and its explanation.
    Decision {
        /// `Allowed`, `ExplicitlyDenied` or `ImplicitlyDenied`.
        decision: &'static str,
        /// The layers that blocked the request.
        #[serde(rename = "blockedBy")]
        blocked_by: Vec<&'static str>,
        /// The statements that decided.
        decisive: Vec<DecisiveOut>,
        /// Warnings about the policies (valid, but probably not what was meant).
        warnings: Vec<LocatedDiagnostic>,
    },
    /// The case was invalid: nothing was decided.
    Errors {
        /// Every error found.
        errors: Vec<LocatedDiagnostic>,
    },
}

impl SimulateOutput {
    /// True for a decision, false for errors.
    pub fn is_decision(&self) -> bool {
        matches!(self, SimulateOutput::Decision { .. })
    }

    /// The output as one line of JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|e| {
            format!(r#"{{"errors":[{{"policy":"output","line":1,"column":1,"message":"cannot serialize the answer: {e}"}}]}}"#)
        })
    }
}

/// Decides one simulate case given as JSON text.
pub fn simulate(text: &str) -> SimulateOutput {
    let mut reader = CaseReader {
        input: text,
        input_lines: std::cell::OnceCell::new(),
        errors: Vec::new(),
        warnings: Vec::new(),
    };
    match reader.read(text) {
        Some((set, request)) if reader.errors.is_empty() => {
            let evaluation = decide(&set, &request);
            SimulateOutput::Decision {
                decision: evaluation.decision.as_str(),
                blocked_by: evaluation.blocked_by.iter().map(|l| l.as_str()).collect(),
                decisive: evaluation
                    .decisive
                    .into_iter()
                    .map(|d| DecisiveOut {
                        policy: d.policy,
                        statement: d.statement,
                        sid: d.sid,
                        effect: d.effect.as_str(),
                    })
                    .collect(),
                warnings: reader
                    .warnings
                    .into_iter()
                    .chain(evaluation.notes.into_iter().map(|n| LocatedDiagnostic {
                        policy: n.layer.as_str().to_string(),
                        line: 1,
                        column: 1,
                        message: n.message,
                        help: None,
                    }))
                    .collect(),
            }
        }
        _ => SimulateOutput::Errors {
            errors: reader.errors,
        },
    }
}

/// Reads a case, collecting located errors and warnings.
struct CaseReader<'a> {
    input: &'a str,
    /// Built on first use: most cases have nothing to locate.
    input_lines: std::cell::OnceCell<LineIndex<'a>>,
    errors: Vec<LocatedDiagnostic>,
    warnings: Vec<LocatedDiagnostic>,
}

const CASE_FIELDS: &[&str] = &[
    "request",
    "identityPolicies",
    "endpoint",
    "resourcePolicy",
    "permissionsBoundary",
    "scps",
    "rcps",
    "sessionPolicy",
];

impl CaseReader<'_> {
    /// Line and column of a byte offset in the case input.
    fn input_line_column(&self, offset: usize) -> crate::engine::diagnostic::LineColumn {
        self.input_lines
            .get_or_init(|| LineIndex::new(self.input))
            .line_column(offset)
    }

    /// An error located in the case input.
    fn input_error(&mut self, place: &str, span: Span, message: String, help: Option<&str>) {
        let at = self.input_line_column(span.start);
        self.errors.push(LocatedDiagnostic {
            policy: place.to_string(),
            line: at.line,
            column: at.column,
            message,
            help: help.map(str::to_string),
        });
    }

    fn read(&mut self, text: &str) -> Option<(PolicySet, Request)> {
        let case = match json::parse(text) {
            Ok(case) => case,
            Err(e) => {
                let help = e.help.clone();
                self.input_error("input", e.span, e.message, help.as_deref());
                return None;
            }
        };
        let Some(members) = case.as_object() else {
            self.input_error(
                "input",
                case.span,
                format!(
                    "a simulate case must be a json object, found {}",
                    case.type_name()
                ),
                Some("write `{\"request\": {...}, \"identityPolicies\": [...]}`"),
            );
            return None;
        };
        for m in members {
            if !CASE_FIELDS.contains(&&*m.key) {
                let help = crate::engine::diagnostic::did_you_mean(&m.key, CASE_FIELDS)
                    .map(|s| format!("did you mean `{s}`?"))
                    .unwrap_or_else(|| {
                        format!(
                            "a case has {}",
                            crate::engine::diagnostic::quoted_list(CASE_FIELDS)
                        )
                    });
                self.input_error(
                    "input",
                    m.key_span,
                    format!("unknown field `{}`", m.key),
                    Some(&help),
                );
            }
        }
        let request = match case.get("request") {
            Some(r) => self.request(r),
            None => {
                self.input_error("input", Span::new(case.span.start, case.span.start + 1), "the case has no `request`".into(), Some("add `\"request\": {\"principal\": \"arn:aws:iam::111122223333:user/alice\", \"action\": \"s3:GetObject\", \"resource\": \"*\"}`"));
                None
            }
        };
        let mut set = PolicySet::default();
        match case.get("identityPolicies") {
            None => {}
            Some(Json {
                kind: JsonKind::Array(items),
                ..
            }) => {
                for (i, item) in items.iter().enumerate() {
                    let name = format!("identityPolicies[{i}]");
                    if let Some(policy) = self.policy(&name, item, PolicyKind::Identity) {
                        set.identity_policies.push(policy);
                    }
                }
            }
            Some(other) => self.input_error(
                "identityPolicies",
                other.span,
                format!(
                    "`identityPolicies` must be an array of policies, found {}",
                    other.type_name()
                ),
                Some("wrap the policy in `[...]`"),
            ),
        }
        if let Some(endpoint) = case.get("endpoint") {
            set.endpoint = self.endpoint(endpoint);
        }
        // A role's resource-based policy is its trust policy: no `Resource` element.
        let resource_kind = match case
            .get("request")
            .and_then(|r| r.get("resource"))
            .and_then(Json::as_str)
        {
            Some(arn) if crate::engine::is_role_arn(arn) => PolicyKind::Trust,
            _ => PolicyKind::Resource,
        };
        let single = [
            ("resourcePolicy", resource_kind),
            ("permissionsBoundary", PolicyKind::PermissionsBoundary),
            ("sessionPolicy", PolicyKind::Session),
        ];
        for (field, kind) in single {
            if let Some(json) = case.get(field) {
                let policy = self.policy(field, json, kind);
                match kind {
                    PolicyKind::Resource | PolicyKind::Trust => set.resource_policy = policy,
                    PolicyKind::PermissionsBoundary => set.permissions_boundary = policy,
                    _ => set.session_policy = policy,
                }
            }
        }
        if let Some(json) = case.get("scps") {
            set.scps = self.levels("scps", json, PolicyKind::Scp);
        }
        if let Some(json) = case.get("rcps") {
            set.rcps = self.levels("rcps", json, PolicyKind::Rcp);
        }
        request.map(|r| (set, r))
    }

    /// Reads `[[POLICY, ...], ...]`: one list of organization policies per level, root first.
    fn levels(&mut self, field: &str, json: &Json, kind: PolicyKind) -> Vec<Vec<NamedPolicy>> {
        let Json {
            kind: JsonKind::Array(levels),
            ..
        } = json
        else {
            self.input_error(
                field,
                json.span,
                format!("`{field}` must be an array of levels, each an array of policies, found {}", json.type_name()),
                Some("write one list per level, root first: `[[ROOT_POLICY], [OU_POLICY], [ACCOUNT_POLICY]]`"),
            );
            return Vec::new();
        };
        let mut out = Vec::with_capacity(levels.len());
        for (l, level) in levels.iter().enumerate() {
            let Json {
                kind: JsonKind::Array(items),
                ..
            } = level
            else {
                self.input_error(
                    field,
                    level.span,
                    format!(
                        "level {l} of `{field}` must be an array of policies, found {}",
                        level.type_name()
                    ),
                    Some("wrap the level's policies in `[...]`, even when there is only one"),
                );
                continue;
            };
            if items.is_empty() && kind == PolicyKind::Scp {
                let at = self.input_line_column(level.span.start);
                self.warnings.push(LocatedDiagnostic {
                    policy: format!("{field}[{l}]"),
                    line: at.line,
                    column: at.column,
                    message: format!("level {l} has no scp, so it allows nothing"),
                    help: Some("aws attaches at least one scp at every level (`FullAWSAccess` by default): add it to model an unrestricted level".into()),
                });
            }
            let mut policies = Vec::with_capacity(items.len());
            for (n, item) in items.iter().enumerate() {
                if let Some(policy) = self.policy(&format!("{field}[{l}][{n}]"), item, kind) {
                    policies.push(policy);
                }
            }
            out.push(policies);
        }
        out
    }

    fn endpoint(&mut self, json: &Json) -> Option<Endpoint> {
        let Some(members) = json.as_object() else {
            self.input_error(
                "endpoint",
                json.span,
                format!("`endpoint` must be an object, found {}", json.type_name()),
                Some("write `\"endpoint\": {\"type\": \"Interface\", \"policy\": {...}}`"),
            );
            return None;
        };
        for m in members {
            if m.key != "type" && m.key != "policy" {
                self.input_error(
                    "endpoint",
                    m.key_span,
                    format!("unknown field `{}` in `endpoint`", m.key),
                    Some("an endpoint has `type` and `policy`"),
                );
            }
        }
        let endpoint_type = match json.get("type") {
            None => EndpointType::Interface,
            Some(t) => match t.as_str() {
                Some("Interface") => EndpointType::Interface,
                Some("Gateway") => EndpointType::Gateway,
                _ => {
                    self.input_error("endpoint.type", t.span, "`type` must be `Interface` or `Gateway`".into(), Some("gateway endpoints exist for s3 and dynamodb; every other service uses interface endpoints"));
                    // Still read the policy, so that its own errors are reported too.
                    if let Some(p) = json.get("policy") {
                        self.policy("endpoint.policy", p, PolicyKind::Endpoint);
                    }
                    return None;
                }
            },
        };
        let policy = match json.get("policy") {
            Some(p) => self.policy("endpoint.policy", p, PolicyKind::Endpoint)?,
            None => NamedPolicy {
                name: "endpoint.defaultPolicy".into(),
                policy: default_endpoint_policy(),
            },
        };
        Some(Endpoint {
            endpoint_type,
            policy,
        })
    }

    /// Reads a policy given as an object (diagnostics located in the input) or as a string
    /// (diagnostics located in the string's own text).
    fn policy(&mut self, name: &str, json: &Json, kind: PolicyKind) -> Option<NamedPolicy> {
        let (parsed, own_text) = match &json.kind {
            JsonKind::String(text) => (parse_policy_text(text, kind), Some(&**text)),
            JsonKind::Object(_) => {
                let mut parsed = parse_policy(json, kind);
                let text = self.input.get(json.span.range()).unwrap_or("");
                crate::engine::policy::check_size(text, kind, json.span, &mut parsed.diagnostics);
                (parsed, None)
            }
            _ => {
                self.input_error(
                    name,
                    json.span,
                    format!(
                        "a policy must be a json object or a string holding one, found {}",
                        json.type_name()
                    ),
                    Some("give the policy as an object (`{\"Version\": ...}`) or as its json text in a string"),
                );
                return None;
            }
        };
        let has_errors = parsed.has_errors();
        let own_lines = own_text
            .filter(|_| !parsed.diagnostics.is_empty())
            .map(LineIndex::new);
        for d in &parsed.diagnostics {
            let located = self.locate(name, d, own_lines.as_ref());
            match d.severity {
                Severity::Error => self.errors.push(located),
                Severity::Warning => self.warnings.push(located),
            }
        }
        if has_errors {
            return None;
        }
        Some(NamedPolicy {
            name: name.to_string(),
            policy: parsed.policy,
        })
    }

    fn locate(&self, name: &str, d: &Diagnostic, own: Option<&LineIndex>) -> LocatedDiagnostic {
        let at = match own {
            Some(lines) => lines.line_column(d.span.start),
            None => self.input_line_column(d.span.start),
        };
        LocatedDiagnostic {
            policy: name.to_string(),
            line: at.line,
            column: at.column,
            message: d.message.clone(),
            help: d.help.clone(),
        }
    }

    fn request(&mut self, json: &Json) -> Option<Request> {
        let Some(members) = json.as_object() else {
            self.input_error(
                "request",
                json.span,
                format!("`request` must be an object, found {}", json.type_name()),
                None,
            );
            return None;
        };
        const FIELDS: &[&str] = &[
            "principal",
            "action",
            "resource",
            "resourceAccount",
            "federatingUser",
            "context",
        ];
        for m in members {
            if !FIELDS.contains(&&*m.key) {
                let help = crate::engine::diagnostic::did_you_mean(&m.key, FIELDS)
                    .map(|s| format!("did you mean `{s}`?"))
                    .unwrap_or_else(|| {
                        format!(
                            "a request has {}",
                            crate::engine::diagnostic::quoted_list(FIELDS)
                        )
                    });
                self.input_error(
                    "request",
                    m.key_span,
                    format!("unknown field `{}` in `request`", m.key),
                    Some(&help),
                );
            }
        }
        let head = Span::new(json.span.start, json.span.start + 1);
        let principal = match json.get("principal") {
            None => {
                self.input_error("request", head, "the request has no `principal`".into(), Some("give the caller's arn, for example `arn:aws:iam::111122223333:user/alice`, or `anonymous`"));
                None
            }
            Some(p) => match p.as_str() {
                Some(text) => match Principal::parse(text) {
                    Ok(p) => Some(p),
                    Err(message) => {
                        self.input_error("request.principal", p.span, message, Some("use `arn:aws:iam::ACCOUNT:user/NAME`, `arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`, `arn:aws:iam::ACCOUNT:root` or `anonymous`"));
                        None
                    }
                },
                None => {
                    self.input_error(
                        "request.principal",
                        p.span,
                        format!("`principal` must be a string, found {}", p.type_name()),
                        None,
                    );
                    None
                }
            },
        };
        let action = match json.get("action") {
            None => {
                self.input_error("request", head, "the request has no `action`".into(), Some("give the action as `service:Name`, for example `sagemaker:CreateTrainingJob`"));
                None
            }
            Some(a) => {
                match a.as_str() {
                    Some(text) if is_action_name(text) => Some(text.to_string()),
                    Some(text) => {
                        self.input_error("request.action", a.span, format!("`{text}` is not an action: expected `service:Name` without wildcards"), Some("a request names one concrete action, for example `s3:GetObject`"));
                        None
                    }
                    None => {
                        self.input_error(
                            "request.action",
                            a.span,
                            format!("`action` must be a string, found {}", a.type_name()),
                            None,
                        );
                        None
                    }
                }
            }
        };
        let resource = match json.get("resource") {
            None => Some("*".to_string()),
            Some(r) => match r.as_str() {
                Some(text) if text == "*" || text.starts_with("arn:") => Some(text.to_string()),
                Some(text) => {
                    self.input_error(
                        "request.resource",
                        r.span,
                        format!("`{text}` is not a resource: expected an arn or `*`"),
                        Some("use `*` for actions that take no resource"),
                    );
                    None
                }
                None => {
                    self.input_error(
                        "request.resource",
                        r.span,
                        format!("`resource` must be a string, found {}", r.type_name()),
                        None,
                    );
                    None
                }
            },
        };
        let resource_account = match json.get("resourceAccount") {
            None => None,
            Some(r) => match r.as_str() {
                Some(text) if text.len() == 12 && text.bytes().all(|b| b.is_ascii_digit()) => {
                    Some(text.to_string())
                }
                _ => {
                    self.input_error(
                        "request.resourceAccount",
                        r.span,
                        "`resourceAccount` must be a 12-digit account id in a string".into(),
                        Some("for example `\"resourceAccount\": \"111122223333\"`"),
                    );
                    None
                }
            },
        };
        let federating_user = match json.get("federatingUser") {
            None => None,
            Some(f) => match f.as_str().map(Principal::parse) {
                Some(Ok(user))
                    if matches!(user.kind, crate::engine::PrincipalKind::User { .. }) =>
                {
                    Some(user.arn)
                }
                _ => {
                    self.input_error(
                        "request.federatingUser",
                        f.span,
                        "`federatingUser` must be the arn of an iam user in a string".into(),
                        Some("the iam user who called `GetFederationToken`, for example `\"federatingUser\": \"arn:aws:iam::111122223333:user/bob\"`"),
                    );
                    None
                }
            },
        };
        if let (Some(_), Some(Ok(p))) = (
            &federating_user,
            json.get("principal")
                .and_then(Json::as_str)
                .map(Principal::parse),
        ) {
            if !matches!(p.kind, crate::engine::PrincipalKind::FederatedUser { .. }) {
                self.input_error(
                    "request.federatingUser",
                    json.get("federatingUser").map_or(head, |f| f.span),
                    "`federatingUser` is only for a federated user session".into(),
                    Some("give it with a principal `arn:aws:sts::ACCOUNT:federated-user/NAME`, or remove it"),
                );
            }
        }
        let mut context = Context::default();
        if let Some(c) = json.get("context") {
            match c.as_object() {
                Some(entries) => {
                    for m in entries {
                        let values = match &m.value.kind {
                            JsonKind::Array(items) => items
                                .iter()
                                .filter_map(|i| self.context_value(&m.key, i))
                                .collect(),
                            _ => self.context_value(&m.key, &m.value).into_iter().collect(),
                        };
                        context.insert(&m.key, values);
                    }
                }
                None => self.input_error(
                    "request.context",
                    c.span,
                    format!(
                        "`context` must be an object of keys and values, found {}",
                        c.type_name()
                    ),
                    None,
                ),
            }
        }
        let mut request = Request::new(principal?, &action?, &resource?, resource_account, context);
        request.federating_user = federating_user;
        Some(request)
    }

    fn context_value(&mut self, key: &str, json: &Json) -> Option<String> {
        match &json.kind {
            JsonKind::String(s) => Some(s.to_string()),
            JsonKind::Number(n) => Some(n.to_string()),
            JsonKind::Bool(b) => Some(b.to_string()),
            _ => {
                self.input_error(
                    "request.context",
                    json.span,
                    format!(
                        "the value of `{key}` must be a string or an array of strings, found {}",
                        json.type_name()
                    ),
                    Some("for example `\"aws:RequestedRegion\": \"us-east-1\"` or `\"aws:TagKeys\": [\"team\", \"env\"]`"),
                );
                None
            }
        }
    }
}

fn is_action_name(text: &str) -> bool {
    match text.split_once(':') {
        Some((service, name)) => {
            !service.is_empty()
                && !name.is_empty()
                && service
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
                && name
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.')
        }
        None => false,
    }
}
