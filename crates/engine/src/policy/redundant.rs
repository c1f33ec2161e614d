//! Suggestions about what a policy says twice: an action or resource another entry of the same
//! element already covers, a statement another statement of the same effect already covers, and
//! wildcards in an action's service name. Each comparison is bounded: at most
//! `MAX_COMPARED_ENTRIES` entries per element and `MAX_COMPARED_STATEMENTS` statements per
//! policy, every pair matched in time linear in the product of their lengths.

use super::*;
use crate::pattern::{arn_match, tokens_text};
use crate::request::Context;
use policy_playground_text::glob_match;

/// Entries of one element compared pairwise (the rest are not checked).
pub(super) const MAX_COMPARED_ENTRIES: usize = 64;
/// Statements of one policy compared pairwise (the rest are not checked).
const MAX_COMPARED_STATEMENTS: usize = 64;
/// Pairs of entries compared per policy, all checks of this file together; past it the
/// remaining entries and statements are not checked.
pub(super) const MAX_COMPARISONS: usize = 20_000;

/// True when no text can match both: every text `wide` matches starts with its literal prefix
/// (the text before its first wildcard), every one `narrow` matches with its own, and neither
/// prefix starts the other. The quick answer for most pairs of a statement's entries (other
/// services, other buckets), found without building either's text. ARN matching keeps that
/// property: a pattern's parts are literal up to its first wildcard.
fn disjoint_prefixes(wide: &Template, narrow: &Template, resource: bool) -> bool {
    use crate::pattern::Token;
    fn prefix(t: &Template) -> Option<&str> {
        match t.fixed_tokens()? {
            [Token::Text(p), ..] => Some(p.as_str()),
            _ => Some(""),
        }
    }
    let (Some(a), Some(b)) = (prefix(wide), prefix(narrow)) else {
        return false;
    };
    let n = a.len().min(b.len());
    match (a.get(..n), b.get(..n)) {
        (Some(x), Some(y)) if resource => x != y,
        (Some(x), Some(y)) => !x.eq_ignore_ascii_case(y),
        // A cut inside a character: compared no further (not proven disjoint).
        _ => false,
    }
}

/// True when every action or resource `narrow` matches, `wide` matches too. `resource`: ARN
/// matching, case-sensitive; else actions, compared in lowercase. Only the forms that are easy
/// to prove: the same text, `*`, a literal entry matched by a wildcard one, and (actions) a
/// pattern of one service under `service:*`.
fn covers(wide: &Template, narrow: &Template, resource: bool) -> bool {
    let empty = Context::default();
    let lowercase = !resource;
    if wide.is_match_all() {
        return true;
    }
    if disjoint_prefixes(wide, narrow, resource) {
        return false;
    }
    // Compared as their texts (`Template::text`), written out only where a text is needed.
    let (Some(wide_tokens), Some(narrow_tokens)) = (
        wide.tokens(&empty, lowercase),
        narrow.tokens(&empty, lowercase),
    ) else {
        return false;
    };
    // Texts of other lengths differ: most pairs are told apart without reading either.
    let same = text_len(&wide_tokens) == text_len(&narrow_tokens) && {
        let (w, n) = (text_bytes(&wide_tokens), text_bytes(&narrow_tokens));
        if resource {
            w.eq(n)
        } else {
            w.map(|b| b.to_ascii_lowercase())
                .eq(n.map(|b| b.to_ascii_lowercase()))
        }
    };
    if same && wide.variables().next().is_none() {
        return true;
    }
    if let Some(literal) = narrow.fixed_text() {
        return if resource {
            arn_match(&wide_tokens, literal)
        } else if literal.bytes().any(|b| b.is_ascii_uppercase()) {
            glob_match(&wide_tokens, &literal.to_ascii_lowercase())
        } else {
            glob_match(&wide_tokens, literal)
        };
    }
    // (Only a text ending in `:*` can be `service:*`: the others are told without writing it.)
    if !resource && ends_with_colon_star(&wide_tokens) {
        let (w, n) = (tokens_text(&wide_tokens), tokens_text(&narrow_tokens));
        // `s3:*` covers every pattern of the service `s3`.
        if let (Some((ws, "*")), Some((ns, _))) = (
            crate::text::bytes::split_once_byte(&w, b':'),
            crate::text::bytes::split_once_byte(&n, b':'),
        ) {
            return !ws.contains(['*', '?'])
                && !ns.contains(['*', '?'])
                && ws.eq_ignore_ascii_case(ns);
        }
    }
    false
}

/// The length of the text that `tokens` write (`Template::text`).
fn text_len(tokens: &[crate::pattern::Token]) -> usize {
    use crate::pattern::Token;
    tokens
        .iter()
        .map(|t| match t {
            Token::Text(text) => text.len(),
            Token::AnyRun | Token::AnyOne => 1,
        })
        .sum()
}

/// True when the text that `tokens` write ends with `:*`.
fn ends_with_colon_star(tokens: &[crate::pattern::Token]) -> bool {
    let mut last = tokens.iter().rev().flat_map(|t| {
        use crate::pattern::Token;
        let bytes: &[u8] = match t {
            Token::Text(text) => text.as_bytes(),
            Token::AnyRun => b"*",
            Token::AnyOne => b"?",
        };
        bytes.iter().rev()
    });
    last.next() == Some(&b'*') && last.next() == Some(&b':')
}

/// The bytes of the text that `tokens` write (`Template::text`), one after another.
fn text_bytes(tokens: &[crate::pattern::Token]) -> impl Iterator<Item = u8> + '_ {
    use crate::pattern::Token;
    tokens
        .iter()
        .flat_map(|t| match t {
            Token::Text(text) => text.as_bytes(),
            Token::AnyRun => b"*",
            Token::AnyOne => b"?",
        })
        .copied()
}

/// True when two values are the same as written, members in any order: the same strings,
/// numbers (as written) and literals, arrays item for item, objects member for member once
/// ordered by name (stably, so duplicate names keep their order). Compares principals and
/// conditions without writing either down.
fn same_value(a: &Json, b: &Json) -> bool {
    match (a.kind, b.kind) {
        (JsonKind::Object(x), JsonKind::Object(y)) => {
            if x.len() != y.len() {
                return false;
            }
            // Members named alike in the same order (nearly always): ordering both by name
            // would pair them as they are.
            if x.iter().zip(y).all(|(p, q)| p.key == q.key) {
                return x.iter().zip(y).all(|(p, q)| same_value(&p.value, &q.value));
            }
            let by_name = |members: &[json::Member<'_>]| {
                let mut sorted: Vec<usize> = (0..members.len()).collect();
                crate::text::sort_stable_by(&mut sorted, |&i, &j| {
                    members[i].key.cmp(members[j].key)
                });
                sorted
            };
            let (xs, ys) = (by_name(x), by_name(y));
            xs.iter()
                .zip(&ys)
                .all(|(&i, &j)| x[i].key == y[j].key && same_value(&x[i].value, &y[j].value))
        }
        (JsonKind::Array(x), JsonKind::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same_value(p, q))
        }
        (JsonKind::String(x), JsonKind::String(y)) => x == y,
        (JsonKind::Number(x), JsonKind::Number(y)) => x == y,
        (JsonKind::Bool(x), JsonKind::Bool(y)) => x == y,
        (JsonKind::Null, JsonKind::Null) => true,
        _ => false,
    }
}

/// [`same_value`] of two values that may be missing: both missing, or the same.
fn same_if_any(a: Option<&Json>, b: Option<&Json>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => same_value(a, b),
        _ => false,
    }
}

impl PolicyParser<'_> {
    /// `REDUNDANT_ACTION` / `REDUNDANT_RESOURCE`: an entry that another entry of the same
    /// element covers (the later of two equal entries).
    pub(super) fn check_redundant_entries(
        &mut self,
        strings: &[(&str, Span)],
        patterns: &[Template],
        name: &str,
    ) {
        let resource = name != "Action";
        let n = strings.len().min(patterns.len()).min(MAX_COMPARED_ENTRIES);
        for i in 0..n {
            if self.comparisons < n {
                return;
            }
            self.comparisons -= n;
            let by = (0..n).find(|&j| {
                j != i
                    && covers(&patterns[j], &patterns[i], resource)
                    && (j < i || !covers(&patterns[i], &patterns[j], resource))
            });
            let Some(j) = by else {
                continue;
            };
            let (text, span) = &strings[i];
            let other = &strings[j].0;
            let (code, what) = if resource {
                (Code::REDUNDANT_RESOURCE, "resource")
            } else {
                (Code::REDUNDANT_ACTION, "action")
            };
            // joined, not formatted: a batch reports thousands of these
            let message = if covers(&patterns[i], &patterns[j], resource) {
                ["the ", what, " `", text, "` is listed twice"].concat()
            } else {
                [
                    "the ",
                    what,
                    " `",
                    text,
                    "` is already covered by `",
                    other,
                    "`",
                ]
                .concat()
            };
            self.report(code, *span, message, Some(["remove `", text, "`"].concat()));
        }
    }

    /// `WILDCARD_IN_SERVICE_NAME`: a wildcard in the service part of an action (`Action` only:
    /// in `NotAction` it excludes more, never grants more).
    pub(super) fn check_service_wildcard(&mut self, text: &str, span: Span) {
        if text == "*" {
            return;
        }
        if let Some((service, _)) = crate::text::bytes::split_once_byte(text, b':') {
            if service.contains(['*', '?']) {
                self.report(Code::WILDCARD_IN_SERVICE_NAME,
                    span,
                    format!("the service part `{service}` of `{text}` has a wildcard: it also matches services with similar names, today's and future ones"),
                    Some("write each service prefix in full, one action pattern per service".into()),
                );
            }
        }
    }

    /// `REDUNDANT_STATEMENT`: a statement another statement of the same effect covers: the same
    /// principal and condition as written, and every action and resource of it covered.
    pub(super) fn check_redundant_statements(&mut self, statements: &[Statement], items: &[&Json]) {
        let n = statements.len().min(MAX_COMPARED_STATEMENTS);
        // What must be the same for one statement to cover another, as written: the
        // principals and the condition.
        let keys: Vec<[Option<&Json>; 3]> = statements[..n]
            .iter()
            .map(|st| {
                let item = items.get(st.index);
                ["Principal", "NotPrincipal", "Condition"]
                    .map(|name| item.and_then(|j| j.get(name)))
            })
            .collect();
        let same_keys = |a: usize, b: usize| {
            keys[a]
                .iter()
                .zip(&keys[b])
                .all(|(x, y)| same_if_any(*x, *y))
        };
        let budget = std::cell::Cell::new(self.comparisons);
        let element_covers = |wide: &PatternElement, narrow: &PatternElement, resource: bool| {
            let cost = wide.patterns.len().min(MAX_COMPARED_ENTRIES)
                * narrow.patterns.len().min(MAX_COMPARED_ENTRIES);
            if budget.get() < cost {
                return false;
            }
            budget.set(budget.get() - cost);
            if wide.negated || narrow.negated {
                // The same `NotAction`/`NotResource` list, entry for entry.
                return wide.negated == narrow.negated
                    && wide.patterns.len() == narrow.patterns.len()
                    && wide
                        .patterns
                        .iter()
                        .zip(narrow.patterns.iter())
                        .all(|(a, b)| covers(a, b, resource) && covers(b, a, resource));
            }
            narrow.patterns.iter().take(MAX_COMPARED_ENTRIES).all(|p| {
                wide.patterns
                    .iter()
                    .take(MAX_COMPARED_ENTRIES)
                    .any(|w| covers(w, p, resource))
            }) && narrow.patterns.len() <= MAX_COMPARED_ENTRIES
        };
        let statement_covers = |a: usize, b: usize| {
            let (sa, sb) = (&statements[a], &statements[b]);
            sa.effect == sb.effect
                && same_keys(a, b)
                && element_covers(&sa.action, &sb.action, false)
                && element_covers(&sa.resource, &sb.resource, true)
        };
        let mut found = Vec::new();
        for b in 0..n {
            let by = (0..n)
                .find(|&a| a != b && statement_covers(a, b) && (a < b || !statement_covers(b, a)));
            if let Some(a) = by {
                found.push((a, b));
            }
        }
        self.comparisons = budget.get();
        for (a, b) in found {
            let (sa, sb) = (&statements[a], &statements[b]);
            // joined, not formatted: a batch reports thousands of these
            let (ia, ib) = (
                crate::text::decimal(sa.index),
                crate::text::decimal(sb.index),
            );
            fn name<'s>(st: &'s Statement, index: &'s str) -> [&'s str; 5] {
                match &st.sid {
                    Some(sid) => ["`Statement[", index, "]` (`", sid, "`)"],
                    None => ["`Statement[", index, "]`", "", ""],
                }
            }
            let (verb, infinitive) = if sb.effect == Effect::Deny {
                ("denies", "deny")
            } else {
                ("allows", "allow")
            };
            let mut message = name(sb, ib.as_str()).concat();
            message.push(' ');
            message.push_str(verb);
            message.push_str(" nothing that ");
            message.push_str(&name(sa, ia.as_str()).concat());
            message.push_str(" does not already ");
            message.push_str(infinitive);
            self.report(
                Code::REDUNDANT_STATEMENT,
                Span::new(sb.span.start, sb.span.start + 1),
                message,
                Some("remove it, or merge the two statements".into()),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pattern::TemplateSyntax;

    fn t(text: &str, resource: bool) -> Template {
        Template::new(
            text,
            TemplateSyntax {
                wildcards: true,
                variables: true,
                lowercase: !resource,
            },
        )
    }

    /// Values are the same exactly when they are, members in any order (duplicates in theirs):
    /// quotes and backslashes inside strings cannot make two different values read alike.
    #[test]
    fn values_are_told_apart_and_member_order_is_ignored() {
        let same = |x: &str, y: &str| {
            let arena = crate::json::Arena::new();
            let x = crate::json::parse(x, &arena).expect("valid json");
            let y = crate::json::parse(y, &arena).expect("valid json");
            same_value(&x, &y)
        };
        assert!(same(
            r#"{"b": ["x", 1], "a": {"d": true, "c": null}}"#,
            r#"{"a": {"c": null, "d": true}, "b": ["x", 1]}"#
        ));
        assert!(same(
            r#"{"a": 1, "b": 2, "a": 3}"#,
            r#"{"b": 2, "a": 1, "a": 3}"#
        ));
        assert!(!same(
            r#"{"a": 1, "b": 2, "a": 3}"#,
            r#"{"b": 2, "a": 3, "a": 1}"#
        ));
        let distinct = [
            r#"{"a": "b\",\"c\":\"d"}"#,
            r#"{"a": "b", "c": "d"}"#,
            r#"{"a\":\"b": "c"}"#,
            r#"{"a": "b\\", "c": "d"}"#,
            r#"{"a": "b\\\"", "c": "d"}"#,
            r#"{"a": ["b", "c"]}"#,
            r#"{"a": ["b,c"]}"#,
            r#"{"a": "1"}"#,
            r#"{"a": 1}"#,
            r#"{"a": 1.0}"#,
            r#"{"a": true}"#,
            r#"{"a": null}"#,
            r#"{"a": {}}"#,
            r#"{"a": []}"#,
        ];
        for (i, x) in distinct.iter().enumerate() {
            assert!(same(x, x), "{x}");
            for y in &distinct[i + 1..] {
                assert!(!same(x, y), "{x} / {y}");
                assert!(!same(y, x), "{y} / {x}");
            }
        }
    }

    /// Disjoint literal prefixes answer "does not cover" early; every pair that covers keeps
    /// its answer.
    #[test]
    fn prefixes_rule_out_only_pairs_that_cannot_cover() {
        let actions = [
            ("s3:*", "ec2:RunInstances", false),
            ("s3:Get*", "S3:GetObject", true),
            ("s3:*", "s3:Get*", true),
            ("S3:Get*", "s3:Put*", false),
            ("*", "ec2:RunInstances", true),
            ("s3:GetObject", "s3:getobject", true),
            ("?3:GetObject", "s3:GetObject", true),
        ];
        for (wide, narrow, expected) in actions {
            let (w, n) = (t(wide, false), t(narrow, false));
            assert_eq!(covers(&w, &n, false), expected, "{wide} covers {narrow}");
            if disjoint_prefixes(&w, &n, false) {
                assert!(!expected, "{wide} / {narrow} ruled out but covers");
            }
        }
        let resources = [
            ("arn:aws:s3:::a*", "arn:aws:s3:::b/x", false),
            ("arn:aws:s3:::a*", "arn:aws:s3:::abc/x", true),
            ("arn:aws:s3:::A*", "arn:aws:s3:::abc/x", false),
            ("arn:aws:s3:::*", "arn:aws:s3:::b*", false),
            ("arn:aws:s3:::é*", "arn:aws:s3:::éa", true),
        ];
        for (wide, narrow, expected) in resources {
            let (w, n) = (t(wide, true), t(narrow, true));
            assert_eq!(covers(&w, &n, true), expected, "{wide} covers {narrow}");
        }
        assert!(disjoint_prefixes(
            &t("s3:*", false),
            &t("ec2:*", false),
            false
        ));
        assert!(!disjoint_prefixes(
            &t("s3:*", false),
            &t("S3:Get*", false),
            false
        ));
    }
}
