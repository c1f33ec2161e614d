//! Action patterns (`s3:Get*`, `*:Describe*`) compiled for fast expansion over the index, and
//! condition key templates (`aws:RequestTag/${TagKey}`) as wildcard tokens.

use super::*;

/// An action pattern made ready for matching against the catalog. The service part and the name
/// part are matched separately when the pattern has exactly one colon (every action name has
/// exactly one, so the pattern's colon must meet it): a pattern such as `sagemaker:*` then only
/// looks at one service.
pub(super) struct ActionPattern {
    form: PatternForm,
}

pub(super) enum PatternForm {
    /// Matches nothing (several colons).
    Nothing,
    /// `service:name` parts, each lowercase tokens, and the name part's count of fixed
    /// characters (a name shorter than that cannot match).
    Split {
        service: Vec<Token>,
        name: Vec<Token>,
        fixed: usize,
    },
    /// No colon: matched against the whole lowercase `prefix:name` (only `*` in practice).
    Whole(Vec<Token>),
}

impl ActionPattern {
    pub(super) fn new(pattern: &str) -> ActionPattern {
        let lower = pattern.to_lowercase();
        let form = match lower.split(':').collect::<Vec<_>>().as_slice() {
            [whole] => PatternForm::Whole(wildcard_tokens(whole)),
            [service, name] => {
                let name = wildcard_tokens(name);
                PatternForm::Split {
                    service: wildcard_tokens(service),
                    fixed: fixed_length(&name),
                    name,
                }
            }
            _ => PatternForm::Nothing,
        };
        ActionPattern { form }
    }

    /// False when the pattern's name part has more fixed characters than the longest name of a
    /// service (`longest`, in bytes): it matches none of them, and they need not be tried.
    pub(super) fn may_match_names(&self, longest: usize) -> bool {
        match &self.form {
            PatternForm::Nothing => false,
            PatternForm::Split { fixed, .. } => *fixed <= longest,
            PatternForm::Whole(_) => true,
        }
    }

    /// The service prefix (lowercase) when the pattern names exactly one service.
    pub(super) fn fixed_service(&self) -> Option<&str> {
        match &self.form {
            PatternForm::Split { service, .. } => match service.as_slice() {
                [Token::Text(prefix)] => Some(prefix),
                _ => None,
            },
            _ => None,
        }
    }

    /// True for `*` (and `*:*`).
    pub(super) fn matches_everything(&self) -> bool {
        match &self.form {
            PatternForm::Whole(tokens) => matches!(tokens.as_slice(), [Token::AnyRun]),
            PatternForm::Split { service, name, .. } => {
                matches!(service.as_slice(), [Token::AnyRun])
                    && matches!(name.as_slice(), [Token::AnyRun])
            }
            PatternForm::Nothing => false,
        }
    }

    /// False when no action of the service with this (lowercase) prefix can match.
    pub(super) fn may_match_service(&self, prefix: &str) -> bool {
        match &self.form {
            PatternForm::Nothing => false,
            PatternForm::Split { service, .. } => glob_match(service, prefix),
            PatternForm::Whole(_) => true,
        }
    }

    /// True when action `local` of a service's `actions` matches (the service already passed
    /// `may_match_service`).
    pub(super) fn matches(&self, actions: &ServiceActions, local: usize) -> bool {
        match &self.form {
            PatternForm::Nothing => false,
            PatternForm::Split { name, .. } => glob_match(name, actions.short_lower_name(local)),
            PatternForm::Whole(tokens) => glob_match(tokens, actions.lower_name(local)),
        }
    }
}

/// Compares `lower` (already lowercase) with `other` lowercased, without allocating.
pub(super) fn cmp_lowercase(lower: &str, other: &str) -> std::cmp::Ordering {
    lower
        .bytes()
        .cmp(other.bytes().map(|b| b.to_ascii_lowercase()))
}

/// `*` and `?` as wildcards, everything else literal; consecutive `*` collapse into one.
pub(super) fn wildcard_tokens(pattern: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut text = String::new();
    for c in pattern.chars() {
        match c {
            '*' | '?' => {
                if !text.is_empty() {
                    tokens.push(Token::Text(std::mem::take(&mut text)));
                }
                if c == '?' {
                    tokens.push(Token::AnyOne);
                } else if tokens.last() != Some(&Token::AnyRun) {
                    tokens.push(Token::AnyRun);
                }
            }
            _ => text.push(c),
        }
    }
    if !text.is_empty() {
        tokens.push(Token::Text(text));
    }
    tokens
}

/// The fewest bytes a text matching `tokens` can have.
pub(super) fn fixed_length(tokens: &[Token]) -> usize {
    tokens
        .iter()
        .map(|t| match t {
            Token::Text(t) => t.len(),
            Token::AnyOne => 1,
            Token::AnyRun => 0,
        })
        .sum()
}

/// A templated condition key (already lowercase) as tokens: each placeholder (`${…}`, `<…>`, a
/// trailing `/tag-key`, or nothing after a trailing `/`) becomes one or more characters (`?` then
/// `*`).
pub(super) fn key_template_tokens(lower: &str) -> Vec<Token> {
    let (body, trailing_variable) = match lower.strip_suffix("tag-key") {
        Some(body) if body.ends_with('/') => (body, true),
        _ => (lower, lower.ends_with('/')),
    };
    let mut tokens = Vec::new();
    let mut text = String::new();
    let mut rest = body;
    while !rest.is_empty() {
        // Only a `${` or a `<` can open a placeholder: the text before the next one is copied
        // as a run (a character at a time, this was most of the catalog's key templates'
        // making, which a batch's first case waits for).
        let at = rest
            .bytes()
            .position(|b| b == b'$' || b == b'<')
            .unwrap_or(rest.len());
        text.push_str(rest.get(..at).unwrap_or(""));
        rest = rest.get(at..).unwrap_or("");
        let close = if rest.starts_with("${") {
            rest.find('}')
        } else if rest.starts_with('<') {
            rest.find('>')
        } else {
            None
        };
        if let Some(close) = close {
            if !text.is_empty() {
                tokens.push(Token::Text(std::mem::take(&mut text)));
            }
            tokens.push(Token::AnyOne);
            tokens.push(Token::AnyRun);
            rest = rest.get(close + 1..).unwrap_or("");
        } else if let Some(c) = rest.chars().next() {
            // a `$` or `<` that opens no placeholder is text
            text.push(c);
            rest = rest.get(c.len_utf8()..).unwrap_or("");
        }
    }
    if !text.is_empty() {
        tokens.push(Token::Text(text));
    }
    if trailing_variable {
        tokens.push(Token::AnyOne);
        tokens.push(Token::AnyRun);
    }
    tokens
}
