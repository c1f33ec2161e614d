//! Small text helpers that depend on nothing else in the crate: the "did you mean" search (a
//! bounded edit distance), quoted lists for messages, glob matching over wildcard tokens, a
//! byte search that tests eight bytes per step ([`bytes`]), and the stable sort every caller
//! shares ([`sort_stable_by`], one copy of the sort in the page's bundle), a fast hash of
//! texts for tables keyed by the caller's own input ([`hash::TextHasher`]), and how an ARN's
//! leading fields and a catalog ARN template's service are read ([`arn_leading_fields`],
//! [`arn_template_service`]: the engine, the command line's checks and the catalog's `build.rs`
//! share one rule), and lazily made values that threads share without waiting for each other
//! ([`once::get_or_race`]).
//! The engine and the catalog both use them; this module imports neither.

#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![warn(missing_docs)]

pub mod bytes;
pub mod hash;
pub mod once;

/// The first `N` fields after `arn:` of `text`, each ended by a colon outside policy
/// variables (`${…}`, which may hold colons), and the rest after the last of those colons;
/// `None` when `text` does not start with `arn:` or holds fewer such fields. How policy ARNs
/// and the catalog's ARN templates are split (the engine's `ArnParts`, the catalog's
/// `build.rs`).
pub fn arn_leading_fields<const N: usize>(text: &str) -> Option<([&str; N], &str)> {
    let rest = text.strip_prefix("arn:")?;
    let mut fields: [&str; N] = [""; N];
    let mut start = 0;
    let mut count = 0;
    let mut depth = 0usize;
    let bytes = rest.as_bytes();
    let mut i = 0;
    while i < bytes.len() && count < N {
        match bytes[i] {
            b'$' if bytes.get(i + 1) == Some(&b'{') => {
                depth += 1;
                i += 1;
            }
            b'}' if depth > 0 => depth -= 1,
            b':' if depth == 0 => {
                *fields.get_mut(count)? = rest.get(start..i)?;
                count += 1;
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    if count < N {
        return None;
    }
    Some((fields, rest.get(start..)?))
}

/// The service field of an ARN template of the catalog, as [`arn_leading_fields`] reads it:
/// nearly every template starts `arn:${Partition}:` and names its service plainly, which is
/// read at once. One rule for the catalog's `build.rs`, which groups the templates by it, and
/// the command line's index of ARN formats, which does the same in the browser.
pub fn arn_template_service(template: &str) -> Option<&str> {
    if let Some(rest) = template.strip_prefix("arn:${Partition}:") {
        // a byte loop: the field is a few letters, shorter than a search's set-up
        for (at, &b) in rest.as_bytes().iter().enumerate() {
            match b {
                b':' => return rest.get(..at),
                b'$' => break,
                _ => {}
            }
        }
    }
    let ([_, service], _) = arn_leading_fields(template)?;
    Some(service)
}

/// `n` in decimal, without the formatting machinery: for names and messages built on every
/// request (`identityPolicies[0]`, `Statement[3]`), which then join their pieces with
/// `[..].concat()`.
pub fn decimal(n: usize) -> Decimal {
    let mut digits = [0u8; 20];
    let mut start = digits.len();
    let mut rest = n;
    loop {
        start -= 1;
        if let Some(d) = digits.get_mut(start) {
            // `rest % 10` is below ten
            *d = b'0' + (rest % 10) as u8;
        }
        rest /= 10;
        if rest == 0 || start == 0 {
            break;
        }
    }
    Decimal { digits, start }
}

/// The digits [`decimal`] wrote; read them with [`Decimal::as_str`].
pub struct Decimal {
    digits: [u8; 20],
    start: usize,
}

impl Decimal {
    /// The number's digits.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(self.as_bytes()).unwrap_or("")
    }

    /// The number's digits, as ASCII bytes (for a writer of bytes).
    pub fn as_bytes(&self) -> &[u8] {
        self.digits.get(self.start..).unwrap_or_default()
    }
}

/// The most edits a "did you mean" bridges.
const MAX_TYPO_DISTANCE: usize = 4;

/// Words and candidates longer than this many bytes are never compared, so that the distance
/// table stays small.
const MAX_COMPARED_LEN: usize = 64;

/// The candidate closest to `word` (case-insensitively), if it is close enough to be a likely
/// typo: within a third of the candidate's length, and at most four edits. Candidates whose length
/// alone rules them out are skipped, and each distance stops as soon as it exceeds that bound, so
/// a service with hundreds of actions is searched in microseconds.
pub fn did_you_mean<'c>(word: &str, candidates: &[&'c str]) -> Option<&'c str> {
    // the first of the closest, in the slice's order: a later candidate must be closer
    closest(word, candidates.iter().map(|c| (*c, ())), |_, _| false).map(|(c, ())| c)
}

/// [`did_you_mean`] over `candidates` as if they were sorted by `(text, tag)`, without sorting
/// them: of the closest candidates, the least by `(text, tag)`, with its tag. (A catalog's
/// thousands of condition keys, of which a suggestion for one unknown key had sorted every one
/// sharing its prefix; docs/speed.md, twentieth round.)
pub fn did_you_mean_least<'c, T: Ord>(
    word: &str,
    candidates: impl IntoIterator<Item = (&'c str, T)>,
) -> Option<(&'c str, T)> {
    closest(
        word,
        candidates.into_iter(),
        |(text, tag), (best, best_tag)| (text, tag) < (best, best_tag),
    )
}

/// The closest of `candidates` to `word`, each within its own bound (a third of its length,
/// at most [`MAX_TYPO_DISTANCE`]); of two equally close, the one met first unless `wins_tie`
/// (new, kept) says the new one wins.
fn closest<'c, T>(
    word: &str,
    candidates: impl Iterator<Item = (&'c str, T)>,
    wins_tie: impl Fn((&str, &T), (&str, &T)) -> bool,
) -> Option<(&'c str, T)> {
    if word.len() > MAX_COMPARED_LEN {
        return None;
    }
    let word: Vec<u8> = word.bytes().map(|b| b.to_ascii_lowercase()).collect();
    let mut rows = (
        Vec::with_capacity(MAX_COMPARED_LEN + 2),
        Vec::with_capacity(MAX_COMPARED_LEN + 2),
    );
    // How many of each byte the word has (see `letters_apart`).
    let mut counts = [0u8; 256];
    for &b in &word {
        counts[usize::from(b)] += 1;
    }
    let mut seen = [0u8; 256];
    let mut best: Option<(usize, &'c str, T)> = None;
    for (candidate, tag) in candidates {
        let limit = (candidate.len() / 3).clamp(1, MAX_TYPO_DISTANCE);
        // a candidate as close as the best one is worth measuring only if it may win the tie
        let limit = match &best {
            Some((d, kept, kept_tag)) if wins_tie((candidate, &tag), (kept, kept_tag)) => {
                limit.min(*d)
            }
            // else it must be closer: nothing is closer than an exact match
            Some((d, _, _)) => match d.checked_sub(1) {
                Some(closer) => limit.min(closer),
                None => continue,
            },
            None => limit,
        };
        if candidate.len().abs_diff(word.len()) > limit || candidate.len() > MAX_COMPARED_LEN {
            continue;
        }
        if letters_apart(&counts, &mut seen, word.len(), candidate.as_bytes()) > limit {
            continue;
        }
        if let Some(d) = bounded_distance(&word, candidate.as_bytes(), limit, &mut rows) {
            best = Some((d, candidate, tag));
        }
    }
    best.map(|(_, c, tag)| (c, tag))
}

/// A lower bound of the edit distance between the word whose byte counts are `counts` (of
/// `word_len` bytes, lowercase) and `candidate` (compared lowercase): the candidate's bytes the
/// word has no copy of must each be inserted or substituted, and the word's bytes left unused
/// each deleted or substituted, one edit for at most one of each. `seen` is all zeros, and left
/// so. Most of a service's actions are told apart here, in two reads of the name, before
/// their distance is worked out.
fn letters_apart(
    counts: &[u8; 256],
    seen: &mut [u8; 256],
    word_len: usize,
    candidate: &[u8],
) -> usize {
    let mut extra = 0;
    for &b in candidate {
        let b = usize::from(b.to_ascii_lowercase());
        seen[b] = seen[b].saturating_add(1);
        if seen[b] > counts[b] {
            extra += 1;
        }
    }
    for &b in candidate {
        seen[usize::from(b.to_ascii_lowercase())] = 0;
    }
    let taken = candidate.len() - extra;
    extra.max(word_len.saturating_sub(taken))
}

/// `text` as a terminal shows it without being driven by it: every control character (C0, DEL
/// and C1: `ESC`, carriage return, backspace, `CSI`...) but the line end and the tab written as
/// its escape (`\u{1b}`). For the command line's text answers, which carry a policy's strings
/// (a condition key, a value, a name): a string must not colour, move the cursor over, or
/// overwrite the lines around it. Borrowed when nothing needs escaping.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    let escaped = |c: char| c.is_control() && c != '\n' && c != '\t';
    if !text.chars().any(escaped) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if escaped(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// `a`, `b` and `c` in backquotes: `` `a`, `b` and `c` `` (for "a case has ..." helps).
pub fn quoted_list(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

/// Levenshtein distance between `a` (lowercase) and `b` (compared lowercase), or `None` once it
/// is certain to exceed `limit`.
///
/// Only the band of cells within `limit` of the diagonal is computed (Ukkonen): a cell `(i, j)`
/// with `|i - j| > limit` costs more than `limit` edits, so the cells outside the band count as
/// `limit + 1`, and a row costs `2 × limit + 1` cells, not `b.len()`.
fn bounded_distance(
    a: &[u8],
    b: &[u8],
    limit: usize,
    rows: &mut (Vec<usize>, Vec<usize>),
) -> Option<usize> {
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    let over = limit + 1;
    let (prev, cur) = rows;
    // Row 0: the distance from the empty prefix of `a` is `j`, capped at `over`. The cells right
    // of a row's band are never written before a band reaches them, so they hold `over`.
    prev.clear();
    prev.extend((0..=b.len()).map(|j| j.min(over)));
    cur.clear();
    cur.resize(b.len() + 1, over);
    for (i, &ca) in a.iter().enumerate() {
        let row = i + 1;
        let lo = row.saturating_sub(limit).max(1);
        let hi = (row + limit).min(b.len());
        // The cell left of the band (the next row reads it): column 0 is `row` edits (capped);
        // further in, a cell an earlier row wrote, which is outside this band.
        cur[lo - 1] = if lo == 1 { row.min(over) } else { over };
        let mut row_min = cur[lo - 1];
        for j in lo..=hi {
            let cb = b[j - 1].to_ascii_lowercase();
            let cost = usize::from(ca != cb);
            let d = (prev[j - 1] + cost)
                .min(prev[j] + 1)
                .min(cur[j - 1] + 1)
                .min(over);
            cur[j] = d;
            row_min = row_min.min(d);
        }
        if row_min > limit {
            return None;
        }
        std::mem::swap(prev, cur);
    }
    prev.get(b.len()).copied().filter(|d| *d <= limit)
}

/// One piece of a compiled pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token {
    /// Text that must appear as is.
    Text(String),
    /// `*`: any run of characters, including none.
    AnyRun,
    /// `?`: exactly one character.
    AnyOne,
}

/// Matches `text` against wildcard `tokens`.
///
/// A pattern without `?` (the usual kind: `arn:aws:s3:::bucket/*`, `*-prod-*`) is matched in
/// time linear in the pattern and the text: its first literal must start the text, its last must
/// end it, and each literal between two `*`s is found at its leftmost place after the one before
/// (`str::find`, which is linear), which is enough for `*`. A pattern with `?` is matched by
/// walking both and, on a mismatch, returning to the most recent `*` only: O(tokens × text) at
/// worst, never exponential.
pub fn glob_match(tokens: &[Token], text: &str) -> bool {
    match tokens {
        [] => return text.is_empty(),
        [Token::AnyRun] => return true,
        [Token::Text(t)] => return t == text,
        _ => {}
    }
    if let Some(matched) = star_segments_match(tokens, text) {
        return matched;
    }
    backtracking_match(tokens, text)
}

/// [`glob_match`] for patterns of literals and `*` only (no `?`, no two literals in a row):
/// `None` for any other pattern.
fn star_segments_match(tokens: &[Token], text: &str) -> Option<bool> {
    // A pattern that starts with a literal matches only texts that start with it, whatever
    // follows: most patterns tried against an action name another service, and fail here.
    if let [Token::Text(head), ..] = tokens {
        if !text.starts_with(head.as_str()) {
            return Some(false);
        }
    }
    let mut previous_literal = false;
    for t in tokens {
        match t {
            Token::AnyOne => return None,
            Token::Text(_) if previous_literal => return None,
            Token::Text(_) => previous_literal = true,
            Token::AnyRun => previous_literal = false,
        }
    }
    let mut inner = tokens;
    let mut start = 0;
    if let [Token::Text(head), rest @ ..] = inner {
        if !text.starts_with(head.as_str()) {
            return Some(false);
        }
        start = head.len();
        inner = rest;
    }
    let mut end = text.len();
    if let [rest @ .., Token::Text(tail)] = inner {
        // The tail may not overlap the head.
        if end - start < tail.len() || !text.ends_with(tail.as_str()) {
            return Some(false);
        }
        end -= tail.len();
        inner = rest;
    }
    for t in inner {
        if let Token::Text(literal) = t {
            let Some(at) = text.get(start..end).and_then(|w| w.find(literal.as_str())) else {
                return Some(false);
            };
            start += at + literal.len();
        }
    }
    Some(true)
}

/// The general matcher: walks the pattern and the text and, on a mismatch, returns to the most
/// recent `*` only, which is enough for glob patterns and cannot blow up (O(tokens × text)).
fn backtracking_match(tokens: &[Token], text: &str) -> bool {
    let mut t = 0usize;
    let mut s = 0usize;
    // (token index after the `*`, text position the `*` currently stops at)
    let mut star: Option<(usize, usize)> = None;
    loop {
        let advanced = match tokens.get(t) {
            Some(Token::AnyRun) => {
                star = Some((t + 1, s));
                t += 1;
                true
            }
            Some(Token::AnyOne) => match text.get(s..).and_then(|r| r.chars().next()) {
                Some(c) => {
                    s += c.len_utf8();
                    t += 1;
                    true
                }
                None => false,
            },
            Some(Token::Text(lit)) => {
                if text.get(s..).is_some_and(|r| r.starts_with(lit.as_str())) {
                    s += lit.len();
                    t += 1;
                    true
                } else {
                    false
                }
            }
            None => {
                if s == text.len() {
                    return true;
                }
                false
            }
        };
        if advanced {
            continue;
        }
        match star {
            Some((after, from)) => match text.get(from..).and_then(|r| r.chars().next()) {
                Some(c) => {
                    let next = from + c.len_utf8();
                    star = Some((after, next));
                    t = after;
                    s = next;
                }
                None => return false,
            },
            None => return false,
        }
    }
}

/// Sorts `items` stably by `compare`, like `slice::sort_by`, through one sort of positions that
/// every caller shares: `sort_by` is compiled again for each element type and comparison, a few
/// kilobytes of the page's download each time, where this costs one short move per type.
/// For the short lists the project sorts (diagnostics, fixes, rules, groups).
pub fn sort_stable_by<T>(items: &mut Vec<T>, compare: impl Fn(&T, &T) -> std::cmp::Ordering) {
    if items.len() < 2 {
        return;
    }
    let order = {
        let items = &items[..];
        stable_order(items.len(), &|a, b| match (items.get(a), items.get(b)) {
            (Some(x), Some(y)) => compare(x, y),
            _ => std::cmp::Ordering::Equal,
        })
    };
    let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
    items.extend(
        order
            .into_iter()
            .filter_map(|i| slots.get_mut(i).and_then(Option::take)),
    );
}

/// The positions `0..len` in the stable order `compare` gives them (the one sort behind
/// [`sort_stable_by`]).
#[inline(never)]
fn stable_order(len: usize, compare: &dyn Fn(usize, usize) -> std::cmp::Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_by(|&a, &b| compare(a, b));
    order
}

#[cfg(test)]
mod tests {
    #[test]
    fn printable_escapes_every_control_character_but_line_ends_and_tabs() {
        use super::printable;
        assert!(matches!(
            printable("plain\ttext\n"),
            std::borrow::Cow::Borrowed("plain\ttext\n")
        ));
        assert_eq!(
            printable("a\u{1b}[2Jb\rc\u{7}d\u{7f}e\u{9b}f"),
            "a\\u{1b}[2Jb\\rc\\u{7}d\\u{7f}e\\u{9b}f"
        );
        assert_eq!(printable("é ✓"), "é ✓");
    }

    /// Of equally close candidates `did_you_mean` gives the first, and `did_you_mean_least` the
    /// least by text and tag, exact matches (the same letters in another case) included.
    #[test]
    fn ties_go_to_the_first_or_to_the_least() {
        assert_eq!(
            did_you_mean("Sourcevpc", &["SourceVpc", "sourcevpc"]),
            Some("SourceVpc")
        );
        assert_eq!(
            did_you_mean("Sourcevpx", &["SourceVpc", "sourcevpc"]),
            Some("SourceVpc")
        );
        for candidates in [
            [("sourcevpc", 2), ("SourceVpc", 1), ("SourceVpc", 0)],
            [("SourceVpc", 0), ("sourcevpc", 2), ("SourceVpc", 1)],
        ] {
            assert_eq!(
                did_you_mean_least("Sourcevpc", candidates),
                Some(("SourceVpc", 0))
            );
            assert_eq!(
                did_you_mean_least("Sourcevpx", candidates),
                Some(("SourceVpc", 0))
            );
        }
        // a closer candidate wins over a lesser one
        assert_eq!(
            did_you_mean_least("SourceVpcx", [("SourceVp", 0), ("SourceVpce", 1)]),
            Some(("SourceVpce", 1))
        );
        assert_eq!(did_you_mean_least("zzzzzzzz", [("SourceVpc", 0)]), None);
    }

    #[test]
    fn decimal_writes_what_display_writes() {
        for n in [0, 1, 9, 10, 42, 99, 100, 12_345, 4_294_967_295, usize::MAX] {
            assert_eq!(super::decimal(n).as_str(), n.to_string());
            assert_eq!(super::decimal(n).as_bytes(), n.to_string().as_bytes());
        }
    }

    use super::*;

    #[test]
    fn did_you_mean_picks_what_the_full_distance_picks() {
        // What the bounds promise: the first candidate of the smallest distance, among those
        // within a third of their length (one to four edits).
        fn reference<'c>(word: &str, candidates: &[&'c str]) -> Option<&'c str> {
            let mut best: Option<(usize, &str)> = None;
            for &c in candidates {
                let d = full_distance(word, c);
                let limit = (c.len() / 3).clamp(1, MAX_TYPO_DISTANCE);
                if d <= limit && best.is_none_or(|(b, _)| d < b) {
                    best = Some((d, c));
                }
            }
            best.map(|(_, c)| c)
        }
        let names = [
            "CreateTrainingJob",
            "CreateTransformJob",
            "DescribeTrainingJob",
            "StopTrainingJob",
            "CreateEndpoint",
            "CreateEndpointConfig",
            "DeleteEndpoint",
            "InvokeEndpoint",
            "GetObject",
            "PutObject",
            "DeleteObject",
            "ListBucket",
            "GetBucketPolicy",
            "PassRole",
            "CreateServiceLinkedRole",
            "AssumeRole",
            "TagResource",
            "UntagResource",
            "ListTags",
            "aaaa",
            "abab",
            "baba",
            "aabb",
            "Décrire",
            "ÉtéÉté",
            "x",
            "xy",
            "yx",
        ];
        // Typos of every name: each byte dropped, doubled, swapped with the next, replaced.
        let mut words: Vec<String> = names.iter().map(|n| n.to_string()).collect();
        for name in names {
            let b = name.as_bytes();
            for i in 0..b.len() {
                let mut dropped = b.to_vec();
                dropped.remove(i);
                let mut doubled = b.to_vec();
                doubled.insert(i, b[i]);
                let mut replaced = b.to_vec();
                replaced[i] = b'q';
                let mut swapped = b.to_vec();
                if i + 1 < b.len() {
                    swapped.swap(i, i + 1);
                }
                for w in [dropped, doubled, replaced, swapped] {
                    words.extend(String::from_utf8(w).ok());
                }
            }
        }
        words.extend(["", "create", "TRAININGJOB", "createtrainingjobs", "zzzz"].map(String::from));
        for word in &words {
            assert_eq!(
                did_you_mean(word, &names),
                reference(word, &names),
                "{word:?}"
            );
            let reversed: Vec<&str> = names.iter().rev().copied().collect();
            assert_eq!(
                did_you_mean(word, &reversed),
                reference(word, &reversed),
                "{word:?}"
            );
        }
    }

    #[test]
    fn sort_stable_by_orders_as_the_standard_stable_sort() {
        // Pairs (key, serial) with many equal keys: stability shows in the serials' order.
        let mut seed = 0x2545_f491_u32;
        for len in 0..200 {
            let items: Vec<(u32, usize)> = (0..len)
                .map(|serial| {
                    seed ^= seed << 13;
                    seed ^= seed >> 17;
                    seed ^= seed << 5;
                    (seed % 7, serial)
                })
                .collect();
            let mut ours = items.clone();
            sort_stable_by(&mut ours, |a, b| a.0.cmp(&b.0));
            let mut std = items;
            std.sort_by_key(|a| a.0);
            assert_eq!(ours, std, "{len} items");
        }
        // Owned values (no copies made) in reverse order.
        let mut words: Vec<String> = ["b", "a", "c", "a"].iter().map(|w| w.to_string()).collect();
        sort_stable_by(&mut words, |a, b| b.cmp(a));
        assert_eq!(words, ["c", "b", "a", "a"]);
    }

    /// The plain Levenshtein distance (every cell), case-insensitive.
    fn full_distance(a: &str, b: &str) -> usize {
        let (a, b) = (
            a.to_ascii_lowercase().into_bytes(),
            b.to_ascii_lowercase().into_bytes(),
        );
        let mut prev: Vec<usize> = (0..=b.len()).collect();
        for (i, ca) in a.iter().enumerate() {
            let mut cur = vec![i + 1; b.len() + 1];
            for (j, cb) in b.iter().enumerate() {
                cur[j + 1] = (prev[j] + usize::from(ca != cb))
                    .min(prev[j + 1] + 1)
                    .min(cur[j] + 1);
            }
            prev = cur;
        }
        prev[b.len()]
    }

    #[test]
    fn the_banded_distance_agrees_with_the_full_one_within_its_limit() {
        // Words over a small alphabet (so that distances are often small), every pair of a
        // seeded list, every limit: the band gives the distance when it is within the limit and
        // `None` otherwise.
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let words: Vec<String> = (0..120)
            .map(|_| {
                let len = (next() % 12) as usize;
                (0..len)
                    .map(|_| ["a", "b", "C", "d"][(next() % 4) as usize])
                    .collect()
            })
            .collect();
        let mut rows = (Vec::new(), Vec::new());
        for a in &words {
            let lower = a.to_ascii_lowercase().into_bytes();
            for b in &words {
                let want = full_distance(a, b);
                for limit in 0..=5 {
                    let got = bounded_distance(&lower, b.as_bytes(), limit, &mut rows);
                    assert_eq!(
                        got,
                        (want <= limit).then_some(want),
                        "{a:?} {b:?} limit {limit}"
                    );
                }
            }
        }
    }

    /// The tokens of a pattern over `*`, `?` and literal characters.
    fn tokens(pattern: &str) -> Vec<Token> {
        let mut out = Vec::new();
        for c in pattern.chars() {
            match c {
                '*' => out.push(Token::AnyRun),
                '?' => out.push(Token::AnyOne),
                c => match out.last_mut() {
                    Some(Token::Text(t)) => t.push(c),
                    _ => out.push(Token::Text(c.to_string())),
                },
            }
        }
        out
    }

    #[test]
    fn star_patterns_match_like_the_general_matcher() {
        // Every pattern of up to five symbols over `a`, `b`, `é` and `*` against every text of up
        // to five characters over `a`, `b` and `é`: the linear path and the backtracking one agree.
        let symbols = ['a', 'b', 'é', '*'];
        let mut patterns = vec![String::new()];
        let mut all_patterns = Vec::new();
        for _ in 0..5 {
            let mut next = Vec::new();
            for p in &patterns {
                for c in symbols {
                    next.push(format!("{p}{c}"));
                }
            }
            all_patterns.extend(next.iter().cloned());
            patterns = next;
        }
        let mut texts = vec![String::new()];
        let mut all_texts = vec![String::new()];
        for _ in 0..5 {
            let mut next = Vec::new();
            for t in &texts {
                for c in ['a', 'b', 'é'] {
                    next.push(format!("{t}{c}"));
                }
            }
            all_texts.extend(next.iter().cloned());
            texts = next;
        }
        let mut checked = 0;
        for p in &all_patterns {
            let toks = tokens(p);
            for t in &all_texts {
                let expected = backtracking_match(&toks, t);
                assert_eq!(glob_match(&toks, t), expected, "{p:?} against {t:?}");
                if toks.len() > 1 {
                    assert_eq!(star_segments_match(&toks, t), Some(expected), "{p:?} {t:?}");
                    checked += 1;
                }
            }
        }
        assert!(checked > 100_000, "{checked}");
    }

    #[test]
    fn question_marks_take_the_general_path() {
        assert_eq!(star_segments_match(&tokens("a*?b"), "axb"), None);
        assert!(glob_match(&tokens("a*?b"), "axb"));
        assert!(!glob_match(&tokens("a*?b"), "ab"));
        assert!(glob_match(
            &tokens("arn:aws:s3:::*/logs/*"),
            "arn:aws:s3:::b/logs/x"
        ));
        assert!(
            !glob_match(&tokens("ab*ba"), "aba"),
            "the tail may not overlap the head"
        );
    }

    #[test]
    fn a_backtracking_star_pattern_takes_linear_steps() {
        // `*aaaa…ab` against `aaaa…a`: the general matcher compares about 4,000 × 4,000 bytes;
        // the linear path finds no `…ab` once. Checked by the path taken, not by the clock.
        let pattern = tokens(&format!("*{}b", "a".repeat(4_000)));
        let text = "a".repeat(8_000);
        assert_eq!(star_segments_match(&pattern, &text), Some(false));
        assert!(!glob_match(&pattern, &text));
        let pattern = tokens(&format!("*{}*", "ab*".repeat(2_000)));
        let text = "ab".repeat(2_000);
        assert_eq!(star_segments_match(&pattern, &text), Some(true));
    }
}
