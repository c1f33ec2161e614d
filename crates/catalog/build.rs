//! Writes `service_lines.rs` into `OUT_DIR`: the byte offset of every `S` line of
//! `src/catalog.txt`, so that reading the embedded catalog can step from one service's first
//! action straight to the next service, leaving each service's `A` lines (four lines in five)
//! unread until they are asked for. `Catalog::parse`, which reads any text, finds them itself;
//! a test checks that both read the embedded catalog alike.
//!
//! And, for each service, which of the three tag keys (`TAG_KEYS` of `src/lib.rs`, in that
//! order) some of its actions support, so that asking it of every service (a `NotAction` with a
//! tag key does) reads no service's actions; a test checks every service's bits against the
//! catalog's own reading (`Service::supports_key`).
//!
//! And, for native builds only (the browser's download would grow by them): six offsets per
//! line other than an action (`RECORDS`), each service's action lines (`SERVICE_ACTIONS`), the
//! condition keys without a variable part as an open addressing table by FNV-1a of their
//! lowercase text (`KEY_SLOTS`) and the distinct templated keys in order (`TEMPLATE_KEYS`), so
//! that the command line's start-up reads no line of the text; a test checks that this reading
//! and the line-by-line ones agree on every service, resource type and key.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=src/catalog.txt");
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=src/rules.rs");
    let text = match std::fs::read_to_string("src/catalog.txt") {
        Ok(text) => text,
        Err(e) => {
            println!("cargo:warning=cannot read src/catalog.txt: {e}");
            std::process::exit(1);
        }
    };
    let mut offsets = Vec::new();
    // Natively (not for the browser, whose download the table would grow): every line other
    // than an action, comment or blank one, as six offsets: its start, the ends of its first
    // four fields (the line's end for a field it lacks) and its end; and each service's action
    // lines, from the first to the next `S` line.
    let native = std::env::var("CARGO_CFG_TARGET_ARCH").map_or(true, |a| a != "wasm32");
    let mut records: Vec<usize> = Vec::new();
    // The condition keys (`G` and `K` lines), in the catalog's order.
    let mut keys: Vec<&str> = Vec::new();
    let mut actions: Vec<(usize, usize)> = Vec::new();
    // per service: the tag keys its actions support (bit i for TAG_KEYS[i])
    let mut tag_keys: Vec<u8> = Vec::new();
    // the current service's resource types, with the tag keys each lists
    let mut types: Vec<(&str, u8)> = Vec::new();
    let mut at = 0usize;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches('\n');
        if body.starts_with("A\t") {
            if let Some(last) = actions.last_mut() {
                if last.0 == usize::MAX {
                    last.0 = at;
                }
            }
        } else if !body.is_empty() && !body.starts_with('#') {
            records.push(at);
            let mut tabs = body.match_indices('\t').map(|(i, _)| at + i);
            for _ in 0..4 {
                records.push(tabs.next().unwrap_or(at + body.len()));
            }
            records.push(at + body.len());
        }
        if body.starts_with("S\t") {
            if let Some(last) = actions.last_mut() {
                last.1 = at;
            }
            actions.push((usize::MAX, text.len()));
        }
        if body.starts_with("G\t") || body.starts_with("K\t") {
            keys.push(body.split('\t').nth(1).unwrap_or(""));
        }
        let mut fields = body.split('\t');
        match fields.next() {
            Some("S") => {
                offsets.push(at);
                tag_keys.push(0);
                types.clear();
            }
            Some("R") => {
                let name = fields.next().unwrap_or("");
                let keys = fields.nth(1).unwrap_or("");
                types.push((name, tag_bits(keys)));
            }
            Some("A") => {
                // name, access levels, resource types, the action's own keys
                let resource_types = fields.nth(2).unwrap_or("");
                let mut bits = tag_bits(fields.next().unwrap_or(""));
                for entry in resource_types.split(',') {
                    let (head, keys) = entry.split_once('=').unwrap_or((entry, ""));
                    let name = head.strip_suffix('*').unwrap_or(head);
                    bits |= tag_bits(keys);
                    bits |= types
                        .iter()
                        .find(|(n, _)| *n == name)
                        .map_or(0, |(_, b)| *b);
                }
                if let Some(last) = tag_keys.last_mut() {
                    *last |= bits;
                }
            }
            _ => {}
        }
        at += line.len();
    }
    // The condition keys' index, natively: the keys without a variable part in an open
    // addressing table by the FNV-1a hash of their lowercase text (the first listed of equal
    // ones), and the distinct templated ones sorted by their lowercase text.
    if keys.len() >= usize::from(u16::MAX) {
        println!("cargo:warning=too many condition keys for the u16 index");
        std::process::exit(1);
    }
    let mut seen = std::collections::HashSet::new();
    let mut exact: Vec<(String, usize)> = Vec::new();
    let mut templated = std::collections::BTreeMap::new();
    for (i, key) in keys.iter().enumerate() {
        let lower = key.to_ascii_lowercase();
        if is_templated_key(key) {
            templated.entry(lower).or_insert(i);
        } else if seen.insert(lower.clone()) {
            exact.push((lower, i));
        }
    }
    let size = (exact.len() * 2).next_power_of_two();
    let mut slots = vec![usize::from(u16::MAX); size];
    for (lower, i) in &exact {
        let mut at = (fnv1a(lower.as_bytes()) as usize) & (size - 1);
        while slots[at] != usize::from(u16::MAX) {
            at = (at + 1) & (size - 1);
        }
        slots[at] = *i;
    }
    let actions = actions.iter().flat_map(|&(start, end)| {
        if start == usize::MAX {
            [0, 0]
        } else {
            [start, end]
        }
    });
    // The browser's build gets empty native tables (`if native`).
    let native_only = |v: Vec<usize>| if native { v } else { Vec::new() };
    let mut out = String::new();
    for (doc, name, ty, values) in [
        (
            "The byte offset of every `S` line of `catalog.txt`, in order.",
            "SERVICE_LINES",
            "u32",
            offsets,
        ),
        (
            "By service (in `S` line order), bit `i` set when some action supports `TAG_KEYS[i]`.",
            "SERVICE_TAG_KEYS",
            "u8",
            tag_keys.into_iter().map(usize::from).collect(),
        ),
        (
            "Natively, every record line other than an action: start, the ends of its first four \
             fields, end (empty for wasm).",
            "RECORDS",
            "u32",
            native_only(records),
        ),
        (
            "Natively, by service, the start and end of its action lines (empty for wasm).",
            "SERVICE_ACTIONS",
            "u32",
            native_only(actions.collect()),
        ),
        (
            "Natively, the condition keys without a variable part by the FNV-1a hash of their \
             lowercase text, probed linearly, `u16::MAX` an empty slot (empty for wasm).",
            "KEY_SLOTS",
            "u16",
            native_only(slots),
        ),
        (
            "Natively, the distinct templated condition keys, by their lowercase text (empty for \
             wasm).",
            "TEMPLATE_KEYS",
            "u16",
            native_only(templated.into_values().collect()),
        ),
    ] {
        let _ = write!(
            out,
            "/// {doc} (Written by `build.rs`.)\nconst {name}: &[{ty}] = &["
        );
        for v in values {
            let _ = write!(out, "{v},");
        }
        out.push_str("];\n");
    }
    let dir = std::env::var_os("OUT_DIR").unwrap_or_default();
    if let Err(e) = std::fs::write(Path::new(&dir).join("service_lines.rs"), out) {
        println!("cargo:warning=cannot write service_lines.rs: {e}");
        std::process::exit(1);
    }
}

/// `src/lib.rs`'s `TAG_KEYS`, as the catalog writes them.
const TAG_KEYS: [&str; 3] = [
    "aws:RequestTag/${TagKey}",
    "aws:ResourceTag/${TagKey}",
    "aws:TagKeys",
];

/// The bits of the tag keys in a space-separated list of condition keys.
fn tag_bits(keys: &str) -> u8 {
    let mut bits = 0;
    for key in keys.split(' ') {
        for (i, tag) in TAG_KEYS.iter().enumerate() {
            if key.eq_ignore_ascii_case(tag) {
                bits |= 1 << i;
            }
        }
    }
    bits
}

// `fnv1a` and `is_templated_key`, shared with the crate.
include!("src/rules.rs");
