/**
 * @module What each operation of each local AWS API asks IAM for: the action (`<service prefix>:<Action>`, AWS's
 * IAM action names) and the ARN of the resource it acts on (`*` where AWS lists no resource type), plus the
 * resource policy AWS consults for same-account callers (S3 bucket policies, Lambda function policies). Inputs are
 * the operation's own (untrusted) members, read by own properties only. An empty list: no permission needed.
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_awslambda.html
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazondynamodb.html
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatchlogs.html
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_awscloudformation.html
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementiam.html
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncognitouserpools.html
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonapigatewaymanagement.html
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsresourcegroupstaggingapi.html
 */
import type { CallerIdentity } from '../edge/sigv4.js'
import { COGNITO_PUBLIC_OPERATIONS } from '../edge/foreign-callers.js'
import { s3Checks } from './api-resources-s3.js'
import { operationMembers } from './operation-members.js'

export type GateInput = Record<string, unknown> | undefined

export interface ApiCheck {
  action: string
  resource: string
  /** Where the resource's own policy is read (an operation answering `{Policy}`), when AWS consults one. */
  resourcePolicy?: { service: string; operation: string; input: unknown }
}

export interface GateTarget {
  region: string
  account: string
  caller: CallerIdentity
  method: string
  /** The decoded request path (API Gateway's control-plane permissions are on it). */
  path: string
}

type Resolver = (operation: string, input: Record<string, unknown>, t: GateTarget) => ApiCheck[]

const str = (input: Record<string, unknown>, key: string): string | undefined => {
  const value = Object.hasOwn(input, key) ? input[key] : undefined
  return typeof value === 'string' && value !== '' ? value : undefined
}
const check = (action: string, resource: string): ApiCheck => ({ action, resource })

/** `F`, `F:q`, `123456789012:function:F[:q]` or a full ARN → the function's (qualified) ARN. */
export function functionArn(name: string, qualifier: string | undefined, t: GateTarget): string {
  const m = /^(?:arn:aws[\w-]*:lambda:([a-z0-9-]+):)?(?:(\d{12}):function:)?([^:]+)(?::([^:]+))?$/.exec(name)
  if (!m) return `arn:aws:lambda:${t.region}:${t.account}:function:${name}`
  const q = m[4] ?? qualifier
  return `arn:aws:lambda:${m[1] ?? t.region}:${m[2] ?? t.account}:function:${m[3]}${q ? `:${q}` : ''}`
}

const LAMBDA_ACTIONS: Record<string, string> = { Invoke: 'InvokeFunction' }

const lambda: Resolver = (op, input, t) => {
  const action = `lambda:${Object.hasOwn(LAMBDA_ACTIONS, op) ? LAMBDA_ACTIONS[op] : op}`
  if (op === 'ListFunctions' || op === 'GetAccountSettings') return [check(action, '*')]
  if (op === 'ListTags' || op === 'TagResource' || op === 'UntagResource') return [check(action, str(input, 'Resource') ?? '*')]
  const name = str(input, 'FunctionName') ?? ''
  const fn = check(action, functionArn(name, str(input, 'Qualifier'), t))
  // A function's own policy grants InvokeFunction to principals it names (AddPermission).
  if (op === 'Invoke') fn.resourcePolicy = { service: 'lambda', operation: 'GetPolicy', input: { FunctionName: name, Qualifier: str(input, 'Qualifier') } }
  const role = str(input, 'Role')
  // Giving a function a role is passing it: `iam:PassRole` on that role, as AWS checks.
  const checks = (op === 'CreateFunction' || op === 'UpdateFunctionConfiguration') && role ? [fn, check('iam:PassRole', role)] : [fn]
  return [...checks, ...packageChecks(op, input, t)]
}

/**
 * A deployment package named in S3 is read with the caller's rights: `s3:GetObject` on it (AWS: "Your access has
 * been denied by S3, please make sure your request credentials have permission to GetObject"), or anyone who may
 * create a function could read any bucket's `.zip` objects through GetFunction's Code.Location.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/lambda-permissions.html
 */
function packageChecks(op: string, input: Record<string, unknown>, t: GateTarget): ApiCheck[] {
  const code = op === 'CreateFunction' ? input.Code : op === 'UpdateFunctionCode' ? input : undefined
  if (!code || typeof code !== 'object' || Array.isArray(code)) return []
  const members = code as Record<string, unknown>
  const [bucket, key] = [str(members, 'S3Bucket'), str(members, 'S3Key')]
  return bucket && key ? s3Checks('GetObject', { Bucket: bucket, Key: key, VersionId: str(members, 'S3ObjectVersion') }, t) : []
}

const TABLELESS = new Set(['ListTables', 'DescribeLimits', 'DescribeEndpoints', 'ListBackups', 'ListGlobalTables', 'ListExports', 'ListImports'])
const TRANSACT_ACTIONS: Record<string, string> = { ConditionCheck: 'ConditionCheckItem', Put: 'PutItem', Update: 'UpdateItem', Delete: 'DeleteItem', Get: 'GetItem' }

const dynamodb: Resolver = (op, input, t) => {
  const table = (name: string) => (name.startsWith('arn:') ? name : `arn:aws:dynamodb:${t.region}:${t.account}:table/${name}`)
  const action = `dynamodb:${op}`
  if (TABLELESS.has(op)) return [check(action, '*')]
  if (op === 'BatchGetItem' || op === 'BatchWriteItem') {
    const items = input.RequestItems
    const names = items && typeof items === 'object' && !Array.isArray(items) ? Object.keys(items) : []
    return names.length ? names.map((n) => check(action, table(n))) : [check(action, '*')]
  }
  if (op === 'TransactWriteItems' || op === 'TransactGetItems') {
    const items = Array.isArray(input.TransactItems) ? input.TransactItems : []
    const checks: ApiCheck[] = []
    for (const item of items) {
      if (!item || typeof item !== 'object') continue
      for (const kind of Object.keys(item)) {
        const member = (item as Record<string, unknown>)[kind]
        const name = member && typeof member === 'object' ? str(member as Record<string, unknown>, 'TableName') : undefined
        if (name && Object.hasOwn(TRANSACT_ACTIONS, kind)) checks.push(check(`dynamodb:${TRANSACT_ACTIONS[kind]}`, table(name)))
      }
    }
    return checks.length ? checks : [check(action, '*')]
  }
  const arn = str(input, 'ResourceArn') ?? str(input, 'TableArn')
  if (arn) return [check(action, arn)]
  const name = str(input, 'TableName')
  if (!name) return [check(action, '*')]
  const index = (op === 'Query' || op === 'Scan') && str(input, 'IndexName')
  return [check(action, index ? `${table(name)}/index/${index}` : table(name))]
}

const STREAM_OPERATIONS = new Set(['CreateLogStream', 'DeleteLogStream', 'PutLogEvents', 'GetLogEvents'])

const logs: Resolver = (op, input, t) => {
  const action = `logs:${op}`
  const arn = str(input, 'resourceArn')
  if (arn) return [check(action, arn)]
  const identifier = str(input, 'logGroupName') ?? str(input, 'logGroupIdentifier')
  const group = identifier?.startsWith('arn:') ? identifier.replace(/:\*$/, '') : `arn:aws:logs:${t.region}:${t.account}:log-group:${identifier ?? ''}`
  // Stream operations are judged on `log-group:G:log-stream:S` (as AWS's denials name it). Group operations on
  // `log-group:G:log-stream:` and DescribeLogGroups on `log-group::log-stream:`, as AWS's denials are remembered to
  // read (not confirmed from a stored source): that is why policies grant `log-group:G:*`.
  if (!identifier && op !== 'DescribeLogGroups') return [check(action, '*')]
  const stream = STREAM_OPERATIONS.has(op) ? (str(input, 'logStreamName') ?? '') : ''
  return [check(action, `${group}:log-stream:${stream}`)]
}

const STACKLESS = new Set(['ValidateTemplate', 'ListExports', 'ListImports', 'EstimateTemplateCost', 'DescribeAccountLimits', 'GetTemplateSummary'])

const cloudformation: Resolver = (op, input, t) => {
  const action = `cloudformation:${op}`
  const name = str(input, 'StackName')
  if (!name && STACKLESS.has(op)) return [check(action, '*')]
  // As AWS words its denials: a stack named by name is `stack/NAME/*`, every stack (ListStacks, DescribeStacks
  // without a name) `stack/*/*`; a stack id is the stack's own ARN.
  if (name?.startsWith('arn:')) return [check(action, name)]
  return [check(action, `arn:aws:cloudformation:${t.region}:${t.account}:stack/${name ?? '*'}/*`)]
}

/**
 * Set by IAM's wire, never by a caller (no wire decodes a symbol): the ARN, path included, of the role or user the
 * input names — the stored one, or for CreateRole/CreateUser the one it will have.
 */
export const IAM_ENTITY_ARN = Symbol('the IAM entity ARN')

const iam: Resolver = (op, input, t) => {
  const action = `iam:${op}`
  // A role or user is judged by its ARN with its path (`role/service-role/NAME`), as AWS does.
  const entity = (input as Record<symbol, unknown>)[IAM_ENTITY_ARN]
  if (typeof entity === 'string' && entity.startsWith(`arn:aws:iam::${t.account}:`)) return [check(action, entity)]
  const role = str(input, 'RoleName')
  if (role) return [check(action, `arn:aws:iam::${t.account}:role/${role}`)]
  const user = str(input, 'UserName')
  if (user) return [check(action, `arn:aws:iam::${t.account}:user/${user}`)]
  const policyArn = str(input, 'PolicyArn')
  if (policyArn) return [check(action, policyArn)]
  const policyName = str(input, 'PolicyName')
  if (op === 'CreatePolicy' && policyName) return [check(action, `arn:aws:iam::${t.account}:policy${str(input, 'Path') ?? '/'}${policyName}`)]
  // A user's operations on itself (GetUser, ListAccessKeys, … without UserName) act on that user.
  if (/^(Get|Update)User$|AccessKey|SigningCertificate|SSHPublicKey|ServiceSpecificCredential/.test(op) && /:user\//.test(t.caller.arn)) {
    return [check(action, t.caller.arn)]
  }
  return [check(action, '*')]
}

const COGNITO_FREE = new Set([...COGNITO_PUBLIC_OPERATIONS].map((target) => target.slice(target.indexOf('.') + 1)))

const cognito: Resolver = (op, input, t) => {
  // Public (unauthenticated and token-authorized) operations: IAM policies do not apply to them.
  if (COGNITO_FREE.has(op)) return []
  const pool = str(input, 'UserPoolId')
  const arn = str(input, 'ResourceArn') ?? (pool ? `arn:aws:cognito-idp:${t.region}:${t.account}:userpool/${pool}` : '*')
  return [check(`cognito-idp:${op}`, arn)]
}

/** API Gateway's control planes (v1 and v2): HTTP verbs on the resource path, `/v2` dropped. */
const apigateway: Resolver = (_op, _input, t) => [check(`apigateway:${t.method}`, `arn:aws:apigateway:${t.region}::${t.path.replace(/^\/v2(?=\/)/, '')}`)]

// TagResources/UntagResources also need each service's own tagging permission per resource: judged one by one in
// `services/tagging/tag-resources.ts`, refusals in FailedResourcesMap.
const tagging: Resolver = (op) => [check(`tag:${op}`, '*')]

const RESOLVERS: Record<string, Resolver> = {
  lambda,
  dynamodb,
  logs,
  cloudformation,
  iam,
  'cognito-idp': cognito,
  apigateway,
  apigatewayv2: apigateway,
  tagging,
  s3: (op, input, t) => s3Checks(op, input, t),
}

/** The checks of one call; a service without a resolver is a programming error, never an open door. */
export function checksOf(service: string, operation: string, input: GateInput, t: GateTarget): ApiCheck[] {
  if (!Object.hasOwn(RESOLVERS, service)) throw new Error(`no IAM resource map for the ${service} service`)
  const members = operationMembers(service, operation, input && typeof input === 'object' && !Array.isArray(input) ? input : {})
  return RESOLVERS[service](operation, members, t)
}
