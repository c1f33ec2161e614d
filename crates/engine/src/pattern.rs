//! Wildcard patterns, policy-variable templates and ARN matching.
//!
//! A policy string becomes a [`Template`]: literal text, `*`, `?` and `${variable}` pieces. At
//! evaluation time variables are replaced by request values *as literal text* (a `*` that comes
//! from the request is never a wildcard), giving a list of [`Token`]s that [`glob_match`] matches
//! in O(pattern × text) time with a single backtracking point, so no pattern can make it hang.

use super::request::Context;
pub use crate::text::{glob_match, Token};

/// A reference to a request value inside a policy string: `${key}` or `${key, 'default'}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variable {
    /// The key, lowercased (condition keys are case-insensitive).
    pub key: String,
    /// The value to use when the key is missing.
    pub default: Option<String>,
}

/// One piece of a [`Template`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// A piece that needs no request value.
    Token(Token),
    /// A policy variable, replaced by literal text at evaluation time.
    Variable(Variable),
}

/// A policy string made ready for matching. Without variables its tokens are computed once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    form: Form,
}

/// A template is either computed once (no variables) or per request.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Form {
    /// No variables: the tokens, and for wildcard patterns the tokens split into ARN parts.
    Fixed {
        tokens: Vec<Token>,
        arn_parts: Option<Vec<Vec<Token>>>,
    },
    /// Variables to resolve per request.
    Variable { pieces: Vec<Piece> },
}

/// How a policy string is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TemplateSyntax {
    /// `*` and `?` are wildcards (Resource, Action, `…Like`, `Arn…`); otherwise they are text.
    pub wildcards: bool,
    /// `${…}` is a policy variable (only under `Version: 2012-10-17`); otherwise it is text.
    pub variables: bool,
    /// Lowercase the literal text (actions and `…IgnoreCase` operators).
    pub lowercase: bool,
}

/// `text` in lowercase: ASCII text (nearly every action and ARN) by the byte, the rest by
/// Unicode's rules (`str::to_lowercase`, which gives the same for ASCII).
fn lowercase(text: &str) -> String {
    if text.is_ascii() {
        text.to_ascii_lowercase()
    } else {
        text.to_lowercase()
    }
}

impl Template {
    /// Reads `source` with the given syntax. Never fails: an unterminated `${` is text.
    pub fn new(source: &str, syntax: TemplateSyntax) -> Template {
        // Plain text (most actions and ARNs): one token, copied once, not character by character.
        let special = |b: u8| {
            (syntax.wildcards && (b == b'*' || b == b'?')) || (syntax.variables && b == b'$')
        };
        if !source.bytes().any(special) {
            let tokens = if source.is_empty() {
                Vec::new()
            } else if syntax.lowercase {
                vec![Token::Text(lowercase(source))]
            } else {
                vec![Token::Text(source.to_string())]
            };
            return Template {
                form: Form::Fixed {
                    tokens,
                    arn_parts: None,
                },
            };
        }
        let mut pieces: Vec<Piece> = Vec::new();
        let mut text = String::new();
        let mut rest = source;
        let flush = |text: &mut String, pieces: &mut Vec<Piece>| {
            if !text.is_empty() {
                let t = if syntax.lowercase {
                    lowercase(text)
                } else {
                    std::mem::take(text)
                };
                text.clear();
                pieces.push(Piece::Token(Token::Text(t)));
            }
        };
        while let Some(c) = rest.chars().next() {
            // The run of plain text up to the next character that may be special, at once.
            let plain = rest.bytes().position(special).unwrap_or(rest.len());
            if plain > 0 {
                text.push_str(&rest[..plain]);
                rest = &rest[plain..];
                continue;
            }
            if syntax.variables && rest.starts_with("${") {
                if let Some(close) = rest.find('}') {
                    let inner = &rest[2..close];
                    rest = &rest[close + 1..];
                    match inner {
                        "*" | "?" | "$" => text.push_str(inner),
                        _ => {
                            flush(&mut text, &mut pieces);
                            pieces.push(Piece::Variable(parse_variable(inner)));
                        }
                    }
                    continue;
                }
            }
            rest = &rest[c.len_utf8()..];
            match c {
                '*' if syntax.wildcards => {
                    flush(&mut text, &mut pieces);
                    if pieces.last() != Some(&Piece::Token(Token::AnyRun)) {
                        pieces.push(Piece::Token(Token::AnyRun));
                    }
                }
                '?' if syntax.wildcards => {
                    flush(&mut text, &mut pieces);
                    pieces.push(Piece::Token(Token::AnyOne));
                }
                _ => text.push(c),
            }
        }
        flush(&mut text, &mut pieces);
        if pieces.iter().any(|p| matches!(p, Piece::Variable(_))) {
            return Template {
                form: Form::Variable { pieces },
            };
        }
        let tokens: Vec<Token> = pieces
            .into_iter()
            .filter_map(|p| match p {
                Piece::Token(t) => Some(t),
                Piece::Variable(_) => None,
            })
            .collect();
        // Literal text needs no ARN parts: part-by-part equality is whole-string equality.
        let has_wildcard = tokens.iter().any(|t| !matches!(t, Token::Text(_)));
        let arn_parts = has_wildcard.then(|| split_arn_tokens(&tokens));
        Template {
            form: Form::Fixed { tokens, arn_parts },
        }
    }

    fn fixed(&self) -> Option<&[Token]> {
        match &self.form {
            Form::Fixed { tokens, .. } => Some(tokens),
            Form::Variable { .. } => None,
        }
    }

    /// The variables this template refers to.
    pub fn variables(&self) -> impl Iterator<Item = &Variable> {
        let pieces: &[Piece] = match &self.form {
            Form::Variable { pieces } => pieces,
            Form::Fixed { .. } => &[],
        };
        pieces.iter().filter_map(|p| match p {
            Piece::Variable(v) => Some(v),
            Piece::Token(_) => None,
        })
    }

    /// The text of a template that is one piece of literal text (or empty): the fast path of the
    /// equality operators.
    pub fn fixed_text(&self) -> Option<&str> {
        match self.fixed() {
            Some([Token::Text(t)]) => Some(t),
            Some([]) => Some(""),
            _ => None,
        }
    }

    /// True when the template is exactly `*`.
    pub fn is_match_all(&self) -> bool {
        matches!(self.fixed(), Some([Token::AnyRun]))
    }

    /// The tokens for this request: variables replaced by literal text (lowercased when `lowercase`).
    /// `None` when a variable has no value and no default: AWS then treats the value as not matching.
    pub fn tokens<'t>(
        &'t self,
        context: &Context,
        lowercase: bool,
    ) -> Option<std::borrow::Cow<'t, [Token]>> {
        let pieces = match &self.form {
            Form::Fixed { tokens, .. } => return Some(std::borrow::Cow::Borrowed(tokens)),
            Form::Variable { pieces } => pieces,
        };
        let mut out: Vec<Token> = Vec::with_capacity(pieces.len());
        for piece in pieces {
            match piece {
                Piece::Token(t) => out.push(t.clone()),
                Piece::Variable(v) => {
                    let value = match context.single(&v.key) {
                        Some(value) => value.to_string(),
                        None => v.default.clone()?,
                    };
                    let value = if lowercase {
                        value.to_lowercase()
                    } else {
                        value
                    };
                    match out.last_mut() {
                        Some(Token::Text(t)) => t.push_str(&value),
                        _ => out.push(Token::Text(value)),
                    }
                }
            }
        }
        Some(std::borrow::Cow::Owned(out))
    }

    /// True when `arn` matches this template part by part (see [`arn_match`]). `false` when a
    /// variable has no value.
    pub fn matches_arn(&self, context: &Context, arn: &str) -> bool {
        match &self.form {
            Form::Fixed {
                arn_parts: Some(parts),
                ..
            } => arn_match_parts(parts, arn),
            Form::Fixed { tokens, .. } => match tokens.as_slice() {
                [] => arn.is_empty(),
                [Token::Text(t)] => t == arn,
                _ => arn_match(tokens, arn),
            },
            Form::Variable { .. } => self
                .tokens(context, false)
                .is_some_and(|tokens| arn_match(&tokens, arn)),
        }
    }

    /// The literal text for this request when the template has no wildcards (equality operators).
    pub fn text(&self, context: &Context, lowercase: bool) -> Option<String> {
        let tokens = self.tokens(context, lowercase)?;
        let mut s = String::new();
        for t in tokens.iter() {
            match t {
                Token::Text(t) => s.push_str(t),
                Token::AnyRun => s.push('*'),
                Token::AnyOne => s.push('?'),
            }
        }
        Some(s)
    }
}

fn parse_variable(inner: &str) -> Variable {
    match inner.split_once(',') {
        Some((key, default)) => {
            let default = default.trim();
            let default = default
                .strip_prefix('\'')
                .and_then(|d| d.strip_suffix('\''))
                .unwrap_or(default);
            Variable {
                key: key.trim().to_ascii_lowercase(),
                default: Some(default.to_string()),
            }
        }
        None => Variable {
            key: inner.trim().to_ascii_lowercase(),
            default: None,
        },
    }
}

/// Splits wildcard tokens into at most six colon-separated ARN parts; the sixth keeps its colons.
fn split_arn_tokens(tokens: &[Token]) -> Vec<Vec<Token>> {
    let mut parts: Vec<Vec<Token>> = vec![Vec::new()];
    for token in tokens {
        match token {
            Token::Text(text) if parts.len() < 6 && text.contains(':') => {
                let mut pieces = text.split(':').peekable();
                while let Some(piece) = pieces.next() {
                    if !piece.is_empty() {
                        if let Some(last) = parts.last_mut() {
                            last.push(Token::Text(piece.to_string()));
                        }
                    }
                    if pieces.peek().is_some() {
                        if parts.len() < 6 {
                            parts.push(Vec::new());
                        } else if let Some(last) = parts.last_mut() {
                            last.push(Token::Text(":".into()));
                        }
                    }
                }
            }
            other => {
                if let Some(last) = parts.last_mut() {
                    last.push(other.clone());
                }
            }
        }
    }
    parts
}

/// Splits an ARN into at most six parts (`arn`, partition, service, region, account, resource);
/// the resource part keeps any further colons. Returns the byte offset where each part starts.
fn arn_part_starts(arn: &str) -> ([usize; 6], usize) {
    let mut starts = [0usize; 6];
    let mut count = 1;
    for (i, b) in arn.bytes().enumerate() {
        if b == b':' {
            if let Some(slot) = starts.get_mut(count) {
                *slot = i + 1;
                count += 1;
            } else {
                break;
            }
        }
    }
    (starts, count)
}

/// ARN matching as AWS does for `Resource` and the `Arn…` operators: the six colon-separated parts
/// are compared one by one, so a wildcard cannot reach across a colon into the next part. A
/// pattern with fewer parts whose last part ends in `*` covers the rest of the ARN, colons included
/// (`arn:aws:s3:*`, or `*` alone).
pub fn arn_match(tokens: &[Token], arn: &str) -> bool {
    if let [Token::AnyRun] = tokens {
        return true;
    }
    arn_match_parts(&split_arn_tokens(tokens), arn)
}

/// [`arn_match`] with the pattern already split into parts.
fn arn_match_parts(pattern_parts: &[Vec<Token>], arn: &str) -> bool {
    if let [only] = pattern_parts {
        if let [Token::AnyRun] = only.as_slice() {
            return true;
        }
    }
    let (all_starts, n) = arn_part_starts(arn);
    let starts = all_starts.get(..n).unwrap_or(&[]);
    let k = pattern_parts.len();
    if k > n {
        return false;
    }
    let part = |i: usize| -> &str {
        let start = starts.get(i).copied().unwrap_or(arn.len());
        let end = starts.get(i + 1).map(|e| e - 1).unwrap_or(arn.len());
        arn.get(start..end).unwrap_or("")
    };
    for (i, pattern) in pattern_parts.iter().enumerate() {
        let last = i + 1 == k;
        if last && k < n {
            // The last pattern part must end in `*` to cover the remaining parts.
            if !matches!(pattern.last(), Some(Token::AnyRun)) {
                return false;
            }
            let rest = arn
                .get(starts.get(i).copied().unwrap_or(arn.len())..)
                .unwrap_or("");
            return glob_match(pattern, rest);
        }
        if !glob_match(pattern, part(i)) {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(s: &str) -> Vec<Token> {
        Template::new(
            s,
            TemplateSyntax {
                wildcards: true,
                variables: false,
                lowercase: false,
            },
        )
        .tokens(&Context::default(), false)
        .map(|t| t.into_owned())
        .unwrap_or_default()
    }

    #[test]
    fn glob_basics() {
        assert!(glob_match(&tokens("a*c"), "abbbc"));
        assert!(glob_match(&tokens("a?c"), "abc"));
        assert!(!glob_match(&tokens("a?c"), "ac"));
        assert!(glob_match(&tokens("*"), ""));
        assert!(glob_match(&tokens("a*"), "a/b:c"));
        assert!(!glob_match(&tokens("a*b"), "a/b:c"));
        assert!(glob_match(&tokens("?é"), "xé"));
    }

    #[test]
    fn backtracking_pattern_is_fast() {
        let text = "a".repeat(100_000);
        let pattern = tokens("*a*a*a*a*a*a*a*a*b");
        assert!(!glob_match(&pattern, &text));
    }

    #[test]
    fn arn_parts_do_not_leak() {
        assert!(arn_match(
            &tokens("arn:aws:s3:::bucket/*"),
            "arn:aws:s3:::bucket/a/b"
        ));
        // A trailing `*` in a pattern with fewer parts covers the remaining parts.
        assert!(arn_match(
            &tokens("arn:aws:iam::*"),
            "arn:aws:iam::123:user/x"
        ));
        assert!(!arn_match(
            &tokens("arn:aws:iam::1*3:user"),
            "arn:aws:iam::123:user/x"
        ));
        assert!(arn_match(
            &tokens("arn:aws:iam::*:*"),
            "arn:aws:iam::123:user/x"
        ));
        assert!(arn_match(
            &tokens("arn:aws:ec2:*"),
            "arn:aws:ec2:us-east-1:123:instance/i-1"
        ));
        assert!(arn_match(
            &tokens("arn:aws:lambda:*:*:function:*"),
            "arn:aws:lambda:us-east-1:123:function:f:alias"
        ));
        assert!(!arn_match(&tokens("arn:aws:s3:::b"), "*"));
        assert!(arn_match(&tokens("*"), "*"));
        assert!(!arn_match(&tokens("arn:*:x"), "arn:aws:s3:::x"));
    }
}
