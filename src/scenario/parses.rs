//! Each distinct policy text read once: an imported account gives every principal its own copy
//! of each managed policy attached to it (directly or through its groups), so 600 principals
//! carry some 3,000 texts of which a few hundred differ. [`Parses`] keeps one parse per policy
//! kind and text while a workspace is built; the principals that carry the same text share it
//! (an `Rc`: the policy and its diagnostics). An edit of one copy parses that copy alone again
//! and gives it a parse of its own (`editors.rs`), so the others keep theirs.
//!
//! Sharing the parse also shares the policy's `Rc`, which the grid's [`ActionIndex`]
//! (crate::engine) keys on: a statement's `Action` is matched against an action once per distinct
//! policy, not once per principal.

use std::collections::HashMap;
use std::rc::Rc;

use crate::checks::parse_policy_text;
use crate::engine::{ParsedPolicy, PolicyKind};

/// The parses made so far, by kind and text.
#[derive(Debug, Default)]
pub(super) struct Parses<'t> {
    by_text: HashMap<(PolicyKind, &'t str), Rc<ParsedPolicy>>,
    /// Parses made before the workspace (by an import), taken rather than made again.
    known: Option<&'t KnownParses>,
}

/// Parses made before a workspace is built, by kind and text: an import reads each distinct
/// policy text once to report its errors, and hands those parses to
/// [`Workspace::with_parses`](super::Workspace::with_parses), so that an imported account's
/// policies are not parsed twice. A parse is the one `parse_policy_text` makes of that text and
/// kind, so taking it decides as parsing again would.
#[derive(Debug, Default, Clone)]
pub struct KnownParses {
    by_kind: HashMap<PolicyKind, HashMap<String, Rc<ParsedPolicy>>>,
}

/// Equal when they hold parses of the same texts as the same kinds (a parse is a function of
/// its text and kind).
impl PartialEq for KnownParses {
    fn eq(&self, other: &KnownParses) -> bool {
        self.len() == other.len()
            && self
                .by_kind
                .iter()
                .all(|(kind, texts)| texts.keys().all(|text| other.get(text, *kind).is_some()))
    }
}

impl KnownParses {
    /// Parses `text` as `kind` (with the checks the page makes), keeps the parse and returns it;
    /// a text parsed before is not parsed again.
    pub fn parse(&mut self, text: &str, kind: PolicyKind) -> Rc<ParsedPolicy> {
        let texts = self.by_kind.entry(kind).or_default();
        if let Some(parsed) = texts.get(text) {
            return parsed.clone();
        }
        let parsed = Rc::new(parse_policy_text(text, kind));
        texts.insert(text.to_string(), parsed.clone());
        parsed
    }

    /// The parse of `text` as `kind`, if one was made.
    pub fn get(&self, text: &str, kind: PolicyKind) -> Option<Rc<ParsedPolicy>> {
        self.by_kind.get(&kind)?.get(text).cloned()
    }

    /// How many parses are kept.
    pub fn len(&self) -> usize {
        self.by_kind.values().map(HashMap::len).sum()
    }

    /// True when none is kept.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl<'t> Parses<'t> {
    /// Parses that take those of `known` first.
    pub(super) fn with_known(known: &'t KnownParses) -> Parses<'t> {
        Parses {
            by_text: HashMap::new(),
            known: Some(known),
        }
    }

    /// The parse of `text` read as `kind`: made once per kind and text (or taken from the
    /// known parses), then shared.
    pub(super) fn get(&mut self, text: &'t str, kind: PolicyKind) -> Rc<ParsedPolicy> {
        let known = self.known;
        self.by_text
            .entry((kind, text))
            .or_insert_with(|| {
                known
                    .and_then(|k| k.get(text, kind))
                    .unwrap_or_else(|| Rc::new(parse_policy_text(text, kind)))
            })
            .clone()
    }

    /// [`Parses::get`] for a text that may be empty (no policy: `None`).
    pub(super) fn optional(&mut self, text: &'t str, kind: PolicyKind) -> Option<Rc<ParsedPolicy>> {
        (!text.trim().is_empty()).then(|| self.get(text, kind))
    }
}
