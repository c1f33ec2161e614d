//! The element memo: what reading one `Action`/`NotAction` or `Resource`/`NotResource` element,
//! or one `Condition` block, gave (its patterns or clauses, its findings, the checks it spent),
//! kept per thread by the element as written, so that the same element met again, in another
//! statement, policy or case, is answered by a hash and a copy instead of being read and
//! checked again. A batch's policies repeat their elements far more than their texts: the
//! command line's benchmark mix of 20,000 cases holds 183,758 of them, of 6,463 distinct texts
//! (each with its kind of policy and, for a `Condition` block, its statement's effect). An
//! `Action` or `Resource` element is kept the first time it is read, a `Condition` block the
//! second ([`Memo::seen`]).
//!
//! Only where the [`Names`] say their answers may be kept ([`Names::memo_scope`]); the memo is
//! emptied when the scope changes. An element is kept, and answered from the memo, only when
//! no bound of the policy (`MAX_SUGGESTIONS`, `MAX_WILDCARD_CHECKS`, `MAX_ARN_CHECKS`, the
//! comparisons, `MAX_DIAGNOSTICS`) is reached while reading it, neither when it was kept nor
//! now: below them, reading an element depends on nothing but the element as written, its
//! policy's kind and version, and the template syntax or the statement's effect, which the key
//! holds. So an answer from the memo is the answer reading the element again would give,
//! finding for finding.

use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use crate::text::hash::{Sightings, TextHasher, Unhashed};

use super::redundant::MAX_COMPARED_ENTRIES;
use super::*;

/// At most this many elements are kept per thread; then the memo starts afresh.
const MAX_RECORDS: usize = 16_384;
/// At most this many bytes of keys are kept per thread; then the memo starts afresh.
const MAX_KEY_BYTES: usize = 4 << 20;
/// Elements longer than this (bytes of the value as written) are never kept.
const MAX_ELEMENT_LEN: usize = 4096;

/// What reading one element gave, its spans relative to the first byte of the element's value.
struct Record {
    read: Read,
    diagnostics: Vec<Diagnostic>,
    /// What the reading spent of the policy's bounds.
    spent: Spent,
}

/// An element kept: its key ([`Key::bytes`]) and what reading it gave.
type Kept = (Box<[u8]>, Box<Record>);

/// What an element reads to.
#[derive(Clone)]
pub(super) enum Read {
    /// `Action`, `NotAction`, `Resource`, `NotResource`.
    Patterns(PatternElement),
    /// `Condition`.
    Conditions(Vec<ConditionClause>),
}

impl Read {
    /// The patterns, when it is an `Action` or `Resource` element.
    pub(super) fn into_patterns(self) -> Option<PatternElement> {
        match self {
            Read::Patterns(element) => Some(element),
            Read::Conditions(_) => None,
        }
    }

    /// The clauses, when it is a `Condition` block.
    pub(super) fn into_conditions(self) -> Option<Vec<ConditionClause>> {
        match self {
            Read::Conditions(clauses) => Some(clauses),
            Read::Patterns(_) => None,
        }
    }

    /// The same, its spans moved by `start` bytes: forward (`forward`) or back.
    fn placed(&self, start: usize, forward: bool) -> Read {
        let shift = |s: Span| shifted(s, start, forward);
        match self {
            Read::Patterns(element) => Read::Patterns(PatternElement {
                span: shift(element.span),
                ..element.clone()
            }),
            Read::Conditions(clauses) => Read::Conditions(
                clauses
                    .iter()
                    .map(|c| ConditionClause {
                        span: shift(c.span),
                        test: c.test.clone(),
                    })
                    .collect(),
            ),
        }
    }

    /// Every span it holds lies in `inside`.
    fn lies_in(&self, inside: impl Fn(Span) -> bool) -> bool {
        match self {
            Read::Patterns(element) => inside(element.span),
            Read::Conditions(clauses) => clauses.iter().all(|c| inside(c.span)),
        }
    }
}

/// The policy's bounded counters, or what one element spent of them.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) struct Spent {
    catalog_warnings: usize,
    wildcard_checks: usize,
    arn_checks: usize,
    key_checks: usize,
    /// For a policy, the comparisons left; for an element, the comparisons it spent.
    comparisons: usize,
    errors: usize,
    dropped: usize,
    diagnostics: usize,
}

#[derive(Default)]
struct Memo {
    scope: usize,
    key_bytes: usize,
    /// By the hash of their key ([`Key::hash`]); of two keys with one hash, the later is kept.
    /// Each with the element's key ([`Key::bytes`]), compared with the key looked up. The key
    /// sits beside the record rather than in it: a lookup reads the table's slot, then the
    /// key and the record at once, not the record to learn where its key is (those three
    /// reads one after another, each missing the caches on a batch's mix of policies, were
    /// about a twentieth of its time; docs/speed.md, twenty-second round). Records are
    /// boxed: one is about 150 bytes, and a table holding them in place copied every record
    /// each time it grew, into memory never touched before (two fifths of a batch's page
    /// faults on the command line's benchmark mix; nineteenth round).
    records: HashMap<u64, Kept, BuildHasherDefault<Unhashed>>,
    /// The `Condition` blocks met once lately and not kept ([`CONDITION_SIGHTINGS`] of them;
    /// made on the first record, kept across a fresh start of `records`): a block is kept the
    /// second time it is met. The command line's benchmark mix meets 4,038 distinct blocks,
    /// 2,788 of them once (against 162 of its 2,425 distinct `Action` and `Resource`
    /// elements), and a block's record is the costliest to keep (its clauses, about 600 bytes
    /// in ten allocations): keeping them all cost the mix 30% of its page faults and a fifth
    /// of its memory (docs/speed.md, twenty-first round).
    seen: Option<Sightings>,
}

/// How many `Condition` blocks met once [`Memo::seen`] remembers at most.
const CONDITION_SIGHTINGS: usize = 8192;

thread_local! {
    static MEMO: RefCell<Memo> = RefCell::default();
}

/// Lets go of this thread's memo without freeing it, for a thread whose process is about to
/// exit (the command line's batch threads): freeing thousands of scattered records one by one
/// costs a batch a few percent of its time and gives nothing back. Do not call it from a thread
/// that outlives its work: what the memo held is never freed. A later read on the thread starts
/// a new memo.
pub fn abandon_thread_memo() {
    if let Ok(memo) = MEMO.try_with(|memo| std::mem::take(&mut *memo.borrow_mut())) {
        std::mem::forget(memo);
    }
}

/// The key of an element: what it is (`Action`, `NotResource`, `Condition`, with the template
/// syntax or the effect that reading it depends on, in the flags), the policy's kind and
/// version, and the value's text as written. The text decides the value's shape, every string
/// and every place in it relative to its first byte. Hashed and compared in its parts: a
/// lookup copies nothing.
struct Key<'a> {
    what: &'a str,
    /// `[0, kind, version, flags]`.
    head: [u8; 4],
    text: &'a str,
}

impl Key<'_> {
    fn hash(&self) -> u64 {
        use std::hash::Hasher;
        let mut h = TextHasher::default();
        h.write(self.what.as_bytes());
        h.write_usize(u32::from_le_bytes(self.head) as usize);
        h.write(self.text.as_bytes());
        h.finish()
    }

    /// The key as one run of bytes: `what`, `head`, `text`.
    fn bytes(&self) -> Box<[u8]> {
        [self.what.as_bytes(), &self.head, self.text.as_bytes()]
            .concat()
            .into_boxed_slice()
    }

    /// Whether `kept` ([`Self::bytes`] of a key) is this key.
    fn is(&self, kept: &[u8]) -> bool {
        let w = self.what.len();
        kept.len() == w + self.head.len() + self.text.len()
            && kept.get(..w) == Some(self.what.as_bytes())
            && kept.get(w..w + 4) == Some(&self.head[..])
            && kept.get(w + 4..) == Some(self.text.as_bytes())
    }
}

impl<'n> PolicyParser<'n> {
    /// The policy's bounded counters now.
    pub(super) fn spent(&self) -> Spent {
        Spent {
            catalog_warnings: self.catalog_warnings,
            wildcard_checks: self.wildcard_checks,
            arn_checks: self.arn_checks,
            key_checks: self.key_checks,
            comparisons: self.comparisons,
            errors: self.errors,
            dropped: self.dropped,
            diagnostics: self.diagnostics.len(),
        }
    }

    /// True when an element that spends `d` reaches no bound of the policy from here (so that
    /// reading it gives what it gives under no bound at all).
    fn within_bounds(&self, d: &Spent) -> bool {
        self.catalog_warnings + d.catalog_warnings < MAX_SUGGESTIONS
            && self.wildcard_checks + d.wildcard_checks < MAX_WILDCARD_CHECKS
            && self.arn_checks + d.arn_checks < MAX_ARN_CHECKS
            && self.comparisons >= d.comparisons
            && self.diagnostics.len() + d.diagnostics < MAX_DIAGNOSTICS
    }

    /// The key of the element `what` (with `flags`) whose value is at `value`, when the memo
    /// may be used for it, and the memo's scope.
    fn memo_key<'k>(&self, what: &'k str, flags: u8, value: Span) -> Option<(usize, Key<'k>)>
    where
        'n: 'k,
    {
        let scope = self.names.memo_scope()?;
        let text = self.source?.get(value.range())?;
        // A resource policy's `Resource` written with API Gateway's shorthand reads to the ARNs
        // of the API the policy is attached to ([`Names::api_base`]), which the key does not
        // hold: never kept. Told from the text as written, so one with an escape (which could
        // spell the shorthand, `execute-api:\/*`) is not kept either.
        if self.kind == PolicyKind::Resource
            && what.ends_with("Resource")
            && (text.contains("execute-api:/") || text.contains('\\'))
        {
            return None;
        }
        (text.len() <= MAX_ELEMENT_LEN).then_some((
            scope,
            Key {
                what,
                head: [0, self.kind as u8, self.version as u8, flags],
                text,
            },
        ))
    }

    /// The element `what` (with `flags`, see [`Key`]) whose value is at `value`, read
    /// before on this thread, added to this policy as reading it again would add it: its
    /// findings placed at the value's first byte, the bounds it spent counted. `None` when not
    /// kept, or when reading it here could reach a bound.
    pub(super) fn recall_element(&mut self, what: &str, flags: u8, value: Span) -> Option<Read> {
        // The page reads each policy once per edit: its bundle carries no memo.
        if cfg!(target_arch = "wasm32") {
            return None;
        }
        let (scope, key) = self.memo_key(what, flags, value)?;
        let hash = key.hash();
        let start = value.start;
        MEMO.with(|memo| {
            let memo = memo.borrow();
            if memo.scope != scope {
                return None;
            }
            let (_, record) = memo.records.get(&hash).filter(|(kept, _)| key.is(kept))?;
            if !self.within_bounds(&record.spent) {
                return None;
            }
            let d = &record.spent;
            self.catalog_warnings += d.catalog_warnings;
            self.wildcard_checks += d.wildcard_checks;
            self.arn_checks += d.arn_checks;
            self.comparisons -= d.comparisons;
            self.errors += d.errors;
            self.diagnostics
                .extend(record.diagnostics.iter().map(|f| placed(f, start, true)));
            Some(record.read.placed(start, true))
        })
    }

    /// Keeps what reading the element `what` (with `flags`) at `value` gave (`read`, and what
    /// was added since `before`) when no bound was reached while reading it (it spent
    /// `full_comparisons` comparisons, all it asked for) and every finding lies in the value.
    pub(super) fn keep_element(
        &self,
        what: &str,
        flags: u8,
        value: Span,
        before: Spent,
        read: &Read,
        full_comparisons: usize,
    ) {
        if cfg!(target_arch = "wasm32") {
            return;
        }
        let Some((scope, key)) = self.memo_key(what, flags, value) else {
            return;
        };
        let (start, len) = (value.start, value.end - value.start);
        let now = self.spent();
        let spent = Spent {
            catalog_warnings: now.catalog_warnings - before.catalog_warnings,
            wildcard_checks: now.wildcard_checks - before.wildcard_checks,
            arn_checks: now.arn_checks - before.arn_checks,
            key_checks: now.key_checks - before.key_checks,
            comparisons: before.comparisons - now.comparisons,
            errors: now.errors - before.errors,
            dropped: now.dropped - before.dropped,
            diagnostics: now.diagnostics - before.diagnostics,
        };
        let unbounded = now.catalog_warnings < MAX_SUGGESTIONS
            && now.wildcard_checks < MAX_WILDCARD_CHECKS
            && now.arn_checks < MAX_ARN_CHECKS
            && spent.key_checks == 0
            && spent.comparisons == full_comparisons
            && spent.dropped == 0
            && now.diagnostics < MAX_DIAGNOSTICS;
        let added = &self.diagnostics[before.diagnostics..];
        let inside = |s: Span| s.start >= start && s.end <= start + len;
        if !unbounded
            || !read.lies_in(inside)
            || !added
                .iter()
                .all(|d| inside(d.span) && d.fix.as_ref().is_none_or(|f| inside(f.span)))
        {
            return;
        }
        let hash = key.hash();
        if matches!(read, Read::Conditions(_))
            && !MEMO.with(|memo| {
                memo.borrow_mut()
                    .seen
                    .get_or_insert_with(|| Sightings::new(CONDITION_SIGHTINGS))
                    .met_again(hash)
            })
        {
            return;
        }
        let kept = key.bytes();
        let record = Record {
            read: read.placed(start, false),
            diagnostics: added.iter().map(|f| placed(f, start, false)).collect(),
            spent,
        };
        MEMO.with(|memo| {
            let mut memo = memo.borrow_mut();
            if memo.scope != scope
                || memo.records.len() >= MAX_RECORDS
                || memo.key_bytes + kept.len() > MAX_KEY_BYTES
            {
                let seen = std::mem::take(&mut memo.seen);
                *memo = Memo {
                    scope,
                    seen,
                    ..Memo::default()
                };
            }
            memo.key_bytes += kept.len();
            memo.records.insert(hash, (kept, Box::new(record)));
        });
    }
}

/// The comparisons the redundant-entry check of an element of `len` strings spends when the
/// policy has enough of them left.
pub(super) fn full_comparisons(len: usize) -> usize {
    let n = len.min(MAX_COMPARED_ENTRIES);
    n * n
}

/// `span` moved by `start` bytes: forward (from the memo into a policy), or back.
fn shifted(span: Span, start: usize, forward: bool) -> Span {
    if forward {
        Span::new(span.start + start, span.end + start)
    } else {
        Span::new(span.start - start, span.end - start)
    }
}

/// `finding` moved by `start` bytes: forward (from the memo into a policy), or back.
fn placed(finding: &Diagnostic, start: usize, forward: bool) -> Diagnostic {
    let mut finding = finding.clone();
    finding.span = shifted(finding.span, start, forward);
    if let Some(fix) = &mut finding.fix {
        fix.span = shifted(fix.span, start, forward);
    }
    finding
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::{parse_policy_text_with, KeyType, NameCheck, NameFinding, Names};
    use std::cell::Cell;

    /// Names that flag `bad:…` actions and condition keys, with a "did you mean" only when
    /// the parser asks for one (so that a policy's answers depend on its bounds), and count
    /// the questions. `memo`: whether the parser may keep elements.
    struct Flagging {
        memo: bool,
        asked: Cell<usize>,
    }

    impl Flagging {
        fn new(memo: bool) -> Self {
            Flagging {
                memo,
                asked: Cell::new(0),
            }
        }
    }

    impl Names for Flagging {
        fn check_action(&self, text: &str, suggest: bool, expand: bool) -> NameCheck {
            self.asked.set(self.asked.get() + 1);
            let finding = text.starts_with("bad:").then(|| NameFinding {
                code: Code::INVALID_ACTION,
                message: format!("unknown action `{text}`"),
                help: suggest.then(|| "did you mean `good:Thing`?".to_string()),
                replacement: suggest.then(|| "good:Thing".to_string()),
            });
            NameCheck {
                finding,
                expanded: expand && text.contains('*'),
            }
        }
        fn check_condition_key(&self, key: &str) -> Option<NameFinding> {
            self.asked.set(self.asked.get() + 1);
            key.starts_with("bad:").then(|| NameFinding {
                code: Code::INVALID_GLOBAL_CONDITION_KEY,
                message: format!("unknown condition key `{key}`"),
                help: None,
                replacement: None,
            })
        }
        fn is_single_valued_global_key(&self, _: &str) -> bool {
            false
        }
        fn condition_key_type(&self, _: &str) -> Option<KeyType> {
            None
        }
        fn memo_scope(&self) -> Option<usize> {
            // One scope per test thread's names: the address of this value.
            self.memo.then_some(self as *const Flagging as usize)
        }
    }

    fn statement(effect: &str, action: &str, resource: &str, condition: &str) -> String {
        let condition = if condition.is_empty() {
            String::new()
        } else {
            format!(r#","Condition":{condition}"#)
        };
        format!(r#"{{"Effect":"{effect}","Action":{action},"Resource":{resource}{condition}}}"#)
    }

    fn policy(version: &str, statements: &[String]) -> String {
        format!(
            r#"{{"Version":"{version}","Statement":[{}]}}"#,
            statements.join(",")
        )
    }

    /// Reads every text with the memo three times (a `Condition` block is kept the second
    /// time, so the third answers every element from it), and checks each answer against
    /// reading it with no memo at all.
    fn same_with_and_without_memo(texts: &[(String, PolicyKind)]) -> (usize, usize) {
        let memo = Flagging::new(true);
        let plain = Flagging::new(false);
        for round in 0..3 {
            for (text, kind) in texts {
                let kept = parse_policy_text_with(text, *kind, &memo);
                let fresh = parse_policy_text_with(text, *kind, &plain);
                assert_eq!(kept, fresh, "round {round}: {text}");
            }
        }
        (memo.asked.get(), plain.asked.get())
    }

    #[test]
    fn elements_answered_from_the_memo_are_the_elements_read_again() {
        let bad = r#"["s3:GetObject","bad:One","s3:GetObject"]"#;
        let bucket = r#"["arn:aws:s3:::b/${aws:username}/*","arn:aws:s3:::b/*"]"#;
        let when = r#"{"StringEquals":{"bad:Key":"x","aws:PrincipalTag/team":["a","b"]}}"#;
        // One statement allowing `action` on `resource` under `condition`, in a policy of
        // `version` and `kind`.
        let one = |version: &str, kind, action: &str, resource: &str, condition: &str| {
            let statements = [statement("Allow", action, resource, condition)];
            (policy(version, &statements), kind)
        };
        let (v12, v08) = ("2012-10-17", "2008-10-17");
        let identity = PolicyKind::Identity;
        let texts = vec![
            // The same elements at other places, in other statements and policies.
            one(v12, identity, bad, bucket, when),
            (
                policy(
                    v12,
                    &[
                        statement("Allow", r#""s3:*""#, r#""*""#, ""),
                        statement("Deny", bad, bucket, when),
                        statement("Allow", bad, bucket, when),
                    ],
                ),
                identity,
            ),
            // Another version: `${…}` is text, not a variable.
            one(v08, identity, bad, bucket, when),
            // Another kind.
            one(v12, PolicyKind::PermissionsBoundary, bad, bucket, when),
            // Escapes, and the same text with other spaces.
            one(
                v12,
                identity,
                r#"["bad:\u004fne", "s3:GetObject"]"#,
                bucket,
                when,
            ),
            one(
                v12,
                identity,
                r#"[ "bad:One","s3:GetObject","s3:GetObject" ]"#,
                bucket,
                when,
            ),
            // Mistakes inside the elements: errors, not only warnings.
            one(
                v12,
                identity,
                r#"["s3GetObject", 3]"#,
                "[]",
                r#"{"StringEquals":"x"}"#,
            ),
        ];
        let (with_memo, without) = same_with_and_without_memo(&texts);
        // The memo was used: the second round asked (nearly) nothing.
        assert!(
            with_memo < without,
            "asked {with_memo} with the memo, {without} without"
        );
    }

    /// Statements covered by others are found alike whether their elements come from the memo
    /// (shared with the statements read before) or are read afresh: the same pairs in either
    /// order, in other policies, with `NotAction`, with the other effect, and with a condition
    /// on one side only.
    #[test]
    fn statements_covered_by_others_are_found_alike_from_the_memo() {
        let all = r#""s3:*""#;
        let get = r#"["s3:GetObject","s3:GetObjectTagging"]"#;
        let (any, bucket) = (r#""*""#, r#""arn:aws:s3:::b/*""#);
        let when = r#"{"StringEquals":{"aws:PrincipalTag/team":"a"}}"#;
        let st = |effect, action: &str, resource: &str, condition| {
            statement(effect, action, resource, condition)
        };
        let not_all = st("Allow", all, any, "").replace("\"Action\"", "\"NotAction\"");
        // identity policies of two statements each
        let pairs = [
            [st("Allow", all, any, ""), st("Allow", get, bucket, "")],
            [st("Allow", get, bucket, ""), st("Allow", all, any, "")],
            [st("Deny", get, bucket, ""), st("Deny", all, any, "")],
            [st("Allow", all, any, ""), st("Deny", get, bucket, "")],
            [not_all.clone(), st("Allow", all, any, "")],
            [st("Allow", all, any, ""), not_all],
            [st("Allow", all, any, when), st("Allow", get, bucket, "")],
            [st("Allow", all, bucket, ""), st("Allow", get, any, "")],
        ];
        let texts: Vec<(String, PolicyKind)> = pairs
            .iter()
            .map(|pair| (policy("2012-10-17", pair), PolicyKind::Identity))
            .collect();
        same_with_and_without_memo(&texts);
        // and the pairs covered are found: not a comparison of two empty answers
        let plain = Flagging::new(false);
        let covered: Vec<bool> = texts
            .iter()
            .map(|(text, kind)| {
                parse_policy_text_with(text, *kind, &plain)
                    .diagnostics
                    .iter()
                    .any(|d| d.code == Code::REDUNDANT_STATEMENT)
            })
            .collect();
        assert_eq!(
            covered,
            [true, true, true, false, false, false, false, false]
        );
    }

    /// An `Action` element is answered from the memo the second time it is read, a
    /// `Condition` block the third: it is kept only when met again.
    #[test]
    fn a_condition_block_is_kept_the_second_time_it_is_met() {
        // Made-up names, so that no other test's thread-local memo holds them.
        let text = policy(
            "2012-10-17",
            &[statement(
                "Allow",
                r#""bad:KeptFirst""#,
                r#""*""#,
                r#"{"StringEquals":{"bad:KeptSecond":"x"}}"#,
            )],
        );
        let names = Flagging::new(true);
        let mut asked = Vec::new();
        for _ in 0..3 {
            let before = names.asked.get();
            let parsed = parse_policy_text_with(&text, PolicyKind::Identity, &names);
            assert_eq!(
                parsed,
                parse_policy_text_with(&text, PolicyKind::Identity, &Flagging::new(false))
            );
            asked.push(names.asked.get() - before);
        }
        // the action and the key asked about, then the key alone, then nothing
        assert_eq!(asked, [2, 1, 0]);
    }

    #[test]
    fn the_memo_answers_nothing_past_a_policy_bound() {
        // Twelve unknown actions: the first ten get a "did you mean", the rest not. Each kept
        // element answered again past the tenth must lose its suggestion, as when read again.
        let one = |i: usize| statement("Allow", &format!(r#""bad:A{i}""#), r#""*""#, "");
        let first: Vec<String> = (0..12).map(one).collect();
        let reversed: Vec<String> = (0..12).rev().map(one).collect();
        let mut late: Vec<String> = (20..31).map(one).collect();
        late.push(one(0));
        let texts = vec![
            (policy("2012-10-17", &first), PolicyKind::Identity),
            (policy("2012-10-17", &reversed), PolicyKind::Identity),
            (policy("2012-10-17", &late), PolicyKind::Identity),
        ];
        same_with_and_without_memo(&texts);
        // And the last one's last finding indeed has no suggestion (the test would not tell
        // the bound otherwise).
        let parsed =
            parse_policy_text_with(&texts[2].0, PolicyKind::Identity, &Flagging::new(true));
        let last = parsed
            .diagnostics
            .iter()
            .rfind(|d| d.message.contains("bad:A0"))
            .expect("a finding about bad:A0");
        assert_eq!(last.help, None);
    }
}
