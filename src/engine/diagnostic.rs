//! Byte spans, diagnostics, and turning byte offsets into lines and columns.

/// A half-open byte range `start..end` in a source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end` (bytes).
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// The span as a `Range`, for slicing the source.
    pub fn range(self) -> std::ops::Range<usize> {
        self.start..self.end
    }
}

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// The policy is invalid: AWS would reject it, or we cannot know what it means.
    Error,
    /// The policy is valid but probably not what its author meant.
    Warning,
}

/// One finding about a policy text: where, how serious, what, and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Where in the policy text (bytes).
    pub span: Span,
    /// Lowercase, no trailing period, user input quoted in backticks.
    pub message: String,
    /// A suggested fix, when one is known.
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error at `span`.
    pub fn error(span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            span,
            message: message.into(),
            help: None,
        }
    }

    /// A warning at `span`.
    pub fn warning(span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            span,
            message: message.into(),
            help: None,
        }
    }

    /// The same diagnostic with a help text.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// A 1-based line and column. Columns count Unicode scalar values (characters), not bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineColumn {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

/// Finds the line and column of byte offsets in one text.
#[derive(Debug, Clone)]
pub struct LineIndex<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    /// Indexes the line starts of `text`.
    pub fn new(text: &'a str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineIndex { text, line_starts }
    }

    /// The line and column of byte `offset` (clamped to the text).
    pub fn line_column(&self, offset: usize) -> LineColumn {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset).max(1);
        let start = self.line_starts.get(line - 1).copied().unwrap_or(0);
        let column = self
            .text
            .get(start..offset)
            .map(|s| s.chars().count())
            .unwrap_or(offset - start)
            + 1;
        LineColumn { line, column }
    }
}

/// Levenshtein distance, for "did you mean" suggestions. Inputs are short (element and operator
/// names), so the quadratic table is fine.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// The most edits a "did you mean" bridges.
const MAX_TYPO_DISTANCE: usize = 4;

/// The candidate closest to `word` (case-insensitively), if it is close enough to be a likely
/// typo: within a third of the candidate's length, and at most four edits. Candidates whose length alone rules them out
/// are skipped, and each distance stops as soon as it exceeds that bound, so a service with
/// hundreds of actions is searched in microseconds.
pub fn did_you_mean<'c>(word: &str, candidates: &[&'c str]) -> Option<&'c str> {
    if word.len() > 64 {
        return None;
    }
    let word: Vec<u8> = word.bytes().map(|b| b.to_ascii_lowercase()).collect();
    let mut rows = (Vec::with_capacity(66), Vec::with_capacity(66));
    let mut best: Option<(usize, &'c str)> = None;
    for candidate in candidates {
        let limit = (candidate.len() / 3).clamp(1, MAX_TYPO_DISTANCE);
        let limit = best.map_or(limit, |(d, _)| limit.min(d.saturating_sub(1)));
        if candidate.len().abs_diff(word.len()) > limit || candidate.len() > 64 {
            continue;
        }
        if let Some(d) = bounded_distance(&word, candidate.as_bytes(), limit, &mut rows) {
            best = Some((d, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// `a`, `b` and `c` in backquotes: `` `a`, `b` and `c` `` (for "a case has ..." helps).
pub fn quoted_list(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

/// Levenshtein distance between `a` (lowercase) and `b` (compared lowercase), or `None` once it
/// is certain to exceed `limit`.
fn bounded_distance(
    a: &[u8],
    b: &[u8],
    limit: usize,
    rows: &mut (Vec<usize>, Vec<usize>),
) -> Option<usize> {
    let (prev, cur) = rows;
    prev.clear();
    prev.extend(0..=b.len());
    cur.clear();
    cur.resize(b.len() + 1, 0);
    for (i, &ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        let mut row_min = cur[0];
        for (j, &cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb.to_ascii_lowercase());
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
            row_min = row_min.min(cur[j + 1]);
        }
        if row_min > limit {
            return None;
        }
        std::mem::swap(prev, cur);
    }
    prev.get(b.len()).copied().filter(|d| *d <= limit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_are_one_based_and_count_characters() {
        let index = LineIndex::new("ab\ncé d\n");
        assert_eq!(index.line_column(0), LineColumn { line: 1, column: 1 });
        assert_eq!(index.line_column(3), LineColumn { line: 2, column: 1 });
        // `d` is byte 7 (é is two bytes) but column 4.
        assert_eq!(index.line_column(7), LineColumn { line: 2, column: 4 });
        assert_eq!(index.line_column(99), LineColumn { line: 3, column: 1 });
    }

    #[test]
    fn suggests_close_names_only() {
        assert_eq!(
            did_you_mean("Actions", &["Action", "Resource"]),
            Some("Action")
        );
        assert_eq!(
            did_you_mean("StringEqual", &["StringEquals", "StringLike"]),
            Some("StringEquals")
        );
        assert_eq!(did_you_mean("Banana", &["Action", "Resource"]), None);
    }
}
