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

impl PolicyParser<'_> {
    /// "Missing paired condition keys": in an `Allow`, `aws:VpcSourceIp` alone matches the same
    /// private range in every VPC; `aws:SourceVpc` (or `aws:SourceVpce`) names the network.
    /// Not in endpoint policies: every request they see came through the endpoint, from its VPC.
    pub(super) fn check_paired_keys(&mut self, st: &Statement) {
        if st.effect != Effect::Allow || self.kind == PolicyKind::Endpoint {
            return;
        }
        let has = |key: &str| st.conditions.iter().any(|c| c.key_lower == key);
        if has("aws:sourcevpc") || has("aws:sourcevpce") {
            return;
        }
        if let Some(clause) = st
            .conditions
            .iter()
            .find(|c| c.key_lower == "aws:vpcsourceip")
        {
            self.report(Code::MISSING_PAIRED_CONDITION_KEYS,
                clause.span,
                format!("`{}` without `aws:SourceVpc` matches this private range in every vpc, other accounts' included", clause.key),
                Some("add `\"StringEquals\": {\"aws:SourceVpc\": \"vpc-…\"}` to the same condition".into()),
            );
        }
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
            JsonKind::String(s) => raw.push((s.to_string(), v.span)),
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
