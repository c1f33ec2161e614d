//! The diagnostic codes are one list: the engine's `Code` enum, the table of
//! `docs/diagnostics.md` and the TypeScript `DiagnosticCode` type of the JavaScript API must name
//! the same codes with the same severities, and every rule's link must be a page `docs/rules.md`
//! cites.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;
use std::path::Path;

use policy_playground::engine::{Code, Origin};

fn read(path: &str) -> String {
    let full = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
}

fn engine_codes() -> BTreeMap<&'static str, &'static str> {
    Code::ALL
        .iter()
        .map(|c| (c.as_str(), c.severity().as_str()))
        .collect()
}

#[test]
fn the_documentation_lists_every_code_with_its_severity() {
    // Rows look like: | `CODE` | SEVERITY | Access Analyzer | meaning |
    let doc = read("docs/diagnostics.md");
    let mut listed = BTreeMap::new();
    for line in doc.lines() {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        if let [_, code, severity, ..] = cells.as_slice() {
            if let Some(code) = code.strip_prefix('`').and_then(|c| c.strip_suffix('`')) {
                assert!(
                    listed.insert(code, *severity).is_none(),
                    "{code} is listed twice"
                );
            }
        }
    }
    assert_eq!(listed, engine_codes());
}

#[test]
fn the_typescript_type_lists_every_code() {
    let source = read("src/web/js_api.rs");
    let start = source
        .find("export type DiagnosticCode =")
        .expect("the TypeScript section declares DiagnosticCode");
    let rest = &source[start..];
    let end = rest.find(';').expect("the union ends with `;`");
    let mut listed: Vec<&str> = rest[..end].split('"').skip(1).step_by(2).collect();
    listed.sort_unstable();
    let mut codes: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
    codes.sort_unstable();
    assert_eq!(listed, codes);
}

#[test]
fn every_link_is_a_page_the_rules_cite() {
    let rules = read("docs/rules.md");
    for code in Code::ALL {
        if let Some(link) = code.link() {
            assert!(
                rules.contains(link),
                "{code} links to {link}, which docs/rules.md does not cite"
            );
        }
    }
}

#[test]
fn codes_of_our_own_inputs_have_no_aws_link_and_aws_rules_have_one() {
    for code in Code::ALL {
        let ours = matches!(
            code,
            Code::UNKNOWN_FIELD
                | Code::MISSING_FIELD
                | Code::INVALID_REQUEST_VALUE
                | Code::INVALID_PRINCIPAL_ARN
                | Code::INVALID_SCENARIO
                | Code::INVALID_SHARE_LINK
                | Code::INVALID_EXPECTATION
                | Code::INVALID_NETWORK
                | Code::INVALID_ARGUMENT
        );
        assert_eq!(code.link().is_none(), ours, "{code}");
    }
}

#[test]
fn the_access_analyzer_column_agrees_with_the_registry() {
    // Rows look like: | `CODE` | SEVERITY | Access Analyzer | meaning |: the third cell is
    // Access Analyzer's finding type for its checks and `ours` for the others.
    let doc = read("docs/diagnostics.md");
    let mut listed = BTreeMap::new();
    for line in doc.lines() {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        if let [_, code, _, origin, ..] = cells.as_slice() {
            if let Some(code) = code.strip_prefix('`').and_then(|c| c.strip_suffix('`')) {
                listed.insert(code.to_string(), origin.to_string());
            }
        }
    }
    let registry: BTreeMap<String, String> = Code::ALL
        .iter()
        .map(|c| {
            let origin = match c.info().origin {
                Origin::AccessAnalyzer(finding) => finding.as_str(),
                Origin::Ours => "ours",
            };
            (c.as_str().to_string(), origin.to_string())
        })
        .collect();
    assert_eq!(listed, registry);
}
