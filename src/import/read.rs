//! The first pass over the pages: every user, role, group and managed policy of every page,
//! read with their types checked (a value of the wrong type, or a required field missing, is a
//! report entry and the item or field is left out), duplicates across pages kept once.
//! Nothing is resolved here: a page may name a group or a managed policy that a later page
//! holds.

use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};

use super::{ProblemKind, Problems};
use crate::engine::json::Json;
use crate::engine::Span;

/// Where a value is: its page (0-based) and its span in the page's text.
#[derive(Debug, Clone, Copy)]
pub(super) struct At {
    pub page: usize,
    pub span: Span,
}

/// An inline policy (or a role's trust policy): its name and its document, as written.
pub(super) struct Inline<'t> {
    pub name: &'t str,
    pub doc: &'t Json<'t>,
    pub at: At,
    pub place: String,
}

/// A managed policy attached to an identity or a group, or a permissions boundary.
pub(super) struct Attached<'t> {
    pub name: &'t str,
    pub arn: &'t str,
    pub at: At,
    pub place: String,
}

/// A group a user belongs to, by name.
pub(super) struct GroupRef<'t> {
    pub name: &'t str,
    pub at: At,
    pub place: String,
}

/// A group of `GroupDetailList`.
pub(super) struct Group<'t> {
    pub inline: Vec<Inline<'t>>,
    pub attached: Vec<Attached<'t>>,
}

/// A user or a role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    User,
    Role,
}

impl Kind {
    fn word(self) -> &'static str {
        match self {
            Kind::User => "user",
            Kind::Role => "role",
        }
    }
}

/// A user of `UserDetailList` or a role of `RoleDetailList`, with the name it has in the
/// scenario.
pub(super) struct Identity<'t> {
    pub kind: Kind,
    /// The principal's name in the scenario (unique).
    pub principal: String,
    pub arn: &'t str,
    pub inline: Vec<Inline<'t>>,
    pub attached: Vec<Attached<'t>>,
    pub groups: Vec<GroupRef<'t>>,
    pub boundary: Option<Attached<'t>>,
    pub tags: Vec<(&'t str, &'t str)>,
    pub trust: Option<Inline<'t>>,
    pub profiles: Vec<&'t str>,
    pub at: At,
    pub place: String,
}

/// A managed policy of `Policies`: its default version's document, or why it has none.
pub(super) struct Managed<'t> {
    pub document: Result<&'t Json<'t>, String>,
    pub at: At,
}

/// Everything the pages hold.
#[derive(Default)]
pub(super) struct Export<'t> {
    pub users: Vec<Identity<'t>>,
    pub roles: Vec<Identity<'t>>,
    /// Groups by (account, name): a user's `GroupList` names its account's groups.
    pub groups: HashMap<(&'t str, &'t str), Group<'t>>,
    /// Managed policies by ARN.
    pub policies: HashMap<&'t str, Managed<'t>>,
    /// Items seen a second time (same ARN) and left out.
    pub duplicates: usize,
    seen: HashSet<&'t str>,
    names: Names,
}

/// Principal names: the user's or role's name, else `NAME-user`/`NAME-role`, else
/// `NAME@ACCOUNT`, else `NAME-2`, `NAME-3`, … (each tried once per name: linear).
#[derive(Default)]
struct Names {
    taken: HashSet<String>,
    next: HashMap<String, usize>,
}

impl Names {
    fn name(&mut self, name: &str, kind: Kind, account: &str) -> String {
        let candidates = [
            name.to_string(),
            format!("{name}-{}", kind.word()),
            format!("{name}@{account}"),
        ];
        for c in candidates {
            if !self.taken.contains(&c) {
                self.taken.insert(c.clone());
                return c;
            }
        }
        let n = self.next.entry(name.to_string()).or_insert(2);
        loop {
            let c = format!("{name}-{n}");
            *n += 1;
            if !self.taken.contains(&c) {
                self.taken.insert(c.clone());
                return c;
            }
        }
    }
}

/// The account of an IAM ARN (its fifth field), or empty.
pub(super) fn account_of(arn: &str) -> &str {
    arn.split(':').nth(4).unwrap_or("")
}

/// The string `key` of `object`, if it is one.
fn text<'t>(object: &'t Json<'t>, key: &str) -> Option<&'t str> {
    object.get(key).and_then(Json::as_str)
}

impl<'t> Export<'t> {
    /// Reads one page (an object, already checked).
    pub fn read_page(&mut self, page: usize, root: &'t Json<'t>, problems: &mut Problems<'_>) {
        let mut r = PageReader { page, problems };
        for (i, item) in r.list(root, "Policies", "", "", "").iter().enumerate() {
            self.read_policy(&mut r, item, format!("Policies[{i}]"));
        }
        for (i, item) in r
            .list(root, "GroupDetailList", "", "", "")
            .iter()
            .enumerate()
        {
            self.read_group(&mut r, item, format!("GroupDetailList[{i}]"));
        }
        for (i, item) in r
            .list(root, "UserDetailList", "", "", "")
            .iter()
            .enumerate()
        {
            if let Some(user) =
                self.read_identity(&mut r, item, Kind::User, format!("UserDetailList[{i}]"))
            {
                self.users.push(user);
            }
        }
        for (i, item) in r
            .list(root, "RoleDetailList", "", "", "")
            .iter()
            .enumerate()
        {
            if let Some(role) =
                self.read_identity(&mut r, item, Kind::Role, format!("RoleDetailList[{i}]"))
            {
                self.roles.push(role);
            }
        }
    }

    /// True the first time `arn` is seen (the ARNs of users, roles, groups and policies never
    /// collide: their resource types differ).
    fn first(&mut self, arn: &'t str) -> bool {
        let first = self.seen.insert(arn);
        if !first {
            self.duplicates += 1;
        }
        first
    }

    fn read_policy(&mut self, r: &mut PageReader<'_, '_>, item: &'t Json<'t>, place: String) {
        if !r.object(item, &place, "", "") {
            return;
        }
        let name = text(item, "PolicyName").unwrap_or("");
        let Some(arn) = r.required(item, "Arn", &place, "", name) else {
            return;
        };
        if !self.first(arn) {
            return;
        }
        let at = r.at(item);
        let default_id = text(item, "DefaultVersionId");
        let versions = r.list(item, "PolicyVersionList", &place, "", name);
        let chosen = versions
            .iter()
            .find(|v| {
                matches!(
                    v.get("IsDefaultVersion").map(|d| &d.kind),
                    Some(crate::engine::json::JsonKind::Bool(true))
                )
            })
            .or_else(|| {
                default_id.and_then(|id| versions.iter().find(|v| text(v, "VersionId") == Some(id)))
            });
        let document = match chosen {
            Some(version) => version.get("Document").ok_or_else(|| {
                format!(
                    "its default version ({}) has no Document",
                    text(version, "VersionId").unwrap_or("?")
                )
            }),
            None if versions.is_empty() => Err("it has no PolicyVersionList in the file".to_string()),
            None => Err(format!(
                "none of its {} versions is the default one (IsDefaultVersion, DefaultVersionId {})",
                versions.len(),
                default_id.unwrap_or("absent")
            )),
        };
        self.policies.insert(arn, Managed { document, at });
    }

    fn read_group(&mut self, r: &mut PageReader<'_, '_>, item: &'t Json<'t>, place: String) {
        if !r.object(item, &place, "", "") {
            return;
        }
        let Some(name) = r.required(item, "GroupName", &place, "", "") else {
            return;
        };
        let Some(arn) = r.required(item, "Arn", &place, name, "") else {
            return;
        };
        if !self.first(arn) {
            return;
        }
        let group = Group {
            inline: r.inline(item, "GroupPolicyList", &place, name),
            attached: r.attached(item, &place, name),
        };
        if let Entry::Vacant(slot) = self.groups.entry((account_of(arn), name)) {
            slot.insert(group);
        }
    }

    fn read_identity(
        &mut self,
        r: &mut PageReader<'_, '_>,
        item: &'t Json<'t>,
        kind: Kind,
        place: String,
    ) -> Option<Identity<'t>> {
        if !r.object(item, &place, "", "") {
            return None;
        }
        let name_key = match kind {
            Kind::User => "UserName",
            Kind::Role => "RoleName",
        };
        let name = r.required(item, name_key, &place, "", "")?;
        let arn = r.required(item, "Arn", &place, name, "")?;
        if !self.first(arn) {
            return None;
        }
        let principal = self.names.name(name, kind, account_of(arn));
        let who = principal.as_str();
        let inline_key = match kind {
            Kind::User => "UserPolicyList",
            Kind::Role => "RolePolicyList",
        };
        let mut identity = Identity {
            kind,
            arn,
            inline: r.inline(item, inline_key, &place, who),
            attached: r.attached(item, &place, who),
            groups: Vec::new(),
            boundary: None,
            tags: Vec::new(),
            trust: None,
            profiles: Vec::new(),
            at: r.at(item),
            place: String::new(),
            principal: String::new(),
        };
        if kind == Kind::User {
            for (i, g) in r
                .list(item, "GroupList", &place, who, "")
                .iter()
                .enumerate()
            {
                let at = format!("{place}.GroupList[{i}]");
                match g.as_str() {
                    Some(group) => identity.groups.push(GroupRef {
                        name: group,
                        at: r.at(g),
                        place: at,
                    }),
                    None => r.wrong(g, &at, who, "", "a group name (a string)"),
                }
            }
        }
        if let Some(b) = item.get("PermissionsBoundary") {
            let at = format!("{place}.PermissionsBoundary");
            if r.object(b, &at, who, "") {
                if let Some(arn) = r.required(b, "PermissionsBoundaryArn", &at, who, "") {
                    identity.boundary = Some(Attached {
                        name: arn.rsplit('/').next().unwrap_or(arn),
                        arn,
                        at: r.at(b),
                        place: at,
                    });
                }
            }
        }
        for (i, t) in r.list(item, "Tags", &place, who, "").iter().enumerate() {
            let at = format!("{place}.Tags[{i}]");
            if !r.object(t, &at, who, "") {
                continue;
            }
            if let (Some(k), Some(v)) = (
                r.required(t, "Key", &at, who, ""),
                r.required(t, "Value", &at, who, ""),
            ) {
                identity.tags.push((k, v));
            }
        }
        if kind == Kind::Role {
            match item.get("AssumeRolePolicyDocument") {
                Some(doc) => {
                    identity.trust = Some(Inline {
                        name: "trust policy",
                        doc,
                        at: r.at(doc),
                        place: format!("{place}.AssumeRolePolicyDocument"),
                    })
                }
                None => r.problems.push(
                    ProblemKind::MissingField,
                    Some(r.at(item)),
                    &place,
                    who,
                    "",
                    "the role has no AssumeRolePolicyDocument: it is imported without a trust policy, so nobody can assume it".into(),
                ),
            }
            for (i, p) in r
                .list(item, "InstanceProfileList", &place, who, "")
                .iter()
                .enumerate()
            {
                let at = format!("{place}.InstanceProfileList[{i}]");
                if r.object(p, &at, who, "") {
                    if let Some(n) = r.required(p, "InstanceProfileName", &at, who, "") {
                        identity.profiles.push(n);
                    }
                }
            }
        }
        identity.place = place;
        identity.principal = principal;
        Some(identity)
    }
}

/// Reading one page: its index and the report.
struct PageReader<'p, 'x> {
    page: usize,
    problems: &'p mut Problems<'x>,
}

impl PageReader<'_, '_> {
    fn at(&self, value: &Json) -> At {
        At {
            page: self.page,
            span: value.span,
        }
    }

    /// A value of the wrong type, reported.
    fn wrong(&mut self, value: &Json, place: &str, principal: &str, policy: &str, expected: &str) {
        let at = self.at(value);
        self.problems.push(
            ProblemKind::WrongType,
            Some(at),
            place,
            principal,
            policy,
            format!(
                "{} where {expected} was expected; left out",
                value.type_name()
            ),
        );
    }

    /// True when `value` is an object; reported otherwise.
    fn object(&mut self, value: &Json, place: &str, principal: &str, policy: &str) -> bool {
        let ok = value.as_object().is_some();
        if !ok {
            self.wrong(value, place, principal, policy, "an object");
        }
        ok
    }

    /// The string member `key` of `object`, or a report entry (missing, or not a string).
    fn required<'t>(
        &mut self,
        object: &'t Json<'t>,
        key: &str,
        place: &str,
        principal: &str,
        policy: &str,
    ) -> Option<&'t str> {
        match object.get(key) {
            Some(v) => match v.as_str() {
                Some(s) => Some(s),
                None => {
                    self.wrong(v, &format!("{place}.{key}"), principal, policy, "a string");
                    None
                }
            },
            None => {
                let at = self.at(object);
                self.problems.push(
                    ProblemKind::MissingField,
                    Some(at),
                    place,
                    principal,
                    policy,
                    format!("it has no {key}; left out"),
                );
                None
            }
        }
    }

    /// The array member `key` of `object` (absent: empty; not an array: reported, empty).
    fn list<'t>(
        &mut self,
        object: &'t Json<'t>,
        key: &str,
        place: &str,
        principal: &str,
        policy: &str,
    ) -> &'t [Json<'t>] {
        match object.get(key) {
            None => &[],
            Some(v) => match &v.kind {
                crate::engine::json::JsonKind::Array(items) => items,
                _ => {
                    let at = if place.is_empty() {
                        key.to_string()
                    } else {
                        format!("{place}.{key}")
                    };
                    self.wrong(v, &at, principal, policy, "an array");
                    &[]
                }
            },
        }
    }

    /// The inline policies listed under `key`.
    fn inline<'t>(
        &mut self,
        object: &'t Json<'t>,
        key: &str,
        place: &str,
        principal: &str,
    ) -> Vec<Inline<'t>> {
        let mut out = Vec::new();
        for (i, p) in self
            .list(object, key, place, principal, "")
            .iter()
            .enumerate()
        {
            let at = format!("{place}.{key}[{i}]");
            if !self.object(p, &at, principal, "") {
                continue;
            }
            let Some(name) = self.required(p, "PolicyName", &at, principal, "") else {
                continue;
            };
            match p.get("PolicyDocument") {
                Some(doc) => out.push(Inline {
                    name,
                    doc,
                    at: self.at(doc),
                    place: format!("{at}.PolicyDocument"),
                }),
                None => {
                    let here = self.at(p);
                    self.problems.push(
                        ProblemKind::MissingField,
                        Some(here),
                        &at,
                        principal,
                        name,
                        "the inline policy has no PolicyDocument; left out".into(),
                    );
                }
            }
        }
        out
    }

    /// The managed policies of `AttachedManagedPolicies`.
    fn attached<'t>(
        &mut self,
        object: &'t Json<'t>,
        place: &str,
        principal: &str,
    ) -> Vec<Attached<'t>> {
        let mut out = Vec::new();
        let key = "AttachedManagedPolicies";
        for (i, p) in self
            .list(object, key, place, principal, "")
            .iter()
            .enumerate()
        {
            let at = format!("{place}.{key}[{i}]");
            if !self.object(p, &at, principal, "") {
                continue;
            }
            let Some(arn) = self.required(p, "PolicyArn", &at, principal, "") else {
                continue;
            };
            out.push(Attached {
                name: text(p, "PolicyName")
                    .unwrap_or_else(|| arn.rsplit('/').next().unwrap_or(arn)),
                arn,
                at: self.at(p),
                place: at,
            });
        }
        out
    }
}
