//! Which statements of a policy match one action by their `Action`/`NotAction` element, worked
//! out once per distinct policy and shared by every request for that action ([`ActionIndex`]).
//!
//! The `Action` element never holds policy variables (the parser reads it with
//! `variables: false`: a `${…}` there is text), so whether it matches is a function of the
//! statement and the action alone: the grid decides a row of hundreds of principals that share
//! a few hundred distinct policies (an imported account repeats its managed policies in every
//! principal) with one walk over each distinct policy's action patterns instead of one per cell.

use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::rc::Rc;
use std::sync::Arc;

use crate::ast::{PatternElement, Policy};
use crate::pattern::glob_match;

/// A statement position in [`ActionIndex`]'s lists whose `Action` element could not be decided
/// without the request (a template with variables, which the parser never makes for `Action`):
/// checked per request like without an index.
pub(super) const RECHECK: u32 = 1 << 31;

/// For one action, the statements of each policy whose `Action`/`NotAction` element matches it,
/// by policy (the `Arc` of its parse: principals that share a parse share the entry). Built for
/// one action ([`ActionIndex::new`]); [`verdict_indexed`](super::verdict_indexed) uses it only for
/// requests of that action. Holds each policy it has seen until dropped (keep one per grid row).
#[derive(Debug)]
pub struct ActionIndex {
    /// The action, lowercased as requests hold it.
    action: String,
    /// By the address of the policy (kept alive by the `Arc` beside it, so that no address is
    /// reused while the entry lives): the positions in `statements` of the ones that match,
    /// ascending, [`RECHECK`] set on those to check per request.
    by_policy: RefCell<ByAddress>,
}

/// [`ActionIndex`]'s table: a policy's address → the policy and its matching statements.
type ByAddress = HashMap<usize, (Arc<Policy>, Rc<[u32]>), BuildHasherDefault<AddressHasher>>;

impl ActionIndex {
    /// An empty index for `action` (any case: lowercased as requests lowercase it, ASCII only).
    pub fn new(action: &str) -> ActionIndex {
        ActionIndex {
            action: action.to_ascii_lowercase(),
            by_policy: RefCell::default(),
        }
    }

    /// The action, lowercased.
    pub fn action(&self) -> &str {
        &self.action
    }

    /// How many distinct policies the index holds.
    pub fn policies(&self) -> usize {
        self.by_policy.borrow().len()
    }

    /// The positions of the statements of `policy` whose `Action` element matches (see
    /// [`RECHECK`]), worked out on the first call for that policy.
    pub(super) fn matching(&self, policy: &Arc<Policy>) -> Rc<[u32]> {
        let key = Arc::as_ptr(policy) as usize;
        if let Some((_, hits)) = self.by_policy.borrow().get(&key) {
            return hits.clone();
        }
        let hits: Rc<[u32]> = policy
            .statements
            .iter()
            .enumerate()
            .filter_map(|(i, st)| {
                let i = u32::try_from(i).ok().filter(|i| *i < RECHECK)?;
                match fixed_element_matches(&st.action, &self.action) {
                    Some(true) => Some(i),
                    Some(false) => None,
                    None => Some(i | RECHECK),
                }
            })
            .collect();
        self.by_policy
            .borrow_mut()
            .insert(key, (policy.clone(), hits.clone()));
        hits
    }
}

/// Whether `element` matches `action` (lowercase) when none of its patterns has variables;
/// `None` otherwise.
fn fixed_element_matches(element: &PatternElement, action: &str) -> Option<bool> {
    let mut any = false;
    for t in &element.patterns {
        if glob_match(t.fixed_tokens()?, action) {
            any = true;
            break;
        }
    }
    // A template with variables after a match cannot undo it (`?` returned before one).
    Some(any != element.negated)
}

/// A hasher for addresses: one multiplication, its high bits folded into the low ones (which
/// the table indexes by; addresses are aligned, so their own low bits are zero).
#[derive(Debug, Default)]
pub(super) struct AddressHasher(u64);

impl Hasher for AddressHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(*b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }
    fn write_usize(&mut self, n: usize) {
        let h = (n as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        self.0 = h ^ (h >> 32);
    }
}
