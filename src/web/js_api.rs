//! The JavaScript API (wasm-bindgen exports). Every answer is a plain object tagged
//! `{type: "success", ...}` or `{type: "failure", errors: [...]}`: user mistakes never throw.
//!
//! - `simulate(case)`: the command line's contract; `case` is an object or JSON text.
//! - `validate(policyText, kind, resource?)`: diagnostics with line and column.
//! - `evaluateScenario(scenario)`: the grid of a scenario (an object, JSON text or a preset id).
//! - `mount(element, options)`: a live widget in `element` (see [`super::widget`]).

use serde::Serialize;
use serde_json::{json, Value};
use wasm_bindgen::prelude::*;

use crate::checks::parse_attached_policy_text;
use crate::engine::{Code, Diagnostic, LineIndex, Located, PolicyKind, Span};
use crate::scenario::{presets, Scenario, Workspace};

/// The TypeScript types of the API, added to `playground-web.d.ts` (`tests/diagnostics.rs`
/// checks that `DiagnosticCode` lists exactly the engine's codes).
#[wasm_bindgen(typescript_custom_section)]
const TYPESCRIPT: &'static str = r#"
/** How serious a diagnostic is: IAM Access Analyzer's finding types. */
export type Severity = "ERROR" | "SECURITY_WARNING" | "WARNING" | "SUGGESTION";

/** The stable code of a diagnostic (docs/diagnostics.md lists every one). */
export type DiagnosticCode =
  | "JSON_SYNTAX_ERROR"
  | "JSON_TOO_DEEP"
  | "DATA_TYPE_MISMATCH"
  | "DUPLICATE_ELEMENT"
  | "INVALID_POLICY_ELEMENT"
  | "INVALID_VERSION"
  | "MISSING_VERSION"
  | "MISSING_STATEMENT"
  | "EMPTY_ARRAY_STATEMENT"
  | "UNIQUE_SIDS_REQUIRED"
  | "UNIQUE_SIDS_RECOMMENDED"
  | "EMPTY_SID_VALUE"
  | "UNSUPPORTED_SID"
  | "MISSING_EFFECT"
  | "INVALID_EFFECT"
  | "UNSUPPORTED_ELEMENT_COMBINATION"
  | "MISSING_ACTION"
  | "MISSING_RESOURCE"
  | "MISSING_PRINCIPAL"
  | "EMPTY_ARRAY_ACTION"
  | "EMPTY_ARRAY_RESOURCE"
  | "EMPTY_ARRAY_PRINCIPAL"
  | "INVALID_ACTION_FORMAT"
  | "ACTION_WITHOUT_SERVICE_PREFIX"
  | "EXECUTE_API_SHORTHAND_WITHOUT_API"
  | "INVALID_ARN_PREFIX"
  | "UNSUPPORTED_WILDCARD_IN_ARN_SERVICE"
  | "INVALID_ARN_ACCOUNT"
  | "POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA"
  | "POLICY_SIZE_EXCEEDS_RESOURCE_POLICY_QUOTA"
  | "POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA"
  | "POLICY_SIZE_EXCEEDS_SCP_QUOTA"
  | "POLICY_SIZE_EXCEEDS_RCP_QUOTA"
  | "POLICY_SIZE_EXCEEDS_ENDPOINT_POLICY_QUOTA"
  | "UNSUPPORTED_PRINCIPAL"
  | "ALLOW_WITH_NOT_PRINCIPAL"
  | "INVALID_PRINCIPAL_FORMAT"
  | "INVALID_PRINCIPAL_KEY"
  | "EMPTY_OBJECT_PRINCIPAL"
  | "UNSUPPORTED_WILDCARD_IN_PRINCIPAL"
  | "ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE"
  | "ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL"
  | "INVALID_ROLE_REFERENCE"
  | "INVALID_USER_REFERENCE"
  | "FEDERATED_PRINCIPAL_NOT_SUPPORTED"
  | "INVALID_FEDERATED_PRINCIPAL_SYNTAX_IN_ROLE_TRUST_POLICY"
  | "MISMATCHED_ACTION_FOR_PRINCIPAL"
  | "MISSING_ACTION_FOR_ROLES_ANYWHERE_TRUST_POLICY"
  | "UNSUPPORTED_CONDITION_KEY_FOR_SERVICE_PRINCIPAL"
  | "RECOMMENDED_CONDITION_KEY_FOR_SERVICE_PRINCIPAL"
  | "PUBLIC_ACCESS_LIMITED_BY_CALLER_SET_KEY"
  | "REDUNDANT_PRINCIPAL_IN_ROLE_TRUST_POLICY"
  | "MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL"
  | "MISSING_GITHUB_REPO_CONDITION_KEY"
  | "SPECIFIC_GITHUB_REPO_AND_BRANCH_RECOMMENDED"
  | "CONFIRM_AUDIENCE_CLAIM_TYPE"
  | "RCP_SYNTAX_ERROR_ALLOW"
  | "RCP_SYNTAX_ERROR_ACTION"
  | "RCP_SYNTAX_ERROR_NOTACTION"
  | "RCP_SYNTAX_ERROR_PRINCIPAL"
  | "INVALID_CONDITION_OPERATOR"
  | "NULL_WITH_IF_EXISTS"
  | "NULL_WITH_QUALIFIER"
  | "DUPLICATE_CONDITION_OPERATOR"
  | "DUPLICATE_CONDITION_KEY"
  | "EMPTY_OBJECT_CONDITION"
  | "INVALID_CONDITION_KEY_FORMAT"
  | "EMPTY_ARRAY_CONDITION"
  | "TYPE_MISMATCH_NUMBER"
  | "TYPE_MISMATCH_DATE"
  | "TYPE_MISMATCH_BOOLEAN"
  | "INVALID_CONDITION_DATA_TYPE"
  | "INVALID_CONDITION_MULTIPLE_BOOLEAN"
  | "INVALID_VARIABLE_FOR_OPERATOR"
  | "MISSING_TAG_KEY_IN_CONDITION"
  | "MISSING_QUALIFIER"
  | "TYPE_MISMATCH"
  | "TYPE_MISMATCH_IP_RANGE"
  | "TYPE_MISMATCH_BINARY"
  | "FORALLVALUES_WITHOUT_NULL_CHECK"
  | "FORALLVALUES_WITH_SINGLE_VALUED_KEY"
  | "FORANYVALUE_WITH_SINGLE_VALUED_KEY"
  | "ENDPOINT_SYSTEM_ID_WILDCARD"
  | "ENDPOINT_WILDCARD_TOO_SHORT"
  | "PRIVATE_IP_ADDRESS"
  | "PRIVATE_NOT_IP_ADDRESS"
  | "PRIVATE_IP_ADDRESS_SUBSET"
  | "PRIVATE_NOT_IP_ADDRESS_SUBSET"
  | "IMPROVE_IP_RANGE"
  | "REDUNDANT_CONDITION_VALUE_NUM"
  | "INVALID_VPC_FORMAT"
  | "INVALID_VPCE_FORMAT"
  | "SOURCE_IP_THROUGH_ENDPOINT"
  | "WILDCARD_WITHOUT_LIKE_OPERATOR"
  | "PASS_ROLE_WITH_STAR_IN_RESOURCE"
  | "PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE"
  | "PASS_ROLE_WITH_NOT_RESOURCE"
  | "PASS_ROLE_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE"
  | "CREATE_SLR_WITH_STAR_IN_RESOURCE"
  | "CREATE_SLR_WITH_STAR_IN_ACTION_AND_RESOURCE"
  | "CREATE_SLR_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION"
  | "CREATE_SLR_WITH_NOT_RESOURCE"
  | "CREATE_SLR_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE"
  | "CREATE_SLR_WITH_NOT_ACTION_AND_NOT_RESOURCE"
  | "MISSING_BRACE_IN_VARIABLE"
  | "MISSING_QUOTE_IN_VARIABLE"
  | "UNSUPPORTED_SPACE_IN_VARIABLE"
  | "EMPTY_VARIABLE"
  | "UNSUPPORTED_SYMBOL_IN_VARIABLE"
  | "VARIABLE_UNSUPPORTED_IN_ELEMENT"
  | "VARIABLE_UNSUPPORTED_IN_VERSION"
  | "INVALID_ACTION"
  | "INVALID_SERVICE"
  | "NO_MATCHING_ACTION"
  | "INVALID_GLOBAL_CONDITION_KEY"
  | "INVALID_SERVICE_CONDITION_KEY"
  | "TOO_MANY_FINDINGS"
  | "PERIMETER_DENIES_AWS_SERVICES"
  | "GATEWAY_ENDPOINT_ACCOUNT_PRINCIPAL"
  | "ENDPOINT_STATEMENT_FOR_OTHER_SERVICE"
  | "STATEMENT_DENIED_BY_ANOTHER_LAYER"
  | "MISSING_ARN_FIELD"
  | "INVALID_PARTITION"
  | "INVALID_ARN_SERVICE_CASE"
  | "MISSING_ARN_REGION"
  | "ARN_REGION_NOT_ALLOWED"
  | "ARN_ACCOUNT_NOT_ALLOWED"
  | "INVALID_ARN_RESOURCE"
  | "UNSUPPORTED_ACTION_FOR_CONDITION_KEY"
  | "MISSING_ACTION_FOR_CONDITION_KEY"
  | "DENY_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE"
  | "DENY_NOTACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE"
  | "ALLOW_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE"
  | "ALLOW_NOTACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE"
  | "UNSUPPORTED_GLOBAL_CONDITION_KEY"
  | "MISSING_PAIRED_CONDITION_KEYS"
  | "RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL"
  | "REDUNDANT_ACTION"
  | "REDUNDANT_RESOURCE"
  | "REDUNDANT_STATEMENT"
  | "WILDCARD_IN_SERVICE_NAME"
  | "SCP_LEVEL_WITHOUT_POLICY"
  | "LAYER_DOES_NOT_APPLY"
  | "ROOT_USER_FULL_ACCESS"
  | "ROOT_USER_CANNOT_ASSUME_ROLE"
  | "FEDERATED_USER_WITHOUT_SESSION_POLICY"
  | "DEFAULT_KEY_POLICY"
  | "MISSING_TRUST_POLICY"
  | "RESOURCE_POLICY_MUST_ALLOW"
  | "KMS_CROSS_ACCOUNT_NOT_SUPPORTED"
  | "UNKNOWN_FIELD"
  | "MISSING_FIELD"
  | "INVALID_REQUEST_VALUE"
  | "INVALID_PRINCIPAL_ARN"
  | "INVALID_SCENARIO"
  | "INVALID_SHARE_LINK"
  | "INVALID_EXPECTATION"
  | "INVALID_NETWORK"
  | "INVALID_ARGUMENT";

/** A diagnostic, located: the same form as the command line's. Lines and columns are 1-based;
 * columns count characters; the end is exclusive. */
export interface Diagnostic {
  code: DiagnosticCode;
  severity: Severity;
  /** The policy (`identityPolicies[0]`, `endpoint.policy`, `policy`) or input field. */
  policy: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
  help?: string;
  /** The AWS page stating the rule, for AWS's rules. */
  link?: string;
  /** The fix, when it is mechanical (a did-you-mean, the case of `Effect`, the version):
   * replace from `line`/`column` to `endLine`/`endColumn` (exclusive) with `replacement`,
   * which is JSON text (a string with its quotes). */
  fix?: Fix;
}

/** A mechanical fix of a diagnostic, located like it. */
export interface Fix {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  replacement: string;
}

/** A diagnostic of a scenario: `editor` names the editor (the same as `policy`). */
export interface ScenarioDiagnostic extends Diagnostic {
  editor: string;
  error: boolean;
}

export type Decision = "Allowed" | "ExplicitlyDenied" | "ImplicitlyDenied";
export type Layer =
  | "identityPolicies" | "endpoint" | "resourcePolicy" | "permissionsBoundary"
  | "scps" | "rcps" | "sessionPolicy";
export type PolicyKind =
  | "identity" | "endpoint" | "resource" | "permissionsBoundary" | "boundary"
  | "scp" | "rcp" | "session" | "trust";

/** A policy: an object, or its JSON text. */
export type PolicyInput = string | Record<string, unknown>;
export type ContextValue = string | number | boolean;

/** The case `simulate` decides (the command line's format). */
export interface SimulateCase {
  request: {
    principal: string;
    action: string;
    resource?: string;
    resourceAccount?: string;
    federatingUser?: string;
    context?: Record<string, ContextValue | ContextValue[]>;
    /** The workload of `network` making the call (required with a `network`). */
    workload?: string;
  };
  /** The VPC the call starts from (README, "The network path"). */
  network?: Record<string, unknown>;
  identityPolicies?: PolicyInput[];
  endpoint?: { type?: "Interface" | "Gateway"; policy?: PolicyInput };
  resourcePolicy?: PolicyInput;
  permissionsBoundary?: PolicyInput;
  scps?: PolicyInput[][];
  rcps?: PolicyInput[][];
  sessionPolicy?: PolicyInput;
}

export interface DecisiveStatement {
  policy: string;
  statement: number;
  sid?: string;
  effect: "Allow" | "Deny";
}

export interface Failure {
  type: "failure";
  errors: Diagnostic[];
}

/** One hop of a call's network path (a case with a `network`). */
export interface Hop {
  hop: "dns" | "route" | "security-group-egress" | "nacl-outbound" | "nacl-inbound"
    | "endpoint-security-group" | "return";
  state: "pass" | "block";
  code: string;
  component?: string;
  rule?: number;
  detail: string;
}

/** The network path of a case's call. */
export interface NetworkPath {
  arrives: boolean;
  way?: "interfaceEndpoint" | "gatewayEndpoint" | "natGateway" | "internetGateway";
  service: string;
  hops: Hop[];
}

export type SimulateResult =
  | { type: "success"; decision: Decision | "Unreachable"; blockedBy: Layer[];
      decisive: DecisiveStatement[]; warnings: Diagnostic[]; path?: NetworkPath }
  | Failure;

export type ValidateResult =
  | { type: "success"; warnings: Diagnostic[] }
  | { type: "failure"; errors: Diagnostic[]; warnings?: Diagnostic[] };

/** A grid cell's decision: the policies', or `"Unreachable"` for a call that never reaches AWS. */
export type CellDecision = Decision | "Unreachable";

/** A grid cell. A principal calling from a workload of the scenario's `network` whose call
 * never reaches AWS is `"Unreachable"`, with the hop that stopped it. */
export interface Cell {
  decision: CellDecision;
  blockedBy: Layer[];
  stoppedAt?: Hop["hop"];
}

export type EvaluateScenarioResult =
  | { type: "success"; principals: string[]; actions: string[]; cells: Cell[][];
      warnings: ScenarioDiagnostic[] }
  | { type: "failure"; errors: (Diagnostic | ScenarioDiagnostic)[] };

/** One check of the registry (`checks()`), as `policy-playground checks --json` gives it plus
 * its examples: a policy that triggers it and one that does not, read as `kind` (none for checks
 * that no short policy shows; `testedBy` then names the test that does). */
export interface CheckInfo {
  code: DiagnosticCode;
  findingType: Severity;
  /** Access Analyzer's finding type for its checks; null for ours. */
  accessAnalyzer: Severity | null;
  /** Policy kinds (identity, resource, interface-endpoint, gateway-endpoint, trust, scp, rcp,
   * session, boundary), or ["case"], or ["evaluation"]. */
  appliesTo: string[];
  summary: string;
  explanation: string;
  link: string | null;
  examples: { kind: PolicyKind; fires: string; quiet: string } | null;
  testedBy: string | null;
}

export interface PresetInfo {
  id: string;
  title: string;
  lesson: string;
}

export interface MountOptions {
  preset?: string;
  scenario?: string | Record<string, unknown>;
  view?: "grid" | "decision";
  /** Editors to show, comma-separated: endpoint, identity, resourcePolicy, permissionsBoundary,
   * sessionPolicy, scps, rcps, or none (default endpoint,identity). */
  edit?: string;
  theme?: "light" | "dark" | "auto";
  /** The full playground's URL, for the "Open in the full playground" link (default index.html):
   * a relative or http(s) URL; any other scheme (javascript:, data:, ...) is refused. */
  playgroundUrl?: string;
  fromHash?: boolean;
  actions?: string;
  /** Makes the widget a quiz: the principals to ask about (names separated by spaces or commas;
   * "" or "*" for every principal), each × every action of the filter, at most 12 questions.
   * The reader predicts each decision (allowed or denied) before it and its explanation show. */
  quiz?: string;
  /** The quiz's prompt, above its questions. */
  quizPrompt?: string;
}

export type MountResult = { type: "success" } | Failure;
"#;

/// Converts a JSON value to a plain JS object (maps as objects, not `Map`s).
fn to_js(value: &Value) -> JsValue {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .unwrap_or(JsValue::NULL)
}

/// A diagnostic in the one located form (the same fields as the command line's).
fn located_json(located: &Located) -> Value {
    serde_json::to_value(located).unwrap_or(Value::Null)
}

/// A problem with an argument as a whole (no text to point into): located at its start, with
/// `policy` naming the argument.
pub(crate) fn argument_problem(code: Code, place: &str, message: impl Into<String>) -> Located {
    Diagnostic::new(code, Span::default(), message).locate(place, &LineIndex::new(""))
}

fn failure(located: &Located) -> JsValue {
    to_js(&json!({"type": "failure", "errors": [located_json(located)]}))
}

/// Reads a JS argument that may be JSON text or an object, as JSON text. `JSON.stringify` does the
/// reading: an object it cannot turn into text (a reference cycle, a getter or proxy trap that
/// throws, a BigInt) is an `INVALID_ARGUMENT` problem, never a trap of the module.
pub(crate) fn json_text(value: &JsValue, place: &str) -> Result<String, Located> {
    if let Some(text) = bounded_string(value, place)? {
        return Ok(text);
    }
    if value.is_undefined() || value.is_null() {
        return Err(argument_problem(
            Code::INVALID_ARGUMENT,
            place,
            "expected an object or json text, found nothing",
        ));
    }
    let text = js_sys::JSON::stringify(value).map_err(|_| {
        argument_problem(
            Code::INVALID_ARGUMENT,
            place,
            "the argument cannot be turned into json",
        )
    })?;
    bounded_string(&text, place)?.ok_or_else(|| {
        argument_problem(
            Code::INVALID_ARGUMENT,
            place,
            "the argument cannot be turned into json",
        )
    })
}

/// The longest text an argument of the API may be, in UTF-16 units (JavaScript's `length`):
/// 4 Mi, two hundred times AWS's largest policy (20,480 characters). Checked before the text is
/// copied into the module.
pub const MAX_ARGUMENT_CHARS: u32 = 4 * 1024 * 1024;

/// `value` as a Rust string when it is a JS string (`None` otherwise), refused before it is copied
/// when it is longer than [`MAX_ARGUMENT_CHARS`].
fn bounded_string(value: &JsValue, place: &str) -> Result<Option<String>, Located> {
    let Some(text) = value.dyn_ref::<js_sys::JsString>() else {
        return Ok(None);
    };
    if text.length() > MAX_ARGUMENT_CHARS {
        return Err(argument_problem(
            Code::INVALID_ARGUMENT,
            place,
            format!(
                "the argument is {} characters long; the most the api reads is {MAX_ARGUMENT_CHARS}",
                text.length()
            ),
        ));
    }
    Ok(text.as_string())
}

/// `simulate(case)`: decides one case (object or JSON text), with the same contract as
/// `policy-playground simulate`, tagged with `type`.
#[wasm_bindgen(js_name = simulate, unchecked_return_type = "SimulateResult")]
pub fn simulate_js(
    #[wasm_bindgen(unchecked_param_type = "SimulateCase | string")] case: JsValue,
) -> JsValue {
    let text = match json_text(&case, "case") {
        Ok(t) => t,
        Err(e) => return failure(&e),
    };
    let output = crate::api::simulate(&text);
    let mut value = serde_json::to_value(&output).unwrap_or(Value::Null);
    let tag = if output.is_decision() {
        "success"
    } else {
        "failure"
    };
    if let Value::Object(map) = &mut value {
        map.insert("type".into(), Value::String(tag.into()));
    }
    to_js(&value)
}

/// The policy kinds `validate` accepts (the command line's `--kind` takes the same names).
fn policy_kind(kind: &str) -> Option<PolicyKind> {
    crate::findings::kind_by_name(kind)
}

/// `validate(policyText, kind, resource?)`: `{type: "success", warnings}` for a valid policy,
/// else `{type: "failure", errors, warnings}`; each diagnostic has `code`, `severity`, `policy`
/// (`"policy"`), `line`, `column`, `endLine`, `endColumn`, `message` and maybe `help` and
/// `link`, as on the command line. `kind` is `identity`, `endpoint`, `resource`,
/// `permissionsBoundary`, `scp`, `rcp`, `session` or `trust` (a role trust policy).
/// `resource`, for kind `resource` only, is the ARN of the resource the policy is attached to,
/// as the command line's `validate --resource`: an Amazon ECR repository's policy may leave
/// `Resource` out.
#[wasm_bindgen(unchecked_return_type = "ValidateResult")]
pub fn validate(
    #[wasm_bindgen(unchecked_param_type = "string")] policy_text: JsValue,
    #[wasm_bindgen(unchecked_param_type = "PolicyKind")] kind: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "string")] resource: JsValue,
) -> JsValue {
    let policy_text = match bounded_string(&policy_text, "policyText") {
        Ok(text) => text,
        Err(e) => return failure(&e),
    };
    let Some(policy_text) = policy_text else {
        return failure(&argument_problem(
            Code::INVALID_ARGUMENT,
            "policyText",
            "validate(policyText, kind): policyText must be a string",
        ));
    };
    let policy_text = policy_text.as_str();
    let kind = kind.as_string().unwrap_or_default();
    let kind = kind.as_str();
    let Some(kind) = policy_kind(kind) else {
        return failure(&argument_problem(
            Code::INVALID_ARGUMENT,
            "kind",
            format!("unknown policy kind `{kind}`: use identity, endpoint, resource, permissionsBoundary, scp, rcp, session or trust"),
        ));
    };
    let resource = match attached_resource(&resource, kind) {
        Ok(resource) => resource,
        Err(e) => return failure(&e),
    };
    let parsed = parse_attached_policy_text(policy_text, kind, &resource);
    let lines = LineIndex::new(policy_text);
    let (mut errors, mut warnings) = (Vec::new(), Vec::new());
    for d in &parsed.diagnostics {
        let located = d.locate("policy", &lines);
        if located.is_error() {
            errors.push(located_json(&located));
        } else {
            warnings.push(located_json(&located));
        }
    }
    if errors.is_empty() {
        to_js(&json!({"type": "success", "warnings": warnings}))
    } else {
        to_js(&json!({"type": "failure", "errors": errors, "warnings": warnings}))
    }
}

/// `validate`'s `resource`: "" when absent (`undefined` or `null`), else an ARN, given with
/// kind `resource` (as the command line's `validate --resource`).
fn attached_resource(value: &JsValue, kind: PolicyKind) -> Result<String, Located> {
    if value.is_undefined() || value.is_null() {
        return Ok(String::new());
    }
    let problem = |message: String| argument_problem(Code::INVALID_ARGUMENT, "resource", message);
    let Some(resource) = bounded_string(value, "resource")? else {
        return Err(problem(
            "validate(policyText, kind, resource): resource must be a string, the ARN of the \
             resource the policy is attached to"
                .into(),
        ));
    };
    match crate::findings::attached_resource_problem(kind, &resource, "resource", "kind `resource`")
    {
        Some(message) => Err(problem(message)),
        None => Ok(resource),
    }
}

/// Reads a scenario from a preset id, JSON text or an object. A scenario that does not read is
/// an `INVALID_SCENARIO` diagnostic located in its JSON text (`policy` is `"scenario"`).
pub fn scenario_from(value: &JsValue) -> Result<Scenario, Located> {
    if let Some(id) = bounded_string(value, "scenario")? {
        if let Some(p) = presets::preset(&id) {
            return Ok(p.scenario);
        }
        if !id.trim_start().starts_with('{') {
            return Err(argument_problem(
                Code::INVALID_ARGUMENT,
                "scenario",
                format!(
                    "unknown preset `{id}`: use one of {}, or give a scenario object",
                    presets::PRESET_IDS.join(", ")
                ),
            ));
        }
    }
    let text = json_text(value, "scenario")?;
    crate::scenario::report::read(&text)
}

/// `evaluateScenario(scenario)`: the grid of a scenario (a preset id, JSON text or an object in
/// the share-link document format): `{type: "success", principals, actions, cells, warnings}`
/// where `cells[row][column]` is `{decision, blockedBy}`, or `{type: "failure", errors}`.
#[wasm_bindgen(
    js_name = evaluateScenario,
    unchecked_return_type = "EvaluateScenarioResult"
)]
pub fn evaluate_scenario(
    #[wasm_bindgen(unchecked_param_type = "string | Record<string, unknown>")] scenario: JsValue,
) -> JsValue {
    let scenario = match scenario_from(&scenario) {
        Ok(s) => s,
        Err(e) => return failure(&e),
    };
    to_js(&crate::scenario::report::grid_answer(&Workspace::new(
        scenario,
    )))
}

/// `checks()`: every check of the registry (`engine::registry`), in the order of the codes: the
/// list `policy-playground checks --json` prints, with each check's examples.
#[wasm_bindgen(js_name = checks, unchecked_return_type = "CheckInfo[]")]
pub fn checks_js() -> JsValue {
    use crate::engine::{registry, Proof};
    let list: Vec<Value> = registry()
        .iter()
        .map(|info| {
            let (examples, tested_by) = match info.proof {
                Proof::Examples { kind, fires, quiet } => (
                    json!({"kind": crate::findings::kind_name(kind), "fires": fires, "quiet": quiet}),
                    None,
                ),
                Proof::Oversized { .. } => (Value::Null, None),
                Proof::Elsewhere { tested_by, .. } => (Value::Null, Some(tested_by)),
            };
            let mut check = crate::findings::check_json(info);
            if let Some(fields) = check.as_object_mut() {
                fields.insert("examples".into(), examples);
                fields.insert("testedBy".into(), json!(tested_by));
            }
            check
        })
        .collect();
    to_js(&Value::Array(list))
}

/// `presets()`: the ids and titles of the built-in scenarios.
#[wasm_bindgen(js_name = presets, unchecked_return_type = "PresetInfo[]")]
pub fn presets_js() -> JsValue {
    let list: Vec<Value> = presets::all()
        .iter()
        .map(|p| json!({"id": p.id, "title": p.title, "lesson": p.lesson}))
        .collect();
    to_js(&Value::Array(list))
}
