//! `docs/checks.md` is generated from the check registry (`engine::registry`): this test writes
//! the page from the registry and fails when the committed page differs. After a change of the
//! registry, `UPDATE_CHECKS=1 cargo test --test checks_page` rewrites the page; review it with
//! `git diff` before committing.
#![cfg(not(target_arch = "wasm32"))]

use std::fmt::Write;
use std::path::Path;

use policy_playground::editing::format_json;
use policy_playground::engine::{registry, Applies, CheckInfo, Origin, Proof};

const HEADER: &str = "\
# Checks

<!-- Generated from the check registry (crates/engine/src/registry.rs) by tests/checks_page.rs:
     do not edit by hand; `UPDATE_CHECKS=1 cargo test --test checks_page` rewrites it. -->

Every check the playground makes on a policy (and every note it gives about a request), from the
check registry: its code, its finding type, whether it is one of IAM Access Analyzer's checks or
ours, the policy kinds it applies to, what it means, and a policy that triggers it beside one that
does not. The tests read each pair of examples with the catalog's names and fail when a check does
not fire on its example or fires on its counter-example. `policy-playground checks` prints the same
list; [diagnostics.md](diagnostics.md) shows the located form every finding takes, and
[access-analyzer.md](access-analyzer.md) lists every Access Analyzer check, implemented or not.

Finding types are Access Analyzer's: `ERROR` (the policy is not evaluated), `SECURITY_WARNING`,
`WARNING`, `SUGGESTION`. Where Access Analyzer gives another finding type for the same check, it is
shown beside ours.
";

fn applies_to(info: &CheckInfo) -> String {
    match info.applies {
        Applies::Policies(_) => info.applies.describe(),
        Applies::Case => "the simulate case or another input".into(),
        Applies::Evaluation => "evaluation note".into(),
    }
}

fn origin(info: &CheckInfo) -> String {
    match info.origin {
        Origin::AccessAnalyzer(finding) if finding == info.code.severity() => {
            "Access Analyzer".into()
        }
        Origin::AccessAnalyzer(finding) => format!("Access Analyzer ({})", finding.as_str()),
        Origin::Ours => "ours".into(),
    }
}

fn example(out: &mut String, title: &str, text: &str) {
    let shown = format_json(text).unwrap_or_else(|_| text.to_string());
    let _ = write!(out, "{title}\n\n```json\n{shown}\n```\n\n");
}

fn page() -> String {
    let mut out = String::from(HEADER);
    out.push_str(
        "\n| Code | Finding type | Origin | Applies to | Summary |\n|---|---|---|---|---|\n",
    );
    for info in registry() {
        let code = info.code.as_str();
        let _ = writeln!(
            out,
            "| [`{code}`](#{anchor}) | {} | {} | {} | {} |",
            info.code.severity().as_str(),
            origin(info),
            applies_to(info),
            info.summary(),
            anchor = code.to_ascii_lowercase(),
        );
    }
    for info in registry() {
        let code = info.code.as_str();
        let _ = write!(
            out,
            "\n## `{code}`\n\n{} · {} · {}",
            info.code.severity().as_str(),
            origin(info),
            applies_to(info)
        );
        if let Some(link) = info.link() {
            let _ = write!(out, " · [AWS documentation]({link})");
        }
        let _ = write!(out, "\n\n{}\n\n", info.explanation);
        match info.proof {
            Proof::Examples { kind, fires, quiet } => {
                let kind = kind.describe();
                example(&mut out, &format!("Triggers it, read as {kind}:"), fires);
                example(&mut out, &format!("Does not, read as {kind}:"), quiet);
            }
            Proof::Oversized { kind } => {
                let (limit, _) = kind.size_limit();
                let _ = write!(
                    out,
                    "Triggers it: {} longer than {limit} characters; the tests build one just past \
                     the limit and one at it.\n\n",
                    kind.describe()
                );
            }
            Proof::Elsewhere { why, tested_by } => {
                let _ = write!(out, "No example here ({why}); shown by `{tested_by}`.\n\n");
            }
        }
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

#[test]
fn docs_checks_md_is_generated_from_the_registry() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/checks.md");
    let expected = page();
    if std::env::var_os("UPDATE_CHECKS").is_some() {
        std::fs::write(&path, &expected).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        return;
    }
    let committed =
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(
        committed == expected,
        "docs/checks.md is out of date: run `UPDATE_CHECKS=1 cargo test --test checks_page`"
    );
}

/// The rows of `docs/access-analyzer.md`'s table: (check, finding type, here, note).
fn access_analyzer_rows() -> Vec<[String; 4]> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/access-analyzer.md");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| Access Analyzer check"))
        .map(|l| {
            let cells: Vec<String> = l.split('|').map(|c| c.trim().to_string()).collect();
            assert_eq!(cells.len(), 6, "{l}");
            [
                cells[1].clone(),
                cells[2].clone(),
                cells[3].clone(),
                cells[4].clone(),
            ]
        })
        .collect()
}

/// The code a `Here` cell names (`implemented: \`CODE\``), if any.
fn named_code(here: &str) -> Option<&str> {
    here.split('`').nth(1)
}

#[test]
fn the_access_analyzer_table_names_our_codes_truly() {
    use policy_playground::engine::Code;
    let rows = access_analyzer_rows();
    assert!(rows.len() > 100, "{} rows", rows.len());
    let ours = |name: &str| Code::ALL.iter().find(|c| c.as_str() == name).copied();
    for [check, finding, here, _] in &rows {
        assert!(
            ["ERROR", "SECURITY_WARNING", "WARNING", "SUGGESTION"].contains(&finding.as_str()),
            "{check}: {finding}"
        );
        if let Some(name) = named_code(here) {
            let code = ours(name).unwrap_or_else(|| panic!("{check}: no code {name}"));
            if here.starts_with("implemented") {
                // Implemented under Access Analyzer's issue code, with its finding type.
                assert_eq!(
                    code.info().origin,
                    Origin::AccessAnalyzer(
                        *[
                            policy_playground::engine::Severity::Error,
                            policy_playground::engine::Severity::SecurityWarning,
                            policy_playground::engine::Severity::Warning,
                            policy_playground::engine::Severity::Suggestion,
                        ]
                        .iter()
                        .find(|s| s.as_str() == finding)
                        .unwrap_or_else(|| panic!("{finding}"))
                    ),
                    "{check}"
                );
            }
        } else {
            assert!(
                ["planned", "needs data", "not applicable"].contains(&here.as_str()),
                "{check}: {here}"
            );
        }
    }
    // Every code the registry calls Access Analyzer's is a row implemented, in full or in part.
    for info in registry() {
        if let Origin::AccessAnalyzer(_) = info.origin {
            let code = info.code.as_str();
            assert!(
                rows.iter().any(|r| (r[2].starts_with("implemented")
                    || r[2].starts_with("in part"))
                    && named_code(&r[2]) == Some(code)),
                "{code} is Access Analyzer's in the registry but no implemented row names it"
            );
        }
    }
}

#[test]
fn the_readme_holds_the_access_analyzer_table_row_for_row() {
    let read = |name: &str| {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(name);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    };
    let table = |text: &str| -> Vec<String> {
        let lines: Vec<&str> = text.lines().collect();
        let start = lines
            .iter()
            .position(|l| l.starts_with("| Access Analyzer check |"))
            .expect("the table's header");
        lines[start..]
            .iter()
            .take_while(|l| l.starts_with('|'))
            .map(|l| l.to_string())
            .collect()
    };
    let doc = table(&read("docs/access-analyzer.md"));
    assert!(doc.len() > 100, "{} rows", doc.len());
    assert_eq!(
        table(&read("README.md")),
        doc,
        "README.md's table differs from docs/access-analyzer.md's"
    );
}

#[test]
fn the_readme_counts_the_access_analyzer_table() {
    let rows = access_analyzer_rows();
    let count = |prefix: &str| rows.iter().filter(|r| r[2].starts_with(prefix)).count();
    let line = format!(
        "Of the {} checks of IAM Access Analyzer's reference, {} are implemented under its issue \
         codes, {} more are covered by checks of ours ({} of them in part), {} are planned, {} need \
         data our catalog lacks and {} no longer apply",
        rows.len(),
        count("implemented"),
        count("covered") + count("in part"),
        count("in part"),
        count("planned"),
        count("needs data"),
        count("not applicable"),
    );
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let readme =
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let flat = readme.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains(&line), "README.md should say: {line}");
}
