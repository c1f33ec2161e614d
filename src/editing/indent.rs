//! Auto-indent: what Enter and a typed closing bracket do to the text. Each answer is an
//! [`Edit`] (replace a byte range, then put the caret somewhere), which the editor applies the
//! way typing would, so that the browser's undo keeps working.

use super::floor_boundary;
use super::tokens::{tokenize, TokenKind};

/// One level of indentation (the formatter's too).
pub const INDENT: &str = "  ";

/// Replace bytes `start..end` of the text with `insert`, then put the caret at byte `caret` of
/// the new text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    /// First byte replaced.
    pub start: usize,
    /// End of the bytes replaced (`start` when nothing is).
    pub end: usize,
    /// The text put there.
    pub insert: String,
    /// Where the caret goes, in bytes of the new text.
    pub caret: usize,
}

/// The start of the line holding byte `at`.
fn line_start(text: &str, at: usize) -> usize {
    text.get(..at)
        .and_then(|before| before.rfind('\n'))
        .map_or(0, |i| i + 1)
}

/// The spaces and tabs that start `line`.
fn leading_blanks(line: &str) -> &str {
    let end = line
        .find(|c: char| c != ' ' && c != '\t')
        .unwrap_or(line.len());
    line.get(..end).unwrap_or("")
}

/// Enter with the selection `start..end` (bytes): a newline and the current line's indentation,
/// one level more after `{` or `[` (ignoring one inside a string); between `{}` or `[]` the
/// closing bracket goes on a line of its own, back at the current indentation.
pub fn enter(text: &str, start: usize, end: usize) -> Edit {
    let start = floor_boundary(text, start);
    let end = floor_boundary(text, end).max(start);
    let line_begin = line_start(text, start);
    let before = text.get(line_begin..start).unwrap_or("");
    let indent = leading_blanks(before);
    // The line's tokens up to the caret (a string cannot span lines, so the line alone tells).
    let opener = tokenize(before)
        .last()
        .filter(|t| t.kind == TokenKind::Punct)
        .and_then(|t| before.as_bytes().get(t.span.start))
        .copied()
        .filter(|b| matches!(b, b'{' | b'['));
    let Some(opener) = opener else {
        let insert = format!("\n{indent}");
        return Edit {
            start,
            end,
            caret: start + insert.len(),
            insert,
        };
    };
    let inner = format!("{indent}{INDENT}");
    let after = text.get(end..).unwrap_or("");
    let blanks = leading_blanks(after).len();
    let closer = if opener == b'{' { b'}' } else { b']' };
    if after.as_bytes().get(blanks) == Some(&closer) {
        // `{|}` → the caret on an indented line of its own, `}` on the next.
        Edit {
            start,
            end: end + blanks,
            caret: start + 1 + inner.len(),
            insert: format!("\n{inner}\n{indent}"),
        }
    } else {
        let insert = format!("\n{inner}");
        Edit {
            start,
            end,
            caret: start + insert.len(),
            insert,
        }
    }
}

/// Typing `bracket` (`}` or `]`) at the caret (`start..end`, bytes): when the caret's line holds
/// only spaces and tabs before it, the line takes the indentation of the line that opened the
/// block (one level less when no open bracket is found). None when nothing needs to change: the
/// browser types the bracket itself.
pub fn close(text: &str, start: usize, end: usize, bracket: char) -> Option<Edit> {
    if !matches!(bracket, '}' | ']') || start != end {
        return None;
    }
    let start = floor_boundary(text, start);
    let line_begin = line_start(text, start);
    let before = text.get(line_begin..start)?;
    if before.is_empty() || leading_blanks(before).len() != before.len() {
        return None;
    }
    // The innermost bracket still open before this line.
    let head = text.get(..line_begin)?;
    let mut depth = 0usize;
    let open = tokenize(head).into_iter().rev().find(|t| {
        if t.kind != TokenKind::Punct {
            return false;
        }
        match head.as_bytes().get(t.span.start) {
            Some(b'}' | b']') => {
                depth += 1;
                false
            }
            Some(b'{' | b'[') if depth == 0 => true,
            Some(b'{' | b'[') => {
                depth -= 1;
                false
            }
            _ => false,
        }
    });
    let target = match open {
        Some(t) => leading_blanks(head.get(line_start(head, t.span.start)..)?).to_string(),
        None => before
            .strip_suffix(INDENT)
            .or_else(|| before.strip_suffix('\t'))
            .unwrap_or("")
            .to_string(),
    };
    if target == before {
        return None;
    }
    Some(Edit {
        start: line_begin,
        end: start,
        caret: line_begin + target.len() + bracket.len_utf8(),
        insert: format!("{target}{bracket}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Applies an edit; returns the new text with `|` at the caret.
    fn apply(text: &str, edit: &Edit) -> String {
        let new = format!(
            "{}{}{}",
            &text[..edit.start],
            edit.insert,
            &text[edit.end..]
        );
        format!("{}|{}", &new[..edit.caret], &new[edit.caret..])
    }

    /// Enter at the `|` of `marked`.
    fn press_enter(marked: &str) -> String {
        let at = marked.find('|').unwrap();
        let text = marked.replace('|', "");
        apply(&text, &enter(&text, at, at))
    }

    #[test]
    fn enter_keeps_the_line_indentation() {
        assert_eq!(press_enter("  \"a\": 1,|"), "  \"a\": 1,\n  |");
        assert_eq!(press_enter("x|"), "x\n|");
        assert_eq!(press_enter("\t\"a\"|"), "\t\"a\"\n\t|");
        // Only the current line counts.
        assert_eq!(press_enter("    {\n  \"a\"|"), "    {\n  \"a\"\n  |");
    }

    #[test]
    fn enter_after_an_opening_bracket_indents_one_more() {
        assert_eq!(press_enter("  \"S\": [|"), "  \"S\": [\n    |");
        assert_eq!(press_enter("{  |"), "{  \n  |");
        // Not inside a string.
        assert_eq!(press_enter("  \"a{|"), "  \"a{\n  |");
        assert_eq!(press_enter("  \"a{\": {|"), "  \"a{\": {\n    |");
    }

    #[test]
    fn enter_between_brackets_puts_the_closer_on_its_own_line() {
        assert_eq!(press_enter("{|}"), "{\n  |\n}");
        assert_eq!(press_enter("  [|  ],"), "  [\n    |\n  ],");
        // A closer of the other kind stays where it is.
        assert_eq!(press_enter("{|]"), "{\n  |]");
    }

    #[test]
    fn enter_replaces_the_selection_and_clamps_offsets() {
        let text = "{\"a\": 1}";
        let edit = enter(text, 1, 7);
        assert_eq!(apply(text, &edit), "{\n  |\n}");
        // Offsets past the end or inside a character are brought back to a boundary.
        let edit = enter("é", 1, 99);
        assert_eq!((edit.start, edit.end), (0, 2));
        assert_eq!(apply("é", &edit), "\n|");
    }

    /// Types `bracket` at the `|` of `marked`, with auto-indent; None when the browser types it.
    fn type_close(marked: &str, bracket: char) -> Option<String> {
        let at = marked.find('|').unwrap();
        let text = marked.replace('|', "");
        close(&text, at, at, bracket).map(|e| apply(&text, &e))
    }

    #[test]
    fn a_closing_bracket_dedents_to_its_opener() {
        assert_eq!(
            type_close("{\n  \"a\": [\n    1\n    |", ']').as_deref(),
            Some("{\n  \"a\": [\n    1\n  ]|")
        );
        assert_eq!(
            type_close("{\n  \"a\": 1\n  |", '}').as_deref(),
            Some("{\n  \"a\": 1\n}|")
        );
        // Closed blocks before it are skipped; brackets inside strings do not count.
        assert_eq!(
            type_close("  {\n    \"a\": [],\n    \"b\": \"{\"\n      |", '}').as_deref(),
            Some("  {\n    \"a\": [],\n    \"b\": \"{\"\n  }|")
        );
        // No opener: one level less.
        assert_eq!(type_close("a\n    |", '}').as_deref(), Some("a\n  }|"));
    }

    #[test]
    fn a_closing_bracket_after_text_is_typed_as_is() {
        assert_eq!(type_close("{\n  \"a\": 1|", '}'), None);
        assert_eq!(type_close("{\n|", '}'), None);
        // Already at the opener's indentation.
        assert_eq!(type_close("{\n  \"a\": [\n  |", ']'), None);
        assert_eq!(type_close("{\n  |", 'x'), None);
        assert_eq!(close("{\n  ", 2, 4, '}'), None);
    }
}
