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
    if crate::text::bytes::contains(value, "${") {
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

    /// [`Self::conditions`] through the element memo (see `memo.rs`) when the names allow it.
    pub(super) fn conditions_kept(
        &mut self,
        json: &Json,
        effect: Option<Effect>,
    ) -> Vec<ConditionClause> {
        let flags = match effect {
            None => 0,
            Some(Effect::Allow) => 1,
            Some(Effect::Deny) => 2,
        };
        if let Some(kept) = self.recall_element("Condition", flags, json.span) {
            return kept.into_conditions().unwrap_or_default();
        }
        let before = self.spent();
        let read = memo::Read::Conditions(self.conditions(json, effect));
        self.keep_element("Condition", flags, json.span, before, &read, 0);
        read.into_conditions().unwrap_or_default()
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
        let present = keys_tested_present(operators);
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
            let operator = match Operator::parse(op_member.key) {
                Ok(op) => op,
                Err((code, message, help)) => {
                    let fix = Operator::suggest(op_member.key)
                        .map(|name| Fix::string(op_member.key_span, &name));
                    self.report_fix(code, op_member.key_span, message, Some(help), fix);
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
                    .any(|o| o.key.eq_ignore_ascii_case(key_member.key))
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
                    self.condition_clause(&operator, op_member.key, key_member, effect, &present)
                {
                    out.push(clause);
                }
            }
        }
        out
    }

    /// Reads one `key: values` clause of an `operator` block. `present`: the keys (lowercase,
    /// sorted) the same `Condition` block requires to be in the request (`"Null": {key:
    /// "false"}`).
    pub(super) fn condition_clause(
        &mut self,
        operator: &Operator,
        operator_text: &str,
        member: &json::Member,
        effect: Option<Effect>,
        present: &[String],
    ) -> Option<ConditionClause> {
        let key = member.key;
        if key.is_empty() || !key.contains(':') {
            self.report(
                Code::INVALID_CONDITION_KEY_FORMAT,
                member.key_span,
                format!("`{key}` is not a condition key: expected `prefix:name`"),
                Some("condition keys look like `aws:SourceVpce` or `s3:prefix`".into()),
            );
            return None;
        }
        let missing_tag_key = self.missing_tag_key(key, member.key_span);
        let mut raw: Vec<(String, Span)> = Vec::new();
        // The JSON type of each value, for `INVALID_CONDITION_DATA_TYPE`.
        let mut json_types: Vec<(&'static str, Span)> = Vec::new();
        let mut push_scalar = |p: &mut Self, v: &Json| {
            match &v.kind {
            JsonKind::String(s) => {
                p.check_variables(s, v.span);
                json_types.push(("a string", v.span));
                raw.push((s.to_string(), v.span))
            }
            JsonKind::Number(n) => {
                json_types.push(("a number", v.span));
                raw.push((n.to_string(), v.span))
            }
            JsonKind::Bool(b) => {
                json_types.push(("a boolean", v.span));
                raw.push((b.to_string(), v.span))
            }
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
                for item in items.iter() {
                    push_scalar(self, item);
                }
            }
            _ => push_scalar(self, &member.value),
        }
        if let Some((first, _)) = json_types.first() {
            if let Some((other, span)) = json_types.iter().find(|(t, _)| t != first) {
                self.report(Code::INVALID_CONDITION_DATA_TYPE,
                    *span,
                    format!("the values of `{key}` mix json types: this one is {other}, the first is {first}"),
                    Some("write every value of a key as a json string, for example `[\"1\", \"2\"]` or `[\"true\"]`".into()),
                );
            }
        }
        let key_lower = key.to_ascii_lowercase();
        let vars = self.version == PolicyVersion::V2012_10_17;
        let (values, problems) = ParsedValues::parse(operator, &raw, vars);
        // Variables are read only by string and ARN operators: in another operator's value a
        // variable is the mistake, not the value's type.
        // The start offsets of values holding a variable, sorted: looked up by binary search,
        // so a hostile list of values costs n log n.
        let mut variable_spans: Vec<usize> = if vars
            && !matches!(
                operator.family,
                OperatorFamily::String | OperatorFamily::Arn
            ) {
            raw.iter()
                .filter(|(v, _)| super::variables::has_variable(v))
                .map(|(_, span)| span.start)
                .collect()
        } else {
            Vec::new()
        };
        crate::text::sort_stable_by(&mut variable_spans, Ord::cmp);
        let has_variable = |span: &Span| variable_spans.binary_search(&span.start).is_ok();
        for (v, span) in raw.iter().filter(|(_, span)| has_variable(span)) {
            self.report(Code::INVALID_VARIABLE_FOR_OPERATOR,
                *span,
                format!("`{v}` holds a policy variable, but `{operator_text}` does not read variables"),
                Some("policy variables work only with string and arn operators (`StringEquals`, `StringLike`, `ArnLike`, ...)".into()),
            );
        }
        for (code, span, message, help) in problems {
            if !has_variable(&span) {
                self.report(code, span, message, help);
            }
        }
        if let ParsedValues::Bools(bools) = &values {
            if bools.contains(&true) && bools.contains(&false) {
                self.report(Code::INVALID_CONDITION_MULTIPLE_BOOLEAN,
                    member.value.span,
                    format!("`{key}` is given both `true` and `false`: the test holds for either value, so it only checks that the key is present"),
                    Some(format!("keep the one value you mean; to test only that the key is present, use `\"Null\": {{\"{key}\": \"false\"}}`")),
                );
            }
        }
        let clause = ConditionClause {
            test: std::rc::Rc::new(ClauseTest {
                operator: operator.clone(),
                operator_text: operator_text.to_string(),
                key: key.to_string(),
                key_lower,
                values,
                raw_values: raw.iter().map(|(s, _)| s.clone()).collect(),
            }),
            span: member.key_span,
        };
        self.condition_warnings(&clause, &raw, effect, present);
        if !missing_tag_key {
            self.check_condition_key_in_catalog(&clause.key, clause.span);
            self.key_type_checks(&clause);
        }
        Some(clause)
    }

    /// `aws:RequestTag/` and its kind (`aws:ResourceTag/`, `s3:ExistingObjectTag/`, ...) with no
    /// tag key after the slash; true when reported.
    fn missing_tag_key(&mut self, key: &str, span: Span) -> bool {
        let name = crate::text::bytes::split_once_byte(key, b':').map_or("", |(_, name)| name);
        let lower = name.to_ascii_lowercase();
        if !lower.ends_with("tag/") {
            return false;
        }
        self.report(
            Code::MISSING_TAG_KEY_IN_CONDITION,
            span,
            format!("`{key}` names no tag key after the `/`"),
            Some(format!(
                "write the tag key after the slash, for example `{key}team`"
            )),
        );
        true
    }

    /// What the key's type in the catalog says about the operator: a multi-valued key without
    /// `ForAllValues`/`ForAnyValue` (`MISSING_QUALIFIER`), an operator of another type
    /// (`TYPE_MISMATCH`).
    fn key_type_checks(&mut self, clause: &ConditionClause) {
        let operator = &clause.operator;
        // `Null` fits every key; the catalog types no key as binary, so `BinaryEquals` is left
        // alone rather than reported on every key.
        if matches!(
            operator.family,
            OperatorFamily::Null | OperatorFamily::Binary
        ) {
            return;
        }
        let Some(key_type) = self.names.condition_key_type(&clause.key) else {
            return;
        };
        let (key, operator_text) = (&clause.key, &clause.operator_text);
        let (type_name, families) = key_type.families();
        if !families.contains(&operator.family) {
            let example = match key_type {
                KeyType::String | KeyType::ArrayOfString => "StringEquals",
                KeyType::Arn | KeyType::ArrayOfArn => "ArnLike",
                KeyType::Bool | KeyType::ArrayOfBool => "Bool",
                KeyType::Numeric => "NumericEquals",
                KeyType::Date | KeyType::DateOrNumeric => "DateGreaterThan",
                KeyType::IpAddress => "IpAddress",
            };
            self.report(
                Code::TYPE_MISMATCH,
                clause.span,
                format!(
                    "`{key}` holds {} values, which `{operator_text}` does not compare",
                    type_name.to_ascii_lowercase()
                ),
                Some(format!("use a {type_name} operator, such as `{example}`")),
            );
            return;
        }
        if key_type.is_multi_valued() && operator.set.is_none() {
            self.report(Code::MISSING_QUALIFIER,
                clause.span,
                format!("`{key}` can hold several values in one request, but `{operator_text}` has no set qualifier"),
                Some(format!("say how the values are compared: `ForAnyValue:{name}` (at least one) or `ForAllValues:{name}` (every one)", name = operator_text.trim_start_matches("ForAnyValue:").trim_start_matches("ForAllValues:"))),
            );
        }
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

    /// Warnings (and the endpoint-policy errors) about one condition clause; `present` as for
    /// [`Self::condition_clause`].
    pub(super) fn condition_warnings(
        &mut self,
        clause: &ConditionClause,
        raw: &[(String, Span)],
        effect: Option<Effect>,
        present: &[String],
    ) {
        use crate::operator::SetQualifier;
        let (operator, operator_text) = (&clause.operator, clause.operator_text.as_str());
        let (key, key_lower, key_span) =
            (clause.key.as_str(), clause.key_lower.as_str(), clause.span);
        // The missing key the warning is about is already refused when the block also requires
        // the key (AWS's own examples pair them: "Restrict training to a specific VPC").
        if operator.set == Some(SetQualifier::ForAllValues)
            && effect == Some(Effect::Allow)
            && present
                .binary_search_by(|k| k.as_str().cmp(key_lower))
                .is_err()
        {
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
        if self.kind == PolicyKind::Trust {
            self.trust_condition_warnings(clause, raw, effect);
        }
        if key_lower == "aws:sourceip" && operator.family == OperatorFamily::Ip {
            self.source_ip_warnings(operator, operator_text, key, key_span, raw);
        }
        if operator.family == OperatorFamily::Ip {
            for (v, span) in raw {
                if let Some(fixed) = crate::values::IpRange::with_host_bits_cleared(v) {
                    let fix = Some(Fix::string(*span, &fixed));
                    self.report_fix(
                        Code::IMPROVE_IP_RANGE,
                        *span,
                        format!("`{v}` sets bits past its /{} prefix, which aws ignores: it is the range `{fixed}`", fixed.rsplit('/').next().unwrap_or("")),
                        Some(format!("write `{fixed}`")),
                        fix,
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

/// The keys (lowercase, sorted, for a binary search per clause: a block of many clauses costs
/// n log n) a `Condition` block's `Null` test requires to be in the request: each key of a
/// `"Null"` block whose every value is `"false"` (or `false`).
fn keys_tested_present(operators: &[json::Member]) -> Vec<String> {
    let is_false = |v: &Json| matches!(v.kind, JsonKind::String("false") | JsonKind::Bool(false));
    let mut keys: Vec<String> = operators
        .iter()
        .filter(|op| op.key == "Null")
        .filter_map(|op| op.value.as_object())
        .flatten()
        .filter(|m| match &m.value.kind {
            JsonKind::Array(items) => !items.is_empty() && items.iter().all(is_false),
            _ => is_false(&m.value),
        })
        .map(|m| m.key.to_ascii_lowercase())
        .collect();
    crate::text::sort_stable_by(&mut keys, Ord::cmp);
    keys
}
