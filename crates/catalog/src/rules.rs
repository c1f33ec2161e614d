// The rules `build.rs` and the crate share: `build.rs` includes this file (`include!`), the crate
// has it as a module, so that the tables `build.rs` writes and the crate's reading of them agree
// by construction. Plain functions of bytes, no dependencies.

/// FNV-1a of `bytes` lowercased (ASCII), without a lowercase copy: the hash `build.rs` lays out
/// the tables of condition keys (`KEY_SLOTS`) and actions (`ACTION_SLOTS`) with, and the crate
/// looks a name up by, in any case.
pub(crate) fn fnv1a_lowercase(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h = (h ^ u64::from(b.to_ascii_lowercase())).wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// An empty slot of the actions' table (`ACTION_SLOTS`).
#[allow(dead_code)] // the browser's build has no such table
pub(crate) const NO_ACTION: u32 = u32::MAX;

/// True when a condition key has a variable part: `${TagKey}`, `<key>`, or, as some services
/// write it, a trailing `/tag-key` or a bare trailing `/` (`secretsmanager:ResourceTag/tag-key`,
/// `glacier:ResourceTag/`).
pub(crate) fn is_templated_key(key: &str) -> bool {
    // Bytes, not `str::contains("${")`: the catalog asks this of each of its thousands of keys,
    // and a substring searcher costs more to set up than the key to scan.
    let key = key.as_bytes();
    key.windows(2).any(|w| w == b"${")
        || key.contains(&b'<')
        || key.ends_with(b"/")
        || key
            .len()
            .checked_sub(8)
            .and_then(|at| key.get(at..))
            .is_some_and(|end| end.eq_ignore_ascii_case(b"/tag-key"))
}

/// The condition key types as the catalog writes them, in the order of `ConditionKeyType`'s
/// variants: `build.rs` writes a key's type as its place here (`KEY_TABLE`), and the crate
/// reads both the names and the places with it.
pub(crate) const KEY_TYPE_NAMES: [&str; 9] = [
    "String",
    "ArrayOfString",
    "ARN",
    "ArrayOfARN",
    "Bool",
    "ArrayOfBool",
    "Numeric",
    "Date",
    "IPAddress",
];

/// The access levels written as letters (`W`, `PW`: see the format in `src/lib.rs`) as bits, one
/// per level in the order of `AccessLevel`'s variants (`L`, `P`, `R`, `T`, `W`); `None` for an
/// unknown letter or no letter at all.
pub(crate) fn access_bits(letters: &str) -> Option<u8> {
    let mut bits = 0u8;
    for b in letters.bytes() {
        bits |= match b {
            b'L' => 1,
            b'P' => 2,
            b'R' => 4,
            b'T' => 8,
            b'W' => 16,
            _ => return None,
        };
    }
    (bits != 0).then_some(bits)
}
