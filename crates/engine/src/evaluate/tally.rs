//! What one layer's matching statements come to, kept in one of two ways: every statement (for
//! explanations: [`Statements`]) or only what the decision needs (for grids of thousands of
//! cells: [`Summary`], which allocates nothing). `decide` is written once over [`Tally`], so the
//! two can never decide differently.

use super::matching::Reach;
use super::types::{DecisiveStatement, NamedPolicy};
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
