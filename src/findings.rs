//! Validating policy files and scenario files (the command line's `validate`), and writing their
//! findings for people, for IAM Access Analyzer's users and for code-scanning tools.
//!
//! A file is either one policy, read as the kind it is given, or a playground scenario, whose
//! every policy is read as the kind its layer gives it ([`file_kind`] tells them apart). Each
//! diagnostic becomes a [`Finding`]: the [`Located`] diagnostic in the policy's own text, the
//! JSON path of the value it is about, and the region of the file it points at. Three writers
//! show findings: [`human`] (`FILE:LINE:COLUMN: SEVERITY CODE message (help)`), [`findings_json`]
//! (Access Analyzer's `ValidatePolicy` answer: `findingType`, `issueCode`, `findingDetails`,
//! `learnMoreLink`, `locations` with `path` and `span`) and [`sarif`] (SARIF 2.1.0).
//!
//! Positions: lines are 1-based everywhere. Access Analyzer's `span` counts columns from 0 and
//! offsets from 0 (its API reference, `Position`), both in characters of the policy text; our
//! own `line`/`column` fields and SARIF's regions count columns from 1 in characters (SARIF's
//! `columnKind` is set to `unicodeCodePoints`). In a scenario file a policy is a JSON string:
//! the region is mapped through the string's escapes (`\n`, `\"`, `\uXXXX`) onto the file's
//! own lines and columns, so that a code-scanning tool marks the right place of the file.

use serde_json::{json, Map, Value};

use crate::checks::parse_attached_policy_text;
use crate::engine::json::{parse as parse_json, Arena, Json, JsonKind};
use crate::engine::{Code, Diagnostic, LineIndex, Located, PolicyKind, Severity, Span};
use crate::scenario::{report, Workspace};

/// What a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// One policy.
    Policy,
    /// A playground scenario (the page's document), holding policies of every layer.
    Scenario,
}

/// Members only a scenario has: a JSON object with one of them and no `Statement` (in any case)
/// is a scenario.
const SCENARIO_MEMBERS: &[&str] = &[
    "principals",
    "endpoints",
    "endpoint",
    "resources",
    "organization",
    "accounts",
];

/// Tells a scenario from a policy: a JSON object with one of a scenario's members
/// (`principals`, `endpoints`, `endpoint`, `resources`, `organization`, `accounts`, spelled so)
/// and no `Statement` member (in any case) is a scenario; anything else, not JSON at all
/// included, is read as a policy (so that its mistakes are findings of the policy).
pub fn file_kind(text: &str) -> FileKind {
    let arena = Arena::for_text(text.len());
    let Ok(root) = parse_json(text, &arena) else {
        return FileKind::Policy;
    };
    let Some(members) = root.as_object() else {
        return FileKind::Policy;
    };
    let statement = members
        .iter()
        .any(|m| m.key.eq_ignore_ascii_case("Statement"));
    let scenario = members.iter().any(|m| SCENARIO_MEMBERS.contains(&m.key));
    if scenario && !statement {
        FileKind::Scenario
    } else {
        FileKind::Policy
    }
}

/// The policy kinds by the names the JavaScript API's `validate` and the command line's
/// `--kind` take: `identity`, `endpoint`, `resource`, `permissionsBoundary` (or `boundary`),
/// `scp`, `rcp`, `session`, `trust`.
pub fn kind_by_name(name: &str) -> Option<PolicyKind> {
    Some(match name {
        "identity" => PolicyKind::Identity,
        "endpoint" => PolicyKind::Endpoint,
        "resource" => PolicyKind::Resource,
        "permissionsBoundary" | "boundary" => PolicyKind::PermissionsBoundary,
        "scp" => PolicyKind::Scp,
        "rcp" => PolicyKind::Rcp,
        "session" => PolicyKind::Session,
        "trust" => PolicyKind::Trust,
        _ => return None,
    })
}

/// A check of the registry (`engine::registry`) as `policy-playground checks --json` writes it:
/// `{"code", "findingType", "accessAnalyzer" (its finding type there, or null for ours),
/// "appliesTo", "summary", "explanation", "link"}`. The JavaScript API's `checks()` adds the
/// examples.
pub fn check_json(info: &crate::engine::CheckInfo) -> Value {
    use crate::engine::{Applies, Origin};
    let applies: Vec<&str> = match info.applies {
        Applies::Policies(kinds) => kinds.iter().map(|k| k.as_str()).collect(),
        Applies::Case => vec!["case"],
        Applies::Evaluation => vec!["evaluation"],
    };
    let access_analyzer = match info.origin {
        Origin::AccessAnalyzer(finding) => Some(finding.as_str()),
        Origin::Ours => None,
    };
    json!({
        "code": info.code.as_str(),
        "findingType": info.code.severity().as_str(),
        "accessAnalyzer": access_analyzer,
        "appliesTo": applies,
        "summary": info.summary(),
        "explanation": info.explanation,
        "link": info.link(),
    })
}

/// A kind's name, as [`kind_by_name`] reads it (`permissionsBoundary` for a boundary).
pub fn kind_name(kind: PolicyKind) -> &'static str {
    match kind {
        PolicyKind::Identity => "identity",
        PolicyKind::Endpoint => "endpoint",
        PolicyKind::Resource => "resource",
        PolicyKind::PermissionsBoundary => "permissionsBoundary",
        PolicyKind::Scp => "scp",
        PolicyKind::Rcp => "rcp",
        PolicyKind::Session => "session",
        PolicyKind::Trust => "trust",
    }
}

/// A position in a text: 1-based line, 1-based column and 0-based offset, both counted in
/// characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// 0-based offset from the start of the text, in characters.
    pub offset: usize,
}

impl Position {
    /// The position of byte `at` of `text` (clamped to the text, and back to a character's
    /// start).
    fn of(text: &str, lines: &LineIndex, at: usize) -> Position {
        let mut at = at.min(text.len());
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        let lc = lines.line_column(at);
        Position {
            line: lc.line,
            column: lc.column,
            offset: lines.char_offset(at),
        }
    }
}

/// One step of a finding's JSON path, as Access Analyzer's `PathElement` writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathElement {
    /// The value of an object's member: `{"value": "Statement"}`.
    Value(String),
    /// An object's member name itself (the finding is about the key): `{"key": "Actions"}`.
    Key(String),
    /// An array's item: `{"index": 0}`.
    Index(usize),
}

impl PathElement {
    fn to_json(&self) -> Value {
        match self {
            PathElement::Value(v) => json!({ "value": v }),
            PathElement::Key(k) => json!({ "key": k }),
            PathElement::Index(i) => json!({ "index": i }),
        }
    }
}

/// Where a finding is in its file: 1-based lines and columns in characters, the end exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Region {
    /// First line.
    pub start_line: usize,
    /// First column.
    pub start_column: usize,
    /// Line of the end.
    pub end_line: usize,
    /// Column of the end (exclusive).
    pub end_column: usize,
}

/// One finding of one file.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// The file as given (`-` for standard input).
    pub file: String,
    /// For a scenario file, the policy's place in the document (`endpoint`,
    /// `principals[0].policies[1]`, ...); `None` for a policy file and for a scenario that does
    /// not read.
    pub policy: Option<String>,
    /// The kind the policy was read as (`None` for a scenario that does not read).
    pub kind: Option<PolicyKind>,
    /// The diagnostic, located in the policy's own text (for a scenario that does not read, in
    /// the file).
    pub located: Located,
    /// The JSON path of the value the finding is about, in the policy's text (empty when the
    /// text is not JSON, or the finding is about the whole policy).
    pub path: Vec<PathElement>,
    /// Start, in the policy's own text.
    pub start: Position,
    /// End (exclusive), in the policy's own text.
    pub end: Position,
    /// Where the finding is in the file itself.
    pub region: Region,
    /// False when a scenario's policy string could not be found in the file text: `region`
    /// then points at the start of the file and the message says where in the policy text.
    pub in_file: bool,
    /// The mechanical fix, when there is one: replace `start..end` of the policy's own text
    /// with `replacement`.
    pub fix: Option<FindingFix>,
}

/// A mechanical fix of a finding, in the policy's own text.
#[derive(Debug, Clone, PartialEq)]
pub struct FindingFix {
    /// Start of the text to replace.
    pub start: Position,
    /// End (exclusive).
    pub end: Position,
    /// What to put there (JSON text: a string with its quotes).
    pub replacement: String,
}

impl Finding {
    /// The finding's severity (Access Analyzer's finding type).
    pub fn severity(&self) -> Severity {
        self.located.severity
    }

    /// The message, with where in the policy text when the region could not be put in the file.
    pub fn message(&self) -> String {
        if self.in_file {
            self.located.message.clone()
        } else {
            format!(
                "{} (line {}, column {} of the policy text)",
                self.located.message, self.located.line, self.located.column
            )
        }
    }
}

/// Validates `text` read from `file`: a scenario (see [`file_kind`]) with each policy as its
/// layer's kind (and a resource's policy with its resource), or one policy of `kind` attached to
/// `resource` ("" for none; see [`validate_policy`]).
pub fn validate(file: &str, text: &str, kind: PolicyKind, resource: &str) -> Vec<Finding> {
    match file_kind(text) {
        FileKind::Scenario => validate_scenario(file, text),
        FileKind::Policy => validate_policy(file, text, kind, resource),
    }
}

/// `text` (one policy of `kind`, attached to `resource` as in [`validate_policy`]) with the
/// mechanical fixes of its findings applied, and how many were: each fix replaces its own span;
/// one that overlaps a fix before it is left for the next run. A text without fixes comes back
/// unchanged, with 0.
pub fn apply_fixes(text: &str, kind: PolicyKind, resource: &str) -> (String, usize) {
    let parsed = parse_attached_policy_text(text, kind, resource);
    let mut fixes: Vec<&crate::engine::Fix> = parsed
        .diagnostics
        .iter()
        .filter_map(|d| d.fix.as_ref())
        .collect();
    crate::text::sort_stable_by(&mut fixes, |a, b| {
        (a.span.start, a.span.end).cmp(&(b.span.start, b.span.end))
    });
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    let mut applied = 0;
    for fix in fixes {
        let (start, end) = (fix.span.start, fix.span.end);
        if start < at || end < start || end > text.len() {
            continue;
        }
        let (Some(before), true) = (text.get(at..start), text.is_char_boundary(end)) else {
            continue;
        };
        out.push_str(before);
        out.push_str(&fix.replacement);
        at = end;
        applied += 1;
    }
    out.push_str(text.get(at..).unwrap_or(""));
    (out, applied)
}

/// Why `resource` cannot be what a policy of `kind` is attached to, for `validate --resource`
/// and the JavaScript API's `validate(policyText, kind, resource)`: only a resource-based
/// policy is attached to a resource, named by its ARN. `option` is the argument's name in the
/// message, `with_kind` how to ask for a resource-based policy there.
pub fn attached_resource_problem(
    kind: PolicyKind,
    resource: &str,
    option: &str,
    with_kind: &str,
) -> Option<String> {
    if kind != PolicyKind::Resource {
        return Some(format!(
            "{option} names the resource a resource-based policy is attached to: give \
             {with_kind} with it"
        ));
    }
    (!resource.starts_with("arn:")).then(|| {
        format!(
            "{option} takes an ARN, such as \
             arn:aws:ecr:us-east-1:111122223333:repository/my-repo; found `{resource}`"
        )
    })
}

/// The findings of one policy text of `kind`, attached to `resource` ("" for none): a
/// resource-based policy of an Amazon ECR repository may leave `Resource` out
/// ([`crate::checks::resource_implied`]).
pub fn validate_policy(file: &str, text: &str, kind: PolicyKind, resource: &str) -> Vec<Finding> {
    let parsed = parse_attached_policy_text(text, kind, resource);
    let lines = LineIndex::new(text);
    parsed
        .diagnostics
        .iter()
        .map(|d| {
            let mut f = policy_finding(file, None, kind, text, &lines, d, "policy");
            f.region = Region {
                start_line: f.located.line,
                start_column: f.located.column,
                end_line: f.located.end_line,
                end_column: f.located.end_column,
            };
            f
        })
        .collect()
}

/// A finding in one policy text, its region not yet set.
fn policy_finding(
    file: &str,
    policy: Option<String>,
    kind: PolicyKind,
    text: &str,
    lines: &LineIndex,
    d: &Diagnostic,
    place: &str,
) -> Finding {
    let located = d.locate(place, lines);
    Finding {
        file: file.to_string(),
        policy,
        kind: Some(kind),
        path: json_path(text, d.span),
        start: Position::of(text, lines, d.span.start),
        end: Position::of(text, lines, d.span.end.max(d.span.start)),
        region: Region {
            start_line: 1,
            start_column: 1,
            end_line: 1,
            end_column: 1,
        },
        in_file: true,
        fix: d.fix.as_ref().map(|fix| FindingFix {
            start: Position::of(text, lines, fix.span.start),
            end: Position::of(text, lines, fix.span.end.max(fix.span.start)),
            replacement: fix.replacement.clone(),
        }),
        located,
    }
}

/// The findings of a scenario file: every policy of every layer, each read as its kind, located
/// in the file through its JSON string. A file that does not read as a scenario is one
/// `INVALID_SCENARIO` error at the place of its first mistake.
pub fn validate_scenario(file: &str, text: &str) -> Vec<Finding> {
    let file_lines = LineIndex::new(text);
    let scenario = match report::read(text) {
        Ok(s) => s,
        Err(located) => {
            let at = byte_at(text, located.line, located.column);
            let start = Position::of(text, &file_lines, at);
            return vec![Finding {
                file: file.to_string(),
                policy: None,
                kind: None,
                path: Vec::new(),
                start,
                end: start,
                region: Region {
                    start_line: located.line,
                    start_column: located.column,
                    end_line: located.end_line,
                    end_column: located.end_column,
                },
                in_file: true,
                fix: None,
                located,
            }];
        }
    };
    let arena = Arena::for_text(text.len());
    let file_json = parse_json(text, &arena).ok();
    let ws = Workspace::new(scenario);
    let mut out = Vec::new();
    for d in ws.diagnostics() {
        let Some(policy_text) = ws.text(d.editor) else {
            continue;
        };
        let place = ws.editor_place(d.editor);
        let kind = ws.editor_kind(d.editor);
        let lines = LineIndex::new(policy_text);
        let diagnostic = Diagnostic {
            code: d.located.code,
            severity: d.located.severity,
            span: d.span,
            message: d.located.message.clone(),
            help: d.located.help.clone(),
            fix: d.fix.clone(),
        };
        let mut f = policy_finding(
            file,
            Some(place.clone()),
            kind,
            policy_text,
            &lines,
            &diagnostic,
            &place,
        );
        let literal = file_json
            .as_ref()
            .and_then(|root| policy_string(root, &place))
            .filter(|s| s.as_str() == Some(policy_text));
        match literal {
            Some(literal) => {
                let inner = (literal.span.start + 1)..literal.span.end.saturating_sub(1);
                let raw = text.get(inner.clone()).unwrap_or("");
                let start = file_lines.line_column(inner.start + raw_offset(raw, d.span.start));
                let end = file_lines.line_column(inner.start + raw_offset(raw, d.span.end));
                f.region = Region {
                    start_line: start.line,
                    start_column: start.column,
                    end_line: end.line,
                    end_column: end.column,
                };
            }
            None => f.in_file = false,
        }
        out.push(f);
    }
    out
}

/// The byte offset of a 1-based line and character column in `text` (clamped).
fn byte_at(text: &str, line: usize, column: usize) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let rest = text.get(line_start..).unwrap_or("");
    line_start
        + rest
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(rest.len(), |(i, _)| i)
}

/// The JSON string holding the policy at `place` (as [`Workspace::editor_place`] names it) in a
/// scenario file: each `name[i]` step followed, `endpoint` being the first of `endpoints` in
/// version 2, and an object's `text` (named policies) or `policy` (endpoints, resources) at the
/// end.
fn policy_string<'j, 'a>(root: &'j Json<'a>, place: &str) -> Option<&'j Json<'a>> {
    let mut node = root;
    for step in place.split('.') {
        let (name, indexes) = step
            .split_once('[')
            .map_or((step, ""), |(n, rest)| (n, rest));
        node = match node.get(name) {
            Some(next) => next,
            None if name == "endpoint" => item(node.get("endpoints")?, 0)?,
            None => return None,
        };
        for index in indexes.split('[') {
            let index = index.trim_end_matches(']');
            if index.is_empty() {
                continue;
            }
            node = item(node, index.parse().ok()?)?;
        }
    }
    if node.as_object().is_some() {
        node = node.get("text").or_else(|| node.get("policy"))?;
    }
    Some(node)
}

/// Item `i` of an array.
fn item<'j, 'a>(node: &'j Json<'a>, i: usize) -> Option<&'j Json<'a>> {
    match &node.kind {
        JsonKind::Array(items) => items.get(i),
        _ => None,
    }
}

/// The byte offset in `raw` (a JSON string literal's text between its quotes) at which byte
/// `target` of the decoded string begins: every escape counts as the bytes it decodes to (`\n`
/// one, `\u00e9` two, a surrogate pair four).
fn raw_offset(raw: &str, target: usize) -> usize {
    let hex = |at: usize| {
        raw.get(at..at + 4)
            .and_then(|h| u32::from_str_radix(h, 16).ok())
    };
    let bytes = raw.as_bytes();
    let (mut i, mut decoded) = (0, 0);
    while i < bytes.len() && decoded < target {
        if bytes[i] != b'\\' {
            let len = raw
                .get(i..)
                .and_then(|s| s.chars().next())
                .map_or(1, char::len_utf8);
            decoded += len;
            i += len;
            continue;
        }
        if bytes.get(i + 1) != Some(&b'u') {
            decoded += 1;
            i += 2;
            continue;
        }
        let unit = hex(i + 2).unwrap_or(0xFFFD);
        let low = (raw.get(i + 6..i + 8) == Some("\\u"))
            .then(|| hex(i + 8))
            .flatten()
            .filter(|low| (0xDC00..0xE000).contains(low));
        if (0xD800..0xDC00).contains(&unit) && low.is_some() {
            decoded += 4;
            i += 12;
        } else {
            decoded += char::from_u32(unit).map_or(3, char::len_utf8);
            i += 6;
        }
    }
    i.min(raw.len())
}

/// True when `inner` lies within `outer` (a zero-length `inner` at `outer`'s end does not).
fn within(inner: Span, outer: Span) -> bool {
    outer.start <= inner.start
        && inner.end <= outer.end
        && (inner.start < outer.end || outer.start == outer.end)
}

/// The path to the innermost value of `text` that holds `span`: `value` for an object's member,
/// `index` for an array's item, and `key` last when the span is a member's name.
pub fn json_path(text: &str, span: Span) -> Vec<PathElement> {
    let arena = Arena::for_text(text.len());
    let Ok(root) = parse_json(text, &arena) else {
        return Vec::new();
    };
    let mut path = Vec::new();
    let mut node = &root;
    'walk: loop {
        match &node.kind {
            JsonKind::Object(members) => {
                for m in members.iter() {
                    if within(span, m.key_span) {
                        path.push(PathElement::Key(m.key.to_string()));
                        break 'walk;
                    }
                    if within(span, m.value.span) {
                        path.push(PathElement::Value(m.key.to_string()));
                        node = &m.value;
                        continue 'walk;
                    }
                }
                break;
            }
            JsonKind::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    if within(span, v.span) {
                        path.push(PathElement::Index(i));
                        node = v;
                        continue 'walk;
                    }
                }
                break;
            }
            _ => break,
        }
    }
    path
}

/// True when some finding is at least as serious as `fail_on` (the command line's exit 1).
pub fn fails(findings: &[Finding], fail_on: Severity) -> bool {
    findings.iter().any(|f| f.severity() <= fail_on)
}

/// The findings as Access Analyzer's `ValidatePolicy` answers them, `{"findings": [...]}`, each
/// with its fields (`findingType`, `issueCode`, `findingDetails`, `learnMoreLink` when the rule
/// has an AWS page, `locations: [{path, span: {start, end}}]` with 0-based columns and offsets
/// in characters of the policy text) and ours: `file`, `policy` (a scenario's policy place),
/// `policyType` (the kind's name), `help`, and `line`, `column`, `endLine`, `endColumn` (1-based,
/// in the file, as the human lines show them), and `fix` when the fix is mechanical:
/// `{replacement, span}`, the span in the policy's text like the location's.
pub fn findings_json(findings: &[Finding]) -> Value {
    let list: Vec<Value> = findings
        .iter()
        .map(|f| {
            let position = |p: Position| {
                json!({"line": p.line, "column": p.column - 1, "offset": p.offset})
            };
            let path: Vec<Value> = f.path.iter().map(PathElement::to_json).collect();
            let mut out = Map::new();
            out.insert("findingType".into(), json!(f.severity().as_str()));
            out.insert("issueCode".into(), json!(f.located.code.as_str()));
            out.insert("findingDetails".into(), json!(f.message()));
            if let Some(link) = f.located.link() {
                out.insert("learnMoreLink".into(), json!(link));
            }
            out.insert(
                "locations".into(),
                json!([{"path": path, "span": {"start": position(f.start), "end": position(f.end)}}]),
            );
            out.insert("file".into(), json!(f.file));
            if let Some(policy) = &f.policy {
                out.insert("policy".into(), json!(policy));
            }
            if let Some(kind) = f.kind {
                out.insert("policyType".into(), json!(kind_name(kind)));
            }
            if let Some(help) = &f.located.help {
                out.insert("help".into(), json!(help));
            }
            if let Some(fix) = &f.fix {
                out.insert(
                    "fix".into(),
                    json!({"replacement": fix.replacement, "span": {"start": position(fix.start), "end": position(fix.end)}}),
                );
            }
            out.insert("line".into(), json!(f.region.start_line));
            out.insert("column".into(), json!(f.region.start_column));
            out.insert("endLine".into(), json!(f.region.end_line));
            out.insert("endColumn".into(), json!(f.region.end_column));
            Value::Object(out)
        })
        .collect();
    json!({ "findings": list })
}

/// One line per finding, `FILE:LINE:COLUMN: SEVERITY CODE message (help)` (in a scenario file,
/// `PLACE: ` before the message), then the summary line: `N findings in F files: E errors, S
/// security warnings, W warnings, G suggestions` (or `no findings in F files`).
pub fn human(findings: &[Finding], files: usize) -> String {
    let mut out = String::new();
    for f in findings {
        let place = f
            .policy
            .as_ref()
            .map(|p| format!("{p}: "))
            .unwrap_or_default();
        let help = f
            .located
            .help
            .as_ref()
            .map(|h| format!(" ({h})"))
            .unwrap_or_default();
        out.push_str(&format!(
            "{}:{}:{}: {} {} {place}{}{help}\n",
            f.file,
            f.region.start_line,
            f.region.start_column,
            f.severity().as_str(),
            f.located.code.as_str(),
            f.message()
        ));
    }
    out.push_str(&summary(findings, files));
    out.push('\n');
    out
}

/// `3 findings in 2 files: 1 error, 0 security warnings, 2 warnings, 0 suggestions`.
fn summary(findings: &[Finding], files: usize) -> String {
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let count = |s: Severity| findings.iter().filter(|f| f.severity() == s).count();
    let files = plural(files, "file", "files");
    if findings.is_empty() {
        return format!("no findings in {files}");
    }
    format!(
        "{} in {files}: {}, {}, {}, {}",
        plural(findings.len(), "finding", "findings"),
        plural(count(Severity::Error), "error", "errors"),
        plural(
            count(Severity::SecurityWarning),
            "security warning",
            "security warnings"
        ),
        plural(count(Severity::Warning), "warning", "warnings"),
        plural(count(Severity::Suggestion), "suggestion", "suggestions"),
    )
}

/// SARIF's level of a severity: `ERROR` is `error`; `SECURITY_WARNING` is `warning` (AWS accepts
/// the policy: nothing is broken, but it grants more than it seems to; the rule's
/// `security-severity` makes code scanning list it as a security alert); `WARNING` is
/// `warning`; `SUGGESTION` is `note`.
pub fn sarif_level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::SecurityWarning | Severity::Warning => "warning",
        Severity::Suggestion => "note",
    }
}

/// A SARIF artifact URI for a file as given: `/` separators, and every byte outside URI's
/// unreserved characters and `/` percent-encoded (`my policy.json` → `my%20policy.json`).
fn artifact_uri(file: &str) -> String {
    let mut out = String::new();
    for b in file.replace('\\', "/").bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The findings as one SARIF 2.1.0 log: one run of the tool `policy-playground` whose rules are
/// every [`Code`] (id the code, `shortDescription` its summary, `helpUri` its AWS page, the level
/// of its severity by [`sarif_level`]), and a result per finding with its region in the file
/// (1-based lines and columns counting characters: `columnKind` `unicodeCodePoints`), for a
/// scenario's policy its place as a logical location, and for a policy file the mechanical fix
/// (`fixes`: one replacement) when there is one.
pub fn sarif(findings: &[Finding]) -> Value {
    let rules: Vec<Value> = Code::ALL
        .iter()
        .map(|code| {
            let mut rule = json!({
                "id": code.as_str(),
                "shortDescription": {"text": code.summary()},
                "defaultConfiguration": {"level": sarif_level(code.severity())},
                "properties": {"findingType": code.severity().as_str()},
            });
            if let Some(link) = code.link() {
                rule["helpUri"] = json!(link);
            }
            if code.severity() == Severity::SecurityWarning {
                rule["properties"]["tags"] = json!(["security"]);
                rule["properties"]["security-severity"] = json!("7.0");
            }
            rule
        })
        .collect();
    let results: Vec<Value> = findings
        .iter()
        .map(|f| {
            let code = f.located.code;
            let rule_index = Code::ALL.iter().position(|c| *c == code).unwrap_or(0);
            let help = f
                .located
                .help
                .as_ref()
                .map(|h| format!(" ({h})"))
                .unwrap_or_default();
            let mut location = json!({
                "physicalLocation": {
                    "artifactLocation": {"uri": artifact_uri(&f.file)},
                    "region": {
                        "startLine": f.region.start_line,
                        "startColumn": f.region.start_column,
                        "endLine": f.region.end_line,
                        "endColumn": f.region.end_column,
                    }
                }
            });
            if let Some(policy) = &f.policy {
                location["logicalLocations"] = json!([{"fullyQualifiedName": policy}]);
            }
            let mut result = json!({
                "ruleId": code.as_str(),
                "ruleIndex": rule_index,
                "level": sarif_level(f.severity()),
                "message": {"text": format!("{}{help}", f.message())},
                "locations": [location],
            });
            // A fix is offered where the policy is the file itself: in a scenario file the
            // policy is a JSON string, whose replacement would need escaping.
            if let (Some(fix), None) = (&f.fix, &f.policy) {
                result["fixes"] = json!([{
                    "description": {"text": format!("replace with {}", fix.replacement)},
                    "artifactChanges": [{
                        "artifactLocation": {"uri": artifact_uri(&f.file)},
                        "replacements": [{
                            "deletedRegion": {
                                "startLine": fix.start.line,
                                "startColumn": fix.start.column,
                                "endLine": fix.end.line,
                                "endColumn": fix.end.column,
                            },
                            "insertedContent": {"text": fix.replacement},
                        }],
                    }],
                }]);
            }
            result
        })
        .collect();
    let mut driver = json!({
        "name": "policy-playground",
        "version": env!("CARGO_PKG_VERSION"),
        "rules": rules,
    });
    // The project's address, once Cargo.toml names one.
    let home = option_env!("CARGO_PKG_HOMEPAGE")
        .filter(|h| !h.is_empty())
        .or(option_env!("CARGO_PKG_REPOSITORY").filter(|r| !r.is_empty()));
    if let Some(home) = home {
        driver["informationUri"] = json!(home);
    }
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": driver},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sarif_levels_of_the_four_finding_types() {
        assert_eq!(sarif_level(Severity::Error), "error");
        assert_eq!(sarif_level(Severity::SecurityWarning), "warning");
        assert_eq!(sarif_level(Severity::Warning), "warning");
        assert_eq!(sarif_level(Severity::Suggestion), "note");
    }

    #[test]
    fn kinds_are_read_by_the_names_they_are_written_with() {
        for kind in [
            PolicyKind::Identity,
            PolicyKind::Endpoint,
            PolicyKind::Resource,
            PolicyKind::PermissionsBoundary,
            PolicyKind::Scp,
            PolicyKind::Rcp,
            PolicyKind::Session,
            PolicyKind::Trust,
        ] {
            assert_eq!(kind_by_name(kind_name(kind)), Some(kind));
        }
        assert_eq!(
            kind_by_name("boundary"),
            Some(PolicyKind::PermissionsBoundary)
        );
        assert_eq!(kind_by_name("bucket"), None);
    }

    #[test]
    fn scenarios_and_policies_are_told_apart() {
        assert_eq!(
            file_kind(r#"{"version": 2, "principals": []}"#),
            FileKind::Scenario
        );
        assert_eq!(file_kind(r#"{"endpoints": []}"#), FileKind::Scenario);
        assert_eq!(
            file_kind(r#"{"Version": "2012-10-17", "Statement": []}"#),
            FileKind::Policy
        );
        // A policy whose elements are misspelt in case is still a policy.
        assert_eq!(
            file_kind(r#"{"statement": [], "resources": []}"#),
            FileKind::Policy
        );
        assert_eq!(file_kind("not json"), FileKind::Policy);
        assert_eq!(file_kind("[]"), FileKind::Policy);
    }

    #[test]
    fn paths_name_members_items_and_keys() {
        let text = r#"{"Statement": [{"Effect": "Allow", "Actions": ["s3:GetObject"]}]}"#;
        let at = |needle: &str| {
            let start = text.find(needle).unwrap_or(0);
            Span::new(start, start + needle.len())
        };
        assert_eq!(
            json_path(text, at("\"Allow\"")),
            vec![
                PathElement::Value("Statement".into()),
                PathElement::Index(0),
                PathElement::Value("Effect".into())
            ]
        );
        assert_eq!(
            json_path(text, at("\"s3:GetObject\"")),
            vec![
                PathElement::Value("Statement".into()),
                PathElement::Index(0),
                PathElement::Value("Actions".into()),
                PathElement::Index(0)
            ]
        );
        assert_eq!(
            json_path(text, at("\"Actions\"")),
            vec![
                PathElement::Value("Statement".into()),
                PathElement::Index(0),
                PathElement::Key("Actions".into())
            ]
        );
        assert_eq!(json_path("{", Span::new(0, 1)), vec![]);
    }

    #[test]
    fn offsets_in_a_string_count_escapes_as_what_they_decode_to() {
        // Decoded: `a"b\ncé😀d`; `d` is decoded byte 1+1+1+1+1+2+4 = 11.
        let raw = r#"a\"b\nc\u00e9\ud83d\ude00d"#;
        assert_eq!(raw_offset(raw, 0), 0);
        assert_eq!(raw_offset(raw, 2), 3); // `b`
        assert_eq!(raw_offset(raw, 4), 6); // `c`
        assert_eq!(raw_offset(raw, 11), raw.len() - 1); // `d`
        assert_eq!(raw_offset(raw, 99), raw.len());
    }

    /// The 1-based line and column of byte `at` of `text`.
    fn line_column(text: &str, at: usize) -> (usize, usize) {
        let lc = LineIndex::new(text).line_column(at);
        (lc.line, lc.column)
    }

    #[test]
    fn every_layer_of_a_scenario_is_found_in_the_file_by_its_place() {
        // A misspelt action in each layer's text, each with its own spelling to find it by.
        let policy = |action: &str, principal: bool| {
            let principal = if principal {
                "\"Principal\": \"*\", "
            } else {
                ""
            };
            format!(
                "{{\"Version\": \"2012-10-17\", \"Statement\": [{{\"Effect\": \"Deny\", {principal}\"Action\": \"{action}\", \"Resource\": \"*\"}}]}}"
            )
        };
        let doc = serde_json::json!({
            "version": 1,
            "endpoint": {"policy": policy("s3:GetObjektA", true)},
            "principals": [{"name": "a", "arn": "arn:aws:iam::111122223333:user/a",
                            "boundary": policy("s3:GetObjektB", false),
                            "policies": [{"name": "p", "text": policy("s3:GetObjektC", false)}]}],
            "accounts": [{"id": "111122223333", "ou": "prod",
                          "rcps": [{"name": "r", "text": policy("s3:GetObjektD", true)}]}],
            "organization": {"ous": [{"name": "prod",
                                      "scps": [{"name": "s", "text": policy("s3:GetObjektE", false)}]}]}
        });
        let file = serde_json::to_string_pretty(&doc).unwrap_or_default();
        let findings = validate("f.json", &file, PolicyKind::Identity, "");
        for (letter, place, kind) in [
            ("A", "endpoint", PolicyKind::Endpoint),
            (
                "B",
                "principals[0].boundary",
                PolicyKind::PermissionsBoundary,
            ),
            ("C", "principals[0].policies[0]", PolicyKind::Identity),
            ("D", "accounts[0].rcps[0]", PolicyKind::Rcp),
            ("E", "organization.ous[0].scps[0]", PolicyKind::Scp),
        ] {
            let f = findings
                .iter()
                .find(|f| f.located.message.contains(&format!("GetObjekt{letter}")))
                .unwrap_or_else(|| panic!("{letter}: {findings:#?}"));
            assert_eq!(f.policy.as_deref(), Some(place), "{letter}");
            assert_eq!(f.kind, Some(kind), "{letter}");
            assert!(f.in_file, "{letter}");
            let at = file.find(&format!("\\\"s3:GetObjekt{letter}")).unwrap_or(0);
            assert_eq!(
                (f.region.start_line, f.region.start_column),
                line_column(&file, at),
                "{letter}"
            );
        }
    }

    #[test]
    fn a_scenario_policy_is_located_in_the_file() {
        // The identity policy's misspelt action sits on the file's line 3.
        let file = "{\"version\": 2, \"endpoints\": [],\n \"principals\": [{\"name\": \"a\", \"arn\": \"arn:aws:iam::111122223333:user/a\",\n  \"policies\": [{\"name\": \"p\", \"text\": \"{\\\"Version\\\": \\\"2012-10-17\\\",\\n \\\"Statement\\\": [{\\\"Effect\\\": \\\"Allow\\\", \\\"Action\\\": \\\"s3:GetObjekt\\\", \\\"Resource\\\": \\\"*\\\"}]}\"}]}]}";
        let findings = validate("f.json", file, PolicyKind::Identity, "");
        let f = findings
            .iter()
            .find(|f| f.located.code == Code::INVALID_ACTION)
            .unwrap_or_else(|| panic!("{findings:?}"));
        assert!(f.in_file);
        assert_eq!(f.policy.as_deref(), Some("principals[0].policies[0]"));
        assert_eq!(f.kind, Some(PolicyKind::Identity));
        let line3 = file.lines().nth(2).unwrap_or("");
        let column = line3.find("\\\"s3:GetObjekt").unwrap_or(0) + 1;
        assert_eq!((f.region.start_line, f.region.start_column), (3, column));
        // In the policy's own text: line 2.
        assert_eq!(f.located.line, 2);
    }
}
