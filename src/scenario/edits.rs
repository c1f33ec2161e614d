//! The page's edits of a scenario, as methods tested natively: adding and removing principals
//! and policies (within the limits share links accept) on the [`Scenario`] by position and on the
//! [`Workspace`] by id (which keeps the ids and parses in step), the text fields of the request
//! context, endpoint and filter, a principal's fields, the access-level filter, expectations
//! written by hand and the baseline. Nothing here knows the page.

use super::{
    parse_identity, ExpectationDoc, PolicyDoc, PolicyId, PolicySlot, PrincipalDoc, PrincipalId,
    PrincipalSlot, Scenario, Workspace, MAX_EXPECTATIONS, MAX_POLICIES, MAX_PRINCIPALS,
};
use crate::catalog::AccessLevel;

/// The policy a new policy tab starts with.
pub const NEW_POLICY_TEXT: &str = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Action\": \"sagemaker:ListModels\",\n      \"Resource\": \"*\"\n    }\n  ]\n}";

impl Scenario {
    /// Adds a principal named `user-N` (the first such name not taken), an IAM user of the
    /// scenario's account, with a copy of principal `base`'s policies and organization, and
    /// selects it. Its index, or `None` at the limit of principals.
    pub fn add_principal_like(&mut self, base: usize) -> Option<usize> {
        if self.principals.len() >= MAX_PRINCIPALS {
            return None;
        }
        let base = self.principals.get(base).cloned();
        let mut k = self.principals.len() + 1;
        let mut name = format!("user-{k}");
        while self.principals.iter().any(|p| p.name == name) {
            k += 1;
            name = format!("user-{k}");
        }
        self.principals.push(PrincipalDoc {
            arn: format!("arn:aws:iam::111122223333:user/{name}"),
            name,
            tags: Vec::new(),
            org_id: base.as_ref().map(|b| b.org_id.clone()).unwrap_or_default(),
            policies: base.map(|b| b.policies).unwrap_or_default(),
            boundary: String::new(),
            session_policy: String::new(),
            workload: String::new(),
        });
        self.selected = self.principals.len() - 1;
        Some(self.selected)
    }

    /// Removes principal `p` and selects the one before it; the last principal stays. True when
    /// something was removed.
    pub fn remove_principal(&mut self, p: usize) -> bool {
        if self.principals.len() <= 1 || p >= self.principals.len() {
            return false;
        }
        self.principals.remove(p);
        self.selected = p.saturating_sub(1);
        true
    }

    /// Adds a policy `policy-N` to principal `p`; its index, or `None` at the limit of policies.
    pub fn add_policy(&mut self, p: usize) -> Option<usize> {
        let principal = self.principals.get_mut(p)?;
        if principal.policies.len() >= MAX_POLICIES {
            return None;
        }
        principal.policies.push(PolicyDoc {
            name: format!("policy-{}", principal.policies.len() + 1),
            text: NEW_POLICY_TEXT.into(),
        });
        Some(principal.policies.len() - 1)
    }

    /// Removes policy `i` of principal `p`; the index of the policy to show next, or `None` when
    /// there was no such policy.
    pub fn remove_policy(&mut self, p: usize, i: usize) -> Option<usize> {
        let principal = self.principals.get_mut(p)?;
        if i >= principal.policies.len() {
            return None;
        }
        principal.policies.remove(i);
        Some(i.saturating_sub(1))
    }

    /// Sets one text field, cut to its bound (the action filter's
    /// [`MAX_FILTER`](super::grid::MAX_FILTER) bytes, the others'
    /// [`MAX_FIELD`](super::share::MAX_FIELD)), so that what the page types stays a scenario
    /// its own share link can carry.
    pub fn set_field(&mut self, field: Field, mut value: String) {
        let max = match field {
            Field::Actions => super::grid::MAX_FILTER,
            // Pairs, one a line: each key and value is cut to `MAX_FIELD` below.
            Field::Extra => super::share::MAX_FIELD * 8,
            _ => super::share::MAX_FIELD,
        };
        clip(&mut value, max);
        match field {
            Field::Region => self.context.region = value,
            Field::Time => self.context.time = value,
            Field::SourceIp => self.context.source_ip = value,
            Field::VpcSourceIp => self.context.vpc_source_ip = value,
            Field::VpcId => self.context.vpc_id = value,
            Field::Extra => {
                self.context.extra = bounded_pairs(&value);
            }
            Field::EndpointId => self.endpoint_mut().id = value,
            Field::EndpointType => self.endpoint_mut().endpoint_type = value,
            Field::Service => self.endpoint_mut().service = value,
            Field::Actions => self.actions = value,
            Field::Resource => self.resource = value,
        }
    }

    /// Shows (`on`) or hides the actions of one access level in the grid. The filter lists the
    /// levels shown; an empty list means every level.
    pub fn set_access_level(&mut self, level: AccessLevel, on: bool) {
        let name = level.as_str().to_string();
        if self.access.is_empty() {
            self.access = AccessLevel::ALL
                .iter()
                .map(|l| l.as_str().to_string())
                .collect();
        }
        self.access.retain(|l| *l != name);
        if on {
            self.access.push(name);
        }
        if self.access.len() == AccessLevel::ALL.len() {
            self.access.clear();
        }
    }
}

/// The text fields of a scenario outside its principals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// `aws:RequestedRegion`.
    Region,
    /// `aws:CurrentTime`.
    Time,
    /// `aws:SourceIp`.
    SourceIp,
    /// `aws:VpcSourceIp`.
    VpcSourceIp,
    /// `aws:SourceVpc`.
    VpcId,
    /// Extra keys, `key=value` per line.
    Extra,
    /// The endpoint id (`aws:SourceVpce`).
    EndpointId,
    /// `Interface` / `Gateway`.
    EndpointType,
    /// The endpoint's service name.
    Service,
    /// The action filter.
    Actions,
    /// The resource.
    Resource,
}

/// The text fields of a principal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrincipalField {
    /// Its display name.
    Name,
    /// Its ARN.
    Arn,
    /// Its tags, `key=value` per line.
    Tags,
    /// Its organization id.
    OrgId,
}

/// Cuts `text` to at most `max` bytes, at a character boundary.
fn clip(text: &mut String, max: usize) {
    if text.len() > max {
        let mut end = max;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
    }
}

/// [`parse_pairs`] within the scenario's bounds: at most [`MAX_PAIRS`](super::share::MAX_PAIRS)
/// pairs, each key and value cut to [`MAX_FIELD`](super::share::MAX_FIELD) bytes.
fn bounded_pairs(text: &str) -> Vec<(String, String)> {
    let mut pairs = parse_pairs(text);
    pairs.truncate(super::share::MAX_PAIRS);
    for (k, v) in &mut pairs {
        clip(k, super::share::MAX_FIELD);
        clip(v, super::share::MAX_FIELD);
    }
    pairs
}

/// `key=value` lines as pairs (keys trimmed and not empty; lines without `=` are left out).
pub fn parse_pairs(text: &str) -> Vec<(String, String)> {
    text.lines()
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .filter(|(k, _)| !k.is_empty())
        .collect()
}

impl Workspace {
    /// Appends an expectation written by hand (trimmed); its index, or `None` when its principal
    /// or action is empty or the scenario holds [`MAX_EXPECTATIONS`] already. Whether its
    /// patterns match anything is for [`Workspace::check_expectations`] to say.
    pub fn add_expectation(&mut self, mut e: ExpectationDoc) -> Option<usize> {
        e.principal = e.principal.trim().to_string();
        e.action = e.action.trim().to_string();
        e.resource = e.resource.trim().to_string();
        e.note = e.note.trim().to_string();
        if e.principal.is_empty()
            || e.action.is_empty()
            || self.scenario.expectations.len() >= MAX_EXPECTATIONS
        {
            return None;
        }
        self.scenario.expectations.push(e);
        Some(self.scenario.expectations.len() - 1)
    }

    /// Keeps the scenario as it is now as its baseline (without its own baseline), replacing
    /// the one before.
    pub fn keep_as_baseline(&mut self) {
        let mut now = self.scenario.clone();
        now.baseline = None;
        self.scenario.baseline = Some(Box::new(now));
    }

    /// Sets the baseline (`None`: no comparison); a baseline's own baseline is dropped.
    pub fn set_baseline(&mut self, baseline: Option<Scenario>) {
        self.scenario.baseline = baseline.map(|mut b| {
            b.baseline = None;
            Box::new(b)
        });
    }

    /// Adds a principal like [`Scenario::add_principal_like`] (principal `base`'s policies,
    /// already parsed, under new ids) and selects it. Its id, or `None` at the limit.
    pub fn add_principal_like(&mut self, base: PrincipalId) -> Option<PrincipalId> {
        let at = self.principal_position(base).unwrap_or(usize::MAX);
        let added = self.scenario.add_principal_like(at)?;
        let policies = match self.slots.get(at) {
            Some(base) => base.policies.clone(),
            None => Vec::new(),
        };
        let id = self.ids.principal();
        let policies = policies
            .into_iter()
            .map(|d| PolicySlot {
                id: self.ids.policy(),
                parsed: d.parsed,
            })
            .collect();
        let (boundary, session) = match self.slots.get(at) {
            Some(base) => (base.boundary.clone(), base.session.clone()),
            None => (None, None),
        };
        self.slots.insert(
            added,
            PrincipalSlot {
                id,
                policies,
                boundary,
                session,
            },
        );
        Some(id)
    }

    /// Removes principal `id` like [`Scenario::remove_principal`] (the last one stays; the one
    /// before it is selected). True when something was removed.
    pub fn remove_principal(&mut self, id: PrincipalId) -> bool {
        let Some(at) = self.principal_position(id) else {
            return false;
        };
        if !self.scenario.remove_principal(at) {
            return false;
        }
        self.slots.remove(at);
        true
    }

    /// Adds a policy to principal `p` like [`Scenario::add_policy`]; its id, or `None` at the
    /// limit or for an unknown principal.
    pub fn add_policy(&mut self, p: PrincipalId) -> Option<PolicyId> {
        let at = self.principal_position(p)?;
        let i = self.scenario.add_policy(at)?;
        let text = self
            .scenario
            .principals
            .get(at)?
            .policies
            .get(i)?
            .text
            .clone();
        let id = self.ids.policy();
        self.slots.get_mut(at)?.policies.insert(
            i,
            PolicySlot {
                id,
                parsed: parse_identity(&text),
            },
        );
        Some(id)
    }

    /// Removes policy `policy` of principal `p`. True when something was removed.
    pub fn remove_policy(&mut self, p: PrincipalId, policy: PolicyId) -> bool {
        let Some((at, i)) = self.policy_position(p, policy) else {
            return false;
        };
        if self.scenario.remove_policy(at, i).is_none() {
            return false;
        }
        if let Some(slot) = self.slots.get_mut(at) {
            slot.policies.remove(i);
        }
        true
    }

    /// Sets a text field of principal `p` (ignored for an unknown principal), cut to its bounds
    /// ([`MAX_FIELD`](super::share::MAX_FIELD) bytes a field, tag key or value;
    /// [`MAX_PAIRS`](super::share::MAX_PAIRS) tags).
    pub fn set_principal_field(&mut self, p: PrincipalId, field: PrincipalField, value: String) {
        let max = super::share::MAX_FIELD;
        let mut value = value;
        clip(
            &mut value,
            if field == PrincipalField::Tags {
                max * 8
            } else {
                max
            },
        );
        let Some(at) = self.principal_position(p) else {
            return;
        };
        let Some(doc) = self.scenario.principals.get_mut(at) else {
            return;
        };
        match field {
            PrincipalField::Name => doc.name = value,
            PrincipalField::Arn => doc.arn = value,
            PrincipalField::Tags => doc.tags = bounded_pairs(&value),
            PrincipalField::OrgId => doc.org_id = value,
        }
    }

    /// Renames policy `policy` of principal `p` (ignored when there is none).
    pub fn rename_policy(&mut self, p: PrincipalId, policy: PolicyId, name: String) {
        if let Some((at, i)) = self.policy_position(p, policy) {
            if let Some(doc) = self
                .scenario
                .principals
                .get_mut(at)
                .and_then(|d| d.policies.get_mut(i))
            {
                doc.name = name;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{presets, Expect, ExpectationState};

    #[test]
    fn expectations_written_by_hand_are_trimmed_and_bounded() {
        let mut ws = Workspace::new(seed());
        let before = ws.scenario.expectations.len();
        let doc = |principal: &str, action: &str| ExpectationDoc {
            principal: principal.into(),
            action: action.into(),
            resource: String::new(),
            expect: Expect::Denied,
            note: " why ".into(),
        };
        assert_eq!(ws.add_expectation(doc("", "sagemaker:*")), None);
        assert_eq!(ws.add_expectation(doc(" other-user ", " ")), None);
        let i = ws
            .add_expectation(doc(" other-user ", " sagemaker:Create* "))
            .expect("added");
        assert_eq!(i, before);
        let added = &ws.scenario.expectations[i];
        assert_eq!(
            (
                added.principal.as_str(),
                added.action.as_str(),
                added.note.as_str()
            ),
            ("other-user", "sagemaker:Create*", "why")
        );
        // The exam's other-user may create nothing: the pattern holds for every Create action.
        let results = ws.check_expectations();
        assert_eq!(results[i].state, ExpectationState::Pass);
        assert!(results[i].cells.len() > 10);
        while ws
            .add_expectation(doc("other-user", "sagemaker:*"))
            .is_some()
        {}
        assert_eq!(ws.scenario.expectations.len(), MAX_EXPECTATIONS);
    }

    #[test]
    fn a_baseline_is_kept_one_level_deep() {
        let mut ws = Workspace::new(seed());
        ws.keep_as_baseline();
        let kept = ws.scenario.baseline.clone().expect("kept");
        assert_eq!(kept.principals, ws.scenario.principals);
        assert!(kept.baseline.is_none());
        // Keeping again replaces it, never nests it.
        ws.scenario.title = "edited".into();
        ws.keep_as_baseline();
        assert_eq!(
            ws.scenario.baseline.as_ref().map(|b| b.title.as_str()),
            Some("edited")
        );
        assert!(ws
            .scenario
            .baseline
            .as_ref()
            .is_some_and(|b| b.baseline.is_none()));
        let mut other = seed();
        other.baseline = Some(Box::new(seed()));
        ws.set_baseline(Some(other));
        assert!(ws
            .scenario
            .baseline
            .as_ref()
            .is_some_and(|b| b.baseline.is_none()));
        ws.set_baseline(None);
        assert!(ws.scenario.baseline.is_none());
    }

    fn seed() -> Scenario {
        presets::preset("sagemaker-api-exam")
            .map(|p| p.scenario)
            .unwrap_or_default()
    }

    #[test]
    fn added_principals_get_names_not_taken_and_copies_of_the_policies() {
        let mut s = seed();
        let before = s.principals.len();
        let i = s.add_principal_like(0);
        assert_eq!(i, Some(before));
        let added = &s.principals[before];
        assert_eq!(added.name, format!("user-{}", before + 1));
        assert_eq!(added.policies, s.principals[0].policies);
        assert_eq!(s.selected, before);
        // A name already taken is skipped.
        s.principals[0].name = format!("user-{}", before + 2);
        let j = s.add_principal_like(0).unwrap_or_default();
        assert_eq!(s.principals[j].name, format!("user-{}", before + 3));
        let names: std::collections::HashSet<_> = s.principals.iter().map(|p| &p.name).collect();
        assert_eq!(names.len(), s.principals.len(), "names stay unique");
    }

    #[test]
    fn principals_stop_at_the_limit_and_the_last_one_stays() {
        let mut s = seed();
        while s.add_principal_like(0).is_some() {}
        assert_eq!(s.principals.len(), MAX_PRINCIPALS);
        while s.remove_principal(s.principals.len() - 1) {}
        assert_eq!(s.principals.len(), 1);
        assert!(!s.remove_principal(0));
    }

    #[test]
    fn policies_are_added_and_removed_within_the_limit() {
        let mut s = seed();
        let n = s.principals[0].policies.len();
        assert_eq!(s.add_policy(0), Some(n));
        assert_eq!(
            s.principals[0].policies[n].name,
            format!("policy-{}", n + 1)
        );
        while s.add_policy(0).is_some() {}
        assert_eq!(s.principals[0].policies.len(), MAX_POLICIES);
        assert_eq!(s.remove_policy(0, 3), Some(2));
        assert_eq!(s.remove_policy(0, 99), None);
        assert_eq!(s.add_policy(99), None);
    }

    #[test]
    fn access_levels_toggle_and_all_levels_read_as_empty() {
        let mut s = seed();
        s.access.clear();
        s.set_access_level(AccessLevel::Write, false);
        assert_eq!(s.access.len(), AccessLevel::ALL.len() - 1);
        assert!(!s.access.iter().any(|l| l == "Write"));
        s.set_access_level(AccessLevel::Write, true);
        assert!(
            s.access.is_empty(),
            "every level shown again: {:?}",
            s.access
        );
    }
}
