// The corpus cases, and their translation into @cloud-copilot/iam-simulate's API.
//
// iam-simulate (AGPL-3.0) is used here only as an outside program: it is installed from npm into
// bench/node_modules, called through its public `runSimulation`, and nothing of it is copied.

import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

export const REPO = fileURLToPath(new URL('..', import.meta.url))
export const CORPUS = join(REPO, 'tests', 'corpus')

/** Every corpus case under `dir`: { name, case, input (JSON text of case.input), expected }. */
export function loadCorpus(dir = CORPUS) {
  const files = []
  const walk = (d) => {
    for (const entry of readdirSync(d).sort()) {
      const path = join(d, entry)
      if (statSync(path).isDirectory()) walk(path)
      else if (entry.endsWith('.json')) files.push(path)
    }
  }
  walk(dir)
  files.sort()
  return files.map((path) => {
    const c = JSON.parse(readFileSync(path, 'utf8'))
    return {
      name: relative(CORPUS, path),
      case: c,
      input: JSON.stringify(c.input),
      expected: c.expect && c.expect.errors ? 'Error' : c.expect.decision,
    }
  })
}

/** AWS's default endpoint policy (what an endpoint without a policy has). */
export const DEFAULT_ENDPOINT_POLICY = {
  Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }],
}

const ACCOUNT = /^arn:[^:]+:(?:iam|sts)::(\d{12}):/

/** True for an AWS service principal given as the caller (`sqs.amazonaws.com`). */
export function isServicePrincipal(principal) {
  return typeof principal === 'string' && !principal.startsWith('arn:') && principal.endsWith('.amazonaws.com')
}

/** True for the unsigned caller of the case contract (`anonymous`, or `*`). */
export function isAnonymous(principal) {
  return principal === 'anonymous' || principal === '*'
}

/**
 * The keys AWS puts in every request's context and that iam-simulate does not derive itself (its
 * README: "Automatically populating context keys from the request" is still to come);
 * policy-playground derives the same ones (crates/engine/src/request.rs). Given keys win.
 * "AWS global condition context keys": aws:PrincipalArn, aws:PrincipalAccount, aws:PrincipalType
 * (`Anonymous` for unsigned requests), aws:username (IAM users), aws:PrincipalIsAWSService (every
 * signed request), aws:PrincipalServiceName (service principals), aws:ResourceAccount.
 */
export function derivedContext(principal, resourceAccount) {
  const out = {}
  if (isAnonymous(principal)) {
    // aws:PrincipalAccount: "For anonymous requests, the request context returns anonymous".
    out['aws:PrincipalType'] = 'Anonymous'
    out['aws:PrincipalAccount'] = 'anonymous'
  } else if (isServicePrincipal(principal)) {
    out['aws:PrincipalIsAWSService'] = 'true'
    out['aws:PrincipalServiceName'] = principal
  }
  const m = typeof principal === 'string' ? ACCOUNT.exec(principal) : null
  if (m) {
    const account = m[1]
    const session = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\/.+$/.exec(principal)
    out['aws:PrincipalArn'] = session ? `arn:${session[1]}:iam::${account}:role/${session[3]}` : principal
    out['aws:PrincipalAccount'] = account
    const resource = principal.split(':').slice(5).join(':')
    out['aws:PrincipalType'] =
      resource === 'root' ? 'Account'
        : resource.startsWith('user/') ? 'User'
          : resource.startsWith('role/') || resource.startsWith('assumed-role/') ? 'AssumedRole'
            : resource.startsWith('federated-user/') ? 'FederatedUser'
              : undefined
    if (out['aws:PrincipalType'] === undefined) delete out['aws:PrincipalType']
    if (resource.startsWith('user/')) out['aws:username'] = resource.split('/').pop()
    out['aws:PrincipalIsAWSService'] = 'false'
  }
  if (resourceAccount) out['aws:ResourceAccount'] = resourceAccount
  return out
}

function policyValue(p) {
  if (typeof p !== 'string') return p
  try {
    return JSON.parse(p)
  } catch {
    return p // let iam-simulate report it
  }
}

/**
 * AWS's default key policy (what a KMS key created without a key policy has: "Default key
 * policy" in the KMS developer guide): it lets the account's IAM policies grant access to the key.
 * Our contract gives it to a key when the case has no `resourcePolicy`.
 */
export function defaultKeyPolicy(account) {
  return {
    Version: '2012-10-17',
    Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'kms:*', Resource: '*' }],
  }
}

/**
 * A trust policy that trusts no one: our contract's reading of a role asked for by
 * `sts:AssumeRole*` (or `sts:TagSession`, `sts:SetSourceIdentity`) when the case has no
 * `resourcePolicy` ("a role can be assumed only when its trust policy allows the caller";
 * iam-simulate, given no resource policy, decides on the identity policies alone).
 */
export const TRUST_NO_ONE = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, NotAction: '*' }] }

const TRUST_ACTIONS = ['sts:assumerole', 'sts:assumerolewithsaml', 'sts:assumerolewithwebidentity', 'sts:setsourceidentity', 'sts:tagsession']

/** `kms` for a KMS key ARN, `trust` for a role asked for by a trust-policy action, else null. */
export function guardedResource(request) {
  const resource = typeof request?.resource === 'string' ? request.resource : ''
  if (/^arn:[^:]+:kms:[^:]*:[^:]*:key\/./.test(resource)) return 'kms'
  const action = typeof request?.action === 'string' ? request.action.toLowerCase() : ''
  if (/^arn:[^:]+:iam::[^:]*:role\/./.test(resource) && TRUST_ACTIONS.includes(action)) return 'trust'
  return null
}

/** True for AWS's `RCPFullAWSAccess` written out (iam-simulate adds it at every level itself). */
function isRcpFullAwsAccess(policy) {
  const st = policy && (Array.isArray(policy.Statement) ? policy.Statement : [policy.Statement])
  if (!st || st.length !== 1 || !st[0]) return false
  const s = st[0]
  const one = (v) => (Array.isArray(v) && v.length === 1 ? v[0] : v)
  return s.Effect === 'Allow' && one(s.Principal) === '*' && one(s.Action) === '*' && one(s.Resource) === '*' && !s.Condition
}

/** `[[POLICY]]` (root level first) as iam-simulate's `SimulationOrgPolicies[]`. */
function levels(field, value) {
  return value.map((level, l) => ({
    orgIdentifier: `${field}[${l}]`,
    policies: level
      .map((p, n) => ({ name: `${field}[${l}][${n}]`, policy: policyValue(p) }))
      .filter((p) => field !== 'rcps' || !isRcpFullAwsAccess(p.policy)),
  }))
}

/** Role sessions and federated user sessions: the callers a session policy exists for. */
const SESSION = /^arn:[^:]+:sts::\d{12}:(?:assumed-role|federated-user)\//

const isLevels = (v) => Array.isArray(v) && v.every(Array.isArray)

/**
 * Translates a simulate input (src/api.rs) into an iam-simulate `Simulation`, every layer of the
 * contract:
 * - `identityPolicies` → `identityPolicies`; `resourcePolicy` → `resourcePolicy`;
 *   `permissionsBoundary` → `permissionBoundaryPolicies` (one); `sessionPolicy` → `sessionPolicy`;
 *   `scps` / `rcps` (one list per level, root first) → `serviceControlPolicies` /
 *   `resourceControlPolicies`, one `orgIdentifier` per level, in the same order (iam-simulate adds
 *   `RCPFullAWSAccess` at every level itself, as AWS does and as our engine assumes);
 *   `endpoint.policy` (or AWS's default endpoint policy) → `vpcEndpointPolicies`: iam-simulate has
 *   no notion of interface versus gateway endpoints.
 * - principal `anonymous` becomes `anonymousPrincipal`, without identity policies, permissions
 *   boundary, SCPs or session policy: AWS applies none of them to unsigned requests, and
 *   iam-simulate rejects them there. A session policy is passed only for role sessions and
 *   federated user sessions (AWS has none for other callers; iam-simulate rejects one given for an
 *   IAM user). `RCPFullAWSAccess` written out in an RCP level is left out (iam-simulate adds it to
 *   every level itself and rejects an RCP that allows). Every other layer is passed as given, also
 *   for AWS service principals (where our engine, like AWS, ignores identity policies, boundaries
 *   and SCPs). `request.federatingUser` has no counterpart in iam-simulate and is left out.
 * - the resource account (`accountId`) is `request.resourceAccount`, else the account field of
 *   the resource ARN, else the principal's account, else 111122223333.
 * - a KMS key without `resourcePolicy` gets AWS's default key policy, and a role asked for by a
 *   trust-policy action without `resourcePolicy` a trust policy that trusts no one: what our
 *   contract says such a case means (README, "Two resources decide for themselves").
 * Returns { simulation } or { unsupported: reason } for inputs it has no way to express.
 */
export function toIamSimulate(input, anonymousPrincipal) {
  if (!input || typeof input !== 'object' || Array.isArray(input)) return { unsupported: 'the input is not an object' }
  const r = input.request
  if (!r || typeof r !== 'object' || Array.isArray(r)) return { unsupported: 'no `request` object' }
  // iam-simulate knows policies only: a call's network path (subnets, security groups, network
  // ACLs, private DNS) has no counterpart there.
  if (input.network !== undefined) return { unsupported: 'a `network` (the call\'s network path)' }
  if (input.identityPolicies !== undefined && !Array.isArray(input.identityPolicies)) {
    return { unsupported: '`identityPolicies` is not an array' }
  }
  if (input.endpoint !== undefined && (!input.endpoint || typeof input.endpoint !== 'object')) {
    return { unsupported: '`endpoint` is not an object' }
  }
  if (r.context !== undefined && (!r.context || typeof r.context !== 'object' || Array.isArray(r.context))) {
    return { unsupported: '`request.context` is not an object' }
  }
  for (const k of ['scps', 'rcps']) {
    if (input[k] !== undefined && !isLevels(input[k])) return { unsupported: `\`${k}\` is not a list of levels` }
  }
  const anonymous = isAnonymous(r.principal)
  const principalAccount = typeof r.principal === 'string' ? ACCOUNT.exec(r.principal)?.[1] : undefined
  const arnAccount = typeof r.resource === 'string' ? /^arn:[^:]*:[^:]*:[^:]*:(\d{12}):/.exec(r.resource)?.[1] : undefined
  const accountId = r.resourceAccount || arnAccount || principalAccount || '111122223333'
  const context = { ...derivedContext(r.principal, r.resourceAccount), ...(r.context || {}) }
  const simulation = {
    request: {
      principal: anonymous ? anonymousPrincipal : r.principal,
      action: r.action,
      resource: { resource: r.resource ?? '*', accountId },
      contextVariables: context,
    },
    identityPolicies: anonymous
      ? []
      : (input.identityPolicies || []).map((p, i) => ({ name: `identityPolicies[${i}]`, policy: policyValue(p) })),
    serviceControlPolicies: anonymous || !input.scps ? [] : levels('scps', input.scps),
    resourceControlPolicies: input.rcps ? levels('rcps', input.rcps) : [],
  }
  if (input.resourcePolicy !== undefined) simulation.resourcePolicy = policyValue(input.resourcePolicy)
  else if (guardedResource(r) === 'kms') simulation.resourcePolicy = defaultKeyPolicy(accountId)
  else if (guardedResource(r) === 'trust') simulation.resourcePolicy = TRUST_NO_ONE
  if (input.permissionsBoundary !== undefined && !anonymous) {
    simulation.permissionBoundaryPolicies = [{ name: 'permissionsBoundary', policy: policyValue(input.permissionsBoundary) }]
  }
  if (input.sessionPolicy !== undefined && SESSION.test(r.principal)) simulation.sessionPolicy = policyValue(input.sessionPolicy)
  if (input.endpoint) {
    const has = input.endpoint.policy !== undefined
    simulation.vpcEndpointPolicies = [
      {
        name: has ? 'endpoint.policy' : 'endpoint.defaultPolicy',
        policy: has ? policyValue(input.endpoint.policy) : DEFAULT_ENDPOINT_POLICY,
      },
    ]
  }
  return { simulation }
}

/** iam-simulate's answer as one word: a decision, or `Error`. */
export function iamSimulateAnswer(result) {
  return result.resultType === 'error' ? 'Error' : result.overallResult
}

/** A short account of iam-simulate's errors. */
export function iamSimulateErrors(result) {
  if (result.resultType !== 'error') return ''
  const e = result.errors
  const parts = []
  for (const [k, v] of Object.entries(e)) {
    if (k === 'message') continue
    if (Array.isArray(v)) parts.push(`${k}: ${v.map((x) => x.message ?? x).join('; ')}`)
    else if (v && typeof v === 'object') {
      for (const [name, errs] of Object.entries(v)) parts.push(`${k}.${name}: ${errs.map((x) => x.message ?? x).join('; ')}`)
    }
  }
  return parts.length ? parts.join(' | ') : e.message
}

/** The installed iam-simulate version (its package exports no package.json). */
export const IAM_SIMULATE_VERSION = JSON.parse(
  readFileSync(fileURLToPath(new URL('./node_modules/@cloud-copilot/iam-simulate/package.json', import.meta.url)), 'utf8'),
).version
