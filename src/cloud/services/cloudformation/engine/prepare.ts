/**
 * @module Everything CloudFormation checks before it accepts an operation: the template (body or S3 URL),
 * its validity, parameter values, conditions and the acknowledged capabilities.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStack.html
 */
import { validationError } from '../../../core/aws-error.js'
import type { CloudContext } from '../../../core/types.js'
import type { Deployment, Tag } from '../model.js'
import { collectReferences, dependsOnList } from './graph.js'
import { intrinsicName, resolveValue, type Resolver } from './intrinsics.js'
import { checkTransforms, processTemplate } from './language-extensions.js'
import { checkParameterDeclarations, resolveParameters, type ParameterInput } from './parameters.js'
import { stackResolver } from './resolver.js'
import { evaluateRules } from './rules.js'
import { parseTemplate, type Template } from './template.js'
import { checkCapabilities, validateTemplate, type TemplateSummary } from './validate.js'

const MAX_BODY = 51_200

export interface TemplateSource {
  TemplateBody?: string
  TemplateURL?: string
  UsePreviousTemplate?: boolean | string
}

export interface DeploymentInput extends TemplateSource {
  Parameters?: ParameterInput[]
  Capabilities?: string[]
  /** CreateStack/UpdateStack apply a processed template unseen: transforms need CAPABILITY_AUTO_EXPAND (change sets do not). */
  _direct?: boolean
  Tags?: Tag[]
  NotificationARNs?: string[]
}

/** Bucket and key of an S3 object URL (AWS's forms and the local cloud's). */
export function s3Location(url: string): { Bucket: string; Key: string } | undefined {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    return undefined
  }
  const host = u.hostname.toLowerCase()
  const path = u.pathname.replace(/^\//, '')
  const decode = (s: string) => decodeURIComponent(s)
  const pathStyle = /^(s3([.-][a-z0-9-]+)?\.amazonaws\.com(\.cn)?|localhost|127\.0\.0\.1|s3\.localhost)$/.test(host)
  if (pathStyle) {
    const slash = path.indexOf('/')
    if (slash <= 0) return undefined
    return { Bucket: decode(path.slice(0, slash)), Key: decode(path.slice(slash + 1)) }
  }
  const virtual = /^(.+?)\.(s3([.-][a-z0-9-]+)?\.amazonaws\.com(\.cn)?|s3\.localhost|localhost)$/.exec(host)
  if (virtual && path) return { Bucket: virtual[1], Key: decode(path) }
  return undefined
}

/** The template body an operation uses. */
export async function loadTemplateBody(src: TemplateSource, ctx: Pick<CloudContext, 'call'>, previousBody?: string): Promise<string> {
  const usePrevious = src.UsePreviousTemplate === true || src.UsePreviousTemplate === 'true'
  const given = [src.TemplateBody !== undefined, src.TemplateURL !== undefined, usePrevious].filter(Boolean).length
  if (given > 1) throw validationError('Specify exactly one of TemplateBody, TemplateUrl or UsePreviousTemplate.')
  if (usePrevious) {
    if (previousBody === undefined) throw validationError('UsePreviousTemplate is only supported for stack updates')
    return previousBody
  }
  if (src.TemplateBody !== undefined) {
    if (Buffer.byteLength(src.TemplateBody) > MAX_BODY) {
      throw validationError(`1 validation error detected: Value at 'templateBody' failed to satisfy constraint: Member must have length less than or equal to ${MAX_BODY}`)
    }
    return src.TemplateBody
  }
  if (src.TemplateURL !== undefined) {
    const loc = s3Location(src.TemplateURL)
    if (!loc) throw validationError('TemplateURL must be a supported URL.')
    try {
      // Not implemented: whether the caller may read a TemplateURL's object is not judged; CloudFormation reads the
      // template the caller handed over with the account's rights (its resources are then made as the caller).
      const obj = await ctx.call('s3', 'GetObject', loc)
      const body = obj.Body
      return Buffer.isBuffer(body) ? body.toString('utf8') : typeof body === 'string' ? body : Buffer.from(body).toString('utf8')
    } catch (err) {
      const message = (err as Error).message
      throw validationError(`S3 error: ${message || 'Access Denied'}\nFor more information check http://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html`)
    }
  }
  throw validationError('Either Template URL or Template Body must be specified.')
}

/** An enabled resource or output may not reference a resource whose Condition is false (outside a false Fn::If branch). */
function checkDisabledReferences(template: Template, condition: (name: string) => boolean): void {
  const enabled = (def: { Condition?: unknown } | undefined) => def?.Condition === undefined || condition(String(def.Condition))
  const disabled = new Set(Object.keys(template.Resources).filter((id) => !enabled(template.Resources[id])))
  if (disabled.size === 0) return
  const check = (block: 'Resources' | 'Outputs', body: unknown, extra: string[] = []) => {
    const refs = collectReferences(body, undefined, condition)
    const bad = [...refs.refs, ...refs.getAtts, ...extra].filter((n) => disabled.has(n))
    if (bad.length > 0) {
      throw validationError(`Template format error: Unresolved resource dependencies [${[...new Set(bad)].join(', ')}] in the ${block} block of the template`)
    }
  }
  for (const def of Object.values(template.Resources)) if (enabled(def)) check('Resources', def.Properties, dependsOnList(def))
  for (const def of Object.values(template.Outputs ?? {})) if (enabled(def)) check('Outputs', def)
}

/**
 * Every `Fn::ImportValue` whose name is known before deployment must name an existing export.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference-importvalue.html
 */
function checkImports(template: Template, r: Resolver, exportValue: (name: string) => string | undefined): void {
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(visit)
    if (value === null || typeof value !== 'object') return
    const fn = intrinsicName(value)
    if (fn === 'Fn::ImportValue') {
      let name: unknown
      try {
        name = resolveValue((value as any)[fn], r)
      } catch {
        return // depends on a resource: checked when it resolves
      }
      if (typeof name === 'string' && exportValue(name) === undefined) throw validationError(`No export named ${name} found.`)
      return
    }
    Object.values(value).forEach(visit)
  }
  visit(Object.values(template.Resources).map((d) => d.Properties))
  visit(template.Outputs ?? {})
}

export interface Prepared {
  template: Template
  deployment: Deployment
  summary: TemplateSummary
}

/** Parse, validate, resolve parameters, evaluate conditions and check capabilities. */
export function prepareDeployment(
  body: string,
  input: DeploymentInput,
  identity: { stackId: string; stackName: string; region: string; accountId: string },
  previous?: Deployment,
  exportValue: (name: string) => string | undefined = () => undefined,
): Prepared {
  const raw = parseTemplate(body)
  checkTransforms(raw)
  checkParameterDeclarations(raw)
  const params = resolveParameters(raw, input.Parameters, previous?.parameters)
  evaluateRules(raw, { values: params.values, types: params.types })
  // Not implemented: stack event notifications to NotificationARNs (kept and returned, nothing is published).
  const notificationARNs = input.NotificationARNs ?? previous?.notificationARNs ?? []
  const template = processTemplate(raw, { ...identity, notificationARNs, parameters: params.values, parameterTypes: params.types })
  const summary = validateTemplate(template)
  // Conditions are evaluated up front so a broken one is a validation error, not a failed stack.
  const r = stackResolver({
    ...identity,
    template,
    notificationARNs,
    parameters: params.values,
    parameterTypes: params.types,
    physicalId: () => undefined,
    attributes: () => undefined,
    exportValue: () => undefined,
  })
  for (const name of Object.keys(template.Conditions ?? {})) r.condition(name)
  checkDisabledReferences(template, (name) => r.condition(name))
  checkImports(template, r, exportValue)
  const capabilities = input.Capabilities ?? []
  checkCapabilities(summary.capabilities, capabilities)
  /**
   * Macros hosted by CloudFormation (AWS::LanguageExtensions among them) need CAPABILITY_AUTO_EXPAND when a stack is
   * created or updated straight from the template, without reviewing a change set.
   * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStack.html
   */
  if (input._direct && raw.Transform !== undefined) checkCapabilities(['CAPABILITY_AUTO_EXPAND'], capabilities)
  return {
    template,
    summary,
    deployment: {
      templateBody: body,
      parameters: params.values,
      noEcho: [...params.noEcho],
      parameterTypes: params.types,
      tags: input.Tags ?? previous?.tags ?? [],
      capabilities,
      notificationARNs,
      outputs: previous?.outputs ?? [],
    },
  }
}
