//! Wildcard patterns, policy-variable templates and ARN matching.
//!
//! A policy string becomes a [`Template`]: literal text, `*`, `?` and `${variable}` pieces. At
//! evaluation time variables are replaced by request values *as literal text* (a `*` that comes
//! from the request is never a wildcard), giving a list of [`Token`]s that [`glob_match`] matches
//! in O(pattern × text) time with a single backtracking point, so no pattern can make it hang.

use super::request::Context;
pub use crate::text::{glob_match, Token};

/// The largest text, in bytes, a template may become once its variables are replaced (64 KiB,
/// three times the largest policy AWS stores, the 20 KB of an S3 bucket policy). Past it the
/// template matches nothing: [`Template::tokens`] answers `None`.
pub const MAX_SUBSTITUTED_LEN: usize = 64 * 1024;

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
    /// No variables: the tokens, and for wildcard patterns the tokens split into ARN parts,
    /// made the first time the template meets an ARN (most wildcard templates, actions and
    /// condition values, never do).
    Fixed {
        tokens: Vec<Token>,
        arn_parts: ArnParts,
    },
    /// Variables to resolve per request.
    Variable { pieces: Vec<Piece> },
}

/// The ARN parts of a fixed template: none for literal text (part-by-part equality is
/// whole-string equality), else made once, when first needed.
#[derive(Debug, Clone)]
enum ArnParts {
    Literal,
    Wildcard(std::sync::OnceLock<Vec<Vec<Token>>>),
}

/// The parts follow from the tokens: two templates with the same tokens are equal whether or
/// not either has made its parts yet.
impl PartialEq for ArnParts {
    fn eq(&self, other: &Self) -> bool {
        matches!(
            (self, other),
            (ArnParts::Literal, ArnParts::Literal) | (ArnParts::Wildcard(_), ArnParts::Wildcard(_))
        )
    }
}

impl Eq for ArnParts {}

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
                    arn_parts: ArnParts::Literal,
                },
            };
        }
        let mut pieces: Vec<Piece> = Vec::new();
        let mut text = String::new();
        let mut rest = source;
        // Once a `${` finds no `}` after it, none after it can either: the search is done once.
        let mut closed = true;
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
            if syntax.variables && closed && rest.starts_with("${") {
                closed = false;
                if let Some(close) = rest.find('}') {
                    closed = true;
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
        let arn_parts = if tokens.iter().any(|t| !matches!(t, Token::Text(_))) {
            ArnParts::Wildcard(std::sync::OnceLock::new())
        } else {
            ArnParts::Literal
        };
        Template {
            form: Form::Fixed { tokens, arn_parts },
        }
    }

    /// The tokens of a template without variables (`None` when it has some): what it matches
    /// whatever the request.
    pub fn fixed_tokens(&self) -> Option<&[Token]> {
        self.fixed()
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
    /// `None` too when the substituted text would pass [`MAX_SUBSTITUTED_LEN`] bytes: such a
    /// template matches nothing (no AWS request value or policy comes near that size), and a
    /// template repeating a long value cannot exhaust memory.
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
        let mut len = 0usize;
        for piece in pieces {
            match piece {
                Piece::Token(t) => {
                    if let Token::Text(text) = t {
                        len = len.saturating_add(text.len());
                    }
                    if len > MAX_SUBSTITUTED_LEN {
                        return None;
                    }
                    out.push(t.clone())
                }
                Piece::Variable(v) => {
                    let value: &str = match context.single(&v.key) {
                        Some(value) => value,
                        None => v.default.as_deref()?,
                    };
                    // Checked before the value is copied (lowercasing may grow it a little,
                    // which the next piece's check still sees).
                    len = len.saturating_add(value.len());
                    if len > MAX_SUBSTITUTED_LEN {
                        return None;
                    }
                    let value = if lowercase {
                        value.to_lowercase()
                    } else {
                        value.to_string()
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
                tokens,
                arn_parts: ArnParts::Wildcard(parts),
            } => match literal_arn_head(tokens, arn) {
                Some(matched) => matched,
                None => arn_match_parts(parts.get_or_init(|| split_arn_tokens(tokens)), arn),
            },
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
        Some(tokens_text(&self.tokens(context, lowercase)?))
    }
}

/// The text `tokens` write: their literal text, `*` and `?` for the wildcards.
pub fn tokens_text(tokens: &[Token]) -> String {
    let mut s = String::new();
    for t in tokens {
        match t {
            Token::Text(t) => s.push_str(t),
            Token::AnyRun => s.push('*'),
            Token::AnyOne => s.push('?'),
        }
    }
    s
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
                let mut pieces = crate::text::bytes::fields(text, b':').peekable();
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

/// ARN matching without splitting the pattern, for the usual wildcard ARN: `*` alone, or one
/// whose first five parts are written out (`arn:aws:s3:::bucket/*`,
/// `arn:aws:sqs:us-east-1:111122223333:*`), its wildcards all in the resource part. Then the ARN
/// must start with those five parts, and the rest of the pattern covers the rest of the ARN,
/// colons included, exactly as [`arn_match_parts`] compares the sixth parts. `None` for any other
/// pattern (a wildcard or variable in an earlier part).
fn literal_arn_head(tokens: &[Token], arn: &str) -> Option<bool> {
    let (first, rest) = match tokens {
        [Token::AnyRun] => return Some(true),
        [Token::Text(first), rest @ ..] => (first, rest),
        _ => return None,
    };
    // just past the fifth colon (where the resource part starts), eight bytes a step
    let mut resource_start = 0;
    for _ in 0..5 {
        let rest = first.as_bytes().get(resource_start..)?;
        resource_start += crate::text::bytes::find_byte(rest, b':')? + 1;
    }
    let (head, resource) = first.split_at(resource_start);
    let Some(arn_resource) = arn.strip_prefix(head) else {
        return Some(false);
    };
    Some(
        arn_resource
            .strip_prefix(resource)
            .is_some_and(|after| glob_match(rest, after)),
    )
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
    fn unterminated_variables_are_text_and_read_in_one_pass() {
        let syntax = TemplateSyntax {
            wildcards: true,
            variables: true,
            lowercase: false,
        };
        let t = Template::new("a/${b/${c", syntax);
        assert_eq!(t.fixed_text(), Some("a/${b/${c"));
        // 400,000 unterminated `${`: one search for `}`, not one per `${` (10^11 bytes read).
        let source = "${".repeat(400_000);
        let started = std::time::Instant::now();
        let t = Template::new(&source, syntax);
        assert_eq!(t.fixed_text(), Some(source.as_str()));
        assert!(started.elapsed() < std::time::Duration::from_secs(20));
        // A closed variable after text still reads.
        assert_eq!(
            Template::new("x${aws:username}", syntax)
                .variables()
                .count(),
            1
        );
    }

    #[test]
    fn substituted_templates_are_capped() {
        let syntax = TemplateSyntax {
            wildcards: true,
            variables: true,
            lowercase: false,
        };
        let mut context = Context::default();
        context.insert("aws:PrincipalTag/t", vec!["x".repeat(900_000)]);
        // 4,500 copies of a 900 KB value would be 4 GB: the template answers "no match" instead.
        let t = Template::new(&"${aws:PrincipalTag/t}".repeat(4_500), syntax);
        assert!(t.tokens(&context, false).is_none());
        assert!(t.tokens(&context, true).is_none());
        assert!(!t.matches_arn(&context, "arn:aws:s3:::b/x"));
        assert!(t.text(&context, false).is_none());
        // Up to the cap it substitutes.
        let mut context = Context::default();
        context.insert("aws:PrincipalTag/t", vec!["x".repeat(1000)]);
        let t = Template::new(&"${aws:PrincipalTag/t}".repeat(60), syntax);
        assert_eq!(t.text(&context, false).map(|s| s.len()), Some(60_000));
        let t = Template::new(&"${aws:PrincipalTag/t}".repeat(66), syntax);
        assert!(t.text(&context, false).is_none());
    }

    /// The usual wildcard ARN is matched without splitting it into parts: the answer is the
    /// split comparison's for every pattern and ARN here (parts written out or not, wildcards
    /// in any part, resources with colons, ARNs with fewer parts).
    #[test]
    fn literal_arn_heads_match_as_the_split_comparison_does() {
        let patterns = [
            "*",
            "arn:aws:s3:::bucket/*",
            "arn:aws:s3:::bucket",
            "arn:aws:s3:::*",
            "arn:aws:s3:::b?cket/*/x",
            "arn:aws:sqs:us-east-1:111122223333:*",
            "arn:aws:sqs:us-east-1:111122223333:orders",
            "arn:aws:sqs:*:111122223333:orders",
            "arn:aws:logs:us-east-1:111122223333:log-group:app:*",
            "arn:aws:logs:us-east-1:111122223333:log-group:*",
            "arn:aws:sagemaker:us-east-1:111122223333:training-job/*",
            "arn:aws:s3:*",
            "arn:*",
            "arn:aws:iam::111122223333:role/*",
            "arn:aws:iam::111122223333:",
            "arn:aws:sqs:us-east-1:*:orders",
        ];
        let arns = [
            "arn:aws:s3:::bucket/key",
            "arn:aws:s3:::bucket",
            "arn:aws:s3:::bucket/a/x",
            "arn:aws:s3:::other",
            "arn:aws:sqs:us-east-1:111122223333:orders",
            "arn:aws:sqs:eu-west-1:111122223333:orders",
            "arn:aws:logs:us-east-1:111122223333:log-group:app:log-stream:s",
            "arn:aws:logs:us-east-1:111122223333:log-group:app",
            "arn:aws:sagemaker:us-east-1:111122223333:training-job/j",
            "arn:aws:iam::111122223333:role/r",
            "arn:aws:iam::111122223333:",
            "arn:aws:s3",
            "arn:aws:sqs:us-east-1:111122223333",
            "arn:aws:sqs:us-east-1:a:b:orders",
            "",
        ];
        let mut fast = 0;
        for p in patterns {
            let t = tokens(p);
            for arn in arns {
                let split = arn_match_parts(&split_arn_tokens(&t), arn);
                if let Some(answer) = literal_arn_head(&t, arn) {
                    fast += 1;
                    assert_eq!(answer, split, "{p} against {arn}");
                }
            }
        }
        // Most of these patterns take the quick way.
        assert!(fast >= 11 * arns.len(), "{fast}");
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
    fn arn_parts_are_made_when_first_needed_and_do_not_change_equality() {
        let syntax = TemplateSyntax {
            wildcards: true,
            variables: true,
            lowercase: false,
        };
        let a = Template::new("arn:aws:s3:::bucket/*", syntax);
        let b = a.clone();
        let ctx = Context::default();
        assert!(a.matches_arn(&ctx, "arn:aws:s3:::bucket/key"));
        assert!(!a.matches_arn(&ctx, "arn:aws:s3:::other/key"));
        // `a` has made its parts, `b` has not: still equal, and both match alike.
        assert_eq!(a, b);
        assert!(b.matches_arn(&ctx, "arn:aws:s3:::bucket/key"));
        assert_ne!(a, Template::new("arn:aws:s3:::bucket/x*", syntax));
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
