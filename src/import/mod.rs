//! Import of what `aws iam get-account-authorization-details` writes (one file, or the pages of
//! a paginated export) into a playground [`Scenario`], with a report of everything that could
//! not be resolved.
//!
//! - Users (`UserDetailList`): their inline policies, attached managed policies, the inline and
//!   attached policies of each group of their `GroupList`, their permissions boundary and tags.
//!   The principal's ARN is the user's ARN.
//! - Roles (`RoleDetailList`): the same (no groups), and the trust policy
//!   (`AssumeRolePolicyDocument`) as the role's resource policy (a [`ResourceDoc`] named like the
//!   principal, whose ARN is the role's, path included). The principal's ARN is the role's, path
//!   included, which the engine reads as a session of the role whose `aws:PrincipalArn` is that
//!   ARN (as AWS gives it: a session's own `assumed-role/NAME/SESSION` ARN has no path, so it
//!   could not carry one). Instance profiles are listed in the report ([`ImportReport::instance_profiles`]).
//! - Managed policies are resolved from the pages' `Policies` list: the document of the version
//!   with `IsDefaultVersion` (else the one `DefaultVersionId` names).
//! - A policy document may be a JSON object (AWS CLI, boto3), a JSON string, or a URL-encoded JSON
//!   string (the raw API): all three are read, and stored laid out with two spaces.
//! - Pages are read first and resolved after, so a page may name what a later page holds; an item
//!   seen twice (same ARN) is kept once.
//!
//! Nothing is dropped silently: each policy, group, field or document left out is a
//! [`Problem`] of the report, with its page, line and column, the principal and the policy, and
//! the reason in plain words. Bad input never panics: the size is checked first
//! ([`MAX_IMPORT_BYTES`]), text that is not JSON is an [`ImportError`] with its line and column,
//! and values of the wrong type are report entries. The work is linear in the input (plus the
//! copies of each policy text into every principal it is attached to, which is the scenario's
//! size). Pure: no I/O; the command line's `import` and the page call it.

mod documents;
mod read;
#[cfg(test)]
mod tests;

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use crate::engine::json::{self, Json};
use crate::engine::{LineIndex, Principal};
use crate::scenario::{
    share, AccountDoc, PolicyDoc, PrincipalDoc, ResourceDoc, Scenario, MAX_POLICIES, MAX_PRINCIPALS,
};
use read::{At, Export, Identity, Kind};

/// The most bytes one import may read, all pages together, checked before anything is parsed
/// (a real account's export is a few MB; 500 roles and 300 managed policies are about 5 MB).
pub const MAX_IMPORT_BYTES: usize = 64 * 1024 * 1024;

/// The keys that make a JSON object a page of the export.
const EXPORT_KEYS: [&str; 4] = [
    "UserDetailList",
    "GroupDetailList",
    "RoleDetailList",
    "Policies",
];

/// The top-level keys that only a playground scenario file has (the page's *Export file*, what
/// *Import file* reads): its principals and endpoints (`endpoint` in version 1 documents). An
/// export page's keys are written in PascalCase ([`EXPORT_KEYS`]).
const SCENARIO_KEYS: [&str; 3] = ["principals", "endpoints", "endpoint"];

/// Whether `bytes` start with a byte-order mark [`decode_file`] reads (UTF-8, UTF-16LE,
/// UTF-16BE): the command line decodes such files as the page does, and refuses other bytes that
/// are not UTF-8.
pub fn has_byte_order_mark(bytes: &[u8]) -> bool {
    [&[0xEF, 0xBB, 0xBF][..], &[0xFF, 0xFE], &[0xFE, 0xFF]]
        .iter()
        .any(|mark| bytes.starts_with(mark))
}

/// The text of a file's bytes as a browser's `FileReader.readAsText` gives it (the Encoding
/// standard's decode with UTF-8 as the fallback): a byte-order mark picks UTF-8, UTF-16LE or
/// UTF-16BE and is dropped; without one the bytes are UTF-8. Invalid sequences become U+FFFD
/// rather than errors, as the browser's reader makes them. The page reads its files as bytes and
/// decodes them here: the text then reaches the wasm module as it is, without a round trip
/// through a JavaScript string (a 5 MB export cost tens of milliseconds each way).
pub fn decode_file(bytes: Vec<u8>) -> String {
    let utf16 = |rest: &[u8], unit: fn([u8; 2]) -> u16| {
        let units = rest.chunks(2).map(|pair| match pair {
            [a, b] => unit([*a, *b]),
            // An odd byte at the end: not a whole code unit.
            _ => 0xFFFD,
        });
        char::decode_utf16(units)
            .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect()
    };
    match bytes.as_slice() {
        [0xEF, 0xBB, 0xBF, rest @ ..] => String::from_utf8_lossy(rest).into_owned(),
        [0xFF, 0xFE, rest @ ..] => utf16(rest, u16::from_le_bytes),
        [0xFE, 0xFF, rest @ ..] => utf16(rest, u16::from_be_bytes),
        _ => match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
        },
    }
}

/// Whether the texts given to the page's account input are a playground scenario file rather
/// than an export: one text whose top-level JSON object has a key of a scenario (`principals`,
/// `endpoints`, `endpoint`) and none of an export's (`UserDetailList`, `GroupDetailList`,
/// `RoleDetailList`, `Policies`). Decided by the content, never the file's name; anything else
/// (several files, text that is not JSON, an empty object, an export) is read as an export, whose
/// import says what is wrong with it. Reads the top-level keys only (the values are skipped
/// without being kept); a text over [`MAX_IMPORT_BYTES`] is not looked at.
pub fn is_scenario_file(pages: &[&str]) -> bool {
    let [text] = pages else {
        return false;
    };
    if text.len() > MAX_IMPORT_BYTES || !text.trim_start().starts_with('{') {
        return false;
    }
    let Ok(keys) = serde_json::from_str::<HashMap<String, serde::de::IgnoredAny>>(text) else {
        return false;
    };
    let has = |k: &&str| keys.contains_key(*k);
    SCENARIO_KEYS.iter().any(has) && !EXPORT_KEYS.iter().any(has)
}

/// A scenario imported, and what could not be.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    /// The scenario: one principal per user and role, a resource per role's trust policy, the
    /// accounts of their ARNs; the rest as [`Scenario::default`] (the default endpoint,
    /// `sagemaker:*`).
    pub scenario: Scenario,
    /// What was read, and every problem.
    pub report: ImportReport,
    /// Each distinct policy text, parsed (with its kind) to report its errors: a workspace of
    /// the scenario takes them rather than parsing again
    /// ([`Workspace::with_parses`](crate::scenario::Workspace::with_parses)).
    pub parses: crate::scenario::KnownParses,
}

/// What an import read and what it could not resolve.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct ImportReport {
    /// The pages read.
    pub pages: usize,
    /// Users imported (principals).
    pub users: usize,
    /// Roles imported (principals, with their trust policies as resources).
    pub roles: usize,
    /// Groups read.
    pub groups: usize,
    /// Managed policies read from `Policies`.
    pub policies: usize,
    /// Items (users, roles, groups, policies) seen again on another page, or twice, and kept
    /// once.
    pub duplicates: usize,
    /// Everything left out or worth knowing, in the order found.
    pub problems: Vec<Problem>,
    /// The instance profiles of each role that has any.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub instance_profiles: Vec<InstanceProfiles>,
}

/// The instance profiles of one role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InstanceProfiles {
    /// The role's principal in the scenario.
    pub principal: String,
    /// The role's ARN.
    pub role: String,
    /// The instance profiles' names.
    pub profiles: Vec<String>,
}

/// What kind of problem a report entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProblemKind {
    /// A value of the wrong type (an object where a list was expected, ...): left out.
    WrongType,
    /// A required field is missing (a user without `Arn`, a policy without `PolicyDocument`).
    MissingField,
    /// An attached managed policy or a permissions boundary whose ARN is not in `Policies`.
    ManagedPolicyNotFound,
    /// A managed policy without a readable default version.
    NoDefaultVersion,
    /// A policy document that is not a readable policy (in any of the three encodings).
    UnreadableDocument,
    /// A group of a user's `GroupList` that `GroupDetailList` does not hold.
    GroupNotFound,
    /// A user or role whose ARN the engine does not read as a principal.
    InvalidArn,
    /// Every page given says `IsTruncated: true`: the last page (and maybe others) is missing.
    IncompleteExport,
    /// A policy imported as it is, which the playground reads with an error (AWS would have
    /// refused it, or the playground reads it differently): while it is there, the grid is not
    /// decided. One entry per distinct policy text, naming the first principal that has it.
    PolicyError,
    /// The scenario holds more than the page, share links and `policy-playground scenario`
    /// read today (principals, policies per principal, tags, resources, policy size).
    BeyondLimit,
}

impl ProblemKind {
    /// The kind as written in the report (`managed-policy-not-found`).
    pub fn as_str(self) -> &'static str {
        match self {
            ProblemKind::WrongType => "wrong-type",
            ProblemKind::MissingField => "missing-field",
            ProblemKind::ManagedPolicyNotFound => "managed-policy-not-found",
            ProblemKind::NoDefaultVersion => "no-default-version",
            ProblemKind::UnreadableDocument => "unreadable-document",
            ProblemKind::GroupNotFound => "group-not-found",
            ProblemKind::InvalidArn => "invalid-arn",
            ProblemKind::IncompleteExport => "incomplete-export",
            ProblemKind::PolicyError => "policy-error",
            ProblemKind::BeyondLimit => "beyond-limit",
        }
    }
}

/// One report entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Problem {
    /// What kind of problem.
    pub kind: ProblemKind,
    /// The page (1-based, in the order given); 0 for the scenario as a whole.
    pub page: usize,
    /// The 1-based line in that page (0 when `page` is 0).
    pub line: usize,
    /// The 1-based column, in characters (0 when `page` is 0).
    pub column: usize,
    /// Where in the page (`RoleDetailList[3].AttachedManagedPolicies[1]`).
    pub place: String,
    /// The principal's name in the scenario (or the group's or user's name in the file when it
    /// has none); empty when none.
    pub principal: String,
    /// The policy's name or ARN; empty when none.
    pub policy: String,
    /// What happened, in plain words.
    pub reason: String,
}

/// Why nothing could be imported: the place (page, 1-based, and line and column in it; page 0
/// for the import as a whole) and the reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportError {
    /// The page (1-based); 0: the import as a whole.
    pub page: usize,
    /// The 1-based line (0 when none).
    pub line: usize,
    /// The 1-based column in characters (0 when none).
    pub column: usize,
    /// What is wrong, in plain words.
    pub message: String,
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.line > 0 {
            write!(f, "{}:{}: {}", self.line, self.column, self.message)
        } else {
            f.write_str(&self.message)
        }
    }
}

/// The report entries, located lazily: a page's line index is built the first time one of its
/// values is reported.
pub(crate) struct Problems<'t> {
    texts: &'t [&'t str],
    lines: Vec<Option<LineIndex<'t>>>,
    list: Vec<Problem>,
}

impl<'t> Problems<'t> {
    fn new(texts: &'t [&'t str]) -> Problems<'t> {
        Problems {
            texts,
            lines: texts.iter().map(|_| None).collect(),
            list: Vec::new(),
        }
    }

    /// Adds an entry at `at` (`None`: the scenario as a whole).
    fn push(
        &mut self,
        kind: ProblemKind,
        at: Option<At>,
        place: &str,
        principal: &str,
        policy: &str,
        reason: String,
    ) {
        let (page, line, column) = match at {
            Some(at) => {
                let text = self.texts.get(at.page).copied().unwrap_or("");
                let index = self
                    .lines
                    .get_mut(at.page)
                    .map(|slot| slot.get_or_insert_with(|| LineIndex::new(text)));
                match index {
                    Some(index) => {
                        let lc = index.line_column(at.span.start);
                        (at.page + 1, lc.line, lc.column)
                    }
                    None => (at.page + 1, 0, 0),
                }
            }
            None => (0, 0, 0),
        };
        self.list.push(Problem {
            kind,
            page,
            line,
            column,
            place: place.to_string(),
            principal: principal.to_string(),
            policy: policy.to_string(),
            reason,
        });
    }
}

/// [`import`] for the page: an account whose scenario the page cannot hold (more principals,
/// resources or policies than a scenario's bounds, [`crate::scenario::share::validate`]) is
/// refused as a whole, with the bound in the message, rather than loaded and decided (a grid of
/// 5,000 roles would stop the tab). The command line's `import` writes such a scenario anyway,
/// with `beyond-limit` entries in its report.
pub fn import_for_page(pages: &[&str]) -> Result<Imported, ImportError> {
    let imported = import(pages)?;
    if let Err(d) = crate::scenario::share::validate(&imported.scenario) {
        return Err(ImportError {
            page: 0,
            line: 0,
            column: 0,
            message: format!(
                "the account is too large for the page: {}; nothing was imported (`policy-playground import` and `who-can` read it on the command line up to the same bounds, or import part of the export)",
                d.message
            ),
        });
    }
    Ok(imported)
}

/// Imports the pages `pages` (the texts of one export, or of each page of a paginated one, in
/// any order): the scenario and the report, or why nothing could be read (too large, not JSON,
/// not an export).
pub fn import(pages: &[&str]) -> Result<Imported, ImportError> {
    let whole = |message: String| ImportError {
        page: 0,
        line: 0,
        column: 0,
        message,
    };
    if pages.is_empty() {
        return Err(whole("nothing to import: no file given".into()));
    }
    let total: usize = pages.iter().map(|p| p.len()).sum();
    if total > MAX_IMPORT_BYTES {
        return Err(whole(format!(
            "the export is too large ({total} bytes; at most {MAX_IMPORT_BYTES} bytes per import)"
        )));
    }
    let arena = json::Arena::for_text(total);
    let mut trees: Vec<Json> = Vec::with_capacity(pages.len());
    for (i, text) in pages.iter().enumerate() {
        let tree = json::parse(text, &arena).map_err(|e| {
            let at = LineIndex::new(text).line_column(e.span.start);
            ImportError {
                page: i + 1,
                line: at.line,
                column: at.column,
                message: format!("not valid JSON: {}", e.message),
            }
        })?;
        let is_export =
            tree.as_object().is_some() && EXPORT_KEYS.iter().any(|k| tree.get(k).is_some());
        if !is_export {
            return Err(ImportError {
                page: i + 1,
                line: 1,
                column: 1,
                message: format!(
                    "not the output of `aws iam get-account-authorization-details`: {} without any of {}",
                    if tree.as_object().is_some() { "an object" } else { tree.type_name() },
                    EXPORT_KEYS.join(", ")
                ),
            });
        }
        trees.push(tree);
    }
    let mut problems = Problems::new(pages);
    let mut export = Export::default();
    for (i, tree) in trees.iter().enumerate() {
        export.read_page(i, tree, &mut problems);
    }
    let mut builder = Builder {
        pages,
        export: &export,
        managed: HashMap::new(),
        problems,
    };
    let mut scenario = Scenario::default();
    let mut accounts: Vec<String> = Vec::new();
    let mut account_set: HashSet<&str> = HashSet::new();
    let mut instance_profiles = Vec::new();
    for identity in export.users.iter().chain(export.roles.iter()) {
        let Some(principal) = builder.principal(identity) else {
            continue;
        };
        let account = read::account_of(identity.arn);
        if account_set.insert(account) {
            accounts.push(account.to_string());
        }
        if identity.kind == Kind::Role {
            if let Some(resource) = builder.trust(identity) {
                scenario.resources.push(resource);
            }
            if !identity.profiles.is_empty() {
                instance_profiles.push(InstanceProfiles {
                    principal: identity.principal.clone(),
                    role: identity.arn.to_string(),
                    profiles: identity.profiles.iter().map(|p| p.to_string()).collect(),
                });
            }
        }
        scenario.principals.push(principal);
    }
    scenario.accounts = accounts
        .into_iter()
        .map(|id| AccountDoc {
            name: id.clone(),
            id,
            ..AccountDoc::default()
        })
        .collect();
    let users = scenario
        .principals
        .iter()
        .filter(|p| p.arn.contains(":user/"))
        .count();
    let roles = scenario.principals.len() - users;
    scenario.title = format!(
        "Imported account authorization details: {users} user{}, {roles} role{}",
        if users == 1 { "" } else { "s" },
        if roles == 1 { "" } else { "s" }
    );
    let truncated = trees
        .iter()
        .filter(|t| {
            matches!(
                t.get("IsTruncated").map(|v| &v.kind),
                Some(json::JsonKind::Bool(true))
            )
        })
        .count();
    if truncated == trees.len() {
        builder.problems.push(
            ProblemKind::IncompleteExport,
            None,
            "",
            "",
            "",
            format!(
                "{} page{} given, and every one says IsTruncated: true: the last page (IsTruncated false) is missing, and maybe others; what they hold is not imported (give every page, or let the AWS CLI paginate)",
                trees.len(),
                if trees.len() == 1 { " was" } else { "s were" }
            ),
        );
    }
    limits(&scenario, &mut builder.problems);
    let parses = policy_errors(&scenario, &mut builder.problems);
    let mut problems = builder.problems.list;
    // In the order of the files (entries about the scenario as a whole last); stable, so
    // entries at one place keep the order they were found in.
    crate::text::sort_stable_by(&mut problems, |a, b| {
        (a.page == 0, a.page, a.line, a.column).cmp(&(b.page == 0, b.page, b.line, b.column))
    });
    let report = ImportReport {
        pages: pages.len(),
        users,
        roles,
        groups: export.groups.len(),
        policies: export.policies.len(),
        duplicates: export.duplicates,
        problems,
        instance_profiles,
    };
    Ok(Imported {
        scenario,
        report,
        parses,
    })
}

/// The second pass: principals built from the identities, every policy resolved.
struct Builder<'t, 'e> {
    pages: &'t [&'t str],
    export: &'e Export<'t>,
    /// Each managed policy's text (or why it has none), decoded once.
    managed: HashMap<&'t str, Result<String, (ProblemKind, String)>>,
    problems: Problems<'t>,
}

impl<'t> Builder<'t, '_> {
    /// The text of an inline document, or a report entry.
    fn inline(&mut self, inline: &read::Inline<'t>, principal: &str) -> Option<String> {
        let page = self.pages.get(inline.at.page).copied().unwrap_or("");
        match documents::policy_text(inline.doc, page) {
            Ok(text) => Some(text),
            Err(reason) => {
                self.problems.push(
                    ProblemKind::UnreadableDocument,
                    Some(inline.at),
                    &inline.place,
                    principal,
                    inline.name,
                    format!("{reason}; the policy is left out"),
                );
                None
            }
        }
    }

    /// The text of the managed policy `attached` names, or a report entry (`role`: what it is
    /// to the principal, for the message).
    fn managed(
        &mut self,
        attached: &read::Attached<'t>,
        principal: &str,
        role: &str,
    ) -> Option<String> {
        let export = self.export;
        let pages = self.pages;
        let found = self.managed.entry(attached.arn).or_insert_with(|| {
            match export.policies.get(attached.arn) {
                None => Err((
                    ProblemKind::ManagedPolicyNotFound,
                    "it is not in the file's Policies list (an export made with --filter, or a policy deleted since)".to_string(),
                )),
                Some(m) => match &m.document {
                    Err(why) => Err((ProblemKind::NoDefaultVersion, why.clone())),
                    Ok(doc) => documents::policy_text(doc, pages.get(m.at.page).copied().unwrap_or(""))
                        .map_err(|why| (ProblemKind::UnreadableDocument, format!("its default version's {why}"))),
                },
            }
        });
        match found {
            Ok(text) => Some(text.clone()),
            Err((kind, why)) => {
                let (kind, why) = (*kind, why.clone());
                self.problems.push(
                    kind,
                    Some(attached.at),
                    &attached.place,
                    principal,
                    attached.arn,
                    format!(
                        "the managed policy {role} `{}` is left out: {why}",
                        attached.arn
                    ),
                );
                None
            }
        }
    }

    /// The principal of a user or a role, with every policy resolved; `None` (reported) when
    /// its ARN does not read.
    fn principal(&mut self, id: &Identity<'t>) -> Option<PrincipalDoc> {
        let who = id.principal.as_str();
        let arn = match id.kind {
            Kind::User => id.arn.to_string(),
            // The role's own ARN, path included: the engine decides it as a session of the role,
            // with this ARN as `aws:PrincipalArn`.
            Kind::Role => id.arn.to_string(),
        };
        if let Err(why) = Principal::parse(&arn) {
            self.problems.push(
                ProblemKind::InvalidArn,
                Some(id.at),
                &id.place,
                who,
                "",
                format!(
                    "the {} is left out: {why}",
                    if id.kind == Kind::User {
                        "user"
                    } else {
                        "role"
                    }
                ),
            );
            return None;
        }
        let mut policies = Vec::new();
        let mut attached_arns: HashSet<&str> = HashSet::new();
        for inline in &id.inline {
            if let Some(text) = self.inline(inline, who) {
                policies.push(PolicyDoc {
                    name: format!("{} (inline)", inline.name),
                    text,
                });
            }
        }
        for attached in &id.attached {
            if attached_arns.insert(attached.arn) {
                if let Some(text) = self.managed(attached, who, "attached") {
                    policies.push(PolicyDoc {
                        name: attached.name.to_string(),
                        text,
                    });
                }
            }
        }
        let account = read::account_of(id.arn);
        let export = self.export;
        for group in &id.groups {
            let Some(g) = export.groups.get(&(account, group.name)) else {
                self.problems.push(
                    ProblemKind::GroupNotFound,
                    Some(group.at),
                    &group.place,
                    who,
                    "",
                    format!(
                        "the user is in group `{}`, which is not in the file's GroupDetailList: its policies are left out",
                        group.name
                    ),
                );
                continue;
            };
            for inline in &g.inline {
                if let Some(text) = self.inline(inline, who) {
                    policies.push(PolicyDoc {
                        name: format!("{} (inline, group {})", inline.name, group.name),
                        text,
                    });
                }
            }
            for attached in &g.attached {
                if attached_arns.insert(attached.arn) {
                    let role = format!("attached to group `{}`", group.name);
                    if let Some(text) = self.managed(attached, who, &role) {
                        policies.push(PolicyDoc {
                            name: format!("{} (group {})", attached.name, group.name),
                            text,
                        });
                    }
                }
            }
        }
        let boundary = id
            .boundary
            .as_ref()
            .and_then(|b| self.managed(b, who, "set as permissions boundary"))
            .unwrap_or_default();
        Some(PrincipalDoc {
            name: id.principal.clone(),
            arn,
            tags: id
                .tags
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            org_id: String::new(),
            policies,
            boundary,
            session_policy: String::new(),
            workload: String::new(),
        })
    }

    /// A role's trust policy as its resource (its ARN the role's), or `None` (reported).
    fn trust(&mut self, id: &Identity<'t>) -> Option<ResourceDoc> {
        let trust = id.trust.as_ref()?;
        let policy = self.inline(trust, &id.principal)?;
        Some(ResourceDoc {
            name: id.principal.clone(),
            arn: id.arn.to_string(),
            account: String::new(),
            policy,
        })
    }
}

/// Report entries for the policies the playground reads with an error: each distinct text (per
/// policy kind) is read once, with the checks the page makes, and an error becomes one entry
/// naming the first principal (or role trust policy) that carries it, the policy, how many
/// carry it, and the first error with its line and column in the laid-out text.
fn policy_errors(s: &Scenario, problems: &mut Problems) -> crate::scenario::KnownParses {
    use crate::engine::{LineIndex, PolicyKind, Severity};
    let mut parses = crate::scenario::KnownParses::default();
    let mut carriers: std::collections::HashMap<(PolicyKind, &str), usize> =
        std::collections::HashMap::new();
    // (kind, text, principal, policy name), in the scenario's order.
    let mut texts: Vec<(PolicyKind, &str, &str, &str)> = Vec::new();
    for p in &s.principals {
        let own = p
            .policies
            .iter()
            .map(|d| (PolicyKind::Identity, d.text.as_str(), d.name.as_str()));
        let boundary = (!p.boundary.is_empty()).then_some((
            PolicyKind::PermissionsBoundary,
            p.boundary.as_str(),
            "permissions boundary",
        ));
        for (kind, text, name) in own.chain(boundary) {
            texts.push((kind, text, p.name.as_str(), name));
        }
    }
    for r in &s.resources {
        if !r.policy.is_empty() {
            texts.push((
                PolicyKind::Trust,
                &r.policy,
                r.name.as_str(),
                "trust policy",
            ));
        }
    }
    // Each text hashed once here (an account's texts are megabytes): its carriers counted, and
    // its first carrier kept.
    let mut firsts = Vec::new();
    for (i, (kind, text, _, _)) in texts.iter().enumerate() {
        let count = carriers.entry((*kind, *text)).or_default();
        *count += 1;
        if *count == 1 {
            firsts.push(i);
        }
    }
    for (kind, text, principal, name) in firsts.into_iter().filter_map(|i| texts.get(i).copied()) {
        let parsed = parses.parse(text, kind);
        let errors: Vec<_> = parsed
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        let Some(first) = errors.first() else {
            continue;
        };
        let at = LineIndex::new(text).line_column(first.span.start);
        let count = carriers.get(&(kind, text)).copied().unwrap_or(1);
        problems.push(
            ProblemKind::PolicyError,
            None,
            "",
            principal,
            name,
            format!(
                "the playground reads this {} with {} error{} ({} at line {}, column {}: {}){}; until it is fixed the grid is not decided",
                kind.describe().trim_start_matches("a ").trim_start_matches("an "),
                errors.len(),
                if errors.len() == 1 { "" } else { "s" },
                first.code.as_str(),
                at.line,
                at.column,
                first.message,
                if count > 1 {
                    format!(", and {} principals carry the same text", count)
                } else {
                    String::new()
                }
            ),
        );
    }
    parses
}

/// Report entries for what the page, share links and `policy-playground scenario` do not read
/// today: more principals, policies per principal, tags, resources or policy text than their
/// bounds.
fn limits(s: &Scenario, problems: &mut Problems) {
    let mut beyond = |principal: &str, reason: String| {
        problems.push(ProblemKind::BeyondLimit, None, "", principal, "", reason)
    };
    if s.principals.len() > MAX_PRINCIPALS {
        beyond(
            "",
            format!(
                "the scenario has {} principals; the page, share links and `policy-playground scenario` read at most {MAX_PRINCIPALS}",
                s.principals.len()
            ),
        );
    }
    if s.resources.len() > share::MAX_RESOURCES {
        beyond(
            "",
            format!(
                "the scenario has {} resources (trust policies); share links and scenario files hold at most {}",
                s.resources.len(),
                share::MAX_RESOURCES
            ),
        );
    }
    for p in &s.principals {
        if p.policies.len() > MAX_POLICIES {
            beyond(
                &p.name,
                format!(
                    "the principal has {} identity policies; a scenario holds at most {MAX_POLICIES} per principal",
                    p.policies.len()
                ),
            );
        }
        if p.tags.len() > share::MAX_PAIRS {
            beyond(
                &p.name,
                format!(
                    "the principal has {} tags; at most {}",
                    p.tags.len(),
                    share::MAX_PAIRS
                ),
            );
        }
        let long = p
            .policies
            .iter()
            .map(|d| (d.name.as_str(), d.text.len()))
            .chain(std::iter::once(("permissions boundary", p.boundary.len())))
            .find(|(_, n)| *n > share::MAX_POLICY_TEXT);
        if let Some((name, n)) = long {
            beyond(
                &p.name,
                format!(
                    "its policy `{name}` has {n} bytes once laid out; share links hold at most {} per policy",
                    share::MAX_POLICY_TEXT
                ),
            );
        }
    }
}
