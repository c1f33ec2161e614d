// The JavaScript API (dist/playground-web.js, the ES module wasm-bindgen generates) under node:
// `simulate`, `validate`, `evaluateScenario`, `presets` (and `mount` without a DOM). Every answer
// is a plain object tagged `type: "success" | "failure"`; a mistake in the input never throws.
//
// Run with scripts/js-api-test.sh (`node --test tests/js/`); dist/ must be built first
// (`trunk build --release --offline`, or scripts/test.sh).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DIST = path.join(ROOT, 'dist');
const JS = path.join(DIST, 'playground-web.js');
const WASM = path.join(DIST, 'playground-web_bg.wasm');
if (!fs.existsSync(JS) || !fs.existsSync(WASM)) {
  throw new Error('dist/ is not built: run `trunk build --release --offline` (scripts/test.sh does) first');
}

// Importing the module must not need a browser: no `window`, no `document`.
assert.equal(typeof globalThis.window, 'undefined');
assert.equal(typeof globalThis.document, 'undefined');
const api = await import(JS);
const exports = api.initSync({ module: fs.readFileSync(WASM) });
const { simulate, validate, evaluateScenario, presets, mount, checks } = api;

const ACCOUNT = '111122223333';
const arnOf = (user) => `arn:aws:iam::${ACCOUNT}:user/${user}`;
const CREATE = 'sagemaker:CreateTrainingJob';
const PRESETS = [
  'sagemaker-api-exam', 'sagemaker-network', 's3-gateway-route-table', 'sg-cannot-tell-principals', 'deny-unless-endpoint', 's3-gateway-principals', 'forallvalues-sourcevpce-pitfall', 'data-perimeter-org',
  's3-bucket-policy-requires-endpoint', 'cross-account-bucket', 'scp-region-guardrail', 'rcp-org-perimeter', 'boundary-caps-admin',
  'session-policy-narrows',
];

// The README's example case (the seed note's two policies).
const CASE = {
  request: {
    principal: arnOf('specific-user'),
    action: CREATE,
    resource: '*',
    context: { 'aws:RequestedRegion': 'us-east-1' },
  },
  identityPolicies: [
    {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: CREATE, Resource: '*', Condition: { StringEquals: { 'aws:RequestedRegion': 'us-east-1' } } },
      ],
    },
  ],
  endpoint: {
    type: 'Interface',
    policy: { Statement: [{ Effect: 'Allow', Principal: { AWS: arnOf('specific-user') }, Action: 'sagemaker:*', Resource: '*' }] },
  },
};

// Asserts that `value` is JSON-like all the way down: plain objects (prototype Object.prototype,
// never Map or class instances), arrays, strings, finite numbers, booleans, null. No undefined.
function assertPlain(value, where = 'answer') {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') return assert.ok(Number.isFinite(value), `${where} is a finite number`);
  assert.notEqual(typeof value, 'undefined', `${where} is undefined`);
  assert.equal(typeof value, 'object', `${where}: ${typeof value}`);
  assert.ok(!(value instanceof Map), `${where} is a Map`);
  if (Array.isArray(value)) {
    value.forEach((v, i) => assertPlain(v, `${where}[${i}]`));
    return;
  }
  assert.equal(Object.getPrototypeOf(value), Object.prototype, `${where} is not a plain object`);
  for (const [k, v] of Object.entries(value)) assertPlain(v, `${where}.${k}`);
}

// Calls `f` and fails the test (instead of erroring) if it throws.
function noThrow(what, f) {
  try {
    return f();
  } catch (e) {
    assert.fail(`${what} threw ${e && e.constructor && e.constructor.name}: ${e && e.message}`);
  }
}

// JSON text with object keys sorted, like serde_json's (the command line's corpus runner feeds
// the library `input.to_string()`, whose keys come out sorted; positions in errors depend on it).
function sortedJson(value) {
  if (Array.isArray(value)) return `[${value.map(sortedJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${sortedJson(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Fields of a diagnostic that follow from its code (`severity`, `link`) or that the corpus does
 * not pin (`endLine`, `endColumn`, `fix`): compared only when the case lists them (as in
 * tests/support/mod.rs). */
const DERIVED = ['severity', 'link', 'endLine', 'endColumn', 'fix'];
function withoutUnlistedDerived(actual, expected) {
  return actual.map((d, i) => {
    const copy = { ...d };
    for (const key of DERIVED) if (!(expected[i] && key in expected[i])) delete copy[key];
    return copy;
  });
}

describe('loading', () => {
  test('initSync({ module }) instantiates the module without a DOM', () => {
    assert.ok(exports.memory instanceof WebAssembly.Memory);
    for (const name of ['simulate', 'validate', 'evaluateScenario', 'presets', 'mount', 'default', 'initSync']) {
      assert.equal(typeof api[name], 'function', name);
    }
  });

  test('the TypeScript declarations name every function, typed (no `any`)', () => {
    const dts = fs.readFileSync(path.join(DIST, 'playground-web.d.ts'), 'utf8');
    for (const decl of [
      'export function simulate(_case: SimulateCase | string): SimulateResult',
      'export function validate(policy_text: string, kind: PolicyKind, resource?: string): ValidateResult',
      'export function evaluateScenario(scenario: string | Record<string, unknown>): EvaluateScenarioResult',
      'export function presets(): PresetInfo[]',
      'export function checks(): CheckInfo[]',
      'export function mount(element: Element, options: MountOptions): MountResult',
      'export type DiagnosticCode =',
      'export interface Diagnostic {',
      'export function initSync(',
      'export default function __wbg_init',
    ]) {
      assert.ok(dts.includes(decl), decl);
    }
    const exported = dts.split('\n').filter((l) => /^export function (simulate|validate|evaluateScenario|presets|mount)\(/.test(l));
    assert.equal(exported.length, 5);
    for (const line of exported) assert.doesNotMatch(line, /\bany\b/, line);
  });

  test('importing the module in node prints no warning', () => {
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', `await import(${JSON.stringify(JS)})`], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stderr, '');
  });
});

describe('simulate(case)', () => {
  test('an object: a plain success object with the decision', () => {
    const r = simulate(CASE);
    assertPlain(r);
    assert.equal(Object.getPrototypeOf(r), Object.prototype);
    assert.deepEqual(r, {
      type: 'success',
      decision: 'Allowed',
      blockedBy: [],
      decisive: [
        { policy: 'identityPolicies[0]', statement: 0, effect: 'Allow' },
        { policy: 'endpoint.policy', statement: 0, effect: 'Allow' },
      ],
      warnings: [],
    });
    for (const d of r.decisive) assert.equal(Object.getPrototypeOf(d), Object.prototype);
  });

  test('JSON text: the same answer as the object', () => {
    assert.deepEqual(simulate(JSON.stringify(CASE)), simulate(CASE));
    assert.deepEqual(simulate(JSON.stringify(CASE, null, 2)), simulate(CASE));
  });

  test('the same contract as the command line, plus `type`', () => {
    // The command line built by `cargo test` (scripts/test.sh runs the native tests first).
    const cli = ['release', 'debug'].map((p) => path.join(ROOT, 'target', p, 'policy-playground')).find((p) => fs.existsSync(p));
    assert.ok(cli, 'the command line is not built: run `cargo build` (or scripts/test.sh) first');
    for (const c of [CASE, { ...CASE, request: { ...CASE.request, principal: arnOf('other-user') } }, { request: {} }]) {
      const text = JSON.stringify(c);
      const { type, ...rest } = simulate(c);
      const run = spawnSync(cli, ['simulate'], { input: text, encoding: 'utf8' });
      assert.deepEqual(rest, JSON.parse(run.stdout), run.stderr);
      assert.equal(type, 'errors' in rest ? 'failure' : 'success');
    }
  });

  test('the module exports the documented API and nothing else', () => {
    const documented = ['checks', 'default', 'evaluateScenario', 'initSync', 'mount', 'presets', 'simulate', 'validate'];
    assert.deepEqual(Object.keys(api).sort(), documented);
  });

  test('the decision follows the request: other Region, other user, explicit deny', () => {
    const region = simulate({ ...CASE, request: { ...CASE.request, context: { 'aws:RequestedRegion': 'eu-west-1' } } });
    assert.equal(region.type, 'success');
    assert.equal(region.decision, 'ImplicitlyDenied');
    assert.deepEqual(region.blockedBy, ['identityPolicies']);
    assert.deepEqual(region.decisive, []);

    const other = simulate({ ...CASE, request: { ...CASE.request, principal: arnOf('other-user') } });
    assert.equal(other.decision, 'ImplicitlyDenied');
    assert.deepEqual(other.blockedBy, ['endpoint']);

    const denied = simulate({
      ...CASE,
      identityPolicies: [
        ...CASE.identityPolicies,
        { Version: '2012-10-17', Statement: { Sid: 'NoTraining', Effect: 'Deny', Action: 'sagemaker:Create*', Resource: '*' } },
      ],
    });
    assertPlain(denied);
    assert.equal(denied.decision, 'ExplicitlyDenied');
    assert.deepEqual(denied.decisive, [{ policy: 'identityPolicies[1]', statement: 0, sid: 'NoTraining', effect: 'Deny' }]);
  });

  test('warnings are plain objects with policy, line, column and message', () => {
    const r = simulate({
      request: { principal: arnOf('a'), action: 's3:GetObject', resource: '*' },
      identityPolicies: [{ Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }],
      sessionPolicy: { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
    });
    assertPlain(r);
    assert.equal(r.type, 'success');
    assert.ok(r.warnings.length >= 1, JSON.stringify(r));
    for (const w of r.warnings) {
      assert.equal(Object.getPrototypeOf(w), Object.prototype);
      assert.equal(typeof w.policy, 'string');
      assert.equal(typeof w.line, 'number');
      assert.equal(typeof w.column, 'number');
      assert.equal(typeof w.message, 'string');
    }
  });

  test('an invalid case: failure with located errors, no throw', () => {
    const broken = '{\n  "Version": "2012-10-17",\n  "Statement": [ { "Effect": "Allow" "Action": "*", "Resource": "*" } ]\n}';
    const r = noThrow('simulate', () => simulate({ ...CASE, identityPolicies: [broken] }));
    assertPlain(r);
    assert.equal(r.type, 'failure');
    assert.equal(r.decision, undefined);
    assert.equal(r.errors.length, 1);
    const [e] = r.errors;
    assert.equal(Object.getPrototypeOf(e), Object.prototype);
    assert.equal(e.policy, 'identityPolicies[0]');
    assert.equal(e.line, 3);
    assert.equal(e.column, broken.split('\n')[2].indexOf('"Action"') + 1);
    assert.match(e.message, /expected `,`/);
    assert.equal(typeof e.help, 'string');
  });

  test('bad arguments: failure, never a throw', () => {
    const circular = {};
    circular.self = circular;
    for (const [what, arg] of [
      ['undefined', undefined],
      ['null', null],
      ['a number', 42],
      ['a boolean', true],
      ['an array', []],
      ['an empty object', {}],
      ['broken JSON text', '{not json'],
      ['empty text', ''],
      ['a circular object', circular],
      ['a BigInt inside', { request: { n: 1n } }],
      ['a case with a wrong type', { request: { principal: 7, action: CREATE, resource: '*' } }],
      ['an unknown action format', { ...CASE, request: { ...CASE.request, action: 'not-an-action' } }],
    ]) {
      const r = noThrow(`simulate(${what})`, () => simulate(arg));
      assertPlain(r, what);
      assert.equal(r.type, 'failure', `${what}: ${JSON.stringify(r)}`);
      assert.ok(Array.isArray(r.errors) && r.errors.length > 0, what);
      for (const e of r.errors) assert.equal(typeof e.message, 'string', what);
    }
  });

  test('the decision corpus through the JS API: every case as the command line answers it', () => {
    const files = [];
    const walk = (dir) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(p);
        else if (entry.name.endsWith('.json')) files.push(p);
      }
    };
    walk(path.join(ROOT, 'tests/corpus'));
    assert.ok(files.length > 100, `${files.length} corpus cases`);
    const failures = [];
    for (const file of files) {
      const { input, expect } = JSON.parse(fs.readFileSync(file, 'utf8'));
      const r = simulate(sortedJson(input));
      const name = path.relative(ROOT, file);
      try {
        assertPlain(r, name);
        if (expect.errors) {
          assert.equal(r.type, 'failure');
          assert.deepEqual(withoutUnlistedDerived(r.errors, expect.errors), expect.errors);
        } else {
          assert.equal(r.type, 'success');
          assert.equal(r.decision, expect.decision);
          assert.deepEqual(r.blockedBy, expect.blockedBy ?? []);
          assert.deepEqual(r.decisive, expect.decisive ?? []);
          if (expect.warnings) {
            assert.deepEqual(withoutUnlistedDerived(r.warnings, expect.warnings), expect.warnings);
          }
        }
        // An object gives the same decision as its text.
        if (!expect.errors) assert.equal(simulate(input).decision, r.decision);
      } catch (e) {
        failures.push(`${name}: ${e.message.split('\n')[0]}`);
      }
    }
    assert.deepEqual(failures, []);
  });
});

describe('arguments longer than the API reads', () => {
  test('are refused before they are read, with the limit, and the module goes on', () => {
    const MAX = 4 * 1024 * 1024;
    const long = ' '.repeat(MAX + 1);
    for (const [what, answer] of [
      ['validate', () => validate(long, 'identity')],
      ['simulate', () => simulate(long)],
      ['evaluateScenario', () => evaluateScenario(long)],
      ['simulate of an object', () => simulate({ request: {}, padding: long })],
    ]) {
      const r = answer();
      assert.equal(r.type, 'failure', what);
      assert.equal(r.errors[0].code, 'INVALID_ARGUMENT', what);
      assert.match(r.errors[0].message, new RegExp(`the most the api reads is ${MAX}`), what);
    }
    // At the limit it is read (and is a policy or case with its own mistakes).
    assert.notEqual(validate(' '.repeat(MAX), 'identity').errors[0].code, 'INVALID_ARGUMENT');
    assert.equal(validate('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}', 'identity').type, 'success');
  });
});

describe('validate(policyText, kind)', () => {
  const ENDPOINT_NO_PRINCIPAL = '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Action": "sagemaker:*",\n      "Resource": "*"\n    }\n  ]\n}';

  test('an endpoint policy without Principal: failure with line and column', () => {
    const r = validate(ENDPOINT_NO_PRINCIPAL, 'endpoint');
    assertPlain(r);
    assert.equal(r.type, 'failure');
    assert.deepEqual(r.warnings, []);
    assert.equal(r.errors.length, 1);
    const [e] = r.errors;
    assert.equal(Object.getPrototypeOf(e), Object.prototype);
    // The statement's opening brace: line 4, column 5.
    assert.deepEqual([e.line, e.column], [4, 5]);
    assert.equal(e.code, 'MISSING_PRINCIPAL');
    assert.equal(e.severity, 'ERROR');
    assert.equal(e.policy, 'policy');
    assert.match(e.link, /^https:\/\/docs\.aws\.amazon\.com\/.*principal/);
    assert.equal(typeof e.endLine, 'number');
    assert.equal(typeof e.endColumn, 'number');
    assert.match(e.message, /Principal/);
    assert.match(e.help, /"Principal": "\*"/);
  });

  test('the same text is a valid identity policy', () => {
    const r = validate(ENDPOINT_NO_PRINCIPAL, 'identity');
    assertPlain(r);
    assert.deepEqual(r, { type: 'success', warnings: [] });
  });

  test('a valid policy with a suspicious part: success with located warnings', () => {
    const text = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*"}]}';
    const r = validate(text, 'identity');
    assertPlain(r);
    assert.equal(r.type, 'success');
    assert.equal(r.errors, undefined);
    assert.ok(Array.isArray(r.warnings));
    assert.equal(r.warnings.length, 1);
    const [w] = r.warnings;
    assert.equal(Object.getPrototypeOf(w), Object.prototype);
    assert.equal(w.line, 1);
    assert.equal(w.column, text.indexOf('"s3:GetObjekt"') + 1);
    assert.match(w.message, /s3:GetObjekt/);
    assert.match(w.help, /s3:GetObject/);
    // The did-you-mean as an edit: the whole string, quotes included, replaced.
    const at = text.indexOf('"s3:GetObjekt"') + 1;
    assert.deepEqual(w.fix, { line: 1, column: at, endLine: 1, endColumn: at + '"s3:GetObjekt"'.length, replacement: '"s3:GetObject"' });
  });

  test('resource: an ECR repository policy may leave Resource out, as on the command line', () => {
    const text = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "ecr:BatchGetImage"}]}';
    const repository = 'arn:aws:ecr:us-east-1:111122223333:repository/app';
    assert.equal(validate(text, 'resource').errors[0].code, 'MISSING_RESOURCE');
    assert.equal(validate(text, 'resource', undefined).errors[0].code, 'MISSING_RESOURCE');
    assert.equal(validate(text, 'resource', null).errors[0].code, 'MISSING_RESOURCE');
    assert.deepEqual(validate(text, 'resource', repository), { type: 'success', warnings: [] });
    assert.equal(validate(text, 'resource', 'arn:aws:s3:::amzn-s3-demo-bucket').errors[0].code, 'MISSING_RESOURCE');
    // Bad resources are answers, not exceptions.
    for (const [bad, says] of [[42, /must be a string/], ['app', /takes an ARN/], [{}, /must be a string/]]) {
      const r = validate(text, 'resource', bad);
      assertPlain(r);
      assert.equal(r.type, 'failure');
      assert.equal(r.errors[0].code, 'INVALID_ARGUMENT');
      assert.match(r.errors[0].message, says);
    }
    const r = validate(text, 'identity', repository);
    assert.equal(r.errors[0].code, 'INVALID_ARGUMENT');
    assert.match(r.errors[0].message, /give kind `resource`/);
  });

  test('broken JSON: failure at the right place', () => {
    const text = '{\n  "Version": "2012-10-17",\n  "Statement": [\n    { "Effect": "Allow", "Action": "*" "Resource": "*" }\n  ]\n}';
    const r = validate(text, 'identity');
    assertPlain(r);
    assert.equal(r.type, 'failure');
    assert.equal(r.errors[0].line, 4);
    assert.equal(r.errors[0].column, text.split('\n')[3].indexOf('"Resource"') + 1);
  });

  test('every documented kind is accepted', () => {
    const policy = '{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"}]}';
    for (const kind of ['identity', 'endpoint', 'resource', 'permissionsBoundary', 'scp', 'rcp', 'session', 'trust']) {
      const r = validate(policy, kind);
      assertPlain(r, kind);
      assert.ok(r.type === 'success' || r.type === 'failure', kind);
      assert.ok(Array.isArray(r.warnings), kind);
      if (r.type === 'failure') assert.doesNotMatch(r.errors[0].message, /unknown policy kind/, kind);
    }
    assert.equal(validate(policy, 'resource').type, 'success');
    assert.equal(validate(policy, 'endpoint').type, 'success');
  });

  test('a role trust policy validates without Resource, and one with Resource is refused', () => {
    const trust = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}';
    assert.equal(validate(trust, 'trust').type, 'success');
    const r = validate(trust.replace('"sts:AssumeRole"', '"sts:AssumeRole", "Resource": "*"'), 'trust');
    assertPlain(r);
    assert.equal(r.type, 'failure');
    assert.match(r.errors[0].message, /a role trust policy has no `Resource`/);
  });

  test('an unknown kind: failure naming the kinds, no throw', () => {
    const r = noThrow('validate', () => validate('{}', 'bucket'));
    assertPlain(r);
    assert.equal(r.type, 'failure');
    assert.match(r.errors[0].message, /unknown policy kind `bucket`/);
    assert.match(r.errors[0].message, /identity, endpoint/);
    assert.equal(r.errors[0].code, 'INVALID_ARGUMENT');
    assert.equal(r.errors[0].policy, 'kind');
  });

  test(
    'a non-string policy text or a missing kind: failure, no throw',
    () => {
      for (const [what, args] of [
        ['a number', [123, 'endpoint']],
        ['an object', [{ Version: '2012-10-17', Statement: [] }, 'identity']],
        ['undefined text', [undefined, 'identity']],
        ['no kind', ['{}']],
        ['a number kind', ['{}', 7]],
      ]) {
        const r = noThrow(`validate(${what})`, () => validate(...args));
        assertPlain(r, what);
        assert.equal(r.type, 'failure', what);
      }
    },
  );
});

describe('evaluateScenario(scenario)', () => {
  test('a version 2 document decides every layer: across accounts both sides must allow', () => {
    const r = evaluateScenario('cross-account-bucket');
    assertPlain(r);
    assert.equal(r.type, 'success');
    const at = (who, action) => r.cells[r.actions.indexOf(action)][r.principals.indexOf(who)];
    assert.deepEqual(at('partner-reader', 's3:GetObject'), { decision: 'Allowed', blockedBy: [] });
    assert.deepEqual(at('partner-auditor', 's3:GetObject'), { decision: 'ImplicitlyDenied', blockedBy: ['identityPolicies'] });
    // The same document as an object: an SCP and a boundary written by hand.
    const scenario = {
      version: 2,
      principals: [{ name: 'dev', arn: arnOf('dev'), policies: [{ name: 'all', text: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}' }],
        boundary: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}' }],
      endpoints: [],
      actions: 's3:GetObject, sqs:SendMessage',
    };
    const bounded = evaluateScenario(scenario);
    assert.equal(bounded.type, 'success', JSON.stringify(bounded));
    assert.deepEqual(bounded.cells[bounded.actions.indexOf('sqs:SendMessage')][0], { decision: 'ImplicitlyDenied', blockedBy: ['permissionsBoundary'] });
    assert.deepEqual(bounded.cells[bounded.actions.indexOf('s3:GetObject')][0], { decision: 'Allowed', blockedBy: [] });
    // A broken boundary is an error located in it.
    const broken = evaluateScenario({ ...scenario, principals: [{ ...scenario.principals[0], boundary: '{"Version": 3}' }] });
    assert.equal(broken.type, 'failure');
    assert.equal(broken.errors[0].policy, 'principals[0].boundary');
  });

  test('a network: principals calling from a workload take its path; a call that never arrives is Unreachable', () => {
    const network = JSON.parse(fs.readFileSync(path.join(ROOT, 'bench/network.json'), 'utf8'));
    network.securityGroups.push({ id: 'sg-batch', egress: [] });
    network.workloads.push({ name: 'batch-host', subnet: 'subnet-private-a', securityGroups: ['sg-batch'], privateIp: '10.0.1.60' });
    const iam = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sagemaker:*","Resource":"*"}]}';
    const scenario = {
      version: 2,
      endpoints: [{ id: 'vpce-0a1b2c3d4e5f67890', endpointType: 'Interface', service: 'com.amazonaws.us-east-1.sagemaker.api',
        policy: JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { AWS: arnOf('nb') }, Action: '*', Resource: '*' }] }) }],
      principals: [
        { name: 'nb', arn: arnOf('nb'), policies: [{ name: 'p', text: iam }], workload: 'notebook' },
        { name: 'other', arn: arnOf('other'), policies: [{ name: 'p', text: iam }], workload: 'notebook' },
        { name: 'batch', arn: arnOf('batch'), policies: [{ name: 'p', text: iam }], workload: 'batch-host' },
      ],
      actions: 'sagemaker:CreateTrainingJob',
      network,
    };
    const r = evaluateScenario(scenario);
    assertPlain(r);
    assert.equal(r.type, 'success', JSON.stringify(r));
    assert.deepEqual(r.cells[0], [
      { decision: 'Allowed', blockedBy: [] },
      { decision: 'ImplicitlyDenied', blockedBy: ['endpoint'] },
      { decision: 'Unreachable', blockedBy: [], stoppedAt: 'security-group-egress' },
    ]);
    // A network that does not read is refused with its reason.
    const bad = evaluateScenario({ ...scenario, network: { ...network, vpc: { id: 'vpc-1', cidr: '10.0.0.7/16' } } });
    assert.equal(bad.type, 'failure');
    assert.match(JSON.stringify(bad.errors), /10\.0\.0\.7\/16/);
  });

  test('a preset id: the grid of principals × actions', () => {
    const r = evaluateScenario('sagemaker-api-exam');
    assertPlain(r);
    assert.equal(r.type, 'success');
    assert.deepEqual(r.principals, ['specific-user', 'other-user', 'ml-instance-role']);
    assert.equal(r.actions.length, 449);
    assert.ok(r.actions.every((a) => typeof a === 'string' && a.startsWith('sagemaker:')));
    assert.ok(r.actions.includes(CREATE));
    assert.deepEqual(r.warnings, []);
    assert.equal(r.cells.length, r.actions.length);
    for (const row of r.cells) {
      assert.equal(row.length, r.principals.length);
      for (const cell of row) {
        assert.equal(Object.getPrototypeOf(cell), Object.prototype);
        assert.ok(['Allowed', 'ExplicitlyDenied', 'ImplicitlyDenied'].includes(cell.decision), cell.decision);
      }
    }
    // The seed note's answer: only specific-user gets through the endpoint.
    const row = r.cells[r.actions.indexOf(CREATE)];
    const at = (name) => row[r.principals.indexOf(name)];
    assert.deepEqual(at('specific-user'), { decision: 'Allowed', blockedBy: [] });
    assert.deepEqual(at('other-user'), { decision: 'ImplicitlyDenied', blockedBy: ['endpoint'] });
    assert.equal(at('ml-instance-role').decision, 'ImplicitlyDenied');
  });

  test('every preset evaluates', () => {
    for (const id of PRESETS) {
      const r = evaluateScenario(id);
      assertPlain(r, id);
      assert.equal(r.type, 'success', `${id}: ${JSON.stringify(r.errors)}`);
      assert.ok(r.principals.length > 0 && r.actions.length > 0, id);
    }
  });

  test('an object with only principals, endpoint and actions: defaults fill the rest', () => {
    const full = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sagemaker:*", "Resource": "*"}]}';
    const scenario = {
      principals: [
        { name: 'specific-user', arn: arnOf('specific-user'), policies: [{ name: 'full', text: full }] },
        { name: 'other-user', arn: arnOf('other-user'), policies: [{ name: 'full', text: full }] },
      ],
      endpoint: {
        policy: JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { AWS: arnOf('specific-user') }, Action: 'sagemaker:*', Resource: '*' }] }),
      },
      actions: CREATE,
    };
    const r = evaluateScenario(scenario);
    assertPlain(r);
    assert.deepEqual(r, {
      type: 'success',
      principals: ['specific-user', 'other-user'],
      actions: [CREATE],
      cells: [[{ decision: 'Allowed', blockedBy: [] }, { decision: 'ImplicitlyDenied', blockedBy: ['endpoint'] }]],
      warnings: [],
    });
    // The same as JSON text.
    assert.deepEqual(evaluateScenario(JSON.stringify(scenario)), r);
    // A pattern of actions.
    const many = evaluateScenario({ ...scenario, actions: 'sagemaker:Create*' });
    assert.equal(many.type, 'success');
    assert.ok(many.actions.length > 10 && many.actions.every((a) => a.startsWith('sagemaker:Create')), many.actions.join());
  });

  test('a scenario whose policy does not parse: failure with located errors', () => {
    const r = noThrow('evaluateScenario', () =>
      evaluateScenario({
        principals: [{ name: 'a', arn: arnOf('a'), policies: [{ name: 'p', text: '{\n  "Version": "2012-10-17",\n  broken\n}' }] }],
        actions: CREATE,
      }),
    );
    assertPlain(r);
    assert.equal(r.type, 'failure');
    assert.ok(r.errors.length >= 1);
    const [e] = r.errors;
    assert.equal(e.editor, 'principals[0].policies[0]');
    assert.equal(e.policy, 'principals[0].policies[0]');
    assert.equal(e.code, 'JSON_SYNTAX_ERROR');
    assert.equal(e.severity, 'ERROR');
    assert.equal(e.error, true);
    assert.deepEqual([e.line, e.column], [3, 3]);
    assert.equal(typeof e.message, 'string');
  });

  test('broken scenarios: failure, never a throw', () => {
    for (const [what, arg] of [
      ['truncated JSON text', '{"principals": ['],
      ['a wrong type', { principals: 5 }],
      ['policies of a wrong type', { principals: [{ name: 'a', arn: arnOf('a'), policies: 'nope' }] }],
      ['an unknown field', { principals: [], colour: 'blue' }],
      ['undefined', undefined],
      ['null', null],
      ['a number', 3],
      ['an endpoint policy that does not parse', { endpoint: { policy: '{' }, actions: CREATE }],
    ]) {
      const r = noThrow(`evaluateScenario(${what})`, () => evaluateScenario(arg));
      assertPlain(r, what);
      assert.equal(r.type, 'failure', `${what}: ${JSON.stringify(r).slice(0, 200)}`);
      assert.ok(r.errors.length > 0 && r.errors.every((e) => typeof e.message === 'string'), what);
    }
  });

  test('an unknown preset id: failure that says so', () => {
    const r = evaluateScenario('no-such-preset');
    assert.equal(r.type, 'failure');
    assert.ok(r.errors.length > 0);
  });

  test(
    'a principal ARN that does not parse is reported',
    () => {
      const r = evaluateScenario({ principals: [{ name: 'x', arn: 'not an arn' }], actions: CREATE });
      assert.ok(r.type === 'failure' || r.warnings.length > 0, JSON.stringify(r));
    },
  );

  test('a scenario whose JSON text does not read: INVALID_SCENARIO at its line and column', () => {
    const r = evaluateScenario('{\n  "principals": [\n    {"name": 3}\n  ]\n}');
    assertPlain(r);
    assert.equal(r.type, 'failure');
    const [e] = r.errors;
    assert.equal(e.code, 'INVALID_SCENARIO');
    assert.equal(e.policy, 'scenario');
    assert.equal(e.line, 3);
    assert.match(e.message, /the scenario is not valid/);
  });

  test(
    'an unknown preset id is named in the error',
    () => {
      const [e] = evaluateScenario('no-such-preset').errors;
      assert.match(e.message, /no-such-preset/);
      assert.equal(e.code, 'INVALID_ARGUMENT');
    },
  );
});

describe('presets()', () => {
  test('lists every built-in scenario as plain objects', () => {
    const list = presets();
    assertPlain(list);
    assert.ok(Array.isArray(list));
    assert.deepEqual(list.map((p) => p.id), PRESETS);
    for (const p of list) {
      assert.equal(Object.getPrototypeOf(p), Object.prototype);
      assert.equal(typeof p.title, 'string');
      assert.ok(p.title.length > 0 && p.lesson.length > 0, p.id);
    }
  });
});

describe('checks()', () => {
  test('lists every check with its examples, and each example does what it says', () => {
    const list = checks();
    assertPlain(list);
    const codes = list.map((c) => c.code);
    assert.equal(new Set(codes).size, codes.length);
    assert.ok(codes.includes('MISSING_VERSION') && codes.includes('INVALID_ARGUMENT'), codes.join());
    const version = list.find((c) => c.code === 'MISSING_VERSION');
    assert.equal(version.findingType, 'ERROR');
    assert.equal(version.accessAnalyzer, 'WARNING');
    assert.deepEqual(version.appliesTo, ['rcp']);
    assert.equal(version.link, 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html');
    assert.equal(list.find((c) => c.code === 'JSON_TOO_DEEP').testedBy, 'tests/corpus/grammar/json-nested-10000-deep.json');
    let shown = 0;
    for (const check of list) {
      assert.ok(check.summary.length > 0 && check.explanation.length > 0, check.code);
      if (!check.examples) continue;
      const { kind, fires, quiet } = check.examples;
      const found = validate(fires, kind);
      const all = [...(found.errors ?? []), ...found.warnings].map((d) => d.code);
      assert.ok(all.includes(check.code), `${check.code}: ${all.join()}`);
      const clean = validate(quiet, kind);
      assert.deepEqual(clean, { type: 'success', warnings: [] }, check.code);
      shown += 1;
    }
    assert.equal(shown, 130);
  });
});

describe('mount(element, options) without a DOM', () => {
  test('an element that cannot host a shadow root: failure, no throw', () => {
    const r = noThrow('mount', () => mount({}, { preset: 'sagemaker-api-exam' }));
    assertPlain(r);
    assert.equal(r.type, 'failure');
    assert.match(r.errors[0].message, /must be a DOM element|cannot host a widget/);
    assert.equal(r.errors[0].code, 'INVALID_ARGUMENT');
    assert.equal(r.errors[0].severity, 'ERROR');
  });

  test('an unknown preset or a broken scenario: failure before touching the element', () => {
    for (const options of [{ preset: 'nope' }, { scenario: '{"principals": 3}' }, { scenario: { principals: [{ policies: 3 }] } }, { view: 7 }]) {
      const r = noThrow('mount', () => mount({}, options));
      assertPlain(r);
      assert.equal(r.type, 'failure', JSON.stringify(options));
      assert.doesNotMatch(r.errors[0].message, /cannot host a widget/, JSON.stringify(options));
    }
  });
});

// The module keeps working after every failure above (a trap in wasm could poison it).
test('simulate: a case with a network answers its path, and Unreachable when the call never arrives', () => {
  const file = (name) => JSON.parse(fs.readFileSync(path.join(ROOT, 'tests/corpus/network', `${name}.json`), 'utf8'));
  for (const name of ['notebook-reaches-the-endpoint-by-private-dns', 'security-group-without-https-egress-stops-the-call', 'private-dns-off-goes-over-nat-past-the-endpoint-policy']) {
    const c = file(name);
    const answer = simulate(c.input);
    assert.equal(answer.type, 'success', name);
    assert.equal(answer.decision, c.expect.decision, name);
    assert.deepEqual(answer.path, c.expect.path, name);
  }
  const blocked = simulate(file('security-group-without-https-egress-stops-the-call').input);
  assert.equal(blocked.decision, 'Unreachable');
  assert.equal(blocked.path.hops.at(-1).hop, 'security-group-egress');
  const bad = simulate(file('unknown-workload-suggests-a-name').input);
  assert.equal(bad.type, 'failure');
  assert.equal(bad.errors[0].code, 'INVALID_NETWORK');
});

test('still answers after all of the above', () => {
  assert.equal(simulate(CASE).decision, 'Allowed');
  assert.equal(evaluateScenario('sagemaker-api-exam').type, 'success');
});
