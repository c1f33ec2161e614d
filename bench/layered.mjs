// Layered differential run: seeded random cases mixing every layer of the case contract, decided
// by our engine (the native CLI, `policy-playground simulate --batch`, bench/engine.mjs) and by
// @cloud-copilot/iam-simulate (an outside oracle, installed from npm; AGPL, never copied from),
// with the agreement per layer mix and, for every kind of disagreement, a minimized example.
//
//   node bench/layered.mjs [--seed N] [--cases N] [--json] [--cli PATH] [--examples DIR] [--strict]
//
//   --seed N       the generator's seed (default 1); the same seed gives the same cases
//   --cases N      how many cases (default 2000)
//   --json         one JSON document (figures, classes, examples) instead of markdown
//   --cli PATH     our engine's binary (default target/release/policy-playground)
//   --examples DIR write each class's minimized example there as a simulate case (NAME.json)
//   --strict       exit 1 when a disagreement is not a known departure (the test command uses it)
//
// Random numbers come from PCG32 (bench/prng.mjs: a 64-bit LCG state, period 2^64 for every
// seed, permuted 32-bit outputs). Each disagreement is classified with bench/departures.mjs: a
// *known departure* (iam-simulate departs from AWS's documentation, by a rule stated there and
// quoted in bench/README.md) or *unexplained* (a suspected bug of our engine, or a departure not
// written down yet). Without --strict it exits 0 whatever the agreement (2 on bad options, 1 if
// the engine cannot be run).

import { spawnSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { anonymousPrincipal, runSimulation } from '@cloud-copilot/iam-simulate'
import { IAM_SIMULATE_VERSION, REPO, iamSimulateAnswer, iamSimulateErrors, toIamSimulate } from './cases.mjs'
import { DEPARTURE_BY_ID, SUSPECTS, classifyMany } from './departures.mjs'
import { DEFAULT_CLI, oursBatch } from './engine.mjs'
import { Pcg32, checkPcg32 } from './prng.mjs'

// ---------------------------------------------------------------------------------------------
// Options

function options(argv) {
  const o = { seed: 1, cases: 2000, json: false, cli: DEFAULT_CLI, examples: null, strict: false }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    const value = () => {
      if (i + 1 >= argv.length) usage(`${a} needs a value`)
      return argv[++i]
    }
    if (a === '--seed') o.seed = BigInt(value())
    else if (a === '--cases') o.cases = Number(value())
    else if (a === '--json') o.json = true
    else if (a === '--cli') o.cli = value()
    else if (a === '--examples') o.examples = value()
    else if (a === '--strict') o.strict = true
    else usage(`unknown option ${a}`)
  }
  if (!Number.isInteger(o.cases) || o.cases < 1) usage('--cases needs a positive integer')
  return o
}

function usage(message) {
  console.error(`layered.mjs: ${message}\nusage: node bench/layered.mjs [--seed N] [--cases N] [--json] [--cli PATH] [--examples DIR] [--strict]`)
  process.exit(2)
}

// ---------------------------------------------------------------------------------------------
// The world the cases live in: two accounts of one organization (the resources belong to HOME;
// cross-account callers come from OTHER), a VPC endpoint, a handful of resources.

const HOME = '111122223333'
const OTHER = '444455556666'
const ORG = 'o-a1b2c3d4e5'
const OTHER_ORG = 'o-9z8y7x6w5v'
const VPCE = 'vpce-1a2b3c4d'
const VPC = 'vpc-111bbb22'
const BUCKET = 'amzn-s3-demo-bucket'
const KEY_ID = '1234abcd-12ab-34cd-56ef-1234567890ab'
const NOW = '2025-06-15T12:00:00Z'
const V = '2012-10-17'

/**
 * The requests: action, resource, whether the resource has a resource-based policy (`rp`), and
 * the action and resource patterns a policy may use: `actions`/`resources` match the request,
 * `otherActions`/`otherResources` do not.
 */
const TARGETS = [
  {
    action: 's3:GetObject', resource: `arn:aws:s3:::${BUCKET}/reports/q1.csv`, rp: 's3', gateway: true,
    actions: ['s3:GetObject', 's3:Get*', 's3:*', 's3:*Object'], otherActions: ['s3:PutObject', 's3:ListBucket', 'sqs:*'],
    resources: [`arn:aws:s3:::${BUCKET}/*`, `arn:aws:s3:::${BUCKET}/reports/*`, `arn:aws:s3:::${BUCKET}/reports/q?.csv`, 'arn:aws:s3:::*'],
    otherResources: [`arn:aws:s3:::${BUCKET}`, `arn:aws:s3:::${BUCKET}/private/*`, 'arn:aws:s3:::amzn-s3-demo-bucket-logs/*'],
  },
  {
    action: 's3:GetObject', resource: `arn:aws:s3:::${BUCKET}/home/alice/notes.txt`, rp: 's3', gateway: true,
    actions: ['s3:GetObject', 's3:Get*', 's3:*'], otherActions: ['s3:DeleteObject', 's3:ListBucket'],
    resources: [`arn:aws:s3:::${BUCKET}/home/\${aws:username}/*`, `arn:aws:s3:::${BUCKET}/home/*`, `arn:aws:s3:::${BUCKET}/*`],
    otherResources: [`arn:aws:s3:::${BUCKET}/home/bob/*`, `arn:aws:s3:::${BUCKET}/reports/*`],
  },
  {
    action: 's3:PutObject', resource: `arn:aws:s3:::${BUCKET}/uploads/2025/06/batch.json`, rp: 's3', gateway: true,
    actions: ['s3:PutObject', 's3:Put*', 's3:*'], otherActions: ['s3:GetObject', 's3:DeleteObject'],
    resources: [`arn:aws:s3:::${BUCKET}/uploads/*`, `arn:aws:s3:::${BUCKET}/*`, '*'],
    otherResources: [`arn:aws:s3:::${BUCKET}/reports/*`, `arn:aws:s3:::${BUCKET}`],
  },
  {
    action: 's3:ListBucket', resource: `arn:aws:s3:::${BUCKET}`, rp: 's3', gateway: true,
    actions: ['s3:ListBucket', 's3:List*', 's3:*'], otherActions: ['s3:GetObject', 's3:ListAllMyBuckets'],
    resources: [`arn:aws:s3:::${BUCKET}`, 'arn:aws:s3:::amzn-s3-demo-*', '*'],
    otherResources: [`arn:aws:s3:::${BUCKET}/*`],
  },
  {
    action: 'sqs:SendMessage', resource: `arn:aws:sqs:us-east-1:${HOME}:orders`, rp: 'sqs',
    actions: ['sqs:SendMessage', 'sqs:Send*', 'sqs:*'], otherActions: ['sqs:ReceiveMessage', 'sqs:DeleteMessage'],
    resources: [`arn:aws:sqs:us-east-1:${HOME}:orders`, `arn:aws:sqs:*:${HOME}:orders`, `arn:aws:sqs:us-east-1:${HOME}:*`, 'arn:aws:sqs:us-east-1:*:orders'],
    otherResources: [`arn:aws:sqs:us-east-1:${HOME}:payments`, `arn:aws:sqs:eu-west-1:${HOME}:orders`],
  },
  {
    action: 'sqs:ReceiveMessage', resource: `arn:aws:sqs:us-east-1:${HOME}:orders`, rp: 'sqs',
    actions: ['sqs:ReceiveMessage', 'sqs:Receive*', 'sqs:*'], otherActions: ['sqs:SendMessage', 'sqs:PurgeQueue'],
    resources: [`arn:aws:sqs:us-east-1:${HOME}:orders`, `arn:aws:sqs:us-east-1:${HOME}:*`, '*'],
    otherResources: [`arn:aws:sqs:us-east-1:${HOME}:payments`],
  },
  {
    action: 'sns:Publish', resource: `arn:aws:sns:us-east-1:${HOME}:alerts`, rp: 'sns',
    actions: ['sns:Publish', 'sns:*'], otherActions: ['sns:Subscribe', 'sqs:SendMessage'],
    resources: [`arn:aws:sns:us-east-1:${HOME}:alerts`, `arn:aws:sns:us-east-1:${HOME}:*`, '*'],
    otherResources: [`arn:aws:sns:us-east-1:${HOME}:billing`],
  },
  {
    action: 'secretsmanager:GetSecretValue', resource: `arn:aws:secretsmanager:us-east-1:${HOME}:secret:db-password-AbCdEf`, rp: 'secretsmanager',
    actions: ['secretsmanager:GetSecretValue', 'secretsmanager:Get*', 'secretsmanager:*'], otherActions: ['secretsmanager:PutSecretValue', 'secretsmanager:DeleteSecret'],
    resources: [`arn:aws:secretsmanager:us-east-1:${HOME}:secret:db-password-*`, `arn:aws:secretsmanager:*:${HOME}:secret:*`, '*'],
    otherResources: [`arn:aws:secretsmanager:us-east-1:${HOME}:secret:api-key-*`],
  },
  {
    action: 'dynamodb:GetItem', resource: `arn:aws:dynamodb:us-east-1:${HOME}:table/orders`, rp: 'dynamodb', gateway: true,
    actions: ['dynamodb:GetItem', 'dynamodb:Get*', 'dynamodb:*'], otherActions: ['dynamodb:PutItem', 'dynamodb:DeleteTable'],
    resources: [`arn:aws:dynamodb:us-east-1:${HOME}:table/orders`, `arn:aws:dynamodb:us-east-1:${HOME}:table/*`, '*'],
    otherResources: [`arn:aws:dynamodb:us-east-1:${HOME}:table/payments`, `arn:aws:dynamodb:us-east-1:${HOME}:table/orders/index/*`],
  },
  {
    action: 'kms:Decrypt', resource: `arn:aws:kms:us-east-1:${HOME}:key/${KEY_ID}`, rp: 'kms',
    actions: ['kms:Decrypt', 'kms:*', 'kms:De*'], otherActions: ['kms:Encrypt', 'kms:ScheduleKeyDeletion'],
    resources: [`arn:aws:kms:us-east-1:${HOME}:key/${KEY_ID}`, `arn:aws:kms:us-east-1:${HOME}:key/*`, '*'],
    otherResources: [`arn:aws:kms:us-east-1:${HOME}:key/0000abcd-00ab-00cd-00ef-000000000000`],
  },
  {
    action: 'sts:AssumeRole', resource: `arn:aws:iam::${HOME}:role/deploy-target`, rp: 'trust',
    actions: ['sts:AssumeRole', 'sts:Assume*', 'sts:*'], otherActions: ['sts:TagSession', 'sts:GetCallerIdentity'],
    resources: [`arn:aws:iam::${HOME}:role/deploy-target`, `arn:aws:iam::${HOME}:role/*`, '*'],
    otherResources: [`arn:aws:iam::${HOME}:role/admin`],
  },
  {
    action: 'sagemaker:CreateTrainingJob', resource: `arn:aws:sagemaker:us-east-1:${HOME}:training-job/churn-model`, rp: null,
    actions: ['sagemaker:CreateTrainingJob', 'sagemaker:Create*', 'sagemaker:*'], otherActions: ['sagemaker:DescribeTrainingJob', 'sagemaker:CreateEndpoint'],
    resources: [`arn:aws:sagemaker:us-east-1:${HOME}:training-job/*`, `arn:aws:sagemaker:*:${HOME}:*`, '*'],
    otherResources: [`arn:aws:sagemaker:us-east-1:${HOME}:endpoint/*`],
  },
  {
    action: 'ec2:DescribeInstances', resource: '*', rp: null,
    actions: ['ec2:DescribeInstances', 'ec2:Describe*', 'ec2:*'], otherActions: ['ec2:RunInstances', 's3:ListBucket'],
    resources: ['*'], otherResources: [`arn:aws:ec2:us-east-1:${HOME}:instance/*`],
  },
]

/** AWS service principals and what they call (the resource-policy patterns of the service docs). */
const SERVICE_CALLS = [
  { principal: 'sns.amazonaws.com', actions: ['sqs:SendMessage'], sourceArn: `arn:aws:sns:us-east-1:${HOME}:alerts` },
  { principal: 'events.amazonaws.com', actions: ['sqs:SendMessage', 'sns:Publish'], sourceArn: `arn:aws:events:us-east-1:${HOME}:rule/nightly` },
  { principal: 's3.amazonaws.com', actions: ['sqs:SendMessage', 'sns:Publish'], sourceArn: `arn:aws:s3:::${BUCKET}` },
  { principal: 'cloudtrail.amazonaws.com', actions: ['s3:PutObject', 's3:ListBucket'], sourceArn: `arn:aws:cloudtrail:us-east-1:${HOME}:trail/org-trail` },
  { principal: 'delivery.logs.amazonaws.com', actions: ['s3:PutObject'], sourceArn: `arn:aws:logs:us-east-1:${HOME}:*` },
  { principal: 'config.amazonaws.com', actions: ['s3:PutObject', 'sns:Publish'], sourceArn: `arn:aws:config:us-east-1:${HOME}:config-recorder/default` },
  { principal: 'cloudtrail.amazonaws.com', actions: ['kms:Decrypt'], sourceArn: `arn:aws:cloudtrail:us-east-1:${HOME}:trail/org-trail` },
]
const SERVICES = [...new Set(SERVICE_CALLS.map((s) => s.principal))]

/** A layer mix: which callers, which layers (`?` = present half of the time), cross-account share. */
export const MIXES = [
  { name: 'identity', callers: ['user', 'session'], layers: ['identity'] },
  { name: 'identity+endpoint', callers: ['user', 'session'], layers: ['identity', 'endpoint'] },
  { name: 'identity+resource same-account', callers: ['user', 'session'], layers: ['identity?', 'resource'], resource: true },
  { name: 'identity+resource cross-account', callers: ['user', 'session'], layers: ['identity?', 'resource'], resource: true, cross: 1 },
  { name: 'identity+endpoint+resource', callers: ['user', 'session'], layers: ['identity?', 'endpoint', 'resource'], resource: true, cross: 0.3 },
  { name: 'identity+boundary', callers: ['user', 'session'], layers: ['identity', 'boundary'] },
  { name: 'identity+boundary+resource', callers: ['user', 'session'], layers: ['identity?', 'boundary', 'resource'], resource: true, cross: 0.3 },
  { name: 'role session+session policy', callers: ['session'], layers: ['identity', 'session'] },
  { name: 'role session+session policy+resource', callers: ['session'], layers: ['identity?', 'session', 'resource', 'boundary?'], resource: true, cross: 0.3 },
  { name: 'federated user (+session policy, resource)', callers: ['federated'], layers: ['identity', 'session?', 'resource?', 'boundary?'], cross: 0.2 },
  { name: 'scps+identity', callers: ['user', 'session'], layers: ['scps', 'identity'] },
  { name: 'scps+identity+resource', callers: ['user', 'session'], layers: ['scps', 'identity?', 'resource'], resource: true, cross: 0.5 },
  { name: 'rcps+identity+resource', callers: ['user', 'session'], layers: ['rcps', 'identity?', 'resource?'], cross: 0.5 },
  { name: 'scps+rcps+boundary+identity', callers: ['user', 'session'], layers: ['scps', 'rcps', 'boundary', 'identity', 'resource?'], cross: 0.3 },
  { name: 'root caller', callers: ['root'], layers: ['resource?', 'scps?', 'rcps?', 'endpoint?'], cross: 0.3 },
  { name: 'anonymous caller', callers: ['anonymous'], layers: ['resource', 'endpoint?', 'rcps?', 'scps?'], resource: true },
  { name: 'service caller+resource', callers: ['service'], layers: ['resource'], service: true },
  { name: 'rcps+service caller', callers: ['service'], layers: ['resource', 'rcps'], service: true },
  { name: 'scps+service caller', callers: ['service'], layers: ['resource', 'scps', 'rcps?'], service: true },
  { name: 'service-linked role+scps+rcps', callers: ['service-linked'], layers: ['identity', 'scps', 'rcps', 'resource?'] },
  { name: 'all seven layers', callers: ['session', 'federated'], layers: ['identity', 'endpoint', 'resource', 'boundary', 'scps', 'rcps', 'session'], resource: true, cross: 0.3 },
  {
    name: 'random mix', callers: ['user', 'session', 'federated', 'root', 'anonymous', 'service', 'service-linked'],
    layers: ['identity?', 'endpoint?', 'resource?', 'boundary?', 'scps?', 'rcps?', 'session?'], cross: 0.3, random: true,
  },
]

// ---------------------------------------------------------------------------------------------
// The generator

export class Generator {
  constructor(rng) {
    this.g = rng
  }

  /** The caller: { kind, arn, account, roleArn?, service? }. */
  caller(kind, account, target) {
    const g = this.g
    switch (kind) {
      case 'user': {
        const name = g.pick(['alice', 'bob', 'dev/carol'])
        return { kind, arn: `arn:aws:iam::${account}:user/${name}`, account }
      }
      case 'session': {
        const role = g.pick(['app-role', 'analytics-role', 'deploy'])
        const session = g.pick(['i-0abc1234', 'etl-run-7', 'alice'])
        return { kind, arn: `arn:aws:sts::${account}:assumed-role/${role}/${session}`, account, roleArn: `arn:aws:iam::${account}:role/${role}` }
      }
      case 'federated':
        return { kind, arn: `arn:aws:sts::${account}:federated-user/${g.pick(['bob', 'dana'])}`, account }
      case 'root':
        return { kind, arn: `arn:aws:iam::${account}:root`, account }
      case 'service-linked': {
        const [role, session] = g.pick([['AWSServiceRoleForAutoScaling', 'AutoScaling'], ['AWSServiceRoleForConfig', 'config']])
        return { kind, arn: `arn:aws:sts::${account}:assumed-role/${role}/${session}`, account, roleArn: `arn:aws:iam::${account}:role/aws-service-role/${role}` }
      }
      case 'anonymous':
        return { kind, arn: 'anonymous', account: null }
      case 'service': {
        const calls = SERVICE_CALLS.filter((s) => s.actions.includes(target.action))
        const call = calls.length ? g.pick(calls) : g.pick(SERVICE_CALLS)
        return { kind, arn: call.principal, account: null, service: call }
      }
    }
    throw new Error(`caller kind ${kind}`)
  }

  /** A condition block: 1 or 2 operators over global keys, some present in the context, some not. */
  condition(who, { endpoint = false } = {}) {
    const g = this.g
    const pool = [
      () => ['StringEquals', 'aws:PrincipalOrgID', ORG],
      () => ['StringNotEquals', 'aws:PrincipalOrgID', ORG],
      () => ['StringNotEqualsIfExists', 'aws:PrincipalOrgID', [ORG, OTHER_ORG]],
      () => ['StringEquals', 'aws:RequestedRegion', g.pick(['us-east-1', ['us-east-1', 'eu-west-1']])],
      () => ['StringNotEquals', 'aws:RequestedRegion', ['us-east-1', 'us-west-2']],
      () => ['Bool', 'aws:SecureTransport', g.pick(['true', 'false'])],
      () => ['BoolIfExists', 'aws:MultiFactorAuthPresent', g.pick(['true', 'false'])],
      () => ['Bool', 'aws:MultiFactorAuthPresent', 'true'],
      () => ['NumericLessThan', 'aws:MultiFactorAuthAge', '3600'],
      () => ['IpAddress', 'aws:SourceIp', g.pick(['203.0.113.0/24', ['203.0.113.0/24', '192.0.2.0/24']])],
      () => ['NotIpAddress', 'aws:SourceIp', ['203.0.113.0/24', '198.51.100.7/32']],
      () => ['StringEquals', 'aws:SourceVpce', VPCE],
      () => ['StringNotEqualsIfExists', 'aws:SourceVpce', VPCE],
      () => ['Null', 'aws:SourceVpce', g.pick(['true', 'false'])],
      () => ['StringEquals', 'aws:SourceVpc', VPC],
      () => ['StringLike', 'aws:PrincipalArn', g.pick(['arn:aws:iam::*:role/app-*', `arn:aws:iam::${HOME}:user/*`, `arn:aws:iam::${HOME}:*`])],
      () => ['ArnLike', 'aws:PrincipalArn', g.pick([`arn:aws:iam::${HOME}:role/*`, 'arn:aws:iam::*:user/alice', `arn:aws:iam::${OTHER}:*`])],
      () => ['ArnNotLike', 'aws:PrincipalArn', ['arn:aws:iam::*:role/deploy', 'arn:aws:iam::*:role/aws-service-role/*']],
      () => ['StringEquals', 'aws:PrincipalAccount', g.pick([HOME, OTHER])],
      () => ['StringNotEquals', 'aws:PrincipalAccount', HOME],
      () => ['StringEquals', 'aws:ResourceAccount', HOME],
      () => ['StringEquals', 'aws:PrincipalTag/team', g.pick(['data', 'ops'])],
      () => ['Null', 'aws:PrincipalTag/team', g.pick(['true', 'false'])],
      () => ['StringEquals', 'aws:SourceAccount', g.pick([HOME, OTHER])],
      () => ['StringNotEqualsIfExists', 'aws:SourceAccount', HOME],
      () => ['ArnLike', 'aws:SourceArn', g.pick([`arn:aws:sns:us-east-1:${HOME}:*`, `arn:aws:*:us-east-1:${HOME}:*`, `arn:aws:cloudtrail:*:${HOME}:trail/*`])],
      () => ['Bool', 'aws:PrincipalIsAWSService', g.pick(['true', 'false'])],
      () => ['BoolIfExists', 'aws:PrincipalIsAWSService', 'false'],
      () => ['StringEquals', 'aws:PrincipalServiceName', g.pick(SERVICES)],
      () => ['StringEquals', 'aws:PrincipalType', g.pick(['User', 'AssumedRole', 'FederatedUser', 'Account', 'Anonymous'])],
      () => ['StringNotEquals', 'aws:PrincipalType', 'Anonymous'],
      () => ['DateLessThan', 'aws:CurrentTime', '2030-01-01T00:00:00Z'],
      () => ['DateGreaterThan', 'aws:CurrentTime', g.pick(['2020-01-01T00:00:00Z', '2026-01-01T00:00:00Z'])],
      // Epoch (seconds) date values: 2030-01-01, 2020-01-01, 2026-01-01.
      () => ['DateLessThan', 'aws:CurrentTime', '1893456000'],
      () => ['DateGreaterThan', 'aws:CurrentTime', g.pick(['1577836800', '1767225600'])],
      () => ['StringEqualsIgnoreCase', 'aws:username', g.pick(['ALICE', 'Bob'])],
      () => ['StringLike', 'aws:userid', g.pick(['AIDA*', '*:alice'])],
      // Policy variables in condition values: aws:username exists for IAM users only.
      () => ['StringEquals', 'aws:PrincipalTag/owner', '${aws:username}'],
      () => ['StringNotEquals', 'aws:PrincipalTag/owner', '${aws:username}'],
    ]
    const out = {}
    const n = g.chance(0.25) ? 2 : 1
    for (let i = 0; i < n; i++) {
      let [op, key, values] = g.pick(pool)()
      // Endpoint policies may not match system-generated ids (aws:userid) with wildcards: AWS
      // refuses such a policy, and so does our engine.
      while (endpoint && key === 'aws:userid') [op, key, values] = g.pick(pool)()
      out[op] = { ...(out[op] || {}), [key]: values }
    }
    return out
  }

  /** A statement of an identity-like policy (identity, boundary, session, SCP). */
  statement(target, { deny = 0.2, conditions = 0.3, notAction = 0.08, notResource = 0.05, endpoint = false } = {}, who) {
    const g = this.g
    const effect = g.chance(deny) ? 'Deny' : 'Allow'
    const s = { Effect: effect }
    if (g.chance(notAction)) s.NotAction = g.chance(0.6) ? g.pick(target.otherActions) : g.some(target.otherActions.concat(target.action), 2)
    else s.Action = this.actions(target)
    if (g.chance(notResource)) s.NotResource = g.pick(target.otherResources.concat(target.resources))
    else s.Resource = this.resources(target)
    if (g.chance(conditions)) s.Condition = this.condition(who, { endpoint })
    return s
  }

  actions(target) {
    const g = this.g
    const one = () => (g.chance(0.75) ? g.pick(target.actions) : g.pick(target.otherActions))
    return g.chance(0.3) ? [...new Set([one(), one()])] : one()
  }

  resources(target) {
    const g = this.g
    const one = () => (g.chance(0.8) ? g.pick(target.resources) : g.pick(target.otherResources))
    return g.chance(0.2) ? [...new Set([one(), one()])] : one()
  }

  /** A policy; now and then without Version or with the old one (variables are then literal). */
  policy(statements) {
    const v = this.g.weighted([[95, V], [3, '2008-10-17'], [2, null]])
    return v ? { Version: v, Statement: statements } : { Statement: statements }
  }

  identityPolicies(target, who) {
    const g = this.g
    const n = g.chance(0.3) ? 2 : 1
    const out = []
    for (let i = 0; i < n; i++) {
      const k = 1 + g.below(3)
      const st = []
      for (let j = 0; j < k; j++) st.push(this.statement(target, {}, who))
      if (g.chance(0.1)) st.push({ Effect: 'Allow', Action: '*', Resource: '*' })
      out.push(this.policy(st))
    }
    return out
  }

  boundary(target) {
    const g = this.g
    const st = []
    const services = g.some(['s3:*', 'sqs:*', 'sns:*', 'kms:*', 'secretsmanager:*', 'dynamodb:*', 'sts:*', 'sagemaker:*', 'ec2:*'], 2 + g.below(4))
    st.push({ Effect: 'Allow', Action: services, Resource: '*' })
    if (g.chance(0.4)) st.push(this.statement(target, { deny: 0.5 }))
    return this.policy(st)
  }

  sessionPolicy(target) {
    const g = this.g
    const st = [this.statement(target, { deny: 0.1, conditions: 0.2 })]
    if (g.chance(0.3)) st.push(this.statement(target, { deny: 0.3 }))
    return this.policy(st)
  }

  scps(target) {
    const g = this.g
    const levels = []
    const n = 2 + g.below(2)
    for (let l = 0; l < n; l++) {
      const level = []
      if (g.chance(0.03)) {
        levels.push(level) // an empty level allows nothing
        continue
      }
      if (g.chance(0.8)) level.push(this.policy([{ Sid: 'FullAWSAccess', Effect: 'Allow', Action: '*', Resource: '*' }]))
      else {
        const allow = { Effect: 'Allow', Action: g.some(['s3:*', 'sqs:*', 'sns:*', 'kms:*', 'secretsmanager:*', 'dynamodb:*', 'sts:*', 'ec2:*', 'sagemaker:*'], 3 + g.below(4)), Resource: '*' }
        if (g.chance(0.2)) allow.Condition = this.condition()
        if (g.chance(0.2)) Object.assign(allow, { Action: target.actions[0], Resource: g.pick(target.resources) })
        else if (g.chance(0.15)) {
          delete allow.Action
          allow.NotAction = g.pick([['iam:*', 'organizations:*'], target.otherActions[0], target.action])
        }
        level.push(this.policy([allow]))
      }
      if (g.chance(0.35)) level.push(this.policy([this.scpDeny(target)]))
      levels.push(level)
    }
    return levels
  }

  scpDeny(target) {
    const g = this.g
    return g.pick([
      () => ({ Sid: 'DenyOtherRegions', Effect: 'Deny', NotAction: ['iam:*', 'sts:*', 'support:*', 'organizations:*'], Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': ['us-east-1', 'us-west-2'] } } }),
      () => ({ Sid: 'DenyTarget', Effect: 'Deny', Action: g.pick(target.actions), Resource: g.pick(target.resources) }),
      () => ({ Sid: 'DenyUnlessDeployRole', Effect: 'Deny', Action: g.pick(target.actions), Resource: '*', Condition: { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/deploy' } } }),
      () => ({ Sid: 'DenyWithoutMfa', Effect: 'Deny', Action: g.pick(target.actions), Resource: '*', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } }),
      () => ({ Sid: 'DenyOther', Effect: 'Deny', Action: g.pick(target.otherActions), Resource: '*' }),
      () => this.statement(target, { deny: 1, conditions: 0.5 }),
    ])()
  }

  rcps(target) {
    const g = this.g
    const levels = []
    const n = 1 + g.below(3)
    for (let l = 0; l < n; l++) {
      const level = []
      const k = g.weighted([[3, 0], [5, 1], [2, 2]])
      // RCPs must say "Version": "2012-10-17" (AWS refuses them otherwise, and so do both tools).
      for (let i = 0; i < k; i++) level.push({ Version: V, Statement: [this.rcpDeny(target)] })
      levels.push(level)
    }
    return levels
  }

  rcpActions(target) {
    const g = this.g
    const pool = ['s3:*', 'sqs:*', 'sns:*', 'kms:*', 'secretsmanager:*', 'dynamodb:*', 'sts:*', 'sagemaker:*', target.actions[0]]
    return g.some(pool, 1 + g.below(4))
  }

  rcpDeny(target) {
    const g = this.g
    return g.pick([
      () => ({ Sid: 'EnforceOrgIdentities', Effect: 'Deny', Principal: '*', Action: this.rcpActions(target), Resource: '*', Condition: { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': ORG }, BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' } } }),
      () => ({ Sid: 'EnforceSecureTransport', Effect: 'Deny', Principal: '*', Action: this.rcpActions(target), Resource: '*', Condition: { BoolIfExists: { 'aws:SecureTransport': 'false' } } }),
      () => ({ Sid: 'EnforceConfusedDeputyProtection', Effect: 'Deny', Principal: '*', Action: this.rcpActions(target), Resource: '*', Condition: { StringNotEqualsIfExists: { 'aws:SourceAccount': HOME }, Null: { 'aws:SourceAccount': 'false' }, Bool: { 'aws:PrincipalIsAWSService': 'true' } } }),
      () => ({ Sid: 'DenyAction', Effect: 'Deny', Principal: '*', Action: g.pick(target.actions.concat(target.otherActions)), Resource: '*' }),
      () => ({ Sid: 'DenyExternal', Effect: 'Deny', Principal: '*', Action: this.rcpActions(target), Resource: g.pick(target.resources), Condition: { StringNotEquals: { 'aws:PrincipalAccount': HOME } } }),
      () => ({ Sid: 'DenyOutsideVpc', Effect: 'Deny', Principal: '*', Action: this.rcpActions(target), Resource: '*', Condition: { StringNotEqualsIfExists: { 'aws:SourceVpce': VPCE }, BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' } } }),
    ])()
  }

  /** A Principal element naming the caller in one of the ways a resource policy can (or not). */
  principal(who) {
    const g = this.g
    const account = who.account
    const options = []
    if (who.kind === 'service') options.push([6, { Service: who.arn }], [2, { Service: g.pick(SERVICES) }])
    if (account) {
      if (who.kind !== 'anonymous') options.push([4, { AWS: who.arn }])
      if (who.roleArn) options.push([4, { AWS: who.roleArn }])
      options.push([3, { AWS: account }], [3, { AWS: `arn:aws:iam::${account}:root` }])
      options.push([1, { AWS: [who.arn, `arn:aws:iam::${account === HOME ? OTHER : HOME}:root`] }])
    }
    options.push([3, '*'], [1, { AWS: '*' }])
    options.push([2, { AWS: `arn:aws:iam::${HOME}:user/mallory` }], [2, { AWS: account === OTHER ? HOME : OTHER }])
    options.push([1, { AWS: `arn:aws:iam::${who.account ?? HOME}:role/app-role` }])
    return g.weighted(options)
  }

  /** A NotPrincipal element (with Deny): lists the caller fully, partly, or not at all. */
  notPrincipal(who) {
    const g = this.g
    const options = [[2, { AWS: `arn:aws:iam::${HOME}:user/bob` }], [2, { AWS: `arn:aws:iam::${HOME}:root` }]]
    if (who.kind === 'service') options.push([4, { Service: who.arn }], [1, { Service: [who.arn, 'sns.amazonaws.com'] }])
    else if (who.account) {
      options.push([3, { AWS: [who.arn, `arn:aws:iam::${who.account}:root`] }], [2, { AWS: who.arn }])
      if (who.roleArn) options.push([3, { AWS: [who.roleArn, who.arn, `arn:aws:iam::${who.account}:root`] }], [2, { AWS: [who.roleArn, `arn:aws:iam::${who.account}:root`] }])
    }
    return g.weighted(options)
  }

  resourcePolicy(target, who) {
    const g = this.g
    if (target.rp === 'trust') return this.trustPolicy(target, who)
    const st = []
    if (target.rp === 'kms' && g.chance(0.6)) {
      st.push({ Sid: 'EnableIamPolicies', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${HOME}:root` }, Action: 'kms:*', Resource: '*' })
    }
    const n = 1 + g.below(3)
    for (let i = 0; i < n; i++) {
      const s = this.statement(target, { deny: 0.25, conditions: 0.35, notAction: 0.03, notResource: 0.03 }, who)
      if (s.Effect === 'Deny' && g.chance(0.15)) {
        s.NotPrincipal = this.notPrincipal(who)
      } else s.Principal = this.principal(who)
      if (who.kind === 'service' && g.chance(0.5)) {
        s.Condition = g.pick([{ ArnLike: { 'aws:SourceArn': who.service.sourceArn } }, { StringEquals: { 'aws:SourceAccount': HOME } }, { ArnEquals: { 'aws:SourceArn': g.pick(SERVICE_CALLS).sourceArn } }])
      }
      st.push(s)
    }
    return this.policy(st)
  }

  trustPolicy(target, who) {
    const g = this.g
    const st = []
    const n = 1 + g.below(2)
    for (let i = 0; i < n; i++) {
      const s = { Effect: g.chance(0.2) ? 'Deny' : 'Allow', Principal: this.principal(who), Action: g.chance(0.8) ? g.pick(target.actions) : g.pick(target.otherActions) }
      if (g.chance(0.3)) s.Condition = this.condition(who)
      st.push(s)
    }
    return this.policy(st)
  }

  endpoint(target, who) {
    const g = this.g
    const type = target.gateway && g.chance(0.5) ? 'Gateway' : 'Interface'
    if (g.chance(0.25)) return { type }
    const st = []
    const n = 1 + g.below(2)
    for (let i = 0; i < n; i++) {
      const s = this.statement(target, { deny: 0.2, conditions: 0.4, notAction: 0.03, notResource: 0.02, endpoint: true })
      s.Principal = g.chance(0.07) ? { AWS: who.account ?? HOME } : '*'
      if (g.chance(0.3)) {
        s.Condition = g.pick([
          { StringEquals: { 'aws:PrincipalAccount': HOME } },
          { StringEquals: { 'aws:PrincipalOrgID': ORG } },
          { ArnLike: { 'aws:PrincipalArn': [`arn:aws:iam::${HOME}:role/*`, `arn:aws:iam::${HOME}:user/alice`] } },
        ])
      }
      st.push(s)
    }
    return { type, policy: this.policy(st) }
  }

  context(who, endpoint, target) {
    const g = this.g
    const c = { 'aws:CurrentTime': NOW, 'aws:RequestedRegion': g.pick(['us-east-1', 'us-east-1', 'eu-west-1']), 'aws:SecureTransport': g.pick(['true', 'true', 'false']) }
    if (endpoint) Object.assign(c, { 'aws:SourceVpce': VPCE, 'aws:SourceVpc': VPC, 'aws:VpcSourceIp': '10.0.1.25' })
    else if (g.chance(0.85)) c['aws:SourceIp'] = g.pick(['203.0.113.10', '198.51.100.7', '192.0.2.44'])
    if (['user', 'session', 'federated', 'root', 'service-linked'].includes(who.kind)) {
      if (g.chance(0.7)) c['aws:PrincipalOrgID'] = g.pick([ORG, ORG, OTHER_ORG])
      if (who.kind !== 'root' && g.chance(0.5)) c['aws:PrincipalTag/team'] = g.pick(['data', 'ops'])
      if (who.kind !== 'root' && g.chance(0.3)) c['aws:PrincipalTag/owner'] = g.pick(['alice', 'bob'])
      if (g.chance(0.5)) {
        const mfa = g.pick(['true', 'false'])
        c['aws:MultiFactorAuthPresent'] = mfa
        if (mfa === 'true') c['aws:MultiFactorAuthAge'] = g.pick(['120', '7200'])
      }
    }
    if (who.kind === 'service') {
      if (g.chance(0.75)) c['aws:SourceAccount'] = g.pick([HOME, HOME, OTHER])
      if (g.chance(0.75)) c['aws:SourceArn'] = g.chance(0.8) ? who.service.sourceArn : g.pick(SERVICE_CALLS).sourceArn
    }
    return c
  }

  /** One case of a mix: { mix, input }. */
  case(mix) {
    const g = this.g
    const kind = g.pick(mix.callers)
    const present = new Set(mix.layers.filter((l) => !l.endsWith('?') || g.chance(0.5)).map((l) => l.replace('?', '')))
    let targets = TARGETS
    if (kind === 'service') targets = TARGETS.filter((t) => SERVICE_CALLS.some((s) => s.actions.includes(t.action)))
    else if (mix.resource || present.has('resource')) targets = TARGETS.filter((t) => t.rp)
    // KMS keys and role trust policies are rarer than the other resources.
    const target = g.weighted(targets.map((t) => [t.rp === 'kms' || t.rp === 'trust' ? 1 : 3, t]))
    const crossable = ['user', 'session', 'federated', 'root', 'service-linked'].includes(kind)
    const cross = crossable && g.chance(mix.cross ?? 0)
    const who = this.caller(kind, cross ? OTHER : HOME, target)
    const input = { request: { principal: who.arn, action: target.action, resource: target.resource, resourceAccount: HOME } }
    const iam = !['anonymous', 'service'].includes(kind)
    // Identity policies, boundaries and session policies exist only for the callers that have
    // them (the root user has no identity policy; session policies belong to sessions).
    if (present.has('identity') && iam && kind !== 'root') input.identityPolicies = this.identityPolicies(target, who)
    if (present.has('endpoint')) input.endpoint = this.endpoint(target, who)
    if (present.has('resource') && target.rp) input.resourcePolicy = this.resourcePolicy(target, who)
    if (present.has('boundary') && ['user', 'session', 'federated'].includes(kind)) input.permissionsBoundary = this.boundary(target)
    if (present.has('scps')) input.scps = this.scps(target)
    if (present.has('rcps')) input.rcps = this.rcps(target)
    if (present.has('session') && ['session', 'federated'].includes(kind)) input.sessionPolicy = this.sessionPolicy(target)
    input.request.context = this.context(who, !!input.endpoint, target)
    return { mix: mix.name, kind, cross, input }
  }
}

// ---------------------------------------------------------------------------------------------
// The two engines

const translate = (input) => toIamSimulate(input, anonymousPrincipal)

async function theirsRun(simulation) {
  try {
    return await runSimulation(simulation, {})
  } catch (e) {
    return { resultType: 'error', errors: { message: `threw: ${e.message}` } }
  }
}

const theirsAnswer = async (simulation) => iamSimulateAnswer(await theirsRun(simulation))

/** Classifies many disagreements at once (our engine runs once for all the rewrites). */
const classifyAll = (cli, items) => classifyMany(items, { run: theirsAnswer, translate, ours: (inputs) => oursBatch(cli, inputs).map((a) => a.answer) })

// ---------------------------------------------------------------------------------------------
// Minimization: remove what the disagreement does not need, one piece at a time.

function* shrink(input) {
  const layerKeys = ['identityPolicies', 'endpoint', 'resourcePolicy', 'permissionsBoundary', 'scps', 'rcps', 'sessionPolicy']
  for (const k of layerKeys) {
    if (input[k] === undefined) continue
    const c = structuredClone(input)
    delete c[k]
    yield c
  }
  if (input.endpoint?.policy) {
    const c = structuredClone(input)
    delete c.endpoint.policy
    yield c
  }
  // Whole policies and levels.
  for (const k of ['identityPolicies']) {
    for (let i = 0; input[k] && input[k].length > 1 && i < input[k].length; i++) {
      const c = structuredClone(input)
      c[k].splice(i, 1)
      yield c
    }
  }
  for (const k of ['scps', 'rcps']) {
    for (let l = 0; input[k] && input[k].length > 1 && l < input[k].length; l++) {
      const c = structuredClone(input)
      c[k].splice(l, 1)
      yield c
    }
    for (let l = 0; input[k] && l < input[k].length; l++) {
      for (let i = 0; i < input[k][l].length; i++) {
        const c = structuredClone(input)
        c[k][l].splice(i, 1)
        yield c
      }
    }
  }
  // Statements, conditions, list entries.
  for (const path of policyPaths(input)) {
    const p = get(input, path)
    const st = Array.isArray(p.Statement) ? p.Statement : [p.Statement]
    for (let i = 0; st.length > 1 && i < st.length; i++) {
      const c = structuredClone(input)
      const cp = get(c, path)
      cp.Statement.splice(i, 1)
      yield c
    }
    for (let i = 0; i < st.length; i++) {
      const s = st[i]
      if (s.Sid !== undefined) yield edit(input, path, i, (x) => delete x.Sid)
      if (s.Condition) {
        yield edit(input, path, i, (x) => delete x.Condition)
        for (const op of Object.keys(s.Condition)) {
          if (Object.keys(s.Condition).length > 1) yield edit(input, path, i, (x) => delete x.Condition[op])
          for (const key of Object.keys(s.Condition[op])) {
            if (Object.keys(s.Condition[op]).length > 1) yield edit(input, path, i, (x) => delete x.Condition[op][key])
            const v = s.Condition[op][key]
            if (Array.isArray(v) && v.length > 1) for (let j = 0; j < v.length; j++) yield edit(input, path, i, (x) => x.Condition[op][key].splice(j, 1))
          }
        }
      }
      for (const el of ['Action', 'NotAction', 'Resource', 'NotResource']) {
        const v = s[el]
        if (Array.isArray(v) && v.length > 1) for (let j = 0; j < v.length; j++) yield edit(input, path, i, (x) => x[el].splice(j, 1))
      }
      for (const el of ['Principal', 'NotPrincipal']) {
        const v = s[el]?.AWS
        if (Array.isArray(v) && v.length > 1) for (let j = 0; j < v.length; j++) yield edit(input, path, i, (x) => x[el].AWS.splice(j, 1))
      }
    }
  }
  for (const k of Object.keys(input.request.context || {})) {
    const c = structuredClone(input)
    delete c.request.context[k]
    yield c
  }
}

function edit(input, path, i, f) {
  const c = structuredClone(input)
  const p = get(c, path)
  if (!Array.isArray(p.Statement)) p.Statement = [p.Statement]
  f(p.Statement[i])
  return c
}

function get(o, path) {
  return path.reduce((x, k) => x[k], o)
}

function policyPaths(input) {
  const out = []
  ;(input.identityPolicies || []).forEach((_, i) => out.push(['identityPolicies', i]))
  if (input.endpoint?.policy) out.push(['endpoint', 'policy'])
  for (const k of ['resourcePolicy', 'permissionsBoundary', 'sessionPolicy']) if (input[k]) out.push([k])
  for (const k of ['scps', 'rcps']) (input[k] || []).forEach((level, l) => level.forEach((_, i) => out.push([k, l, i])))
  return out
}

/** The smallest case found (greedy) that keeps the same answers and the same classification. */
async function minimize(cli, example) {
  const key = (ours, theirs, cls) => `${ours}|${theirs}|${className(cls)}`
  const want = key(example.ours, example.theirs, example.cls)
  let current = example.input
  for (let round = 0; round < 60; round++) {
    const candidates = [...shrink(current)]
    if (!candidates.length) break
    const ours = oursBatch(cli, candidates)
    let next = null
    const items = []
    for (let k = 0; k < candidates.length; k++) {
      if (ours[k].answer === 'Error' && example.ours !== 'Error') continue
      const t = translate(candidates[k])
      if (!t.simulation) continue
      const result = await theirsRun(t.simulation)
      const theirs = iamSimulateAnswer(result)
      if (ours[k].answer !== example.ours || theirs !== example.theirs) continue
      items.push({ k, input: candidates[k], ours: ours[k].answer, simulation: t.simulation, theirsResult: result, theirs })
    }
    if (!items.length) break
    const classes = await classifyAll(cli, items)
    for (let j = 0; j < items.length; j++) {
      if (key(items[j].ours, items[j].theirs, classes[j]) === want) {
        next = items[j].input
        break
      }
    }
    if (!next) break
    current = next
  }
  return current
}

// ---------------------------------------------------------------------------------------------
// The run

/** The sources the command line is built from (its crates under crates/ included). */
const ENGINE_PATHS = ['src', 'crates', 'build.rs', 'Cargo.toml', 'Cargo.lock']

/** The engine's commit: the last one that changed its sources (and HEAD), and whether they have edits. */
function engineCommit() {
  const git = (...a) => (spawnSync('git', ['-C', REPO, ...a], { encoding: 'utf8' }).stdout || '').trim()
  const head = git('rev-parse', '--short', 'HEAD') || '?'
  const engine = git('log', '-1', '--format=%h', '--', ...ENGINE_PATHS) || head
  const dirty = git('status', '--porcelain', '--', ...ENGINE_PATHS)
  return `engine ${engine}, HEAD ${head}${dirty ? ', with uncommitted changes to its sources' : ''}`
}

async function main() {
  const o = options(process.argv.slice(2))
  checkPcg32()
  const started = Date.now()
  const g = new Pcg32(o.seed)
  const gen = new Generator(g)
  const cases = []
  for (let i = 0; i < o.cases; i++) cases.push(gen.case(MIXES[i % MIXES.length]))
  const generated = Date.now()

  const ours = oursBatch(o.cli, cases.map((c) => c.input))
  const oursDone = Date.now()

  const perMix = new Map(MIXES.map((m) => [m.name, { mix: m.name, cases: 0, agree: 0, known: 0, suspect: 0, unexplained: 0, ourErrors: 0 }]))
  const disagreements = []
  const ourErrorMessages = new Map()
  let theirsMs = 0
  for (let i = 0; i < cases.length; i++) {
    const c = cases[i]
    const row = perMix.get(c.mix)
    row.cases++
    const t = translate(c.input)
    const t0 = performance.now()
    const result = await theirsRun(t.simulation)
    theirsMs += performance.now() - t0
    const theirs = iamSimulateAnswer(result)
    const our = ours[i].answer
    if (our === 'Error') {
      row.ourErrors++
      for (const e of ours[i].errors) {
        const m = `${e.policy}: ${e.message}`.replace(/\[\d+\]/g, '[N]')
        ourErrorMessages.set(m, (ourErrorMessages.get(m) || 0) + 1)
      }
    }
    if (our === theirs) {
      row.agree++
      continue
    }
    disagreements.push({ i, case: c, input: c.input, ours: our, oursErrors: ours[i].errors, theirs, simulation: t.simulation, theirsResult: result })
  }
  const classes = await classifyAll(o.cli, disagreements)
  const byClass = new Map()
  for (let k = 0; k < disagreements.length; k++) {
    const d = disagreements[k]
    d.cls = classes[k]
    const row = perMix.get(d.case.mix)
    if (d.cls.known) row.known++
    else if (d.cls.suspect) row.suspect++
    else row.unexplained++
    const name = d.cls.known || d.cls.suspect ? className(d.cls) : `unexplained: ${d.case.mix}, ours ${d.ours}, iam-simulate ${d.theirs}`
    if (!byClass.has(name)) byClass.set(name, { name, known: d.cls.known, suspect: d.cls.suspect ?? null, tags: d.cls.known ? d.cls.tags : [], count: 0, mixes: new Set(), answers: new Map(), first: d })
    const cl = byClass.get(name)
    cl.count++
    const pair = `${d.ours} / ${d.theirs}`
    cl.answers.set(pair, (cl.answers.get(pair) || 0) + 1)
    cl.mixes.add(d.case.mix)
  }
  // Cases per departure (a case explained by several departures counts under each).
  const perDeparture = new Map()
  for (const d of disagreements) for (const tag of d.cls.known ? d.cls.tags : d.cls.suspect ? [d.cls.suspect] : []) perDeparture.set(tag, (perDeparture.get(tag) || 0) + 1)
  const classified = Date.now()
  const rank = (c) => (c.known ? 2 : c.suspect ? 1 : 0)
  const list = [...byClass.values()].sort((a, b) => rank(a) - rank(b) || b.count - a.count)
  for (const cl of list) {
    const d = cl.first
    cl.example = await minimize(o.cli, d)
    const t = translate(cl.example)
    cl.exampleTheirsNote = iamSimulateErrors(await theirsRun(t.simulation))
    cl.exampleOurs = oursBatch(o.cli, [cl.example])[0]
  }
  const finished = Date.now()
  const totals = [...perMix.values()].reduce(
    (s, r) => ({ cases: s.cases + r.cases, agree: s.agree + r.agree, known: s.known + r.known, suspect: s.suspect + r.suspect, unexplained: s.unexplained + r.unexplained, ourErrors: s.ourErrors + r.ourErrors }),
    { cases: 0, agree: 0, known: 0, suspect: 0, unexplained: 0, ourErrors: 0 },
  )
  const report = {
    seed: String(o.seed),
    cases: o.cases,
    iamSimulate: IAM_SIMULATE_VERSION,
    engineCommit: engineCommit(),
    cli: o.cli.startsWith(REPO) ? o.cli.slice(REPO.length) : o.cli,
    seconds: {
      total: (finished - started) / 1000,
      generate: (generated - started) / 1000,
      ours: (oursDone - generated) / 1000,
      iamSimulate: theirsMs / 1000,
      classify: (classified - oursDone - theirsMs) / 1000,
      minimize: (finished - classified) / 1000,
    },
    totals,
    ourErrorMessages: [...ourErrorMessages].sort((a, b) => b[1] - a[1]).map(([message, count]) => ({ message, count })),
    mixes: [...perMix.values()],
    departures: [...perDeparture].sort((a, b) => b[1] - a[1]).map(([id, cases]) => ({ id, kind: DEPARTURE_BY_ID[id] ? 'known departure' : 'suspected engine bug', cases })),
    classes: list.map((cl) => ({
      name: cl.name,
      known: cl.known,
      suspect: cl.suspect,
      tags: cl.tags,
      count: cl.count,
      mixes: [...cl.mixes],
      answers: [...cl.answers].sort((a, b) => b[1] - a[1]).map(([pair, cases]) => ({ pair, cases })),
      ours: cl.first.ours,
      iamSimulate: cl.first.theirs,
      iamSimulateSays: cl.exampleTheirsNote,
      example: cl.example,
    })),
  }
  if (o.examples) {
    mkdirSync(o.examples, { recursive: true })
    report.classes.forEach((cl, n) => {
      const file = join(o.examples, `${String(n + 1).padStart(2, '0')}-${cl.known ? cl.tags.join('+') : cl.suspect ? `suspect-${cl.suspect}` : 'unexplained'}.json`)
      writeFileSync(file, JSON.stringify({ class: cl.name, ours: cl.ours, iamSimulate: cl.iamSimulate, input: cl.example }, null, 2) + '\n')
    })
  }
  if (o.json) console.log(JSON.stringify(report, null, 2))
  else printMarkdown(report)
  // --strict (the test command): every disagreement must be a known departure of iam-simulate.
  if (o.strict && (totals.suspect || totals.unexplained)) {
    console.error(`layered.mjs: ${totals.suspect} suspected engine bug(s) and ${totals.unexplained} unexplained disagreement(s)`)
    process.exit(1)
  }
}

/** A class's name: its known departures, its suspected engine bug, or 'unexplained'. */
function className(cls) {
  if (cls.known) return `known departure: ${cls.tags.join(' + ')}`
  if (cls.suspect) return `suspected engine bug: ${cls.suspect}`
  return 'unexplained'
}

const pct = (n, d) => (d ? `${((100 * n) / d).toFixed(1)}%` : '–')

function printMarkdown(r) {
  console.log(
    `iam-simulate ${r.iamSimulate} against our engine (${r.engineCommit}; ${r.cli}) on ${r.cases} random layered cases, seed ${r.seed}: ` +
      `${r.totals.agree} agree (${pct(r.totals.agree, r.totals.cases)}), ${r.totals.known} known departures of iam-simulate, ${r.totals.suspect} suspected engine bugs, ${r.totals.unexplained} unexplained; ` +
      `${r.seconds.total.toFixed(1)} s (our engine ${r.seconds.ours.toFixed(1)} s, iam-simulate ${r.seconds.iamSimulate.toFixed(1)} s)`,
  )
  console.log()
  console.log('| layer mix | cases | agree | known departure | suspected engine bug | unexplained | agreement | agreement counting known departures |')
  console.log('|---|--:|--:|--:|--:|--:|--:|--:|')
  for (const m of r.mixes) {
    console.log(`| ${m.mix} | ${m.cases} | ${m.agree} | ${m.known} | ${m.suspect} | ${m.unexplained} | ${pct(m.agree, m.cases)} | ${pct(m.agree + m.known, m.cases)} |`)
  }
  const t = r.totals
  console.log(`| **all** | ${t.cases} | ${t.agree} | ${t.known} | ${t.suspect} | ${t.unexplained} | ${pct(t.agree, t.cases)} | ${pct(t.agree + t.known, t.cases)} |`)
  if (t.ourErrors) {
    console.log(`\n${t.ourErrors} generated case(s) were refused by our engine (errors), which the generator should never produce:`)
    for (const e of r.ourErrorMessages.slice(0, 10)) console.log(`- ${e.count}× ${e.message}`)
  }
  console.log()
  console.log('### Cases per rule (a case explained by several rules counts under each)')
  console.log()
  console.log('| rule | kind | cases |')
  console.log('|---|---|--:|')
  for (const d of r.departures) console.log(`| ${d.id} | ${d.kind} | ${d.cases} |`)
  console.log()
  console.log('### Disagreement classes')
  console.log()
  console.log('| class | cases | layer mixes | ours / iam-simulate |')
  console.log('|---|--:|---|---|')
  for (const c of r.classes) console.log(`| ${c.name} | ${c.count} | ${c.mixes.join(', ')} | ${c.answers.map((a) => `${a.pair} (${a.cases})`).join(', ')} |`)
  console.log()
  for (const c of r.classes) {
    console.log(`#### ${c.name}`)
    console.log()
    if (c.known) for (const tag of c.tags) console.log(`Rule (${tag}): ${DEPARTURE_BY_ID[tag].rule}.`)
    if (c.suspect) console.log(`Rule (${c.suspect}): ${SUSPECTS.find((x) => x.id === c.suspect).rule}.`)
    console.log(`Minimized example: ours ${c.ours}, iam-simulate ${c.iamSimulate}${c.iamSimulateSays ? ` (${c.iamSimulateSays})` : ''}.`)
    console.log()
    console.log('```json')
    console.log(JSON.stringify(c.example))
    console.log('```')
    console.log()
  }
}

// Run only as a program (bench/throughput.mjs imports the generator).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main()
