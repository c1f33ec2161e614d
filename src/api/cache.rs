//! Policies read once per batch: [`PolicyCache`] keeps the parse of each distinct policy text
//! (its kind, whether it was written as an object or as a string, and its text), so that a
//! batch repeating the same policies (one scenario, many requests) parses and checks each of
//! them once. Bounded: when the texts kept pass [`PolicyCache::MAX_BYTES`], or the entries
//! [`PolicyCache::MAX_ENTRIES`], it starts afresh (a parse takes some twenty times its text).

use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::sync::Arc;

use crate::engine::{Diagnostic, Policy, PolicyKind, Span};
use crate::text::hash::TextHasher;

/// What a policy's text parses to: the policy and its diagnostics. For a policy written as an
/// object the spans are relative to the object's first byte (the same text may sit anywhere in
/// the next case); for a policy written as a string they are in the string's own text.
pub(super) struct Entry {
    pub(super) policy: Arc<Policy>,
    pub(super) diagnostics: Vec<Diagnostic>,
}

/// A kept parse: the policy's kind, whether it was a string, and the parse.
type Kept = (PolicyKind, bool, Entry);

/// The parses of the distinct policy texts of a batch (see the module's documentation). One
/// per thread: `simulate_cached` takes it by `&mut`.
#[derive(Default)]
pub struct PolicyCache {
    /// By text (looked up as `&str`, so a miss allocates nothing), then by kind and form.
    entries: HashMap<Box<str>, Vec<Kept>, BuildHasherDefault<TextHasher>>,
    bytes: usize,
    hits: u64,
}

impl PolicyCache {
    /// Texts kept at most (bytes of the keys; each entry's parse is of the same order).
    pub const MAX_BYTES: usize = 512 << 10;
    /// Distinct texts kept at most.
    pub const MAX_ENTRIES: usize = 512;
    /// Texts longer than this are not kept (a batch rarely repeats them, and each would take a
    /// large share of the bound).
    pub const MAX_TEXT: usize = 64 << 10;

    /// An empty cache.
    pub fn new() -> Self {
        Self::default()
    }

    /// How many policies were answered from the cache (for tests and measurements).
    pub fn hits(&self) -> u64 {
        self.hits
    }

    /// How many distinct policy texts it holds.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when it holds nothing.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub(super) fn get(&mut self, kind: PolicyKind, string: bool, text: &str) -> Option<&Entry> {
        let found = self
            .entries
            .get(text)?
            .iter()
            .find(|(k, s, _)| *k == kind && *s == string)
            .map(|(_, _, e)| e);
        if found.is_some() {
            self.hits += 1;
        }
        found
    }

    pub(super) fn insert(&mut self, kind: PolicyKind, string: bool, text: &str, entry: Entry) {
        if text.len() > Self::MAX_TEXT {
            return;
        }
        if self.bytes + text.len() > Self::MAX_BYTES || self.entries.len() >= Self::MAX_ENTRIES {
            self.entries.clear();
            self.bytes = 0;
        }
        match self.entries.get_mut(text) {
            Some(kept) => kept.push((kind, string, entry)),
            None => {
                self.bytes += text.len();
                self.entries
                    .insert(text.into(), vec![(kind, string, entry)]);
            }
        }
    }
}

/// The diagnostics of a policy written as an object at `start`, made relative to it; `None` when
/// one of them points before the object (such a parse is not kept).
pub(super) fn relative(diagnostics: &[Diagnostic], start: usize) -> Option<Vec<Diagnostic>> {
    diagnostics
        .iter()
        .map(|d| {
            let mut d = d.clone();
            d.span = shift_back(d.span, start)?;
            if let Some(fix) = &mut d.fix {
                fix.span = shift_back(fix.span, start)?;
            }
            Some(d)
        })
        .collect()
}

/// Kept diagnostics placed at `start` again.
pub(super) fn placed(diagnostics: &[Diagnostic], start: usize) -> Vec<Diagnostic> {
    diagnostics
        .iter()
        .map(|d| {
            let mut d = d.clone();
            d.span = Span::new(d.span.start + start, d.span.end + start);
            if let Some(fix) = &mut d.fix {
                fix.span = Span::new(fix.span.start + start, fix.span.end + start);
            }
            d
        })
        .collect()
}

fn shift_back(span: Span, start: usize) -> Option<Span> {
    Some(Span::new(
        span.start.checked_sub(start)?,
        span.end.checked_sub(start)?,
    ))
}
