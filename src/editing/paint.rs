//! What the editor's backdrop paints: the text cut into pieces, each with the highlight that
//! covers it, its token kind and whether it is a matched bracket. The pieces cover the text
//! exactly once, in order (the backdrop's text is the editor's text), and above a size nothing is
//! coloured, so that the backdrop's nodes stay few.

use super::floor_boundary;
use super::tokens::{Token, TokenKind};
use crate::engine::Span;

/// Texts longer than this many bytes are not coloured (marks are still painted).
pub const MAX_COLOURED_BYTES: usize = 64 * 1024;
/// Texts of more tokens than this are not coloured either (a long run of brackets).
pub const MAX_COLOURED_TOKENS: usize = 12_000;

/// Whether a text of `bytes` bytes and `tokens` tokens is coloured.
pub fn colours(bytes: usize, tokens: usize) -> bool {
    bytes <= MAX_COLOURED_BYTES && tokens <= MAX_COLOURED_TOKENS
}

/// A run of text painted one way.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Piece {
    /// Where it is, in bytes (on char boundaries).
    pub span: Span,
    /// The class of the highlight over it (the last of the marks that cover it).
    pub mark: Option<&'static str>,
    /// The kind of the token it belongs to.
    pub token: Option<TokenKind>,
    /// It is a bracket paired with the one at the caret (or that one).
    pub bracket: bool,
}

/// Cuts `text` into pieces: `marks` (spans with a class; a later mark wins where they overlap),
/// `tokens` (sorted, as `tokenize` gives them; pass none to leave the text uncoloured) and the
/// byte offsets of `brackets` to highlight. Adjacent pieces painted alike are one piece. Offsets
/// past the end or inside a character are moved to a boundary: no byte is dropped or repeated.
pub fn pieces(
    text: &str,
    marks: &[(Span, &'static str)],
    tokens: &[Token],
    brackets: &[usize],
) -> Vec<Piece> {
    let mut cuts: Vec<usize> = Vec::with_capacity(2 + 2 * (marks.len() + tokens.len()));
    cuts.extend([0, text.len()]);
    for (span, _) in marks {
        cuts.extend([span.start, span.end]);
    }
    for t in tokens {
        cuts.extend([t.span.start, t.span.end]);
    }
    for &b in brackets {
        cuts.extend([b, b + 1]);
    }
    for cut in &mut cuts {
        *cut = floor_boundary(text, *cut);
    }
    crate::text::sort_stable_by(&mut cuts, Ord::cmp);
    cuts.dedup();
    let mut out: Vec<Piece> = Vec::new();
    let mut next_token = 0;
    for w in cuts.windows(2) {
        let (a, b) = match w {
            [a, b] => (*a, *b),
            _ => continue,
        };
        let mark = marks
            .iter()
            .rev()
            .find(|(s, _)| s.start <= a && b <= s.end)
            .map(|(_, class)| *class);
        while tokens.get(next_token).is_some_and(|t| t.span.end <= a) {
            next_token += 1;
        }
        let token = tokens
            .get(next_token)
            .filter(|t| t.span.start <= a && b <= t.span.end)
            .map(|t| t.kind);
        let bracket = brackets.iter().any(|&at| at <= a && b <= at + 1);
        match out.last_mut() {
            Some(last)
                if last.span.end == a
                    && (last.mark, last.token, last.bracket) == (mark, token, bracket)
                    && !bracket =>
            {
                last.span.end = b;
            }
            _ => out.push(Piece {
                span: Span::new(a, b),
                mark,
                token,
                bracket,
            }),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::editing::tokenize;

    fn joined(text: &str, pieces: &[Piece]) -> String {
        let mut at = 0;
        let mut out = String::new();
        for p in pieces {
            assert_eq!(p.span.start, at, "pieces are contiguous");
            assert!(p.span.start < p.span.end, "no empty piece");
            out.push_str(&text[p.span.start..p.span.end]);
            at = p.span.end;
        }
        out
    }

    #[test]
    fn tokens_marks_and_brackets_compose() {
        let text = r#"{"a": [1, true]}"#;
        let tokens = tokenize(text);
        // A deny mark over `"a": [1`, a warning over `1, t` (later: wins the overlap).
        let marks = [
            (Span::new(1, 8), "decisive-deny"),
            (Span::new(7, 11), "warning"),
        ];
        let pieces = pieces(text, &marks, &tokens, &[6, 14]);
        assert_eq!(joined(text, &pieces), text);
        let show: Vec<(&str, Option<&str>, Option<&str>, bool)> = pieces
            .iter()
            .map(|p| {
                let piece = &text[p.span.start..p.span.end];
                (piece, p.mark, p.token.map(TokenKind::class), p.bracket)
            })
            .collect();
        assert_eq!(
            show,
            vec![
                ("{", None, Some("tok-punct"), false),
                ("\"a\"", Some("decisive-deny"), Some("tok-key"), false),
                (":", Some("decisive-deny"), Some("tok-punct"), false),
                (" ", Some("decisive-deny"), None, false),
                ("[", Some("decisive-deny"), Some("tok-punct"), true),
                ("1", Some("warning"), Some("tok-number"), false),
                (",", Some("warning"), Some("tok-punct"), false),
                (" ", Some("warning"), None, false),
                ("t", Some("warning"), Some("tok-literal"), false),
                ("rue", None, Some("tok-literal"), false),
                ("]", None, Some("tok-punct"), true),
                ("}", None, Some("tok-punct"), false),
            ]
        );
    }

    #[test]
    fn adjacent_punctuation_is_one_piece() {
        let text = "[[]],";
        let pieces = pieces(text, &[], &tokenize(text), &[]);
        assert_eq!(pieces.len(), 1);
        assert_eq!(pieces[0].token, Some(TokenKind::Punct));
    }

    #[test]
    fn the_text_is_never_dropped_or_repeated() {
        let texts = [
            "",
            "é",
            "{\"é€\": \"\u{1F600}",
            "[1,\n\"x",
            "\u{1F600}\u{1F600}",
        ];
        for text in texts {
            let tokens = tokenize(text);
            // Offsets inside characters, past the end, reversed spans.
            for (a, b) in [(0, 1), (1, 3), (2, 99), (5, 2), (0, 0)] {
                let marks = [(Span::new(a, b), "error"), (Span::new(b, a + 1), "warning")];
                for coloured in [&tokens[..], &[]] {
                    let pieces = pieces(text, &marks, coloured, &[a, b, 1000]);
                    assert_eq!(joined(text, &pieces), text, "{text:?} {a} {b}");
                }
            }
        }
    }

    #[test]
    fn big_texts_are_not_coloured() {
        assert!(colours(1000, 200));
        assert!(!colours(MAX_COLOURED_BYTES + 1, 1));
        assert!(!colours(1000, MAX_COLOURED_TOKENS + 1));
        // Uncoloured, a 100 KB line with no marks is one piece.
        let text = "a".repeat(100_000);
        assert_eq!(pieces(&text, &[], &[], &[]).len(), 1);
    }
}
