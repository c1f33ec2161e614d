//! Reading a case: its fields, its policies of every layer (located diagnostics, in the policy's
//! own text when it was given as a string, in the case otherwise), the endpoint and the levels
//! of SCPs and RCPs.

use super::cache::{self, Entry, PolicyCache};
use crate::checks::{parse_policy_in, parse_policy_text};
use crate::engine::evaluate::Note;
use crate::engine::json::{self, Json, JsonKind};
use crate::engine::{
    default_endpoint_policy, Code, Diagnostic, Endpoint, EndpointType, LineIndex, Located,
    NamedPolicy, ParsedPolicy, PolicyKind, PolicySet, Request, Span,
};

/// Reads a case, collecting located errors and warnings.
pub(super) struct CaseReader<'a> {
    pub(super) input: &'a str,
    /// Built on first use: most cases have nothing to locate.
    input_lines: std::cell::OnceCell<LineIndex<'a>>,
    /// The input is one line of a batch (no `\n`): its index needs no search for line ends.
    one_line: bool,
    pub(super) errors: Vec<Located>,
    pub(super) warnings: Vec<Located>,
    /// Where the value of each of [`CASE_FIELDS`] is in the input, by its place in that list
    /// (its first occurrence; notes about a layer point there).
    fields: [Option<Span>; CASE_FIELDS.len()],
    /// `request.workload`: the network's workload that makes the call, and where it is written.
    pub(super) workload: Option<(String, Span)>,
    /// The call's network path, when the case gives a `network`.
    pub(super) path: Option<super::network::PathOut>,
    /// The parses of the policy texts read before (a batch's), when there is one.
    cache: Option<&'a mut PolicyCache>,
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
    "network",
];

impl<'a> CaseReader<'a> {
    /// A reader of the case text `input`.
    pub(super) fn new(input: &'a str) -> Self {
        CaseReader {
            input,
            input_lines: std::cell::OnceCell::new(),
            one_line: false,
            errors: Vec::new(),
            warnings: Vec::new(),
            fields: [None; CASE_FIELDS.len()],
            workload: None,
            path: None,
            cache: None,
        }
    }

    /// A reader that reads each distinct policy text once, through `cache`.
    pub(super) fn with_cache(input: &'a str, cache: &'a mut PolicyCache) -> Self {
        CaseReader {
            cache: Some(cache),
            ..CaseReader::new(input)
        }
    }

    /// [`CaseReader::with_cache`] for one line of a batch (`input` holds no `\n`).
    pub(super) fn of_batch_line(input: &'a str, cache: &'a mut PolicyCache) -> Self {
        CaseReader {
            cache: Some(cache),
            one_line: true,
            ..CaseReader::new(input)
        }
    }

    /// A diagnostic of the case input, located in it.
    fn locate_in_input(&self, place: &str, d: &Diagnostic) -> Located {
        d.locate(place, self.input_lines())
    }

    /// The line index of the case input, built on first use.
    fn input_lines(&self) -> &LineIndex<'_> {
        self.input_lines.get_or_init(|| {
            if self.one_line {
                LineIndex::of_line(self.input)
            } else {
                LineIndex::new(self.input)
            }
        })
    }

    /// An error located in the case input.
    pub(super) fn input_error(
        &mut self,
        code: Code,
        place: &str,
        span: Span,
        message: String,
        help: Option<&str>,
    ) {
        let d = Diagnostic::new(code, span, message).with_optional_help(help.map(str::to_string));
        let located = self.locate_in_input(place, &d);
        self.errors.push(located);
    }

    /// An evaluation note, located at the case field of its layer (`identityPolicies`, `scps`,
    /// ...) when the case gives that layer, else at the request.
    pub(super) fn locate_note(&self, note: &Note) -> Located {
        let field = note.layer.as_str();
        let at = |name: &str| {
            CASE_FIELDS
                .iter()
                .position(|f| *f == name)
                .and_then(|i| self.fields.get(i).copied().flatten())
        };
        let span = at(field).or_else(|| at("request")).unwrap_or_default();
        let d = Diagnostic::new(
            note.code,
            Span::new(span.start, span.start),
            note.message.clone(),
        );
        self.locate_in_input(field, &d)
    }

    pub(super) fn read(&mut self, text: &str) -> Option<(PolicySet, Request)> {
        json::with_arena(text.len(), |arena| self.read_in(text, arena))
    }

    /// [`CaseReader::read`], the case's JSON read into `arena`.
    fn read_in(&mut self, text: &str, arena: &json::Arena) -> Option<(PolicySet, Request)> {
        let case = match json::parse(text, arena) {
            Ok(case) => case,
            Err(e) => {
                let located = self.locate_in_input("input", &e.to_diagnostic());
                self.errors.push(located);
                return None;
            }
        };
        let Some(members) = case.as_object() else {
            self.input_error(
                Code::DATA_TYPE_MISMATCH,
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
        self.fields = [None; CASE_FIELDS.len()];
        for m in members {
            if let Some(i) = CASE_FIELDS.iter().position(|f| *f == m.key) {
                if let Some(place @ None) = self.fields.get_mut(i) {
                    *place = Some(m.value.span);
                }
            } else {
                let help = crate::engine::diagnostic::did_you_mean(m.key, CASE_FIELDS)
                    .map(|s| format!("did you mean `{s}`?"))
                    .unwrap_or_else(|| {
                        format!(
                            "a case has {}",
                            crate::engine::diagnostic::quoted_list(CASE_FIELDS)
                        )
                    });
                self.input_error(
                    Code::UNKNOWN_FIELD,
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
                self.input_error(Code::MISSING_FIELD, "input", Span::new(case.span.start, case.span.start + 1), "the case has no `request`".into(), Some("add `\"request\": {\"principal\": \"arn:aws:iam::111122223333:user/alice\", \"action\": \"s3:GetObject\", \"resource\": \"*\"}`"));
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
                    let name =
                        ["identityPolicies[", crate::text::decimal(i).as_str(), "]"].concat();
                    if let Some(policy) = self.policy(name, item, PolicyKind::Identity, None) {
                        set.identity_policies.push(policy);
                    }
                }
            }
            Some(other) => self.input_error(
                Code::DATA_TYPE_MISMATCH,
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
        // A role's resource-based policy is its trust policy: no `Resource` element. An ECR
        // repository's may leave `Resource` out (`checks::resource_implied`).
        let resource_arn = case
            .get("request")
            .and_then(|r| r.get("resource"))
            .and_then(Json::as_str);
        let resource_kind = match resource_arn {
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
                let attached = resource_arn.filter(|_| field == "resourcePolicy");
                let policy = self.policy(field.to_string(), json, kind, attached);
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
        let mut request = request;
        match (case.get("network"), &mut request) {
            (Some(json), Some(r)) => self.network_path(json, &mut set, r),
            (None, _) => {
                if let Some((_, span)) = self.workload.clone() {
                    self.input_error(
                        Code::INVALID_NETWORK,
                        "request.workload",
                        span,
                        "`workload` names a workload of the case's `network`, but the case has none".into(),
                        Some("add `\"network\": {...}` with the workload, or remove `workload`"),
                    );
                }
            }
            _ => {}
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
            self.input_error(Code::DATA_TYPE_MISMATCH,
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
                    Code::DATA_TYPE_MISMATCH,
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
                let d = Diagnostic::new(
                    Code::SCP_LEVEL_WITHOUT_POLICY,
                    level.span,
                    format!("level {l} has no scp, so it allows nothing"),
                )
                .with_help("aws attaches at least one scp at every level (`FullAWSAccess` by default): add it to model an unrestricted level");
                let located = self.locate_in_input(&format!("{field}[{l}]"), &d);
                self.warnings.push(located);
            }
            let mut policies = Vec::with_capacity(items.len());
            for (n, item) in items.iter().enumerate() {
                if let Some(policy) = self.policy(format!("{field}[{l}][{n}]"), item, kind, None) {
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
                Code::DATA_TYPE_MISMATCH,
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
                    Code::UNKNOWN_FIELD,
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
                    self.input_error(Code::INVALID_REQUEST_VALUE, "endpoint.type", t.span, "`type` must be `Interface` or `Gateway`".into(), Some("gateway endpoints exist for s3 and dynamodb; every other service uses interface endpoints"));
                    // Still read the policy, so that its own errors are reported too.
                    if let Some(p) = json.get("policy") {
                        self.policy("endpoint.policy".to_string(), p, PolicyKind::Endpoint, None);
                    }
                    return None;
                }
            },
        };
        let policy = match json.get("policy") {
            Some(p) => self.policy("endpoint.policy".to_string(), p, PolicyKind::Endpoint, None)?,
            None => NamedPolicy::new("endpoint.defaultPolicy", shared_default_endpoint_policy()),
        };
        Some(Endpoint {
            endpoint_type,
            policy,
        })
    }

    /// Reads a policy given as an object (diagnostics located in the input) or as a string
    /// (diagnostics located in the string's own text).
    fn policy(
        &mut self,
        name: String,
        json: &Json,
        kind: PolicyKind,
        attached: Option<&str>,
    ) -> Option<NamedPolicy> {
        // The resource the policy is attached to, when what the policy reads to depends on it
        // (an ECR repository's, whose statements may leave `Resource` out; an API Gateway API's,
        // whose resources may be written `execute-api:/...`:
        // `checks::depends_on_attachment`); "" for every other policy.
        let attached = attached
            .filter(|r| crate::checks::depends_on_attachment(kind, r))
            .unwrap_or("");
        let (parsed, own_text) = match &json.kind {
            JsonKind::String(text) => (self.parse_string(text, kind, attached), Some(&**text)),
            JsonKind::Object(_) => (self.parse_object(json, kind, attached), None),
            _ => {
                self.input_error(Code::DATA_TYPE_MISMATCH,
                    &name,
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
        let ParsedPolicy {
            policy,
            diagnostics,
        } = parsed;
        let own_lines = own_text
            .filter(|_| !diagnostics.is_empty())
            .map(LineIndex::new);
        for d in diagnostics {
            let located = match &own_lines {
                Some(lines) => d.into_located(&*name, lines),
                None => d.into_located(&*name, self.input_lines()),
            };
            if located.is_error() {
                self.errors.push(located);
            } else {
                self.warnings.push(located);
            }
        }
        if has_errors {
            return None;
        }
        // the name as the caller made it (a case's `identityPolicies[i]`), not a copy
        Some(NamedPolicy::new(name, policy))
    }

    /// A policy written as a string, parsed once per distinct text when there is a cache.
    /// `attached`: the ECR repository or API Gateway API it is attached to, or "" (see
    /// [`Self::policy`]).
    fn parse_string(&mut self, text: &str, kind: PolicyKind, attached: &str) -> ParsedPolicy {
        // The wasm build answers one case at a time (no batch): no cache, and no code for it.
        // A policy read with the resource it is attached to (an ECR repository's, an API's) is
        // rare, and the cache keeps parses by kind and text alone.
        let Some(cache) = self
            .cache
            .as_deref_mut()
            .filter(|_| !cfg!(target_arch = "wasm32") && attached.is_empty())
        else {
            return crate::checks::parse_attached_policy_text(text, kind, attached);
        };
        let miss = match cache.get(kind, true, text) {
            Ok(kept) => {
                return ParsedPolicy {
                    policy: kept.policy.clone(),
                    diagnostics: kept.diagnostics.clone(),
                }
            }
            Err(miss) => miss,
        };
        let parsed = parse_policy_text(text, kind);
        if cache.wants(&miss) {
            let entry = Entry {
                policy: parsed.policy.clone(),
                diagnostics: parsed.diagnostics.clone(),
            };
            cache.insert(miss, kind, true, text, entry);
        }
        parsed
    }

    /// A policy written as an object of the case, its diagnostics located in the case; parsed
    /// once per distinct text when there is a cache (kept relative to the object's start).
    fn parse_object(&mut self, json: &Json, kind: PolicyKind, attached: &str) -> ParsedPolicy {
        let text = self.input.get(json.span.range()).unwrap_or("");
        let start = json.span.start;
        // The wasm build: no cache, and no element memo (no source). A policy read with the
        // resource it is attached to: no cache (see `parse_string`).
        if cfg!(target_arch = "wasm32") || !attached.is_empty() {
            let source = (!cfg!(target_arch = "wasm32")).then_some(self.input);
            let mut parsed = crate::checks::parse_attached_policy(json, source, kind, attached);
            crate::engine::policy::check_size(text, kind, json.span, &mut parsed.diagnostics);
            return parsed;
        }
        let miss = match self.cache.as_deref_mut().map(|c| c.get(kind, false, text)) {
            Some(Ok(kept)) => {
                return ParsedPolicy {
                    policy: kept.policy.clone(),
                    diagnostics: cache::placed(&kept.diagnostics, start),
                }
            }
            Some(Err(miss)) => Some(miss),
            None => None,
        };
        let mut parsed = parse_policy_in(json, self.input, kind);
        crate::engine::policy::check_size(text, kind, json.span, &mut parsed.diagnostics);
        if let (Some(cache), Some(miss)) = (self.cache.as_deref_mut(), miss) {
            if cache.wants(&miss) {
                if let Some(diagnostics) = cache::relative(&parsed.diagnostics, start) {
                    let entry = Entry {
                        policy: parsed.policy.clone(),
                        diagnostics,
                    };
                    cache.insert(miss, kind, false, text, entry);
                }
            }
        }
        parsed
    }
}

/// The policy AWS attaches to an endpoint without one ([`default_endpoint_policy`]), made once
/// per thread and shared: a batch's cases without an endpoint policy (about a third of the
/// command line's benchmark mix) each built it anew.
fn shared_default_endpoint_policy() -> std::rc::Rc<crate::engine::Policy> {
    thread_local! {
        static DEFAULT: std::rc::Rc<crate::engine::Policy> = default_endpoint_policy().into();
    }
    DEFAULT
        .try_with(std::rc::Rc::clone)
        .unwrap_or_else(|_| default_endpoint_policy().into())
}
