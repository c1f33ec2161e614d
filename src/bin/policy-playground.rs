//! The command line: `policy-playground simulate [FILE|-]`, `policy-playground simulate --batch`,
//! `policy-playground actions PATTERN [--json]`, `policy-playground scenario`, and for a policy
//! repository's CI `check FILE…` (expectations), `diff OLD NEW` (what changed) and `link FILE`
//! (share links), `validate FILE…` (policy checks as text, Access Analyzer's JSON or SARIF), and
//! the access questions of a scenario: `who-can` (one action, every principal) and `what-can`
//! (one principal, every action).
//! Glue only: arguments, reading and writing happen here, every decision in the
//! library.
//!
//! Arguments are parsed by `clap` (a native-only dependency: the wasm build of this binary is an
//! empty `main`, so the browser bundle never compiles it). To add a verb: add a variant to
//! [`cli::Command`] (its doc comment is its `--help`), a `run_VERB(args) -> u8` function returning
//! one of the `EXIT_*` codes, and the arm in [`cli::run`]; then the exit-code table in README.md.

#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

/// The command line's own allocator (size classes over one reserved region; the module says why
/// not a general-purpose one). The library never sets an allocator.
#[cfg(not(target_arch = "wasm32"))]
#[global_allocator]
static ALLOCATOR: alloc::Classes = alloc::Classes;

#[cfg(not(target_arch = "wasm32"))]
#[path = "policy-playground/alloc.rs"]
mod alloc;

/// The C library's memory functions for the statically linked musl build (elsewhere only
/// compiled for its tests).
#[cfg(target_arch = "x86_64")]
#[cfg_attr(not(target_env = "musl"), allow(dead_code))]
#[path = "policy-playground/memory.rs"]
mod memory;

/// Moving a new deciding thread of `simulate --batch` off the core of the thread that started
/// it (Linux only; elsewhere these do nothing).
///
/// On the two-core development machine (Linux 6.18 under KVM) a new thread is put on the core
/// of the thread that starts it, and the two share that core until the kernel's load balancing
/// moves one of them, about 4 ms later (seen with `sched_getcpu` in each chunk's timing): for a
/// batch of a few milliseconds, such as the corpus, the second thread then gains nothing. So a
/// new thread first restricts itself to the other cores the process may use, which moves it at
/// once, then gives itself every one of them back: where it runs afterwards is the scheduler's
/// choice again. The starting thread yields its core once after starting the others, so that a
/// new thread placed there runs at once and moves. Measured in docs/speed.md (eighteenth round).
#[cfg(target_os = "linux")]
mod cores {
    use std::mem::{size_of, zeroed};
    use std::sync::atomic::{AtomicI32, Ordering};

    /// The core the starting thread was on when it started the others (-1: unknown).
    static STARTER: AtomicI32 = AtomicI32::new(-1);

    /// Called by the starting thread just before it starts the others.
    pub fn starting() {
        // SAFETY: `sched_getcpu` takes no argument and only reads the calling thread's state;
        // it returns -1 on failure, which `moved_off_starter` treats as unknown.
        let cpu = unsafe { libc::sched_getcpu() };
        STARTER.store(cpu, Ordering::Relaxed);
    }

    /// Called by the starting thread just after it started the others.
    pub fn started() {
        std::thread::yield_now();
    }

    /// How many cores this thread may run on (its affinity, one system call; no control-group
    /// quota counted), or `None` when that cannot be told.
    pub fn usable() -> Option<usize> {
        // SAFETY: `cpu_set_t` is a plain bit array, for which all zeros is the empty set.
        let mut allowed: libc::cpu_set_t = unsafe { zeroed() };
        // SAFETY: the pointer and size describe `allowed`, which the call fills; pid 0 is the
        // calling thread.
        if unsafe { libc::sched_getaffinity(0, size_of::<libc::cpu_set_t>(), &mut allowed) } != 0 {
            return None;
        }
        // SAFETY: `allowed` was filled above.
        usize::try_from(unsafe { libc::CPU_COUNT(&allowed) })
            .ok()
            .filter(|&n| n > 0)
    }

    /// Called first by each new thread: moves it off the starting thread's core if the process
    /// may use another, then allows it every core the process may use again.
    pub fn moved_off_starter() {
        let Ok(starter) = usize::try_from(STARTER.load(Ordering::Relaxed)) else {
            return;
        };
        // SAFETY: `cpu_set_t` is a plain bit array, for which all zeros is the empty set.
        let mut allowed: libc::cpu_set_t = unsafe { zeroed() };
        // SAFETY: the pointer and size describe `allowed`, which the call fills; pid 0 is the
        // calling thread.
        if unsafe { libc::sched_getaffinity(0, size_of::<libc::cpu_set_t>(), &mut allowed) } != 0 {
            return;
        }
        if starter >= libc::CPU_SETSIZE as usize {
            return;
        }
        let mut others = allowed;
        // SAFETY: `starter` is below `CPU_SETSIZE`, the number of cores a `cpu_set_t` holds.
        let (is_allowed, left) = unsafe {
            let is_allowed = libc::CPU_ISSET(starter, &allowed);
            libc::CPU_CLR(starter, &mut others);
            (is_allowed, libc::CPU_COUNT(&others))
        };
        if !is_allowed || left == 0 {
            return;
        }
        // SAFETY: the pointers and sizes describe the two sets above; pid 0 is the calling
        // thread. Failures leave the thread where it is, which is only slower.
        unsafe {
            if libc::sched_setaffinity(0, size_of::<libc::cpu_set_t>(), &others) == 0 {
                libc::sched_setaffinity(0, size_of::<libc::cpu_set_t>(), &allowed);
            }
        }
    }
}

/// Elsewhere the scheduler is left as it is.
#[cfg(all(not(target_os = "linux"), not(target_arch = "wasm32")))]
mod cores {
    pub fn starting() {}
    pub fn started() {}
    pub fn moved_off_starter() {}
    pub fn usable() -> Option<usize> {
        None
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    let code = cli::run();
    std::process::ExitCode::from(cli::output::checked(code))
}

/// The command line is native only (it reads files and standard input).
#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
mod cli {
    use std::io::{Read, Write};
    use std::path::{Path, PathBuf};

    use clap::{Args, Parser, Subcommand, ValueEnum};
    use policy_playground::api::{
        simulate, simulate_explained, simulate_line, PolicyCache, SimulateOutput,
    };
    use policy_playground::catalog::{catalog, Action};
    use policy_playground::engine::{Code, Diagnostic, LineIndex, PolicyKind, Severity, Span};
    use policy_playground::findings;
    use policy_playground::import;
    use policy_playground::scenario::{
        diff_scenarios, presets, report, share, Scenario, Workspace,
    };

    // ---------- exit codes: a stable contract (README.md, "The command line") ----------

    /// Success: a decision (`simulate`), every line answered (`simulate --batch`), at least one
    /// action listed (`actions`), every expectation holds (`check`), nothing changed (`diff`),
    /// the link or the document printed (`link`).
    pub const EXIT_OK: u8 = 0;
    /// Findings: the input has errors (`simulate`: the errors are the answer), nothing matched
    /// (`actions`), an expectation fails or cannot be checked (`check`), a cell changed
    /// (`diff`), a finding at or above `--fail-on` (`validate`).
    pub const EXIT_FINDINGS: u8 = 1;
    /// A usage error (unknown verb or option, missing or extra argument) or unreadable input; the
    /// message is on standard error and nothing is on standard output. Also clap's own code for
    /// usage errors, and every verb's when standard output cannot be written ([`output`]).
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
  policy-playground simulate --explain case.json the same, in plain words
  policy-playground simulate --batch < cases.jsonl
                                                 one answer line per input line
  policy-playground actions PATTERN [--json]     e.g. 'sagemaker:Create*', 's3:Get*', '*'
  policy-playground scenario FILE [--json]       the grid of a playground scenario document
  policy-playground scenario --preset rcp-org-perimeter
  policy-playground check scenarios/*.json       every expectation of each file holds?
  policy-playground diff old.json new.json       which cells an edit changed, and the verdict
  policy-playground link scenario.json           the share link of a scenario file
  policy-playground validate policies/*.json     check policies and scenario files (--format sarif)
  policy-playground import authz.json > scenario.json
                                                 a scenario from get-account-authorization-details
  policy-playground who-can FILE --action sagemaker:CreateTrainingJob
                                                 every principal's decision, and what grants it
  policy-playground what-can FILE --principal ml-role
                                                 every action one principal may call

",
        case_format!(),
        "\
Exit codes:
  0  simulate: a decision; simulate --batch: every line answered; actions: a match;
     scenario: the grid; check: every expectation holds; diff: nothing changed; link: printed;
     validate: no finding at or above --fail-on; import: the scenario written; who-can,
     what-can: the answer
  1  simulate, scenario, who-can, what-can: the input has errors (they are the answer);
     actions: nothing matches;
     check: an expectation fails or cannot be checked; diff: some cell changed; validate: a
     finding at or above --fail-on (default: error); import --strict: something was left out
  2  a usage error or unreadable input (the message is on standard error); check, diff, link:
     a file that is not a valid scenario, or (check, diff) whose policies have errors; who-can,
     what-can: an action, resource or principal the scenario or the catalog does not know;
     every verb: standard output cannot be written (a full disk, closed with >&-, ...; a
     reader that goes away, as `| head`, is not an error)"
    );

    /// What `policy-playground check --help` shows after the arguments.
    const CHECK_AFTER_HELP: &str = "\
An expectation (the scenario's \"expectations\", written by the page's \"expect this\" or by hand):
  {\"principal\": NAME or PATTERN (*, ?) or ARN, \"action\": ACTION or PATTERN,
   \"resource\": a named resource or an ARN (optional), \"expect\": \"Allowed\" | \"Denied\" |
   \"ExplicitlyDenied\" | \"ImplicitlyDenied\", \"note\": TEXT (optional)}

Each file's report lists every expectation (pass, FAIL, INVALID) and explains each failing
cell: its decision, the layers that blocked it and the decisive statements, with where they are.
With --json: one line per file, {\"file\", \"state\", \"passed\", \"failed\", \"invalid\",
\"expectations\": [{\"index\", \"principal\", \"action\", \"resource\", \"expect\", \"note\",
\"state\", \"problem\", \"cells\", \"failures\": [{\"principal\", \"action\", \"resource\",
\"decision\", \"blockedBy\", \"explanation\": {\"summary\", \"decision\", \"blockedBy\",
\"decisive\": [{\"policy\", \"statement\", \"sid\", \"effect\", \"place\", \"line\"}]}}]}]}.

Examples:
  policy-playground check exported.json
  policy-playground check scenarios/*.json --json

Exit codes:
  0  every expectation of every file holds (a file without expectations only warns)
  1  an expectation fails, or cannot be checked (a pattern matching nothing, ...)
  2  a usage error, or a file that cannot be read, is not a valid scenario or has policy errors
     (the messages are on standard error, nothing is on standard output)";

    /// What `policy-playground diff --help` shows after the arguments.
    const DIFF_AFTER_HELP: &str = "\
Both scenarios are decided over the actions either one's filter selects; principals are matched
by name. A cell gained access (+), lost it (-), or stayed denied for another reason (~: the kind
of denial or the blocking layers changed); a principal or action on one side only has no access
on the other. The verdict is about access: same (nothing gained or lost), narrower (only
lost), broader (only gained), mixed (both). With one FILE, it is compared with the baseline it
carries (the page's \"keep as baseline\").
With --json: {\"verdict\", \"gained\", \"lost\", \"changed\", \"cells\": [{\"principal\",
\"action\", \"change\", \"before\", \"after\"}]}, before and after {\"decision\", \"blockedBy\"} or
null.

Examples:
  policy-playground diff main/scenario.json scenario.json
  policy-playground diff exported-with-baseline.json --json

Exit codes:
  0  no cell changed
  1  some cell changed (even if only the reason it is denied: verdict `same`)
  2  a usage error, or a file that cannot be read, is not a valid scenario or has policy errors";

    /// What `policy-playground link --help` shows after the arguments.
    const LINK_AFTER_HELP: &str = "\
The link is BASE#v2.… (the scenario compressed, as the page's \"Copy share link\" makes it);
BASE defaults to index.html, the page's file: give the address the playground is served from,
e.g. --base https://example.org/policy-playground/. The part after # never reaches a server.
--decode takes a whole link or only its fragment and prints the scenario file it holds.

Examples:
  policy-playground link scenario.json --base https://example.org/policy-playground/
  policy-playground link --decode 'https://example.org/policy-playground/#v2.…' > scenario.json

Exit codes:
  0  the link, or the scenario, printed
  2  a usage error, a file that cannot be read or is not a valid scenario, a link that does not
     hold one, or a scenario too large for a link";

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
and the layers that blocked it (`ExplicitlyDenied by rcps`), or for a principal calling from a
workload of the scenario's network whose call never arrives, `Unreachable at HOP`. Warnings go
to standard error.
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

    /// What `policy-playground import --help` shows after the arguments.
    const IMPORT_AFTER_HELP: &str = "\
Make the export with `aws iam get-account-authorization-details > authz.json` (give every page
of a paginated export: they are merged, duplicates kept once). Policy documents may be JSON
objects (AWS CLI), JSON strings or URL-encoded JSON strings (the raw API): all are read.

Each user is a principal with its ARN; each role a principal with the role's ARN, path
included (decided as a session of the role, whose aws:PrincipalArn is that ARN), whose trust
policy is the resource named like the principal, with the same ARN. Policies are named as in IAM: `NAME (inline)`, `NAME`
(managed), `NAME (group G)`, `NAME (inline, group G)`. At most 64 MiB per import.

Standard error lists every problem, FILE:LINE:COLUMN: KIND: `PRINCIPAL`: reason (PLACE), with
KIND one of wrong-type, missing-field, managed-policy-not-found, no-default-version,
unreadable-document, group-not-found, invalid-arn, incomplete-export, policy-error,
beyond-limit;
then a summary.

Examples:
  policy-playground import authz.json > scenario.json
  policy-playground import page1.json page2.json --report report.json > scenario.json
  aws iam get-account-authorization-details | policy-playground import - > scenario.json

Exit codes:
  0  the scenario is written (problems, if any, on standard error)
  1  with --strict: the scenario is written, and the report lists problems
  2  a usage error, or a FILE that cannot be read, is too large, is not JSON (its line and
     column given) or is not an export: nothing is written on standard output";

    /// What `policy-playground who-can --help` shows after the arguments.
    const WHO_CAN_AFTER_HELP: &str = "\
The scenario is read as `scenario` reads it (a file, standard input, or --preset ID). ACTION is
one action of the catalog (case-insensitive, no wildcards). RESOURCE is a named resource of the
scenario (its ARN and policy decide, as the pivot's row of that resource), an ARN, or `*`;
without it, the resource the grid's cell names. Each principal is decided as the page's grid
decides the cell: through the endpoint of the action's service when calls go through the VPC,
along its network path when it calls from a workload, with every layer of its stack.

The table (tab-separated): one row per principal, in the scenario's order: its name, its
decision (`Allowed`, `ExplicitlyDenied by LAYER`, `ImplicitlyDenied by LAYER`, `Unreachable at
HOP`), and the statements that granted it (every layer's allow that let the request through:
the IAM policy's, the endpoint policy's, the SCPs'…) or the Deny statements that decided it;
then a line with the counts. Warnings go to standard error.
With --json: {\"type\": \"success\", \"action\", \"resource\", \"resourceName\", \"allowed\",
\"explicitlyDenied\", \"implicitlyDenied\", \"unreachable\", \"principals\": [{\"principal\",
\"arn\", \"decision\", \"blockedBy\": [LAYER], \"stoppedAt\", \"grantedBy\": [STATEMENT],
\"deniedBy\": [STATEMENT]}], \"warnings\"}, a STATEMENT {\"layer\", \"policy\", \"statement\",
\"sid\", \"effect\", \"place\", \"line\"}; or {\"type\": \"failure\", \"errors\"}.

Examples:
  policy-playground who-can --preset sagemaker-api-exam --action sagemaker:CreateTrainingJob
  policy-playground who-can account.json --action s3:GetObject --resource reports --json

Exit codes:
  0  the answer (whoever is allowed, or no one)
  1  the scenario is not valid or its policies have errors (they are the answer, on standard
     output)
  2  a usage error, an unknown preset, FILE or standard input cannot be read, or an action or
     resource the catalog or the scenario does not know (standard error suggests the closest)";

    /// What `policy-playground what-can --help` shows after the arguments.
    const WHAT_CAN_AFTER_HELP: &str = "\
The scenario is read as `scenario` reads it (a file, standard input, or --preset ID). NAME is a
principal's name in the scenario (or its ARN). FILTER selects the actions as the scenario's
action filter does (`sagemaker:*`, `s3:Get*, kms:Decrypt`); without it, every action of the
catalog. Each action is decided as the page's grid decides the cell (its resource, the endpoint
of its service, every layer of the principal's stack).

The text: the count of allowed actions, then each service with an allowed action (in catalog
order): its prefix, its name and how many of its actions are allowed; under it each access
level (List, Read, Write, Permissions management, Tagging; `Tagging, Write` for an action of
two) and its allowed actions, each with the statements that let it through.
With --json: {\"type\": \"success\", \"principal\", \"arn\", \"decided\", \"allowed\",
\"services\": [{\"service\", \"name\", \"decided\", \"allowed\", \"accessLevels\":
[{\"accessLevel\", \"actions\": [{\"action\", \"resource\", \"grantedBy\": [STATEMENT]}]}]}],
\"warnings\"}, a STATEMENT as in who-can; or {\"type\": \"failure\", \"errors\"}.

Examples:
  policy-playground what-can --preset sagemaker-api-exam --principal specific-user
  policy-playground what-can account.json --principal ci-deploy-role --actions 'iam:*' --json

Exit codes:
  0  the answer (even when nothing is allowed)
  1  the scenario is not valid or its policies have errors (they are the answer, on standard
     output)
  2  a usage error, an unknown preset, FILE or standard input cannot be read, a principal the
     scenario does not have or a filter that matches no action (standard error suggests the
     closest)";

    /// What `policy-playground validate --help` shows after the arguments.
    const VALIDATE_AFTER_HELP: &str = "\
A FILE is one policy, read as --kind (identity by default): identity, endpoint, resource, trust,
permissionsBoundary, scp, rcp or session; or a playground scenario (a JSON object with
principals, endpoints, endpoint, resources, organization or accounts, and no Statement), whose
every policy is read as its layer's kind (--kind does not apply): endpoint policies as
endpoint, principals' policies as identity, boundaries, session policies, a resource's policy
as resource (trust for a role's ARN), SCPs and RCPs. `-` reads standard input.

Formats:
  human  one line per finding, FILE:LINE:COLUMN: SEVERITY CODE message (help), where a
         scenario's policy is named before the message and LINE:COLUMN is in the file itself
         (1-based, in characters); then a summary line
  json   {\"findings\": [...]} with IAM Access Analyzer's ValidatePolicy fields: findingType,
         issueCode, findingDetails, learnMoreLink, locations: [{path: [{value}|{index}|{key}],
         span: {start, end}}] (span positions {line, column, offset} in the policy's text, the
         line 1-based, the column and offset 0-based, in characters), and ours: file, policy,
         policyType, help, line, column, endLine, endColumn (1-based, in the file), and
         fix {replacement, span} where the fix is mechanical
  sarif  SARIF 2.1.0 for code scanning: every code a rule; ERROR is level error,
         SECURITY_WARNING and WARNING warning (security warnings tagged security), SUGGESTION
         note; a policy file's mechanical fixes as SARIF fixes

--fix rewrites each policy FILE with its mechanical fixes (a did-you-mean action, service,
condition key or operator; `allow` for `Allow`; an unsupported Version), says on standard error
how many it applied, then checks the fixed text. Scenario files and standard input are not
rewritten.

--resource ARN (with --kind resource) names the resource the policy files are attached to. A
statement of an Amazon ECR repository's policy (an `ecr` or `ecr-public` repository ARN) may
leave `Resource` out: it applies to the repository. Every other resource-based policy needs
`Resource` or `NotResource`.

Severities, most serious first: error, security-warning, warning, suggestion. A policy that is
not JSON is an ERROR finding (JSON_SYNTAX_ERROR), and a scenario file that does not read as a
scenario one INVALID_SCENARIO error.

Examples:
  policy-playground validate policy.json
  policy-playground validate --kind endpoint endpoint-policy.json
  policy-playground validate --format sarif --fail-on warning policies/*.json > findings.sarif
  policy-playground validate --fix policy.json
  policy-playground validate --kind resource \\
      --resource arn:aws:ecr:us-east-1:111122223333:repository/app repository-policy.json

Exit codes:
  0  no finding at or above --fail-on (default: error; findings below it are still printed)
  1  a finding at or above --fail-on
  2  a usage error, or a FILE that cannot be read (missing, a folder, not UTF-8): the messages
     are on standard error and nothing is on standard output";

    const CHECKS_AFTER_HELP: &str = "\
Examples:
  policy-playground checks
  policy-playground checks --json | jq 'select(.findingType == \"SECURITY_WARNING\")'

Exit codes:
  0  the list is printed
  2  a usage error (the message is on standard error)";

    const ACTIONS_AFTER_HELP: &str = "\"
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
            levels, resource types and condition keys. Check the expectations of playground \
            scenario files\nand compare two scenarios' grids, and check policies as IAM \
            Access Analyzer does (validate),\nfor a policy repository's CI.",
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
            override_usage = "policy-playground simulate [--explain] [FILE|-]\n       \
                policy-playground simulate --batch [--jobs N]",
            long_about = "Decide one case: read a JSON case (the request and the policies of \
                every layer that applies) from\nFILE, or from standard input when FILE is `-` \
                or absent, and write one JSON answer line to standard\noutput: the decision \
                with the decisive statements, the blocking layers and the warnings, or the\n\
                errors located by policy, line and column. With --batch, read one case per \
                input line (JSON\nLines) and write one answer line per input line, in order, \
                invalid lines included;\nthe lines are decided on every core (--jobs N: on N \
                threads), each distinct policy text\nparsed once per thread. Answers are \
                written as their lines are decided: a program may write a\ncase, read its \
                answer, then write the next.",
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
        /// Check the expectations of scenario files: exit 0 when all hold, 1 when one fails.
        #[command(
            override_usage = "policy-playground check FILE... [--json]",
            long_about = "Check every expectation of each scenario file (JSON, as the page exports \
                it and its share links\nhold it): each cell an expectation covers is decided as \
                the page's grid decides it, and\nevery cell that does not decide as expected is \
                printed with its explanation.",
            after_help = CHECK_AFTER_HELP
        )]
        Check(CheckArgs),
        /// Print the cells that differ between two scenarios, and the verdict.
        #[command(
            override_usage = "policy-playground diff OLD NEW [--json]\n       \
                policy-playground diff FILE [--json]",
            long_about = "Compare the grids of two scenario files (or of one file and the \
                baseline it carries): print\nevery cell that gained access, lost it, or is \
                denied for another reason, with the counts and\nthe verdict (same, narrower, \
                broader, mixed).",
            after_help = DIFF_AFTER_HELP
        )]
        Diff(DiffArgs),
        /// List every check: its code, finding type, origin, policy kinds, summary and page.
        #[command(
            override_usage = "policy-playground checks [--json]",
            long_about = "List every check the playground makes, one per line: the code, the \
                finding type (ERROR,\nSECURITY_WARNING, WARNING, SUGGESTION), whether it is IAM \
                Access Analyzer's check or ours, the\npolicy kinds it applies to (or `case`, \
                `evaluation`), its one-line summary and the AWS page of\nits rule, separated by \
                tabs. With --json, write JSON Lines: {\"code\", \"findingType\",\n\
                \"accessAnalyzer\" (Access Analyzer's finding type, or null for ours), \
                \"appliesTo\", \"summary\",\n\"explanation\", \"link\"}. docs/checks.md \
                shows the same list with examples.",
            after_help = CHECKS_AFTER_HELP
        )]
        Checks {
            /// Write JSON Lines instead of tab-separated text.
            #[arg(long)]
            json: bool,
        },
        /// Print the share link of a scenario file, or (--decode) the scenario a link holds.
        #[command(
            override_usage = "policy-playground link FILE [--base URL]\n       \
                policy-playground link --decode LINK",
            long_about = "Print the share link of a scenario file (JSON; `-` reads standard \
                input), the same link the\npage's \"Copy share link\" makes; or, with --decode, \
                print the scenario file (pretty JSON) that a\nlink, or its fragment, holds.",
            after_help = LINK_AFTER_HELP
        )]
        Link(LinkArgs),
        /// Check policy and scenario files for mistakes, as text, Access Analyzer's JSON or SARIF.
        #[command(
            override_usage = "policy-playground validate [--kind KIND] [--format human|json|sarif] \
                [--fail-on SEVERITY] [--fix] [--resource ARN] FILE...",
            long_about = "Check policies as IAM Access Analyzer's policy validation does, \
                offline: every FILE is a policy\n(of --kind) or a playground scenario (every \
                policy with its layer's kind), and every finding\nis printed with its code, \
                severity and place, as text, as Access Analyzer's JSON, or as SARIF\nfor \
                code-scanning tools.",
            after_help = VALIDATE_AFTER_HELP
        )]
        Validate(ValidateArgs),
        /// Make a scenario of `aws iam get-account-authorization-details` output (one file or
        /// every page).
        #[command(
            override_usage = "policy-playground import FILE... [--report REPORT.json] [--strict]",
            long_about = "Read the output of `aws iam get-account-authorization-details` (one \
                file, or the pages of a\npaginated export; `-` reads standard input) and write \
                a playground scenario (JSON) to standard\noutput: a principal per user (its \
                inline, attached and groups' policies, boundary and tags) and\nper role (a \
                session of it, with its policies, boundary and tags; its trust policy as the \
                role's\nresource policy). What could not be resolved (a managed policy not in \
                the file, an unreadable\ndocument, a group not found, ...) is listed on \
                standard error.",
            after_help = IMPORT_AFTER_HELP
        )]
        Import(ImportArgs),
        /// Print every principal's decision for one action, with what grants it or blocks it.
        #[command(
            override_usage = "policy-playground who-can [FILE|-] --action ACTION [--resource R] [--json]\n       \
                policy-playground who-can --preset ID --action ACTION [--resource R] [--json]",
            long_about = "Who may call one action: read a playground scenario (JSON, as the page \
                exports it; a file, standard\ninput when FILE is `-` or absent, or a built-in \
                preset), decide ACTION for every principal, and\nprint each decision with the \
                statements and policies that grant it, or the layers that block it\nand the Deny \
                statements that decide it.",
            after_help = WHO_CAN_AFTER_HELP
        )]
        WhoCan(WhoCanArgs),
        /// Print every action one principal may call, by service and access level.
        #[command(
            override_usage = "policy-playground what-can [FILE|-] --principal NAME [--actions FILTER] [--json]\n       \
                policy-playground what-can --preset ID --principal NAME [--actions FILTER] [--json]",
            long_about = "What one principal may do: read a playground scenario (JSON, as the \
                page exports it; a file,\nstandard input when FILE is `-` or absent, or a \
                built-in preset), decide every action of the\ncatalog (or of FILTER) for the \
                principal NAME, and print the allowed ones grouped by service and\naccess level, \
                each with the policy and statement that grant it.",
            after_help = WHAT_CAN_AFTER_HELP
        )]
        WhatCan(WhatCanArgs),
    }

    /// `import FILE... [--report FILE] [--strict]`.
    #[derive(Debug, Args)]
    struct ImportArgs {
        /// The export's pages (JSON); `-` reads standard input
        #[arg(value_name = "FILE", required = true)]
        files: Vec<PathBuf>,
        /// Also write the report as JSON to REPORT ({"pages", "users", "roles", "groups",
        /// "policies", "duplicates", "problems", "instanceProfiles"})
        #[arg(long, value_name = "REPORT")]
        report: Option<PathBuf>,
        /// Exit 1 when the report lists anything left out
        #[arg(long)]
        strict: bool,
    }

    #[derive(Debug, Args)]
    struct ValidateArgs {
        #[arg(value_name = "FILE", required = true)]
        files: Vec<PathBuf>,
        /// The kind of the policy files (scenario files give each policy its own).
        #[arg(long, value_enum, default_value_t = KindArg::Identity)]
        kind: KindArg,
        /// How findings are written.
        #[arg(long, value_enum, default_value_t = FormatArg::Human)]
        format: FormatArg,
        /// The least serious finding that makes the exit code 1.
        #[arg(long, value_enum, value_name = "SEVERITY", default_value_t = FailOn::Error)]
        fail_on: FailOn,
        /// Apply the mechanical fixes (did-you-mean names, the case of `Effect`, the version)
        /// to each policy FILE in place, then report what is left.
        #[arg(long)]
        fix: bool,
        /// The ARN of the resource the policy files are attached to (--kind resource only): an
        /// Amazon ECR repository's policy may leave `Resource` out.
        #[arg(long, value_name = "ARN")]
        resource: Option<String>,
    }

    /// `--kind`: the names of the JavaScript API's `validate`.
    #[derive(Debug, Clone, Copy, ValueEnum)]
    #[value(rename_all = "camelCase")]
    enum KindArg {
        Identity,
        Endpoint,
        Resource,
        Trust,
        PermissionsBoundary,
        Scp,
        Rcp,
        Session,
    }

    impl KindArg {
        fn kind(self) -> PolicyKind {
            match self {
                KindArg::Identity => PolicyKind::Identity,
                KindArg::Endpoint => PolicyKind::Endpoint,
                KindArg::Resource => PolicyKind::Resource,
                KindArg::Trust => PolicyKind::Trust,
                KindArg::PermissionsBoundary => PolicyKind::PermissionsBoundary,
                KindArg::Scp => PolicyKind::Scp,
                KindArg::Rcp => PolicyKind::Rcp,
                KindArg::Session => PolicyKind::Session,
            }
        }
    }

    #[derive(Debug, Clone, Copy, ValueEnum)]
    enum FormatArg {
        Human,
        Json,
        Sarif,
    }

    #[derive(Debug, Clone, Copy, ValueEnum)]
    enum FailOn {
        Error,
        SecurityWarning,
        Warning,
        Suggestion,
    }

    impl FailOn {
        fn severity(self) -> Severity {
            match self {
                FailOn::Error => Severity::Error,
                FailOn::SecurityWarning => Severity::SecurityWarning,
                FailOn::Warning => Severity::Warning,
                FailOn::Suggestion => Severity::Suggestion,
            }
        }
    }

    /// `check FILE... [--json]`.
    #[derive(Debug, Args)]
    struct CheckArgs {
        /// The scenario files (JSON); `-` reads standard input
        #[arg(value_name = "FILE", required = true)]
        files: Vec<PathBuf>,
        /// Write one JSON line per file
        #[arg(long)]
        json: bool,
    }

    /// `diff OLD NEW [--json]` and `diff FILE [--json]`.
    #[derive(Debug, Args)]
    struct DiffArgs {
        /// The scenario before and the scenario after (one FILE: compared with its baseline)
        #[arg(value_name = "FILE", required = true, num_args = 1..=2)]
        files: Vec<PathBuf>,
        /// Write the answer as one JSON line
        #[arg(long)]
        json: bool,
    }

    /// `link FILE [--base URL]` and `link --decode LINK`.
    #[derive(Debug, Args)]
    struct LinkArgs {
        /// The scenario file (JSON); `-` reads standard input
        #[arg(value_name = "FILE", required_unless_present = "decode")]
        file: Option<PathBuf>,
        /// Where the playground is served (the link is BASE#v2.…)
        #[arg(long, value_name = "URL", default_value = DEFAULT_BASE, conflicts_with = "decode")]
        base: String,
        /// Print the scenario a link (or its fragment, from `#` or `v2.`) holds
        #[arg(long, value_name = "LINK", conflicts_with = "file")]
        decode: Option<String>,
    }

    /// The base of a share link when none is given: the page's own file, so that the link opens
    /// next to a copy of the built site.
    const DEFAULT_BASE: &str = "index.html";

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

    /// `who-can [FILE|-|--preset ID] --action ACTION [--resource R] [--json]`.
    #[derive(Debug, Args)]
    struct WhoCanArgs {
        /// The scenario file (JSON); `-` or nothing reads standard input
        #[arg(value_name = "FILE")]
        file: Option<PathBuf>,
        /// A built-in preset instead of a file (e.g. sagemaker-api-exam)
        #[arg(long, value_name = "ID", conflicts_with = "file")]
        preset: Option<String>,
        /// The action (one of the catalog, case-insensitive): sagemaker:CreateTrainingJob
        #[arg(long, value_name = "ACTION")]
        action: String,
        /// A named resource of the scenario, an ARN or `*` (default: the grid's resource)
        #[arg(long, value_name = "R")]
        resource: Option<String>,
        /// Write the answer as one JSON line
        #[arg(long)]
        json: bool,
    }

    /// `what-can [FILE|-|--preset ID] --principal NAME [--actions FILTER] [--json]`.
    #[derive(Debug, Args)]
    struct WhatCanArgs {
        /// The scenario file (JSON); `-` or nothing reads standard input
        #[arg(value_name = "FILE")]
        file: Option<PathBuf>,
        /// A built-in preset instead of a file (e.g. sagemaker-api-exam)
        #[arg(long, value_name = "ID", conflicts_with = "file")]
        preset: Option<String>,
        /// The principal's name in the scenario (or its ARN)
        #[arg(long, value_name = "NAME")]
        principal: String,
        /// Only these actions: patterns as the action filter reads them (default: the catalog)
        #[arg(long, value_name = "FILTER")]
        actions: Option<String>,
        /// Write the answer as one JSON line
        #[arg(long)]
        json: bool,
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
        /// With --batch: decide on N threads (default: every core); answers stay in input order
        #[arg(long, value_name = "N", requires = "batch", value_parser = clap::value_parser!(u16).range(1..))]
        jobs: Option<u16>,
        /// Write the answer in plain words instead of JSON: the decision and the statements or
        /// layers that made it, then each warning or error as PLACE:LINE:COLUMN (one case only)
        #[arg(long, conflicts_with = "batch")]
        explain: bool,
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
        if let Some(jobs) = plain_batch_args(std::env::args_os().skip(1)) {
            return batch(jobs);
        }
        let cli = match Cli::try_parse() {
            Ok(cli) => cli,
            Err(error) => {
                let printed = error.print();
                if !error.use_stderr() {
                    // `--help` and `--version`: standard output
                    output::note(printed);
                }
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
            Command::Check(args) => run_check(args),
            Command::Diff(args) => run_diff(args),
            Command::Link(args) => run_link(args),
            Command::Checks { json } => run_checks(json),
            Command::Validate(args) => run_validate(args),
            Command::Import(args) => run_import(args),
            Command::WhoCan(args) => run_who_can(args),
            Command::WhatCan(args) => run_what_can(args),
        }
    }

    // ---------- import ----------

    /// The texts of `paths` (`-`: standard input, read once), at most
    /// [`import::MAX_IMPORT_BYTES`] together: a file's size is checked before it is read, and
    /// standard input is read no further than the bound.
    fn read_export(paths: &[PathBuf]) -> Result<Vec<String>, String> {
        let limit = import::MAX_IMPORT_BYTES;
        let too_large = || {
            format!("the export is too large: at most {limit} bytes per import, all files together")
        };
        let mut total = 0usize;
        let mut texts = Vec::with_capacity(paths.len());
        let mut stdin_read = false;
        for path in paths {
            let mut bytes = Vec::new();
            let remaining = (limit - total) as u64;
            if path == Path::new("-") {
                if stdin_read {
                    return Err("standard input (`-`) can be given once".into());
                }
                stdin_read = true;
                std::io::stdin()
                    .lock()
                    .take(remaining + 1)
                    .read_to_end(&mut bytes)
                    .map_err(|e| format!("cannot read standard input: {e}"))?;
            } else {
                let cannot = |e: std::io::Error| format!("cannot read `{}`: {e}", path.display());
                let file = std::fs::File::open(path).map_err(cannot)?;
                if file.metadata().map_err(cannot)?.len() > remaining {
                    return Err(format!("`{}`: {}", path.display(), too_large()));
                }
                file.take(remaining + 1)
                    .read_to_end(&mut bytes)
                    .map_err(cannot)?;
            }
            if bytes.len() as u64 > remaining {
                return Err(too_large());
            }
            total += bytes.len();
            texts.push(text_of(bytes, path)?);
        }
        Ok(texts)
    }

    /// `import FILE... [--report FILE] [--strict]`: the scenario on standard output, the report
    /// on standard error.
    fn run_import(args: ImportArgs) -> u8 {
        let texts = match read_export(&args.files) {
            Ok(texts) => texts,
            Err(message) => return bad_input(&[message]),
        };
        let pages: Vec<&str> = texts.iter().map(String::as_str).collect();
        let file = |page: usize| {
            args.files
                .get(page.wrapping_sub(1))
                .map(|p| p.display().to_string())
                .unwrap_or_else(|| "import".into())
        };
        let imported = match import::import(&pages) {
            Ok(imported) => imported,
            Err(e) => {
                let at = if e.line > 0 {
                    format!("{}:{}:{}: ", file(e.page), e.line, e.column)
                } else {
                    String::new()
                };
                return bad_input(&[format!("{at}{}", e.message)]);
            }
        };
        let json = serde_json::to_string_pretty(&imported.scenario).unwrap_or_default();
        let report = &imported.report;
        if let Some(path) = &args.report {
            let text = serde_json::to_string_pretty(report).unwrap_or_default();
            if let Err(e) = std::fs::write(path, format!("{text}\n")) {
                return bad_input(&[format!("cannot write `{}`: {e}", path.display())]);
            }
        }
        let mut out = std::io::stdout().lock();
        output::note(writeln!(out, "{json}").and_then(|()| out.flush()));
        let stderr = std::io::stderr();
        let mut err = Printable(std::io::BufWriter::new(stderr.lock()));
        for p in &report.problems {
            let at = if p.page > 0 {
                format!("{}:{}:{}: ", file(p.page), p.line, p.column)
            } else {
                "policy-playground: import: ".to_string()
            };
            let who = match (p.principal.as_str(), p.policy.as_str()) {
                ("", "") => String::new(),
                (principal, "") => format!("`{principal}`: "),
                ("", policy) => format!("policy `{policy}`: "),
                (principal, _) => format!("`{principal}`: "),
            };
            let place = if p.place.is_empty() {
                String::new()
            } else {
                format!(" ({})", p.place)
            };
            let _ = writeln!(err, "{at}{}: {who}{}{place}", p.kind.as_str(), p.reason);
        }
        let _ = writeln!(
            err,
            "policy-playground: imported {} user{}, {} role{}, {} group{} and {} managed polic{} from {} page{}{}; {} problem{} listed",
            report.users,
            if report.users == 1 { "" } else { "s" },
            report.roles,
            if report.roles == 1 { "" } else { "s" },
            report.groups,
            if report.groups == 1 { "" } else { "s" },
            report.policies,
            if report.policies == 1 { "y" } else { "ies" },
            report.pages,
            if report.pages == 1 { "" } else { "s" },
            if report.duplicates > 0 {
                format!(
                    " ({} duplicate{} kept once)",
                    report.duplicates,
                    if report.duplicates == 1 { "" } else { "s" }
                )
            } else {
                String::new()
            },
            report.problems.len(),
            if report.problems.len() == 1 { "" } else { "s" },
        );
        if json.len() > share::MAX_SCENARIO_FILE {
            let _ = writeln!(
                err,
                "policy-playground: the scenario has {} bytes of JSON; the page and `policy-playground scenario` read at most {}",
                json.len(),
                share::MAX_SCENARIO_FILE
            );
        } else if json.len() > share::MAX_JSON {
            let _ = writeln!(
                err,
                "policy-playground: the scenario has {} bytes of JSON: too large for a share link (at most {}); open it as a file",
                json.len(),
                share::MAX_JSON
            );
        }
        let _ = err.flush();
        if args.strict && !report.problems.is_empty() {
            EXIT_FINDINGS
        } else {
            EXIT_OK
        }
    }

    // ---------- validate ----------

    fn run_validate(args: ValidateArgs) -> u8 {
        if let Some(resource) = &args.resource {
            let problem = findings::attached_resource_problem(
                args.kind.kind(),
                resource,
                "--resource",
                "--kind resource",
            );
            if let Some(problem) = problem {
                return bad_input(&[problem]);
            }
        }
        let resource = args.resource.as_deref().unwrap_or("");
        // Every file is read before anything is printed: unreadable input prints nothing on
        // standard output.
        let mut texts = Vec::new();
        let mut problems = Vec::new();
        for path in &args.files {
            match read_text(path) {
                Ok(text) => texts.push((path.display().to_string(), text)),
                Err(message) => problems.push(message),
            }
        }
        if !problems.is_empty() {
            return bad_input(&problems);
        }
        if args.fix {
            for (file, text) in &mut texts {
                if file == "-" || findings::file_kind(text) == findings::FileKind::Scenario {
                    eprintln!("{file}: not fixed: --fix rewrites policy files only");
                    continue;
                }
                let (fixed, applied) = findings::apply_fixes(text, args.kind.kind(), resource);
                if applied == 0 {
                    continue;
                }
                if let Err(e) = std::fs::write(file.as_str(), &fixed) {
                    eprintln!("{file}: not fixed: cannot write it: {e}");
                    continue;
                }
                eprintln!(
                    "{file}: {applied} fix{} applied",
                    if applied == 1 { "" } else { "es" }
                );
                *text = fixed;
            }
        }
        let all: Vec<findings::Finding> = texts
            .iter()
            .flat_map(|(file, text)| findings::validate(file, text, args.kind.kind(), resource))
            .collect();
        let written = match args.format {
            FormatArg::Human => {
                policy_playground::text::printable(&findings::human(&all, texts.len())).into_owned()
            }
            FormatArg::Json => format!("{}\n", findings::findings_json(&all)),
            FormatArg::Sarif => format!(
                "{}\n",
                serde_json::to_string_pretty(&findings::sarif(&all)).unwrap_or_default()
            ),
        };
        let mut out = std::io::stdout().lock();
        output::note(out.write_all(written.as_bytes()).and_then(|()| out.flush()));
        if findings::fails(&all, args.fail_on.severity()) {
            EXIT_FINDINGS
        } else {
            EXIT_OK
        }
    }

    // ---------- reading scenario files (check, diff, link) ----------

    /// The text of `path` (`-`: standard input), or the message for standard error.
    fn read_text(path: &Path) -> Result<String, String> {
        if path == Path::new("-") {
            return read_stdin();
        }
        read_file(path)
    }

    /// The text of the file at `path`, or the message for standard error: a byte-order mark
    /// names its encoding (UTF-8, or the UTF-16LE that Windows PowerShell's `>` writes), as the
    /// page and `import` read files; without one the text must be UTF-8.
    fn read_file(path: &Path) -> Result<String, String> {
        let bytes =
            std::fs::read(path).map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
        text_of(bytes, path)
    }

    /// The text of the bytes of the file at `path`: decoded as its byte-order mark says (the
    /// page's reading, `import::decode_file`), else UTF-8, else the message for standard error.
    fn text_of(bytes: Vec<u8>, path: &Path) -> Result<String, String> {
        if import::has_byte_order_mark(&bytes) {
            return Ok(import::decode_file(bytes));
        }
        String::from_utf8(bytes)
            .map_err(|_| format!("cannot read `{}`: it is not UTF-8 text", path.display()))
    }

    /// The scenario file at `path`, read and checked against the bounds of share links, or the
    /// message for standard error (with the line and column of a document that does not read).
    fn read_scenario(path: &Path) -> Result<Scenario, String> {
        let text = read_text(path)?;
        report::read(&text).map_err(|located| {
            format!(
                "{}:{}:{}: {}",
                path.display(),
                located.line,
                located.column,
                located.message
            )
        })
    }

    /// The workspace of `scenario` from `path`, or every policy error as messages for standard
    /// error (`what` names the document: the file, or its baseline).
    fn decidable(scenario: Scenario, what: &str) -> Result<Workspace, Vec<String>> {
        let ws = Workspace::new(scenario);
        if !ws.has_errors() {
            return Ok(ws);
        }
        let errors = ws
            .diagnostics()
            .iter()
            .filter(|d| d.is_error())
            .map(|d| {
                let value = serde_json::to_value(&d.located).unwrap_or_default();
                format!("{what}: {}", diagnostic_line(&value))
            })
            .collect();
        Err(errors)
    }

    /// A writer for text meant for people (not JSON) that passes it through
    /// [`printable`](policy_playground::text::printable): the policies' strings it carries
    /// (names, keys, values, messages) cannot drive the terminal. Formatting writes whole `str`
    /// pieces, so every write is whole UTF-8; bytes that are not pass as they are.
    struct Printable<W: Write>(W);

    impl<W: Write> Write for Printable<W> {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            match std::str::from_utf8(buf) {
                Ok(text) => self
                    .0
                    .write_all(policy_playground::text::printable(text).as_bytes())?,
                Err(_) => self.0.write_all(buf)?,
            }
            Ok(buf.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            self.0.flush()
        }
    }

    /// Writes `text` and a newline to standard output; a reader that went away (`| head`) is
    /// not an error, any other failure is [noted](output::note).
    fn print_line(text: &str) {
        let mut out = std::io::stdout().lock();
        output::note(writeln!(out, "{text}").and_then(|()| out.flush()));
    }

    /// What became of standard output. Every verb writes through [`note`](output::note): a
    /// reader that went away (`| head`) quietly ends the output, as before; any other failure
    /// (a full disk, a file too large, an I/O error) is remembered, as is output written to a
    /// standard output closed from the start, and [`checked`](output::checked)
    /// makes it the process's answer: a message on standard error and [`EXIT_USAGE`], whatever
    /// the verb would have exited with. Before, such a failure exited 0 with the output cut
    /// short (or, for `simulate FILE`, in a panic), so a script saw success.
    pub(crate) mod output {
        use std::sync::atomic::{AtomicBool, Ordering};
        use std::sync::OnceLock;

        /// The first failure to write standard output, but a reader that went away.
        static FAILURE: OnceLock<std::io::Error> = OnceLock::new();
        /// Standard output was closed when the process started ([`RECORD_CLOSED_STDOUT`]).
        static CLOSED: AtomicBool = AtomicBool::new(false);
        /// Something was written to standard output ([`note`] saw a write succeed).
        static WROTE: AtomicBool = AtomicBool::new(false);

        /// Standard output closed outright (`>&-`). Before `main`, the standard library opens
        /// `/dev/null` on a closed descriptor 0, 1 or 2 (so that no file the program opens
        /// takes its place), and every write then "succeeds": the output would be lost with
        /// exit 0. So whether descriptor 1 was closed is read earlier still, by a function the
        /// C runtime calls before the standard library starts ([`RECORD_CLOSED_STDOUT`]), and
        /// [`checked`] turns what was written into the exit code of output that cannot be
        /// written. A verb that writes nothing (an empty batch) still ends as it would.
        #[cfg(target_os = "linux")]
        #[used]
        #[link_section = ".init_array"]
        static RECORD_CLOSED_STDOUT: extern "C" fn() = record_closed_stdout;

        /// See [`RECORD_CLOSED_STDOUT`].
        #[cfg(target_os = "linux")]
        extern "C" fn record_closed_stdout() {
            // SAFETY: `fcntl(F_GETFD)` only reads descriptor 1's flags; nothing else is
            // touched before the standard library starts.
            let closed = unsafe { libc::fcntl(1, libc::F_GETFD) } == -1
                && std::io::Error::last_os_error().raw_os_error() == Some(libc::EBADF);
            if closed {
                CLOSED.store(true, Ordering::Relaxed);
            }
        }

        /// Whether `written` (a write to standard output, or its flush) succeeded; a failure
        /// other than a reader that went away is remembered (the first one). Either way a
        /// caller that sees `false` writes no more.
        pub(crate) fn note<T>(written: std::io::Result<T>) -> bool {
            match written {
                Ok(_) => {
                    WROTE.store(true, Ordering::Relaxed);
                    true
                }
                Err(e) => {
                    if e.kind() != std::io::ErrorKind::BrokenPipe {
                        let _ = FAILURE.set(e);
                    }
                    false
                }
            }
        }

        /// The exit code of a verb that answered `code`: [`EXIT_USAGE`](super::EXIT_USAGE),
        /// with a message on standard error, when standard output could not be written.
        pub(crate) fn checked(code: u8) -> u8 {
            match FAILURE.get() {
                Some(e) => {
                    eprintln!("policy-playground: cannot write standard output: {e}");
                    super::EXIT_USAGE
                }
                None if CLOSED.load(Ordering::Relaxed) && WROTE.load(Ordering::Relaxed) => {
                    eprintln!("policy-playground: cannot write standard output: it is closed");
                    super::EXIT_USAGE
                }
                None => code,
            }
        }
    }

    /// Prints `messages` on standard error; returns [`EXIT_USAGE`].
    fn bad_input(messages: &[String]) -> u8 {
        for m in messages {
            eprintln!("policy-playground: {m}");
        }
        EXIT_USAGE
    }

    // ---------- check ----------

    /// `check FILE... [--json]`: every expectation of each file.
    fn run_check(args: CheckArgs) -> u8 {
        // Every file is read and its policies checked before anything is printed: bad input
        // prints nothing on standard output.
        let mut loaded = Vec::new();
        let mut problems = Vec::new();
        for path in &args.files {
            match read_scenario(path) {
                Ok(s) => match decidable(s, &path.display().to_string()) {
                    Ok(ws) => loaded.push((path, ws)),
                    Err(errors) => problems.extend(errors),
                },
                Err(message) => problems.push(message),
            }
        }
        if !problems.is_empty() {
            return bad_input(&problems);
        }
        let stdout = std::io::stdout();
        let mut out = std::io::BufWriter::new(stdout.lock());
        let mut all_hold = true;
        for (path, ws) in &loaded {
            let file = path.display().to_string();
            if ws.scenario.expectations.is_empty() {
                eprintln!("policy-playground: {file}: no expectations to check");
            }
            let results = ws.check_expectations();
            let mut answer = report::check_answer(ws, &results);
            all_hold &= answer["state"] == "pass";
            let written = if args.json {
                if let serde_json::Value::Object(map) = &mut answer {
                    map.insert("file".into(), serde_json::json!(file));
                }
                writeln!(out, "{answer}")
            } else {
                write!(
                    out,
                    "{}",
                    policy_playground::text::printable(&check_text(&file, &answer))
                )
            };
            if !output::note(written) {
                break;
            }
        }
        output::note(out.flush());
        if all_hold {
            EXIT_OK
        } else {
            EXIT_FINDINGS
        }
    }

    /// Failing cells explained per expectation in the text report; the rest are counted.
    const SHOWN_FAILURES: usize = 20;

    /// A `{"decision", "blockedBy"}` object in words: `Allowed`, `ImplicitlyDenied by endpoint`,
    /// `Unreachable at security-group-egress`.
    fn cell_words(cell: &serde_json::Value) -> String {
        if cell.is_null() {
            return "absent (no access)".into();
        }
        let decision = cell["decision"].as_str().unwrap_or("?");
        if let Some(hop) = cell["stoppedAt"].as_str() {
            return format!("{decision} at {hop}");
        }
        let blocked: Vec<&str> = cell["blockedBy"]
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
    }

    /// One file's `check` answer as text.
    fn check_text(file: &str, answer: &serde_json::Value) -> String {
        let n = |k: &str| answer[k].as_u64().unwrap_or(0);
        let total = n("passed") + n("failed") + n("invalid");
        let mut text = format!(
            "{file}: {} ({} of {total} expectations hold{}{})\n",
            if answer["state"] == "pass" {
                "pass"
            } else {
                "FAIL"
            },
            n("passed"),
            if n("failed") > 0 {
                format!(", {} fail", n("failed"))
            } else {
                String::new()
            },
            if n("invalid") > 0 {
                format!(", {} invalid", n("invalid"))
            } else {
                String::new()
            },
        );
        for e in answer["expectations"].as_array().into_iter().flatten() {
            let s = |k: &str| e[k].as_str().unwrap_or("").to_string();
            let resource = match s("resource") {
                r if r.is_empty() => String::new(),
                r => format!(" on {r}"),
            };
            let what = format!(
                "{} × {}{resource} is {}",
                s("principal"),
                s("action"),
                s("expect")
            );
            let note = match s("note") {
                n if n.is_empty() => String::new(),
                n => format!(" ({n})"),
            };
            match s("state").as_str() {
                "pass" => {
                    let cells = e["cells"].as_u64().unwrap_or(0);
                    let plural = if cells == 1 { "" } else { "s" };
                    text.push_str(&format!("  pass     {what}{note}: {cells} cell{plural}\n"));
                }
                "invalid" => {
                    let problem = e["problem"]["message"].as_str().unwrap_or("");
                    text.push_str(&format!("  INVALID  {what}: {problem}\n"));
                }
                _ => {
                    let failures = e["failures"].as_array().map(Vec::as_slice).unwrap_or(&[]);
                    text.push_str(&format!(
                        "  FAIL     {what}{note}: {} of {} cells decide otherwise\n",
                        failures.len(),
                        e["cells"]
                    ));
                    for f in failures.iter().take(SHOWN_FAILURES) {
                        text.push_str(&failure_text(f));
                    }
                    if failures.len() > SHOWN_FAILURES {
                        text.push_str(&format!(
                            "           … and {} more (--json lists them all)\n",
                            failures.len() - SHOWN_FAILURES
                        ));
                    }
                }
            }
        }
        text
    }

    /// One failing cell with its explanation, indented under its expectation.
    fn failure_text(f: &serde_json::Value) -> String {
        let s = |v: &serde_json::Value| v.as_str().unwrap_or("").to_string();
        let mut text = format!(
            "           {} × {} on {}: {}\n",
            s(&f["principal"]),
            s(&f["action"]),
            s(&f["resource"]),
            cell_words(f)
        );
        let e = &f["explanation"];
        text.push_str(&format!("             {}\n", s(&e["summary"])));
        for d in e["decisive"].as_array().into_iter().flatten() {
            let at = match (d["place"].as_str(), d["line"].as_u64()) {
                (Some(place), Some(line)) => format!("{place}:{line}: "),
                _ => String::new(),
            };
            let sid = d["sid"]
                .as_str()
                .map(|sid| format!(" ({sid})"))
                .unwrap_or_default();
            text.push_str(&format!(
                "             decisive: {at}{} statement {}{sid} of {}\n",
                s(&d["effect"]),
                d["statement"],
                s(&d["policy"])
            ));
        }
        text
    }

    // ---------- diff ----------

    /// `diff OLD NEW [--json]` and `diff FILE [--json]` (against its baseline).
    fn run_diff(args: DiffArgs) -> u8 {
        let mut read = Vec::new();
        let mut problems = Vec::new();
        for path in &args.files {
            match read_scenario(path) {
                Ok(s) => read.push((path.display().to_string(), s)),
                Err(message) => problems.push(message),
            }
        }
        if !problems.is_empty() {
            return bad_input(&problems);
        }
        let (before, after) = match read.as_mut_slice() {
            [(old, a), (new, b)] => (
                (old.clone(), a.clone()),
                (new.clone(), b.clone()),
            ),
            [(file, s)] => match s.baseline.take() {
                Some(baseline) => ((format!("{file} (its baseline)"), *baseline), (file.clone(), s.clone())),
                None => {
                    return bad_input(&[format!(
                        "{file} carries no baseline: give the scenario before and the scenario after (diff OLD NEW)"
                    )])
                }
            },
            _ => return bad_input(&["diff takes OLD and NEW, or one FILE with a baseline".into()]),
        };
        let (before, after) = match (decidable(before.1, &before.0), decidable(after.1, &after.0)) {
            (Ok(b), Ok(a)) => (b, a),
            (b, a) => {
                let errors: Vec<String> =
                    [b.err(), a.err()].into_iter().flatten().flatten().collect();
                return bad_input(&errors);
            }
        };
        let Some(diff) = diff_scenarios(&before, &after) else {
            return bad_input(&["the scenarios cannot be decided".into()]);
        };
        let answer = report::diff_answer(&diff);
        if args.json {
            print_line(&answer.to_string());
        } else {
            print_diff(&answer);
        }
        if diff.is_empty() {
            EXIT_OK
        } else {
            EXIT_FINDINGS
        }
    }

    /// The diff as text: cells that gained (`+`) or lost (`-`) access, then those denied for
    /// another reason (`~`), tab-separated, then the verdict with the counts.
    fn print_diff(answer: &serde_json::Value) {
        let stdout = std::io::stdout();
        let mut out = Printable(std::io::BufWriter::new(stdout.lock()));
        let cells = answer["cells"].as_array().map(Vec::as_slice).unwrap_or(&[]);
        let access = cells.iter().filter(|c| c["change"] != "changed");
        let reasons = cells.iter().filter(|c| c["change"] == "changed");
        for c in access.chain(reasons) {
            let mark = match c["change"].as_str() {
                Some("gained") => "+",
                Some("lost") => "-",
                _ => "~",
            };
            let line = format!(
                "{mark} {}\t{}\t{} → {}",
                c["principal"].as_str().unwrap_or("?"),
                c["action"].as_str().unwrap_or("?"),
                cell_words(&c["before"]),
                cell_words(&c["after"])
            );
            if !output::note(writeln!(out, "{line}")) {
                return;
            }
        }
        output::note(writeln!(
            out,
            "{}: +{} allowed, -{} allowed, {} denied for another reason",
            answer["verdict"].as_str().unwrap_or("?"),
            answer["gained"],
            answer["lost"],
            answer["changed"]
        ));
        output::note(out.flush());
    }

    // ---------- link ----------

    /// `link FILE [--base URL]` and `link --decode LINK`.
    fn run_link(args: LinkArgs) -> u8 {
        if let Some(link) = &args.decode {
            // A whole link, or its fragment with or without `#`.
            let fragment = link
                .split_once('#')
                .map_or(link.as_str(), |(_, f)| f)
                .trim();
            return match share::decode(fragment) {
                Ok(scenario) => match serde_json::to_string_pretty(&scenario) {
                    Ok(json) => {
                        print_line(&json);
                        EXIT_OK
                    }
                    Err(e) => bad_input(&[format!("cannot write the scenario: {e}")]),
                },
                Err(d) => bad_input(&[format!("the link does not open: {}", d.message)]),
            };
        }
        let Some(path) = &args.file else {
            return bad_input(&["give a scenario FILE, or --decode LINK".into()]);
        };
        let scenario = match read_scenario(path) {
            Ok(s) => s,
            Err(message) => return bad_input(&[message]),
        };
        let fragment = share::encode(&scenario);
        if fragment.len() > share::MAX_FRAGMENT {
            return bad_input(&[format!(
                "{}: the scenario is too large for a link ({} characters; the page opens at most {})",
                path.display(),
                fragment.len(),
                share::MAX_FRAGMENT
            )]);
        }
        let base = args
            .base
            .split_once('#')
            .map_or(args.base.as_str(), |(b, _)| b);
        print_line(&format!("{base}#{fragment}"));
        EXIT_OK
    }

    // ---------- scenario ----------

    /// `scenario [FILE|-|--preset ID] [--json]`: the grid of a scenario.
    fn run_scenario(args: ScenarioArgs) -> u8 {
        let scenario = match scenario_source(args.preset.as_deref(), args.file.as_deref()) {
            Ok(scenario) => scenario,
            Err(code) => return code,
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
            print_line(&answer.to_string());
        } else if failed {
            for e in answer["errors"].as_array().into_iter().flatten() {
                print_line(&diagnostic_line(e));
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

    /// The scenario of `scenario`, `who-can` and `what-can`: preset `preset`, else the document
    /// in `file` (`-` or none: standard input), or the diagnostic of a document that does not
    /// read (the answer). An unknown preset or unreadable input is a usage error: its message is
    /// printed and `Err` holds [`EXIT_USAGE`].
    fn scenario_source(
        preset: Option<&str>,
        file: Option<&Path>,
    ) -> Result<Result<Scenario, policy_playground::engine::Located>, u8> {
        if let Some(id) = preset {
            return match presets::preset(id) {
                Some(p) => Ok(Ok(p.scenario)),
                None => {
                    eprintln!(
                        "policy-playground: unknown preset `{id}`; the presets are {}",
                        presets::PRESET_IDS.join(", ")
                    );
                    Err(EXIT_USAGE)
                }
            };
        }
        let text = match file {
            Some(file) if file != Path::new("-") => read_file(file),
            _ => read_stdin(),
        };
        match text {
            Ok(text) => Ok(report::read(&text)),
            Err(message) => {
                eprintln!("policy-playground: {message}");
                Err(EXIT_USAGE)
            }
        }
    }

    // ---------- who-can, what-can ----------

    /// A failure answer (`{"type": "failure", "errors"}`) printed as the JSON line or as one
    /// diagnostic line per error; returns [`EXIT_FINDINGS`].
    fn print_failure(answer: &serde_json::Value, json: bool) -> u8 {
        if json {
            print_line(&answer.to_string());
        } else {
            for e in answer["errors"].as_array().into_iter().flatten() {
                print_line(&diagnostic_line(e));
            }
        }
        EXIT_FINDINGS
    }

    /// The workspace of the scenario of `preset` or `file`, or the exit code after printing why
    /// there is none (a usage error, or the document's diagnostic as the answer).
    fn query_workspace(
        preset: Option<&str>,
        file: Option<&Path>,
        json: bool,
    ) -> Result<Workspace, u8> {
        match scenario_source(preset, file)? {
            Ok(scenario) => Ok(Workspace::new(scenario)),
            Err(located) => Err(print_failure(
                &serde_json::json!({"type": "failure", "errors": [located]}),
                json,
            )),
        }
    }

    /// A query that has no answer: the policy errors as the answer ([`EXIT_FINDINGS`]), or an
    /// argument that names nothing, with its did-you-mean, on standard error ([`EXIT_USAGE`]).
    fn query_failed(
        ws: &Workspace,
        error: &policy_playground::scenario::QueryError,
        json: bool,
    ) -> u8 {
        use policy_playground::scenario::QueryError;
        match error {
            QueryError::Argument(located) => {
                let help = located
                    .help
                    .as_deref()
                    .map(|h| format!("; {h}"))
                    .unwrap_or_default();
                bad_input(&[format!("{}{help}", located.message)])
            }
            QueryError::PolicyErrors => print_failure(&report::query_failure(ws, error), json),
        }
    }

    /// Statements of a who-can or what-can answer in words: `statement 0 (Sid) of IAM policy
    /// \`x\`, statement 0 of endpoint policy`.
    fn statements_words(statements: &serde_json::Value) -> String {
        let words: Vec<String> = statements
            .as_array()
            .into_iter()
            .flatten()
            .map(|s| {
                let sid = s["sid"]
                    .as_str()
                    .map(|sid| format!(" ({sid})"))
                    .unwrap_or_default();
                format!(
                    "statement {}{sid} of {}",
                    s["statement"],
                    s["policy"].as_str().unwrap_or("?")
                )
            })
            .collect();
        words.join(", ")
    }

    /// Prints the warnings of a success answer on standard error.
    fn print_warnings(answer: &serde_json::Value) {
        for w in answer["warnings"].as_array().into_iter().flatten() {
            eprintln!("{}", diagnostic_line(w));
        }
    }

    /// `who-can [FILE|-|--preset ID] --action ACTION [--resource R] [--json]`.
    fn run_who_can(args: WhoCanArgs) -> u8 {
        let ws = match query_workspace(args.preset.as_deref(), args.file.as_deref(), args.json) {
            Ok(ws) => ws,
            Err(code) => return code,
        };
        let answer = match ws.who_can(&args.action, args.resource.as_deref()) {
            Ok(answer) => report::who_can_json(&ws, &answer),
            Err(e) => return query_failed(&ws, &e, args.json),
        };
        if args.json {
            print_line(&answer.to_string());
            return EXIT_OK;
        }
        let stdout = std::io::stdout();
        let mut out = Printable(std::io::BufWriter::new(stdout.lock()));
        output::note(writeln!(out, "principal\tdecision\tgranted by / denied by"));
        for row in answer["principals"].as_array().into_iter().flatten() {
            let statements = match (
                statements_words(&row["grantedBy"]),
                statements_words(&row["deniedBy"]),
            ) {
                (granted, _) if !granted.is_empty() => format!("granted by {granted}"),
                (_, denied) if !denied.is_empty() => format!("denied by {denied}"),
                _ => String::new(),
            };
            let line = format!(
                "{}\t{}\t{statements}",
                row["principal"].as_str().unwrap_or("?"),
                cell_words(row)
            );
            if !output::note(writeln!(out, "{}", line.trim_end())) {
                return EXIT_OK;
            }
        }
        let resource = match answer["resourceName"].as_str() {
            Some(name) if !name.is_empty() => {
                format!("{name} ({})", answer["resource"].as_str().unwrap_or("?"))
            }
            _ => answer["resource"].as_str().unwrap_or("?").to_string(),
        };
        let n = |k: &str| answer[k].as_u64().unwrap_or(0);
        output::note(writeln!(
            out,
            "{} on {resource}: {} principals, {} allowed, {} explicitly denied, {} implicitly denied, {} unreachable",
            answer["action"].as_str().unwrap_or("?"),
            answer["principals"].as_array().map_or(0, Vec::len),
            n("allowed"),
            n("explicitlyDenied"),
            n("implicitlyDenied"),
            n("unreachable")
        ));
        output::note(out.flush());
        print_warnings(&answer);
        EXIT_OK
    }

    /// `what-can [FILE|-|--preset ID] --principal NAME [--actions FILTER] [--json]`.
    fn run_what_can(args: WhatCanArgs) -> u8 {
        let ws = match query_workspace(args.preset.as_deref(), args.file.as_deref(), args.json) {
            Ok(ws) => ws,
            Err(code) => return code,
        };
        let answer = match ws
            .find_principal(&args.principal)
            .and_then(|id| ws.what_can(id, args.actions.as_deref()))
        {
            Ok(answer) => report::what_can_json(&ws, &answer),
            Err(e) => return query_failed(&ws, &e, args.json),
        };
        if args.json {
            print_line(&answer.to_string());
            return EXIT_OK;
        }
        let stdout = std::io::stdout();
        let mut out = Printable(std::io::BufWriter::new(stdout.lock()));
        let n = |v: &serde_json::Value, k: &str| v[k].as_u64().unwrap_or(0);
        let services = answer["services"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        output::note(writeln!(
            out,
            "{} ({}): {} of {} actions allowed, in {} service{}",
            answer["principal"].as_str().unwrap_or("?"),
            answer["arn"].as_str().unwrap_or("?"),
            n(&answer, "allowed"),
            n(&answer, "decided"),
            services.len(),
            if services.len() == 1 { "" } else { "s" }
        ));
        for service in services {
            let mut text = format!(
                "{} ({}): {} of {} actions\n",
                service["service"].as_str().unwrap_or("?"),
                service["name"].as_str().unwrap_or("?"),
                n(service, "allowed"),
                n(service, "decided")
            );
            for level in service["accessLevels"].as_array().into_iter().flatten() {
                let actions = level["actions"]
                    .as_array()
                    .map(Vec::as_slice)
                    .unwrap_or(&[]);
                text.push_str(&format!(
                    "  {}: {}\n",
                    level["accessLevel"].as_str().unwrap_or("?"),
                    actions.len()
                ));
                for a in actions {
                    text.push_str(&format!(
                        "    {}\tgranted by {}\n",
                        a["action"].as_str().unwrap_or("?"),
                        statements_words(&a["grantedBy"])
                    ));
                }
            }
            if !output::note(out.write_all(text.as_bytes())) {
                return EXIT_OK;
            }
        }
        output::note(out.flush());
        print_warnings(&answer);
        EXIT_OK
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
        policy_playground::text::printable(&line).into_owned()
    }

    /// The grid as tab-separated rows (a header of principals, then one row per action);
    /// warnings on standard error.
    fn print_grid(answer: &serde_json::Value) {
        let stdout = std::io::stdout();
        let mut out = Printable(std::io::BufWriter::new(stdout.lock()));
        let names: Vec<&str> = answer["principals"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|p| p.as_str())
            .collect();
        // Rows are actions, or the resources of a pivot (`name arn`, the action's own unnamed).
        let pivoted = answer.get("resources").is_some();
        output::note(writeln!(
            out,
            "{}\t{}",
            if pivoted { "resource" } else { "action" },
            names.join("\t")
        ));
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
                .map(cell_words)
                .collect();
            if !output::note(writeln!(out, "{label}\t{}", cells.join("\t"))) {
                return;
            }
        }
        output::note(out.flush());
        for w in answer["warnings"].as_array().into_iter().flatten() {
            eprintln!("{}", diagnostic_line(w));
        }
    }

    // ---------- simulate ----------

    /// The arguments of the batch's usual forms, `simulate --batch`, `simulate --batch --jobs N`
    /// and `simulate --batch --jobs=N` (N a decimal number from 1 to 65,535), read without
    /// clap: building clap's description of every verb, its help included, was a quarter of an
    /// empty batch's instructions (docs/speed.md, nineteenth round). `Some(jobs)` for these
    /// forms exactly, with the meaning clap gives them; `None` for anything else, which clap
    /// reads (and reports).
    pub(crate) fn plain_batch_args(
        mut args: impl Iterator<Item = std::ffi::OsString>,
    ) -> Option<Option<u16>> {
        if args.next()? != "simulate" || args.next()? != "--batch" {
            return None;
        }
        let number = |text: &str| -> Option<u16> {
            let digits = text.bytes().all(|b| b.is_ascii_digit()) && !text.is_empty();
            digits
                .then(|| text.parse::<u16>().ok())
                .flatten()
                .filter(|&n| n >= 1)
        };
        let jobs = match args.next() {
            None => return Some(None),
            Some(word) => match word.to_str()? {
                "--jobs" => number(args.next()?.to_str()?)?,
                word => number(word.strip_prefix("--jobs=")?)?,
            },
        };
        args.next().is_none().then_some(Some(jobs))
    }

    /// `simulate [FILE|-]` and `simulate --batch`.
    fn run_simulate(args: SimulateArgs) -> u8 {
        if args.batch {
            return batch(args.jobs);
        }
        let input = match args.file {
            Some(file) if file != Path::new("-") => read_file(&file),
            _ => read_stdin(),
        };
        single(input, args.explain)
    }

    fn read_stdin() -> Result<String, String> {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
        Ok(text)
    }

    /// `simulate [FILE|-]`: one case, its answer as one JSON line, or in plain words with
    /// `explain`.
    fn single(input: Result<String, String>, explain: bool) -> u8 {
        let text = match input {
            Ok(text) => text,
            Err(message) => {
                eprintln!("policy-playground: {message}");
                return EXIT_USAGE;
            }
        };
        let output = if explain {
            let explained = simulate_explained(&text);
            let mut out = std::io::stdout().lock();
            output::note(
                out.write_all(explained.to_text().as_bytes())
                    .and_then(|()| out.flush()),
            );
            explained.output
        } else {
            let answer = simulate(&text);
            print_line(&answer.to_json());
            answer
        };
        if output.is_decision() {
            EXIT_OK
        } else {
            EXIT_FINDINGS
        }
    }

    /// Bytes asked of standard input at a time; a chunk of input handed to a thread holds at
    /// least this many bytes of whole lines, or what the input has given so far (a program
    /// writing cases one at a time gets each answer without waiting for the next case).
    const CHUNK_BYTES: usize = 64 << 10;
    /// The same for the first chunk, which the main thread takes before any other thread
    /// starts (a small batch that fits is answered on the main thread alone), and for every
    /// read after it until one fills its buffer.
    const FIRST_CHUNK_BYTES: usize = 16 << 10;
    /// Chunks taken ahead of the writing: bounds the memory a batch holds whatever the input
    /// (a chunk is a single line when that line is longer than [`CHUNK_BYTES`]).
    const CHUNKS_IN_FLIGHT: usize = 16;
    /// The least a read of a file asks for as its end nears ([`guided_size`]).
    const GUIDED_MIN_BYTES: usize = 8 << 10;
    /// Buffers of decided chunks kept to read into again ([`Chunks::recycle`]).
    const SPARE_BUFFERS: usize = 4;

    /// Standard input, a chunk of whole lines at a time.
    struct Chunks<R> {
        input: R,
        /// The bytes read and not yet handed out (`rest[..filled]`), then room to read into
        /// that is already initialised: reading into it zeroes nothing (zeroing a chunk's
        /// 64 KB before each read had cost 2% of a batch's instructions).
        rest: Vec<u8>,
        /// How many bytes of `rest` are input.
        filled: usize,
        /// Buffers of chunks already decided, handed back ([`Chunks::recycle`]) to read into
        /// again: their bytes are initialised, and their memory touched already.
        spare: Vec<Vec<u8>>,
        /// Where in `rest` the last line end is, if it holds one.
        last_end: Option<usize>,
        ended: bool,
        /// Bytes asked at a time, and the size a chunk reaches before it is handed out.
        size: usize,
        /// Whether the last chunk handed out took all the input had given at the time (a
        /// short read): with a full one, more input is most likely waiting.
        drained: bool,
        /// Bytes read from the input so far.
        read_total: u64,
    }

    impl<R: Read> Chunks<R> {
        fn new(input: R) -> Self {
            Self {
                input,
                rest: Vec::new(),
                filled: 0,
                spare: Vec::new(),
                last_end: None,
                ended: false,
                size: CHUNK_BYTES,
                drained: false,
                read_total: 0,
            }
        }

        /// The next chunk: whole lines, each ending in `\n`, except the input's last line when
        /// the input does not end with one. `None` at the end of the input.
        fn next(&mut self) -> std::io::Result<Option<Vec<u8>>> {
            loop {
                if self.ended {
                    if self.filled == 0 {
                        return Ok(None);
                    }
                    self.rest.truncate(self.filled);
                    self.filled = 0;
                    return Ok(Some(std::mem::take(&mut self.rest)));
                }
                let start = self.filled;
                // Up to `size` bytes in all when what is there (the start of a line) is short, so
                // that a buffer stays `size` long (its memory is new the first time: a buffer
                // twice that, as every read of `size` more made them, was a tenth of the
                // corpus's page faults); `size` more while a long line goes on.
                let want = if start < self.size / 2 {
                    self.size - start
                } else {
                    self.size
                };
                if self.rest.len() < start + want {
                    self.rest.resize(start + want, 0);
                }
                let room = self.rest.get_mut(start..start + want).unwrap_or_default();
                let read = match self.input.read(room) {
                    Ok(read) => read,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                    Err(e) => return Err(e),
                };
                self.filled = start + read;
                self.read_total += read as u64;
                if read == 0 {
                    self.ended = true;
                    continue;
                }
                // only the new bytes are searched: a line longer than a chunk costs its length
                if let Some(at) = memchr::memrchr(b'\n', &self.rest[start..self.filled]) {
                    self.last_end = Some(start + at);
                }
                // a short read: the input has no more to give at the moment
                let drained = read < want;
                if let Some(end) = self
                    .last_end
                    .filter(|_| drained || self.filled >= self.size)
                {
                    self.last_end = None;
                    self.drained = drained;
                    // The bytes after the last line end start the next buffer.
                    let mut next = self.spare.pop().unwrap_or_default();
                    let tail = self.rest.get(end + 1..self.filled).unwrap_or_default();
                    if next.len() < tail.len() {
                        next.resize(tail.len(), 0);
                    }
                    next[..tail.len()].copy_from_slice(tail);
                    self.filled = tail.len();
                    let mut chunk = std::mem::replace(&mut self.rest, next);
                    chunk.truncate(end + 1);
                    return Ok(Some(chunk));
                }
            }
        }

        /// Takes back the buffer of a chunk that was decided, to read into again: at most a few,
        /// and none that a long line grew past a few chunks' size (its memory is freed, as
        /// before).
        fn recycle(&mut self, chunk: Vec<u8>) {
            if self.spare.len() < SPARE_BUFFERS && chunk.capacity() <= 4 * CHUNK_BYTES {
                self.spare.push(chunk);
            }
        }
    }

    /// `simulate --batch`: one answer line per input line, in input order, decided on `jobs`
    /// threads. There is no reading or writing thread: each deciding thread takes the next
    /// chunk of lines from standard input itself ([`Chunks`], under a lock), decides it, and
    /// hands its answers to [`Answers`], which writes every answer that is next in input order
    /// (so a batch uses `jobs` threads on `jobs` cores, and no thread waits on another to be
    /// scheduled before it can start). The main thread is the first deciding thread; it starts
    /// the others only when a read fills the chunk it asked for (more input is most likely
    /// waiting), or at once when standard input is a file larger than the first chunk, so that
    /// a small batch (a case, or a few dozen) starts no thread. Each deciding
    /// thread keeps the parses of the policy texts it has read ([`PolicyCache`]): a batch
    /// repeating its policies parses each once per thread.
    fn batch(jobs: Option<u16>) -> u8 {
        let mut chunks = Chunks::new(std::io::stdin());
        chunks.size = FIRST_CHUNK_BYTES;
        let batch = Batch {
            file_len: stdin_file_len(),
            threads: std::sync::atomic::AtomicUsize::new(1),
            input: std::sync::Mutex::new(Reading {
                chunks,
                taken: 0,
                failed: None,
            }),
            answers: std::sync::Mutex::new(Answers::default()),
            room: std::sync::Condvar::new(),
            gather: stdout_file(),
            write_turn: std::sync::Mutex::new(()),
            write_failed: std::sync::atomic::AtomicBool::new(false),
        };
        std::thread::scope(|scope| decide_chunks(&batch, Some((scope, jobs))));
        let reading = batch.input.into_inner().unwrap_or_else(|e| e.into_inner());
        let mut answers = batch
            .answers
            .into_inner()
            .unwrap_or_else(|e| e.into_inner());
        // after a failed write its thread closed the answers before it ended: nothing is written
        if let Some(out) = batch.gather.as_ref() {
            answers.write_gathered_to(out);
        }
        match reading.failed {
            // the answers to every line read are written, or standard output closed
            Some(e) if !answers.closed => {
                eprintln!("policy-playground: cannot read standard input: {e}");
                EXIT_USAGE
            }
            _ => EXIT_OK,
        }
    }

    /// The length of standard input when it is a regular file (`< cases.jsonl`): `None` for a
    /// pipe, a terminal, or when it cannot be told.
    #[cfg(unix)]
    fn stdin_file_len() -> Option<u64> {
        use std::os::fd::AsFd;
        let file = std::fs::File::from(std::io::stdin().as_fd().try_clone_to_owned().ok()?);
        let meta = file.metadata().ok()?;
        meta.is_file().then_some(meta.len())
    }

    /// Elsewhere standard input is read as a stream.
    #[cfg(not(unix))]
    fn stdin_file_len() -> Option<u64> {
        None
    }

    /// What the deciding threads of [`batch`] share.
    struct Batch<R> {
        input: std::sync::Mutex<Reading<R>>,
        /// The length of standard input when it is a file. One larger than the first chunk
        /// starts the other threads at once, while the main thread reads that chunk, rather
        /// than after it (their start-up, a tenth of a millisecond or two, then overlaps the
        /// read); and its chunks shrink as its end nears ([`guided_size`]).
        file_len: Option<u64>,
        /// How many deciding threads there are (1 until the others start).
        threads: std::sync::atomic::AtomicUsize,
        answers: std::sync::Mutex<Answers>,
        /// Signalled when answers are written (room for more chunks in flight) or output closes.
        room: std::sync::Condvar,
        /// Standard output, when it is a regular file (`> answers.jsonl`): answers are gathered
        /// and written [`GATHER_BYTES`] or more at a time, in one vectored write, rather than a
        /// chunk's at a time. Nobody waits on a file for the next answer, and on the
        /// development machine the kernel's part of writing to a file cost about half as much
        /// per byte in writes of half a megabyte as in a chunk's 50 KB (15.8 MB, the benchmark
        /// mix's answers: about 8 ms of system time in 48 KB writes, 4–4.5 ms in vectored
        /// writes of 8 to 22 such buffers; docs/speed.md, twenty-eighth session). A pipe or a
        /// terminal gets each chunk's answers as they are decided.
        gather: Option<std::fs::File>,
        /// Held while answers taken from [`Answers`] are written, and taken before the lock of
        /// the answers is let go: answers are written in the order they were taken, and the
        /// other threads meanwhile add theirs rather than wait for the write (half a
        /// megabyte to a file, 0.1–0.5 ms). Taken after the answers' lock, never before it.
        write_turn: std::sync::Mutex<()>,
        /// A write failed: nothing more is written (the thread whose write failed closes
        /// [`Answers`] once it has let go of its turn).
        write_failed: std::sync::atomic::AtomicBool,
    }

    /// Bytes of answers gathered before they are written when standard output is a file
    /// ([`Batch::gather`]).
    const GATHER_BYTES: usize = 512 << 10;

    /// Writes every byte of `parts`, in order, in as few (vectored) writes as `out` takes.
    fn write_gathered(out: &mut impl Write, parts: &[Vec<u8>]) -> std::io::Result<()> {
        let mut slices: Vec<std::io::IoSlice<'_>> = parts
            .iter()
            .filter(|p| !p.is_empty())
            .map(|p| std::io::IoSlice::new(p))
            .collect();
        let mut rest = &mut slices[..];
        while !rest.is_empty() {
            match out.write_vectored(rest) {
                Ok(0) => return Err(std::io::ErrorKind::WriteZero.into()),
                Ok(n) => std::io::IoSlice::advance_slices(&mut rest, n),
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    /// Standard output as a file of its own (the same open file: writes through either go to
    /// the same place), when it is a regular file; `None` for a pipe, a terminal, or when it
    /// cannot be told.
    #[cfg(unix)]
    fn stdout_file() -> Option<std::fs::File> {
        use std::os::fd::AsFd;
        let file = std::fs::File::from(std::io::stdout().as_fd().try_clone_to_owned().ok()?);
        file.metadata().ok()?.is_file().then_some(file)
    }

    /// Elsewhere answers are written as they are decided.
    #[cfg(not(unix))]
    fn stdout_file() -> Option<std::fs::File> {
        None
    }

    /// Standard input as the deciding threads take it.
    struct Reading<R> {
        chunks: Chunks<R>,
        /// Chunks taken so far: the next chunk's place in input order.
        taken: u64,
        /// Why reading stopped, when it failed: no chunk is taken after that.
        failed: Option<std::io::Error>,
    }

    /// The answers decided and not yet written, and where writing is.
    #[derive(Default)]
    struct Answers {
        /// The place in input order of the next chunk to write.
        next: u64,
        /// Answers to chunks after `next`, by place, waiting for it.
        waiting: std::collections::BTreeMap<u64, Vec<u8>>,
        /// When standard output is a file ([`Batch::gather`]): the answers next in order not
        /// written yet, written together once they hold [`GATHER_BYTES`] or the batch ends.
        gathered: Vec<Vec<u8>>,
        /// The bytes of `gathered`.
        gathered_bytes: usize,
        /// Standard output closed (e.g. `| head`): nothing more is read or decided.
        closed: bool,
        /// Threads waiting on [`Batch::room`]: written answers wake them only when there are
        /// some (a wake is a system call even when no thread waits, one per chunk written).
        waiting_for_room: usize,
    }

    impl Answers {
        /// Output failed (the reader went away, e.g. `| head`): nothing more is written, read
        /// or decided.
        fn close(&mut self) {
            self.closed = true;
            self.waiting.clear();
        }

        /// Writes the answers gathered for the file `out` ([`Batch::gather`]) unless output is
        /// closed, and empties them; a write that fails closes output.
        fn write_gathered_to(&mut self, mut out: &std::fs::File) {
            if !self.closed && !output::note(write_gathered(&mut out, &self.gathered)) {
                self.close();
            }
            self.gathered.clear();
            self.gathered_bytes = 0;
        }
    }

    /// A deciding thread of [`batch`]: takes chunks until the input ends, fails or output
    /// closes. The main thread passes the scope and the number of jobs asked (`None`: one per
    /// core the process may use), and starts the other `jobs - 1` threads when a read fills its
    /// chunk, or before its first read when standard input is a file larger than a first chunk
    /// ([`Batch::file_len`]).
    fn decide_chunks<'scope, 'env, R: Read + Send>(
        batch: &'scope Batch<R>,
        start: Option<(&'scope std::thread::Scope<'scope, 'env>, Option<u16>)>,
    ) {
        let mut cache = PolicyCache::new();
        take_and_decide(batch, start, &mut cache);
        // The process exits when the batch is done: what this thread kept of the batch's
        // policies (the cache, the parser's element memo) is let go without freeing it, record
        // by record, which cost a few percent of a batch's time (docs/speed.md, fourteenth
        // round).
        std::mem::forget(cache);
        policy_playground::engine::policy::abandon_thread_memo();
    }

    /// The work of [`decide_chunks`], with the thread's cache of parsed policies.
    fn take_and_decide<'scope, 'env, R: Read + Send>(
        batch: &'scope Batch<R>,
        mut start: Option<(&'scope std::thread::Scope<'scope, 'env>, Option<u16>)>,
        cache: &mut PolicyCache,
    ) {
        // The buffer of the chunk this thread decided last, handed back when it takes the next.
        let mut decided_chunk: Option<Vec<u8>> = None;
        if batch
            .file_len
            .is_some_and(|len| len > FIRST_CHUNK_BYTES as u64)
        {
            if let Some((scope, jobs)) = start.take() {
                start_others(batch, scope, jobs);
            }
        }
        loop {
            // at most CHUNKS_IN_FLIGHT chunks (give or take a chunk per thread) are held
            // between the reading and the writing, whatever the input
            let taken = batch.input.lock().map_or(0, |r| r.taken);
            let Ok(mut answers) = batch.answers.lock() else {
                return;
            };
            while !answers.closed && taken >= answers.next + CHUNKS_IN_FLIGHT as u64 {
                answers.waiting_for_room += 1;
                answers = match batch.room.wait(answers) {
                    Ok(answers) => answers,
                    Err(_) => return,
                };
                answers.waiting_for_room -= 1;
            }
            if answers.closed {
                return;
            }
            drop(answers);
            let (place, chunk, full) = {
                let Ok(mut reading) = batch.input.lock() else {
                    return;
                };
                if let Some(buffer) = decided_chunk.take() {
                    reading.chunks.recycle(buffer);
                }
                if reading.failed.is_some() {
                    return;
                }
                let next = reading.chunks.next();
                // A read that filled its buffer: more input is most likely waiting, and is read
                // a chunk's size at a time from then on. Until then reads stay at the first
                // chunk's size: a batch of one case or a few ends without a larger buffer
                // (zeroed, then given nothing but the end of the input).
                if !reading.chunks.drained {
                    reading.chunks.size = match batch.file_len {
                        Some(len) => guided_size(
                            len.saturating_sub(reading.chunks.read_total),
                            batch.threads.load(std::sync::atomic::Ordering::Relaxed),
                        ),
                        None => CHUNK_BYTES,
                    };
                }
                match next {
                    Ok(Some(chunk)) => {
                        let place = reading.taken;
                        reading.taken += 1;
                        (place, chunk, !reading.chunks.drained)
                    }
                    Ok(None) => return,
                    Err(e) => {
                        reading.failed = Some(e);
                        return;
                    }
                }
            };
            if full {
                if let Some((scope, jobs)) = start.take() {
                    start_others(batch, scope, jobs);
                }
            }
            let decided = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                answer_chunk(&chunk, cache)
            }));
            let Ok(decided) = decided else {
                // A bug (its message is printed): the process ends as a panic ends it, rather
                // than leave the other threads waiting for answers that never come; the answers
                // gathered for a file are written first, as they would have been to a pipe.
                if let (Some(out), Ok(mut answers)) = (batch.gather.as_ref(), batch.answers.lock())
                {
                    // in its turn: after what another thread is writing
                    let _turn = batch.write_turn.lock();
                    if !batch
                        .write_failed
                        .load(std::sync::atomic::Ordering::Relaxed)
                    {
                        answers.write_gathered_to(out);
                    }
                }
                std::process::exit(101);
            };
            decided_chunk = Some(chunk);
            let Ok(mut guard) = batch.answers.lock() else {
                return;
            };
            let answers = &mut *guard;
            answers.waiting.insert(place, decided);
            // whichever thread holds the next answers takes them and any that follow, and
            // writes them once it has let go of the lock (in its turn)
            let mut moved = false;
            let mut to_write: Vec<Vec<u8>> = Vec::new();
            while let Some(next) = answers.waiting.remove(&answers.next) {
                answers.next += 1;
                moved = true;
                if batch.gather.is_some() {
                    answers.gathered_bytes += next.len();
                    answers.gathered.push(next);
                    if answers.gathered_bytes >= GATHER_BYTES {
                        to_write.append(&mut answers.gathered);
                        answers.gathered_bytes = 0;
                    }
                } else {
                    to_write.push(next);
                }
            }
            let turn = (!to_write.is_empty() && !answers.closed).then(|| batch.write_turn.lock());
            let wake = moved && answers.waiting_for_room > 0;
            drop(guard);
            if wake {
                batch.room.notify_all();
            }
            if let Some(turn) = turn {
                write_in_turn(batch, &to_write);
                drop(turn);
                if batch
                    .write_failed
                    .load(std::sync::atomic::Ordering::Relaxed)
                {
                    let Ok(mut answers) = batch.answers.lock() else {
                        return;
                    };
                    answers.close();
                    drop(answers);
                    batch.room.notify_all();
                }
            }
        }
    }

    /// Writes `parts` (answers next in order) to standard output, unless a write failed
    /// before; a failure is noted ([`Batch::write_failed`]). The caller holds the turn
    /// ([`Batch::write_turn`]).
    fn write_in_turn<R: Read>(batch: &Batch<R>, parts: &[Vec<u8>]) {
        use std::sync::atomic::Ordering;
        if batch.write_failed.load(Ordering::Relaxed) {
            return;
        }
        let written = match batch.gather.as_ref() {
            Some(mut file) => write_gathered(&mut file, parts),
            None => {
                // a pipe or a terminal: each chunk's answers as they were decided
                let mut out = std::io::stdout().lock();
                parts
                    .iter()
                    .try_for_each(|part| out.write_all(part).and_then(|()| out.flush()))
            }
        };
        if !output::note(written) {
            batch.write_failed.store(true, Ordering::Relaxed);
        }
    }

    /// Starts the other deciding threads of [`batch`], `jobs - 1` of them (`None`: one per core
    /// the process may use, counted only now: a small batch starts no thread).
    ///
    /// Without `--jobs`, the cores are counted in two steps. The cores this thread may run on
    /// (one system call) say whether to start a second thread; that thread then asks how many
    /// the process may use, its control group's CPU quota counted
    /// (`std::thread::available_parallelism`, which reads three files of `/proc` and `/sys`:
    /// 30–60 µs on the development machine, about 1.5% of the corpus's time when this thread
    /// waited for it), starts the rest, or, under a quota of one core, decides nothing.
    fn start_others<'scope, 'env, R: Read + Send>(
        batch: &'scope Batch<R>,
        scope: &'scope std::thread::Scope<'scope, 'env>,
        jobs: Option<u16>,
    ) {
        let given = jobs.map(usize::from);
        let jobs = given
            .or_else(crate::cores::usable)
            .or_else(|| {
                std::thread::available_parallelism()
                    .map(std::num::NonZeroUsize::get)
                    .ok()
            })
            .unwrap_or(1);
        if jobs <= 1 {
            return;
        }
        // The `memchr` crate picks its search for this processor on first use and writes it
        // into a static: done here, before there is another thread, that first write (a
        // private copy of a page of the program's data) interrupts no other thread to flush
        // its address cache (docs/speed.md, twentieth round).
        let line = std::hint::black_box(b"\n");
        std::hint::black_box((memchr::memchr(b'\n', line), memchr::memrchr(b'\n', line)));
        crate::cores::starting();
        batch
            .threads
            .store(jobs, std::sync::atomic::Ordering::Relaxed);
        let spawn = || {
            scope.spawn(|| {
                crate::cores::moved_off_starter();
                decide_chunks(batch, None)
            });
        };
        if given.is_some() {
            for _ in 1..jobs {
                spawn();
            }
        } else {
            scope.spawn(move || {
                crate::cores::moved_off_starter();
                let allowed = std::thread::available_parallelism()
                    .map_or(1, std::num::NonZeroUsize::get)
                    .min(jobs);
                batch
                    .threads
                    .store(allowed, std::sync::atomic::Ordering::Relaxed);
                if allowed > 1 {
                    for _ in 2..allowed {
                        spawn();
                    }
                    decide_chunks(batch, None);
                }
            });
        }
        crate::cores::started();
    }

    /// The size of the next read of a file with `left` bytes still to read, shared by `threads`
    /// deciding threads: a chunk's size while much is left, then a share of what is left, so
    /// that the last chunks are small and the threads end together (with 64 KB chunks to the
    /// end, the thread that finished first had waited for the other's last chunk, up to
    /// half a millisecond of the corpus's five; docs/speed.md, twenty-second round).
    fn guided_size(left: u64, threads: usize) -> usize {
        let share = left / (2 * threads.max(1) as u64);
        usize::try_from(share)
            .unwrap_or(CHUNK_BYTES)
            .clamp(GUIDED_MIN_BYTES, CHUNK_BYTES)
    }

    /// The answers to a chunk's lines, each followed by `\n`.
    fn answer_chunk(chunk: &[u8], cache: &mut PolicyCache) -> Vec<u8> {
        let lines = chunk.strip_suffix(b"\n").unwrap_or(chunk);
        let mut answers = Vec::with_capacity(chunk.len());
        let mut rest = lines;
        loop {
            let end = memchr::memchr(b'\n', rest);
            let line = rest.get(..end.unwrap_or(rest.len())).unwrap_or_default();
            answer_line(line, cache).write_json(&mut answers);
            answers.push(b'\n');
            match end.and_then(|end| rest.get(end + 1..)) {
                Some(next) => rest = next,
                None => break,
            }
        }
        answers
    }

    /// The answer to one input line.
    fn answer_line(line: &[u8], cache: &mut PolicyCache) -> SimulateOutput {
        // Valid UTF-8 (nearly every line) is checked by the fast validator and borrowed.
        let text = match simdutf8::basic::from_utf8(line) {
            Ok(text) => std::borrow::Cow::Borrowed(text),
            Err(_) => String::from_utf8_lossy(line),
        };
        let text = text.strip_suffix('\r').unwrap_or(&text);
        if text.trim().is_empty() {
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
            // a line of the input: no `\n` in it
            simulate_line(text, cache)
        }
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
            if !output::note(writeln!(out, "{line}")) {
                return EXIT_OK;
            }
        }
        output::note(out.flush());
        EXIT_OK
    }

    /// `checks`: every entry of the check registry, as text or JSON Lines.
    fn run_checks(json: bool) -> u8 {
        use policy_playground::engine::registry;
        let stdout = std::io::stdout();
        let mut out = std::io::BufWriter::new(stdout.lock());
        for info in registry() {
            let line = if json {
                policy_playground::findings::check_json(info).to_string()
            } else {
                format!(
                    "{}\t{}\t{}\t{}\t{}\t{}",
                    info.code,
                    info.code.severity().as_str(),
                    info.origin.as_str(),
                    info.applies.describe(),
                    info.summary(),
                    info.link().unwrap_or("-")
                )
            };
            if !output::note(writeln!(out, "{line}")) {
                return EXIT_OK;
            }
        }
        output::note(out.flush());
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

    #[cfg(test)]
    mod tests {
        use super::{guided_size, plain_batch_args, Cli, Command, CHUNK_BYTES, GUIDED_MIN_BYTES};
        use clap::Parser;

        /// The cores counted in one system call (which decide whether a batch starts a second
        /// thread) are on Linux the cores this thread may run on: never fewer than the standard
        /// library counts, whose count also takes a control group's quota into account.
        #[test]
        fn the_usable_cores_are_at_least_those_the_process_may_use() {
            let usable = crate::cores::usable();
            let may = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
            if cfg!(target_os = "linux") {
                assert!(usable.is_some_and(|n| n >= may), "{usable:?} against {may}");
            } else {
                assert_eq!(usable, None);
            }
        }

        /// A file's reads are whole chunks while much is left, then shrink with what is left,
        /// never below the least, and a share of what is left for each thread.
        #[test]
        fn reads_of_a_file_shrink_as_its_end_nears() {
            assert_eq!(guided_size(21 << 20, 2), CHUNK_BYTES);
            assert_eq!(guided_size(4 * CHUNK_BYTES as u64, 2), CHUNK_BYTES);
            assert_eq!(guided_size(2 * CHUNK_BYTES as u64, 2), CHUNK_BYTES / 2);
            assert_eq!(guided_size(2 * CHUNK_BYTES as u64, 1), CHUNK_BYTES);
            assert_eq!(guided_size(100 << 10, 4), (100 << 10) / 8);
            assert_eq!(guided_size(20 << 10, 2), GUIDED_MIN_BYTES);
            assert_eq!(guided_size(0, 2), GUIDED_MIN_BYTES);
            assert_eq!(guided_size(u64::MAX, 0), CHUNK_BYTES);
            let mut left = 786_000u64;
            let mut sizes = Vec::new();
            while left > 0 {
                let size = guided_size(left, 2);
                sizes.push(size);
                left = left.saturating_sub(size as u64);
            }
            assert!(sizes.windows(2).all(|w| w[0] >= w[1]), "{sizes:?}");
            assert_eq!(sizes.last(), Some(&GUIDED_MIN_BYTES));
        }

        /// The batch's usual forms are read without clap exactly as clap reads them, and every
        /// other form is left to clap.
        #[test]
        fn plain_batch_args_agree_with_clap() {
            let forms: &[&[&str]] = &[
                &["simulate", "--batch"],
                &["simulate", "--batch", "--jobs", "1"],
                &["simulate", "--batch", "--jobs", "4"],
                &["simulate", "--batch", "--jobs", "007"],
                &["simulate", "--batch", "--jobs=3"],
                &["simulate", "--batch", "--jobs", "65535"],
                &["simulate", "--batch", "--jobs", "65536"],
                &["simulate", "--batch", "--jobs", "0"],
                &["simulate", "--batch", "--jobs", "-1"],
                &["simulate", "--batch", "--jobs", "+2"],
                &["simulate", "--batch", "--jobs", ""],
                &["simulate", "--batch", "--jobs=", "2"],
                &["simulate", "--batch", "--jobs"],
                &["simulate", "--batch", "--jobs", "2", "--jobs", "3"],
                &["simulate", "--batch", "--jobs", "2", "case.json"],
                &["simulate", "--batch", "--help"],
                &["simulate", "--batch", "-"],
                &["simulate", "--jobs", "2", "--batch"],
                &["simulate", "--batch", "--batch"],
                &["simulate"],
                &["simulate", "case.json"],
                &["simulate", "--Batch"],
                &["actions", "--batch"],
                &[],
            ];
            let mut fast = 0;
            for form in forms {
                let words = form.iter().map(std::ffi::OsString::from);
                let clap = Cli::try_parse_from(
                    std::iter::once("policy-playground").chain(form.iter().copied()),
                );
                // `None`: left to clap, which reads (or reports) it as before
                if let Some(jobs) = plain_batch_args(words) {
                    fast += 1;
                    let Ok(Cli {
                        command: Command::Simulate(args),
                    }) = clap
                    else {
                        panic!("{form:?}: read as a batch, but clap reads {clap:?}");
                    };
                    assert!(args.batch, "{form:?}");
                    assert_eq!(args.jobs, jobs, "{form:?}");
                }
            }
            assert_eq!(fast, 6, "the forms read without clap");
        }
    }
}
