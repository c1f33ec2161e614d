//! Reading policies with the action catalog: the engine's parser (which knows no AWS names)
//! asking the catalog about every action and condition key it reads. This is the one module
//! that depends on both `engine` and `catalog`; everything that reads policies for people (the
//! `simulate` contract, the page, the JavaScript API) goes through it.

use crate::catalog::ConditionKeyType;
use crate::catalog::{catalog, Catalog};
use crate::engine::json::Json;
use crate::engine::policy::{
    parse_policy_text_with, parse_policy_with, KeyType, NameCheck, NameFinding, Names,
};
use crate::engine::Code;
use crate::engine::{ParsedPolicy, PolicyKind};

/// The catalog as the parser's source of names: unknown service prefixes, unknown actions of a
/// known service, wildcard patterns that match no action and unknown condition keys become
/// warnings, with a "did you mean" when one is close. Warnings only: the catalog may lag behind
/// AWS.
pub struct CatalogNames(pub &'static Catalog);

impl Names for CatalogNames {
    fn check_action(&self, text: &str, suggest: bool, expand: bool) -> NameCheck {
        let catalog = self.0;
        let Some((service, _)) = text.split_once(':') else {
            return NameCheck::default();
        };
        let has_wildcard = |s: &str| s.contains(['*', '?']);
        let mut expanded = false;
        let finding = if has_wildcard(service) || catalog.service(service).is_some() {
            if !has_wildcard(text) {
                match catalog.action(text) {
                    Some(_) => None,
                    None => {
                        let meant = suggest
                            .then(|| catalog.suggest_action(text))
                            .flatten()
                            .map(|a| a.name().to_string());
                        Some(NameFinding {
                            code: Code::INVALID_ACTION,
                            message: format!("unknown action `{text}`"),
                            help: meant.as_ref().map(|a| format!("did you mean `{a}`?")),
                            replacement: meant,
                        })
                    }
                }
            } else if expand {
                expanded = true;
                (!catalog.matches_any(text)).then(|| NameFinding {
                    code: Code::NO_MATCHING_ACTION,
                    message: format!("`{text}` matches no action"),
                    help: None,
                    replacement: None,
                })
            } else {
                None
            }
        } else {
            let meant = catalog.suggest_service(service).map(|s| s.prefix());
            Some(NameFinding {
                code: Code::INVALID_SERVICE,
                message: format!("unknown service prefix `{service}`"),
                help: meant.map(|p| format!("did you mean `{p}`?")),
                // The service's name fixed, the action's kept (checked again after the fix).
                replacement: meant.map(|p| format!("{p}{}", &text[service.len()..])),
            })
        };
        NameCheck { finding, expanded }
    }

    fn check_condition_key(&self, key: &str) -> Option<NameFinding> {
        let catalog = self.0;
        let (prefix, _) = key.split_once(':')?;
        if !prefix.eq_ignore_ascii_case("aws") && catalog.service(prefix).is_none() {
            return None;
        }
        if catalog.is_known_condition_key(key) {
            return None;
        }
        let meant = catalog.suggest_condition_key(key);
        let help = meant.as_ref().map(|k| format!("did you mean `{k}`?"));
        Some(NameFinding {
            code: if prefix.eq_ignore_ascii_case("aws") {
                Code::INVALID_GLOBAL_CONDITION_KEY
            } else {
                Code::INVALID_SERVICE_CONDITION_KEY
            },
            message: format!("unknown condition key `{key}`"),
            help,
            replacement: meant.map(|k| k.to_string()),
        })
    }

    fn is_single_valued_global_key(&self, key: &str) -> bool {
        key.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("aws:"))
            && self
                .0
                .condition_key(key)
                .is_some_and(|k| !k.value_type.is_multi_valued())
    }

    fn condition_key_type(&self, key: &str) -> Option<KeyType> {
        // The global keys page gives `aws:EpochTime` two types, "Date, Numeric"; the catalog
        // keeps the first.
        if key.eq_ignore_ascii_case("aws:EpochTime") {
            return Some(KeyType::DateOrNumeric);
        }
        Some(match self.0.condition_key(key)?.value_type {
            ConditionKeyType::String => KeyType::String,
            ConditionKeyType::ArrayOfString => KeyType::ArrayOfString,
            ConditionKeyType::Arn => KeyType::Arn,
            ConditionKeyType::ArrayOfArn => KeyType::ArrayOfArn,
            ConditionKeyType::Bool => KeyType::Bool,
            ConditionKeyType::ArrayOfBool => KeyType::ArrayOfBool,
            ConditionKeyType::Numeric => KeyType::Numeric,
            ConditionKeyType::Date => KeyType::Date,
            ConditionKeyType::IpAddress => KeyType::IpAddress,
        })
    }
}

/// Reads a policy from its JSON text, with warnings about names the catalog does not know.
pub fn parse_policy_text(text: &str, kind: PolicyKind) -> ParsedPolicy {
    parse_policy_text_with(text, kind, &CatalogNames(catalog()))
}

/// Reads a policy from an already parsed JSON value, with warnings about names the catalog does
/// not know.
pub fn parse_policy(json: &Json, kind: PolicyKind) -> ParsedPolicy {
    parse_policy_with(json, kind, &CatalogNames(catalog()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn warnings(text: &str) -> Vec<(String, Option<String>, &str)> {
        parse_policy_text(text, PolicyKind::Identity)
            .diagnostics
            .into_iter()
            .map(|d| {
                assert_eq!(d.severity, crate::engine::Severity::Warning, "{d:?}");
                assert_eq!(d.severity, d.code.severity(), "{d:?}");
                let at = text.get(d.span.range()).unwrap_or("");
                (d.message, d.help, at)
            })
            .collect()
    }

    #[test]
    fn each_kind_of_unknown_name_has_its_code() {
        let codes: Vec<Code> = parse_policy_text(NAMES_TEXT, PolicyKind::Identity)
            .diagnostics
            .iter()
            .map(|d| d.code)
            .collect();
        assert_eq!(
            codes,
            [
                Code::INVALID_ACTION,
                Code::INVALID_SERVICE,
                Code::NO_MATCHING_ACTION,
                Code::NO_MATCHING_ACTION,
                Code::INVALID_GLOBAL_CONDITION_KEY,
                Code::INVALID_SERVICE_CONDITION_KEY
            ]
        );
    }

    const NAMES_TEXT: &str = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","NotAction":["sagemaker:CreateTrainingJobs","sagemakr:CreateTrainingJob","sagemaker:Creat*X","*:Creat*Xyzzy","SageMaker:createTRAININGjob","s3:Get*","*"],"Resource":"*","Condition":{"StringEquals":{"aws:SourceVpcee":"v","aws:RequestTag/team":"ml","s3:ExistingObjectTag/owner":"me","sagemaker:Banana":"x","custom:Key":"x"},"ForAnyValue:StringEquals":{"sagemaker:InstanceTypes":"ml.p4d.24xlarge"}}}}"#;

    #[test]
    fn names_the_catalog_does_not_know_are_warnings_at_their_place() {
        let text = NAMES_TEXT;
        let did_you_mean = |s: &str| Some(format!("did you mean `{s}`?"));
        assert_eq!(
            warnings(text),
            vec![
                (
                    "unknown action `sagemaker:CreateTrainingJobs`".to_string(),
                    did_you_mean("sagemaker:CreateTrainingJob"),
                    r#""sagemaker:CreateTrainingJobs""#
                ),
                (
                    "unknown service prefix `sagemakr`".to_string(),
                    did_you_mean("sagemaker"),
                    r#""sagemakr:CreateTrainingJob""#
                ),
                (
                    "`sagemaker:Creat*X` matches no action".to_string(),
                    None,
                    r#""sagemaker:Creat*X""#
                ),
                (
                    "`*:Creat*Xyzzy` matches no action".to_string(),
                    None,
                    r#""*:Creat*Xyzzy""#
                ),
                (
                    "unknown condition key `aws:SourceVpcee`".to_string(),
                    did_you_mean("aws:SourceVpce"),
                    r#""aws:SourceVpcee""#
                ),
                (
                    "unknown condition key `sagemaker:Banana`".to_string(),
                    None,
                    r#""sagemaker:Banana""#
                ),
            ]
        );
    }

    #[test]
    fn key_types_decide_which_operators_fit() {
        let codes = |operator: &str, key: &str, value: &str| -> Vec<Code> {
            let text = format!(
                r#"{{"Version":"2012-10-17","Statement":{{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{{"{operator}":{{"{key}":"{value}"}}}}}}}}"#
            );
            parse_policy_text(&text, PolicyKind::Identity)
                .diagnostics
                .iter()
                .map(|d| d.code)
                .collect()
        };
        // `aws:EpochTime` is documented as "Date, Numeric".
        assert_eq!(
            codes("NumericGreaterThan", "aws:EpochTime", "1700000000"),
            []
        );
        assert_eq!(codes("DateGreaterThan", "aws:EpochTime", "1700000000"), []);
        assert_eq!(
            codes("NumericGreaterThan", "aws:CurrentTime", "1700000000"),
            [Code::TYPE_MISMATCH]
        );
        assert_eq!(
            codes("StringEquals", "aws:SecureTransport", "true"),
            [Code::TYPE_MISMATCH]
        );
        // String and ARN operators fit both string and ARN keys; `Null` fits every key.
        assert_eq!(codes("StringLike", "aws:SourceArn", "arn:aws:s3:::b"), []);
        assert_eq!(
            codes("ArnLike", "aws:PrincipalArn", "arn:aws:iam::*:role/x"),
            []
        );
        assert_eq!(codes("Null", "aws:CurrentTime", "false"), []);
    }

    #[test]
    fn catalog_warnings_stop_after_fifty() {
        let actions: Vec<String> = (0..200)
            .map(|i| format!("\"s3:NoSuchAction{i}\""))
            .collect();
        let text = format!(
            r#"{{"Statement":{{"Effect":"Allow","Action":[{}],"Resource":"*"}}}}"#,
            actions.join(",")
        );
        let found = warnings(&text);
        assert_eq!(found.len(), 50 + 1);
        assert_eq!(
            found.last().map(|w| w.0.as_str()),
            Some("more than 50 unknown actions or condition keys: the rest are not reported")
        );
    }
}

/// Every check of the registry fires on its example and stays quiet on its counter-example.
#[cfg(test)]
mod registry_tests {
    use super::parse_policy_text;
    use crate::engine::{registry, Code, PolicyKind, Proof};

    fn codes(text: &str, kind: PolicyKind) -> Vec<Code> {
        parse_policy_text(text, kind)
            .diagnostics
            .iter()
            .map(|d| d.code)
            .collect()
    }

    #[test]
    fn every_example_triggers_its_check_and_every_counter_example_has_no_finding() {
        let mut tested = 0;
        for info in registry() {
            if let Proof::Examples { kind, fires, quiet } = info.proof {
                let found = codes(fires, kind);
                assert!(
                    found.contains(&info.code),
                    "{}: its example gives {found:?}",
                    info.code
                );
                let found = codes(quiet, kind);
                assert!(
                    found.is_empty(),
                    "{}: its counter-example gives {found:?}",
                    info.code
                );
                tested += 1;
            }
        }
        assert_eq!(tested, 107, "checks with examples");
    }

    /// A policy of `kind` with exactly `chars` characters that are not white space (the `Sid`
    /// pads it).
    fn policy_of_length(kind: PolicyKind, chars: usize) -> String {
        let shape = |sid: &str| match kind {
            PolicyKind::Trust => format!(
                r#"{{"Version":"2012-10-17","Statement":[{{"Sid":"{sid}","Effect":"Allow","Principal":{{"Service":"ec2.amazonaws.com"}},"Action":"sts:AssumeRole"}}]}}"#
            ),
            PolicyKind::Rcp => format!(
                r#"{{"Version":"2012-10-17","Statement":[{{"Sid":"{sid}","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*","Condition":{{"Bool":{{"aws:SecureTransport":"false"}}}}}}]}}"#
            ),
            PolicyKind::Resource | PolicyKind::Endpoint => format!(
                r#"{{"Version":"2012-10-17","Statement":[{{"Sid":"{sid}","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::amzn-s3-demo-bucket/*"}}]}}"#
            ),
            _ => format!(
                r#"{{"Version":"2012-10-17","Statement":[{{"Sid":"{sid}","Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}]}}"#
            ),
        };
        let base = shape("").len();
        let text = shape(&"A".repeat(chars - base));
        assert_eq!(text.len(), chars);
        text
    }

    #[test]
    fn every_size_check_fires_past_its_quota_and_not_at_it() {
        let mut tested = 0;
        for info in registry() {
            if let Proof::Oversized { kind } = info.proof {
                let (limit, _) = kind.size_limit();
                let found = codes(&policy_of_length(kind, limit + 1), kind);
                assert!(found.contains(&info.code), "{}: {found:?}", info.code);
                let found = codes(&policy_of_length(kind, limit), kind);
                assert!(found.is_empty(), "{}: {found:?}", info.code);
                tested += 1;
            }
        }
        assert_eq!(tested, 6);
    }

    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn every_check_without_an_example_names_a_test_that_gives_its_code() {
        for info in registry() {
            if let Proof::Elsewhere { tested_by, .. } = info.proof {
                let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(tested_by);
                let text = std::fs::read_to_string(&path)
                    .unwrap_or_else(|e| panic!("{}: {}: {e}", info.code, path.display()));
                assert!(
                    text.contains(info.code.as_str()),
                    "{}: {tested_by} does not mention it",
                    info.code
                );
            }
        }
    }
}
