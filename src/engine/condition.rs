//! Condition operators: reading them, reading their values, and deciding them against a request.
//!
//! The rules ("IAM JSON policy elements: Condition operators", "… with multiple context keys or
//! values"): several values of one key are OR-ed for positive operators and NOR-ed for negated
//! ones; a missing key makes positive operators false and negated ones true; `…IfExists` makes any
//! operator true on a missing key; `ForAnyValue:` is false and `ForAllValues:` true on a missing or
//! empty key.

use super::diagnostic::{did_you_mean, Span};
use super::pattern::{glob_match, Template, TemplateSyntax};
use super::policy::ConditionClause;
use super::request::Context;

/// The family of an operator, which decides how values are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OperatorFamily {
    /// `String…`.
    String,
    /// `Numeric…`.
    Numeric,
    /// `Date…`.
    Date,
    /// `Bool`.
    Bool,
    /// `BinaryEquals`.
    Binary,
    /// `IpAddress`, `NotIpAddress`.
    Ip,
    /// `Arn…`.
    Arn,
    /// `Null`.
    Null,
}

/// How a value is compared, within a family.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparison {
    /// Equality (exact).
    Equals,
    /// Equality ignoring case (strings only).
    EqualsIgnoreCase,
    /// Wildcard match (`*`, `?`).
    Like,
    /// Less than.
    LessThan,
    /// Less than or equal.
    LessThanEquals,
    /// Greater than.
    GreaterThan,
    /// Greater than or equal.
    GreaterThanEquals,
}

/// `ForAnyValue:` or `ForAllValues:`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetQualifier {
    /// True when some request value matches.
    ForAnyValue,
    /// True when every request value matches (and when there are none).
    ForAllValues,
}

/// A condition operator with its qualifiers, e.g. `ForAllValues:StringNotLikeIfExists`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operator {
    /// The base operator's name, without qualifiers (`StringLike`).
    pub name: &'static str,
    /// The family.
    pub family: OperatorFamily,
    /// The comparison, with negation kept apart.
    pub comparison: Comparison,
    /// `…Not…` operators: true when the value matches none of the policy values.
    pub negated: bool,
    /// `…IfExists`.
    pub if_exists: bool,
    /// `ForAnyValue:` / `ForAllValues:`.
    pub set: Option<SetQualifier>,
}

/// Every base operator: (name, family, comparison, negated).
const OPERATORS: &[(&str, OperatorFamily, Comparison, bool)] = {
    use Comparison::*;
    use OperatorFamily::*;
    &[
        ("StringEquals", String, Equals, false),
        ("StringNotEquals", String, Equals, true),
        ("StringEqualsIgnoreCase", String, EqualsIgnoreCase, false),
        ("StringNotEqualsIgnoreCase", String, EqualsIgnoreCase, true),
        ("StringLike", String, Like, false),
        ("StringNotLike", String, Like, true),
        ("NumericEquals", Numeric, Equals, false),
        ("NumericNotEquals", Numeric, Equals, true),
        ("NumericLessThan", Numeric, LessThan, false),
        ("NumericLessThanEquals", Numeric, LessThanEquals, false),
        ("NumericGreaterThan", Numeric, GreaterThan, false),
        (
            "NumericGreaterThanEquals",
            Numeric,
            GreaterThanEquals,
            false,
        ),
        ("DateEquals", Date, Equals, false),
        ("DateNotEquals", Date, Equals, true),
        ("DateLessThan", Date, LessThan, false),
        ("DateLessThanEquals", Date, LessThanEquals, false),
        ("DateGreaterThan", Date, GreaterThan, false),
        ("DateGreaterThanEquals", Date, GreaterThanEquals, false),
        ("Bool", Bool, Equals, false),
        ("BinaryEquals", Binary, Equals, false),
        ("IpAddress", Ip, Equals, false),
        ("NotIpAddress", Ip, Equals, true),
        ("ArnEquals", Arn, Like, false),
        ("ArnLike", Arn, Like, false),
        ("ArnNotEquals", Arn, Like, true),
        ("ArnNotLike", Arn, Like, true),
        ("Null", Null, Equals, false),
    ]
};

impl Operator {
    /// Reads an operator name. The error is (message, help).
    pub fn parse(text: &str) -> Result<Operator, (String, String)> {
        let unknown = || format!("unknown condition operator `{text}`");
        let (set, rest) = if let Some(r) = text.strip_prefix("ForAnyValue:") {
            (Some(SetQualifier::ForAnyValue), r)
        } else if let Some(r) = text.strip_prefix("ForAllValues:") {
            (Some(SetQualifier::ForAllValues), r)
        } else {
            (None, text)
        };
        let (if_exists, base) = match rest.strip_suffix("IfExists") {
            Some(b) => (true, b),
            None => (false, rest),
        };
        let Some(&(name, family, comparison, negated)) = OPERATORS.iter().find(|o| o.0 == base)
        else {
            let names: Vec<&str> = OPERATORS.iter().map(|o| o.0).collect();
            if let Some((prefix, _)) = rest.split_once(':') {
                return Err((
                    unknown(),
                    format!(
                        "`{prefix}:` is not a set qualifier: use `ForAnyValue:` or `ForAllValues:`"
                    ),
                ));
            }
            let help = match did_you_mean(base, &names) {
                Some(s) => format!("did you mean `{s}`? operator names are case-sensitive"),
                None => "operators are `String…`, `Numeric…`, `Date…`, `Bool`, `BinaryEquals`, `IpAddress`, `NotIpAddress`, `Arn…` and `Null`, optionally with `…IfExists` and `ForAnyValue:`/`ForAllValues:`".into(),
            };
            return Err((unknown(), help));
        };
        if family == OperatorFamily::Null && (if_exists || set.is_some()) {
            let what = if if_exists {
                "`IfExists`"
            } else {
                "a set qualifier"
            };
            return Err((
                format!("`Null` cannot take {what}"),
                "`Null` already tests whether the key exists: `\"true\"` means absent, `\"false\"` present".into(),
            ));
        }
        Ok(Operator {
            name,
            family,
            comparison,
            negated,
            if_exists,
            set,
        })
    }

    /// The base operator's name, without qualifiers (`StringLike`).
    pub fn base_name(&self) -> &'static str {
        self.name
    }

    /// True when `*` and `?` are wildcards in this operator's values.
    pub fn uses_wildcards(&self) -> bool {
        self.comparison == Comparison::Like
    }
}

/// An IP range: an address and a prefix length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IpRange {
    v6: bool,
    bits: u128,
    prefix: u32,
}

impl IpRange {
    /// Reads `a.b.c.d`, `a.b.c.d/n`, an IPv6 address, or an IPv6 CIDR.
    pub fn parse(text: &str) -> Option<IpRange> {
        let (addr, prefix) = match text.split_once('/') {
            Some((a, p)) => (a, Some(p.parse::<u32>().ok()?)),
            None => (text, None),
        };
        let ip: std::net::IpAddr = addr.trim().parse().ok()?;
        let (v6, bits, max) = match ip {
            std::net::IpAddr::V4(v4) => (false, u128::from(u32::from(v4)), 32),
            std::net::IpAddr::V6(v6) => (true, u128::from(v6), 128),
        };
        let prefix = prefix.unwrap_or(max);
        if prefix > max {
            return None;
        }
        Some(IpRange { v6, bits, prefix })
    }

    /// True when `other` (a single address) is inside this range.
    pub fn contains(&self, other: &IpRange) -> bool {
        if self.v6 != other.v6 {
            return false;
        }
        let width = if self.v6 { 128 } else { 32 };
        let shift = width - self.prefix;
        if shift >= 128 {
            return true;
        }
        (self.bits >> shift) == (other.bits >> shift)
    }
}

/// The values of a condition, read for the operator's family.
#[derive(Debug, Clone, PartialEq)]
pub enum ParsedValues {
    /// String and ARN operators: templates (variables resolved per request).
    Strings(Vec<Template>),
    /// Numbers.
    Numbers(Vec<f64>),
    /// Dates, as milliseconds since the epoch.
    Dates(Vec<i64>),
    /// Booleans.
    Bools(Vec<bool>),
    /// Decoded base64.
    Binary(Vec<Vec<u8>>),
    /// IP ranges.
    Ips(Vec<IpRange>),
    /// `Null`: true means "the key must be absent".
    Null(Vec<bool>),
}

/// A problem with one value: where, message, help.
pub type ValueProblem = (Span, String, Option<String>);

impl ParsedValues {
    /// Reads raw values for `operator`. Values that cannot be read are reported and left out.
    pub fn parse(
        operator: &Operator,
        raw: &[(String, Span)],
        variables: bool,
    ) -> (ParsedValues, Vec<ValueProblem>) {
        let mut problems = Vec::new();
        let name = operator.base_name();
        let mut typed = |what: &str, help: &str, ok: &dyn Fn(&str) -> bool| {
            for (v, span) in raw {
                if !ok(v) {
                    problems.push((
                        *span,
                        format!("`{v}` is not {what}, as `{name}` needs"),
                        Some(help.to_string()),
                    ));
                }
            }
        };
        let values = match operator.family {
            OperatorFamily::String | OperatorFamily::Arn => {
                let syntax = TemplateSyntax {
                    wildcards: operator.comparison == Comparison::Like,
                    variables,
                    lowercase: operator.comparison == Comparison::EqualsIgnoreCase,
                };
                ParsedValues::Strings(raw.iter().map(|(v, _)| Template::new(v, syntax)).collect())
            }
            OperatorFamily::Numeric => {
                typed("a number", "write a number such as `10` or `2.5`", &|v| {
                    parse_number(v).is_some()
                });
                ParsedValues::Numbers(raw.iter().filter_map(|(v, _)| parse_number(v)).collect())
            }
            OperatorFamily::Date => {
                typed(
                    "a date",
                    "write an ISO 8601 date such as `2026-01-31T00:00:00Z`, or epoch seconds",
                    &|v| parse_date(v).is_some(),
                );
                ParsedValues::Dates(raw.iter().filter_map(|(v, _)| parse_date(v)).collect())
            }
            OperatorFamily::Bool | OperatorFamily::Null => {
                typed(
                    "`true` or `false`",
                    "write `\"true\"` or `\"false\"`",
                    &|v| parse_bool(v).is_some(),
                );
                let bools = raw.iter().filter_map(|(v, _)| parse_bool(v)).collect();
                if operator.family == OperatorFamily::Null {
                    ParsedValues::Null(bools)
                } else {
                    ParsedValues::Bools(bools)
                }
            }
            OperatorFamily::Binary => {
                typed(
                    "base64",
                    "`BinaryEquals` compares base64-encoded values",
                    &|v| decode_base64(v).is_some(),
                );
                ParsedValues::Binary(raw.iter().filter_map(|(v, _)| decode_base64(v)).collect())
            }
            OperatorFamily::Ip => {
                typed(
                    "an ip address or cidr range",
                    "write an address such as `203.0.113.0/24` or `2001:db8::/32`",
                    &|v| IpRange::parse(v).is_some(),
                );
                ParsedValues::Ips(raw.iter().filter_map(|(v, _)| IpRange::parse(v)).collect())
            }
        };
        (values, problems)
    }
}

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

/// Reads a decimal number (`10`, `-2.5`, `1e3`).
pub fn parse_number(text: &str) -> Option<f64> {
    let t = text.trim();
    if t.is_empty()
        || !t
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'-' | b'+' | b'.' | b'e' | b'E'))
    {
        return None;
    }
    t.parse::<f64>().ok().filter(|n| n.is_finite())
}

/// Reads `true`/`false`, ignoring case.
pub fn parse_bool(text: &str) -> Option<bool> {
    if text.eq_ignore_ascii_case("true") {
        Some(true)
    } else if text.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

/// Reads an ISO 8601 date (`2026-01-31`, `2026-01-31T12:00:00Z`, with fractions or an offset) or
/// epoch seconds, as milliseconds since the epoch.
pub fn parse_date(text: &str) -> Option<i64> {
    let t = text.trim();
    if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) {
        return t.parse::<i64>().ok()?.checked_mul(1000);
    }
    let num = |s: &str| -> Option<i64> {
        if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        s.parse().ok()
    };
    let (date, time) = match t.split_once(['T', 't', ' ']) {
        Some((d, tm)) => (d, Some(tm)),
        None => (t, None),
    };
    let mut dp = date.split('-');
    let year = num(dp.next()?)?;
    let month = num(dp.next().unwrap_or("1"))?;
    let day = num(dp.next().unwrap_or("1"))?;
    if dp.next().is_some() || !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let mut millis = days_from_civil(year, month, day) * 86_400_000;
    if let Some(time) = time {
        let (clock, offset_ms) = if let Some(c) = time.strip_suffix(['Z', 'z']) {
            (c, 0)
        } else if let Some(pos) = time.rfind(['+', '-']) {
            let (c, off) = time.split_at(pos);
            let sign = if off.starts_with('-') { -1 } else { 1 };
            let off = &off[1..];
            let (oh, om) = match off.split_once(':') {
                Some((h, m)) => (num(h)?, num(m)?),
                None if off.len() == 4 => (num(&off[..2])?, num(&off[2..])?),
                None => (num(off)?, 0),
            };
            (c, sign * (oh * 3_600_000 + om * 60_000))
        } else {
            (time, 0)
        };
        let mut cp = clock.split(':');
        let h = num(cp.next()?)?;
        let m = num(cp.next().unwrap_or("0"))?;
        let sec_text = cp.next().unwrap_or("0");
        if cp.next().is_some() || h > 24 || m > 59 {
            return None;
        }
        let (s, frac) = match sec_text.split_once('.') {
            Some((s, f)) => (num(s)?, f),
            None => (num(sec_text)?, ""),
        };
        if s > 60 || !frac.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let frac_ms = frac
            .bytes()
            .chain(std::iter::repeat(b'0'))
            .take(3)
            .fold(0i64, |acc, b| acc * 10 + i64::from(b - b'0'));
        millis += h * 3_600_000 + m * 60_000 + s * 1000 + frac_ms - offset_ms;
    }
    Some(millis)
}

/// Days since 1970-01-01 of a civil date (proleptic Gregorian).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Decodes standard base64 (padding optional).
pub fn decode_base64(text: &str) -> Option<Vec<u8>> {
    decode_base64_alphabet(text, b'+', b'/')
}

/// Decodes base64 whose last two symbols are `c62` and `c63` (`+` `/` for standard base64, `-`
/// `_` for base64url); padding is optional.
pub fn decode_base64_alphabet(text: &str, c62: u8, c63: u8) -> Option<Vec<u8>> {
    let t = text.trim_end_matches('=');
    let mut out = Vec::with_capacity(t.len() * 3 / 4);
    let mut acc: u32 = 0;
    let mut bits = 0;
    for b in t.bytes() {
        let v = match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            _ if b == c62 => 62,
            _ if b == c63 => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    if t.is_empty() && !text.is_empty() {
        return None;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert!(Operator::parse("StringEqual")
            .expect_err("typo")
            .1
            .contains("StringEquals"));
    }
}
