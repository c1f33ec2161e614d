// A synthetic `aws iam get-account-authorization-details` export, for the import's tests and
// benchmarks: users, groups, roles and managed policies (AWS-managed-like ones under
// `arn:aws:iam::aws:policy/...` and customer ones), with inline and attached policies,
// permissions boundaries, instance profiles, tags and trust policies, in the shape the AWS CLI
// writes (4-space JSON). Everything is made up from a seeded PRNG: no real account's data, and
// the same options always give the same bytes. Needs nothing but node.
//
//   node bench/authz.mjs [--seed N] [--roles N] [--users N] [--policies N] [--groups N]
//                        [--pages N] [--encoding object|string|urlencoded|mixed]
//                        [--account ID] [--missing N] [--out FILE]
//
//   --seed N        the generator's seed (default 1)
//   --roles N       roles (default 500)
//   --users N       users (default 100)
//   --policies N    managed policies (default 300; about 40% AWS-managed-like)
//   --groups N      groups (default 20)
//   --pages N       split the export into N pages as a paginated call returns them (default 1):
//                   every list cut into N parts, IsTruncated and Marker on all pages but the last
//   --encoding E    how policy documents are written (default object): `object` (AWS CLI,
//                   boto3), `string` (JSON text in a string), `urlencoded` (the raw API's
//                   URL-encoded JSON), or `mixed` (each document picks one)
//   --account ID    the 12-digit account (default 111122223333)
//   --missing N     leave the N managed policies attached to most principals out of `Policies`,
//                   so that the import reports them (default 0)
//   --out FILE      write there (with --pages N > 1: FILE-1.json … FILE-N.json, FILE without
//                   its .json); default: standard output (one page only)
//
// At the defaults one file is about 5 MB. Exit 2 on bad options.

import { writeFileSync } from 'node:fs'
import { Pcg32, checkPcg32 } from './prng.mjs'

function options(argv) {
  const o = {
    seed: 1n, roles: 500, users: 100, policies: 300, groups: 20, pages: 1, encoding: 'object',
    account: '111122223333', missing: 0, out: null,
  }
  const count = (a, v) => {
    const n = Number(v)
    if (!Number.isInteger(n) || n < 0) usage(`${a} needs a non-negative integer`)
    return n
  }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    const value = () => {
      if (i + 1 >= argv.length) usage(`${a} needs a value`)
      return argv[++i]
    }
    if (a === '--seed') o.seed = BigInt(value())
    else if (a === '--roles') o.roles = count(a, value())
    else if (a === '--users') o.users = count(a, value())
    else if (a === '--policies') o.policies = count(a, value())
    else if (a === '--groups') o.groups = count(a, value())
    else if (a === '--pages') o.pages = count(a, value())
    else if (a === '--missing') o.missing = count(a, value())
    else if (a === '--encoding') o.encoding = value()
    else if (a === '--account') o.account = value()
    else if (a === '--out') o.out = value()
    else if (a === '--help' || a === '-h') usage(null)
    else usage(`unknown option ${a}`)
  }
  if (!['object', 'string', 'urlencoded', 'mixed'].includes(o.encoding)) usage('--encoding is object, string, urlencoded or mixed')
  if (!/^\d{12}$/.test(o.account)) usage('--account needs 12 digits')
  if (o.pages < 1) usage('--pages needs at least 1')
  if (o.pages > 1 && !o.out) usage('--pages N > 1 needs --out FILE')
  if (o.missing > o.policies) usage('--missing cannot exceed --policies')
  return o
}

function usage(message) {
  const text = 'usage: node bench/authz.mjs [--seed N] [--roles N] [--users N] [--policies N] [--groups N] [--pages N] [--encoding object|string|urlencoded|mixed] [--account ID] [--missing N] [--out FILE]'
  if (message === null) {
    console.log(text)
    process.exit(0)
  }
  console.error(`authz.mjs: ${message}\n${text}`)
  process.exit(2)
}

// ---------------------------------------------------------------------------------------------
// Vocabulary: services, their actions and resources (real action names, made-up resources).

const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1']
const TEAMS = ['ml', 'data', 'platform', 'research', 'analytics', 'security', 'web', 'finance']
const PROJECTS = ['churn', 'forecast', 'vision', 'search', 'fraud', 'recs', 'nlp', 'pricing']
const WORDS = ['alpha', 'beta', 'gamma', 'delta', 'kappa', 'lambda', 'sigma', 'omega', 'nova', 'atlas', 'orion', 'vega']

const SERVICES = {
  sagemaker: {
    read: ['DescribeTrainingJob', 'DescribeEndpoint', 'DescribeModel', 'DescribeNotebookInstance', 'DescribeProcessingJob', 'DescribeEndpointConfig', 'ListTrainingJobs', 'ListEndpoints', 'ListModels', 'ListNotebookInstances', 'Describe*', 'List*', 'Search', 'GetSearchSuggestions'],
    write: ['CreateTrainingJob', 'CreateProcessingJob', 'CreateModel', 'CreateEndpoint', 'CreateEndpointConfig', 'UpdateEndpoint', 'DeleteEndpoint', 'DeleteModel', 'StopTrainingJob', 'CreateNotebookInstance', 'StartNotebookInstance', 'StopNotebookInstance', 'CreatePresignedNotebookInstanceUrl', 'InvokeEndpoint', 'CreateHyperParameterTuningJob', 'CreateTransformJob', 'AddTags', 'Create*', 'Delete*'],
    resource: (o, r) => `arn:aws:sagemaker:${r.pick(REGIONS)}:${o.account}:${r.pick(['training-job', 'endpoint', 'model', 'notebook-instance', 'processing-job', 'endpoint-config'])}/${r.pick(PROJECTS)}-*`,
  },
  s3: {
    read: ['GetObject', 'ListBucket', 'GetBucketLocation', 'GetObjectVersion', 'ListAllMyBuckets', 'GetObjectTagging', 'Get*', 'List*'],
    write: ['PutObject', 'DeleteObject', 'PutObjectTagging', 'AbortMultipartUpload', 'CreateBucket', 'PutBucketPolicy'],
    resource: (o, r) => r.chance(0.5) ? `arn:aws:s3:::${r.pick(TEAMS)}-${r.pick(PROJECTS)}-${o.account}/*` : `arn:aws:s3:::${r.pick(TEAMS)}-${r.pick(PROJECTS)}-${o.account}`,
  },
  iam: {
    read: ['GetRole', 'ListRoles', 'GetPolicy', 'GetPolicyVersion', 'ListAttachedRolePolicies', 'ListRolePolicies', 'Get*', 'List*'],
    write: ['PassRole', 'CreateServiceLinkedRole', 'TagRole', 'AttachRolePolicy', 'PutRolePolicy', 'CreateRole'],
    resource: (o, r) => `arn:aws:iam::${o.account}:role/${r.pick(['', 'service-role/', 'ml/'])}${r.pick(PROJECTS)}-*`,
  },
  ec2: {
    read: ['DescribeInstances', 'DescribeVpcs', 'DescribeSubnets', 'DescribeSecurityGroups', 'DescribeNetworkInterfaces', 'DescribeVpcEndpoints', 'Describe*'],
    write: ['RunInstances', 'CreateNetworkInterface', 'DeleteNetworkInterface', 'CreateNetworkInterfacePermission', 'CreateTags', 'TerminateInstances', 'StartInstances', 'StopInstances'],
    resource: (o, r) => `arn:aws:ec2:${r.pick(REGIONS)}:${o.account}:${r.pick(['instance', 'network-interface', 'subnet', 'security-group'])}/*`,
  },
  logs: {
    read: ['DescribeLogStreams', 'DescribeLogGroups', 'GetLogEvents', 'FilterLogEvents'],
    write: ['CreateLogGroup', 'CreateLogStream', 'PutLogEvents', 'PutRetentionPolicy'],
    resource: (o, r) => `arn:aws:logs:${r.pick(REGIONS)}:${o.account}:log-group:/aws/${r.pick(['sagemaker/TrainingJobs', 'sagemaker/Endpoints', 'lambda', 'ecs'])}:*`,
  },
  kms: {
    read: ['DescribeKey', 'ListAliases', 'GetKeyPolicy', 'ListKeys'],
    write: ['Decrypt', 'Encrypt', 'GenerateDataKey', 'GenerateDataKeyWithoutPlaintext', 'ReEncrypt*', 'CreateGrant'],
    resource: (o, r) => `arn:aws:kms:${r.pick(REGIONS)}:${o.account}:key/${uuid(r)}`,
  },
  ecr: {
    read: ['GetAuthorizationToken', 'BatchGetImage', 'GetDownloadUrlForLayer', 'BatchCheckLayerAvailability', 'DescribeRepositories'],
    write: ['PutImage', 'InitiateLayerUpload', 'UploadLayerPart', 'CompleteLayerUpload'],
    resource: (o, r) => `arn:aws:ecr:${r.pick(REGIONS)}:${o.account}:repository/${r.pick(PROJECTS)}-${r.pick(['train', 'serve', 'base'])}`,
  },
  cloudwatch: {
    read: ['GetMetricData', 'ListMetrics', 'DescribeAlarms'],
    write: ['PutMetricData', 'PutMetricAlarm', 'DeleteAlarms'],
    resource: () => '*',
  },
  sts: {
    read: ['GetCallerIdentity'],
    write: ['AssumeRole', 'TagSession'],
    resource: (o, r) => `arn:aws:iam::${o.account}:role/${r.pick(PROJECTS)}-*`,
  },
  lambda: {
    read: ['GetFunction', 'ListFunctions', 'GetFunctionConfiguration'],
    write: ['InvokeFunction', 'UpdateFunctionCode', 'CreateFunction'],
    resource: (o, r) => `arn:aws:lambda:${r.pick(REGIONS)}:${o.account}:function:${r.pick(PROJECTS)}-*`,
  },
}
const SERVICE_NAMES = Object.keys(SERVICES)
const SERVICE_WEIGHTS = [[30, 'sagemaker'], [20, 's3'], [8, 'iam'], [10, 'ec2'], [10, 'logs'], [8, 'kms'], [6, 'ecr'], [4, 'cloudwatch'], [2, 'sts'], [2, 'lambda']]

function uuid(r) {
  const hex = (n) => Array.from({ length: n }, () => r.below(16).toString(16)).join('')
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[r.below(4)]}${hex(3)}-${hex(12)}`
}

function id(r, prefix) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
  return prefix + Array.from({ length: 17 }, () => alphabet[r.below(alphabet.length)]).join('')
}

function date(r) {
  const day = 1 + r.below(28)
  const month = 1 + r.below(12)
  const year = 2019 + r.below(7)
  const p = (n) => String(n).padStart(2, '0')
  return `${year}-${p(month)}-${p(day)}T${p(r.below(24))}:${p(r.below(60))}:${p(r.below(60))}+00:00`
}

// ---------------------------------------------------------------------------------------------
// Policy documents

function condition(o, r, service) {
  const options = [
    () => ({ StringEquals: { 'aws:RequestedRegion': r.pick(REGIONS) } }),
    () => ({ StringEquals: { 'aws:SourceVpce': `vpce-0${uuid(r).replace(/-/g, '').slice(0, 16)}` } }),
    () => ({ StringEquals: { 'aws:PrincipalTag/team': r.pick(TEAMS) } }),
    () => ({ Bool: { 'aws:SecureTransport': 'true' } }),
    () => ({ IpAddress: { 'aws:SourceIp': [`203.0.113.${r.below(256)}/32`, '198.51.100.0/24'] } }),
  ]
  if (service === 'sagemaker') {
    options.push(() => ({ 'ForAllValues:StringEquals': { 'sagemaker:VpcSubnets': [`subnet-0${uuid(r).slice(0, 8)}`, `subnet-0${uuid(r).slice(0, 8)}`] } }))
    options.push(() => ({ Bool: { 'sagemaker:NetworkIsolation': 'true' } }))
    options.push(() => ({ StringEquals: { 'sagemaker:ResourceTag/project': r.pick(PROJECTS) } }))
  }
  if (service === 'iam') options.push(() => ({ StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } }))
  if (service === 's3') options.push(() => ({ StringLike: { 's3:prefix': [`${r.pick(PROJECTS)}/*`, 'shared/*'] } }))
  if (service === 'kms') options.push(() => ({ StringEquals: { 'kms:ViaService': [`s3.${r.pick(REGIONS)}.amazonaws.com`, `sagemaker.${r.pick(REGIONS)}.amazonaws.com`] } }))
  return r.pick(options)()
}

function statement(o, r, { deny = false, broad = false } = {}) {
  const service = r.weighted(SERVICE_WEIGHTS)
  const s = SERVICES[service]
  const pool = r.chance(0.5) ? s.read : s.read.concat(s.write)
  const n = Math.min(pool.length, 1 + r.below(broad ? 10 : 6))
  const actions = r.some(pool, n).map((a) => `${service}:${a}`)
  const st = {}
  if (r.chance(0.5)) st.Sid = `${deny ? 'Deny' : 'Allow'}${service[0].toUpperCase()}${service.slice(1)}${r.below(1000)}`
  st.Effect = deny ? 'Deny' : 'Allow'
  st.Action = actions.length === 1 && r.chance(0.5) ? actions[0] : actions
  if (broad && r.chance(0.3)) st.Action = `${service}:*`
  const resources = r.chance(0.45) ? '*' : Array.from({ length: 1 + r.below(3) }, () => s.resource(o, r))
  st.Resource = Array.isArray(resources) && resources.length === 1 ? resources[0] : resources
  if (r.chance(0.3)) st.Condition = condition(o, r, service)
  return st
}

/** Sids made unique within one policy (AWS refuses a policy that repeats one). */
function uniqueSids(list) {
  const seen = new Set()
  for (const st of list) {
    if (st.Sid === undefined) continue
    let sid = st.Sid
    for (let n = 2; seen.has(sid); n++) sid = `${st.Sid}x${n}`
    st.Sid = sid
    seen.add(sid)
  }
  return list
}

function identityPolicy(o, r, statements, denies = 0.1) {
  return {
    Version: '2012-10-17',
    Statement: uniqueSids(Array.from({ length: statements }, () => statement(o, r, { deny: r.chance(denies), broad: statements > 6 }))),
  }
}

function boundaryPolicy(o, r) {
  const services = r.some(SERVICE_NAMES, 3 + r.below(5))
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'Ceiling', Effect: 'Allow', Action: services.map((s) => `${s}:*`), Resource: '*' },
      { Sid: 'NoPolicyEdits', Effect: 'Deny', Action: ['iam:CreatePolicyVersion', 'iam:DeleteRolePermissionsBoundary', 'iam:PutRolePermissionsBoundary'], Resource: '*' },
    ],
  }
}

function trustPolicy(o, r, kind) {
  const assume = { Effect: 'Allow', Action: 'sts:AssumeRole' }
  switch (kind) {
    case 'service':
      return { Version: '2012-10-17', Statement: [{ ...assume, Principal: { Service: r.pick(['sagemaker.amazonaws.com', 'lambda.amazonaws.com', 'ecs-tasks.amazonaws.com', 'glue.amazonaws.com']) } }] }
    case 'ec2':
      return { Version: '2012-10-17', Statement: [{ ...assume, Principal: { Service: 'ec2.amazonaws.com' } }] }
    case 'account':
      return { Version: '2012-10-17', Statement: [{ ...assume, Principal: { AWS: `arn:aws:iam::${o.account}:root` }, ...(r.chance(0.5) ? { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } } : {}) }] }
    case 'cross-account': {
      const other = `${(BigInt(o.account) + 1n + BigInt(r.below(1000))) % 1000000000000n}`.padStart(12, '0')
      return { Version: '2012-10-17', Statement: [{ ...assume, Principal: { AWS: `arn:aws:iam::${other}:role/${r.pick(PROJECTS)}-deployer` }, Condition: { StringEquals: { 'sts:ExternalId': uuid(r) } } }] }
    }
    case 'oidc':
      return {
        Version: '2012-10-17',
        Statement: [{
          Effect: 'Allow',
          Principal: { Federated: `arn:aws:iam::${o.account}:oidc-provider/token.actions.githubusercontent.com` },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: {
            StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
            StringLike: { 'token.actions.githubusercontent.com:sub': `repo:example-org/${r.pick(PROJECTS)}:*` },
          },
        }],
      }
    default:
      return { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole' }] }
  }
}

/** A document in the chosen encoding. */
function encode(o, r, doc) {
  const how = o.encoding === 'mixed' ? r.pick(['object', 'string', 'urlencoded']) : o.encoding
  if (how === 'object') return doc
  if (how === 'string') return JSON.stringify(doc)
  return encodeURIComponent(JSON.stringify(doc))
}

// ---------------------------------------------------------------------------------------------
// The export

const AWS_NAMES = [
  ['AmazonSageMaker', 'sagemaker'], ['AmazonS3', 's3'], ['AmazonEC2', 'ec2'], ['CloudWatchLogs', 'logs'],
  ['AWSKeyManagementService', 'kms'], ['AmazonEC2ContainerRegistry', 'ecr'], ['CloudWatch', 'cloudwatch'],
  ['IAM', 'iam'], ['AWSLambda', 'lambda'],
]
const AWS_LEVELS = ['FullAccess', 'ReadOnlyAccess', 'PowerUser', 'ExecutionPolicy', 'ServiceRolePolicy', 'CanvasAccess', 'PipelinesIntegrations']

function generate(o) {
  checkPcg32()
  const r = new Pcg32(o.seed, 16)
  const A = o.account

  // Managed policies: about 40% AWS-managed-like, the rest customer managed.
  const policies = []
  const usedNames = new Set()
  for (let i = 0; i < o.policies; i++) {
    const aws = r.chance(0.4)
    let name
    let arn
    if (aws) {
      const [prefix] = r.pick(AWS_NAMES)
      name = `${prefix}${r.pick(AWS_LEVELS)}`
      if (usedNames.has(name)) name = `${name}V${i}`
      const path = r.chance(0.2) ? '/service-role/' : '/'
      arn = `arn:aws:iam::aws:policy${path}${name}`
    } else {
      name = `${r.pick(TEAMS)}-${r.pick(PROJECTS)}-${r.pick(['access', 'train', 'deploy', 'read', 'pipeline', 'boundary', 'ops'])}-${i}`
      const path = r.pick(['/', '/', `/${r.pick(TEAMS)}/`])
      arn = `arn:aws:iam::${A}:policy${path}${name}`
    }
    usedNames.add(name)
    const isBoundary = !aws && name.includes('-boundary-')
    const versions = 1 + (r.chance(0.4) ? r.below(4) : 0)
    const defaultAt = r.chance(0.8) ? versions - 1 : r.below(versions)
    const list = []
    for (let v = versions - 1; v >= 0; v--) {
      const doc = isBoundary ? boundaryPolicy(o, r) : identityPolicy(o, r, (aws ? 5 : 2) + r.below(aws ? 10 : 6), aws ? 0.02 : 0.1)
      list.push({ Document: doc, VersionId: `v${v + 1}`, IsDefaultVersion: v === defaultAt, CreateDate: date(r) })
    }
    const path = arn.slice(arn.indexOf('policy/') + 6, arn.lastIndexOf('/') + 1)
    policies.push({
      PolicyName: name, PolicyId: id(r, 'ANPA'), Arn: arn, Path: path, DefaultVersionId: `v${defaultAt + 1}`,
      AttachmentCount: 0, PermissionsBoundaryUsageCount: 0, IsAttachable: true,
      CreateDate: date(r), UpdateDate: date(r), PolicyVersionList: list, aws, isBoundary,
    })
  }
  const attachable = policies.filter((p) => !p.isBoundary)
  const boundaries = policies.filter((p) => p.isBoundary)
  // A few popular policies (attached to many principals), the rest at random.
  const popular = attachable.slice(0, Math.min(8, attachable.length))
  const pickPolicies = (n) => {
    const out = new Map()
    for (let i = 0; i < n && attachable.length; i++) {
      const p = r.chance(0.35) && popular.length ? r.pick(popular) : r.pick(attachable)
      out.set(p.Arn, p)
    }
    return [...out.values()].map((p) => {
      p.AttachmentCount++
      return { PolicyName: p.PolicyName, PolicyArn: p.Arn }
    })
  }
  const pickBoundary = (p) => {
    if (!boundaries.length || !r.chance(p)) return undefined
    const b = r.pick(boundaries)
    b.PermissionsBoundaryUsageCount++
    return { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: b.Arn }
  }
  const tags = () => {
    const keys = r.some(['team', 'project', 'env', 'cost-center', 'owner'], r.below(5))
    return keys.map((k) => ({
      Key: k,
      Value: k === 'team' ? r.pick(TEAMS) : k === 'project' ? r.pick(PROJECTS) : k === 'env' ? r.pick(['dev', 'staging', 'prod']) : k === 'owner' ? `${r.pick(WORDS)}@example.com` : `cc-${1000 + r.below(9000)}`,
    }))
  }
  const inline = (n, statements) => Array.from({ length: n }, (_, i) => ({
    PolicyName: `${r.pick(['inline', 'extra', 'temp', 'legacy'])}-${r.pick(PROJECTS)}-${i}`,
    PolicyDocument: encode(o, r, identityPolicy(o, r, statements)),
  }))

  const groups = []
  for (let i = 0; i < o.groups; i++) {
    const name = `${r.pick(TEAMS)}-${r.pick(['engineers', 'scientists', 'admins', 'readers', 'oncall', 'contractors'])}-${i}`
    const path = r.chance(0.3) ? `/${r.pick(TEAMS)}/` : '/'
    groups.push({
      Path: path, GroupName: name, GroupId: id(r, 'AGPA'), Arn: `arn:aws:iam::${A}:group${path}${name}`, CreateDate: date(r),
      GroupPolicyList: inline(r.below(3), 1 + r.below(3)),
      AttachedManagedPolicies: pickPolicies(1 + r.below(4)),
    })
  }

  const users = []
  for (let i = 0; i < o.users; i++) {
    const name = r.chance(0.8) ? `${r.pick(WORDS)}.${r.pick(WORDS)}${i}` : `svc-${r.pick(PROJECTS)}-${i}`
    const path = r.chance(0.2) ? `/${r.pick(['people', 'service', r.pick(TEAMS)])}/` : '/'
    const user = {
      Path: path, UserName: name, UserId: id(r, 'AIDA'), Arn: `arn:aws:iam::${A}:user${path}${name}`, CreateDate: date(r),
      UserPolicyList: inline(r.chance(0.3) ? 1 + r.below(2) : 0, 1 + r.below(3)),
      GroupList: groups.length ? r.some(groups, Math.min(groups.length, r.below(4))).map((g) => g.GroupName) : [],
      AttachedManagedPolicies: pickPolicies(r.below(3)),
    }
    const boundary = pickBoundary(0.2)
    if (boundary) user.PermissionsBoundary = boundary
    user.Tags = tags()
    users.push(user)
  }

  const roles = []
  for (let i = 0; i < o.roles; i++) {
    const trustKind = r.weighted([[40, 'service'], [20, 'ec2'], [20, 'account'], [10, 'cross-account'], [10, 'oidc']])
    const linked = r.chance(0.05)
    const project = r.pick(PROJECTS)
    const name = linked
      ? `AWSServiceRoleFor${r.pick(['AmazonSageMakerNotebooks', 'AutoScaling', 'ElasticLoadBalancing', 'ECS', 'Support'])}${i}`
      : trustKind === 'service' && r.chance(0.5)
        ? `AmazonSageMaker-ExecutionRole-${2019 + r.below(7)}${String(1 + r.below(12)).padStart(2, '0')}${String(i).padStart(3, '0')}`
        : `${project}-${r.pick(['training', 'inference', 'pipeline', 'notebook', 'deploy', 'etl', 'admin', 'readonly'])}-${i}`
    const path = linked ? `/aws-service-role/${r.pick(['sagemaker', 'autoscaling', 'ecs'])}.amazonaws.com/` : trustKind === 'service' && r.chance(0.5) ? '/service-role/' : r.chance(0.15) ? `/${r.pick(TEAMS)}/` : '/'
    const arn = `arn:aws:iam::${A}:role${path}${name}`
    const role = {
      Path: path, RoleName: name, RoleId: id(r, 'AROA'), Arn: arn, CreateDate: date(r),
      AssumeRolePolicyDocument: encode(o, r, trustPolicy(o, r, linked ? 'service' : trustKind)),
      InstanceProfileList: trustKind === 'ec2' ? [{
        Path: '/', InstanceProfileName: `${name}-profile`, InstanceProfileId: id(r, 'AIPA'),
        Arn: `arn:aws:iam::${A}:instance-profile/${name}-profile`, CreateDate: date(r), Roles: [],
      }] : [],
      RolePolicyList: inline(r.chance(0.6) ? 1 + r.below(3) : 0, 1 + r.below(5)),
      AttachedManagedPolicies: pickPolicies(1 + r.below(5)),
    }
    const boundary = linked ? undefined : pickBoundary(0.3)
    if (boundary) role.PermissionsBoundary = boundary
    role.Tags = tags()
    role.RoleLastUsed = r.chance(0.7) ? { LastUsedDate: date(r), Region: r.pick(REGIONS) } : {}
    roles.push(role)
  }

  // The policies most attached, left out of `Policies` with --missing.
  const missing = new Set([...policies].sort((a, b) => b.AttachmentCount - a.AttachmentCount).slice(0, o.missing).map((p) => p.Arn))
  const listed = policies.filter((p) => !missing.has(p.Arn)).map((p) => {
    const { aws, isBoundary, ...rest } = p
    rest.PolicyVersionList = rest.PolicyVersionList.map((v) => ({ ...v, Document: encode(o, r, v.Document) }))
    return rest
  })
  return { users, groups, roles, policies: listed, r }
}

/** The export cut into `n` pages: every list split in order, pages joined by markers. */
function pages(e, n) {
  const part = (list, i) => list.slice(Math.floor((list.length * i) / n), Math.floor((list.length * (i + 1)) / n))
  return Array.from({ length: n }, (_, i) => {
    const page = {
      UserDetailList: part(e.users, i),
      GroupDetailList: part(e.groups, i),
      RoleDetailList: part(e.roles, i),
      Policies: part(e.policies, i),
      IsTruncated: i < n - 1,
    }
    if (i < n - 1) page.Marker = `AAAAA${id(e.r, '').slice(0, 12)}${i}`
    return page
  })
}

const o = options(process.argv.slice(2))
const all = pages(generate(o), o.pages)
const text = (page) => `${JSON.stringify(page, null, 4)}\n`
if (o.pages === 1) {
  if (o.out) writeFileSync(o.out, text(all[0]))
  else process.stdout.write(text(all[0]))
} else {
  const base = o.out.replace(/\.json$/, '')
  all.forEach((page, i) => writeFileSync(`${base}-${i + 1}.json`, text(page)))
}
