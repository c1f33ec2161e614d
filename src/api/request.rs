//! Reading the `request` of a case: principal, action, resource, resource account, federating
//! user and context, each with a located error when it does not read.

use super::case::CaseReader;
use crate::engine::json::{Json, JsonKind};
use crate::engine::values::is_account_id;
use crate::engine::{Code, Context, Principal, Request, Span};

impl CaseReader<'_> {
    pub(super) fn request(&mut self, json: &Json) -> Option<Request> {
        let Some(members) = json.as_object() else {
            self.input_error(
                Code::DATA_TYPE_MISMATCH,
                "request",
                json.span,
                format!("`request` must be an object, found {}", json.type_name()),
                None,
            );
            return None;
        };
        const FIELDS: &[&str] = &[
            "principal",
            "action",
            "resource",
            "resourceAccount",
            "federatingUser",
            "context",
            "workload",
        ];
        for m in members {
            if !FIELDS.contains(&m.key) {
                let help = crate::engine::diagnostic::did_you_mean(m.key, FIELDS)
                    .map(|s| format!("did you mean `{s}`?"))
                    .unwrap_or_else(|| {
                        format!(
                            "a request has {}",
                            crate::engine::diagnostic::quoted_list(FIELDS)
                        )
                    });
                self.input_error(
                    Code::UNKNOWN_FIELD,
                    "request",
                    m.key_span,
                    format!("unknown field `{}` in `request`", m.key),
                    Some(&help),
                );
            }
        }
        let head = Span::new(json.span.start, json.span.start + 1);
        if let Some(w) = json.get("workload") {
            match w.as_str() {
                Some(name) => self.workload = Some((name.to_string(), w.span)),
                None => self.input_error(
                    Code::DATA_TYPE_MISMATCH,
                    "request.workload",
                    w.span,
                    format!("`workload` must be a string, found {}", w.type_name()),
                    None,
                ),
            }
        }
        let principal = match json.get("principal") {
            None => {
                self.input_error(Code::MISSING_FIELD, "request", head, "the request has no `principal`".into(), Some("give the caller's arn, for example `arn:aws:iam::111122223333:user/alice`, or `anonymous`"));
                None
            }
            Some(p) => match p.as_str() {
                Some(text) => match Principal::parse(text) {
                    Ok(p) => Some(p),
                    Err(message) => {
                        self.input_error(Code::INVALID_REQUEST_VALUE, "request.principal", p.span, message, Some("use `arn:aws:iam::ACCOUNT:user/NAME`, `arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`, `arn:aws:iam::ACCOUNT:root` or `anonymous`"));
                        None
                    }
                },
                None => {
                    self.input_error(
                        Code::DATA_TYPE_MISMATCH,
                        "request.principal",
                        p.span,
                        format!("`principal` must be a string, found {}", p.type_name()),
                        None,
                    );
                    None
                }
            },
        };
        let action = match json.get("action") {
            None => {
                self.input_error(Code::MISSING_FIELD, "request", head, "the request has no `action`".into(), Some("give the action as `service:Name`, for example `sagemaker:CreateTrainingJob`"));
                None
            }
            Some(a) => {
                match a.as_str() {
                    Some(text) if is_action_name(text) => Some(text),
                    Some(text) => {
                        self.input_error(Code::INVALID_REQUEST_VALUE, "request.action", a.span, format!("`{text}` is not an action: expected `service:Name` without wildcards"), Some("a request names one concrete action, for example `s3:GetObject`"));
                        None
                    }
                    None => {
                        self.input_error(
                            Code::DATA_TYPE_MISMATCH,
                            "request.action",
                            a.span,
                            format!("`action` must be a string, found {}", a.type_name()),
                            None,
                        );
                        None
                    }
                }
            }
        };
        let resource = match json.get("resource") {
            None => Some("*"),
            Some(r) => match r.as_str() {
                Some(text) if text == "*" || text.starts_with("arn:") => Some(text),
                Some(text) => {
                    self.input_error(
                        Code::INVALID_REQUEST_VALUE,
                        "request.resource",
                        r.span,
                        format!("`{text}` is not a resource: expected an arn or `*`"),
                        Some("use `*` for actions that take no resource"),
                    );
                    None
                }
                None => {
                    self.input_error(
                        Code::DATA_TYPE_MISMATCH,
                        "request.resource",
                        r.span,
                        format!("`resource` must be a string, found {}", r.type_name()),
                        None,
                    );
                    None
                }
            },
        };
        let resource_account = match json.get("resourceAccount") {
            None => None,
            Some(r) => match r.as_str() {
                Some(text) if is_account_id(text) => Some(text.to_string()),
                _ => {
                    self.input_error(
                        Code::INVALID_REQUEST_VALUE,
                        "request.resourceAccount",
                        r.span,
                        "`resourceAccount` must be a 12-digit account id in a string".into(),
                        Some("for example `\"resourceAccount\": \"111122223333\"`"),
                    );
                    None
                }
            },
        };
        let federating_user = match json.get("federatingUser") {
            None => None,
            Some(f) => match f.as_str().map(Principal::parse) {
                Some(Ok(user))
                    if matches!(user.kind, crate::engine::PrincipalKind::User { .. }) =>
                {
                    if principal.as_ref().is_some_and(|p| {
                        !matches!(p.kind, crate::engine::PrincipalKind::FederatedUser { .. })
                    }) {
                        self.input_error(Code::INVALID_REQUEST_VALUE,
                            "request.federatingUser",
                            f.span,
                            "`federatingUser` is only for a federated user session".into(),
                            Some("give it with a principal `arn:aws:sts::ACCOUNT:federated-user/NAME`, or remove it"),
                        );
                    }
                    Some(user.arn)
                }
                _ => {
                    self.input_error(Code::INVALID_REQUEST_VALUE,
                        "request.federatingUser",
                        f.span,
                        "`federatingUser` must be the arn of an iam user in a string".into(),
                        Some("the iam user who called `GetFederationToken`, for example `\"federatingUser\": \"arn:aws:iam::111122223333:user/bob\"`"),
                    );
                    None
                }
            },
        };
        let given = json.get("context");
        let mut context =
            Context::with_capacity(given.and_then(Json::as_object).map_or(0, <[_]>::len));
        if let Some(c) = given {
            match c.as_object() {
                Some(entries) => {
                    for m in entries {
                        if let Some(why) = context_bounds(&m.value) {
                            self.input_error(
                                Code::INVALID_REQUEST_VALUE,
                                "request.context",
                                m.value.span,
                                format!("the value of `{}` is too large: {why}", m.key),
                                Some("AWS's multi-valued keys hold a few dozen values at most (50 tags per resource), and its ARNs and values a few KB"),
                            );
                            continue;
                        }
                        match &m.value.kind {
                            JsonKind::Array(items) => {
                                let values = items
                                    .iter()
                                    .filter_map(|i| self.context_value(m.key, i))
                                    .collect();
                                context.insert(m.key, values);
                            }
                            _ => match self.context_value(m.key, &m.value) {
                                Some(value) => context.insert_one(m.key, value),
                                None => context.insert(m.key, Vec::new()),
                            },
                        }
                    }
                }
                None => self.input_error(
                    Code::DATA_TYPE_MISMATCH,
                    "request.context",
                    c.span,
                    format!(
                        "`context` must be an object of keys and values, found {}",
                        c.type_name()
                    ),
                    None,
                ),
            }
        }
        let mut request = Request::new(principal?, action?, resource?, resource_account, context);
        request.federating_user = federating_user;
        Some(request)
    }

    pub(super) fn context_value(&mut self, key: &str, json: &Json) -> Option<String> {
        match &json.kind {
            JsonKind::String(s) => Some(s.to_string()),
            JsonKind::Number(n) => Some(n.to_string()),
            JsonKind::Bool(b) => Some(b.to_string()),
            _ => {
                self.input_error(Code::DATA_TYPE_MISMATCH,
                    "request.context",
                    json.span,
                    format!(
                        "the value of `{key}` must be a string or an array of strings, found {}",
                        json.type_name()
                    ),
                    Some("for example `\"aws:RequestedRegion\": \"us-east-1\"` or `\"aws:TagKeys\": [\"team\", \"env\"]`"),
                );
                None
            }
        }
    }
}

pub use crate::engine::request::{MAX_CONTEXT_VALUES, MAX_CONTEXT_VALUE_LEN};

/// Why a context value is over its bounds, if it is.
fn context_bounds(json: &Json) -> Option<String> {
    let too_long =
        |j: &Json| matches!(&j.kind, JsonKind::String(s) if s.len() > MAX_CONTEXT_VALUE_LEN);
    match &json.kind {
        JsonKind::Array(items) if items.len() > MAX_CONTEXT_VALUES => Some(format!(
            "{} values; at most {MAX_CONTEXT_VALUES}",
            items.len()
        )),
        JsonKind::Array(items) if items.iter().any(too_long) => Some(format!(
            "a value is longer than {MAX_CONTEXT_VALUE_LEN} bytes"
        )),
        _ if too_long(json) => Some(format!("longer than {MAX_CONTEXT_VALUE_LEN} bytes")),
        _ => None,
    }
}

fn is_action_name(text: &str) -> bool {
    match crate::text::bytes::split_once_byte(text, b':') {
        Some((service, name)) => {
            !service.is_empty()
                && !name.is_empty()
                && service
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
                && name
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.')
        }
        None => false,
    }
}
