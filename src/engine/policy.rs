//! The policy parser: JSON (with spans) in, the syntax tree of `ast.rs` and diagnostics out,
//! checking the grammar of each policy kind.
//!
//! [`parse_policy_with`] never fails: it returns the statements it could read and a list of
//! [`Diagnostic`]s with byte spans. A policy with any error diagnostic must not be evaluated
//! (AWS would refuse it); warnings point out valid but suspicious constructs.

pub use super::ast::{
    ConditionClause, Effect, ParsedPolicy, PatternElement, Policy, PolicyKind, PolicyVersion,
    PrincipalElement, PrincipalEntry, Statement,
};
use super::diagnostic::{did_you_mean, Diagnostic, Span};
use super::json::{self, Json, JsonKind};
use super::operator::{Operator, OperatorFamily, ParsedValues};
use super::pattern::{Template, TemplateSyntax};

const TOP_ELEMENTS: &[&str] = &["Version", "Id", "Statement"];
const STATEMENT_ELEMENTS: &[&str] = &[
    "Sid",
    "Effect",
    "Principal",
    "NotPrincipal",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Condition",
];
const PRINCIPAL_TYPES: &[&str] = &["AWS", "Service", "Federated", "CanonicalUser"];

/// Global keys whose values are system-generated ids: endpoint policies may not use wildcards or
/// numeric operators with them (PrivateLink guide, "Considerations").
const SYSTEM_ID_KEYS: &[&str] = &[
    "aws:principalaccount",
    "aws:principalorgid",
    "aws:resourceaccount",
    "aws:resourceorgid",
    "aws:sourceaccount",
    "aws:sourceorgid",
    "aws:sourcevpc",
    "aws:sourcevpce",
    "aws:vpceaccount",
    "aws:vpceorgid",
    "aws:userid",
];

/// Only the first this many catalog warnings of a policy look for a "did you mean" (a search over
/// a service's actions): a policy with dozens of unknown names is not a typo.
const MAX_SUGGESTIONS: usize = 10;

/// At most this many catalog warnings (unknown actions, services and condition keys, patterns
/// that match no action) per policy; after them one warning says the rest are not reported, and
/// no more names are checked. Keeps a hostile policy with thousands of made-up names cheap.
const MAX_CATALOG_WARNINGS: usize = 50;

/// At most this many wildcard patterns per policy are expanded over the catalog to find out
/// whether they match any action; further ones are not checked.
const MAX_WILDCARD_CHECKS: usize = 256;

/// What the parser asks about AWS names while it reads a policy. The engine knows no AWS names
/// itself: the action catalog answers (`crate::checks`), and [`NoNames`] answers nothing.
pub trait Names {
    /// A warning (message, help) about an action or action pattern written `service:Name` (never
    /// `*`) that no AWS action fits, or `None`. `suggest`: look for a "did you mean" (the parser
    /// asks only for the first few); `expand`: a wildcard pattern may be expanded over the known
    /// actions (the parser allows a bounded number per policy).
    fn check_action(&self, text: &str, suggest: bool, expand: bool) -> NameCheck;
    /// A warning (message, help) about a condition key (`prefix:name`) that is not known, or
    /// `None` (also for prefixes the implementation knows nothing about).
    fn check_condition_key(&self, key: &str) -> Option<(String, Option<String>)>;
}

/// The answer of [`Names::check_action`].
#[derive(Debug, Default)]
pub struct NameCheck {
    /// The warning, if any: message and help.
    pub finding: Option<(String, Option<String>)>,
    /// Whether a wildcard pattern was expanded to answer (counts against the policy's budget).
    pub expanded: bool,
}

/// Knows no names: the grammar alone, without warnings about unknown actions or keys.
pub struct NoNames;

impl Names for NoNames {
    fn check_action(&self, _: &str, _: bool, _: bool) -> NameCheck {
        NameCheck::default()
    }
    fn check_condition_key(&self, _: &str) -> Option<(String, Option<String>)> {
        None
    }
}

/// Reads a policy from its JSON text, asking `names` about actions and condition keys.
pub fn parse_policy_text_with(text: &str, kind: PolicyKind, names: &dyn Names) -> ParsedPolicy {
    match json::parse(text) {
        Ok(json) => {
            let mut parsed = parse_policy_with(&json, kind, names);
            check_size(text, kind, json.span, &mut parsed.diagnostics);
            parsed
        }
        Err(e) => {
            let mut d = Diagnostic::error(e.span, e.message);
            d.help = e.help;
            ParsedPolicy {
                policy: Policy {
                    kind,
                    version: PolicyVersion::Absent,
                    statements: Vec::new(),
                },
                diagnostics: vec![d],
            }
        }
    }
}

/// Warns when a policy is longer than AWS accepts for its kind. `text` is the policy's own text.
pub fn check_size(text: &str, kind: PolicyKind, span: Span, out: &mut Vec<Diagnostic>) {
    let (limit, note) = kind.size_limit();
    if text.len() <= limit {
        return; // a character takes at least one byte
    }
    let counted = if kind == PolicyKind::Endpoint {
        text.chars().count()
    } else {
        text.chars().filter(|c| !c.is_whitespace()).count()
    };
    if counted > limit {
        let how = if kind == PolicyKind::Endpoint {
            "white space included"
        } else {
            "white space not counted"
        };
        let what = match kind {
            PolicyKind::Identity | PolicyKind::PermissionsBoundary | PolicyKind::Session => {
                "a managed policy".to_string()
            }
            other => other.describe().to_string(),
        };
        out.push(
            Diagnostic::warning(
                Span::new(span.start, span.start + 1),
                format!(
                    "this policy has {} characters ({how}), more than the {} aws accepts for {what}",
                    thousands(counted),
                    thousands(limit)
                ),
            )
            .with_help(note),
        );
    }
}

/// Reads a policy from an already parsed JSON value (spans point into that value's source).
pub fn parse_policy_with(json: &Json, kind: PolicyKind, names: &dyn Names) -> ParsedPolicy {
    let mut p = PolicyParser {
        kind,
        names,
        diagnostics: Vec::new(),
        version: PolicyVersion::Absent,
        catalog_warnings: 0,
        wildcard_checks: 0,
    };
    let statements = p.policy(json);
    let mut diagnostics = p.diagnostics;
    diagnostics.sort_by_key(|d| (d.span.start, d.span.end));
    ParsedPolicy {
        policy: Policy {
            kind,
            version: p.version,
            statements,
        },
        diagnostics,
    }
}

struct PolicyParser<'n> {
    kind: PolicyKind,
    /// Who answers about action names and condition keys.
    names: &'n dyn Names,
    diagnostics: Vec<Diagnostic>,
    version: PolicyVersion,
    /// Catalog warnings given so far (see `MAX_CATALOG_WARNINGS`).
    catalog_warnings: usize,
    /// Wildcard patterns checked against the catalog so far (see `MAX_WILDCARD_CHECKS`).
    wildcard_checks: usize,
}

/// Finds the first member among `names` and reports duplicates of any name.
fn members_named<'j, 'a>(obj: &'j [json::Member<'a>], name: &str) -> Vec<&'j json::Member<'a>> {
    obj.iter().filter(|m| m.key == name).collect()
}

impl PolicyParser<'_> {
    fn error(&mut self, span: Span, message: String, help: Option<String>) {
        let mut d = Diagnostic::error(span, message);
        d.help = help;
        self.diagnostics.push(d);
    }

    fn warning(&mut self, span: Span, message: String, help: Option<String>) {
        let mut d = Diagnostic::warning(span, message);
        d.help = help;
        self.diagnostics.push(d);
    }

    /// Reports unknown and duplicate member names of an object.
    /// Reports unknown and duplicate member names of an object; `noun` names what the members
    /// are ("element", "principal type").
    fn check_members(&mut self, members: &[json::Member], known: &[&str], what: &str, noun: &str) {
        for (i, m) in members.iter().enumerate() {
            if known.contains(&&*m.key) {
                if members[..i].iter().any(|o| o.key == m.key) {
                    self.error(
                        m.key_span,
                        format!("duplicate `{}` {noun} in {what}", m.key),
                        Some(format!(
                            "the policy is ambiguous: merge the values into one `{}`",
                            m.key
                        )),
                    );
                }
                continue;
            }
            let case_match = known.iter().find(|k| k.eq_ignore_ascii_case(&m.key));
            let help = match case_match.copied().or_else(|| did_you_mean(&m.key, known)) {
                Some(s) => format!("did you mean `{s}`? {noun} names are case-sensitive"),
                None => format!("{what} may contain {}", list(known)),
            };
            self.error(
                m.key_span,
                format!("unknown {noun} `{}` in {what}", m.key),
                Some(help),
            );
        }
    }

    fn policy(&mut self, json: &Json) -> Vec<Statement> {
        let Some(members) = json.as_object() else {
            self.error(
                json.span,
                format!("a policy must be a json object, found {}", json.type_name()),
                Some(
                    "start the policy with `{\"Version\": \"2012-10-17\", \"Statement\": [...]}`"
                        .into(),
                ),
            );
            return Vec::new();
        };
        self.check_members(members, TOP_ELEMENTS, "a policy", "element");
        if let Some(v) = members_named(members, "Version").first() {
            match v.value.as_str() {
                Some("2012-10-17") => self.version = PolicyVersion::V2012_10_17,
                Some("2008-10-17") => self.version = PolicyVersion::V2008_10_17,
                Some(other) => self.error(
                    v.value.span,
                    format!("unsupported policy version `{other}`"),
                    Some("use `2012-10-17` (or `2008-10-17`); the version is a fixed date, not today's".into()),
                ),
                None => self.error(
                    v.value.span,
                    format!("`Version` must be a string, found {}", v.value.type_name()),
                    Some("write `\"Version\": \"2012-10-17\"`".into()),
                ),
            }
        }
        if self.kind == PolicyKind::Rcp {
            // "RCP syntax": `Version` is required in rcps, and only `2012-10-17` is accepted.
            let help = Some("aws organizations requires `\"Version\": \"2012-10-17\"` in every rcp (\"rcp syntax\")".to_string());
            match members_named(members, "Version").first() {
                None => self.error(
                    Span::new(json.span.start, json.span.start + 1),
                    "this resource control policy has no `Version`".into(),
                    help,
                ),
                Some(v) if v.value.as_str() == Some("2008-10-17") => self.error(
                    v.value.span,
                    "a resource control policy must use version `2012-10-17`".into(),
                    help,
                ),
                // `2012-10-17`, or a value that already has its own error.
                Some(_) => {}
            }
        }
        if let Some(id) = members_named(members, "Id").first() {
            if id.value.as_str().is_none() {
                self.error(
                    id.value.span,
                    format!("`Id` must be a string, found {}", id.value.type_name()),
                    None,
                );
            }
        }
        let Some(statement) = members_named(members, "Statement")
            .first()
            .map(|m| &m.value)
        else {
            self.error(
                Span::new(json.span.start, json.span.start + 1),
                "this policy has no `Statement`".into(),
                Some("add `\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"...\", \"Resource\": \"...\"}]`".into()),
            );
            return Vec::new();
        };
        let items: Vec<&Json> = match &statement.kind {
            JsonKind::Array(items) => items.iter().collect(),
            JsonKind::Object(_) => vec![statement],
            _ => {
                self.error(
                    statement.span,
                    format!(
                        "`Statement` must be an object or an array of objects, found {}",
                        statement.type_name()
                    ),
                    Some("write `\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"...\", \"Resource\": \"...\"}]`".into()),
                );
                return Vec::new();
            }
        };
        if items.is_empty() {
            self.warning(
                statement.span,
                "this policy has no statements, so it allows nothing".into(),
                None,
            );
        }
        let mut sids: Vec<(String, Span)> = Vec::new();
        let mut out = Vec::new();
        if self.kind == PolicyKind::Rcp {
            self.check_rcp_allows(&items);
        }
        for (index, item) in items.into_iter().enumerate() {
            if let Some(s) = self.statement(index, item) {
                if let Some(sid) = &s.sid {
                    if let Some((_, _)) = sids.iter().find(|(other, _)| other == sid) {
                        if let Some(m) = item.get("Sid") {
                            self.error(
                                m.span,
                                format!("duplicate `Sid` `{sid}`"),
                                Some("statement ids must be unique within a policy".into()),
                            );
                        }
                    }
                    sids.push((sid.clone(), s.span));
                }
                out.push(s);
            }
        }
        out
    }

    /// RCPs: `Allow` only in AWS's managed `RCPFullAWSAccess` (one statement: `Allow`,
    /// `Principal` `*`, `Action` `*`, `Resource` `*`, no condition), accepted as is; an `Allow`
    /// anywhere else is refused ("RCP syntax").
    fn check_rcp_allows(&mut self, items: &[&Json]) {
        let is_full_access = |item: &Json| {
            let Some(members) = item.as_object() else {
                return false;
            };
            let star = |name: &str| {
                item.get(name).is_some_and(|v| match &v.kind {
                    JsonKind::String(s) => s == "*",
                    JsonKind::Array(a) => a.len() == 1 && a[0].as_str() == Some("*"),
                    _ => false,
                })
            };
            item.get("Effect").and_then(Json::as_str) == Some("Allow")
                && star("Principal")
                && star("Action")
                && star("Resource")
                && members.iter().all(|m| {
                    matches!(
                        &*m.key,
                        "Sid" | "Effect" | "Principal" | "Action" | "Resource"
                    )
                })
        };
        if items.len() == 1 && is_full_access(items[0]) {
            return;
        }
        // "You cannot use "*" in the Action element of a customer managed RCP" ("RCP syntax"),
        // and `NotAction` is not supported there.
        for item in items {
            if let Some(m) = item
                .as_object()
                .and_then(|ms| ms.iter().find(|m| m.key == "NotAction"))
            {
                self.error(
                    m.key_span,
                    "resource control policies do not support `NotAction`".into(),
                    Some("list the actions to deny in `Action`, each with its service prefix (`s3:*`, `sqs:*`, ...)".into()),
                );
            }
            let actions: Vec<&Json> = match item.get("Action").map(|a| &a.kind) {
                Some(JsonKind::Array(values)) => values.iter().collect(),
                Some(_) => item.get("Action").into_iter().collect(),
                None => Vec::new(),
            };
            for action in actions.into_iter().filter(|a| a.as_str() == Some("*")) {
                self.error(
                    action.span,
                    "a custom resource control policy cannot use `\"*\"` as its `Action`".into(),
                    Some("aws requires the service prefix in every action of a customer managed rcp: write `s3:*`, `sqs:*`, `kms:*` and so on for the services the rcp covers (\"rcp syntax\")".into()),
                );
            }
        }
        for item in items {
            if let Some(effect) = item.get("Effect").filter(|e| e.as_str() == Some("Allow")) {
                self.error(
                    effect.span,
                    "a resource control policy cannot `Allow`".into(),
                    Some("aws accepts `Allow` only in its managed `RCPFullAWSAccess`, attached at every level (and applied here implicitly): rcps only restrict, so write `Deny` statements (\"rcp syntax\")".into()),
                );
            }
        }
    }

    fn statement(&mut self, index: usize, json: &Json) -> Option<Statement> {
        let Some(members) = json.as_object() else {
            self.error(
                json.span,
                format!(
                    "a statement must be a json object, found {}",
                    json.type_name()
                ),
                Some("each statement is an object such as `{\"Effect\": \"Allow\", \"Action\": \"...\", \"Resource\": \"...\"}`".into()),
            );
            return None;
        };
        let errors_before = self.error_count();
        self.check_members(members, STATEMENT_ELEMENTS, "a statement", "element");
        let head = Span::new(json.span.start, json.span.start + 1);
        let get = |name: &str| members.iter().find(|m| m.key == name);

        let sid = match get("Sid") {
            Some(m) => match m.value.as_str() {
                Some(s) => {
                    if self.kind.is_iam_policy() && !s.bytes().all(|b| b.is_ascii_alphanumeric()) {
                        let suggestion: String =
                            s.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
                        let example = if suggestion.is_empty() {
                            "AllowTraining".to_string()
                        } else {
                            suggestion
                        };
                        self.error(
                            m.value.span,
                            format!("the `Sid` `{s}` has characters other than letters and digits, which {} does not accept", self.kind.describe()),
                            Some(format!("in iam policies a `Sid` holds only ascii letters (A-Z, a-z) and digits (0-9), for example `\"Sid\": \"{example}\"`")),
                        );
                    }
                    Some(s.to_string())
                }
                None => {
                    self.error(
                        m.value.span,
                        format!("`Sid` must be a string, found {}", m.value.type_name()),
                        Some("write the statement id in quotes, for example `\"Sid\": \"AllowTraining\"`".into()),
                    );
                    None
                }
            },
            None => None,
        };

        let effect = match get("Effect") {
            None => {
                self.error(
                    head,
                    "this statement has no `Effect`".into(),
                    Some("add `\"Effect\": \"Allow\"` or `\"Effect\": \"Deny\"`".into()),
                );
                None
            }
            Some(m) => match m.value.as_str() {
                Some("Allow") => Some(Effect::Allow),
                Some("Deny") => Some(Effect::Deny),
                Some(other) => {
                    let help = if other.eq_ignore_ascii_case("allow")
                        || other.eq_ignore_ascii_case("deny")
                    {
                        format!(
                            "`Effect` is case-sensitive: write `{}`",
                            if other.eq_ignore_ascii_case("allow") {
                                "Allow"
                            } else {
                                "Deny"
                            }
                        )
                    } else {
                        "`Effect` is `Allow` or `Deny`".into()
                    };
                    self.error(
                        m.value.span,
                        format!("invalid `Effect` `{other}`"),
                        Some(help),
                    );
                    None
                }
                None => {
                    self.error(
                        m.value.span,
                        format!("`Effect` must be a string, found {}", m.value.type_name()),
                        Some("`Effect` is `Allow` or `Deny`".into()),
                    );
                    None
                }
            },
        };

        let principal = self.principal_element(head, get("Principal"), get("NotPrincipal"), effect);
        let syntax_vars = self.version == PolicyVersion::V2012_10_17;
        let action = self.pattern_element(
            head,
            get("Action"),
            get("NotAction"),
            "Action",
            TemplateSyntax {
                wildcards: true,
                variables: false,
                lowercase: true,
            },
        );
        let resource_syntax = TemplateSyntax {
            wildcards: true,
            variables: syntax_vars,
            lowercase: false,
        };
        let resource = if self.kind == PolicyKind::Trust {
            // A trust policy decides who may assume the role it is attached to: the role is the
            // resource, and IAM refuses a trust policy with `Resource` ("IAM JSON policy
            // elements: Resource").
            for m in [get("Resource"), get("NotResource")].into_iter().flatten() {
                self.error(
                    m.key_span,
                    format!("a role trust policy has no `{}`", m.key),
                    Some("the role the trust policy is attached to is the resource, and iam refuses a trust policy with `Resource`: remove it and name who may assume the role in `Principal`".into()),
                );
            }
            Some(PatternElement {
                negated: false,
                patterns: vec![Template::new("*", resource_syntax)],
                span: head,
            })
        } else {
            self.pattern_element(
                head,
                get("Resource"),
                get("NotResource"),
                "Resource",
                resource_syntax,
            )
        };
        let conditions = match get("Condition") {
            Some(m) => self.conditions(&m.value, effect),
            None => Vec::new(),
        };
        if self.error_count() > errors_before {
            return None;
        }
        Some(Statement {
            index,
            sid,
            effect: effect?,
            span: json.span,
            principal,
            action: action?,
            resource: resource?,
            conditions,
        })
    }

    fn error_count(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == super::diagnostic::Severity::Error)
            .count()
    }

    /// Reads `Action`/`NotAction` or `Resource`/`NotResource`: exactly one of the pair.
    fn pattern_element(
        &mut self,
        head: Span,
        plain: Option<&json::Member>,
        negated: Option<&json::Member>,
        name: &str,
        syntax: TemplateSyntax,
    ) -> Option<PatternElement> {
        let (member, is_negated) = match (plain, negated) {
            (Some(p), Some(n)) => {
                self.error(
                    n.key_span,
                    format!("a statement cannot have both `{name}` and `Not{name}`"),
                    Some(format!(
                        "keep one of them; `Not{name}` matches everything that is not listed"
                    )),
                );
                let _ = p;
                return None;
            }
            (Some(p), None) => (p, false),
            (None, Some(n)) => (n, true),
            (None, None) => {
                self.error(
                    head,
                    format!("this statement has no `{name}` or `Not{name}`"),
                    Some(if name == "Action" {
                        "add `\"Action\": \"service:Name\"` (for example `\"sagemaker:CreateTrainingJob\"`)".to_string()
                    } else {
                        "add `\"Resource\": \"*\"` or the ARNs the statement covers".to_string()
                    }),
                );
                return None;
            }
        };
        let element = format!("{}{name}", if is_negated { "Not" } else { "" });
        let strings = self.string_list(&member.value, &element)?;
        let mut patterns = Vec::with_capacity(strings.len());
        for (text, span) in strings {
            if name == "Action" {
                if self.check_action(&text, span) {
                    self.check_action_in_catalog(&text, span);
                }
            } else {
                self.check_resource(&text, span);
            }
            patterns.push(Template::new(&text, syntax));
        }
        Some(PatternElement {
            negated: is_negated,
            patterns,
            span: member.value.span,
        })
    }

    /// Checks the form of an action pattern; false (with an error) when it is not one.
    fn check_action(&mut self, text: &str, span: Span) -> bool {
        if text == "*" {
            return true;
        }
        match text.split_once(':') {
            Some((service, name))
                if !service.is_empty()
                    && !name.is_empty()
                    && service.bytes().all(|b| {
                        b.is_ascii_alphanumeric() || b == b'-' || b == b'*' || b == b'?'
                    })
                    && !name.contains(':') =>
            {
                true
            }
            _ => {
                self.error(
                    span,
                    format!("`{text}` is not an action: expected `service:ActionName`"),
                    Some("write the service prefix, a colon and the action, for example `s3:GetObject`, or `*` for every action".into()),
                );
                false
            }
        }
    }

    /// Warns about an action (well-formed `service:Name`) the catalog does not know: an unknown
    /// service prefix, an unknown action of a known service, or a wildcard pattern that matches no
    /// action. Warnings only: the catalog may lag behind AWS.
    fn check_action_in_catalog(&mut self, text: &str, span: Span) {
        if text == "*" || self.catalog_warnings > MAX_CATALOG_WARNINGS || !text.contains(':') {
            return;
        }
        let check = self.names.check_action(
            text,
            self.catalog_warnings < MAX_SUGGESTIONS,
            self.wildcard_checks < MAX_WILDCARD_CHECKS,
        );
        if check.expanded {
            self.wildcard_checks += 1;
        }
        if let Some((message, help)) = check.finding {
            self.catalog_warning(span, message, help);
        }
    }

    /// Warns about a condition key the names do not know.
    fn check_condition_key_in_catalog(&mut self, key: &str, span: Span) {
        if self.catalog_warnings > MAX_CATALOG_WARNINGS {
            return;
        }
        if let Some((message, help)) = self.names.check_condition_key(key) {
            self.catalog_warning(span, message, help);
        }
    }

    /// Adds a catalog warning, or, past `MAX_CATALOG_WARNINGS`, one last warning saying the rest
    /// are not reported.
    fn catalog_warning(&mut self, span: Span, message: String, help: Option<String>) {
        self.catalog_warnings += 1;
        if self.catalog_warnings <= MAX_CATALOG_WARNINGS {
            self.warning(span, message, help);
        } else {
            self.warning(
                span,
                format!("more than {MAX_CATALOG_WARNINGS} unknown actions or condition keys: the rest are not reported"),
                Some("fix the ones reported first".into()),
            );
        }
    }

    fn check_resource(&mut self, text: &str, span: Span) {
        if let Some(service) = text
            .strip_prefix("arn:")
            .and_then(|rest| rest.split(':').nth(1))
            .filter(|service| service.contains(['*', '?']))
        {
            // "You can't use a wildcard in the service segment" ("IAM JSON policy elements:
            // Resource"): such a resource is refused, so it never matches.
            self.error(
                span,
                format!("`{text}` has a wildcard in its service segment `{service}`"),
                Some("aws does not accept wildcards in the service part of an arn: write the service prefix (`s3`, `sqs`, ...) in full, one arn per service, or use `\"*\"` alone for every resource".into()),
            );
            return;
        }
        if text == "*" || text.starts_with("arn:") || text.starts_with("${") {
            if self.kind == PolicyKind::Endpoint {
                self.check_endpoint_arn(text, span);
            }
            return;
        }
        self.error(
            span,
            format!("`{text}` is not a resource: expected an arn or `*`"),
            Some("resources are written as arns, for example `arn:aws:s3:::my-bucket/*`".into()),
        );
    }

    /// Endpoint policies: an ARN's account field holds an account id or a wildcard, not both.
    fn check_endpoint_arn(&mut self, text: &str, span: Span) {
        let account = text.split(':').nth(4).unwrap_or("");
        let has_wild = account.contains('*') || account.contains('?');
        let has_digit = account.bytes().any(|b| b.is_ascii_digit());
        if has_wild && has_digit {
            self.error(
                span,
                format!("the account field `{account}` mixes digits and wildcards"),
                Some("in a vpc endpoint policy an arn's account field holds an account id or a wildcard, not both".into()),
            );
        }
    }

    /// A string or an array of strings (non-empty).
    fn string_list(&mut self, json: &Json, element: &str) -> Option<Vec<(String, Span)>> {
        match &json.kind {
            JsonKind::String(s) => Some(vec![(s.to_string(), json.span)]),
            JsonKind::Array(items) => {
                if items.is_empty() {
                    self.error(
                        json.span,
                        format!("`{element}` is an empty list"),
                        Some(format!("list at least one value, or remove `{element}`")),
                    );
                    return None;
                }
                let mut out = Vec::with_capacity(items.len());
                let mut ok = true;
                for item in items {
                    match item.as_str() {
                        Some(s) => out.push((s.to_string(), item.span)),
                        None => {
                            self.error(
                                item.span,
                                format!(
                                    "values of `{element}` must be strings, found {}",
                                    item.type_name()
                                ),
                                None,
                            );
                            ok = false;
                        }
                    }
                }
                ok.then_some(out)
            }
            _ => {
                self.error(
                    json.span,
                    format!(
                        "`{element}` must be a string or an array of strings, found {}",
                        json.type_name()
                    ),
                    Some(format!(
                        "write `\"{element}\": \"...\"` or `\"{element}\": [\"...\", \"...\"]`"
                    )),
                );
                None
            }
        }
    }

    fn principal_element(
        &mut self,
        head: Span,
        plain: Option<&json::Member>,
        negated: Option<&json::Member>,
        effect: Option<Effect>,
    ) -> Option<PrincipalElement> {
        let kind = self.kind;
        if !kind.has_principals() {
            for m in [plain, negated].into_iter().flatten() {
                self.error(
                    m.key_span,
                    format!("`{}` is not allowed in {}", m.key, kind.describe()),
                    Some(format!(
                        "{} applies to whoever it is attached to: remove `{}`",
                        kind.describe(),
                        m.key
                    )),
                );
            }
            return None;
        }
        let (member, is_negated) = match (plain, negated) {
            (Some(_), Some(n)) => {
                self.error(
                    n.key_span,
                    "a statement cannot have both `Principal` and `NotPrincipal`".into(),
                    Some("keep one of them".into()),
                );
                return None;
            }
            (Some(p), None) => (p, false),
            (None, Some(n)) => (n, true),
            (None, None) => {
                self.error(
                    head,
                    format!("this statement has no `Principal`, which {} requires", kind.describe()),
                    Some("add `\"Principal\": \"*\"` to cover every caller, or name principals with `{\"AWS\": \"arn:aws:iam::111122223333:root\"}`".into()),
                );
                return None;
            }
        };
        if is_negated && kind == PolicyKind::Trust {
            self.error(
                member.key_span,
                "a role trust policy cannot use `NotPrincipal`".into(),
                Some("iam accepts `NotPrincipal` in neither identity policies nor role trust policies (\"AWS JSON policy elements: NotPrincipal\"): name who may assume the role in `Principal`".into()),
            );
            return None;
        }
        if is_negated && effect == Some(Effect::Allow) {
            self.error(
                member.key_span,
                "`NotPrincipal` cannot be used with `Allow`".into(),
                Some("aws supports `NotPrincipal` only with `\"Effect\": \"Deny\"`; to allow some principals, name them in `Principal`".into()),
            );
        }
        let element = if is_negated {
            "NotPrincipal"
        } else {
            "Principal"
        };
        let value = &member.value;
        let mut entries = Vec::new();
        match &value.kind {
            JsonKind::String(s) if s == "*" => entries.push(PrincipalEntry::Everyone),
            JsonKind::String(s) => {
                self.error(
                    value.span,
                    format!("`{element}` must be `\"*\"` or an object, found the string `{s}`"),
                    Some(format!("write `\"{element}\": {{\"AWS\": \"{s}\"}}`")),
                );
                return None;
            }
            JsonKind::Object(members) => {
                self.check_members(
                    members,
                    PRINCIPAL_TYPES,
                    &format!("`{element}`"),
                    "principal type",
                );
                for m in members {
                    if !PRINCIPAL_TYPES.contains(&&*m.key) {
                        continue;
                    }
                    let Some(values) = self.string_list(&m.value, &format!("{element}.{}", m.key))
                    else {
                        continue;
                    };
                    for (v, span) in values {
                        if let Some(entry) = self.principal_entry(&m.key, &v, span) {
                            entries.push(entry);
                        }
                    }
                }
                if members.is_empty() {
                    self.error(
                        value.span,
                        format!("`{element}` names no principal"),
                        Some("add `\"AWS\": [...]`, `\"Service\": [...]` or use `\"*\"`".into()),
                    );
                }
            }
            _ => {
                self.error(
                    value.span,
                    format!(
                        "`{element}` must be `\"*\"` or an object, found {}",
                        value.type_name()
                    ),
                    None,
                );
                return None;
            }
        }
        if kind == PolicyKind::Rcp {
            if is_negated {
                self.error(
                    member.key_span,
                    "resource control policies do not support `NotPrincipal`".into(),
                    Some("use `\"Principal\": \"*\"` and exclude principals with a condition on `aws:PrincipalArn` or `aws:PrincipalOrgID`".into()),
                );
                return None;
            }
            if entries != [PrincipalEntry::Everyone] {
                self.error(
                    value.span,
                    "the `Principal` of a resource control policy must be `\"*\"`".into(),
                    Some("rcps apply to every caller: narrow them with conditions such as `aws:PrincipalOrgID` or `aws:PrincipalAccount`".into()),
                );
                return None;
            }
        }
        Some(PrincipalElement {
            negated: is_negated,
            entries,
            span: value.span,
        })
    }

    fn principal_entry(
        &mut self,
        principal_type: &str,
        v: &str,
        span: Span,
    ) -> Option<PrincipalEntry> {
        match principal_type {
            "AWS" => {
                if v == "*" {
                    return Some(PrincipalEntry::Everyone);
                }
                if v.len() == 12 && v.bytes().all(|b| b.is_ascii_digit()) {
                    return Some(PrincipalEntry::Account(v.to_string()));
                }
                if v.contains('*') || v.contains('?') {
                    self.error(
                        span,
                        format!("wildcards are not allowed in principal `{v}`"),
                        Some("`*` works only alone (`\"AWS\": \"*\"`); to match principals by pattern use `\"Principal\": \"*\"` with an `ArnLike` condition on `aws:PrincipalArn`".into()),
                    );
                    return None;
                }
                let parts: Vec<&str> = v.splitn(6, ':').collect();
                match parts.as_slice() {
                    ["arn", _, "iam", "", account, "root"] if account.len() == 12 => {
                        Some(PrincipalEntry::Account(account.to_string()))
                    }
                    ["arn", _, "iam" | "sts", "", account, resource]
                        if account.len() == 12
                            && account.bytes().all(|b| b.is_ascii_digit())
                            && !resource.is_empty() =>
                    {
                        Some(PrincipalEntry::Arn(v.to_string()))
                    }
                    _ => {
                        self.error(
                            span,
                            format!("`{v}` is not a valid aws principal"),
                            Some("use a 12-digit account id, `arn:aws:iam::ACCOUNT:root`, a user or role arn, or `*`".into()),
                        );
                        None
                    }
                }
            }
            "Service" => Some(PrincipalEntry::Service(v.to_string())),
            "Federated" => Some(PrincipalEntry::Federated(v.to_string())),
            _ => Some(PrincipalEntry::CanonicalUser(v.to_string())),
        }
    }

    fn conditions(&mut self, json: &Json, effect: Option<Effect>) -> Vec<ConditionClause> {
        let Some(operators) = json.as_object() else {
            self.error(json.span, format!("`Condition` must be an object, found {}", json.type_name()), Some("write `\"Condition\": {\"StringEquals\": {\"aws:RequestedRegion\": \"us-east-1\"}}`".into()));
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, op_member) in operators.iter().enumerate() {
            if operators[..i].iter().any(|o| o.key == op_member.key) {
                self.error(
                    op_member.key_span,
                    format!("duplicate condition operator `{}`", op_member.key),
                    Some(format!(
                        "the policy is ambiguous: merge the keys into one `{}` block",
                        op_member.key
                    )),
                );
                continue;
            }
            let operator = match Operator::parse(&op_member.key) {
                Ok(op) => op,
                Err((message, help)) => {
                    self.error(op_member.key_span, message, Some(help));
                    continue;
                }
            };
            let Some(keys) = op_member.value.as_object() else {
                self.error(
                    op_member.value.span,
                    format!(
                        "the `{}` block must be an object of condition keys, found {}",
                        op_member.key,
                        op_member.value.type_name()
                    ),
                    None,
                );
                continue;
            };
            if keys.is_empty() {
                self.error(
                    op_member.value.span,
                    format!("the `{}` block has no condition keys", op_member.key),
                    None,
                );
            }
            for (j, key_member) in keys.iter().enumerate() {
                if keys[..j]
                    .iter()
                    .any(|o| o.key.eq_ignore_ascii_case(&key_member.key))
                {
                    self.error(
                        key_member.key_span,
                        format!(
                            "duplicate condition key `{}` under `{}`",
                            key_member.key, op_member.key
                        ),
                        Some("list all values in one array instead".into()),
                    );
                    continue;
                }
                if let Some(clause) =
                    self.condition_clause(&operator, &op_member.key, key_member, effect)
                {
                    out.push(clause);
                }
            }
        }
        out
    }

    fn condition_clause(
        &mut self,
        operator: &Operator,
        operator_text: &str,
        member: &json::Member,
        effect: Option<Effect>,
    ) -> Option<ConditionClause> {
        let key = member.key.clone();
        if key.is_empty() || !key.contains(':') {
            self.error(
                member.key_span,
                format!("`{key}` is not a condition key: expected `prefix:name`"),
                Some("condition keys look like `aws:SourceVpce` or `s3:prefix`".into()),
            );
            return None;
        }
        let mut raw: Vec<(String, Span)> = Vec::new();
        let mut push_scalar = |p: &mut Self, v: &Json| {
            match &v.kind {
            JsonKind::String(s) => raw.push((s.to_string(), v.span)),
            JsonKind::Number(n) => raw.push((n.to_string(), v.span)),
            JsonKind::Bool(b) => raw.push((b.to_string(), v.span)),
            _ => p.error(
                v.span,
                format!(
                    "condition values must be strings, numbers or booleans, found {}",
                    v.type_name()
                ),
                Some("give one value or an array of values, for example `\"us-east-1\"` or `[\"us-east-1\", \"eu-west-1\"]`".into()),
            ),
        }
        };
        match &member.value.kind {
            JsonKind::Array(items) => {
                if items.is_empty() {
                    self.error(
                        member.value.span,
                        format!("`{key}` has an empty list of values"),
                        Some("an empty list matches nothing: give at least one value".into()),
                    );
                    return None;
                }
                for item in items {
                    push_scalar(self, item);
                }
            }
            _ => push_scalar(self, &member.value),
        }
        let key_lower = key.to_ascii_lowercase();
        let vars = self.version == PolicyVersion::V2012_10_17;
        let (values, problems) = ParsedValues::parse(operator, &raw, vars);
        for (span, message, help) in problems {
            self.error(span, message, help);
        }
        let clause = ConditionClause {
            operator: operator.clone(),
            operator_text: operator_text.to_string(),
            key: key.to_string(),
            key_lower,
            values,
            raw_values: raw.iter().map(|(s, _)| s.clone()).collect(),
            span: member.key_span,
        };
        self.condition_warnings(&clause, &raw, effect);
        self.check_condition_key_in_catalog(&clause.key, clause.span);
        Some(clause)
    }

    /// Warnings (and the endpoint-policy errors) about one condition clause.
    fn condition_warnings(
        &mut self,
        clause: &ConditionClause,
        raw: &[(String, Span)],
        effect: Option<Effect>,
    ) {
        use super::operator::SetQualifier;
        let (operator, operator_text) = (&clause.operator, clause.operator_text.as_str());
        let (key, key_lower, key_span) =
            (clause.key.as_str(), clause.key_lower.as_str(), clause.span);
        if operator.set == Some(SetQualifier::ForAllValues) && effect == Some(Effect::Allow) {
            self.warning(
                key_span,
                format!("`{operator_text}` is also true when the request has no `{key}` at all"),
                Some(format!("with `Allow`, add `\"Null\": {{\"{key}\": \"false\"}}` so that a missing key does not grant access")),
            );
        }
        if operator.set.is_some() && is_single_valued_global_key(key_lower) {
            self.warning(
                key_span,
                format!("`{key}` is single-valued, but `{operator_text}` is meant for multi-valued keys"),
                Some(format!("use `{}` without the set qualifier", operator.base_name())),
            );
        }
        if self.kind == PolicyKind::Endpoint && SYSTEM_ID_KEYS.contains(&key_lower) {
            let wildcard = raw
                .iter()
                .find(|(v, _)| v.contains('*') || v.contains('?'))
                .filter(|_| operator.uses_wildcards());
            let numeric = operator.family == OperatorFamily::Numeric;
            if numeric || wildcard.is_some() {
                // Point at the offending value when there is one, else at the key.
                let span = match wildcard {
                    Some((_, span)) if !numeric => *span,
                    _ => key_span,
                };
                self.error(
                    span,
                    format!("`{key}` carries a system-generated id: a vpc endpoint policy cannot match it with {}", if numeric { "a numeric operator" } else { "wildcards" }),
                    Some("list the exact ids with `StringEquals`".into()),
                );
            }
        }
        if self.kind == PolicyKind::Endpoint
            && operator.family == OperatorFamily::String
            && operator.uses_wildcards()
            && !SYSTEM_ID_KEYS.contains(&key_lower)
        {
            for (v, span) in raw {
                if let Some((before, after)) = short_wildcard_runs(v) {
                    self.error(
                        *span,
                        format!("`{v}` has a wildcard with only {before} consecutive characters before it and {after} after it"),
                        Some("vpc endpoint policies: \"when using string condition operators, you must use at least six consecutive characters before or after each wildcard character\" (privatelink guide): write at least six literal characters on one side of every `*` and `?`".into()),
                    );
                }
            }
        }
        if self.kind == PolicyKind::Endpoint {
            // "When you specify an ARN in a resource or condition element, the account portion
            // can include an account ID or a wildcard, but not both" (PrivateLink guide).
            for (v, span) in raw.iter().filter(|(v, _)| v.starts_with("arn:")) {
                self.check_endpoint_arn(v, *span);
            }
        }
    }
}

/// The first wildcard of `value` that has fewer than six consecutive literal characters both
/// before and after it (the endpoint-policy rule), as (characters before, characters after).
fn short_wildcard_runs(value: &str) -> Option<(usize, usize)> {
    let chars: Vec<char> = value.chars().collect();
    let wild = |c: &char| *c == '*' || *c == '?';
    for (i, c) in chars.iter().enumerate() {
        if !wild(c) {
            continue;
        }
        let before = chars[..i].iter().rev().take_while(|c| !wild(c)).count();
        let after = chars[i + 1..].iter().take_while(|c| !wild(c)).count();
        if before < 6 && after < 6 {
            return Some((before, after));
        }
    }
    None
}

fn is_single_valued_global_key(key_lower: &str) -> bool {
    matches!(
        key_lower,
        "aws:sourcevpce"
            | "aws:sourcevpc"
            | "aws:sourceip"
            | "aws:vpcsourceip"
            | "aws:principalarn"
            | "aws:principalaccount"
            | "aws:principalorgid"
            | "aws:requestedregion"
            | "aws:securetransport"
            | "aws:multifactorauthpresent"
            | "aws:currenttime"
            | "aws:epochtime"
            | "aws:username"
            | "aws:userid"
            | "aws:resourceaccount"
            | "aws:sourceaccount"
            | "aws:sourcearn"
    )
}

/// `12345` → `12,345`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn list(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    quoted.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The grammar alone: these tests need no catalog (tests of the catalog's warnings are in
    /// `crate::checks`).
    fn parse_policy_text(text: &str, kind: PolicyKind) -> ParsedPolicy {
        parse_policy_text_with(text, kind, &NoNames)
    }

    fn messages(text: &str, kind: PolicyKind) -> Vec<String> {
        parse_policy_text(text, kind)
            .diagnostics
            .into_iter()
            .map(|d| d.message)
            .collect()
    }

    #[test]
    fn reads_the_seed_policies() {
        let parsed = parse_policy_text(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/specific-user"},"Action":"sagemaker:*","Resource":"*"}]}"#,
            PolicyKind::Endpoint,
        );
        assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
        assert_eq!(parsed.policy.statements.len(), 1);
    }

    #[test]
    fn principal_rules_depend_on_the_kind() {
        let with_principal =
            r#"{"Statement":{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}}"#;
        assert_eq!(
            messages(with_principal, PolicyKind::Identity),
            vec!["`Principal` is not allowed in an identity policy"]
        );
        let without = r#"{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}"#;
        assert_eq!(
            messages(without, PolicyKind::Endpoint),
            vec!["this statement has no `Principal`, which a vpc endpoint policy requires"]
        );
    }

    #[test]
    fn both_action_and_not_action_is_an_error() {
        let text = r#"{"Statement":{"Effect":"Allow","Action":"s3:*","NotAction":"iam:*","Resource":"*"}}"#;
        assert_eq!(
            messages(text, PolicyKind::Identity),
            vec!["a statement cannot have both `Action` and `NotAction`"]
        );
    }

    #[test]
    fn endpoint_wildcards_need_six_characters_on_one_side() {
        assert_eq!(short_wildcard_runs("team-*-data"), Some((5, 5)));
        assert_eq!(short_wildcard_runs("*"), Some((0, 0)));
        assert_eq!(short_wildcard_runs("team-a*"), None);
        assert_eq!(short_wildcard_runs("*-analytics"), None);
        // Every wildcard counts: the second `*` of `abcdef*x*` has one character before it.
        assert_eq!(short_wildcard_runs("abcdef*x*"), Some((1, 0)));
        assert_eq!(short_wildcard_runs("no wildcard"), None);
    }

    #[test]
    fn sid_rules_depend_on_the_kind() {
        let text = r#"{"Version":"2012-10-17","Statement":{"Sid":"read all","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}}"#;
        assert!(messages(text, PolicyKind::Resource).is_empty());
        assert!(messages(text, PolicyKind::Endpoint).is_empty());
        let identity = text.replace(r#""Principal":"*","#, "");
        assert_eq!(
            messages(&identity, PolicyKind::Identity),
            vec!["the `Sid` `read all` has characters other than letters and digits, which an identity policy does not accept"]
        );
    }

    #[test]
    fn trust_policies_have_no_resource() {
        let trust = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}}"#;
        let parsed = parse_policy_text(trust, PolicyKind::Trust);
        assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
        assert_eq!(parsed.policy.statements.len(), 1);
        // The same text is not a valid resource-based policy of another kind.
        assert_eq!(
            messages(trust, PolicyKind::Resource),
            vec!["this statement has no `Resource` or `NotResource`"]
        );
    }

    #[test]
    fn no_wildcard_in_an_arn_service_segment() {
        let text = r#"{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s*:::bucket/*"}}"#;
        let parsed = parse_policy_text(text, PolicyKind::Identity);
        assert!(parsed.has_errors());
        assert!(
            parsed.policy.statements.is_empty(),
            "the statement is left out, so it never grants"
        );
    }

    #[test]
    fn rcps_allow_only_in_rcp_full_aws_access() {
        let full = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}"#;
        assert!(messages(full, PolicyKind::Rcp).is_empty());
        let narrowed = full.replace(r#""Action":"*""#, r#""Action":"s3:*""#);
        assert_eq!(
            messages(&narrowed, PolicyKind::Rcp),
            vec!["a resource control policy cannot `Allow`"]
        );
        let unversioned =
            r#"{"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*"}]}"#;
        assert_eq!(
            messages(unversioned, PolicyKind::Rcp),
            vec!["this resource control policy has no `Version`"]
        );
    }
}
