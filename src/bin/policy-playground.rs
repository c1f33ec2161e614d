//! The command line: `policy-playground simulate [FILE]` and `policy-playground simulate --batch`.
//! Glue only: reading and writing happen here, every decision in the library.

use std::io::{BufRead, Read, Write};
use std::process::ExitCode;

use policy_playground::api::{simulate, SimulateOutput};

const USAGE: &str = "\
policy-playground: decide AWS requests against IAM and VPC endpoint policies

USAGE:
    policy-playground simulate [FILE]     decide one case (JSON) from FILE or standard input;
                                          exits 0 with a decision, 1 with errors
    policy-playground simulate --batch    decide one case per input line (JSON Lines),
                                          writing one answer line per input line; exits 0
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
