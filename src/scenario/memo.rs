//! The grid's memory between keystrokes: what each layer said about each cell's request
//! ([`LayerMemo`]), kept with the document it was worked out for. When the next document differs
//! from that one only in policy texts, every cell's request is the same as before, and only the
//! layers whose texts changed are decided again: typing in the endpoint policy re-reads the
//! endpoint policy for each cell, not the identity policies, SCPs, boundary and session policy.
//! Any other change (a principal, the context, a filter, an account) starts the memory afresh.

use super::document::{PolicyDoc, Scenario};
use crate::engine::{Layer, LayerMemo, LayerSet};

/// Grids above this many cells keep no memory (a grid of every action would hold millions of
/// bytes of it, and is decided after a pause in typing anyway).
pub(super) const MAX_CELLS: usize = 60_000;

/// The layers' findings of every cell of the last grid, and the document they hold for.
#[derive(Debug, Clone)]
pub(super) struct GridMemo {
    /// The document of the last grid.
    pub(super) snapshot: Snapshot,
    /// One memo per cell, row after row (every action of the filter, before the row filter).
    pub(super) cells: Vec<LayerMemo>,
    /// The decided cells, `[row][column]` (before the row filter).
    pub(super) decided: Vec<Vec<super::Cell>>,
    /// The requests and network reaches the grid's cells were decided with, without their
    /// policy sets: still valid when only policy texts change.
    pub(super) columns: Option<super::ColumnCache>,
}

/// What to forget before deciding again: layers whose policies changed for every cell, and for
/// the cells of one principal (its identity policies, boundary, session policy).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(super) struct Changes {
    /// Layers to forget in every cell.
    pub(super) every: LayerSet,
    /// Layers to forget in the cells of principal `i` (by position).
    pub(super) column: Vec<LayerSet>,
}

impl Changes {
    /// True when no layer of any cell changed.
    pub(super) fn is_empty(&self) -> bool {
        self.every.is_empty() && self.column.iter().all(|c| c.is_empty())
    }

    /// The layers to forget in the cells of principal `p`.
    pub(super) fn for_column(&self, p: usize) -> impl Iterator<Item = Layer> {
        let column = self.column.get(p).copied().unwrap_or_default();
        self.every.iter().chain(column.iter())
    }
}

/// Where a policy text sits: its layer and, for a principal's own policies, the principal.
type Place = (Layer, Option<usize>);

/// Takes every policy text out of `s` (leaving empty strings), with its place, in a fixed order.
fn take_texts(s: &mut Scenario) -> Vec<(Place, String)> {
    fn take(out: &mut Vec<(Place, String)>, place: Place, text: &mut String) {
        out.push((place, std::mem::take(text)));
    }
    fn take_all(out: &mut Vec<(Place, String)>, layer: Layer, docs: &mut [PolicyDoc]) {
        for d in docs {
            take(out, (layer, None), &mut d.text);
        }
    }
    let mut out = Vec::new();
    for e in &mut s.endpoints {
        take(&mut out, (Layer::Endpoint, None), &mut e.policy);
    }
    for r in &mut s.resources {
        take(&mut out, (Layer::ResourcePolicy, None), &mut r.policy);
    }
    if let Some(o) = &mut s.organization {
        take_all(&mut out, Layer::Scps, &mut o.scps);
        take_all(&mut out, Layer::Rcps, &mut o.rcps);
        for ou in &mut o.ous {
            take_all(&mut out, Layer::Scps, &mut ou.scps);
            take_all(&mut out, Layer::Rcps, &mut ou.rcps);
        }
    }
    for a in &mut s.accounts {
        take_all(&mut out, Layer::Scps, &mut a.scps);
        take_all(&mut out, Layer::Rcps, &mut a.rcps);
    }
    for (i, p) in s.principals.iter_mut().enumerate() {
        for d in &mut p.policies {
            take(&mut out, (Layer::IdentityPolicies, Some(i)), &mut d.text);
        }
        take(
            &mut out,
            (Layer::PermissionsBoundary, Some(i)),
            &mut p.boundary,
        );
        take(
            &mut out,
            (Layer::SessionPolicy, Some(i)),
            &mut p.session_policy,
        );
    }
    out
}

/// The characters of `text` that JSON reads: whitespace outside strings left out.
fn significant(text: &str) -> impl Iterator<Item = char> + '_ {
    let (mut in_string, mut escaped) = (false, false);
    text.chars().filter(move |&c| {
        if in_string {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
            true
        } else {
            in_string = c == '"';
            !matches!(c, ' ' | '\t' | '\n' | '\r')
        }
    })
}

/// True when two policy texts differ at most in whitespace between JSON tokens: both parse to
/// the same policy (a grid is only decided from texts without errors, and in valid JSON,
/// whitespace only separates tokens), so no decision changes.
fn same_json(a: &str, b: &str) -> bool {
    a == b || significant(a).eq(significant(b))
}

/// A copy of `s` without what the page shows but no decision of its grid depends on (the
/// title, the preset's name, the selected principal, the row filter: rows are filtered after
/// deciding; the pivot's action; the expectations and the baseline, which are decided apart).
/// The fields are named one by one, so that a field added to the document must be sorted here.
fn without_view(s: &Scenario) -> Scenario {
    let Scenario {
        version,
        title: _,
        endpoints,
        principals,
        resources,
        accounts,
        organization,
        context,
        actions,
        resource,
        selected_resource,
        selected: _,
        preset: _,
        rows: _,
        access,
        pivot: _,
        expectations: _,
        baseline: _,
        network,
    } = s;
    Scenario {
        version: *version,
        title: String::new(),
        endpoints: endpoints.clone(),
        principals: principals.clone(),
        resources: resources.clone(),
        accounts: accounts.clone(),
        organization: organization.clone(),
        context: context.clone(),
        actions: actions.clone(),
        resource: resource.clone(),
        selected_resource: selected_resource.clone(),
        selected: 0,
        preset: String::new(),
        rows: Default::default(),
        access: access.clone(),
        pivot: String::new(),
        expectations: Vec::new(),
        baseline: None,
        network: network.clone(),
    }
}

/// A document taken apart for comparing: its policy texts, and the rest without them (and
/// without what only the page shows). One copy of the document per grid.
#[derive(Debug, Clone)]
pub(super) struct Snapshot {
    rest: Scenario,
    texts: Vec<(Place, String)>,
}

impl Snapshot {
    /// `s` taken apart.
    pub(super) fn of(s: &Scenario) -> Snapshot {
        let mut rest = without_view(s);
        let texts = take_texts(&mut rest);
        Snapshot { rest, texts }
    }
}

/// What changed from `old` to `new` when only policy texts did; `None` when anything else did
/// (every request may then differ).
pub(super) fn changes(old: &Snapshot, new: &Snapshot) -> Option<Changes> {
    if old.rest != new.rest || old.texts.len() != new.texts.len() {
        return None;
    }
    let mut changes = Changes {
        every: LayerSet::default(),
        column: vec![LayerSet::default(); new.rest.principals.len()],
    };
    for ((place, x), (_, y)) in old.texts.iter().zip(&new.texts) {
        if same_json(x, y) {
            continue;
        }
        match place {
            (layer, Some(p)) => {
                if let Some(set) = changes.column.get_mut(*p) {
                    set.insert(*layer);
                }
            }
            (layer, None) => changes.every.insert(*layer),
        }
    }
    Some(changes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::presets::preset;

    fn seed() -> Scenario {
        preset("sagemaker-api-exam")
            .expect("the seed preset")
            .scenario
    }

    #[test]
    fn the_same_document_changes_nothing() {
        let s = seed();
        assert_eq!(
            changes(&Snapshot::of(&s), &Snapshot::of(&s)),
            Some(Changes {
                every: LayerSet::default(),
                column: vec![LayerSet::default(); s.principals.len()],
            })
        );
    }

    #[test]
    fn a_text_edit_names_its_layer_and_principal() {
        let old = seed();
        let mut new = old.clone();
        new.endpoints[0].policy.push('x');
        new.principals[1].policies[0].text.push('x');
        new.principals[2].boundary = "{}".into();
        new.title = "renamed".into();
        new.selected = 2;
        // Expectations and the baseline are decided apart: the grid's memory keeps its cells.
        new.expectations.push(crate::scenario::ExpectationDoc {
            principal: "*".into(),
            action: "sagemaker:*".into(),
            resource: String::new(),
            expect: crate::scenario::Expect::Denied,
            note: String::new(),
        });
        new.baseline = Some(Box::new(old.clone()));
        let c = changes(&Snapshot::of(&old), &Snapshot::of(&new)).expect("only texts changed");
        assert_eq!(c.every.iter().collect::<Vec<_>>(), vec![Layer::Endpoint]);
        assert_eq!(
            c.column[1].iter().collect::<Vec<_>>(),
            vec![Layer::IdentityPolicies]
        );
        assert_eq!(
            c.column[2].iter().collect::<Vec<_>>(),
            vec![Layer::PermissionsBoundary]
        );
        assert!(c.column[0].is_empty());
        assert_eq!(
            c.for_column(1).collect::<Vec<_>>(),
            vec![Layer::Endpoint, Layer::IdentityPolicies]
        );
    }

    #[test]
    fn whitespace_between_tokens_changes_nothing_but_whitespace_in_strings_does() {
        assert!(same_json("{\"a\": [1, 2]}", "{\n  \"a\":[1,2]\n}\t"));
        assert!(!same_json("{\"a\": \"x y\"}", "{\"a\": \"xy\"}"));
        assert!(!same_json("{\"a\": \"x\\\" y\"}", "{\"a\": \"x\\\"y\"}"));
        assert!(!same_json("{\"a\": 1}", "{\"a\": 2}"));
        let old = seed();
        let mut new = old.clone();
        new.endpoints[0].policy = new.endpoints[0].policy.replace("\n", "\n  ");
        assert!(changes(&Snapshot::of(&old), &Snapshot::of(&new)).is_some_and(|c| c.is_empty()));
        new.endpoints[0].policy = new.endpoints[0]
            .policy
            .replace("specific-user", "specific user");
        assert_eq!(
            changes(&Snapshot::of(&old), &Snapshot::of(&new))
                .map(|c| c.every.iter().collect::<Vec<_>>()),
            Some(vec![Layer::Endpoint])
        );
    }

    #[test]
    fn any_other_edit_starts_afresh() {
        let old = seed();
        let mut arn = old.clone();
        arn.principals[0].arn.push('x');
        assert_eq!(changes(&Snapshot::of(&old), &Snapshot::of(&arn)), None);
        let mut context = old.clone();
        context.context.region = "eu-west-1".into();
        assert_eq!(changes(&Snapshot::of(&old), &Snapshot::of(&context)), None);
        let mut added = old.clone();
        added.principals[0].policies.push(PolicyDoc {
            name: "more".into(),
            text: String::new(),
        });
        assert_eq!(changes(&Snapshot::of(&old), &Snapshot::of(&added)), None);
    }
}
