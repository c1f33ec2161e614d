//! JSON tokens for colouring, read leniently: any text (invalid, incomplete, not JSON at all)
//! gives tokens in one pass, never a panic. What is not JSON (stray characters, unknown words)
//! is left out: it is painted plain.

use crate::engine::Span;

/// What a token is; the editor paints each kind with its own class.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    /// A string followed by `:` (an object's key).
    Key,
    /// Any other string, quotes included; an unterminated one runs to the end of its line.
    String,
    /// A number, as written.
    Number,
    /// `true`, `false` or `null`.
    Literal,
    /// One of `{ } [ ] , :`.
    Punct,
}

impl TokenKind {
    /// The CSS class that paints this kind (`tok-key`, `tok-string`, ...).
    pub fn class(self) -> &'static str {
        match self {
            TokenKind::Key => "tok-key",
            TokenKind::String => "tok-string",
            TokenKind::Number => "tok-number",
            TokenKind::Literal => "tok-literal",
            TokenKind::Punct => "tok-punct",
        }
    }
}

/// One token: its kind and byte span (always on char boundaries).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    /// What it is.
    pub kind: TokenKind,
    /// Where it is, in bytes.
    pub span: Span,
}

/// Bytes that end a run of unknown text (every one ASCII, so runs end on char boundaries).
fn ends_unknown(b: u8) -> bool {
    matches!(
        b,
        b' ' | b'\t' | b'\n' | b'\r' | b'"' | b'{' | b'}' | b'[' | b']' | b',' | b':' | b'-'
    ) || b.is_ascii_alphanumeric()
}

/// The tokens of `text`, in order, without overlap, in time linear in its length. Strings do
/// not span lines (JSON strings cannot hold a raw newline), so an unterminated string stops at
/// the end of its line and the next line is read afresh.
pub fn tokenize(text: &str) -> Vec<Token> {
    let bytes = text.as_bytes();
    let mut out: Vec<Token> = Vec::new();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let start = i;
        let kind = match b {
            b' ' | b'\t' | b'\n' | b'\r' => {
                i += 1;
                continue;
            }
            b'"' => {
                i += 1;
                while let Some(&c) = bytes.get(i) {
                    match c {
                        b'"' => {
                            i += 1;
                            break;
                        }
                        b'\n' => break,
                        // An escape takes the next byte, unless it ends the line.
                        b'\\' if bytes.get(i + 1).is_some_and(|&n| n != b'\n') => i += 2,
                        _ => i += 1,
                    }
                }
                Some(TokenKind::String)
            }
            b'{' | b'}' | b'[' | b']' | b',' | b':' => {
                i += 1;
                if b == b':' {
                    if let Some(last) = out.last_mut() {
                        let gap = text.get(last.span.end..start);
                        if last.kind == TokenKind::String
                            && gap.is_some_and(|gap| gap.trim().is_empty())
                        {
                            last.kind = TokenKind::Key;
                        }
                    }
                }
                Some(TokenKind::Punct)
            }
            b'-' | b'0'..=b'9' => {
                i += 1;
                while bytes.get(i).is_some_and(|c| {
                    c.is_ascii_digit() || matches!(c, b'.' | b'e' | b'E' | b'+' | b'-')
                }) {
                    i += 1;
                }
                Some(TokenKind::Number)
            }
            c if c.is_ascii_alphabetic() => {
                i += 1;
                while bytes
                    .get(i)
                    .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_')
                {
                    i += 1;
                }
                matches!(text.get(start..i), Some("true" | "false" | "null"))
                    .then_some(TokenKind::Literal)
            }
            _ => {
                i += 1;
                while bytes.get(i).is_some_and(|&c| !ends_unknown(c)) {
                    i += 1;
                }
                None
            }
        };
        if let Some(kind) = kind {
            out.push(Token {
                kind,
                span: Span::new(start, i),
            });
        }
    }
    out
}

/// The bracket (`{ } [ ]`, not inside a string) right before byte `caret` of `text`, else the one
/// right after it, and the bracket that pairs with it: `(bracket, partner)` as byte offsets. None
/// when there is no bracket at the caret, or it has no partner (unbalanced, or closed by the other
/// kind). `tokens` are `tokenize(text)`. Linear time.
pub fn matching_bracket(text: &str, tokens: &[Token], caret: usize) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let bracket_at = |t: &Token| {
        t.kind == TokenKind::Punct
            && bytes
                .get(t.span.start)
                .is_some_and(|b| matches!(b, b'{' | b'}' | b'[' | b']'))
    };
    // The first token ending after the caret; the one before it may end at the caret.
    let next = tokens.partition_point(|t| t.span.end <= caret);
    let index = next
        .checked_sub(1)
        .filter(|&i| {
            tokens
                .get(i)
                .is_some_and(|t| t.span.end == caret && bracket_at(t))
        })
        .or_else(|| {
            tokens
                .get(next)
                .filter(|t| t.span.start == caret && bracket_at(t))
                .map(|_| next)
        })?;
    let token = tokens.get(index)?;
    let here = *bytes.get(token.span.start)?;
    let opening = matches!(here, b'{' | b'[');
    let mut depth = 0usize;
    let mut visit = |t: &Token| -> Option<Option<usize>> {
        if !bracket_at(t) {
            return None;
        }
        let b = *bytes.get(t.span.start)?;
        if matches!(b, b'{' | b'[') == opening {
            depth += 1;
            return None;
        }
        depth = depth.saturating_sub(1);
        if depth > 0 {
            return None;
        }
        let pair = matches!(
            (here, b),
            (b'{', b'}') | (b'}', b'{') | (b'[', b']') | (b']', b'[')
        );
        Some(pair.then_some(t.span.start))
    };
    let found = if opening {
        tokens.get(index..)?.iter().find_map(&mut visit)
    } else {
        tokens.get(..=index)?.iter().rev().find_map(&mut visit)
    };
    found.flatten().map(|partner| (token.span.start, partner))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(TokenKind, &str)> {
        tokenize(text)
            .into_iter()
            .map(|t| (t.kind, &text[t.span.start..t.span.end]))
            .collect()
    }

    #[test]
    fn reads_every_kind() {
        use TokenKind::*;
        assert_eq!(
            kinds(r#"{"Effect" : "Allow", "n": [1, -2.5e+3, true, false, null]}"#),
            vec![
                (Punct, "{"),
                (Key, "\"Effect\""),
                (Punct, ":"),
                (String, "\"Allow\""),
                (Punct, ","),
                (Key, "\"n\""),
                (Punct, ":"),
                (Punct, "["),
                (Number, "1"),
                (Punct, ","),
                (Number, "-2.5e+3"),
                (Punct, ","),
                (Literal, "true"),
                (Punct, ","),
                (Literal, "false"),
                (Punct, ","),
                (Literal, "null"),
                (Punct, "]"),
                (Punct, "}"),
            ]
        );
    }

    #[test]
    fn strings_keep_escapes_and_brackets_inside() {
        use TokenKind::*;
        assert_eq!(
            kinds(r#"["a\"}]", "\u00e9\\", "é{"]"#),
            vec![
                (Punct, "["),
                (String, r#""a\"}]""#),
                (Punct, ","),
                (String, r#""\u00e9\\""#),
                (Punct, ","),
                (String, "\"é{\""),
                (Punct, "]"),
            ]
        );
    }

    #[test]
    fn tolerates_broken_text() {
        use TokenKind::*;
        // An unterminated string stops at its line's end; the next line reads afresh.
        assert_eq!(
            kinds("{\"a: 1\n\"b\": tru ~~ é}"),
            vec![
                (Punct, "{"),
                (String, "\"a: 1"),
                (Key, "\"b\""),
                (Punct, ":"),
                (Punct, "}"),
            ]
        );
        // A backslash at the very end, a lone quote, multibyte junk: no panic, spans on boundaries.
        for text in [
            "\"\\",
            "\"",
            "\"\\\n",
            "€€€",
            "{\"é\\é\":",
            "-",
            "\u{1F600}}",
        ] {
            for t in tokenize(text) {
                assert!(
                    t.span.start < t.span.end && t.span.end <= text.len(),
                    "{text:?}"
                );
                assert!(text.is_char_boundary(t.span.start) && text.is_char_boundary(t.span.end));
            }
        }
    }

    #[test]
    fn long_input_is_linear() {
        // A megabyte of brackets or of an unterminated string is one pass.
        let text = "[".repeat(1 << 20);
        assert_eq!(tokenize(&text).len(), 1 << 20);
        let text = format!("\"{}", "\\\"".repeat(1 << 19));
        assert_eq!(tokenize(&text).len(), 1);
        let text = "[".repeat(1 << 20);
        let tokens = tokenize(&text);
        assert_eq!(matching_bracket(&text, &tokens, 1), None);
    }

    #[test]
    fn brackets_pair_outside_strings() {
        let text = r#"{"a": ["}", {"b": []}]}"#;
        let tokens = tokenize(text);
        let last = text.len() - 1;
        // Before the caret first: after the opening `{`, and before it.
        assert_eq!(matching_bracket(text, &tokens, 1), Some((0, last)));
        assert_eq!(matching_bracket(text, &tokens, 0), Some((0, last)));
        // After the closing `}`: its partner is the first `{`.
        assert_eq!(matching_bracket(text, &tokens, text.len()), Some((last, 0)));
        let open = text.find('[').unwrap_or_default();
        let close = text.rfind(']').unwrap_or_default();
        assert_eq!(matching_bracket(text, &tokens, open), Some((open, close)));
        assert_eq!(
            matching_bracket(text, &tokens, close + 1),
            Some((close, open))
        );
        // The empty `[]`: the caret between them is after `[`.
        let empty = text.find("[]").unwrap_or_default();
        assert_eq!(
            matching_bracket(text, &tokens, empty + 1),
            Some((empty, empty + 1))
        );
        // The `}` inside a string is not a bracket; nor is a caret far from brackets.
        let quoted = text.find("\"}\"").unwrap_or_default() + 1;
        assert_eq!(matching_bracket(text, &tokens, quoted + 1), None);
        assert_eq!(matching_bracket(text, &tokens, 3), None);
    }

    #[test]
    fn unbalanced_or_mismatched_brackets_have_no_partner() {
        for (text, caret) in [("{[}", 1), ("{ \"a\": 1", 1), ("]", 1), ("[}", 0), ("", 0)] {
            let tokens = tokenize(text);
            assert_eq!(matching_bracket(text, &tokens, caret), None, "{text:?}");
        }
        // A caret past the end is harmless.
        let tokens = tokenize("[]");
        assert_eq!(matching_bracket("[]", &tokens, 99), None);
    }
}
