//! Identity-policy warnings about IAM actions on every role: `iam:PassRole` (the
//! `PASS_ROLE_WITH_…` security warnings) and `iam:CreateServiceLinkedRole` (the
//! `CREATE_SLR_WITH_…` warnings), one rule for both: an `Allow` of the action (by name, by a
//! wildcard, or through `NotAction`) on every role (`"Resource": "*"`, or a pattern that covers
//! them all) or on every role but some (`NotResource`).

use super::*;

use crate::ast::{RoleFact, RoleFacts, RoleReach as Reach};

/// One family of warnings.
struct Family {
    /// The action, lowercase (`iam:passrole`).
    action: &'static str,
    /// The action as shown in messages.
    shown: &'static str,
    /// Whether a wildcard pattern that includes the action counts as "star in action": only
    /// `*` and `iam:*` for `iam:PassRole`; every wildcard (`iam:Create*` too) for
    /// `iam:CreateServiceLinkedRole`, as Access Analyzer's reference describes.
    any_wildcard_is_star: bool,
    /// Whether a pattern other than `*` that covers every service-linked role counts as
    /// "star in resource" (`arn:aws:iam::*:role/aws-service-role/*`).
    service_linked_patterns: bool,
    /// Codes: `*` resource with the action named, with a star action, with `NotAction`; then
    /// the same three with `NotResource`.
    codes: [Code; 6],
    /// What the principal can then do.
    consequence: &'static str,
    /// The fix.
    help: &'static str,
}

const PASS_ROLE: Family = Family {
    action: "iam:passrole",
    shown: "`iam:PassRole`",
    any_wildcard_is_star: false,
    service_linked_patterns: false,
    // `NotAction` counts as every action here: Access Analyzer's own `NotAction` forms are
    // covered by the star-in-action codes.
    codes: [
        Code::PASS_ROLE_WITH_STAR_IN_RESOURCE,
        Code::PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE,
        Code::PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE,
        Code::PASS_ROLE_WITH_NOT_RESOURCE,
        Code::PASS_ROLE_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE,
        Code::PASS_ROLE_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE,
    ],
    consequence: "its principal can pass any of those roles to a service, and act with the role's permissions",
    help: "name the roles it may pass in `Resource` (`arn:aws:iam::ACCOUNT:role/NAME`), and limit the services with `iam:PassedToService`",
};

const CREATE_SLR: Family = Family {
    action: "iam:createservicelinkedrole",
    shown: "`iam:CreateServiceLinkedRole`",
    any_wildcard_is_star: true,
    service_linked_patterns: true,
    codes: [
        Code::CREATE_SLR_WITH_STAR_IN_RESOURCE,
        Code::CREATE_SLR_WITH_STAR_IN_ACTION_AND_RESOURCE,
        Code::CREATE_SLR_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION,
        Code::CREATE_SLR_WITH_NOT_RESOURCE,
        Code::CREATE_SLR_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE,
        Code::CREATE_SLR_WITH_NOT_ACTION_AND_NOT_RESOURCE,
    ],
    consequence: "its principal can create service-linked roles for services it was not meant to set up",
    help: "name the service-linked roles it may create in `Resource` (`arn:aws:iam::ACCOUNT:role/aws-service-role/SERVICE.amazonaws.com/*`), or limit the services with `iam:AWSServiceName`",
};

/// True when `t` matches `text` (no request context: a pattern with variables matches nothing).
/// `text` is lowercase ASCII.
fn matches(t: &Template, text: &str) -> bool {
    // A literal start that `text` does not start with (ASCII, compared as lowercase, as the
    // tokens below are): no match, told without matching (most of a policy's actions).
    if let Some([crate::pattern::Token::Text(head), ..]) = t.fixed_tokens() {
        let n = head.len().min(text.len());
        if let (Some(head), Some(start)) = (head.as_bytes().get(..n), text.as_bytes().get(..n)) {
            if head.is_ascii() && !head.eq_ignore_ascii_case(start) {
                return false;
            }
        }
    }
    let empty = crate::request::Context::default();
    t.tokens(&empty, true)
        .is_some_and(|tokens| policy_playground_text::glob_match(&tokens, text))
}

/// True when a resource pattern covers the service-linked roles of every service: its service
/// field matches `iam` and its resource field matches the roles of two made-up services.
fn covers_every_service_linked_role(t: &Template) -> bool {
    let Some(text) = t.text(&crate::request::Context::default(), false) else {
        return false;
    };
    let (fields, count) = crate::text::bytes::split_fields::<6>(&text, b':');
    let parts = fields.get(..count).unwrap_or_default();
    let [arn, _, service, _, _, resource] = parts else {
        return false;
    };
    let syntax = TemplateSyntax {
        wildcards: true,
        variables: false,
        lowercase: true,
    };
    let field = |s: &str| Template::new(s, syntax);
    matches(&field(arn), "arn")
        && matches(&field(service), "iam")
        && [
            "role/aws-service-role/probe-one.amazonaws.com/awsservicerolefor1",
            "role/aws-service-role/probe-two.example.com/awsservicerolefor2",
        ]
        .iter()
        .all(|probe| matches(&field(resource), probe))
}

/// The families, in [`RoleFacts`]' order.
const FAMILIES: [&Family; 2] = [&PASS_ROLE, &CREATE_SLR];

impl RoleFacts {
    /// What an `Action` (`negated`: `NotAction`) element of `patterns` says of each family's
    /// action.
    pub(crate) fn of_action(negated: bool, patterns: &[Template]) -> RoleFacts {
        RoleFacts(FAMILIES.map(|family| {
            let names = |t: &Template| matches(t, family.action);
            if negated {
                return if patterns.iter().any(names) {
                    RoleFact::Nothing
                } else {
                    RoleFact::Reaches(Reach::NotAction, None)
                };
            }
            if !patterns.iter().any(names) {
                return RoleFact::Nothing;
            }
            // the wildcard that makes it a star in action
            let star = patterns.iter().position(|t| {
                t.is_match_all()
                    || t.fixed_text().is_none()
                        && if family.any_wildcard_is_star {
                            names(t)
                        } else {
                            matches(t, "iam:*")
                        }
            });
            match star.and_then(|at| u32::try_from(at).ok()) {
                Some(at) => RoleFact::Reaches(Reach::Star, Some(at)),
                None => RoleFact::Reaches(Reach::Named, None),
            }
        }))
    }
}

impl PolicyParser<'_> {
    /// The role-action warnings of an identity-policy statement.
    pub(super) fn role_action_warnings(&mut self, st: &Statement) {
        if st.effect != Effect::Allow {
            return;
        }
        self.role_action_warning(st, 0);
        // A condition on the service name already limits which roles can be created.
        let limited = st
            .conditions
            .iter()
            .any(|c| c.key_lower == "iam:awsservicename");
        if !limited {
            self.role_action_warning(st, 1);
        }
    }

    /// The warning of the family at `at` in [`FAMILIES`], told from what the statement's
    /// elements say of it ([`RoleFacts`]).
    fn role_action_warning(&mut self, st: &Statement, at: usize) {
        let (Some(family), Some(RoleFact::Reaches(reach, star_at))) = (
            FAMILIES.get(at).copied(),
            st.action.roles.0.get(at).copied(),
        ) else {
            return;
        };
        // The wildcard that makes it a star in action, when `Action` names one.
        let star_pattern = star_at.and_then(|i| st.action.patterns.get(i as usize));
        let every = |t: &Template| {
            t.is_match_all()
                || family.service_linked_patterns && covers_every_service_linked_role(t)
        };
        let star_resource = st.resource.patterns.iter().find(|t| every(t));
        if !st.resource.negated && star_resource.is_none() {
            return;
        }
        let index = match reach {
            Reach::Named => 0,
            Reach::Star => 1,
            Reach::NotAction => 2,
        } + if st.resource.negated { 3 } else { 0 };
        let code = family.codes[index];
        let shown = family.shown;
        // Pass role counts `NotAction` as every action (its codes say so).
        let reach = if code == family.codes[index.saturating_sub(1)] && reach == Reach::NotAction {
            Reach::Star
        } else {
            reach
        };
        // A wildcard narrower than `*` is quoted (as the action patterns are kept: lowercase):
        // `iam:*` allows every iam action, not every action.
        let star_text = star_pattern
            .filter(|t| !t.is_match_all())
            .and_then(|t| t.fixed_tokens())
            .map(|tokens| format!("`{}`, ", crate::pattern::tokens_text(tokens)));
        // joined, not formatted: a batch reports thousands of these
        let action: [&str; 3] = match reach {
            Reach::Named => ["", shown, ""],
            Reach::Star => [
                star_text.as_deref().unwrap_or("every action, "),
                shown,
                " included,",
            ],
            Reach::NotAction => [
                "every action but those `NotAction` names, ",
                shown,
                " included,",
            ],
        };
        let pattern;
        let resource: [&str; 3] = match (st.resource.negated, star_resource) {
            (true, _) => ["on every role but those `NotResource` names", "", ""],
            (false, Some(t)) if !t.is_match_all() => {
                pattern = t.text(&crate::request::Context::default(), false);
                match &pattern {
                    Some(text) => ["on every service-linked role (`", text, "`)"],
                    None => ["on every service-linked role", "", ""],
                }
            }
            (false, _) if reach == Reach::Named => {
                ["on every role (`\"Resource\": \"*\"`)", "", ""]
            }
            (false, _) => ["on every resource (`\"Resource\": \"*\"`)", "", ""],
        };
        let [a0, a1, a2] = action;
        let [r0, r1, r2] = resource;
        let message = [
            "this statement allows ",
            a0,
            a1,
            a2,
            " ",
            r0,
            r1,
            r2,
            ": ",
            family.consequence,
        ]
        .concat();
        self.report(
            code,
            st.resource.span,
            message,
            Some(family.help.to_string()),
        );
    }
}
