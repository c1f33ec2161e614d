//! Finding the first byte of a kind in a slice, eight bytes per step (SWAR: "SIMD within a
//! register", portable to every target, the wasm one included).
//!
//! A search reads the slice as little-endian `u64` words. [`below`] and [`equal`] mark the bytes
//! of a word that are of the kind with their high bit (`0x80`); a word without marks is skipped
//! whole. The marks are exact for the lowest marked byte (a borrow only travels upwards, from a
//! byte that is itself of the kind), which is the only one [`find`] reads. The last bytes of the
//! slice (fewer than eight) are tested one by one.
//!
//! On x86-64 (the native command line), [`json_string_stop`], which every JSON string read or
//! written goes through, first takes sixteen bytes a step with SSE2 (the only `unsafe` of the
//! crate: one unaligned load per step, inside the slice), then the last bytes as above.

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// Marks the bytes of `word` whose value is below `n` (`n` at most 128).
#[inline]
pub fn below(word: u64, n: u8) -> u64 {
    debug_assert!(n <= 128);
    word.wrapping_sub(ONES * u64::from(n)) & !word & HIGHS
}

/// Marks the bytes of `word` equal to `byte`.
#[inline]
pub fn equal(word: u64, byte: u8) -> u64 {
    below(word ^ (ONES * u64::from(byte)), 1)
}

/// The offset of the first byte of `bytes` that is of a kind: `marks` marks the bytes of that
/// kind in a word (built from [`below`] and [`equal`]), `is` says the same of one byte (for the
/// last bytes). Both must describe the same kind.
#[inline]
pub fn find(bytes: &[u8], marks: impl Fn(u64) -> u64, is: impl Fn(u8) -> bool) -> Option<usize> {
    let mut chunks = bytes.chunks_exact(8);
    let mut offset = 0;
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let found = marks(u64::from_le_bytes(word));
        if found != 0 {
            return Some(offset + (found.trailing_zeros() / 8) as usize);
        }
        offset += 8;
    }
    chunks
        .remainder()
        .iter()
        .position(|&b| is(b))
        .map(|i| offset + i)
}

/// The offset of the first `byte` in `bytes` (a line end, say).
#[inline]
pub fn find_byte(bytes: &[u8], byte: u8) -> Option<usize> {
    find(bytes, |w| equal(w, byte), |b| b == byte)
}

/// Whether `needle` occurs in `haystack`: each place of its first byte found eight bytes a step
/// ([`find_byte`]), the rest compared there. For the few-byte needles a policy's every string is
/// searched for (`${`, `source`): the standard library's substring search costs more to set up
/// than such a string costs to read. (One copy in the page's bundle, called where it is used.)
#[cfg_attr(not(target_arch = "wasm32"), inline)]
#[cfg_attr(target_arch = "wasm32", inline(never))]
pub fn contains(haystack: &str, needle: &str) -> bool {
    find_str(haystack, needle).is_some()
}

/// `haystack.find(needle)`, found as [`contains`] finds it: where `needle` first occurs.
#[cfg_attr(not(target_arch = "wasm32"), inline)]
#[cfg_attr(target_arch = "wasm32", inline(never))]
pub fn find_str(haystack: &str, needle: &str) -> Option<usize> {
    let (haystack, needle) = (haystack.as_bytes(), needle.as_bytes());
    let Some((&first, rest)) = needle.split_first() else {
        return Some(0);
    };
    let mut from = 0;
    while let Some(at) = haystack.get(from..).and_then(|h| find_byte(h, first)) {
        let start = from + at;
        if haystack.get(start + 1..start + 1 + rest.len()) == Some(rest) {
            return Some(start);
        }
        from = start + 1;
    }
    None
}

/// `text.split_once(sep)` for an ASCII `sep`, found eight bytes a step (the standard
/// library's character search costs more to set up than a short field costs to read: an ARN's
/// partition, an action's service). (One copy in the page's bundle, called where it is used.)
#[cfg_attr(not(target_arch = "wasm32"), inline)]
#[cfg_attr(target_arch = "wasm32", inline(never))]
pub fn split_once_byte(text: &str, sep: u8) -> Option<(&str, &str)> {
    debug_assert!(sep.is_ascii());
    let at = find_byte(text.as_bytes(), sep)?;
    // `sep` is ASCII: both sides of it are character boundaries
    Some((text.get(..at)?, text.get(at + 1..)?))
}

/// The offset of the first byte a JSON string cannot hold as itself: a quote, a backslash or a
/// control character. Where a reader's run of plain characters ends, and where a writer must
/// escape.
#[inline]
pub fn json_string_stop(bytes: &[u8]) -> Option<usize> {
    #[cfg(target_arch = "x86_64")]
    {
        match sse2::json_string_stop(bytes) {
            Ok(at) => Some(at),
            Err(tail) => json_string_stop_swar(bytes.get(tail..)?).map(|at| tail + at),
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    json_string_stop_swar(bytes)
}

/// [`json_string_stop`], eight bytes a step.
#[inline]
fn json_string_stop_swar(bytes: &[u8]) -> Option<usize> {
    find(
        bytes,
        |w| equal(w, b'"') | equal(w, b'\\') | below(w, 0x20),
        |b| b == b'"' || b == b'\\' || b < 0x20,
    )
}

/// Sixteen bytes a step with SSE2, which every x86-64 processor has (the native command line's
/// target; the page's wasm build reads eight a step).
#[cfg(target_arch = "x86_64")]
mod sse2 {
    use core::arch::x86_64::{
        __m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_max_epu8, _mm_movemask_epi8, _mm_or_si128,
        _mm_set1_epi8,
    };

    /// [`super::json_string_stop`] over the whole steps of sixteen bytes: `Ok` with the offset
    /// found, or `Err` with where the last bytes (fewer than sixteen, not searched) start.
    #[inline]
    pub(super) fn json_string_stop(bytes: &[u8]) -> Result<usize, usize> {
        let mut offset = 0;
        let mut steps = bytes.chunks_exact(16);
        for step in &mut steps {
            // SAFETY: SSE2 is in every x86-64 processor (the target's baseline), and the load
            // reads the sixteen bytes of `step` (unaligned loads are allowed).
            let mask = unsafe {
                let v = _mm_loadu_si128(step.as_ptr().cast::<__m128i>());
                let highest_control = _mm_set1_epi8(0x1f);
                // a byte is at most 0x1f when the larger of it and 0x1f is 0x1f (unsigned)
                let control = _mm_cmpeq_epi8(_mm_max_epu8(v, highest_control), highest_control);
                let quote = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'"' as i8));
                let backslash = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'\\' as i8));
                _mm_movemask_epi8(_mm_or_si128(_mm_or_si128(quote, backslash), control))
            };
            if mask != 0 {
                return Ok(offset + mask.trailing_zeros() as usize);
            }
            offset += 16;
        }
        Err(offset)
    }
}

/// The offset of the first line end (`\n`) or non-ASCII byte: `None` for one line of ASCII
/// text (a batch's case), which a line index then reads in this one pass.
#[inline]
pub fn line_end_or_non_ascii(bytes: &[u8]) -> Option<usize> {
    find(
        bytes,
        |w| equal(w, b'\n') | (w & HIGHS),
        |b| b == b'\n' || !b.is_ascii(),
    )
}

/// What `text.splitn(N, sep)` yields, without a list: the first fields, each ended by `sep`,
/// and the rest of the text (separators kept) in the last one, with how many fields there are
/// (fewer than `N` when `text` holds fewer than `N - 1` separators; the slots past that count
/// are empty). `sep` must be an ASCII byte. For ARNs (`splitn(6, ':')`), read on every request.
pub fn split_fields<const N: usize>(text: &str, sep: u8) -> ([&str; N], usize) {
    debug_assert!(sep.is_ascii() && N > 0);
    let mut fields = [""; N];
    let mut start = 0;
    let mut count = 0;
    while count + 1 < N {
        let Some(at) = text
            .as_bytes()
            .get(start..)
            .and_then(|rest| find_byte(rest, sep))
        else {
            break;
        };
        // `sep` is ASCII: both ends are character boundaries.
        fields[count] = text.get(start..start + at).unwrap_or("");
        count += 1;
        start += at + 1;
    }
    if let Some(last) = fields.get_mut(count) {
        *last = text.get(start..).unwrap_or("");
        count += 1;
    }
    (fields, count)
}

/// `text.split(sep).nth(n)` for an ASCII `sep`: the field `n` (from 0), found eight bytes a
/// step. For an ARN's account (`nth_field(arn, b':', 4)`), read on every request. (One copy
/// in the page's bundle, called where it is used.)
#[cfg_attr(not(target_arch = "wasm32"), inline)]
#[cfg_attr(target_arch = "wasm32", inline(never))]
pub fn nth_field(text: &str, sep: u8, n: usize) -> Option<&str> {
    fields(text, sep).nth(n)
}

/// `text.split(sep)` for an ASCII `sep`, each field found eight bytes a step: the catalog's
/// lists (condition keys, resource types), walked for every action a key is checked against.
#[inline]
pub fn fields(text: &str, sep: u8) -> Fields<'_> {
    debug_assert!(sep.is_ascii());
    Fields {
        rest: Some(text),
        sep,
    }
}

/// The iterator of [`fields`].
#[derive(Clone, Debug)]
pub struct Fields<'a> {
    /// What is left to split; `None` once the last field is given.
    rest: Option<&'a str>,
    sep: u8,
}

impl<'a> Iterator for Fields<'a> {
    type Item = &'a str;

    #[cfg_attr(not(target_arch = "wasm32"), inline)]
    #[cfg_attr(target_arch = "wasm32", inline(never))]
    fn next(&mut self) -> Option<&'a str> {
        let rest = self.rest?;
        match find_byte(rest.as_bytes(), self.sep) {
            Some(at) => {
                // `sep` is ASCII: both sides of it are character boundaries
                self.rest = rest.get(at + 1..);
                rest.get(..at)
            }
            None => self.rest.take(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::json_string_stop as stop;
    use super::*;

    #[test]
    fn finds_the_first_byte_of_the_kind_at_every_place_and_length() {
        // Every length up to five words (two steps of sixteen bytes of the x86-64 search and
        // the bytes after them), the wanted byte at every place, after bytes that sit just
        // beside the kind (0x20, 0x21, 0x23, 0x5b, 0x5d, 0x7f, 0x80, 0xff; a wrong borrow, a
        // signed comparison or a wrong constant would mark them).
        let fillers = [0x20u8, 0x21, 0x23, 0x5b, 0x5d, 0x7f, 0x80, 0xff, b'a'];
        for len in 0..40 {
            for &fill in &fillers {
                let mut bytes = vec![fill; len];
                assert_eq!(stop(&bytes), None, "{len} bytes of {fill:#x}");
                for at in 0..len {
                    for wanted in [b'"', b'\\', 0x00, 0x1f, b'\n'] {
                        bytes[at] = wanted;
                        // A second one later must not win.
                        if at + 3 < len {
                            bytes[at + 3] = b'"';
                        }
                        assert_eq!(stop(&bytes), Some(at), "{wanted:#x} at {at} of {len}");
                        bytes.fill(fill);
                    }
                }
            }
        }
    }

    #[test]
    fn contains_and_find_str_say_what_the_standard_search_says() {
        let texts = [
            "",
            "$",
            "${",
            "$$${aws:username}",
            "arn:aws:s3:::b/${aws:username}/*",
            "arn:aws:s3:::b/$x{y}",
            "aws:sourcearn",
            "aws:sourc",
            "kms:encryptioncontext:aws:cloudtrail:arn",
            "ssssource",
            "é${ü}",
            "abcdefghijklmnopqrstuvwxyz${",
        ];
        for text in texts {
            for needle in ["", "$", "${", "source", "arn", "account", "{", "ü}", "z${"] {
                assert_eq!(
                    contains(text, needle),
                    text.contains(needle),
                    "{needle:?} in {text:?}"
                );
                assert_eq!(
                    find_str(text, needle),
                    text.find(needle),
                    "{needle:?} in {text:?}"
                );
            }
        }
    }

    #[test]
    fn line_end_or_non_ascii_finds_the_first_of_either() {
        for text in [
            "",
            "plain",
            "a\nb",
            "é",
            "abcdefghijklmnop\n",
            "abcdefghijklmnopé\n",
        ] {
            let expected = text.bytes().position(|b| b == b'\n' || !b.is_ascii());
            assert_eq!(line_end_or_non_ascii(text.as_bytes()), expected, "{text:?}");
        }
    }

    #[test]
    fn nth_field_and_fields_give_what_split_gives() {
        let texts = [
            "",
            ":",
            "::::::::",
            "a",
            "arn:aws:iam::111122223333:role/a:b:c",
            "arn:aws:s3:::amzn-s3-demo-bucket/*",
            "é:ü::x",
            "a b  c ",
            "abcdefghijklmnopqrstuvwxyz:abcdefghijklmnopqrstuvwxyz",
        ];
        for text in texts {
            for sep in [b':', b' '] {
                let expected: Vec<&str> = text.split(sep as char).collect();
                assert_eq!(fields(text, sep).collect::<Vec<_>>(), expected, "{text:?}");
                for n in 0..10 {
                    assert_eq!(
                        nth_field(text, sep, n),
                        text.split(sep as char).nth(n),
                        "{n} of {text:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn split_fields_yields_what_splitn_yields() {
        let texts = [
            "",
            ":",
            "::::::::",
            "arn:aws:iam::111122223333:role/a:b:c",
            "arn:aws:sts::111122223333:assumed-role/r/s",
            "no separator",
            "a:b",
            "é:ü:ß:€:😀:x:y",
            "arn:aws:s3:::bucket/key:with:colons",
        ];
        fn check<const N: usize>(text: &str) {
            let (fields, count) = split_fields::<N>(text, b':');
            let expected: Vec<&str> = text.splitn(N, ':').collect();
            assert_eq!(&fields[..count], expected.as_slice(), "{text:?} in {N}");
            assert!(
                fields[count..].iter().all(|f| f.is_empty()),
                "{text:?} in {N}"
            );
        }
        for text in texts {
            check::<1>(text);
            check::<2>(text);
            check::<3>(text);
            check::<6>(text);
            check::<9>(text);
            assert_eq!(
                split_once_byte(text, b':'),
                text.split_once(':'),
                "{text:?}"
            );
            assert_eq!(
                split_once_byte(text, b'/'),
                text.split_once('/'),
                "{text:?}"
            );
        }
        // the separator at every place of texts up to three words long, after non-ASCII text
        for len in 0..24 {
            for at in 0..=len {
                let mut text = "é".repeat(len);
                text.insert(at * 2, ':');
                assert_eq!(
                    split_once_byte(&text, b':'),
                    text.split_once(':'),
                    "{text:?}"
                );
            }
        }
    }

    #[test]
    fn marks_agree_with_the_byte_test_for_every_byte_value() {
        for b in 0..=255u8 {
            let word = u64::from_le_bytes([b'a', b'a', b'a', b, b'a', b'a', b'a', b'a']);
            assert_eq!(below(word, 0x20) != 0, b < 0x20, "{b:#x}");
            assert_eq!(equal(word, b'\t') != 0, b == b'\t', "{b:#x}");
            assert_eq!(
                stop(&[b'a', b'a', b'a', b, b'a', b'a', b'a', b'a']),
                (b == b'"' || b == b'\\' || b < 0x20).then_some(3)
            );
        }
    }
}
