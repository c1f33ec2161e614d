//! Views of an account with many principals (issue 16), as a model tested natively: the
//! principals grouped by kind (users, roles, others) and IAM path and filtered by name
//! ([`Workspace::roster`]), and, after an edit, how many principals gained or lost each action
//! since the baseline ([`actions_changed`]).

use std::collections::HashMap;

use super::*;

/// The kind of a principal, read from its ARN.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PrincipalKind {
    /// An IAM user (`arn:aws:iam::ACCOUNT:user/PATH/NAME`).
    User,
    /// A role's session (`arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`), or a role.
    Role,
    /// Anything else: root users, federated users, service principals, ARNs the engine does
    /// not read.
    Other,
}

impl PrincipalKind {
    /// `users`, `roles` or `others` (the page's `data-kind` of a group).
    pub fn as_str(self) -> &'static str {
        match self {
            PrincipalKind::User => "users",
            PrincipalKind::Role => "roles",
            PrincipalKind::Other => "others",
        }
    }

    /// The group's heading word: `Users`, `Roles`, `Other principals`.
    pub fn heading(self) -> &'static str {
        match self {
            PrincipalKind::User => "Users",
            PrincipalKind::Role => "Roles",
            PrincipalKind::Other => "Other principals",
        }
    }
}

/// One group of the roster: the principals of one kind and IAM path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RosterGroup {
    /// Their kind.
    pub kind: PrincipalKind,
    /// Their IAM path (`/`, `/service-role/`); `/` for principals whose ARN has none.
    pub path: String,
    /// The principals that match the filter, in the scenario's order: id and name.
    pub members: Vec<(PrincipalId, String)>,
}

/// The principals grouped and filtered ([`Workspace::roster`]).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Roster {
    /// The groups with at least one principal that matches: users first, then roles, then the
    /// others; within a kind, by path (`/` first).
    pub groups: Vec<RosterGroup>,
    /// How many principals match the filter.
    pub shown: usize,
    /// How many principals the scenario has.
    pub total: usize,
}

/// The kind and IAM path of an ARN. A role session's ARN carries no path: `role_paths` (role
/// name → path, from the roles' own ARNs) gives it.
fn kind_and_path(arn: &str, role_paths: &HashMap<String, String>) -> (PrincipalKind, String) {
    let resource = arn.splitn(6, ':').nth(5).unwrap_or("");
    let path_of = |rest: &str| match rest.rfind('/') {
        Some(end) => format!("/{}", &rest[..=end]),
        None => "/".to_string(),
    };
    if let Some(rest) = resource.strip_prefix("user/") {
        return (PrincipalKind::User, path_of(rest));
    }
    if let Some(rest) = resource.strip_prefix("role/") {
        return (PrincipalKind::Role, path_of(rest));
    }
    if let Some(rest) = resource.strip_prefix("assumed-role/") {
        let role = rest.split('/').next().unwrap_or("");
        let path = role_paths
            .get(role)
            .cloned()
            .unwrap_or_else(|| "/".to_string());
        return (PrincipalKind::Role, path);
    }
    (PrincipalKind::Other, "/".to_string())
}

impl Workspace {
    /// The principals grouped by kind and IAM path, those whose name contains `filter`
    /// (case-insensitive; blank: all) only. A role session's path is its role's: the path of a
    /// named resource whose ARN is that role's (an import names each role's trust policy so).
    pub fn roster(&self, filter: &str) -> Roster {
        let needle = filter.trim().to_lowercase();
        let mut role_paths = HashMap::new();
        for r in &self.scenario.resources {
            if let (PrincipalKind::Role, path) = kind_and_path(&r.arn, &HashMap::new()) {
                let resource = r.arn.splitn(6, ':').nth(5).unwrap_or("");
                let name = resource.rsplit('/').next().unwrap_or("");
                role_paths.entry(name.to_string()).or_insert(path);
            }
        }
        let mut groups: Vec<RosterGroup> = Vec::new();
        let mut index: HashMap<(PrincipalKind, String), usize> = HashMap::new();
        let mut shown = 0;
        for (id, p) in self.principal_ids().zip(&self.scenario.principals) {
            if !needle.is_empty() && !p.name.to_lowercase().contains(&needle) {
                continue;
            }
            shown += 1;
            let key = kind_and_path(&p.arn, &role_paths);
            let at = *index.entry(key.clone()).or_insert_with(|| {
                groups.push(RosterGroup {
                    kind: key.0,
                    path: key.1.clone(),
                    members: Vec::new(),
                });
                groups.len() - 1
            });
            if let Some(g) = groups.get_mut(at) {
                g.members.push((id, p.name.clone()));
            }
        }
        // `/` sorts before every other path.
        crate::text::sort_stable_by(&mut groups, |a, b| {
            (a.kind, &a.path).cmp(&(b.kind, &b.path))
        });
        Roster {
            groups,
            shown,
            total: self.scenario.principals.len(),
        }
    }
}

/// Above this many principals (an imported account) the page lists the principals grouped by
/// kind and path with a filter by name, and the grid's columns follow that list
/// ([`Workspace::grid_columns`]).
pub const ROSTER_THRESHOLD: usize = 12;

/// The group of one grid column ([`GridColumns`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnGroup {
    /// The principals' kind.
    pub kind: PrincipalKind,
    /// Their IAM path.
    pub path: String,
}

/// Which of the grid's columns the page shows, and in which order, for a scenario with many
/// principals: the roster's groups (users, roles, others; by path), each principal once, only
/// those whose name matches the filter.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GridColumns {
    /// The principals' places in the scenario (the grid's column indexes), in display order.
    pub positions: Vec<usize>,
    /// The group of each shown column (same length as `positions`).
    pub groups: Vec<ColumnGroup>,
}

impl Workspace {
    /// The grid's columns as the page shows them for a scenario of more than
    /// [`ROSTER_THRESHOLD`] principals: grouped and filtered as [`Workspace::roster`] lists
    /// them. `None` for smaller scenarios: every column, in the scenario's order.
    pub fn grid_columns(&self, filter: &str) -> Option<GridColumns> {
        if self.scenario.principals.len() <= ROSTER_THRESHOLD {
            return None;
        }
        let place: HashMap<PrincipalId, usize> = self
            .principal_ids()
            .enumerate()
            .map(|(i, id)| (id, i))
            .collect();
        let mut columns = GridColumns::default();
        for g in self.roster(filter).groups {
            for (id, _) in &g.members {
                if let Some(&p) = place.get(id) {
                    columns.positions.push(p);
                    columns.groups.push(ColumnGroup {
                        kind: g.kind,
                        path: g.path.clone(),
                    });
                }
            }
        }
        Some(columns)
    }
}

/// How many principals gained and lost one action since the baseline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionChange {
    /// The action.
    pub action: &'static str,
    /// Principals that may call it now and could not before.
    pub gained: usize,
    /// Principals that could call it before and may not now.
    pub lost: usize,
}

/// The actions of `diff` with a principal that gained or lost access, each with its counts, in
/// the order the diff lists them (the grid's); cells denied for another reason do not count.
pub fn actions_changed(diff: &GridDiff) -> Vec<ActionChange> {
    let mut out: Vec<ActionChange> = Vec::new();
    let mut at: HashMap<&'static str, usize> = HashMap::new();
    for c in &diff.cells {
        if c.change == Change::Changed {
            continue;
        }
        let i = *at.entry(c.action).or_insert_with(|| {
            out.push(ActionChange {
                action: c.action,
                gained: 0,
                lost: 0,
            });
            out.len() - 1
        });
        if let Some(entry) = out.get_mut(i) {
            match c.change {
                Change::Gained => entry.gained += 1,
                Change::Lost => entry.lost += 1,
                Change::Changed => {}
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn principal(name: &str, arn: &str) -> PrincipalDoc {
        PrincipalDoc {
            name: name.into(),
            arn: arn.into(),
            policies: vec![],
            ..PrincipalDoc::default()
        }
    }

    fn workspace() -> Workspace {
        let mut s = Scenario {
            principals: vec![
                principal(
                    "ml-pipeline",
                    "arn:aws:sts::111122223333:assumed-role/ml-pipeline/session",
                ),
                principal("alice", "arn:aws:iam::111122223333:user/alice"),
                principal("bob", "arn:aws:iam::111122223333:user/engineering/bob"),
                principal("root", "arn:aws:iam::111122223333:root"),
                principal(
                    "Deploy",
                    "arn:aws:sts::111122223333:assumed-role/Deploy/session",
                ),
            ],
            ..Scenario::default()
        };
        s.resources = vec![ResourceDoc {
            name: "ml-pipeline".into(),
            arn: "arn:aws:iam::111122223333:role/service-role/ml-pipeline".into(),
            ..ResourceDoc::default()
        }];
        Workspace::new(s)
    }

    fn names(g: &RosterGroup) -> Vec<&str> {
        g.members.iter().map(|(_, n)| n.as_str()).collect()
    }

    #[test]
    fn principals_are_grouped_by_kind_then_path() {
        let ws = workspace();
        let r = ws.roster("");
        assert_eq!((r.shown, r.total), (5, 5));
        let heads: Vec<(PrincipalKind, &str)> =
            r.groups.iter().map(|g| (g.kind, g.path.as_str())).collect();
        assert_eq!(
            heads,
            [
                (PrincipalKind::User, "/"),
                (PrincipalKind::User, "/engineering/"),
                (PrincipalKind::Role, "/"),
                (PrincipalKind::Role, "/service-role/"),
                (PrincipalKind::Other, "/"),
            ]
        );
        assert_eq!(names(&r.groups[0]), ["alice"]);
        assert_eq!(names(&r.groups[2]), ["Deploy"]);
        assert_eq!(names(&r.groups[3]), ["ml-pipeline"]);
        assert_eq!(names(&r.groups[4]), ["root"]);
        // Ids are the workspace's.
        assert_eq!(Some(r.groups[3].members[0].0), ws.principal_ids().next());
    }

    #[test]
    fn the_filter_matches_names_in_any_case() {
        let ws = workspace();
        let r = ws.roster("  DEP ");
        assert_eq!((r.shown, r.total), (1, 5));
        assert_eq!(r.groups.len(), 1);
        assert_eq!(names(&r.groups[0]), ["Deploy"]);
        let none = ws.roster("nobody");
        assert_eq!((none.shown, none.groups.len()), (0, 0));
    }

    #[test]
    fn grid_columns_follow_the_roster_above_the_threshold() {
        let small = workspace();
        assert_eq!(small.grid_columns(""), None);
        // 13 principals: past the threshold. Roles first in the scenario, users after.
        let mut s = Scenario::default();
        for i in 0..7 {
            s.principals.push(principal(
                &format!("role-{i}"),
                &format!("arn:aws:iam::111122223333:role/app/role-{i}"),
            ));
        }
        for i in 0..6 {
            s.principals.push(principal(
                &format!("user-{i}"),
                &format!("arn:aws:iam::111122223333:user/user-{i}"),
            ));
        }
        let ws = Workspace::new(s);
        let all = ws.grid_columns("").expect("13 principals are grouped");
        // Users (path /) first, then the roles of /app/: positions in the scenario.
        assert_eq!(all.positions, [7, 8, 9, 10, 11, 12, 0, 1, 2, 3, 4, 5, 6]);
        assert_eq!(all.groups.len(), 13);
        assert_eq!(
            (all.groups[0].kind, all.groups[0].path.as_str()),
            (PrincipalKind::User, "/")
        );
        assert_eq!(
            (all.groups[6].kind, all.groups[6].path.as_str()),
            (PrincipalKind::Role, "/app/")
        );
        // The filter keeps the matching columns only, in the same order.
        let some = ws.grid_columns("-1").expect("grouped");
        assert_eq!(some.positions, [8, 1]);
        assert!(ws
            .grid_columns("nobody")
            .expect("grouped")
            .positions
            .is_empty());
    }

    #[test]
    fn kinds_read_from_arns() {
        let none = HashMap::new();
        assert_eq!(
            kind_and_path("arn:aws:iam::1:role/a/b/R", &none),
            (PrincipalKind::Role, "/a/b/".to_string())
        );
        assert_eq!(
            kind_and_path("not an arn", &none),
            (PrincipalKind::Other, "/".to_string())
        );
        assert_eq!(
            kind_and_path("arn:aws:sts::1:federated-user/x", &none).0,
            PrincipalKind::Other
        );
    }

    #[test]
    fn actions_changed_counts_gains_and_losses_per_action() {
        let cell = |allowed: bool| {
            let mut c = Cell::default();
            if allowed {
                c.decision = crate::engine::Decision::Allowed;
            }
            c
        };
        let before = NamedGrid {
            principals: vec!["a".into(), "b".into(), "c".into()],
            actions: vec!["sagemaker:CreateTrainingJob", "sagemaker:ListModels"],
            cells: vec![
                vec![cell(true), cell(true), cell(false)],
                vec![cell(false), cell(false), cell(false)],
            ],
        };
        let after = NamedGrid {
            cells: vec![
                vec![cell(false), cell(true), cell(false)],
                vec![cell(true), cell(false), cell(true)],
            ],
            ..before.clone()
        };
        let d = diff(&before, &after);
        let changes = actions_changed(&d);
        assert_eq!(
            changes,
            [
                ActionChange {
                    action: "sagemaker:CreateTrainingJob",
                    gained: 0,
                    lost: 1
                },
                ActionChange {
                    action: "sagemaker:ListModels",
                    gained: 2,
                    lost: 0
                },
            ]
        );
        assert!(actions_changed(&diff(&before, &before)).is_empty());
    }
}
