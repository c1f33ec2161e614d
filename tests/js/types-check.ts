// Type-checks the JavaScript API's TypeScript declarations (dist/playground-web.d.ts, generated
// by wasm-bindgen from src/web/js_api.rs) against the way a caller uses them. Not run: compiled
// with `tsc --noEmit -p tests/js` by scripts/js-api-test.sh. A `@ts-expect-error` line fails the
// check when the declarations stop rejecting what it shows.
import {
  checks,
  evaluateScenario,
  mount,
  presets,
  simulate,
  validate,
  type CellDecision,
  type CheckInfo,
  type Decision,
  type Diagnostic,
  type DiagnosticCode,
  type Layer,
  type PresetInfo,
  type Severity,
} from '../../dist/playground-web.js';

const answer = simulate({
  request: { principal: 'arn:aws:iam::111122223333:user/alice', action: 's3:GetObject', context: { 'aws:SecureTransport': true } },
  identityPolicies: ['{"Version": "2012-10-17", "Statement": []}'],
  endpoint: { type: 'Gateway' },
  scps: [[{ Version: '2012-10-17', Statement: [] }]],
});
if (answer.type === 'success') {
  // A case with a network may answer that the call never arrives; otherwise a policy decision.
  const decision: Decision | 'Unreachable' = answer.decision;
  const blocked: string | undefined = answer.path?.hops.find((h) => h.state === 'block')?.code;
  void blocked;
  const layers: Layer[] = answer.blockedBy;
  const sid: string | undefined = answer.decisive[0]?.sid;
  void [decision, layers, sid];
} else {
  const first: Diagnostic = answer.errors[0];
  const code: DiagnosticCode = first.code;
  const severity: Severity = first.severity;
  const where: [string, number, number, number, number] = [first.policy, first.line, first.column, first.endLine, first.endColumn];
  const link: string | undefined = first.link;
  void [code, severity, where, link];
}

const checked = validate('{}', 'endpoint');
validate('{}', 'resource', 'arn:aws:ecr:us-east-1:111122223333:repository/app');
const findings: Diagnostic[] = checked.type === 'success' ? checked.warnings : checked.errors;
const codes: DiagnosticCode[] = findings.map((d) => d.code);
const isMissingVersion = codes.includes('MISSING_VERSION');
const fixes: string[] = findings.flatMap((d) => (d.fix ? [d.fix.replacement] : []));
void fixes;

const grid = evaluateScenario('sagemaker-api-exam');
if (grid.type === 'success') {
  const cell: CellDecision = grid.cells[0][0].decision;
  const policies: Decision | undefined = cell === 'Unreachable' ? undefined : cell;
  const editor: string | undefined = grid.warnings[0]?.editor;
  void [cell, policies, editor];
}

const list: PresetInfo[] = presets();
const mounted = mount(document.body, { preset: list[0].id, view: 'decision', theme: 'dark' });
const quiz = mount(document.body, { preset: list[0].id, actions: 'sagemaker:CreateTrainingJob', quiz: 'specific-user other-user', quizPrompt: 'Who gets through?' });
void [isMissingVersion, mounted.type, quiz.type];
// @ts-expect-error: the quiz names principals in one string
mount(document.body, { quiz: ['specific-user'] });

// Every check, with its examples read as a policy kind validate() takes.
const registry: CheckInfo[] = checks();
for (const check of registry) {
  const code: DiagnosticCode = check.code;
  const accessAnalyzer: Severity | null = check.accessAnalyzer;
  if (check.examples) validate(check.examples.fires, check.examples.kind);
  void [code, accessAnalyzer];
}

// @ts-expect-error: not a diagnostic code
const notACode: DiagnosticCode = 'NOT_A_CODE';
// @ts-expect-error: not a policy kind
validate('{}', 'bucket');
// @ts-expect-error: severities are Access Analyzer's finding types
const notASeverity: Severity = 'info';
void [notACode, notASeverity];
