//! Small text helpers that depend on nothing else in the crate: the "did you mean" search (a
//! bounded edit distance), quoted lists for messages, and glob matching over wildcard tokens.
//! The engine and the catalog both use them; this module imports neither.

#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![warn(missing_docs)]

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
    if word.len() > MAX_COMPARED_LEN {
        return None;
    }
    let word: Vec<u8> = word.bytes().map(|b| b.to_ascii_lowercase()).collect();
    let mut rows = (
        Vec::with_capacity(MAX_COMPARED_LEN + 2),
        Vec::with_capacity(MAX_COMPARED_LEN + 2),
    );
    let mut best: Option<(usize, &'c str)> = None;
    for candidate in candidates {
        let limit = (candidate.len() / 3).clamp(1, MAX_TYPO_DISTANCE);
        let limit = best.map_or(limit, |(d, _)| limit.min(d.saturating_sub(1)));
        if candidate.len().abs_diff(word.len()) > limit || candidate.len() > MAX_COMPARED_LEN {
            continue;
        }
        if let Some(d) = bounded_distance(&word, candidate.as_bytes(), limit, &mut rows) {
            best = Some((d, candidate));
        }
    }
    best.map(|(_, c)| c)
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
fn bounded_distance(
    a: &[u8],
    b: &[u8],
    limit: usize,
    rows: &mut (Vec<usize>, Vec<usize>),
) -> Option<usize> {
    let (prev, cur) = rows;
    prev.clear();
    prev.extend(0..=b.len());
    cur.clear();
    cur.resize(b.len() + 1, 0);
    for (i, &ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        let mut row_min = cur[0];
        for (j, &cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb.to_ascii_lowercase());
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
            row_min = row_min.min(cur[j + 1]);
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

/// Matches `text` against wildcard `tokens`. Runs in O(tokens × text): on a mismatch it only ever
/// returns to the most recent `*`, which is enough for glob patterns and cannot blow up.
pub fn glob_match(tokens: &[Token], text: &str) -> bool {
    match tokens {
        [] => return text.is_empty(),
        [Token::AnyRun] => return true,
        [Token::Text(t)] => return t == text,
        _ => {}
    }
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
