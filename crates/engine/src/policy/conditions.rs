//! `Condition` blocks: operators, keys and values, and the warnings and endpoint-policy rules
//! about them (set qualifiers on single-valued keys, `ForAllValues` with `Allow`, system-id keys,
//! the six-character wildcard rule).

use super::*;

/// Global keys whose values are system-generated ids: endpoint policies may not use wildcards or
/// numeric operators with them (PrivateLink guide, "Considerations").
const SYSTEM_ID_KEYS: &[&str] = &[
    "aws:principalaccount",
    "aws:principalorgid",
    "aws:resourceaccount",
    "aws:resourceorgid",
    "aws:sourceaccount",
    "aws:sourceorgid",
    "aws:sourcevpc",
    "aws:sourcevpce",
    "aws:vpceaccount",
    "aws:vpceorgid",
    "aws:userid",
];

/// The first wildcard of `value` that has fewer than six consecutive literal characters both
/// before and after it (the endpoint-policy rule), as (characters before, characters after).
/// True when `value` holds `*` or `?` outside `${…}` policy variables.
fn has_wildcard_outside_variables(value: &str) -> bool {
    let mut depth = 0usize;
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '$' if chars.peek() == Some(&'{') => {
                chars.next();
                depth += 1;
            }
            '}' if depth > 0 => depth -= 1,
            '*' | '?' if depth == 0 => return true,
            _ => {}
        }
    }
    false
}

pub(super) fn short_wildcard_runs(value: &str) -> Option<(usize, usize)> {
    let chars: Vec<char> = value.chars().collect();
    let wild = |c: &char| *c == '*' || *c == '?';
    for (i, c) in chars.iter().enumerate() {
        if !wild(c) {
            continue;
        }
        let before = chars[..i].iter().rev().take_while(|c| !wild(c)).count();
        let after = chars[i + 1..].iter().take_while(|c| !wild(c)).count();
        if before < 6 && after < 6 {
            return Some((before, after));
        }
    }
    None
}

/// True when `value` is (or, as a `…Like` pattern, can match) an id written `prefix` and 8 or 17
/// letters and digits (`vpc-1a2b3c4d`, `vpce-0123456789abcdef0`). Values with policy variables,
/// and with wildcards under operators that take them literally (another check reports those),
/// are left alone.
fn endpoint_id_could_be(value: &str, prefix: &str, like: bool, ignore_case: bool) -> bool {
    if value.contains("${") {
        return true;
    }
    let wildcard = value.find(['*', '?']);
    if wildcard.is_some() && !like {
        return true;
    }
    let starts = |text: &str, start: &str| {
        text.get(..start.len()).is_some_and(|head| {
            if ignore_case {
                head.eq_ignore_ascii_case(start)
            } else {
                head == start
            }
        })
    };
    let literal = &value[..wildcard.unwrap_or(value.len())];
    if wildcard.is_some() {
        // The text before the first wildcard must start some id.
        if literal.len() <= prefix.len() {
            return starts(prefix, literal);
        }
        let rest = literal.get(prefix.len()..).unwrap_or("");
        return starts(literal, prefix)
            && rest.len() <= 17
            && rest.bytes().all(|b| b.is_ascii_alphanumeric());
    }
    let rest = value.get(prefix.len()..).unwrap_or("");
    starts(value, prefix)
        && (rest.len() == 8 || rest.len() == 17)
        && rest.bytes().all(|b| b.is_ascii_alphanumeric())
}

impl PolicyParser<'_> {
    /// `Numeric…` comparisons with several values hold when any value does, so only the loosest
    /// bound counts: the greatest for `…LessThan…`, the least for `…GreaterThan…`.
    fn redundant_numbers(&mut self, clause: &ConditionClause, raw: &[(String, Span)]) {
        use crate::operator::Comparison::*;
        let greatest = match clause.operator.comparison {
            LessThan | LessThanEquals => true,
            GreaterThan | GreaterThanEquals => false,
            _ => return,
        };
        let numbers: Vec<(f64, &str)> = raw
            .iter()
            .filter_map(|(v, _)| crate::values::parse_number(v).map(|n| (n, v.as_str())))
            .collect();
        if numbers.len() < 2 {
            return;
        }
        let mut keep = numbers[0];
        for &(n, text) in &numbers[1..] {
            if (greatest && n > keep.0) || (!greatest && n < keep.0) {
                keep = (n, text);
            }
        }
        let (operator_text, key, bound) = (
            &clause.operator_text,
            &clause.key,
            if greatest { "greatest" } else { "least" },
        );
        self.report(
            Code::REDUNDANT_CONDITION_VALUE_NUM,
            clause.span,
            format!("`{operator_text}` holds when any of the values of `{key}` does, so only the {bound}, `{}`, counts", keep.1),
            Some(format!("give `{key}` the single value `{}`", keep.1)),
        );
    }

    pub(super) fn conditions(
        &mut self,
        json: &Json,
        effect: Option<Effect>,
    ) -> Vec<ConditionClause> {
        let Some(operators) = json.as_object() else {
            self.report(Code::DATA_TYPE_MISMATCH, json.span, format!("`Condition` must be an object, found {}", json.type_name()), Some("write `\"Condition\": {\"StringEquals\": {\"aws:RequestedRegion\": \"us-east-1\"}}`".into()));
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, op_member) in operators.iter().enumerate() {
            if operators[..i].iter().any(|o| o.key == op_member.key) {
                self.report(
                    Code::DUPLICATE_CONDITION_OPERATOR,
                    op_member.key_span,
                    format!("duplicate condition operator `{}`", op_member.key),
                    Some(format!(
                        "the policy is ambiguous: merge the keys into one `{}` block",
                        op_member.key
                    )),
                );
                continue;
            }
            let operator = match Operator::parse(&op_member.key) {
                Ok(op) => op,
                Err((code, message, help)) => {
                    self.report(code, op_member.key_span, message, Some(help));
                    continue;
                }
            };
            let Some(keys) = op_member.value.as_object() else {
                self.report(
                    Code::DATA_TYPE_MISMATCH,
                    op_member.value.span,
                    format!(
                        "the `{}` block must be an object of condition keys, found {}",
                        op_member.key,
                        op_member.value.type_name()
                    ),
                    None,
                );
                continue;
            };
            if keys.is_empty() {
                self.report(
                    Code::EMPTY_OBJECT_CONDITION,
                    op_member.value.span,
                    format!("the `{}` block has no condition keys", op_member.key),
                    None,
                );
            }
            for (j, key_member) in keys.iter().enumerate() {
                if keys[..j]
                    .iter()
                    .any(|o| o.key.eq_ignore_ascii_case(&key_member.key))
                {
                    self.report(
                        Code::DUPLICATE_CONDITION_KEY,
                        key_member.key_span,
                        format!(
                            "duplicate condition key `{}` under `{}`",
                            key_member.key, op_member.key
                        ),
                        Some("list all values in one array instead".into()),
                    );
                    continue;
                }
                if let Some(clause) =
                    self.condition_clause(&operator, &op_member.key, key_member, effect)
                {
                    out.push(clause);
                }
            }
        }
        out
    }

    pub(super) fn condition_clause(
        &mut self,
        operator: &Operator,
        operator_text: &str,
        member: &json::Member,
        effect: Option<Effect>,
    ) -> Option<ConditionClause> {
        let key = member.key.clone();
        if key.is_empty() || !key.contains(':') {
            self.report(
                Code::INVALID_CONDITION_KEY_FORMAT,
                member.key_span,
                format!("`{key}` is not a condition key: expected `prefix:name`"),
                Some("condition keys look like `aws:SourceVpce` or `s3:prefix`".into()),
            );
            return None;
        }
        let mut raw: Vec<(String, Span)> = Vec::new();
        let mut push_scalar = |p: &mut Self, v: &Json| {
            match &v.kind {
            JsonKind::String(s) => {
                p.check_variables(s, v.span);
                raw.push((s.to_string(), v.span))
            }
            JsonKind::Number(n) => raw.push((n.to_string(), v.span)),
            JsonKind::Bool(b) => raw.push((b.to_string(), v.span)),
            _ => p.report(Code::DATA_TYPE_MISMATCH,
                v.span,
                format!(
                    "condition values must be strings, numbers or booleans, found {}",
                    v.type_name()
                ),
                Some("give one value or an array of values, for example `\"us-east-1\"` or `[\"us-east-1\", \"eu-west-1\"]`".into()),
            ),
        }
        };
        match &member.value.kind {
            JsonKind::Array(items) => {
                if items.is_empty() {
                    self.report(
                        Code::EMPTY_ARRAY_CONDITION,
                        member.value.span,
                        format!("`{key}` has an empty list of values"),
                        Some("an empty list matches nothing: give at least one value".into()),
                    );
                    return None;
                }
                for item in items {
                    push_scalar(self, item);
                }
            }
            _ => push_scalar(self, &member.value),
        }
        let key_lower = key.to_ascii_lowercase();
        let vars = self.version == PolicyVersion::V2012_10_17;
        let (values, problems) = ParsedValues::parse(operator, &raw, vars);
        for (code, span, message, help) in problems {
            self.report(code, span, message, help);
        }
        let clause = ConditionClause {
            operator: operator.clone(),
            operator_text: operator_text.to_string(),
            key: key.to_string(),
            key_lower,
            values,
            raw_values: raw.iter().map(|(s, _)| s.clone()).collect(),
            span: member.key_span,
        };
        self.condition_warnings(&clause, &raw, effect);
        self.check_condition_key_in_catalog(&clause.key, clause.span);
        Some(clause)
    }

    /// `aws:SourceIp` with only private ranges (AWS sets it to the public address a request
    /// comes from: a private range never matches), and in a vpc endpoint policy at all (a
    /// request through a VPC endpoint carries `aws:VpcSourceIp`, never `aws:SourceIp`).
    fn source_ip_warnings(
        &mut self,
        operator: &crate::operator::Operator,
        operator_text: &str,
        key: &str,
        key_span: Span,
        raw: &[(String, Span)],
    ) {
        if self.kind == PolicyKind::Endpoint {
            self.report(
                Code::SOURCE_IP_THROUGH_ENDPOINT,
                key_span,
                format!(
                    "requests through a VPC endpoint carry no `{key}`: `{operator_text}` on it {}",
                    if operator.negated {
                        "is true for every such request"
                    } else {
                        "never holds here"
                    }
                ),
                Some("to test the caller's address inside the VPC, use `aws:VpcSourceIp`".into()),
            );
            return;
        }
        let private = |v: &str| {
            let (address, _) = v.split_once('/').unwrap_or((v, ""));
            address
                .parse::<std::net::Ipv4Addr>()
                .is_ok_and(|a| a.is_private())
        };
        let public = |v: &str| !private(v) && crate::values::IpRange::parse(v).is_some();
        if raw.iter().any(|(v, _)| private(v)) && raw.iter().any(|(v, _)| public(v)) {
            let code = if operator.negated {
                Code::PRIVATE_NOT_IP_ADDRESS_SUBSET
            } else {
                Code::PRIVATE_IP_ADDRESS_SUBSET
            };
            for (v, span) in raw.iter().filter(|(v, _)| private(v)) {
                self.report(code,
                    *span,
                    format!("`{v}` is a private range, but `{key}` is the public address a request comes from: {}", if operator.negated { "excluding it here has no effect" } else { "this value never matches" }),
                    Some("keep the public ranges here, and test private addresses of calls through a vpc endpoint with `aws:VpcSourceIp`".into()),
                );
            }
        }
        if !raw.is_empty() && raw.iter().all(|(v, _)| private(v)) {
            let code = if operator.negated {
                Code::PRIVATE_NOT_IP_ADDRESS
            } else {
                Code::PRIVATE_IP_ADDRESS
            };
            self.report(code,
                key_span,
                format!("`{key}` is the public address a request comes from, and every value here is a private range: {}", if operator.negated { "`NotIpAddress` holds for every request" } else { "it never matches" }),
                Some("for calls from inside a VPC through an endpoint, test `aws:VpcSourceIp` (with `aws:SourceVpc` or `aws:SourceVpce`)".into()),
            );
        }
    }

    /// Warnings (and the endpoint-policy errors) about one condition clause.
    pub(super) fn condition_warnings(
        &mut self,
        clause: &ConditionClause,
        raw: &[(String, Span)],
        effect: Option<Effect>,
    ) {
        use crate::operator::SetQualifier;
        let (operator, operator_text) = (&clause.operator, clause.operator_text.as_str());
        let (key, key_lower, key_span) =
            (clause.key.as_str(), clause.key_lower.as_str(), clause.span);
        if operator.set == Some(SetQualifier::ForAllValues) && effect == Some(Effect::Allow) {
            self.report(Code::FORALLVALUES_WITHOUT_NULL_CHECK,
                key_span,
                format!("`{operator_text}` is also true when the request has no `{key}` at all"),
                Some(format!("with `Allow`, add `\"Null\": {{\"{key}\": \"false\"}}` so that a missing key does not grant access")),
            );
        }
        if operator.set.is_some() && self.names.is_single_valued_global_key(key) {
            let code = if operator.set == Some(SetQualifier::ForAllValues) {
                Code::FORALLVALUES_WITH_SINGLE_VALUED_KEY
            } else {
                Code::FORANYVALUE_WITH_SINGLE_VALUED_KEY
            };
            self.report(code,
                key_span,
                format!("`{key}` is single-valued, but `{operator_text}` is meant for multi-valued keys"),
                Some(format!("use `{}` without the set qualifier", operator.base_name())),
            );
        }
        if key_lower == "aws:sourceip" && operator.family == OperatorFamily::Ip {
            self.source_ip_warnings(operator, operator_text, key, key_span, raw);
        }
        if operator.family == OperatorFamily::Ip {
            for (v, span) in raw {
                if let Some(fixed) = crate::values::IpRange::with_host_bits_cleared(v) {
                    self.report(
                        Code::IMPROVE_IP_RANGE,
                        *span,
                        format!("`{v}` sets bits past its /{} prefix, which aws ignores: it is the range `{fixed}`", fixed.rsplit('/').next().unwrap_or("")),
                        Some(format!("write `{fixed}`")),
                    );
                }
            }
        }
        if operator.family == OperatorFamily::Numeric {
            self.redundant_numbers(clause, raw);
        }
        if operator.family == OperatorFamily::String {
            let prefix = match key_lower {
                "aws:sourcevpc" => Some(("vpc-", Code::INVALID_VPC_FORMAT)),
                "aws:sourcevpce" => Some(("vpce-", Code::INVALID_VPCE_FORMAT)),
                _ => None,
            };
            if let Some((prefix, code)) = prefix {
                let ignore_case =
                    operator.comparison == crate::operator::Comparison::EqualsIgnoreCase;
                for (v, span) in raw {
                    if !endpoint_id_could_be(v, prefix, operator.uses_wildcards(), ignore_case) {
                        self.report(code,
                            *span,
                            format!("`{v}` is not a {} id: `{key}` holds `{prefix}` followed by 8 or 17 letters and digits", if prefix == "vpc-" { "vpc" } else { "vpc endpoint" }),
                            Some(format!("write the id as aws shows it, such as `{prefix}1a2b3c4d`")),
                        );
                    }
                }
            }
        }
        if operator.family == OperatorFamily::String
            && matches!(
                operator.comparison,
                crate::operator::Comparison::Equals | crate::operator::Comparison::EqualsIgnoreCase
            )
        {
            // A `*` or `?` outside a policy variable is literal text for these operators.
            if let Some((v, span)) = raw.iter().find(|(v, _)| has_wildcard_outside_variables(v)) {
                let like = if operator.negated {
                    "StringNotLike"
                } else {
                    "StringLike"
                };
                self.report(Code::WILDCARD_WITHOUT_LIKE_OPERATOR,
                    *span,
                    format!("`{v}` holds a wildcard, but `{operator_text}` compares it as literal text: only a value with that very `*` or `?` matches"),
                    Some(format!("to match a pattern, use `{like}`")),
                );
            }
        }
        if self.kind == PolicyKind::Endpoint && SYSTEM_ID_KEYS.contains(&key_lower) {
            let wildcard = raw
                .iter()
                .find(|(v, _)| v.contains('*') || v.contains('?'))
                .filter(|_| operator.uses_wildcards());
            let numeric = operator.family == OperatorFamily::Numeric;
            if numeric || wildcard.is_some() {
                // Point at the offending value when there is one, else at the key.
                let span = match wildcard {
                    Some((_, span)) if !numeric => *span,
                    _ => key_span,
                };
                self.report(Code::ENDPOINT_SYSTEM_ID_WILDCARD,
                    span,
                    format!("`{key}` carries a system-generated id: a vpc endpoint policy cannot match it with {}", if numeric { "a numeric operator" } else { "wildcards" }),
                    Some("list the exact ids with `StringEquals`".into()),
                );
            }
        }
        if self.kind == PolicyKind::Endpoint
            && operator.family == OperatorFamily::String
            && operator.uses_wildcards()
            && !SYSTEM_ID_KEYS.contains(&key_lower)
        {
            for (v, span) in raw {
                if let Some((before, after)) = short_wildcard_runs(v) {
                    self.report(Code::ENDPOINT_WILDCARD_TOO_SHORT,
                        *span,
                        format!("`{v}` has a wildcard with only {before} consecutive characters before it and {after} after it"),
                        Some("vpc endpoint policies: \"when using string condition operators, you must use at least six consecutive characters before or after each wildcard character\" (privatelink guide): write at least six literal characters on one side of every `*` and `?`".into()),
                    );
                }
            }
        }
        if self.kind == PolicyKind::Endpoint {
            // "When you specify an ARN in a resource or condition element, the account portion
            // can include an account ID or a wildcard, but not both" (PrivateLink guide).
            for (v, span) in raw.iter().filter(|(v, _)| v.starts_with("arn:")) {
                self.check_endpoint_arn(v, *span);
            }
        }
    }
}
