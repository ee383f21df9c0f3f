/**
 * @module Lambda's control-plane operations in AWS's own input/output shapes (as in SDK v3 commands).
 * @see https://docs.aws.amazon.com/lambda/latest/api/API_Operations.html
 */
import { serviceMayAssumeRole } from '../../authz/service-trust.js'
import { AwsError } from '../../core/aws-error.js'
import type { CloudContext } from '../../core/types.js'
import { fetchFromS3, removeCode, storeZip, type StoredCode } from './code.js'
import { arnOf, configurationOf, lastModifiedNow, LambdaModel, newRevision, type FunctionRecord } from './model.js'
import { functionArn, invalidParameter, isValidPlainName, notFound, parseFunctionName, validation } from './names.js'
import type { LogSink } from './log-sink.js'
import type { Runtimes } from './runtimes/index.js'
import { validateArchitectures, validateEnvironment, validateHandler, validateLimits, validateRole, validateRuntime } from './validate.js'

export interface LambdaState {
  model?: LambdaModel
  runtimes?: Runtimes
  sink?: LogSink
}

export interface CodeInput {
  ZipFile?: Uint8Array | string
  S3Bucket?: string
  S3Key?: string
  S3ObjectVersion?: string
  ImageUri?: string
}

/** Region: from an ARN, else the request's (wire) or the default (in-process calls). */
export function regionOf(input: { FunctionName?: string; __region?: string }, ctx: CloudContext): string {
  const ref = typeof input.FunctionName === 'string' ? parseFunctionName(input.FunctionName) : undefined
  return ref?.region ?? input.__region ?? ctx.defaultRegion
}

export function lookup(state: LambdaState, input: { FunctionName?: string; Qualifier?: string; __region?: string }, ctx: CloudContext): FunctionRecord {
  const model = modelOf(state)
  const ref = parseFunctionName(input.FunctionName)
  const region = ref.region ?? input.__region ?? ctx.defaultRegion
  const qualifier = input.Qualifier ?? ref.qualifier
  const arn = functionArn(region, ref.account ?? ctx.accountId, ref.name) + (qualifier ? `:${qualifier}` : '')
  const f = ref.account && ref.account !== ctx.accountId ? undefined : model.get(region, ref.name)
  if (!f) throw notFound(arn)
  // Not implemented: published versions and aliases; only $LATEST exists.
  if (qualifier && qualifier !== '$LATEST') throw notFound(arn)
  return f
}

/**
 * AWS hands out a presigned S3 URL valid for 10 minutes. Locally the URL is presigned for `lambda` (so the edge
 * routes it here, see wire.ts) with the cloud's own key, and verified like any presigned URL.
 */
function codeLocation(ctx: CloudContext, f: FunctionRecord): string {
  return ctx.credentials.presignUrl(`${ctx.endpoint}/_lab/lambda-code/${f.code.hex}.zip`, { method: 'GET', region: f.region, service: 'lambda', expiresSeconds: 600 })
}

export function modelOf(state: LambdaState): LambdaModel {
  if (!state.model) throw new AwsError('ServiceUnavailableException', 503, 'The Lambda service is starting')
  return state.model
}

async function resolveCode(code: CodeInput | undefined, ctx: CloudContext): Promise<StoredCode> {
  if (!code || typeof code !== 'object') throw invalidParameter('Code is required: provide ZipFile or S3Bucket and S3Key.')
  if (code.ImageUri) throw invalidParameter('The local cloud does not run container image functions; use a .zip deployment package.') // Not implemented: Image packages.
  if (code.ZipFile !== undefined) {
    const bytes = typeof code.ZipFile === 'string' ? Buffer.from(code.ZipFile, 'base64') : code.ZipFile
    return storeZip(ctx.dataDir, bytes)
  }
  if (code.S3Bucket && code.S3Key) return storeZip(ctx.dataDir, await fetchFromS3(ctx, code.S3Bucket, code.S3Key, code.S3ObjectVersion))
  throw invalidParameter('Please provide a source for function code.')
}

/**
 * Lambda assumes the execution role for every sandbox: a role that is not in the account, or whose trust policy does
 * not name `lambda.amazonaws.com`, is refused when the function is created or given it — the classic first-deploy
 * error on AWS, so a template that passes here does not fail there on it.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html
 */
async function requireAssumableRole(ctx: CloudContext, role: string, region: string, name: string): Promise<void> {
  const context = { 'aws:SourceAccount': ctx.accountId, 'aws:SourceArn': functionArn(region, ctx.accountId, name) }
  if (!(await serviceMayAssumeRole(ctx, role, 'lambda.amazonaws.com', context))) {
    throw invalidParameter('The role defined for the function cannot be assumed by Lambda.')
  }
}

function dropCodeIfUnused(state: LambdaState, hex: string, ctx: CloudContext): void {
  if (!modelOf(state).isCodeUsed(hex)) removeCode(ctx.dataDir, hex)
}

export function functionApi(state: LambdaState) {
  return {
    /** @see https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html */
    async CreateFunction(input: any, ctx: CloudContext) {
      const model = modelOf(state)
      const ref = parseFunctionName(input.FunctionName)
      if (ref.qualifier || !isValidPlainName(ref.name)) {
        throw validation(`Value '${input.FunctionName}' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_]+)`)
      }
      const region = ref.region ?? input.__region ?? ctx.defaultRegion
      if (input.PackageType === 'Image') throw invalidParameter('The local cloud does not run container image functions; use PackageType Zip.')
      validateRuntime(input.Runtime, 'create')
      validateRole(input.Role)
      await requireAssumableRole(ctx, input.Role, region, ref.name)
      validateHandler(input.Handler)
      validateLimits(input)
      const environment = validateEnvironment(input.Environment)
      const architectures = validateArchitectures(input.Architectures)
      if (input.Layers?.length) throw invalidParameter('The local cloud does not support Lambda layers; bundle dependencies into the deployment package.') // Not implemented: layers.
      state.runtimes?.checkAvailable(input.Runtime)
      if (model.get(region, ref.name)) throw new AwsError('ResourceConflictException', 409, `Function already exist: ${ref.name}`)
      const code = await resolveCode(input.Code, ctx)
      const record: FunctionRecord = {
        region,
        account: ctx.accountId,
        name: ref.name,
        runtime: input.Runtime,
        role: input.Role,
        handler: input.Handler,
        description: input.Description ?? '',
        timeout: input.Timeout ?? 3,
        memorySize: input.MemorySize ?? 128,
        environment,
        architectures,
        code,
        lastModified: lastModifiedNow(),
        revisionId: newRevision(),
        tags: { ...(input.Tags ?? {}) },
        policy: [],
      }
      model.put(record)
      return configurationOf(record)
    },

    /** @see https://docs.aws.amazon.com/lambda/latest/api/API_GetFunction.html */
    async GetFunction(input: any, ctx: CloudContext) {
      const f = lookup(state, input, ctx)
      return { Configuration: configurationOf(f), Code: { RepositoryType: 'S3', Location: codeLocation(ctx, f) }, Tags: f.tags }
    },

    async GetFunctionConfiguration(input: any, ctx: CloudContext) {
      return configurationOf(lookup(state, input, ctx))
    },

    /** @see https://docs.aws.amazon.com/lambda/latest/api/API_ListFunctions.html */
    async ListFunctions(input: any, ctx: CloudContext) {
      const all = modelOf(state).list(input.__region ?? ctx.defaultRegion)
      const max = Math.min(Math.max(Number(input.MaxItems ?? 50) || 50, 1), 50)
      const start = input.Marker ? Number(Buffer.from(String(input.Marker), 'base64').toString('utf8')) || 0 : 0
      const page = all.slice(start, start + max)
      const next = start + max < all.length ? Buffer.from(String(start + max)).toString('base64') : undefined
      return { Functions: page.map(configurationOf), ...(next ? { NextMarker: next } : {}) }
    },

    /** @see https://docs.aws.amazon.com/lambda/latest/api/API_UpdateFunctionCode.html */
    async UpdateFunctionCode(input: any, ctx: CloudContext) {
      const f = lookup(state, input, ctx)
      if (input.RevisionId && input.RevisionId !== f.revisionId) {
        throw new AwsError('PreconditionFailedException', 412, 'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id')
      }
      validateRuntime(f.runtime, 'update')
      const code = await resolveCode(input, ctx)
      if (input.DryRun) return configurationOf({ ...f, code })
      const old = f.code.hex
      f.code = code
      f.lastModified = lastModifiedNow()
      f.revisionId = newRevision()
      modelOf(state).put(f)
      state.runtimes?.retire(f)
      if (old !== code.hex) dropCodeIfUnused(state, old, ctx)
      return configurationOf(f)
    },

    /** @see https://docs.aws.amazon.com/lambda/latest/api/API_UpdateFunctionConfiguration.html */
    async UpdateFunctionConfiguration(input: any, ctx: CloudContext) {
      const f = lookup(state, input, ctx)
      if (input.RevisionId && input.RevisionId !== f.revisionId) {
        throw new AwsError('PreconditionFailedException', 412, 'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id')
      }
      validateRuntime(input.Runtime ?? f.runtime, 'update')
      if (input.Role !== undefined) {
        validateRole(input.Role)
        await requireAssumableRole(ctx, input.Role, f.region, f.name)
      }
      if (input.Handler !== undefined) validateHandler(input.Handler)
      validateLimits(input)
      const environment = input.Environment !== undefined ? validateEnvironment(input.Environment) : f.environment
      if (input.Runtime) state.runtimes?.checkAvailable(input.Runtime)
      Object.assign(f, {
        runtime: input.Runtime ?? f.runtime,
        role: input.Role ?? f.role,
        handler: input.Handler ?? f.handler,
        description: input.Description ?? f.description,
        timeout: input.Timeout ?? f.timeout,
        memorySize: input.MemorySize ?? f.memorySize,
        environment,
        lastModified: lastModifiedNow(),
        revisionId: newRevision(),
      })
      modelOf(state).put(f)
      state.runtimes?.retire(f)
      return configurationOf(f)
    },

    /** @see https://docs.aws.amazon.com/lambda/latest/api/API_DeleteFunction.html */
    async DeleteFunction(input: any, ctx: CloudContext) {
      const f = lookup(state, input, ctx)
      state.runtimes?.remove(f)
      modelOf(state).delete(f.region, f.name)
      dropCodeIfUnused(state, f.code.hex, ctx)
      return {}
    },

    async GetAccountSettings() {
      return {
        AccountLimit: { TotalCodeSize: 80530636800, CodeSizeUnzipped: 262144000, CodeSizeZipped: 52428800, ConcurrentExecutions: 1000, UnreservedConcurrentExecutions: 1000 },
        AccountUsage: { TotalCodeSize: modelOf(state).list().reduce((n, f) => n + f.code.size, 0), FunctionCount: modelOf(state).list().length },
      }
    },
  }
}

export { arnOf }
