//! Rules that belong to one policy kind: RCPs allow only as `RCPFullAWSAccess` does, resources
//! are ARNs without a wildcard service, endpoint policies keep an ARN's account field whole.

use super::*;

impl PolicyParser<'_> {
    /// RCPs: `Allow` only in AWS's managed `RCPFullAWSAccess` (one statement: `Allow`,
    /// `Principal` `*`, `Action` `*`, `Resource` `*`, no condition), accepted as is; an `Allow`
    /// anywhere else is refused ("RCP syntax").
    pub(super) fn check_rcp_allows(&mut self, items: &[&Json]) {
        let is_full_access = |item: &Json| {
            let Some(members) = item.as_object() else {
                return false;
            };
            let star = |name: &str| {
                item.get(name).is_some_and(|v| match &v.kind {
                    JsonKind::String(s) => *s == "*",
                    JsonKind::Array(a) => a.len() == 1 && a[0].as_str() == Some("*"),
                    _ => false,
                })
            };
            item.get("Effect").and_then(Json::as_str) == Some("Allow")
                && star("Principal")
                && star("Action")
                && star("Resource")
                && members.iter().all(|m| {
                    matches!(
                        m.key,
                        "Sid" | "Effect" | "Principal" | "Action" | "Resource"
                    )
                })
        };
        if items.len() == 1 && is_full_access(items[0]) {
            return;
        }
        // "You cannot use "*" in the Action element of a customer managed RCP" ("RCP syntax"),
        // and `NotAction` is not supported there.
        for item in items {
            if let Some(m) = item
                .as_object()
                .and_then(|ms| ms.iter().find(|m| m.key == "NotAction"))
            {
                self.report(Code::RCP_SYNTAX_ERROR_NOTACTION,
                    m.key_span,
                    "resource control policies do not support `NotAction`".into(),
                    Some("list the actions to deny in `Action`, each with its service prefix (`s3:*`, `sqs:*`, ...)".into()),
                );
            }
            let actions: Vec<&Json> = match item.get("Action").map(|a| &a.kind) {
                Some(JsonKind::Array(values)) => values.iter().collect(),
                Some(_) => item.get("Action").into_iter().collect(),
                None => Vec::new(),
            };
            for action in actions.into_iter().filter(|a| a.as_str() == Some("*")) {
                self.report(Code::RCP_SYNTAX_ERROR_ACTION,
                    action.span,
                    "a custom resource control policy cannot use `\"*\"` as its `Action`".into(),
                    Some("aws requires the service prefix in every action of a customer managed rcp: write `s3:*`, `sqs:*`, `kms:*` and so on for the services the rcp covers (\"rcp syntax\")".into()),
                );
            }
        }
        for item in items {
            if let Some(effect) = item.get("Effect").filter(|e| e.as_str() == Some("Allow")) {
                self.report(Code::RCP_SYNTAX_ERROR_ALLOW,
                    effect.span,
                    "a resource control policy cannot `Allow`".into(),
                    Some("aws accepts `Allow` only in its managed `RCPFullAWSAccess`, attached at every level (and applied here implicitly): rcps only restrict, so write `Deny` statements (\"rcp syntax\")".into()),
                );
            }
        }
    }

    pub(super) fn check_resource(&mut self, text: &str, span: Span) {
        if let Some(service) = text
            .strip_prefix("arn:")
            .and_then(|rest| crate::text::bytes::nth_field(rest, b':', 1))
            .filter(|service| service.contains(['*', '?']))
        {
            // "You can't use a wildcard in the service segment" ("IAM JSON policy elements:
            // Resource"): such a resource is refused, so it never matches.
            self.report(Code::UNSUPPORTED_WILDCARD_IN_ARN_SERVICE,
                span,
                format!("`{text}` has a wildcard in its service segment `{service}`"),
                Some("aws does not accept wildcards in the service part of an arn: write the service prefix (`s3`, `sqs`, ...) in full, one arn per service, or use `\"*\"` alone for every resource".into()),
            );
            return;
        }
        if text == "*" || text.starts_with("arn:") || text.starts_with("${") {
            if self.kind == PolicyKind::Endpoint {
                self.check_endpoint_arn(text, span);
            }
            if text.starts_with("arn:") {
                match ArnParts::split(text) {
                    Some(parts) => self.check_arn_in_catalog(&parts, span),
                    // "Missing ARN field": a wildcard may stand for the missing colons, so only
                    // an ARN without wildcards or variables is refused.
                    None if !is_open_field(text) => {
                        let fields = text.split(':').count();
                        self.report(Code::MISSING_ARN_FIELD,
                            span,
                            format!("`{text}` has {fields} of the 6 fields of an arn"),
                            Some("write `arn:partition:service:region:account:resource`, keeping the colons of empty fields (an s3 bucket is `arn:aws:s3:::amzn-s3-demo-bucket`)".into()),
                        );
                    }
                    None => {}
                }
            }
            return;
        }
        let help = if text.starts_with("execute-api:/") {
            // API Gateway's shorthand, which only an API's own resource policy may use
            format!("`execute-api:/...` is API Gateway's shorthand, which it expands only in an api's own resource policy: in {} write the api's arn, `arn:aws:execute-api:REGION:ACCOUNT:API-ID/STAGE/METHOD/PATH`", self.kind.describe())
        } else {
            "resources are written as arns, for example `arn:aws:s3:::my-bucket/*`".into()
        };
        self.report(
            Code::INVALID_ARN_PREFIX,
            span,
            format!("`{text}` is not a resource: expected an arn or `*`"),
            Some(help),
        );
    }

    /// Endpoint policies: an ARN's account field holds an account id or a wildcard, not both.
    pub(super) fn check_endpoint_arn(&mut self, text: &str, span: Span) {
        let account = crate::text::bytes::nth_field(text, b':', 4).unwrap_or("");
        let has_wild = account.contains('*') || account.contains('?');
        let has_digit = account.bytes().any(|b| b.is_ascii_digit());
        if has_wild && has_digit {
            self.report(Code::INVALID_ARN_ACCOUNT,
                span,
                format!("the account field `{account}` mixes digits and wildcards"),
                Some("in a vpc endpoint policy an arn's account field holds an account id or a wildcard, not both".into()),
            );
        }
    }
}
