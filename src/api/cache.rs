//! Policies read once per batch: [`PolicyCache`] keeps the parse of each distinct policy text
//! (its kind, whether it was written as an object or as a string, and its text), so that a
//! batch repeating the same policies (one scenario, many requests) parses and checks each of
//! them once. Bounded: when the texts kept pass [`PolicyCache::MAX_BYTES`], or the entries
//! [`PolicyCache::MAX_ENTRIES`], it starts afresh (a parse takes some twenty times its text).

use std::collections::HashMap;
use std::hash::{BuildHasher, BuildHasherDefault, Hash, Hasher};
use std::rc::Rc;

use crate::engine::{Diagnostic, Policy, PolicyKind, Span};
use crate::text::hash::{Sightings, TextHasher, Unhashed};

/// What a policy's text parses to: the policy and its diagnostics. For a policy written as an
/// object the spans are relative to the object's first byte (the same text may sit anywhere in
/// the next case); for a policy written as a string they are in the string's own text.
pub(super) struct Entry {
    pub(super) policy: Rc<Policy>,
    pub(super) diagnostics: Vec<Diagnostic>,
}

/// A kept parse: the policy's kind, whether it was a string, its text, and the parse.
type Kept = (PolicyKind, bool, Box<str>, Entry);

/// A policy looked up and not found: the hash of its text, kind and form, so that deciding
/// whether to keep its parse ([`PolicyCache::wants`]) and keeping it reads the text no more.
pub(super) struct Miss {
    hash: u64,
    len: usize,
}

/// The parses of the distinct policy texts of a batch (see the module's documentation). One
/// per thread: `simulate_cached` takes it by `&mut`.
pub struct PolicyCache {
    /// By the hash of text, kind and form (each policy's text is hashed once), then compared.
    entries: HashMap<u64, Vec<Kept>, BuildHasherDefault<Unhashed>>,
    bytes: usize,
    hits: u64,
    /// The texts (with kind and form) met lately and not kept ([`Self::SIGHTINGS`] of them,
    /// 16 KiB): a text is kept the second time it is met, so that a batch of distinct policies
    /// (most of a random mix) does not copy each into the cache only to empty it a few
    /// hundred policies later. Small on purpose: a set of every hash met (as before, up to
    /// 16,384) cost a random read in a table of a few hundred kilobytes per policy, about 2%
    /// of a random mix's time (docs/speed.md, fourteenth round).
    seen: Sightings,
}

impl Default for PolicyCache {
    fn default() -> Self {
        PolicyCache {
            entries: HashMap::default(),
            bytes: 0,
            hits: 0,
            seen: Sightings::new(Self::SIGHTINGS),
        }
    }
}

impl PolicyCache {
    /// Texts kept at most (bytes of the keys; each entry's parse is of the same order).
    pub const MAX_BYTES: usize = 512 << 10;
    /// Distinct texts kept at most.
    pub const MAX_ENTRIES: usize = 512;
    /// The texts met once it remembers at most (see [`Sightings`]).
    const SIGHTINGS: usize = 4096;
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

    /// How many parses it holds (distinct texts, kinds and forms, but for hash collisions).
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when it holds nothing.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The kept parse of `text` (of `kind`, a string or not), or what the miss needs to be kept.
    pub(super) fn get(
        &mut self,
        kind: PolicyKind,
        string: bool,
        text: &str,
    ) -> Result<&Entry, Miss> {
        let mut h = BuildHasherDefault::<TextHasher>::default().build_hasher();
        kind.hash(&mut h);
        string.hash(&mut h);
        h.write(text.as_bytes());
        let miss = Miss {
            hash: h.finish(),
            len: text.len(),
        };
        let found = self.entries.get(&miss.hash).and_then(|kept| {
            kept.iter()
                .find(|(k, s, t, _)| *k == kind && *s == string && **t == *text)
        });
        match found {
            Some((_, _, _, entry)) => {
                self.hits += 1;
                Ok(entry)
            }
            None => Err(miss),
        }
    }

    /// True when the parse of a policy not found in the cache (`miss`) should be kept: its
    /// text, kind and form were met before. Remembers them otherwise.
    pub(super) fn wants(&mut self, miss: &Miss) -> bool {
        if miss.len > Self::MAX_TEXT {
            return false;
        }
        self.seen.met_again(miss.hash)
    }

    /// Keeps the parse of a policy that `miss` says was not found (of `kind`, a string or not).
    pub(super) fn insert(
        &mut self,
        miss: Miss,
        kind: PolicyKind,
        string: bool,
        text: &str,
        entry: Entry,
    ) {
        if text.len() > Self::MAX_TEXT {
            return;
        }
        if self.bytes + text.len() > Self::MAX_BYTES || self.entries.len() >= Self::MAX_ENTRIES {
            self.entries.clear();
            self.bytes = 0;
        }
        self.bytes += text.len();
        self.entries
            .entry(miss.hash)
            .or_default()
            .push((kind, string, text.into(), entry));
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A text is kept from its second sighting, of the same kind and form; a long one never.
    #[test]
    fn texts_are_kept_the_second_time_they_are_met() {
        let mut cache = PolicyCache::new();
        let mut wants = |kind, string, text: &str| match cache.get(kind, string, text) {
            Ok(_) => panic!("nothing is kept"),
            Err(miss) => cache.wants(&miss),
        };
        let text = r#"{"Version":"2012-10-17","Statement":[]}"#;
        assert!(!wants(PolicyKind::Identity, false, text));
        assert!(!wants(PolicyKind::Endpoint, false, text));
        assert!(!wants(PolicyKind::Identity, true, text));
        assert!(wants(PolicyKind::Identity, false, text));
        assert!(wants(PolicyKind::Endpoint, false, text));
        assert!(!wants(PolicyKind::Identity, false, "{}"));
        let long = "x".repeat(PolicyCache::MAX_TEXT + 1);
        assert!(!wants(PolicyKind::Identity, false, &long));
        assert!(!wants(PolicyKind::Identity, false, &long));
    }

    /// A kept parse is found by its text, kind and form, and by nothing else.
    #[test]
    fn a_kept_parse_is_found_by_its_text_kind_and_form() {
        let mut cache = PolicyCache::new();
        let text = r#"{"Version":"2012-10-17","Statement":[]}"#;
        let parse = || Entry {
            policy: crate::checks::parse_policy_text(text, PolicyKind::Identity).policy,
            diagnostics: Vec::new(),
        };
        let Err(miss) = cache.get(PolicyKind::Identity, false, text) else {
            panic!("nothing is kept yet");
        };
        cache.insert(miss, PolicyKind::Identity, false, text, parse());
        assert!(cache.get(PolicyKind::Identity, false, text).is_ok());
        assert!(cache.get(PolicyKind::Identity, true, text).is_err());
        assert!(cache.get(PolicyKind::Endpoint, false, text).is_err());
        assert!(cache.get(PolicyKind::Identity, false, "{}").is_err());
        assert_eq!((cache.len(), cache.hits()), (1, 1));
    }
}
