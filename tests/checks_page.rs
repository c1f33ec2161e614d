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
