//! The import directions of ARCHITECTURE.md ("Crates and modules, and what each may import").
//! Between crates the compiler enforces them; this file checks that each crate's manifest lists
//! only the dependencies it may have, and, inside the top-level crate, that a `use crate::…` (or
//! `crate::…` path) pointing the wrong way fails.
#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};

/// (module folder or file under src/, the top-level modules it may name with `crate::`; `engine`,
/// `catalog` and `text` are the crates of `crates/`, re-exported under those names).
const RULES: &[(&str, &[&str])] = &[
    ("checks.rs", &["checks", "engine", "catalog", "text"]),
    ("api", &["api", "engine", "checks", "network", "text"]),
    ("editing", &["editing", "engine", "text"]),
    (
        "scenario",
        &[
            "scenario", "engine", "catalog", "checks", "text", "network", "editing",
        ],
    ),
    (
        "findings.rs",
        &["findings", "engine", "checks", "scenario", "text"],
    ),
    (
        "import",
        &["import", "engine", "editing", "scenario", "checks", "text"],
    ),
];

fn rust_files(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        for entry in std::fs::read_dir(path).into_iter().flatten().flatten() {
            rust_files(&entry.path(), out);
        }
    } else if path.is_file() && path.extension().is_some_and(|e| e == "rs") {
        out.push(path.to_path_buf());
    }
}

/// Every top-level module a file's code names as `crate::NAME` (comments do not count).
fn crate_paths(text: &str) -> Vec<String> {
    let code: String = text
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let mut out = Vec::new();
    let mut rest = code.as_str();
    while let Some(at) = rest.find("crate::") {
        let after = &rest[at + "crate::".len()..];
        let name: String = after
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if !name.is_empty() {
            out.push(name);
        }
        rest = after;
    }
    out
}

#[test]
fn modules_import_only_downward() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut problems = Vec::new();
    for (module, allowed) in RULES {
        let mut files = Vec::new();
        rust_files(&src.join(module), &mut files);
        assert!(!files.is_empty(), "no sources for {module}");
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap_or_default();
            for name in crate_paths(&text) {
                if !allowed.contains(&name.as_str()) {
                    problems.push(format!(
                        "{} names `crate::{name}`, which {module} may not import",
                        file.strip_prefix(&src).unwrap_or(&file).display()
                    ));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// (crate folder under crates/, the dependencies its manifest may list).
const CRATES: &[(&str, &[&str])] = &[
    ("text", &[]),
    // bumpalo: the arena a JSON document's containers are read into (no I/O, no names).
    ("engine", &["policy-playground-text", "bumpalo", "serde"]),
    ("catalog", &["policy-playground-text"]),
    // serde and serde_json behind its `serde` feature: its JSON document, read with the place of
    // its first mistake.
    (
        "network",
        &["policy-playground-text", "serde", "serde_json"],
    ),
];

/// The names under `[dependencies]` (and target-specific dependency tables) of a manifest.
fn dependencies(manifest: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_dependencies = false;
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            in_dependencies = line.ends_with("dependencies]");
            continue;
        }
        if in_dependencies {
            if let Some((name, _)) = line.split_once('=') {
                if !line.starts_with('#') {
                    out.push(name.trim().to_string());
                }
            }
        }
    }
    out
}

#[test]
fn crates_depend_only_downward() {
    // The strongest rule: the engine decides with no AWS names (no catalog) and no I/O, the
    // catalog knows names with no engine, `text` depends on nothing and `network` (the VPC
    // path, which knows no policy) on `text` alone; `checks.rs` joins engine and catalog. The compiler enforces what the manifests allow.
    let crates = Path::new(env!("CARGO_MANIFEST_DIR")).join("crates");
    let mut found = Vec::new();
    for entry in std::fs::read_dir(&crates).into_iter().flatten().flatten() {
        found.push(entry.file_name().to_string_lossy().to_string());
    }
    found.sort();
    let mut listed: Vec<String> = CRATES.iter().map(|(c, _)| c.to_string()).collect();
    listed.sort();
    assert_eq!(found, listed, "every crate has a rule");
    for (name, allowed) in CRATES {
        let path = crates.join(name).join("Cargo.toml");
        let manifest = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(!manifest.is_empty(), "{} is missing", path.display());
        let listed = dependencies(&manifest);
        if *name != "text" {
            // The reader sees the manifest's dependencies (the rule is not vacuous).
            assert!(
                listed.iter().any(|d| d == "policy-playground-text"),
                "{name}: {listed:?}"
            );
        }
        for dependency in listed {
            assert!(
                allowed.contains(&dependency.as_str()),
                "crates/{name} depends on {dependency}, which it may not"
            );
        }
    }
}
