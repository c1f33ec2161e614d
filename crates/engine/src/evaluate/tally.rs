//! What one layer's matching statements come to, kept in one of two ways: every statement (for
//! explanations: [`Statements`]) or only what the decision needs (for grids of thousands of
//! cells: [`Summary`], which allocates nothing). `decide` is written once over [`Tally`], so the
//! two can never decide differently.

use super::matching::Reach;
use super::types::{DecisiveStatement, Layer, NamedPolicy};
use super::Target;
use crate::ast::{Effect, Statement};

/// The reaches of a layer's allows, one bit per [`Reach`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Reaches(u8);

impl Reaches {
    fn bit(reach: Reach) -> u8 {
        match reach {
            Reach::Account => 1,
            Reach::Role => 2,
            Reach::Direct => 4,
        }
    }
    fn add(&mut self, reach: Reach) {
        self.0 |= Self::bit(reach);
    }
    /// The widest reach, if any allow matched.
    pub(super) fn max(self) -> Option<Reach> {
        [Reach::Direct, Reach::Role, Reach::Account]
            .into_iter()
            .find(|r| self.0 & Self::bit(*r) != 0)
    }
    /// True when some allow's reach satisfies `keep`.
    pub(super) fn any(self, keep: impl Fn(Reach) -> bool) -> bool {
        [Reach::Direct, Reach::Role, Reach::Account]
            .into_iter()
            .any(|r| self.0 & Self::bit(r) != 0 && keep(r))
    }
}

/// What a layer's matching statements come to.
pub(super) trait Tally: Default {
    /// True when the statements themselves are kept (and notes are worth writing).
    const EXPLAIN: bool;
    /// Records that `statement` of `policy` matched, reaching the caller as `reach`.
    fn add(&mut self, policy: &NamedPolicy, statement: &Statement, reach: Reach);
    /// True when a `Deny` matched.
    fn denies(&self) -> bool;
    /// The reaches of the matching `Allow`s.
    fn reaches(&self) -> Reaches;
    /// True when an `Allow` matched.
    fn allows(&self) -> bool {
        self.reaches() != Reaches::default()
    }
    /// Appends the matching `Deny`s (nothing for a summary).
    fn push_denies(&self, out: &mut Vec<DecisiveStatement>);
    /// Appends the matching `Allow`s whose reach satisfies `keep` (nothing for a summary).
    fn push_allows(&self, keep: impl Fn(Reach) -> bool, out: &mut Vec<DecisiveStatement>);
}

/// Every matching statement, for explanations.
#[derive(Debug, Default)]
pub(super) struct Statements {
    allows: Vec<(DecisiveStatement, Reach)>,
    denies: Vec<DecisiveStatement>,
    reaches: Reaches,
}

impl Tally for Statements {
    const EXPLAIN: bool = true;
    fn add(&mut self, policy: &NamedPolicy, statement: &Statement, reach: Reach) {
        let decisive = DecisiveStatement {
            policy: policy.name.clone(),
            statement: statement.index,
            sid: statement.sid.clone(),
            effect: statement.effect,
        };
        match statement.effect {
            Effect::Allow => {
                self.reaches.add(reach);
                self.allows.push((decisive, reach));
            }
            Effect::Deny => self.denies.push(decisive),
        }
    }
    fn denies(&self) -> bool {
        !self.denies.is_empty()
    }
    fn reaches(&self) -> Reaches {
        self.reaches
    }
    fn push_denies(&self, out: &mut Vec<DecisiveStatement>) {
        out.extend(self.denies.iter().cloned());
    }
    fn push_allows(&self, keep: impl Fn(Reach) -> bool, out: &mut Vec<DecisiveStatement>) {
        out.extend(
            self.allows
                .iter()
                .filter(|(_, reach)| keep(*reach))
                .map(|(d, _)| d.clone()),
        );
    }
}

/// Only whether a `Deny` matched and how the `Allow`s reached the caller.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Summary {
    deny: bool,
    reaches: Reaches,
}

impl Tally for Summary {
    const EXPLAIN: bool = false;
    fn add(&mut self, _: &NamedPolicy, statement: &Statement, reach: Reach) {
        match statement.effect {
            Effect::Allow => self.reaches.add(reach),
            Effect::Deny => self.deny = true,
        }
    }
    fn denies(&self) -> bool {
        self.deny
    }
    fn reaches(&self) -> Reaches {
        self.reaches
    }
    fn push_denies(&self, _: &mut Vec<DecisiveStatement>) {}
    fn push_allows(&self, _: impl Fn(Reach) -> bool, _: &mut Vec<DecisiveStatement>) {}
}

/// Where `judge` gets each layer's tally: worked out now ([`Fresh`]), or from a [`LayerMemo`].
pub(super) trait Source<T: Tally> {
    /// The tally of `layer` (one of the single-policy-list layers).
    fn layer(&mut self, layer: Layer, compute: impl FnOnce() -> T) -> T;
    /// The tallies of the levels of `layer` (SCPs or RCPs), root first.
    fn levels(&mut self, layer: Layer, compute: impl FnOnce() -> Vec<T>) -> Vec<T>;
    /// What the request's action and resource say (see [`Target`]).
    fn target(&mut self, compute: impl FnOnce() -> Target) -> Target;
}

/// Every tally worked out now.
pub(super) struct Fresh;

impl<T: Tally> Source<T> for Fresh {
    fn layer(&mut self, _: Layer, compute: impl FnOnce() -> T) -> T {
        compute()
    }
    fn levels(&mut self, _: Layer, compute: impl FnOnce() -> Vec<T>) -> Vec<T> {
        compute()
    }
    fn target(&mut self, compute: impl FnOnce() -> Target) -> Target {
        compute()
    }
}

/// What each layer said about one request, and what its action and resource say, kept between
/// decisions of the same request (see [`verdict_with`](super::verdict_with)). SCP and RCP levels are kept folded into one summary
/// each (a deny at some level; an allow at every level), which decides exactly as the levels do.
#[derive(Debug, Clone, Copy, Default)]
pub struct LayerMemo {
    kept: [Option<Summary>; 7],
    target: Option<Target>,
}

impl LayerMemo {
    fn slot(layer: Layer) -> usize {
        Layer::ALL.iter().position(|l| *l == layer).unwrap_or(0)
    }

    /// Forgets what `layer` said (its policies changed).
    pub fn forget(&mut self, layer: Layer) {
        self.kept[Self::slot(layer)] = None;
    }
}

impl Source<Summary> for LayerMemo {
    fn target(&mut self, compute: impl FnOnce() -> Target) -> Target {
        *self.target.get_or_insert_with(compute)
    }
    fn layer(&mut self, layer: Layer, compute: impl FnOnce() -> Summary) -> Summary {
        *self.kept[Self::slot(layer)].get_or_insert_with(compute)
    }
    fn levels(&mut self, layer: Layer, compute: impl FnOnce() -> Vec<Summary>) -> Vec<Summary> {
        let slot = &mut self.kept[Self::slot(layer)];
        if let Some(folded) = slot {
            return vec![*folded];
        }
        let levels = compute();
        if levels.is_empty() {
            return levels;
        }
        let mut folded = Summary {
            deny: levels.iter().any(|l| l.deny),
            reaches: Reaches::default(),
        };
        if levels.iter().all(Summary::allows) {
            folded.reaches.add(Reach::Direct);
        }
        *slot = Some(folded);
        vec![folded]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reaches_widest_first() {
        let mut r = Reaches::default();
        assert_eq!(r.max(), None);
        r.add(Reach::Account);
        assert_eq!(r.max(), Some(Reach::Account));
        r.add(Reach::Role);
        assert_eq!(r.max(), Some(Reach::Role));
        assert!(r.any(|x| x != Reach::Account));
        assert!(!r.any(|x| x == Reach::Direct));
    }
}
