//! Asking about AWS names while parsing: the [`Names`] trait the catalog implements outside the
//! engine, and the per-policy budget of warnings, suggestions and wildcard expansions.

use super::*;

/// What the parser asks about AWS names while it reads a policy. The engine knows no AWS names
/// itself: the action catalog answers (`crate::checks`), and [`NoNames`] answers nothing.
pub trait Names {
    /// A warning about an action or action pattern written `service:Name` (never
    /// `*`) that no AWS action fits, or `None`. `suggest`: look for a "did you mean" (the parser
    /// asks only for the first few); `expand`: a wildcard pattern may be expanded over the known
    /// actions (the parser allows a bounded number per policy).
    fn check_action(&self, text: &str, suggest: bool, expand: bool) -> NameCheck;
    /// A warning about a condition key (`prefix:name`) that is not known, or `None` (also for
    /// prefixes the implementation knows nothing about).
    fn check_condition_key(&self, key: &str) -> Option<NameFinding>;
    /// True when `key` is a global condition key (`aws:…`) whose values are single: a set
    /// qualifier (`ForAnyValue:`, `ForAllValues:`) on it is a mistake. False when unknown.
    fn is_single_valued_global_key(&self, key: &str) -> bool;
    /// The type of the values of a known condition key (global or of a service), or `None`
    /// when the key is unknown.
    fn condition_key_type(&self, key: &str) -> Option<KeyType>;
    /// A finding about a resource ARN of `Resource`/`NotResource` read against the ARN formats
    /// of its service (partition, service case, Region, account, resource part), or `None`.
    /// Fields holding wildcards or policy variables must not be flagged.
    fn check_resource_arn(&self, _arn: &ArnParts) -> Option<NameFinding> {
        None
    }
    /// A finding about condition key `key` in a statement whose actions are `actions` (as
    /// written; `not_action` for `NotAction`) and whose effect is `Deny` when `deny`: actions
    /// that do not support the key, or a tag key on services that support it for no action.
    fn check_key_for_actions(
        &self,
        _key: &str,
        _actions: &[&str],
        _not_action: bool,
        _deny: bool,
    ) -> Option<NameFinding> {
        None
    }
    /// Identifies the answers these names give, when the parser may keep what reading an
    /// element gave on this thread and answer the same element again from it (the element
    /// memo): the same identity must mean the same answer to every question above, for as long
    /// as the thread runs. `None` (the default): nothing is kept.
    fn memo_scope(&self) -> Option<usize> {
        None
    }
    /// True when the resource-based policy being read is attached to a resource whose service
    /// lets a statement leave `Resource` out, the statement then applying to that resource (an
    /// Amazon ECR repository policy: [`is_ecr_repository`](crate::is_ecr_repository)). Read only
    /// for [`PolicyKind::Resource`]; false (the default): `Resource` or `NotResource` is required.
    fn resource_implied(&self) -> bool {
        false
    }
    /// The Amazon API Gateway API the resource-based policy being read is attached to, as the
    /// start of its ARNs (`arn:aws:execute-api:us-east-1:111122223333:a1b2c3`, from
    /// [`execute_api_base`](crate::execute_api_base)): a resource written with API Gateway's
    /// shorthand `execute-api:/...` is that start followed by the rest (`execute-api:/*` is
    /// `arn:aws:execute-api:us-east-1:111122223333:a1b2c3/*`). Read only for
    /// [`PolicyKind::Resource`]; `None` (the default): the shorthand cannot be expanded, and
    /// matches no request.
    fn api_base(&self) -> Option<&str> {
        None
    }
}

/// The six fields of a resource ARN (`arn:partition:service:region:account:resource`), split at
/// the colons outside policy variables (`${aws:username}`); `resource` keeps any further colons.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ArnParts<'a> {
    /// The partition (`aws`).
    pub partition: &'a str,
    /// The service (`s3`).
    pub service: &'a str,
    /// The Region, maybe empty.
    pub region: &'a str,
    /// The account, maybe empty.
    pub account: &'a str,
    /// The resource part, colons included.
    pub resource: &'a str,
}

impl<'a> ArnParts<'a> {
    /// Splits `text` (which starts with `arn:`); `None` when it has fewer than six fields.
    pub fn split(text: &'a str) -> Option<ArnParts<'a>> {
        let ([partition, service, region, account], rest) = crate::text::arn_leading_fields(text)?;
        Some(ArnParts {
            partition,
            service,
            region,
            account,
            resource: rest,
        })
    }

    /// The service field of `text` (which starts with `arn:`), read as [`Self::split`] reads it
    /// but without the fields after it: the same field whenever `split` gives one.
    pub fn service_of(text: &'a str) -> Option<&'a str> {
        let ([_, service], _) = crate::text::arn_leading_fields(text)?;
        Some(service)
    }
}

/// True when a field holds a wildcard or a policy variable: such a field is never flagged.
pub fn is_open_field(field: &str) -> bool {
    field.contains(['*', '?']) || crate::text::bytes::contains(field, "${")
}

/// The type of a condition key's values, as the Service Authorization Reference gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyType {
    /// `String`.
    String,
    /// `ArrayOfString`: several strings per request.
    ArrayOfString,
    /// `ARN`.
    Arn,
    /// `ArrayOfARN`.
    ArrayOfArn,
    /// `Bool`.
    Bool,
    /// `ArrayOfBool`.
    ArrayOfBool,
    /// `Numeric`.
    Numeric,
    /// `Date`.
    Date,
    /// A date AWS documents as numeric too (`aws:EpochTime`: "Date, Numeric"), compared by
    /// either family.
    DateOrNumeric,
    /// `IPAddress`.
    IpAddress,
}

impl KeyType {
    /// True for the `ArrayOf…` types: a request may carry several values.
    pub fn is_multi_valued(self) -> bool {
        matches!(
            self,
            KeyType::ArrayOfString | KeyType::ArrayOfArn | KeyType::ArrayOfBool
        )
    }

    /// The operator families that compare values of this type (`Null` fits every key and is
    /// not listed), with the name of the first for messages. ARN keys take string operators
    /// too, and string keys ARN operators, since AWS's own examples mix them.
    pub fn families(self) -> (&'static str, &'static [OperatorFamily]) {
        use OperatorFamily as F;
        match self {
            KeyType::String | KeyType::ArrayOfString => ("String", &[F::String, F::Arn]),
            KeyType::Arn | KeyType::ArrayOfArn => ("ARN", &[F::Arn, F::String]),
            KeyType::Bool | KeyType::ArrayOfBool => ("Bool", &[F::Bool]),
            KeyType::Numeric => ("Numeric", &[F::Numeric]),
            KeyType::Date => ("Date", &[F::Date]),
            KeyType::DateOrNumeric => ("Date", &[F::Date, F::Numeric]),
            KeyType::IpAddress => ("IpAddress", &[F::Ip]),
        }
    }
}

/// A warning about a name: its code (`INVALID_ACTION`, `INVALID_SERVICE`, ...), message and help.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameFinding {
    /// The check's code.
    pub code: Code,
    /// Lowercase, no trailing period.
    pub message: String,
    /// A "did you mean", when one is close.
    pub help: Option<String>,
    /// The whole name the mistaken one was probably meant to be (the did-you-mean of `help`),
    /// offered as a mechanical fix.
    pub replacement: Option<String>,
}

/// The answer of [`Names::check_action`].
#[derive(Debug, Default)]
pub struct NameCheck {
    /// The warning, if any.
    pub finding: Option<NameFinding>,
    /// Whether a wildcard pattern was expanded to answer (counts against the policy's budget).
    pub expanded: bool,
}

/// Knows no names: the grammar alone, without warnings about unknown actions or keys.
pub struct NoNames;

impl Names for NoNames {
    fn check_action(&self, _: &str, _: bool, _: bool) -> NameCheck {
        NameCheck::default()
    }
    fn check_condition_key(&self, _: &str) -> Option<NameFinding> {
        None
    }
    fn is_single_valued_global_key(&self, _: &str) -> bool {
        false
    }
    fn condition_key_type(&self, _: &str) -> Option<KeyType> {
        None
    }
}

impl PolicyParser<'_> {
    /// Warns about an action (well-formed `service:Name`) the catalog does not know: an unknown
    /// service prefix, an unknown action of a known service, or a wildcard pattern that matches no
    /// action. Warnings only: the catalog may lag behind AWS.
    pub(super) fn check_action_in_catalog(&mut self, text: &str, span: Span) {
        if text == "*" || self.catalog_warnings > MAX_CATALOG_WARNINGS || !text.contains(':') {
            return;
        }
        let check = self.names.check_action(
            text,
            self.catalog_warnings < MAX_SUGGESTIONS,
            self.wildcard_checks < MAX_WILDCARD_CHECKS,
        );
        if check.expanded {
            self.wildcard_checks += 1;
        }
        if let Some(finding) = check.finding {
            self.catalog_warning(span, finding);
        }
    }

    /// Reads a resource ARN against the ARN formats the names know (at most
    /// `MAX_ARN_CHECKS` per policy).
    pub(super) fn check_arn_in_catalog(&mut self, arn: &ArnParts, span: Span) {
        if self.arn_checks >= MAX_ARN_CHECKS {
            return;
        }
        self.arn_checks += 1;
        if let Some(finding) = self.names.check_resource_arn(arn) {
            let fix = finding
                .replacement
                .as_deref()
                .map(|arn| Fix::string(span, arn));
            self.report_fix(finding.code, span, finding.message, finding.help, fix);
        }
    }

    /// Reads each condition key of a statement (once per key) against the statement's actions
    /// (at most `MAX_KEY_CHECKS` keys per policy).
    pub(super) fn check_keys_against_actions(&mut self, st: &Statement, actions: &Json) {
        // The actions as written: no list for a single action, and a list of several only
        // when a key is checked (not when every key holds when absent).
        let one: [&str; 1];
        let mut listed: Vec<&str> = Vec::new();
        let written: &[&str] = match &actions.kind {
            JsonKind::String(s) => {
                one = [&**s];
                &one
            }
            JsonKind::Array(_) => &[],
            _ => return,
        };
        for (i, clause) in st.conditions.iter().enumerate() {
            // each key once, at its first clause
            if st.conditions[..i]
                .iter()
                .any(|c| c.key_lower == clause.key_lower)
            {
                continue;
            }
            // With `…IfExists`, a negated operator, `Null` or `ForAllValues`, a missing key
            // makes the condition hold: the author may mean exactly that, so no finding.
            let absent_holds = st.conditions.iter().any(|c| {
                c.key_lower == clause.key_lower
                    && (c.operator.if_exists
                        || c.operator.negated
                        || c.operator.family == OperatorFamily::Null
                        || c.operator.set == Some(crate::operator::SetQualifier::ForAllValues))
            });
            if absent_holds {
                continue;
            }
            if self.key_checks >= MAX_KEY_CHECKS {
                return;
            }
            self.key_checks += 1;
            let written = match &actions.kind {
                JsonKind::Array(items) => {
                    if listed.is_empty() {
                        listed.extend(items.iter().filter_map(Json::as_str));
                    }
                    &listed[..]
                }
                _ => written,
            };
            if let Some(finding) = self.names.check_key_for_actions(
                &clause.key,
                written,
                st.action.negated,
                st.effect == Effect::Deny,
            ) {
                self.report(finding.code, clause.span, finding.message, finding.help);
            }
        }
    }

    /// Warns about a condition key the names do not know.
    pub(super) fn check_condition_key_in_catalog(&mut self, key: &str, span: Span) {
        if self.catalog_warnings > MAX_CATALOG_WARNINGS {
            return;
        }
        if let Some(finding) = self.names.check_condition_key(key) {
            self.catalog_warning(span, finding);
        }
    }

    /// Adds a catalog warning, or, past `MAX_CATALOG_WARNINGS`, one last warning saying the rest
    /// are not reported.
    pub(super) fn catalog_warning(&mut self, span: Span, finding: NameFinding) {
        self.catalog_warnings += 1;
        if self.catalog_warnings <= MAX_CATALOG_WARNINGS {
            let fix = finding
                .replacement
                .as_deref()
                .map(|name| Fix::string(span, name));
            self.report_fix(finding.code, span, finding.message, finding.help, fix);
        } else if self.catalog_warnings == MAX_CATALOG_WARNINGS + 1 {
            // Once, at the first one past the bound.
            self.report(
                Code::TOO_MANY_FINDINGS,
                span,
                format!("more than {MAX_CATALOG_WARNINGS} unknown actions or condition keys: the rest are not reported"),
                Some("fix the ones reported first".into()),
            );
        }
    }
}
