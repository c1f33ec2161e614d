//! Deciding condition clauses against a request (operators and their values are read in
//! `operator.rs` and `values.rs`).
//!
//! The rules ("IAM JSON policy elements: Condition operators", "… with multiple context keys or
//! values"): several values of one key are OR-ed for positive operators and NOR-ed for negated
//! ones; a missing key makes positive operators false and negated ones true; `…IfExists` makes any
//! operator true on a missing key; `ForAnyValue:` is false and `ForAllValues:` true on a missing or
//! empty key.

use super::ast::ConditionClause;
use super::operator::{Comparison, OperatorFamily, ParsedValues, SetQualifier};
use super::pattern::glob_match;
use super::request::Context;
use super::values::{decode_base64, parse_bool, parse_date, parse_number, IpRange};

/// Decides one condition clause for a request.
pub fn evaluate_clause(clause: &ConditionClause, context: &Context) -> bool {
    let op = &clause.operator;
    let values = context.get(&clause.key_lower).filter(|v| !v.is_empty());
    if let ParsedValues::Null(wanted) = &clause.values {
        let absent = values.is_none();
        return wanted.contains(&absent);
    }
    let Some(values) = values else {
        return match op.set {
            None => op.if_exists || op.negated,
            Some(SetQualifier::ForAnyValue) => op.if_exists,
            Some(SetQualifier::ForAllValues) => true,
        };
    };
    let matches = |v: &String| value_matches(clause, v, context);
    match (op.set, op.negated) {
        (None, false) | (Some(SetQualifier::ForAnyValue), false) => values.iter().any(matches),
        (None, true) => !values.iter().any(matches),
        (Some(SetQualifier::ForAnyValue), true) => values.iter().any(|v| !matches(v)),
        (Some(SetQualifier::ForAllValues), false) => values.iter().all(matches),
        (Some(SetQualifier::ForAllValues), true) => values.iter().all(|v| !matches(v)),
    }
}

/// True when request value `v` matches at least one of the clause's values (negation not applied).
fn value_matches(clause: &ConditionClause, v: &str, context: &Context) -> bool {
    let cmp = clause.operator.comparison;
    match &clause.values {
        ParsedValues::Strings(templates) => match clause.operator.family {
            OperatorFamily::Arn => templates.iter().any(|t| t.matches_arn(context, v)),
            _ => match cmp {
                Comparison::Like => templates.iter().any(|t| {
                    t.tokens(context, false)
                        .is_some_and(|tokens| glob_match(&tokens, v))
                }),
                Comparison::EqualsIgnoreCase => {
                    let lower = v.to_lowercase();
                    templates.iter().any(|t| match t.fixed_text() {
                        Some(fixed) => fixed == lower,
                        None => t.text(context, true).is_some_and(|s| s == lower),
                    })
                }
                _ => templates.iter().any(|t| match t.fixed_text() {
                    Some(fixed) => fixed == v,
                    None => t.text(context, false).is_some_and(|s| s == v),
                }),
            },
        },
        ParsedValues::Numbers(ns) => match parse_number(v) {
            Some(x) => ns.iter().any(|&n| compare(cmp, x.partial_cmp(&n))),
            None => false,
        },
        ParsedValues::Dates(ds) => match parse_date(v) {
            Some(x) => ds.iter().any(|&d| compare(cmp, Some(x.cmp(&d)))),
            None => false,
        },
        ParsedValues::Bools(bs) => match parse_bool(v) {
            Some(x) => bs.contains(&x),
            None => false,
        },
        ParsedValues::Binary(bs) => match decode_base64(v) {
            Some(x) => bs.contains(&x),
            None => false,
        },
        ParsedValues::Ips(ranges) => match IpRange::parse(v) {
            Some(ip) => ranges.iter().any(|r| r.contains(&ip)),
            None => false,
        },
        ParsedValues::Null(_) => false,
    }
}

fn compare(cmp: Comparison, ord: Option<std::cmp::Ordering>) -> bool {
    use std::cmp::Ordering::*;
    match (cmp, ord) {
        (_, None) => false,
        (Comparison::Equals | Comparison::EqualsIgnoreCase | Comparison::Like, Some(o)) => {
            o == Equal
        }
        (Comparison::LessThan, Some(o)) => o == Less,
        (Comparison::LessThanEquals, Some(o)) => o != Greater,
        (Comparison::GreaterThan, Some(o)) => o == Greater,
        (Comparison::GreaterThanEquals, Some(o)) => o != Less,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::operator::Operator;

    #[test]
    fn dates_in_every_form() {
        assert_eq!(parse_date("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse_date("1970-01-02"), Some(86_400_000));
        assert_eq!(parse_date("86400"), Some(86_400_000));
        assert_eq!(parse_date("1970-01-01T02:00:00+02:00"), Some(0));
        assert_eq!(
            parse_date("2020-02-29T12:30:15.5Z"),
            Some(1_582_979_415_500)
        );
        assert_eq!(parse_date("yesterday"), None);
    }

    #[test]
    fn ip_ranges() {
        let range = IpRange::parse("203.0.113.0/24").expect("valid");
        assert!(range.contains(&IpRange::parse("203.0.113.7").expect("valid")));
        assert!(!range.contains(&IpRange::parse("203.0.114.7").expect("valid")));
        let v6 = IpRange::parse("2001:db8::/32").expect("valid");
        assert!(v6.contains(&IpRange::parse("2001:db8::1").expect("valid")));
        assert!(IpRange::parse("0.0.0.0/0")
            .expect("valid")
            .contains(&IpRange::parse("1.2.3.4").expect("valid")));
        assert!(IpRange::parse("10.0.0.0/33").is_none());
    }

    #[test]
    fn base64() {
        assert_eq!(decode_base64("aGk="), Some(b"hi".to_vec()));
        assert_eq!(decode_base64("aGk"), Some(b"hi".to_vec()));
        assert_eq!(decode_base64("a*"), None);
    }

    #[test]
    fn operators_parse_with_qualifiers() {
        let op = Operator::parse("ForAllValues:StringNotLikeIfExists").expect("valid");
        assert_eq!(op.set, Some(SetQualifier::ForAllValues));
        assert!(op.negated && op.if_exists);
        assert_eq!(op.base_name(), "StringNotLike");
        let (code, _, help) = Operator::parse("StringEqual").expect_err("typo");
        assert_eq!(code, crate::Code::INVALID_CONDITION_OPERATOR);
        assert!(help.contains("StringEquals"));
        let (code, _, _) = Operator::parse("NullIfExists").expect_err("null");
        assert_eq!(code, crate::Code::NULL_WITH_IF_EXISTS);
        let (code, _, _) = Operator::parse("ForAnyValue:Null").expect_err("null");
        assert_eq!(code, crate::Code::NULL_WITH_QUALIFIER);
    }

    #[test]
    fn operator_suggestions_keep_the_qualifier_and_if_exists() {
        for (typo, meant) in [
            ("StringEqual", Some("StringEquals")),
            ("stringequals", Some("StringEquals")),
            ("ForAnyValue:StringLikee", Some("ForAnyValue:StringLike")),
            ("StringNotEqualIfExists", Some("StringNotEqualsIfExists")),
            ("NullIfExists", Some("Null")),
            ("StringEquals", None),
            ("ForSomeValues:StringEquals", None),
            ("Whatever", None),
        ] {
            assert_eq!(Operator::suggest(typo).as_deref(), meant, "{typo}");
        }
    }
}
