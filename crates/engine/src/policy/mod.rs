//! The policy parser: JSON (with spans) in, the syntax tree of `ast.rs` and diagnostics out,
//! checking the grammar of each policy kind.
//!
//! [`parse_policy_with`] never fails: it returns the statements it could read and a list of
//! [`Diagnostic`]s with byte spans. A policy with any error diagnostic must not be evaluated
//! (AWS would refuse it); warnings point out valid but suspicious constructs.
//!
//! This file holds the walk over a policy (its elements and statements); `Action` and `Resource`
//! are read in `elements.rs`, the principal rules are in `principals.rs` (and, for what a
//! statement lets its principals do, in `trust.rs`), conditions in `conditions.rs`, rules of one
//! policy kind in `kinds.rs`, questions about AWS names in `names.rs`.

pub use super::ast::{
    ClauseTest, ConditionClause, Effect, ParsedPolicy, PatternElement, Policy, PolicyKind,
    PolicyVersion, PrincipalElement, PrincipalEntry, Statement,
};
use super::diagnostic::{did_you_mean, Code, Diagnostic, Fix, Span};
use super::json::{self, Json, JsonKind};
use super::operator::{Operator, OperatorFamily, ParsedValues};
use super::pattern::{Template, TemplateSyntax};

mod conditions;
mod elements;
mod kinds;
mod memo;
mod names;
mod perimeter;
mod principals;
mod redundant;
mod roles;
#[cfg(test)]
mod tests;
mod trust;
mod variables;

pub use memo::abandon_thread_memo;
pub use names::{is_open_field, ArnParts, KeyType, NameCheck, NameFinding, Names, NoNames};
use principals::is_source_key;

const TOP_ELEMENTS: &[&str; 3] = &["Version", "Id", "Statement"];
const STATEMENT_ELEMENTS: &[&str; 9] = &[
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

/// At most this many resource ARNs per policy are read against the catalog's ARN formats.
const MAX_ARN_CHECKS: usize = 256;

/// At most this many condition keys per policy are read against their statement's actions.
const MAX_KEY_CHECKS: usize = 64;

/// Reads a policy from its JSON text, asking `names` about actions and condition keys.
pub fn parse_policy_text_with(text: &str, kind: PolicyKind, names: &dyn Names) -> ParsedPolicy {
    json::with_arena(text.len(), |arena| match json::parse(text, arena) {
        Ok(json) => {
            let mut parsed = parse_policy_in(&json, text, kind, names);
            check_size(text, kind, json.span, &mut parsed.diagnostics);
            parsed
        }
        Err(e) => {
            let d = e.to_diagnostic();
            ParsedPolicy {
                policy: Policy {
                    kind,
                    version: PolicyVersion::Absent,
                    statements: Vec::new(),
                }
                .into(),
                diagnostics: vec![d],
            }
        }
    })
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
        let code = match kind {
            PolicyKind::Identity | PolicyKind::PermissionsBoundary | PolicyKind::Session => {
                Code::POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA
            }
            PolicyKind::Resource => Code::POLICY_SIZE_EXCEEDS_RESOURCE_POLICY_QUOTA,
            PolicyKind::Trust => Code::POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA,
            PolicyKind::Scp => Code::POLICY_SIZE_EXCEEDS_SCP_QUOTA,
            PolicyKind::Rcp => Code::POLICY_SIZE_EXCEEDS_RCP_QUOTA,
            PolicyKind::Endpoint => Code::POLICY_SIZE_EXCEEDS_ENDPOINT_POLICY_QUOTA,
        };
        out.push(
            Diagnostic::new(
                code,
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
    read_policy(json, None, kind, names)
}

/// [`parse_policy_with`] for a policy parsed from `source`: `json`'s spans are places in
/// `source` (the policy's own text, or a larger text holding it, such as a case). Knowing the
/// text lets the parser answer an element written exactly as one it read before on this
/// thread from what it read then, when `names` allow it ([`Names::memo_scope`]).
pub fn parse_policy_in(
    json: &Json,
    source: &str,
    kind: PolicyKind,
    names: &dyn Names,
) -> ParsedPolicy {
    read_policy(json, Some(source), kind, names)
}

fn read_policy(
    json: &Json,
    source: Option<&str>,
    kind: PolicyKind,
    names: &dyn Names,
) -> ParsedPolicy {
    let mut p = PolicyParser {
        kind,
        names,
        source: source.filter(|_| names.memo_scope().is_some()),
        diagnostics: Vec::new(),
        version: PolicyVersion::Absent,
        catalog_warnings: 0,
        wildcard_checks: 0,
        arn_checks: 0,
        key_checks: 0,
        comparisons: redundant::MAX_COMPARISONS,
        errors: 0,
        dropped: 0,
        dropped_at: Span::default(),
    };
    let statements = p.policy(json);
    let mut diagnostics = p.diagnostics;
    crate::text::sort_stable_by(&mut diagnostics, |a, b| {
        (a.span.start, a.span.end).cmp(&(b.span.start, b.span.end))
    });
    if p.dropped > 0 {
        diagnostics.push(Diagnostic::new(
            Code::TOO_MANY_FINDINGS,
            p.dropped_at,
            format!(
                "{} more findings in this policy are not reported (at most {MAX_DIAGNOSTICS} per policy)",
                p.dropped
            ),
        ).with_optional_help(Some("fix the ones reported first".into())));
    }
    ParsedPolicy {
        policy: Policy {
            kind,
            version: p.version,
            statements,
        }
        .into(),
        diagnostics,
    }
}

struct PolicyParser<'n> {
    kind: PolicyKind,
    /// Who answers about action names and condition keys.
    names: &'n dyn Names,
    /// The text the policy's spans are places in, when the element memo may be used (see
    /// `memo.rs`).
    source: Option<&'n str>,
    diagnostics: Vec<Diagnostic>,
    version: PolicyVersion,
    /// Catalog warnings given so far (see `MAX_CATALOG_WARNINGS`).
    catalog_warnings: usize,
    /// Wildcard patterns checked against the catalog so far (see `MAX_WILDCARD_CHECKS`).
    wildcard_checks: usize,
    /// Resource ARNs read against the catalog so far (see `MAX_ARN_CHECKS`).
    arn_checks: usize,
    /// Condition keys read against their statement's actions so far (see `MAX_KEY_CHECKS`).
    key_checks: usize,
    /// Comparisons left for the redundancy suggestions (see `redundant::MAX_COMPARISONS`).
    comparisons: usize,
    /// Errors found so far, kept or not.
    errors: usize,
    /// Findings past `MAX_DIAGNOSTICS`, counted and not kept.
    dropped: usize,
    /// Where the first finding not kept is.
    dropped_at: Span,
}

/// At most this many findings are kept per policy; the rest are counted, and one
/// `TOO_MANY_FINDINGS` says how many (an error past the bound is still kept when no error was,
/// so that a policy with errors is never evaluated). Bounds the memory, the answer and the
/// page's marks of a policy full of mistakes.
pub const MAX_DIAGNOSTICS: usize = 200;

impl PolicyParser<'_> {
    /// Adds a finding of `code` (its severity is the code's).
    fn report(&mut self, code: Code, span: Span, message: String, help: Option<String>) {
        self.report_fix(code, span, message, help, None);
    }

    /// Adds a finding of `code` with a mechanical fix.
    fn report_fix(
        &mut self,
        code: Code,
        span: Span,
        message: String,
        help: Option<String>,
        fix: Option<Fix>,
    ) {
        let error = code.severity().is_error();
        let first_error = error && self.errors == 0;
        if error {
            self.errors += 1;
        }
        if self.diagnostics.len() >= MAX_DIAGNOSTICS && !first_error {
            if self.dropped == 0 {
                self.dropped_at = span;
            }
            self.dropped += 1;
            return;
        }
        self.diagnostics.push(
            Diagnostic::new(code, span, message)
                .with_optional_help(help)
                .with_fix(fix),
        );
    }

    /// Reports unknown and duplicate member names of an object (`noun` names what the members
    /// are: "element", "principal type"; `unknown` is the code of a name not in `known`), and
    /// gives the first member of each known name, in `known`'s order.
    fn check_members<'j, 'a, const N: usize>(
        &mut self,
        members: &'j [json::Member<'a>],
        known: &[&str; N],
        what: &str,
        noun: &str,
        unknown: Code,
    ) -> [Option<&'j json::Member<'a>>; N] {
        let mut first: [Option<&json::Member>; N] = [None; N];
        for m in members {
            match known
                .iter()
                .position(|k| *k == m.key)
                .and_then(|at| first.get_mut(at))
            {
                Some(slot @ None) => *slot = Some(m),
                Some(Some(_)) => self.duplicate_member(m, what, noun),
                None => self.unknown_member(m, known, what, noun, unknown),
            }
        }
        first
    }

    /// `DUPLICATE_ELEMENT` for a member whose name came before (one copy of the code in the
    /// page's bundle, whatever the number of names [`Self::check_members`] is given).
    fn duplicate_member(&mut self, m: &json::Member, what: &str, noun: &str) {
        self.report(
            Code::DUPLICATE_ELEMENT,
            m.key_span,
            format!("duplicate `{}` {noun} in {what}", m.key),
            Some(format!(
                "the policy is ambiguous: merge the values into one `{}`",
                m.key
            )),
        );
    }

    /// `unknown` for a member whose name is not one of `known`, with the name meant when one
    /// is close.
    fn unknown_member(
        &mut self,
        m: &json::Member,
        known: &[&str],
        what: &str,
        noun: &str,
        unknown: Code,
    ) {
        let case_match = known.iter().find(|k| k.eq_ignore_ascii_case(m.key));
        let help = match case_match.copied().or_else(|| did_you_mean(m.key, known)) {
            Some(s) => format!("did you mean `{s}`? {noun} names are case-sensitive"),
            None => format!("{what} may contain {}", list(known)),
        };
        self.report(
            unknown,
            m.key_span,
            format!("unknown {noun} `{}` in {what}", m.key),
            Some(help),
        );
    }

    fn policy(&mut self, json: &Json) -> Vec<Statement> {
        let Some(members) = json.as_object() else {
            self.report(
                Code::DATA_TYPE_MISMATCH,
                json.span,
                format!("a policy must be a json object, found {}", json.type_name()),
                Some(
                    "start the policy with `{\"Version\": \"2012-10-17\", \"Statement\": [...]}`"
                        .into(),
                ),
            );
            return Vec::new();
        };
        let [version, id, statement] = self.check_members(
            members,
            TOP_ELEMENTS,
            "a policy",
            "element",
            Code::INVALID_POLICY_ELEMENT,
        );
        if let Some(v) = version {
            match v.value.as_str() {
                Some("2012-10-17") => self.version = PolicyVersion::V2012_10_17,
                Some("2008-10-17") => self.version = PolicyVersion::V2008_10_17,
                Some(other) => self.report_fix(Code::INVALID_VERSION,
                    v.value.span,
                    format!("unsupported policy version `{other}`"),
                    Some("use `2012-10-17` (or `2008-10-17`); the version is a fixed date, not today's".into()),
                    Some(Fix::string(v.value.span, "2012-10-17")),
                ),
                None => self.report(Code::DATA_TYPE_MISMATCH,
                    v.value.span,
                    format!("`Version` must be a string, found {}", v.value.type_name()),
                    Some("write `\"Version\": \"2012-10-17\"`".into()),
                ),
            }
        }
        if self.kind == PolicyKind::Rcp {
            // "RCP syntax": `Version` is required in rcps, and only `2012-10-17` is accepted.
            let help = Some("aws organizations requires `\"Version\": \"2012-10-17\"` in every rcp (\"rcp syntax\")".to_string());
            match version {
                None => self.report(
                    Code::MISSING_VERSION,
                    Span::new(json.span.start, json.span.start + 1),
                    "this resource control policy has no `Version`".into(),
                    help,
                ),
                Some(v) if v.value.as_str() == Some("2008-10-17") => self.report(
                    Code::INVALID_VERSION,
                    v.value.span,
                    "a resource control policy must use version `2012-10-17`".into(),
                    help,
                ),
                // `2012-10-17`, or a value that already has its own error.
                Some(_) => {}
            }
        }
        if let Some(id) = id {
            if id.value.as_str().is_none() {
                self.report(
                    Code::DATA_TYPE_MISMATCH,
                    id.value.span,
                    format!("`Id` must be a string, found {}", id.value.type_name()),
                    None,
                );
            }
        }
        let Some(statement) = statement.map(|m| &m.value) else {
            self.report(Code::MISSING_STATEMENT,
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
                self.report(Code::DATA_TYPE_MISMATCH,
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
            self.report(
                Code::EMPTY_ARRAY_STATEMENT,
                statement.span,
                "this policy has no statements, so it allows nothing".into(),
                None,
            );
        }
        // The statements read, each with its `Sid` compared with those of the statements before
        // it (borrowed from them: no copy). Room for a usual policy's from the start (not for
        // every item of a hostile one: a statement takes far more memory than its item).
        let mut out: Vec<Statement> = Vec::with_capacity(items.len().min(32));
        if self.kind == PolicyKind::Rcp {
            self.check_rcp_allows(&items);
        }
        for (index, &item) in items.iter().enumerate() {
            if let Some(s) = self.statement(index, item) {
                if let Some(sid) = &s.sid {
                    if out.iter().any(|o| o.sid.as_ref() == Some(sid)) {
                        if let Some(m) = item.get("Sid") {
                            // IAM requires unique ids in the policies it stores ("In IAM, the
                            // `Sid` value must be unique within a JSON policy"); other services
                            // differ, so elsewhere a duplicate is a warning.
                            if self.kind.is_iam_policy() {
                                self.report(
                                    Code::UNIQUE_SIDS_REQUIRED,
                                    m.span,
                                    format!("duplicate `Sid` `{sid}`"),
                                    Some("statement ids must be unique within a policy".into()),
                                );
                            } else {
                                self.report(
                                    Code::UNIQUE_SIDS_RECOMMENDED,
                                    m.span,
                                    format!("duplicate `Sid` `{sid}`"),
                                    Some("give each statement its own id: some services refuse duplicates, and a shared id no longer names one statement".into()),
                                );
                            }
                        }
                    }
                }
                out.push(s);
            }
        }
        if self.kind == PolicyKind::Trust {
            self.roles_anywhere_actions(&out);
        }
        // A `Deny` that names the source somewhere in the policy guards every service
        // principal it allows: no finding then.
        let guarded = out.iter().any(|s| {
            s.effect == Effect::Deny && s.conditions.iter().any(|c| is_source_key(&c.key_lower))
        });
        if !guarded {
            for s in &out {
                self.check_service_principal_source(s, items.get(s.index).copied());
            }
        }
        self.check_redundant_statements(&out, &items);
        out
    }

    fn statement(&mut self, index: usize, json: &Json) -> Option<Statement> {
        let Some(members) = json.as_object() else {
            self.report(Code::DATA_TYPE_MISMATCH,
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
        // the first member of each element's name
        let [sid_m, effect_m, principal_m, not_principal_m, action_m, not_action_m, resource_m, not_resource_m, condition_m] =
            self.check_members(
                members,
                STATEMENT_ELEMENTS,
                "a statement",
                "element",
                Code::INVALID_POLICY_ELEMENT,
            );
        let head = Span::new(json.span.start, json.span.start + 1);

        let sid = match sid_m {
            Some(m) => match m.value.as_str() {
                Some("") => {
                    self.report(
                        Code::EMPTY_SID_VALUE,
                        m.value.span,
                        "this `Sid` is an empty string".into(),
                        Some("name the statement (for example `\"Sid\": \"AllowTraining\"`) or remove `Sid`".into()),
                    );
                    None
                }
                Some(s) => {
                    if self.kind.is_iam_policy() && !s.bytes().all(|b| b.is_ascii_alphanumeric()) {
                        let suggestion: String =
                            s.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
                        let example = if suggestion.is_empty() {
                            "AllowTraining".to_string()
                        } else {
                            suggestion
                        };
                        self.report(Code::UNSUPPORTED_SID,
                            m.value.span,
                            format!("the `Sid` `{s}` has characters other than letters and digits, which {} does not accept", self.kind.describe()),
                            Some(format!("in iam policies a `Sid` holds only ascii letters (A-Z, a-z) and digits (0-9), for example `\"Sid\": \"{example}\"`")),
                        );
                    }
                    Some(s.to_string())
                }
                None => {
                    self.report(Code::DATA_TYPE_MISMATCH,
                        m.value.span,
                        format!("`Sid` must be a string, found {}", m.value.type_name()),
                        Some("write the statement id in quotes, for example `\"Sid\": \"AllowTraining\"`".into()),
                    );
                    None
                }
            },
            None => None,
        };

        let effect = match effect_m {
            None => {
                self.report(
                    Code::MISSING_EFFECT,
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
                    let meant = if other.eq_ignore_ascii_case("allow") {
                        Some("Allow")
                    } else if other.eq_ignore_ascii_case("deny") {
                        Some("Deny")
                    } else {
                        None
                    };
                    let help = match meant {
                        Some(word) => format!("`Effect` is case-sensitive: write `{word}`"),
                        None => "`Effect` is `Allow` or `Deny`".into(),
                    };
                    self.report_fix(
                        Code::INVALID_EFFECT,
                        m.value.span,
                        format!("invalid `Effect` `{other}`"),
                        Some(help),
                        meant.map(|word| Fix::string(m.value.span, word)),
                    );
                    None
                }
                None => {
                    self.report(
                        Code::DATA_TYPE_MISMATCH,
                        m.value.span,
                        format!("`Effect` must be a string, found {}", m.value.type_name()),
                        Some("`Effect` is `Allow` or `Deny`".into()),
                    );
                    None
                }
            },
        };

        let principal = self.principal_element(head, principal_m, not_principal_m, effect);
        let syntax_vars = self.version == PolicyVersion::V2012_10_17;
        let action = self.pattern_element(
            head,
            action_m,
            not_action_m,
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
            for m in [resource_m, not_resource_m].into_iter().flatten() {
                self.report(Code::ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE,
                    m.key_span,
                    format!("a role trust policy has no `{}`", m.key),
                    Some("the role the trust policy is attached to is the resource, and iam refuses a trust policy with `Resource`: remove it and name who may assume the role in `Principal`".into()),
                );
            }
            Some(PatternElement::resource(
                false,
                [Template::new("*", resource_syntax)].into(),
                head,
            ))
        } else if self.kind == PolicyKind::Resource
            && resource_m.is_none()
            && not_resource_m.is_none()
            && self.names.resource_implied()
        {
            // An ECR repository policy's statement without `Resource` applies to the repository
            // the policy is attached to: every request its policy is asked about.
            Some(PatternElement::resource(
                false,
                [Template::new("*", resource_syntax)].into(),
                head,
            ))
        } else {
            self.pattern_element(
                head,
                resource_m,
                not_resource_m,
                "Resource",
                resource_syntax,
            )
        };
        let conditions = match condition_m {
            Some(m) => self.conditions_kept(&m.value, effect),
            None => Vec::new(),
        };
        if matches!(self.kind, PolicyKind::Trust | PolicyKind::Resource) {
            self.principal_statement_checks(
                principal_m,
                action_m,
                effect,
                action.as_ref().is_some_and(|a| a.negated),
                &conditions,
            );
        }
        if self.error_count() > errors_before {
            return None;
        }
        let statement = Statement {
            index,
            sid,
            effect: effect?,
            span: json.span,
            principal,
            action: action?,
            resource: resource?,
            conditions,
        };
        if self.kind == PolicyKind::Identity {
            self.role_action_warnings(&statement);
        }
        self.perimeter_warning(&statement);
        self.check_paired_keys(&statement);
        if let Some(actions) = action_m.or(not_action_m) {
            self.check_keys_against_actions(&statement, &actions.value);
        }
        Some(statement)
    }

    /// Errors found so far (kept or counted past `MAX_DIAGNOSTICS`).
    fn error_count(&self) -> usize {
        self.errors
    }
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
