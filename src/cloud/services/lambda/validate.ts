/**
 * @module CreateFunction/UpdateFunctionConfiguration validation as Lambda does it: the runtime table with its
 * "block function create/update" dates, role ARN shape, timeout and memory ranges, reserved environment keys.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html
 */
import { invalidParameter, validation } from './names.js'

export type RuntimeFamily = 'nodejs' | 'python'

interface RuntimeInfo {
  family?: RuntimeFamily
  /** ISO dates from AWS's runtime tables; absent = not scheduled. */
  blockCreate?: string
  blockUpdate?: string
  /** Retired long ago (no longer in the runtime tables): blocked for create and update. */
  retired?: true
  /** What the deprecation message recommends, for families the local cloud does not run. */
  successor?: string
}

const retired = (family?: RuntimeFamily, successor?: string): RuntimeInfo => ({ family, retired: true, successor })

/**
 * Every identifier the Runtime enum accepts (unknown ones are a ValidationException; the enum still lists retired
 * runtimes, which get the deprecation error instead), with the deprecation dates AWS publishes for the ones this
 * cloud can run.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/lambda-nodejs.html
 * @see https://docs.aws.amazon.com/lambda/latest/dg/lambda-python.html
 * @see https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html#runtimes-deprecated
 */
const RUNTIMES: Record<string, RuntimeInfo> = {
  'nodejs26.x': { family: 'nodejs' },
  'nodejs24.x': { family: 'nodejs', blockCreate: '2028-06-01', blockUpdate: '2028-07-01' },
  'nodejs22.x': { family: 'nodejs', blockCreate: '2027-06-01', blockUpdate: '2027-07-01' },
  'nodejs20.x': { family: 'nodejs', blockCreate: '2026-08-31', blockUpdate: '2026-09-30' },
  'nodejs18.x': { family: 'nodejs', blockCreate: '2026-02-03', blockUpdate: '2026-03-09' },
  'nodejs16.x': { family: 'nodejs', blockCreate: '2025-09-01', blockUpdate: '2025-10-01' },
  'nodejs14.x': { family: 'nodejs', blockCreate: '2024-01-09', blockUpdate: '2024-02-08' },
  'nodejs12.x': { family: 'nodejs', blockCreate: '2023-03-31', blockUpdate: '2023-04-30' },
  'nodejs10.x': retired('nodejs'), 'nodejs8.10': retired('nodejs'), 'nodejs6.10': retired('nodejs'), 'nodejs4.3': retired('nodejs'),
  'nodejs4.3-edge': retired('nodejs'), nodejs: retired('nodejs'),
  'python3.15': { family: 'python' },
  'python3.14': { family: 'python', blockCreate: '2029-07-31', blockUpdate: '2029-08-31' },
  'python3.13': { family: 'python', blockCreate: '2029-07-31', blockUpdate: '2029-08-31' },
  'python3.12': { family: 'python', blockCreate: '2028-11-30', blockUpdate: '2029-01-10' },
  'python3.11': { family: 'python', blockCreate: '2026-07-31', blockUpdate: '2026-08-31' },
  'python3.10': { family: 'python', blockCreate: '2026-07-31', blockUpdate: '2026-08-31' },
  'python3.9': { family: 'python', blockCreate: '2026-01-15', blockUpdate: '2026-02-15' },
  'python3.8': { family: 'python', blockCreate: '2024-11-13', blockUpdate: '2025-01-07' },
  'python3.7': retired('python'), 'python3.6': retired('python'), 'python2.7': retired('python'),
  'java25': {}, 'java21': {}, 'java17': {}, 'java17.al2023': {}, 'java11': {}, 'java11.al2023': {}, 'java8.al2': {}, 'java8.al2023': {},
  'dotnet10': {}, 'dotnet8': {}, 'ruby4.0': {}, 'ruby3.4': {}, 'ruby3.3': {}, 'ruby3.2': {},
  'provided.al2023': {}, 'provided.al2': {},
  java8: retired(undefined, 'java21'), 'go1.x': retired(undefined, 'provided.al2023'), provided: retired(undefined, 'provided.al2023'),
  dotnet6: retired(undefined, 'dotnet8'), 'dotnetcore3.1': retired(undefined, 'dotnet8'), 'dotnetcore2.1': retired(undefined, 'dotnet8'),
  'dotnetcore2.0': retired(undefined, 'dotnet8'), 'dotnetcore1.0': retired(undefined, 'dotnet8'),
  'ruby2.7': retired(undefined, 'ruby3.4'), 'ruby2.5': retired(undefined, 'ruby3.4'),
}

/** The newest runtime of a family: what AWS's deprecation message recommends. */
const NEWEST: Record<RuntimeFamily, string> = { nodejs: 'nodejs24.x', python: 'python3.14' }

export function runtimeFamily(runtime: string): RuntimeFamily | undefined {
  return RUNTIMES[runtime]?.family
}

/** Check a runtime for CreateFunction (`create`) or an update that sets it (`update`). */
export function validateRuntime(runtime: unknown, phase: 'create' | 'update', now = new Date()): RuntimeFamily {
  if (typeof runtime !== 'string' || !(runtime in RUNTIMES)) {
    throw validation(
      `Value '${runtime ?? 'null'}' at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: [${Object.keys(RUNTIMES).join(', ')}]`,
    )
  }
  const info = RUNTIMES[runtime]
  const blockedOn = phase === 'create' ? info.blockCreate : info.blockUpdate
  if (info.retired || (blockedOn && now.getTime() >= Date.parse(`${blockedOn}T00:00:00Z`))) {
    // AWS quirk: the same sentence covers create and update, and recommends the newest runtime of the family.
    throw invalidParameter(
      `The runtime parameter of ${runtime} is no longer supported for creating or updating AWS Lambda functions. ` +
        `We recommend you use the new runtime (${info.family ? NEWEST[info.family] : info.successor}) while creating or updating functions.`,
    )
  }
  if (!info.family) {
    // Not implemented: runtimes other than Node.js and Python (Java, .NET, Ruby, custom runtimes).
    throw invalidParameter(`The local cloud runs Node.js and Python functions only; runtime ${runtime} is not supported locally.`)
  }
  return info.family
}

const ROLE_PATTERN = /^arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role\/?[a-zA-Z_0-9+=,.@\-_/]+$/

export function validateRole(role: unknown): void {
  if (typeof role !== 'string' || !ROLE_PATTERN.test(role)) {
    throw validation(
      `Value '${role ?? 'null'}' at 'role' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+`,
    )
  }
}

function range(value: unknown, field: string, min: number, max: number): void {
  if (value === undefined || value === null) return
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw validation(`Value '${value}' at '${field}' failed to satisfy constraint: Member must be an integer`)
  }
  if (value < min) throw validation(`Value '${value}' at '${field}' failed to satisfy constraint: Member must have value greater than or equal to ${min}`)
  if (value > max) throw validation(`Value '${value}' at '${field}' failed to satisfy constraint: Member must have value less than or equal to ${max}`)
}

/**
 * @see https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html#lambda-CreateFunction-request-Timeout
 */
export function validateLimits(input: { Timeout?: unknown; MemorySize?: unknown }): void {
  range(input.Timeout, 'timeout', 1, 900)
  range(input.MemorySize, 'memorySize', 128, 10240)
}

export function validateHandler(handler: unknown): void {
  if (typeof handler !== 'string' || handler.length === 0) {
    throw invalidParameter('The Handler parameter is required for functions with the Zip package type.')
  }
  if (handler.length > 128 || !/^[^\s]+$/.test(handler)) {
    throw validation(`Value '${handler}' at 'handler' failed to satisfy constraint: Member must satisfy regular expression pattern: [^\\s]+`)
  }
}

/**
 * Keys the runtime sets itself; AWS refuses them in Environment.Variables.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime
 */
const RESERVED_ENV = new Set([
  '_HANDLER', '_X_AMZN_TRACE_ID', 'AWS_DEFAULT_REGION', 'AWS_REGION', 'AWS_EXECUTION_ENV', 'AWS_LAMBDA_FUNCTION_NAME',
  'AWS_LAMBDA_FUNCTION_MEMORY_SIZE', 'AWS_LAMBDA_FUNCTION_VERSION', 'AWS_LAMBDA_INITIALIZATION_TYPE',
  'AWS_LAMBDA_LOG_GROUP_NAME', 'AWS_LAMBDA_LOG_STREAM_NAME', 'AWS_ACCESS_KEY', 'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_LAMBDA_RUNTIME_API', 'LAMBDA_TASK_ROOT', 'LAMBDA_RUNTIME_DIR',
])

export function validateEnvironment(env: unknown): Record<string, string> | undefined {
  if (env === undefined || env === null) return undefined
  const vars = (env as { Variables?: Record<string, unknown> }).Variables ?? {}
  if (typeof vars !== 'object') throw invalidParameter('Environment.Variables must be a map of strings')
  const reserved = Object.keys(vars).filter((k) => RESERVED_ENV.has(k))
  if (reserved.length) {
    throw invalidParameter(
      'Lambda was unable to configure your environment variables because the environment variables you have provided ' +
        `contains reserved keys that are currently not supported for modification. Reserved keys used in this request: ${reserved.join(', ')}`,
    )
  }
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(vars)) {
    if (!/^[a-zA-Z]([a-zA-Z0-9_])*$/.test(k)) {
      throw validation(`Value '${k}' at 'environment.variables' failed to satisfy constraint: Map keys must satisfy constraint: [Member must satisfy regular expression pattern: [a-zA-Z]([a-zA-Z0-9_])+]`)
    }
    out[k] = String(v)
  }
  return out
}

export function validateArchitectures(value: unknown): string[] {
  if (value === undefined || value === null) return ['x86_64']
  if (!Array.isArray(value) || value.length !== 1 || !['x86_64', 'arm64'].includes(value[0])) {
    throw validation(`Value '${JSON.stringify(value)}' at 'architectures' failed to satisfy constraint: Member must have length less than or equal to 1, Member must satisfy enum value set: [x86_64, arm64]`)
  }
  return value
}
