//! The import directions of ARCHITECTURE.md ("Modules and what each may import"), checked on the
//! sources: a `use crate::…` (or `crate::…` path) that points the wrong way fails here.
#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};

/// (module folder or file under src/, the top-level modules it may name with `crate::`).
const RULES: &[(&str, &[&str])] = &[
    ("text.rs", &[]),
    ("engine", &["engine", "text"]),
    ("catalog", &["catalog", "text"]),
    ("checks.rs", &["checks", "engine", "catalog"]),
    ("api", &["api", "engine", "checks"]),
    (
        "scenario",
        &["scenario", "engine", "catalog", "checks", "text"],
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

#[test]
fn the_engine_and_the_catalog_do_not_import_each_other() {
    // The strongest rule, stated on its own: the engine decides with no AWS names, the catalog
    // knows names with no engine; `checks.rs` joins them.
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for (module, forbidden) in [("engine", "catalog"), ("catalog", "engine")] {
        let mut files = Vec::new();
        rust_files(&src.join(module), &mut files);
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap_or_default();
            assert!(
                !crate_paths(&text).iter().any(|n| n == forbidden),
                "{} imports {forbidden}",
                file.display()
            );
        }
    }
}
