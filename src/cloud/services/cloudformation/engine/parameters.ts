/**
 * @module Template parameters: declared types and constraints, given values, defaults, `UsePreviousValue`.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html
 */
import { validationError } from '../../../core/aws-error.js'
import type { Template } from './template.js'

export interface ParameterInput {
  ParameterKey?: string
  ParameterValue?: string
  UsePreviousValue?: boolean | string
}

export interface ResolvedParameters {
  /** Raw string values by name. */
  values: Record<string, string>
  noEcho: Set<string>
  types: Record<string, string>
}

/**
 * AWS-specific parameter types: CloudFormation checks their values against the account's resources.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-supplied-parameter-types.html
 */
const AWS_SPECIFIC = [
  'AWS::EC2::AvailabilityZone::Name', 'AWS::EC2::Image::Id', 'AWS::EC2::Instance::Id', 'AWS::EC2::KeyPair::KeyName',
  'AWS::EC2::SecurityGroup::GroupName', 'AWS::EC2::SecurityGroup::Id', 'AWS::EC2::Subnet::Id', 'AWS::EC2::Volume::Id',
  'AWS::EC2::VPC::Id', 'AWS::Route53::HostedZone::Id',
].join('|')
const SSM_VALUE = `String|List<String>|CommaDelimitedList|${AWS_SPECIFIC}|List<(${AWS_SPECIFIC})>`
const PARAMETER_TYPE = new RegExp(
  `^(String|Number|CommaDelimitedList|List<Number>|${AWS_SPECIFIC}|List<(${AWS_SPECIFIC})>|AWS::SSM::Parameter::Name|AWS::SSM::Parameter::Value<(${SSM_VALUE})>)$`,
)

/** Whether the local cloud can resolve a parameter of this (recognised) type: the AWS-specific ones need other services. */
export function isEmulatedParameterType(type: string): boolean {
  return ['String', 'Number', 'CommaDelimitedList', 'List<Number>'].includes(type)
}

/** Check the Parameters section's shape (a `Template format error` otherwise). */
export function checkParameterDeclarations(template: Template): void {
  for (const [name, decl] of Object.entries(template.Parameters ?? {})) {
    if (!/^[A-Za-z0-9]+$/.test(name)) throw validationError(`Template format error: Parameter name ${name} is non alphanumeric.`)
    if (!decl || typeof decl !== 'object' || decl.Type === undefined) {
      throw validationError('Template format error: Every Parameters object must contain a Type member.')
    }
    if (!PARAMETER_TYPE.test(String(decl.Type))) throw validationError(`Template format error: Unrecognized parameter type: ${decl.Type}`)
  }
}

export function isListType(type: string): boolean {
  return type === 'CommaDelimitedList' || type.startsWith('List<')
}

export function isTrue(value: unknown): boolean {
  return value === true || value === 'true'
}

/**
 * Resolve the values a stack operation uses. `previous` holds the stack's current values (for
 * `UsePreviousValue` on updates).
 */
export function resolveParameters(
  template: Template,
  given: ParameterInput[] = [],
  previous?: Record<string, string>,
): ResolvedParameters {
  const declared = template.Parameters ?? {}
  const values: Record<string, string> = {}
  const noEcho = new Set<string>()
  const types: Record<string, string> = {}
  const unknown = given.map((p) => p.ParameterKey ?? '').filter((k) => !(k in declared))
  if (unknown.length > 0) throw validationError(`Parameters: [${unknown.join(', ')}] do not exist in the template`)
  const missing: string[] = []
  for (const [name, decl] of Object.entries(declared)) {
    types[name] = String(decl.Type)
    // Not implemented: AWS-specific and Systems Manager parameter types (refused, never passed through as text).
    if (!isEmulatedParameterType(types[name])) {
      throw validationError(`Parameter '${name}' is of type ${types[name]}, which the local cloud does not emulate: it resolves only String, Number, List<Number> and CommaDelimitedList parameters`)
    }
    if (isTrue(decl.NoEcho)) noEcho.add(name)
    const input = given.find((p) => p.ParameterKey === name)
    let value: string | undefined
    if (input && isTrue(input.UsePreviousValue)) {
      if (!previous || !(name in previous)) {
        throw validationError(`Invalid input for parameter key ${name}. Cannot specify usePreviousValue as true for a parameter key not in the previous template`)
      }
      value = previous[name]
    } else if (input && input.ParameterValue !== undefined) {
      value = input.ParameterValue
    } else if (decl.Default !== undefined) {
      value = Array.isArray(decl.Default) ? decl.Default.join(',') : String(decl.Default)
    }
    if (value === undefined) {
      missing.push(name)
      continue
    }
    checkConstraints(name, decl, value)
    values[name] = value
  }
  if (missing.length > 0) throw validationError(`Parameters: [${missing.join(', ')}] must have values`)
  return { values, noEcho, types }
}

/** AWS's constraint messages; a `ConstraintDescription` replaces the generic wording. */
function checkConstraints(name: string, decl: any, value: string): void {
  const fail = (generic: string) => {
    const described = decl.ConstraintDescription ? `Parameter '${name}' failed to satisfy constraint: ${decl.ConstraintDescription}` : undefined
    throw validationError(described ?? generic)
  }
  const type = String(decl.Type)
  const items = isListType(type) ? (value === '' ? [] : value.split(',')) : [value]
  for (const item of items) {
    if ((type === 'Number' || type === 'List<Number>') && (item.trim() === '' || !Number.isFinite(Number(item)))) {
      throw validationError(`Parameter '${name}' must be a number`)
    }
    if (Array.isArray(decl.AllowedValues) && !decl.AllowedValues.map(String).includes(item)) fail(`Parameter '${name}' must be one of AllowedValues`)
    if (decl.AllowedPattern !== undefined && !new RegExp(`^(?:${decl.AllowedPattern})$`).test(item)) {
      fail(`Parameter '${name}' must match pattern ${decl.AllowedPattern}`)
    }
    if (decl.MinLength !== undefined && item.length < Number(decl.MinLength)) fail(`Parameter '${name}' must contain at least ${decl.MinLength} characters`)
    if (decl.MaxLength !== undefined && item.length > Number(decl.MaxLength)) fail(`Parameter '${name}' must contain at most ${decl.MaxLength} characters`)
    if (decl.MinValue !== undefined && Number(item) < Number(decl.MinValue)) fail(`Parameter '${name}' must be a number not less than ${decl.MinValue}`)
    if (decl.MaxValue !== undefined && Number(item) > Number(decl.MaxValue)) fail(`Parameter '${name}' must be a number not greater than ${decl.MaxValue}`)
  }
}

/** The value `Ref` gives for a parameter: lists become arrays. */
export function parameterRefValue(type: string, value: string): string | string[] {
  if (!isListType(type)) return value
  return value === '' ? [] : value.split(',').map((s) => s.trim())
}
