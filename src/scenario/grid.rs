//! What the workspace answers: the grid of decisions, located editor diagnostics, explanations
//! of one cell, and the helpers that put them in words; plus the action rows of a filter and the
//! matching of a resource against an ARN template.

use super::*;

/// A problem shown in place: which editor and byte span, and the located diagnostic every
/// surface shows (code, severity, line, column, message, help); it derefs to that
/// [`Located`](crate::engine::Located).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditorDiagnostic {
    /// Which editor: `Editor::Endpoint` or a principal's policy.
    pub editor: Editor,
    /// Byte span in that editor's text.
    pub span: Span,
    /// The diagnostic, located in that editor's text (its place is the editor's place in the
    /// document: `endpoint` or `principals[P].policies[I]`). An error makes the grid go stale.
    pub located: crate::engine::Located,
    /// The mechanical fix, in bytes of that editor's text, when there is one.
    pub fix: Option<crate::engine::Fix>,
}

impl std::ops::Deref for EditorDiagnostic {
    type Target = crate::engine::Located;
    fn deref(&self) -> &Self::Target {
        &self.located
    }
}

/// One decided cell (by default: implicitly denied by nothing in particular, for a principal
/// whose ARN does not read).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cell {
    /// The decision of the policies (`ImplicitlyDenied`, by no layer, for a call that never
    /// arrives: read `unreachable` first).
    pub decision: Decision,
    /// Every blocking layer (the first one labels the cell).
    pub blocked_by: LayerSet,
    /// The hop of the network path that stops the call, when its principal calls from a
    /// workload whose call never reaches AWS: no policy decides it (`data-decision="Unreachable"`).
    pub unreachable: Option<crate::network::HopKind>,
}

impl Cell {
    /// A cell the policies decided (the call arrived, or no network is involved).
    pub fn decided(decision: Decision, blocked_by: LayerSet) -> Cell {
        Cell {
            decision,
            blocked_by,
            unreachable: None,
        }
    }

    /// A call stopped at network hop `hop`.
    pub fn unreachable(hop: crate::network::HopKind) -> Cell {
        Cell {
            decision: Decision::ImplicitlyDenied,
            blocked_by: LayerSet::default(),
            unreachable: Some(hop),
        }
    }

    /// True when the call arrives and the policies allow it.
    pub fn allowed(&self) -> bool {
        self.unreachable.is_none() && self.decision == Decision::Allowed
    }

    /// The cell's decision as the page and the documents name it: `Allowed`,
    /// `ExplicitlyDenied`, `ImplicitlyDenied` or `Unreachable`.
    pub fn decision_name(&self) -> &'static str {
        if self.unreachable.is_some() {
            return "Unreachable";
        }
        match self.decision {
            Decision::Allowed => "Allowed",
            Decision::ExplicitlyDenied => "ExplicitlyDenied",
            Decision::ImplicitlyDenied => "ImplicitlyDenied",
        }
    }
}

impl Default for Cell {
    fn default() -> Cell {
        Cell::decided(Decision::ImplicitlyDenied, LayerSet::default())
    }
}

pub use crate::engine::LayerSet;

/// The decided grid: one row per action, one column per principal.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Grid {
    /// The principals, in order (columns).
    pub principals: Vec<PrincipalId>,
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

/// Everything the page shows for one selected cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explanation {
    /// The principal.
    pub principal: PrincipalId,
    /// The principal's name when explained.
    pub principal_name: String,
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
    /// The network path of the call, when the principal calls from a workload of the
    /// scenario's network ([`Explanation::hops`] lists its hops with the policies').
    pub path: Option<super::CallPath>,
}

pub(super) fn summarize(principal: &str, action: &str, e: &Evaluation) -> String {
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

/// The actions `scenario`'s filter selects from the catalog (in catalog order), at its access
/// levels: the grid's rows before its row filter.
pub fn filtered_actions(scenario: &Scenario) -> Vec<&'static str> {
    let levels: Vec<AccessLevel> = scenario
        .access
        .iter()
        .filter_map(|l| AccessLevel::from_name(l))
        .collect();
    expand_actions(&scenario.actions, &levels)
}

/// At most this many bytes in the action filter (the page's input holds no more).
pub const MAX_FILTER: usize = 1024;

/// At most this many patterns in the action filter: each is matched against the catalog's
/// actions, so their number bounds the work; [`expand_actions`] reads no more than these.
pub const MAX_FILTER_PATTERNS: usize = 20;

/// The patterns of an action filter: separated by commas or white space, empty ones left out.
pub(super) fn filter_patterns(filter: &str) -> impl Iterator<Item = &str> {
    filter
        .split([',', ' ', '\n', '\t'])
        .filter(|p| !p.is_empty())
}

/// Why an action filter from outside (a share link, a file, a widget scenario) is over its
/// bounds, if it is: more than [`MAX_FILTER`] bytes or [`MAX_FILTER_PATTERNS`] patterns.
/// Counts without allocating.
pub fn check_filter(filter: &str) -> Result<(), String> {
    if filter.len() > MAX_FILTER {
        return Err(format!(
            "the action filter has {} bytes; at most {MAX_FILTER}",
            filter.len()
        ));
    }
    let n = filter_patterns(filter).count();
    if n > MAX_FILTER_PATTERNS {
        return Err(format!(
            "the action filter has {n} patterns; at most {MAX_FILTER_PATTERNS}"
        ));
    }
    Ok(())
}

/// The catalog's actions matching a filter (patterns separated by commas or white space,
/// case-insensitive, `*` and `?` wildcards: `sagemaker:*`, `sagemaker:Create*, s3:GetObject`, `*`),
/// in catalog order, without repeats, limited to `levels` when not empty. Reads the first
/// [`MAX_FILTER_PATTERNS`] patterns of the first [`MAX_FILTER`] bytes (see [`check_filter`]).
pub fn expand_actions(filter: &str, levels: &[AccessLevel]) -> Vec<&'static str> {
    let mut end = filter.len().min(MAX_FILTER);
    while !filter.is_char_boundary(end) {
        end -= 1;
    }
    let filter = &filter[..end];
    let cat = catalog();
    let keep = |a: &crate::catalog::Action<'static>| {
        levels.is_empty() || levels.iter().any(|l| a.access_levels().contains(*l))
    };
    let patterns: Vec<&str> = filter_patterns(filter).take(MAX_FILTER_PATTERNS).collect();
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
