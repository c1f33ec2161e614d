//! The command line: `policy-playground simulate [FILE|-]`, `policy-playground simulate --batch`
//! and `policy-playground actions PATTERN [--json]`. Glue only: arguments, reading and writing
//! happen here, every decision in the library.
//!
//! Arguments are parsed by `clap` (a native-only dependency: the wasm build of this binary is an
//! empty `main`, so the browser bundle never compiles it). To add a verb: add a variant to
//! [`cli::Command`] (its doc comment is its `--help`), a `run_VERB(args) -> u8` function returning
//! one of the `EXIT_*` codes, and the arm in [`cli::run`]; then the exit-code table in README.md.

#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    std::process::ExitCode::from(cli::run())
}

/// The command line is native only (it reads files and standard input).
#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
mod cli {
    use std::io::{BufRead, Read, Write};
    use std::path::{Path, PathBuf};

    use clap::{Args, Parser, Subcommand};
    use policy_playground::api::{simulate, SimulateOutput};
    use policy_playground::catalog::{catalog, Action};
    use policy_playground::engine::{Code, Diagnostic, LineIndex, Span};
    use policy_playground::scenario::{presets, report, Workspace};

    // ---------- exit codes: a stable contract (README.md, "The command line") ----------

    /// Success: a decision (`simulate`), every line answered (`simulate --batch`), at least one
    /// action listed (`actions`).
    pub const EXIT_OK: u8 = 0;
    /// Findings: the input has errors (`simulate`: the errors are the answer), nothing matched
    /// (`actions`).
    pub const EXIT_FINDINGS: u8 = 1;
    /// A usage error (unknown verb or option, missing or extra argument) or unreadable input; the
    /// message is on standard error and nothing is on standard output. Also clap's own code for
    /// usage errors.
    pub const EXIT_USAGE: u8 = 2;

    /// The case and answer formats, shown by `--help` of the program and of `simulate` (a macro
    /// so that `concat!` can build the help texts at compile time).
    macro_rules! case_format {
        () => {
            "\
A case (JSON):
  {\"request\": {\"principal\": ARN, \"action\": \"svc:Name\", \"resource\": ARN or \"*\",
               \"context\": {\"aws:SomeKey\": \"value\" or [\"values\"]}},
   \"identityPolicies\": [POLICY], \"endpoint\": {\"type\": \"Interface\", \"policy\": POLICY},
   \"resourcePolicy\": POLICY, \"permissionsBoundary\": POLICY, \"scps\": [[POLICY]],
   \"rcps\": [[POLICY]], \"sessionPolicy\": POLICY}
  Every layer is optional; a POLICY is a JSON object or a string holding the policy text.
The answer (one JSON line):
  {\"decision\": \"Allowed\" | \"ExplicitlyDenied\" | \"ImplicitlyDenied\", \"blockedBy\": [LAYER],
   \"decisive\": [{\"policy\", \"statement\", \"sid\", \"effect\"}], \"warnings\": [...]}
  or, for an invalid case, {\"errors\": [DIAGNOSTIC]}; a DIAGNOSTIC is {\"code\", \"severity\",
  \"policy\", \"line\", \"column\", \"endLine\", \"endColumn\", \"message\", \"help\", \"link\"}

"
        };
    }

    /// What `policy-playground --help` (and `-h`, `help`) shows after the list of verbs.
    const PROGRAM_AFTER_HELP: &str = concat!(
        "\
Examples:
  policy-playground simulate case.json           decide one case (or: simulate < case.json)
  policy-playground simulate --batch < cases.jsonl
                                                 one answer line per input line
  policy-playground actions PATTERN [--json]     e.g. 'sagemaker:Create*', 's3:Get*', '*'
  policy-playground scenario FILE [--json]       the grid of a playground scenario document
  policy-playground scenario --preset rcp-org-perimeter

",
        case_format!(),
        "\
Exit codes:
  0  simulate: a decision; simulate --batch: every line answered; actions: a match;
     scenario: the grid
  1  simulate, scenario: the input has errors (they are the answer); actions: nothing matches
  2  a usage error or unreadable input (the message is on standard error)"
    );

    /// What `policy-playground simulate --help` shows after the arguments.
    const SIMULATE_AFTER_HELP: &str = concat!(
        case_format!(),
        "\
Exit codes:
  0  a decision; with --batch: every input line answered (invalid lines with their errors)
  1  the case has errors (they are the answer, on standard output)
  2  a usage error, or FILE or standard input cannot be read (the message is on standard error)"
    );

    /// What `policy-playground scenario --help` shows after the arguments.
    const SCENARIO_AFTER_HELP: &str = "\
A scenario is the playground's document (version 1 or 2, as a share link or the page holds it):
  {\"version\": 2, \"principals\": [{\"name\", \"arn\", \"policies\": [{\"name\", \"text\"}],
   \"boundary\", \"sessionPolicy\"}], \"endpoints\": [{\"id\", \"endpointType\", \"service\",
   \"policy\"}], \"resources\": [{\"name\", \"arn\", \"account\", \"policy\"}], \"accounts\": [...],
   \"organization\": {\"id\", \"scps\", \"rcps\", \"ous\": [...]}, \"context\": {...}, \"actions\": \"s3:*\"}

The table: one row per action, one column per principal; a cell is `Allowed`, or the decision
and the layers that blocked it (`ExplicitlyDenied by rcps`). Warnings go to standard error.
With --json: {\"type\": \"success\", \"principals\", \"actions\", \"cells\": [[{\"decision\",
\"blockedBy\"}]], \"warnings\"} or {\"type\": \"failure\", \"errors\"}, as the JavaScript API's
evaluateScenario answers.

With --pivot ACTION: one row per resource instead (the action's own resource, then each named
resource, decided with that resource selected: its ARN, policy and account); in JSON,
{\"type\": \"success\", \"action\", \"principals\", \"resources\": [{\"name\", \"arn\"}], \"cells\",
\"warnings\"}.

Examples:
  policy-playground scenario exported.json
  policy-playground scenario --preset scp-region-guardrail --json
  policy-playground scenario --preset s3-bucket-policy-requires-endpoint --pivot s3:GetObject

Exit codes:
  0  the grid
  1  the scenario has errors (they are the answer, on standard output)
  2  a usage error (an unknown preset), or FILE or standard input cannot be read";

    /// What `policy-playground actions --help` shows after the arguments.
    const ACTIONS_AFTER_HELP: &str = "\
Examples:
  policy-playground actions 'sagemaker:*'
  policy-playground actions 's3:get?bject' --json

Exit codes:
  0  at least one action matches
  1  nothing matches (standard error suggests the closest action or service)
  2  a usage error (the message is on standard error)";

    /// Decide AWS requests against IAM, VPC endpoint and every other policy layer, and list the
    /// actions AWS knows.
    #[derive(Debug, Parser)]
    #[command(
        name = "policy-playground",
        version,
        arg_required_else_help = true,
        about = "Decide AWS requests against IAM, VPC endpoint and every other policy layer",
        long_about = "Decide AWS requests against IAM, VPC endpoint and every other policy layer \
            (identity policies,\nresource policies, permissions boundaries, SCPs, RCPs, session \
            policies) the way AWS documents it,\nand explain the decision: the statements that \
            decided it, the layers that blocked it, and the\nsuspicious constructs in the \
            policies. Also list the AWS actions a pattern matches, with their\naccess \
            levels, resource types and condition keys.",
        after_help = PROGRAM_AFTER_HELP
    )]
    struct Cli {
        #[command(subcommand)]
        command: Command,
    }

    /// The verbs: one variant each, run by one `run_VERB` function.
    #[derive(Debug, Subcommand)]
    enum Command {
        /// Decide one case (JSON) from FILE or standard input, or one case per line with --batch.
        #[command(
            override_usage = "policy-playground simulate [FILE|-]\n       \
                policy-playground simulate --batch",
            long_about = "Decide one case: read a JSON case (the request and the policies of \
                every layer that applies) from\nFILE, or from standard input when FILE is `-` \
                or absent, and write one JSON answer line to standard\noutput: the decision \
                with the decisive statements, the blocking layers and the warnings, or the\n\
                errors located by policy, line and column. With --batch, read one case per \
                input line (JSON\nLines) and write one answer line per input line, in order, \
                invalid lines included.",
            after_help = SIMULATE_AFTER_HELP
        )]
        Simulate(SimulateArgs),
        /// List the AWS actions PATTERN matches, with access level and resource types.
        #[command(
            override_usage = "policy-playground actions PATTERN [--json]",
            long_about = "List the AWS actions PATTERN matches, in catalog order (by name), one \
                per line: the name, the\naccess level and the resource types (`*` marks a \
                required one), separated by tabs. PATTERN is\nmatched case-insensitively, with \
                `*` and `?` wildcards, as in a policy's `Action` element. With\n--json, write \
                JSON Lines instead, with the resource types' ARN templates and the condition \
                keys.",
            after_help = ACTIONS_AFTER_HELP
        )]
        Actions(ActionsArgs),
        /// Print the grid of a playground scenario (principals × actions, every layer decided).
        #[command(
            override_usage = "policy-playground scenario [FILE|-] [--pivot ACTION] [--json]\n       \
                policy-playground scenario --preset ID [--pivot ACTION] [--json]",
            long_about = "Decide the grid of a playground scenario: read the document (JSON, as \
                the page and its share links\nhold it) from FILE, or from standard input when \
                FILE is `-` or absent, or take a built-in\npreset, and print one row per action \
                and one column per principal, every policy layer decided.",
            after_help = SCENARIO_AFTER_HELP
        )]
        Scenario(ScenarioArgs),
    }

    /// `scenario [FILE|-] [--json]` and `scenario --preset ID`.
    #[derive(Debug, Args)]
    struct ScenarioArgs {
        /// The scenario file (JSON); `-` or nothing reads standard input
        #[arg(value_name = "FILE")]
        file: Option<PathBuf>,
        /// A built-in preset instead of a file (e.g. cross-account-bucket)
        #[arg(long, value_name = "ID", conflicts_with = "file")]
        preset: Option<String>,
        /// Write the answer as one JSON line (the JavaScript API's evaluateScenario format)
        #[arg(long)]
        json: bool,
        /// Pivot on one action: one row per resource (the action's own, then each named one)
        #[arg(long, value_name = "ACTION")]
        pivot: Option<String>,
    }

    /// `simulate [FILE|-]` and `simulate --batch`.
    #[derive(Debug, Args)]
    struct SimulateArgs {
        /// The case file (JSON); `-` or nothing reads standard input
        #[arg(value_name = "FILE")]
        file: Option<PathBuf>,
        /// Decide one case per input line (JSON Lines); one answer line each
        #[arg(long, conflicts_with = "file")]
        batch: bool,
    }

    /// `actions PATTERN [--json]`.
    #[derive(Debug, Args)]
    struct ActionsArgs {
        /// An action pattern: `sagemaker:*`, `s3:Get*`, `s3:get?bject`, `*` (case-insensitive)
        #[arg(value_name = "PATTERN")]
        pattern: String,
        /// Write JSON Lines: name, service, accessLevel, resourceTypes, conditionKeys
        #[arg(long)]
        json: bool,
    }

    /// Parses the arguments and runs the verb; returns the exit code. Usage errors (and the help
    /// shown when no verb is given) go to standard error with [`EXIT_USAGE`]; `--help` and
    /// `--version` go to standard output with [`EXIT_OK`].
    pub fn run() -> u8 {
        let cli = match Cli::try_parse() {
            Ok(cli) => cli,
            Err(error) => {
                let _ = error.print();
                return if error.use_stderr() {
                    EXIT_USAGE
                } else {
                    EXIT_OK
                };
            }
        };
        match cli.command {
            Command::Simulate(args) => run_simulate(args),
            Command::Actions(args) => run_actions(args),
            Command::Scenario(args) => run_scenario(args),
        }
    }

    // ---------- scenario ----------

    /// `scenario [FILE|-|--preset ID] [--json]`: the grid of a scenario.
    fn run_scenario(args: ScenarioArgs) -> u8 {
        let scenario = match (&args.preset, &args.file) {
            (Some(id), _) => match presets::preset(id) {
                Some(p) => Ok(p.scenario),
                None => {
                    eprintln!(
                        "policy-playground: unknown preset `{id}`; the presets are {}",
                        presets::PRESET_IDS.join(", ")
                    );
                    return EXIT_USAGE;
                }
            },
            (None, file) => {
                let text = match file {
                    Some(file) if file != Path::new("-") => std::fs::read_to_string(file)
                        .map_err(|e| format!("cannot read `{}`: {e}", file.display())),
                    _ => read_stdin(),
                };
                match text {
                    Ok(text) => report::read(&text),
                    Err(message) => {
                        eprintln!("policy-playground: {message}");
                        return EXIT_USAGE;
                    }
                }
            }
        };
        let answer = match scenario {
            Ok(s) => match &args.pivot {
                Some(action) => report::pivot_answer(&Workspace::new(s), action),
                None => report::grid_answer(&Workspace::new(s)),
            },
            Err(located) => serde_json::json!({"type": "failure", "errors": [located]}),
        };
        let failed = answer["type"] != "success";
        if args.json {
            println!("{answer}");
        } else if failed {
            for e in answer["errors"].as_array().into_iter().flatten() {
                println!("{}", diagnostic_line(e));
            }
        } else {
            print_grid(&answer);
        }
        if failed {
            EXIT_FINDINGS
        } else {
            EXIT_OK
        }
    }

    /// One diagnostic of a JSON answer as a line: `PLACE:LINE:COLUMN: SEVERITY CODE: message`.
    fn diagnostic_line(d: &serde_json::Value) -> String {
        let text = |k: &str| d[k].as_str().unwrap_or("").to_string();
        let mut line = format!(
            "{}:{}:{}: {} {}: {}",
            text("policy"),
            d["line"],
            d["column"],
            text("severity"),
            text("code"),
            text("message")
        );
        if let Some(help) = d["help"].as_str() {
            line.push_str(&format!(" (help: {help})"));
        }
        line
    }

    /// The grid as tab-separated rows (a header of principals, then one row per action);
    /// warnings on standard error.
    fn print_grid(answer: &serde_json::Value) {
        let stdout = std::io::stdout();
        let mut out = std::io::BufWriter::new(stdout.lock());
        let names: Vec<&str> = answer["principals"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|p| p.as_str())
            .collect();
        // Rows are actions, or the resources of a pivot (`name arn`, the action's own unnamed).
        let pivoted = answer.get("resources").is_some();
        let _ = writeln!(
            out,
            "{}\t{}",
            if pivoted { "resource" } else { "action" },
            names.join("\t")
        );
        let labels: Vec<String> = if pivoted {
            answer["resources"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|r| {
                    let (name, arn) = (
                        r["name"].as_str().unwrap_or(""),
                        r["arn"].as_str().unwrap_or("?"),
                    );
                    if name.is_empty() {
                        arn.to_string()
                    } else {
                        format!("{name} {arn}")
                    }
                })
                .collect()
        } else {
            answer["actions"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|a| a.as_str().unwrap_or("?").to_string())
                .collect()
        };
        let rows = answer["cells"].as_array().into_iter().flatten();
        for (label, row) in labels.iter().zip(rows) {
            let cells: Vec<String> = row
                .as_array()
                .into_iter()
                .flatten()
                .map(|c| {
                    let decision = c["decision"].as_str().unwrap_or("?");
                    let blocked: Vec<&str> = c["blockedBy"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(|l| l.as_str())
                        .collect();
                    if blocked.is_empty() {
                        decision.to_string()
                    } else {
                        format!("{decision} by {}", blocked.join("+"))
                    }
                })
                .collect();
            if writeln!(out, "{label}\t{}", cells.join("\t")).is_err() {
                return; // the reader went away (e.g. `| head`)
            }
        }
        let _ = out.flush();
        for w in answer["warnings"].as_array().into_iter().flatten() {
            eprintln!("{}", diagnostic_line(w));
        }
    }

    // ---------- simulate ----------

    /// `simulate [FILE|-]` and `simulate --batch`.
    fn run_simulate(args: SimulateArgs) -> u8 {
        if args.batch {
            return batch();
        }
        let input = match args.file {
            Some(file) if file != Path::new("-") => std::fs::read_to_string(&file)
                .map_err(|e| format!("cannot read `{}`: {e}", file.display())),
            _ => read_stdin(),
        };
        single(input)
    }

    fn read_stdin() -> Result<String, String> {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
        Ok(text)
    }

    fn single(input: Result<String, String>) -> u8 {
        let text = match input {
            Ok(text) => text,
            Err(message) => {
                eprintln!("policy-playground: {message}");
                return EXIT_USAGE;
            }
        };
        let output = simulate(&text);
        println!("{}", output.to_json());
        if output.is_decision() {
            EXIT_OK
        } else {
            EXIT_FINDINGS
        }
    }

    fn batch() -> u8 {
        let stdin = std::io::stdin();
        let stdout = std::io::stdout();
        let mut out = std::io::BufWriter::new(stdout.lock());
        for line in stdin.lock().split(b'\n') {
            let line = match line {
                Ok(line) => line,
                Err(e) => {
                    eprintln!("policy-playground: cannot read standard input: {e}");
                    return EXIT_USAGE;
                }
            };
            let text = String::from_utf8_lossy(&line);
            let text = text.strip_suffix('\r').unwrap_or(&text);
            let answer = if text.trim().is_empty() {
                let empty = Diagnostic::new(
                    Code::JSON_SYNTAX_ERROR,
                    Span::default(),
                    "empty line: expected a simulate case",
                )
                .with_help("write one json case per line");
                SimulateOutput::Errors {
                    errors: vec![empty.locate("input", &LineIndex::new(""))],
                }
            } else {
                simulate(text)
            };
            if writeln!(out, "{}", answer.to_json()).is_err() {
                return EXIT_OK; // the reader went away (e.g. `| head`)
            }
        }
        let _ = out.flush();
        EXIT_OK
    }

    // ---------- actions ----------

    /// `actions PATTERN [--json]`: the catalog's actions matching the pattern, in catalog order.
    fn run_actions(args: ActionsArgs) -> u8 {
        let ActionsArgs { pattern, json } = args;
        let catalog = catalog();
        let found = catalog.expand(&pattern);
        if found.is_empty() {
            let hint = if !pattern.contains(':') && catalog.service(&pattern).is_some() {
                format!("; did you mean `{}:*`?", pattern.to_ascii_lowercase())
            } else if let Some(action) = catalog.suggest_action(&pattern) {
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
            return EXIT_FINDINGS;
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
                return EXIT_OK; // the reader went away (e.g. `| head`)
            }
        }
        let _ = out.flush();
        EXIT_OK
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
}
