//! The command line: `policy-playground simulate [FILE]`, `policy-playground simulate --batch` and
//! `policy-playground actions PATTERN [--json]`. Glue only: reading and writing happen here, every
//! decision in the library.

use std::io::{BufRead, Read, Write};
use std::process::ExitCode;

use policy_playground::api::{simulate, SimulateOutput};
use policy_playground::catalog::{catalog, Action};

const USAGE: &str = "\
policy-playground: decide AWS requests against IAM and VPC endpoint policies

USAGE:
    policy-playground simulate [FILE]     decide one case (JSON) from FILE or standard input;
                                          exits 0 with a decision, 1 with errors
    policy-playground simulate --batch    decide one case per input line (JSON Lines),
                                          writing one answer line per input line; exits 0
    policy-playground actions PATTERN     list the AWS actions PATTERN matches (`sagemaker:*`,
                                          `s3:Get*`, `*`; case-insensitive), one per line:
                                          name, access level, resource types (`*` = required);
                                          exits 0, or 1 when nothing matches
    policy-playground actions PATTERN --json
                                          the same as JSON Lines: name, service, accessLevel,
                                          resourceTypes [{name, required, arn}], conditionKeys
    policy-playground --help              show this text

A case: {\"request\": {\"principal\": ARN, \"action\": \"svc:Name\", \"resource\": ARN, \"context\": {...}},
         \"identityPolicies\": [POLICY], \"endpoint\": {\"type\": \"Interface\", \"policy\": POLICY}}
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["simulate", "--batch"] => batch(),
        ["simulate"] | ["simulate", "-"] => single(read_stdin()),
        ["simulate", file] if !file.starts_with('-') => {
            single(std::fs::read_to_string(file).map_err(|e| format!("cannot read `{file}`: {e}")))
        }
        ["actions", pattern] if !pattern.starts_with('-') => actions(pattern, false),
        ["actions", pattern, "--json"] | ["actions", "--json", pattern]
            if !pattern.starts_with('-') =>
        {
            actions(pattern, true)
        }
        ["--help"] | ["-h"] | ["help"] => {
            print!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => {
            eprint!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn read_stdin() -> Result<String, String> {
    let mut text = String::new();
    std::io::stdin()
        .read_to_string(&mut text)
        .map_err(|e| format!("cannot read standard input: {e}"))?;
    Ok(text)
}

fn single(input: Result<String, String>) -> ExitCode {
    let text = match input {
        Ok(text) => text,
        Err(message) => {
            eprintln!("policy-playground: {message}");
            return ExitCode::from(2);
        }
    };
    let output = simulate(&text);
    println!("{}", output.to_json());
    if output.is_decision() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn batch() -> ExitCode {
    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for line in stdin.lock().split(b'\n') {
        let line = match line {
            Ok(line) => line,
            Err(e) => {
                eprintln!("policy-playground: cannot read standard input: {e}");
                return ExitCode::from(2);
            }
        };
        let text = String::from_utf8_lossy(&line);
        let text = text.strip_suffix('\r').unwrap_or(&text);
        let answer = if text.trim().is_empty() {
            SimulateOutput::Errors {
                errors: vec![policy_playground::api::LocatedDiagnostic {
                    policy: "input".into(),
                    line: 1,
                    column: 1,
                    message: "empty line: expected a simulate case".into(),
                    help: Some("write one json case per line".into()),
                }],
            }
        } else {
            simulate(text)
        };
        if writeln!(out, "{}", answer.to_json()).is_err() {
            return ExitCode::SUCCESS; // the reader went away (e.g. `| head`)
        }
    }
    let _ = out.flush();
    ExitCode::SUCCESS
}

/// `actions PATTERN [--json]`: the catalog's actions matching `pattern`, in catalog order.
fn actions(pattern: &str, json: bool) -> ExitCode {
    let catalog = catalog();
    let found = catalog.expand(pattern);
    if found.is_empty() {
        let hint = if !pattern.contains(':') && catalog.service(pattern).is_some() {
            format!("; did you mean `{}:*`?", pattern.to_ascii_lowercase())
        } else if let Some(action) = catalog.suggest_action(pattern) {
            format!("; did you mean `{}`?", action.name())
        } else if let Some(service) = pattern
            .split_once(':')
            .filter(|(prefix, _)| catalog.service(prefix).is_none())
            .and_then(|(prefix, _)| catalog.suggest_service(prefix))
        {
            format!("; did you mean the service `{}`?", service.prefix())
        } else {
            String::new()
        };
        eprintln!("policy-playground: `{pattern}` matches no action{hint}");
        return ExitCode::from(1);
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for action in found {
        let line = if json {
            action_json(action).to_string()
        } else {
            let resource_types: Vec<String> = action
                .resource_types()
                .map(|r| format!("{}{}", r.name, if r.required { "*" } else { "" }))
                .collect();
            format!(
                "{}\t{}\t{}",
                action.name(),
                action.access_levels(),
                resource_types.join(", ")
            )
        };
        if writeln!(out, "{line}").is_err() {
            return ExitCode::SUCCESS; // the reader went away (e.g. `| head`)
        }
    }
    let _ = out.flush();
    ExitCode::SUCCESS
}

/// One action as a JSON object (the `--json` output).
fn action_json(action: Action) -> serde_json::Value {
    let resource_types: Vec<serde_json::Value> = action
        .resource_types()
        .map(|r| {
            serde_json::json!({
                "name": r.name,
                "required": r.required,
                "arn": r.arn_template(),
            })
        })
        .collect();
    serde_json::json!({
        "name": action.name(),
        "service": action.service().prefix(),
        "accessLevel": action.access_levels().to_string(),
        "resourceTypes": resource_types,
        "conditionKeys": action.all_condition_keys(),
    })
}
