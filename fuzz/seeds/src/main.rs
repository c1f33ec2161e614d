//! Writes the seed corpus of every fuzz target from the repository: `fuzz-seeds ROOT OUT` reads
//! the decision corpus (`ROOT/tests/corpus`), the policy samples (`ROOT/tests/samples`) and the
//! built-in presets, and writes one file per seed into `OUT/TARGET/` (named after a hash of its
//! content, so running it again writes the same files). `scripts/fuzz.sh` runs it.
//!
//! - `json`: every corpus and sample file as written, and every preset scenario document;
//! - `policy`: every policy text of the corpus cases and samples, after one byte that picks the
//!   kind the policy is read as (from the field that holds it);
//! - `simulate`: every corpus case's `input`;
//! - `share_link`: the share link of every preset, and its scenario document (which the target
//!   makes into a link);
//! - `scenario_import`: every preset scenario document, and every network document of the
//!   presets and the corpus cases;
//! - `account_import`: every account export of `ROOT/tests/import`, and its two pages joined by
//!   the target's page separator (U+001E).

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use policy_playground::scenario::{presets, share};
use serde_json::Value;

/// The kinds in the order of the policy target's selector byte.
const KINDS: [&str; 8] = [
    "identity", "endpoint", "resource", "boundary", "scp", "rcp", "session", "trust",
];

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            walk(&path, out);
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
}

struct Seeds {
    out: PathBuf,
    written: usize,
}

impl Seeds {
    fn write(&mut self, target: &str, bytes: &[u8]) {
        let mut h = DefaultHasher::new();
        bytes.hash(&mut h);
        let dir = self.out.join(target);
        std::fs::create_dir_all(&dir).expect("create the seed folder");
        let path = dir.join(format!("{:016x}", h.finish()));
        if !path.exists() {
            std::fs::write(&path, bytes).expect("write a seed");
            self.written += 1;
        }
    }

    fn policy(&mut self, kind: &str, text: &str) {
        let selector = KINDS.iter().position(|k| *k == kind).unwrap_or(0) as u8;
        let mut bytes = vec![selector];
        bytes.extend_from_slice(text.as_bytes());
        self.write("policy", &bytes);
    }
}

/// The kind of policy a field holds, from its name (`identityPolicies`, `endpointPolicy`,
/// `permissionsBoundary`, `scps`, ...).
fn kind_of(field: &str) -> &'static str {
    let f = field.to_ascii_lowercase();
    for (word, kind) in [
        ("endpoint", "endpoint"),
        ("boundary", "boundary"),
        ("scp", "scp"),
        ("rcp", "rcp"),
        ("session", "session"),
        ("trust", "trust"),
        ("resource", "resource"),
    ] {
        if f.contains(word) {
            return kind;
        }
    }
    "identity"
}

/// Every policy under `value` (an object with a `Statement`, or a string holding one), with the
/// kind its nearest field name says.
fn policies(value: &Value, field: &str, seeds: &mut Seeds) {
    match value {
        Value::Object(map) if map.contains_key("Statement") => {
            let text = serde_json::to_string_pretty(value).unwrap_or_default();
            seeds.policy(kind_of(field), &text);
        }
        Value::Object(map) => {
            for (k, v) in map {
                // The nearest field that names a kind decides (`scps` over `text`).
                let named = kind_of(k) != "identity" || k.to_ascii_lowercase().contains("polic");
                policies(v, if named { k } else { field }, seeds);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| policies(v, field, seeds)),
        Value::String(s) if s.contains("Statement") => seeds.policy(kind_of(field), s),
        _ => {}
    }
}

/// Every `network` document under `value`.
fn networks(value: &Value, seeds: &mut Seeds) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                if k == "network" && v.is_object() {
                    let text = serde_json::to_string_pretty(v).unwrap_or_default();
                    seeds.write("scenario_import", text.as_bytes());
                }
                networks(v, seeds);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| networks(v, seeds)),
        _ => {}
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, root, out] = args.as_slice() else {
        eprintln!("usage: fuzz-seeds ROOT OUT");
        std::process::exit(2);
    };
    let root = Path::new(root);
    let mut seeds = Seeds {
        out: PathBuf::from(out),
        written: 0,
    };

    let mut files = Vec::new();
    walk(&root.join("tests/corpus"), &mut files);
    let cases = files.len();
    walk(&root.join("tests/samples"), &mut files);
    for (i, path) in files.iter().enumerate() {
        let text = std::fs::read_to_string(path).expect("read a corpus file");
        seeds.write("json", text.as_bytes());
        let Ok(value) = serde_json::from_str::<Value>(&text) else {
            continue;
        };
        if i < cases {
            if let Some(input) = value.get("input") {
                let text = serde_json::to_string_pretty(input).unwrap_or_default();
                seeds.write("simulate", text.as_bytes());
                policies(input, "identityPolicies", &mut seeds);
                networks(input, &mut seeds);
            }
        } else {
            // A sample is one policy; its folder names the kind.
            let folder = path
                .parent()
                .and_then(Path::file_name)
                .and_then(|f| f.to_str())
                .unwrap_or("identity");
            let kind = if folder == "mistakes" {
                path.file_name()
                    .and_then(|f| f.to_str())
                    .map_or("identity", |f| kind_of(f.split('-').next().unwrap_or("")))
            } else {
                kind_of(folder)
            };
            seeds.policy(kind, &text);
        }
    }

    for preset in presets::all() {
        let document = serde_json::to_string_pretty(&preset.scenario).expect("a preset serializes");
        seeds.write("json", document.as_bytes());
        seeds.write("scenario_import", document.as_bytes());
        seeds.write("share_link", share::encode(&preset.scenario).as_bytes());
        // The target makes a link of an input that starts with `{`.
        seeds.write("share_link", document.as_bytes());
        let value: Value = serde_json::from_str(&document).expect("a preset reads back");
        networks(&value, &mut seeds);
        policies(&value, "identityPolicies", &mut seeds);
    }
    let exports = root.join("tests/import");
    let read = |name: &str| std::fs::read_to_string(exports.join(name)).unwrap_or_default();
    for name in ["object.json", "string.json", "urlencoded.json", "unresolved.json"] {
        seeds.write("account_import", read(name).as_bytes());
    }
    let pages = format!("{}\u{1e}{}", read("page1.json"), read("page2.json"));
    seeds.write("account_import", pages.as_bytes());
    eprintln!(
        "fuzz-seeds: {} files read, {} presets, {} new seeds in {}",
        files.len(),
        presets::PRESET_IDS.len(),
        seeds.written,
        seeds.out.display()
    );
}
