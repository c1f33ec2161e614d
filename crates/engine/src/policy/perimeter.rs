//! Data-perimeter patterns: a `Deny` that keeps out every caller outside an organization or an
//! account, written in a resource-based policy or an RCP, also keeps out AWS services that call
//! with their own service principal (CloudTrail writing to a bucket, Config reading it): those
//! requests carry no `aws:PrincipalOrgID`, `aws:PrincipalOrgPaths` or `aws:PrincipalAccount`,
//! so a negated test on them holds ("AWS global condition context keys":
//! `aws:PrincipalIsAWSService`). AWS's perimeter examples add `"BoolIfExists":
//! {"aws:PrincipalIsAWSService": "false"}` for that reason.

use super::*;

/// The keys a perimeter statement tests the caller's organization or account with (lowercase).
const PERIMETER_KEYS: &[&str] = &[
    "aws:principalorgid",
    "aws:principalorgpaths",
    "aws:principalaccount",
];

/// Keys whose test shows the statement tells AWS services apart (lowercase).
const SERVICE_KEYS: &[&str] = &[
    "aws:principalisawsservice",
    "aws:principalservicename",
    "aws:principalservicenameslist",
];

impl PolicyParser<'_> {
    /// `PERIMETER_DENIES_AWS_SERVICES`: a `Deny` for everyone (`"Principal": "*"`) in a
    /// resource-based policy or an RCP, with a negated string test on the caller's organization
    /// or account, and no test on `aws:PrincipalIsAWSService` (or the service's name).
    pub(super) fn perimeter_warning(&mut self, st: &Statement) {
        if !matches!(self.kind, PolicyKind::Resource | PolicyKind::Rcp) || st.effect != Effect::Deny
        {
            return;
        }
        let everyone = st.principal.as_ref().is_some_and(|p| {
            !p.negated
                && p.entries
                    .iter()
                    .any(|e| matches!(e, PrincipalEntry::Everyone))
        });
        if !everyone
            || st
                .conditions
                .iter()
                .any(|c| SERVICE_KEYS.contains(&c.key_lower.as_str()))
        {
            return;
        }
        let Some(clause) = st.conditions.iter().find(|c| {
            PERIMETER_KEYS.contains(&c.key_lower.as_str())
                && c.operator.negated
                && c.operator.family == OperatorFamily::String
        }) else {
            return;
        };
        self.report(
            Code::PERIMETER_DENIES_AWS_SERVICES,
            clause.span,
            format!(
                "this `Deny` also denies AWS services that call with their service principal: their requests carry no `{}`, so `{}` holds for them",
                clause.key, clause.operator_text
            ),
            Some("if AWS services (CloudTrail, Config, ...) must reach the resource, add `\"BoolIfExists\": {\"aws:PrincipalIsAWSService\": \"false\"}` to the condition".into()),
        );
    }
}
