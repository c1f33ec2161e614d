//! Byte spans, diagnostics (with their [`Code`]s), and turning byte offsets into lines and
//! columns: [`Diagnostic`] is a finding in one text, [`Located`] the same finding with line and
//! column, as every surface shows it.

pub use super::code::Code;

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

/// How serious a diagnostic is: the finding types of IAM Access Analyzer's policy validation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The policy is invalid: AWS would reject it, or we cannot know what it means. A policy
    /// with an error is never evaluated.
    Error,
    /// The policy is valid but grants more than it seems to.
    SecurityWarning,
    /// The policy is valid but probably not what its author meant.
    Warning,
    /// The policy is valid; it could say the same more simply.
    Suggestion,
}

impl Severity {
    /// As written in answers, after Access Analyzer's finding types: `ERROR`,
    /// `SECURITY_WARNING`, `WARNING`, `SUGGESTION`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "ERROR",
            Severity::SecurityWarning => "SECURITY_WARNING",
            Severity::Warning => "WARNING",
            Severity::Suggestion => "SUGGESTION",
        }
    }

    /// True for [`Severity::Error`]: the policy is not evaluated.
    pub fn is_error(self) -> bool {
        self == Severity::Error
    }
}

/// One finding about a policy text: which check, where, how serious, what, and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The stable code of the check.
    pub code: Code,
    /// How serious: the code's severity.
    pub severity: Severity,
    /// Where in the policy text (bytes).
    pub span: Span,
    /// Lowercase, no trailing period, user input quoted in backticks.
    pub message: String,
    /// A suggested fix, when one is known.
    pub help: Option<String>,
    /// The fix as an edit of the text, when it is mechanical (a did-you-mean, a case).
    pub fix: Option<Fix>,
}

/// A mechanical fix: replace the bytes of `span` with `replacement`. The replacement is JSON text
/// (a string's replacement has its quotes), so the fixed policy reads as before but for the
/// mistake.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// What to replace (bytes of the policy text).
    pub span: Span,
    /// The text to put there.
    pub replacement: String,
}

impl Fix {
    /// A fix that replaces the JSON string (or object key) at `span`, quotes included, with the
    /// string `value`.
    pub fn string(span: Span, value: &str) -> Fix {
        Fix {
            span,
            replacement: quote_json(value),
        }
    }

    /// `text` with the fix applied (unchanged when the span is not in `text`).
    pub fn apply(&self, text: &str) -> String {
        match (text.get(..self.span.start), text.get(self.span.end..)) {
            (Some(before), Some(after)) if self.span.start <= self.span.end => {
                format!("{before}{}{after}", self.replacement)
            }
            _ => text.to_string(),
        }
    }
}

/// `value` as a JSON string literal.
fn quote_json(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// At most this many bytes of a message or a help text: past it the text is cut and ends with
/// `…`, so that a finding that quotes a long value (a 100 KB resource) stays short.
pub const MAX_MESSAGE: usize = 1024;

/// `text` cut to [`MAX_MESSAGE`] bytes (at a character boundary) and marked with `…`.
fn bounded(mut text: String) -> String {
    if text.len() > MAX_MESSAGE {
        let mut end = MAX_MESSAGE;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
        text.push('…');
    }
    text
}

impl Diagnostic {
    /// A finding of `code` at `span`, with the code's severity (its message cut to
    /// [`MAX_MESSAGE`] bytes).
    pub fn new(code: Code, span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity: code.severity(),
            span,
            message: bounded(message.into()),
            help: None,
            fix: None,
        }
    }

    /// The same diagnostic with a mechanical fix.
    pub fn with_fix(mut self, fix: Option<Fix>) -> Self {
        self.fix = fix;
        self
    }

    /// The same diagnostic with a help text (cut to [`MAX_MESSAGE`] bytes).
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(bounded(help.into()));
        self
    }

    /// The same diagnostic with a help text, when there is one (cut to [`MAX_MESSAGE`] bytes).
    pub fn with_optional_help(mut self, help: Option<String>) -> Self {
        self.help = help.map(bounded);
        self
    }

    /// The diagnostic located for people: `place` names the text (a policy's name such as
    /// `identityPolicies[0]`, or an input field), `lines` indexes that text.
    pub fn locate(&self, place: impl Into<String>, lines: &LineIndex) -> Located {
        self.clone().into_located(place, lines)
    }

    /// [`Self::locate`], taking the diagnostic: its texts move into the answer instead of
    /// being copied (a batch locates a few findings per case).
    pub fn into_located(self, place: impl Into<String>, lines: &LineIndex) -> Located {
        let start = lines.line_column(self.span.start);
        let end = lines.line_column(self.span.end.max(self.span.start));
        Located {
            code: self.code,
            severity: self.severity,
            place: place.into(),
            line: start.line,
            column: start.column,
            end_line: end.line,
            end_column: end.column,
            message: self.message,
            help: self.help,
            fix: self.fix.map(|f| {
                let start = lines.line_column(f.span.start);
                let end = lines.line_column(f.span.end.max(f.span.start));
                Box::new(LocatedFix {
                    line: start.line,
                    column: start.column,
                    end_line: end.line,
                    end_column: end.column,
                    replacement: f.replacement,
                })
            }),
        }
    }
}

/// A [`Fix`] located for people: replace from `line`/`column` to `end_line`/`end_column`
/// (exclusive; 1-based, columns in characters) with `replacement`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocatedFix {
    /// First line.
    pub line: usize,
    /// First column.
    pub column: usize,
    /// Line of the end.
    pub end_line: usize,
    /// Column of the end (exclusive).
    pub end_column: usize,
    /// The text to put there.
    pub replacement: String,
}

/// A diagnostic located for people: the one form every surface shows (the command line, the
/// JavaScript API, the page's editors). Lines and columns are 1-based; columns count characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    /// The stable code of the check.
    pub code: Code,
    /// How serious.
    pub severity: Severity,
    /// Which text: a policy's name (`identityPolicies[0]`, `endpoint.policy`), or the input
    /// field for problems outside policies (`request.action`, `input`).
    pub place: String,
    /// First line.
    pub line: usize,
    /// First column.
    pub column: usize,
    /// Line of the end (exclusive position).
    pub end_line: usize,
    /// Column of the end (exclusive position).
    pub end_column: usize,
    /// Lowercase, without a trailing period.
    pub message: String,
    /// How to fix it, when known.
    pub help: Option<String>,
    /// The fix as an edit, when it is mechanical (boxed: most diagnostics have none).
    pub fix: Option<Box<LocatedFix>>,
}

impl Located {
    /// True for an error.
    pub fn is_error(&self) -> bool {
        self.severity.is_error()
    }

    /// The AWS page stating the rule, when it is one of AWS's.
    pub fn link(&self) -> Option<&'static str> {
        self.code.link()
    }
}

/// The one serialization of a diagnostic, shared by every surface: `{"code", "severity",
/// "policy", "line", "column", "endLine", "endColumn", "message", "help"?, "link"?, "fix"?}`, the
/// fix as `{"line", "column", "endLine", "endColumn", "replacement"}`.
#[cfg(feature = "serde")]
impl serde::Serialize for Located {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let link = self.link();
        let fields = 8
            + usize::from(self.help.is_some())
            + usize::from(link.is_some())
            + usize::from(self.fix.is_some());
        let mut out = serializer.serialize_struct("Located", fields)?;
        out.serialize_field("code", self.code.as_str())?;
        out.serialize_field("severity", self.severity.as_str())?;
        out.serialize_field("policy", &self.place)?;
        out.serialize_field("line", &self.line)?;
        out.serialize_field("column", &self.column)?;
        out.serialize_field("endLine", &self.end_line)?;
        out.serialize_field("endColumn", &self.end_column)?;
        out.serialize_field("message", &self.message)?;
        if let Some(help) = &self.help {
            out.serialize_field("help", help)?;
        }
        if let Some(link) = link {
            out.serialize_field("link", link)?;
        }
        if let Some(fix) = &self.fix {
            out.serialize_field("fix", fix)?;
        }
        out.end()
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for LocatedFix {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut out = serializer.serialize_struct("LocatedFix", 5)?;
        out.serialize_field("line", &self.line)?;
        out.serialize_field("column", &self.column)?;
        out.serialize_field("endLine", &self.end_line)?;
        out.serialize_field("endColumn", &self.end_column)?;
        out.serialize_field("replacement", &self.replacement)?;
        out.end()
    }
}

/// At most this many findings per answer (a `simulate` answer, a scenario's problems list, a
/// validation): past it, [`cap_located`] keeps the first ones and one `TOO_MANY_FINDINGS` counts
/// the rest. Each policy keeps at most `policy::MAX_DIAGNOSTICS` of its own.
pub const MAX_ANSWER_FINDINGS: usize = 500;

/// Keeps at most `max` findings of `list` (in their order), and past it one `TOO_MANY_FINDINGS`
/// at `place` saying how many more there were; counts of the rest already in the list (a
/// policy's own) are added in. Keeps an error among the first ones when the list had one.
pub fn cap_located(list: &mut Vec<Located>, max: usize, place: &str) {
    if list.len() <= max {
        return;
    }
    let kept_error = list.iter().take(max).any(Located::is_error);
    if let (false, Some(first), Some(last)) = (
        kept_error,
        list.iter().position(Located::is_error),
        max.checked_sub(1),
    ) {
        // A list with an error shows one among those kept.
        list.swap(first, last);
    }
    let rest = list.len() - max;
    list.truncate(max);
    list.push(
        Diagnostic::new(
            Code::TOO_MANY_FINDINGS,
            Span::default(),
            format!("{rest} more findings are not reported (at most {max} per answer)"),
        )
        .with_optional_help(Some("fix the ones reported first".into()))
        .locate(place, &LineIndex::new("")),
    );
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
    /// Every [`CHAR_MARK_STRIDE`] bytes (moved back to a character boundary): the byte offset
    /// and the characters before it. Empty for ASCII text, where characters are bytes.
    char_marks: Vec<(usize, usize)>,
}

/// The distance in bytes between two character-count marks of a [`LineIndex`]: a column costs
/// at most this many bytes of counting, wherever it is on however long a line.
const CHAR_MARK_STRIDE: usize = 256;

impl<'a> LineIndex<'a> {
    /// Indexes the line starts of `text`, and its character counts when it is not ASCII (one
    /// pass: locating a diagnostic then costs a binary search and a bounded count).
    pub fn new(text: &'a str) -> Self {
        let bytes = text.as_bytes();
        // The usual text of a batch, one line of ASCII, read in one pass.
        if crate::text::bytes::line_end_or_non_ascii(bytes).is_none() {
            return LineIndex::ascii_line(text);
        }
        let mut line_starts = vec![0];
        let mut from = 0;
        while let Some(found) = bytes
            .get(from..)
            .and_then(|rest| crate::text::bytes::find_byte(rest, b'\n'))
        {
            from += found + 1;
            line_starts.push(from);
        }
        let mut char_marks = Vec::new();
        if !text.is_ascii() {
            let mut chars = 0usize;
            let mut from = 0usize;
            char_marks.push((0, 0));
            while from < text.len() {
                let mut to = (from + CHAR_MARK_STRIDE).min(text.len());
                while !text.is_char_boundary(to) {
                    to -= 1;
                }
                chars += text.get(from..to).map_or(0, |s| s.chars().count());
                char_marks.push((to, chars));
                from = to;
            }
        }
        LineIndex {
            text,
            line_starts,
            char_marks,
        }
    }

    /// [`LineIndex::new`] for a text known to hold no line end (`\n`): one line of a batch,
    /// whose index then needs no search for line ends, only whether it is ASCII.
    pub fn of_line(text: &'a str) -> Self {
        debug_assert!(!text.contains('\n'));
        if text.is_ascii() {
            return LineIndex::ascii_line(text);
        }
        LineIndex::new(text)
    }

    /// The index of one line of ASCII text: one line start, characters are bytes.
    fn ascii_line(text: &'a str) -> Self {
        LineIndex {
            text,
            line_starts: vec![0],
            char_marks: Vec::new(),
        }
    }

    /// The characters before byte `offset` (clamped to the text, and moved back to a
    /// character boundary), in O(log n + [`CHAR_MARK_STRIDE`]).
    pub fn char_offset(&self, offset: usize) -> usize {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        self.chars_before(offset)
    }

    /// The characters before byte `offset` (a character boundary).
    fn chars_before(&self, offset: usize) -> usize {
        if self.char_marks.is_empty() {
            return offset;
        }
        let i = self.char_marks.partition_point(|&(at, _)| at <= offset);
        let (at, chars) = self
            .char_marks
            .get(i.saturating_sub(1))
            .copied()
            .unwrap_or((0, 0));
        chars + self.text.get(at..offset).map_or(0, |s| s.chars().count())
    }

    /// The line and column of byte `offset` (clamped to the text, and moved back to a
    /// character boundary). Costs O(log lines + [`CHAR_MARK_STRIDE`]), however long the line.
    pub fn line_column(&self, offset: usize) -> LineColumn {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_starts.partition_point(|&s| s <= offset).max(1);
        let start = self.line_starts.get(line - 1).copied().unwrap_or(0);
        let column = self.chars_before(offset) - self.chars_before(start) + 1;
        LineColumn { line, column }
    }
}

pub use crate::text::{did_you_mean, quoted_list};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_and_help_are_cut_to_their_bound() {
        let d = Diagnostic::new(Code::INVALID_ARGUMENT, Span::default(), "é".repeat(100_000))
            .with_help("x".repeat(5000));
        assert!(d.message.len() <= MAX_MESSAGE + '…'.len_utf8() && d.message.ends_with('…'));
        assert_eq!(
            d.help.as_deref().map(str::len),
            Some(MAX_MESSAGE + '…'.len_utf8())
        );
        let d = Diagnostic::new(Code::INVALID_ARGUMENT, Span::default(), "short");
        assert_eq!(d.message, "short");
    }

    #[test]
    fn answers_keep_a_bounded_list_with_a_count_of_the_rest() {
        let warning = Diagnostic::new(Code::TOO_MANY_FINDINGS, Span::default(), "w")
            .locate("p", &LineIndex::new(""));
        let error = Diagnostic::new(Code::INVALID_ARGUMENT, Span::default(), "e")
            .locate("p", &LineIndex::new(""));
        let mut list = vec![warning.clone(); 3];
        cap_located(&mut list, 5, "input");
        assert_eq!(list.len(), 3);
        let mut list = vec![warning.clone(); 1000];
        list.push(error);
        cap_located(&mut list, 5, "input");
        assert_eq!(list.len(), 6);
        assert!(list[4].is_error(), "the error is kept");
        assert_eq!(list[5].code, Code::TOO_MANY_FINDINGS);
        assert_eq!(list[5].place, "input");
        assert!(
            list[5].message.starts_with("996 more findings"),
            "{}",
            list[5].message
        );
    }

    #[test]
    fn columns_count_characters_on_long_lines_with_bounded_work() {
        // Agrees with counting from the line start, in ASCII and not.
        let text = "é\nab\u{1F600}c\n".to_string() + &"xé".repeat(1000) + "\nend";
        let index = LineIndex::new(&text);
        for (offset, _) in text.char_indices().chain([(text.len(), ' ')]) {
            let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
            let expected = LineColumn {
                line: text[..offset].matches('\n').count() + 1,
                column: text[line_start..offset].chars().count() + 1,
            };
            assert_eq!(index.line_column(offset), expected, "offset {offset}");
            assert_eq!(index.char_offset(offset), text[..offset].chars().count());
        }
        // Inside a character: its start.
        assert_eq!(index.line_column(1), LineColumn { line: 1, column: 1 });
        // 200,000 lookups on one 3 MB line: each counts at most a stride, not the line (counting
        // from the line start would be 10^11 characters).
        let line = "é".repeat(1_500_000);
        let index = LineIndex::new(&line);
        let started = std::time::Instant::now();
        let mut sum = 0usize;
        for i in 0..200_000 {
            sum += index.line_column(line.len() - 2 * (i % 1000)).column;
        }
        assert!(sum > 0);
        assert!(started.elapsed() < std::time::Duration::from_secs(20));
    }

    #[test]
    fn a_string_fix_replaces_the_whole_literal_with_a_quoted_escaped_one() {
        let text = r#"{"Effect": "allow"}"#;
        let at = text.find("\"allow\"").expect("in the text");
        let fix = Fix::string(Span::new(at, at + 7), "Allow");
        assert_eq!(fix.apply(text), r#"{"Effect": "Allow"}"#);
        assert_eq!(
            Fix::string(Span::default(), "a\"b\\c\n").replacement,
            r#""a\"b\\c\u000a""#
        );
        // A span outside the text, or not on character boundaries, changes nothing.
        assert_eq!(Fix::string(Span::new(90, 99), "x").apply(text), text);
        assert_eq!(Fix::string(Span::new(1, 2), "x").apply("é"), "é");
    }

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
