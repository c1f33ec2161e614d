//! Each distinct policy text read once: an imported account gives every principal its own copy
//! of each managed policy attached to it (directly or through its groups), so 600 principals
//! carry some 3,000 texts of which a few hundred differ. [`Parses`] keeps one parse per policy
//! kind and text while a workspace is built; the principals that carry the same text share it
//! (an `Rc`: the policy and its diagnostics). An edit of one copy parses that copy alone again
//! and gives it a parse of its own (`editors.rs`), so the others keep theirs.
//!
//! Sharing the parse also shares the policy's `Arc`, which the grid's [`ActionIndex`]
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
}

impl<'t> Parses<'t> {
    /// The parse of `text` read as `kind`: made once per kind and text, then shared.
    pub(super) fn get(&mut self, text: &'t str, kind: PolicyKind) -> Rc<ParsedPolicy> {
        self.by_text
            .entry((kind, text))
            .or_insert_with(|| Rc::new(parse_policy_text(text, kind)))
            .clone()
    }

    /// [`Parses::get`] for a text that may be empty (no policy: `None`).
    pub(super) fn optional(&mut self, text: &'t str, kind: PolicyKind) -> Option<Rc<ParsedPolicy>> {
        (!text.trim().is_empty()).then(|| self.get(text, kind))
    }
}
