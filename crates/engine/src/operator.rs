//! Condition operators and the values a policy gives them: reading an operator name
//! (`ForAllValues:StringNotLikeIfExists`) into an [`Operator`], and a key's values into
//! [`ParsedValues`] of the operator's type, with a problem per value that does not read. Deciding
//! them against a request is `condition.rs`; reading values (dates, numbers, IPs, base64) is
//! `values.rs`.

use super::diagnostic::{did_you_mean, Code, Span};
use super::pattern::{Template, TemplateSyntax};
use super::values::{decode_base64, parse_bool, parse_date, parse_number, IpRange};

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
    /// The operator name a mistaken one was probably meant to be, when the fix is mechanical:
    /// a misspelt or miscased base name (its qualifier and `IfExists` kept), or `Null` for
    /// `NullIfExists`. `None` when `text` is a valid operator or nothing is close.
    pub fn suggest(text: &str) -> Option<String> {
        if Operator::parse(text).is_ok() {
            return None;
        }
        let (qualifier, rest) = match text.split_once(':') {
            Some((q, r)) if q == "ForAnyValue" || q == "ForAllValues" => (&text[..q.len() + 1], r),
            Some(_) => return None,
            None => ("", text),
        };
        let (base, suffix) = match rest.strip_suffix("IfExists") {
            Some(b) => (b, "IfExists"),
            None => (rest, ""),
        };
        if base == "Null" {
            return (qualifier.is_empty() && suffix == "IfExists").then(|| "Null".to_string());
        }
        let names: Vec<&str> = OPERATORS.iter().map(|o| o.0).collect();
        let name = did_you_mean(base, &names)?;
        let fixed = format!("{qualifier}{name}{suffix}");
        Operator::parse(&fixed).is_ok().then_some(fixed)
    }

    /// Reads an operator name. The error is (message, help).
    pub fn parse(text: &str) -> Result<Operator, (Code, String, String)> {
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
                    Code::INVALID_CONDITION_OPERATOR,
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
            return Err((Code::INVALID_CONDITION_OPERATOR, unknown(), help));
        };
        if family == OperatorFamily::Null && (if_exists || set.is_some()) {
            let what = if if_exists {
                "`IfExists`"
            } else {
                "a set qualifier"
            };
            return Err((
                if if_exists {
                    Code::NULL_WITH_IF_EXISTS
                } else {
                    Code::NULL_WITH_QUALIFIER
                },
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

/// A problem with one value: its code, where, message, help.
pub type ValueProblem = (Code, Span, String, Option<String>);

impl ParsedValues {
    /// Reads raw values for `operator`. Values that cannot be read are reported and left out.
    pub fn parse(
        operator: &Operator,
        raw: &[(String, Span)],
        variables: bool,
    ) -> (ParsedValues, Vec<ValueProblem>) {
        let mut problems = Vec::new();
        let name = operator.base_name();
        let mut typed = |code: Code, what: &str, help: &str, ok: &dyn Fn(&str) -> bool| {
            for (v, span) in raw {
                if !ok(v) {
                    problems.push((
                        code,
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
                typed(
                    Code::TYPE_MISMATCH_NUMBER,
                    "a number",
                    "write a number such as `10` or `2.5`",
                    &|v| parse_number(v).is_some(),
                );
                ParsedValues::Numbers(raw.iter().filter_map(|(v, _)| parse_number(v)).collect())
            }
            OperatorFamily::Date => {
                typed(
                    Code::TYPE_MISMATCH_DATE,
                    "a date",
                    "write an ISO 8601 date such as `2026-01-31T00:00:00Z`, or epoch seconds",
                    &|v| parse_date(v).is_some(),
                );
                ParsedValues::Dates(raw.iter().filter_map(|(v, _)| parse_date(v)).collect())
            }
            OperatorFamily::Bool | OperatorFamily::Null => {
                typed(
                    Code::TYPE_MISMATCH_BOOLEAN,
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
                    Code::TYPE_MISMATCH_BINARY,
                    "base64",
                    "`BinaryEquals` compares base64-encoded values",
                    &|v| decode_base64(v).is_some(),
                );
                ParsedValues::Binary(raw.iter().filter_map(|(v, _)| decode_base64(v)).collect())
            }
            OperatorFamily::Ip => {
                typed(
                    Code::TYPE_MISMATCH_IP_RANGE,
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
