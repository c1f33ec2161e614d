//! Reading `Action`/`NotAction` and `Resource`/`NotResource`: exactly one of each pair, a string
//! or a non-empty array of strings, each action in the form `service:Name` (then asked about in
//! the catalog) and each resource checked by `kinds.rs`.

use super::*;

impl PolicyParser<'_> {
    /// Reads `Action`/`NotAction` or `Resource`/`NotResource`: exactly one of the pair.
    pub(super) fn pattern_element(
        &mut self,
        head: Span,
        plain: Option<&json::Member>,
        negated: Option<&json::Member>,
        name: &str,
        syntax: TemplateSyntax,
    ) -> Option<PatternElement> {
        let (member, is_negated) = match (plain, negated) {
            (Some(p), Some(n)) => {
                self.report(
                    Code::UNSUPPORTED_ELEMENT_COMBINATION,
                    n.key_span,
                    format!("a statement cannot have both `{name}` and `Not{name}`"),
                    Some(format!(
                        "keep one of them; `Not{name}` matches everything that is not listed"
                    )),
                );
                let _ = p;
                return None;
            }
            (Some(p), None) => (p, false),
            (None, Some(n)) => (n, true),
            (None, None) => {
                self.report(
                    if name == "Action" {
                        Code::MISSING_ACTION
                    } else {
                        Code::MISSING_RESOURCE
                    },
                    head,
                    format!("this statement has no `{name}` or `Not{name}`"),
                    Some(if name == "Action" {
                        "add `\"Action\": \"service:Name\"` (for example `\"sagemaker:CreateTrainingJob\"`)".to_string()
                    } else {
                        "add `\"Resource\": \"*\"` or the ARNs the statement covers".to_string()
                    }),
                );
                return None;
            }
        };
        // The element's name as written (no allocation for the usual ones: this runs for every
        // `Action` and `Resource` of every statement).
        let element: std::borrow::Cow<'static, str> = match (is_negated, name) {
            (false, "Action") => "Action".into(),
            (false, "Resource") => "Resource".into(),
            (true, "Action") => "NotAction".into(),
            (true, "Resource") => "NotResource".into(),
            (false, other) => other.to_string().into(),
            (true, other) => format!("Not{other}").into(),
        };
        let value = &member.value;
        let flags = u8::from(syntax.wildcards)
            | u8::from(syntax.variables) << 1
            | u8::from(syntax.lowercase) << 2;
        if let Some(kept) = self.recall_element(&element, flags, value.span) {
            return kept.into_patterns();
        }
        let before = self.spent();
        let strings = self.string_list(value, &element)?;
        let mut patterns = Vec::with_capacity(strings.len());
        for (text, span) in &strings {
            let (text, span) = (*text, *span);
            // API Gateway's shorthand, read as the attached API's ARN
            let mut expanded = None;
            if name == "Action" {
                if self.variable_in_element(text, span, &element) {
                    // Reported; the action checks would only repeat it.
                } else if self.check_action(text, span) {
                    self.check_action_in_catalog(text, span);
                    if !is_negated {
                        self.check_service_wildcard(text, span);
                    }
                }
            } else {
                match self.resource_shorthand(text, span) {
                    Shorthand::Expanded(arn) => {
                        self.check_resource(&arn, span);
                        expanded = Some(arn);
                    }
                    // reported; as written it matches no request's ARN
                    Shorthand::WithoutApi => {}
                    Shorthand::No => self.check_resource(text, span),
                }
                self.check_variables(text, span);
            }
            patterns.push(Template::new(expanded.as_deref().unwrap_or(text), syntax));
        }
        self.check_redundant_entries(&strings, &patterns, name);
        let read = if name == "Action" {
            PatternElement::action(is_negated, patterns.into(), value.span)
        } else {
            PatternElement::resource(is_negated, patterns.into(), value.span)
        };
        let read = memo::Read::Patterns(read);
        self.keep_element(
            &element,
            flags,
            value.span,
            before,
            &read,
            memo::full_comparisons(strings.len()),
        );
        read.into_patterns()
    }

    /// A resource policy's resource written with API Gateway's shorthand (`execute-api:/*`,
    /// `execute-api:/prod/GET/pets`), expanded with the API the policy is attached to
    /// ([`Names::api_base`]) as API Gateway expands it when the policy is saved; without that
    /// API, reported. In other kinds of policy the shorthand is not expanded by anyone: it is
    /// left to [`Self::check_resource`], which refuses it.
    fn resource_shorthand(&mut self, text: &str, span: Span) -> Shorthand {
        let Some(path) = text
            .strip_prefix("execute-api:")
            .filter(|p| p.starts_with('/') && self.kind == PolicyKind::Resource)
        else {
            return Shorthand::No;
        };
        if let Some(base) = self.names.api_base() {
            return Shorthand::Expanded(format!("{base}{path}"));
        }
        self.report(
            Code::EXECUTE_API_SHORTHAND_WITHOUT_API,
            span,
            format!("`{text}` is API Gateway's shorthand for a resource of the API this policy is attached to, and no API is known here: it matches no request"),
            Some("API Gateway writes the API's ARN in front of it when the policy is saved (`arn:aws:execute-api:REGION:ACCOUNT:API-ID/...`): make the request's resource an `execute-api` ARN of the API (on the command line, `validate --resource ARN`), or write the ARN out".into()),
        );
        Shorthand::WithoutApi
    }

    /// Checks the form of an action pattern; false (with an error) when it is not one.
    pub(super) fn check_action(&mut self, text: &str, span: Span) -> bool {
        if text == "*" {
            return true;
        }
        match crate::text::bytes::split_once_byte(text, b':') {
            Some((service, name))
                if !service.is_empty()
                    && !name.is_empty()
                    && service.bytes().all(|b| {
                        b.is_ascii_alphanumeric() || b == b'-' || b == b'*' || b == b'?'
                    })
                    && !name.contains(':') =>
            {
                true
            }
            // AWS's Step Functions endpoint policy example allows `*Execution`: in an endpoint
            // policy a wildcard pattern without a prefix is matched against the whole
            // `service:Action` name (the `*` spans the prefix), so it is read, with a warning.
            None if self.kind == PolicyKind::Endpoint && text.contains(['*', '?']) => {
                self.report(
                    Code::ACTION_WITHOUT_SERVICE_PREFIX,
                    span,
                    format!("`{text}` has no service prefix: it is matched against whole `service:Action` names, in every service"),
                    Some("iam's grammar wants `service:Action` (access analyzer calls such an action invalid, and identity policies refuse it): put the service's prefix before it, as in `states:*Execution`".into()),
                );
                false
            }
            _ => {
                self.report(Code::INVALID_ACTION_FORMAT,
                    span,
                    format!("`{text}` is not an action: expected `service:ActionName`"),
                    Some("write the service prefix, a colon and the action, for example `s3:GetObject`, or `*` for every action".into()),
                );
                false
            }
        }
    }

    /// A string or an array of strings (non-empty).
    pub(super) fn string_list<'j>(
        &mut self,
        json: &'j Json,
        element: &str,
    ) -> Option<Vec<(&'j str, Span)>> {
        match &json.kind {
            JsonKind::String(s) => Some(vec![(&**s, json.span)]),
            JsonKind::Array(items) => {
                if items.is_empty() {
                    self.report(
                        match element {
                            "Action" | "NotAction" => Code::EMPTY_ARRAY_ACTION,
                            "Resource" | "NotResource" => Code::EMPTY_ARRAY_RESOURCE,
                            _ => Code::EMPTY_ARRAY_PRINCIPAL,
                        },
                        json.span,
                        format!("`{element}` is an empty list"),
                        Some(format!("list at least one value, or remove `{element}`")),
                    );
                    return None;
                }
                let mut out = Vec::with_capacity(items.len());
                let mut ok = true;
                for item in items.iter() {
                    match item.as_str() {
                        Some(s) => out.push((s, item.span)),
                        None => {
                            self.report(
                                Code::DATA_TYPE_MISMATCH,
                                item.span,
                                format!(
                                    "values of `{element}` must be strings, found {}",
                                    item.type_name()
                                ),
                                None,
                            );
                            ok = false;
                        }
                    }
                }
                ok.then_some(out)
            }
            _ => {
                self.report(
                    Code::DATA_TYPE_MISMATCH,
                    json.span,
                    format!(
                        "`{element}` must be a string or an array of strings, found {}",
                        json.type_name()
                    ),
                    Some(format!(
                        "write `\"{element}\": \"...\"` or `\"{element}\": [\"...\", \"...\"]`"
                    )),
                );
                None
            }
        }
    }
}

/// What [`PolicyParser::resource_shorthand`] made of a resource.
enum Shorthand {
    /// Not API Gateway's shorthand in a resource policy.
    No,
    /// The shorthand, expanded to the attached API's ARN.
    Expanded(String),
    /// The shorthand, with no API to expand it with (reported).
    WithoutApi,
}
