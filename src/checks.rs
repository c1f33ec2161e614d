//! Reading policies with the action catalog: the engine's parser (which knows no AWS names)
//! asking the catalog about every action and condition key it reads. This is the one module
//! that depends on both `engine` and `catalog`; everything that reads policies for people (the
//! `simulate` contract, the page, the JavaScript API) goes through it.

use crate::catalog::{catalog, Catalog};
use crate::engine::json::Json;
use crate::engine::policy::{
    parse_policy_text_with, parse_policy_with, NameCheck, NameFinding, Names,
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
                    None => Some(NameFinding {
                        code: Code::INVALID_ACTION,
                        message: format!("unknown action `{text}`"),
                        help: suggest
                            .then(|| catalog.suggest_action(text))
                            .flatten()
                            .map(|a| format!("did you mean `{}`?", a.name())),
                    }),
                }
            } else if expand {
                expanded = true;
                (!catalog.matches_any(text)).then(|| NameFinding {
                    code: Code::NO_MATCHING_ACTION,
                    message: format!("`{text}` matches no action"),
                    help: None,
                })
            } else {
                None
            }
        } else {
            Some(NameFinding {
                code: Code::INVALID_SERVICE,
                message: format!("unknown service prefix `{service}`"),
                help: catalog
                    .suggest_service(service)
                    .map(|s| format!("did you mean `{}`?", s.prefix())),
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
        let help = catalog
            .suggest_condition_key(key)
            .map(|k| format!("did you mean `{k}`?"));
        Some(NameFinding {
            code: if prefix.eq_ignore_ascii_case("aws") {
                Code::INVALID_GLOBAL_CONDITION_KEY
            } else {
                Code::INVALID_SERVICE_CONDITION_KEY
            },
            message: format!("unknown condition key `{key}`"),
            help,
        })
    }

    fn is_single_valued_global_key(&self, key: &str) -> bool {
        key.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("aws:"))
            && self
                .0
                .condition_key(key)
                .is_some_and(|k| !k.value_type.is_multi_valued())
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

    const NAMES_TEXT: &str = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","NotAction":["sagemaker:CreateTrainingJobs","sagemakr:CreateTrainingJob","sagemaker:Creat*X","*:Creat*Xyzzy","SageMaker:createTRAININGjob","s3:Get*","*"],"Resource":"*","Condition":{"StringEquals":{"aws:SourceVpcee":"v","aws:RequestTag/team":"ml","s3:ExistingObjectTag/owner":"me","sagemaker:InstanceTypes":"ml.p4d.24xlarge","sagemaker:Banana":"x","custom:Key":"x"}}}}"#;

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
