/**
 * @module The non-string property types of each resource type the local cloud provides, from the types' resource
 * schemas. CloudFormation hands template values to a resource handler converted to the schema's types: a Number
 * parameter (always a string inside CloudFormation) or `Timeout: "10"` reaches Lambda as the integer 10, and
 * `Enabled: "false"` as the boolean false. A value that does not convert fails the resource as AWS's schema
 * validation words it.
 * @see https://docs.aws.amazon.com/cloudformation-cli/latest/userguide/resource-type-schema.html
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html#parameters-section-structure-properties-type
 */
import { validationError } from '../../../core/aws-error.js'

type Primitive = 'Integer' | 'Number' | 'Boolean' | 'String'

/** Paths: `A.B` nests, `A[].B` is each item of a list, `A.*` each value of a map. */
const I: Primitive = 'Integer', N: Primitive = 'Number', B: Primitive = 'Boolean'
const METHOD_SETTING: Record<string, Primitive> = {
  CacheDataEncrypted: B, CacheTtlInSeconds: I, CachingEnabled: B, DataTraceEnabled: B, MetricsEnabled: B,
  ThrottlingBurstLimit: I, ThrottlingRateLimit: N,
}
const prefixed = (prefix: string, types: Record<string, Primitive>) =>
  Object.fromEntries(Object.entries(types).map(([k, v]) => [`${prefix}${k}`, v]))

export const PROPERTY_TYPES: Record<string, Record<string, Primitive>> = {
  'AWS::Lambda::Function': { 'Code.ZipFile': 'String', Timeout: I, MemorySize: I, ReservedConcurrentExecutions: I, 'EphemeralStorage.Size': I },
  'AWS::IAM::Role': { MaxSessionDuration: I },
  'AWS::Logs::LogGroup': { RetentionInDays: I, DeletionProtectionEnabled: B, BearerTokenAuthenticationEnabled: B },
  'AWS::DynamoDB::Table': {
    'ProvisionedThroughput.ReadCapacityUnits': I, 'ProvisionedThroughput.WriteCapacityUnits': I,
    'GlobalSecondaryIndexes[].ProvisionedThroughput.ReadCapacityUnits': I,
    'GlobalSecondaryIndexes[].ProvisionedThroughput.WriteCapacityUnits': I,
    'GlobalSecondaryIndexes[].ContributorInsightsSpecification.Enabled': B,
    'SSESpecification.SSEEnabled': B, 'TimeToLiveSpecification.Enabled': B, DeletionProtectionEnabled: B,
    'PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled': B, 'PointInTimeRecoverySpecification.RecoveryPeriodInDays': I,
    'ContributorInsightsSpecification.Enabled': B,
    'OnDemandThroughput.MaxReadRequestUnits': I, 'OnDemandThroughput.MaxWriteRequestUnits': I,
  },
  'AWS::S3::Bucket': {
    'CorsConfiguration.CorsRules[].MaxAge': I,
    'BucketEncryption.ServerSideEncryptionConfiguration[].BucketKeyEnabled': B,
    'PublicAccessBlockConfiguration.BlockPublicAcls': B, 'PublicAccessBlockConfiguration.BlockPublicPolicy': B,
    'PublicAccessBlockConfiguration.IgnorePublicAcls': B, 'PublicAccessBlockConfiguration.RestrictPublicBuckets': B,
    ObjectLockEnabled: B,
  },
  'AWS::ApiGateway::ApiKey': { Enabled: B, GenerateDistinctId: B },
  'AWS::ApiGateway::UsagePlan': {
    'Quota.Limit': I, 'Quota.Offset': I, 'Throttle.BurstLimit': I, 'Throttle.RateLimit': N,
    'ApiStages[].Throttle.*.BurstLimit': I, 'ApiStages[].Throttle.*.RateLimit': N,
  },
  'AWS::ApiGateway::Stage': {
    CacheClusterEnabled: B, TracingEnabled: B, 'CanarySetting.PercentTraffic': N, 'CanarySetting.UseStageCache': B,
    ...prefixed('MethodSettings[].', METHOD_SETTING),
  },
  'AWS::ApiGateway::Deployment': {
    'DeploymentCanarySettings.PercentTraffic': N, 'DeploymentCanarySettings.UseStageCache': B,
    ...prefixed('StageDescription.', { ...METHOD_SETTING, CacheClusterEnabled: B, TracingEnabled: B }),
    ...prefixed('StageDescription.MethodSettings[].', METHOD_SETTING),
    'StageDescription.CanarySetting.PercentTraffic': N, 'StageDescription.CanarySetting.UseStageCache': B,
  },
  'AWS::ApiGateway::Method': {
    ApiKeyRequired: B, 'RequestParameters.*': B, 'MethodResponses[].ResponseParameters.*': B,
    'Integration.TimeoutInMillis': I,
  },
  'AWS::ApiGateway::RestApi': { DisableExecuteApiEndpoint: B, FailOnWarnings: B, MinimumCompressionSize: I },
  'AWS::ApiGateway::Model': {},
  'AWS::CloudFormation::Stack': { TimeoutInMinutes: I },
}

/** `value` as `type`, or undefined when it does not convert. */
function convert(value: unknown, type: Primitive): unknown {
  if (type === 'String') return typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined
  if (type === 'Boolean') {
    if (typeof value === 'boolean') return value
    if (value === 'true' || value === 'false') return value === 'true'
    return undefined
  }
  if (typeof value === 'number') return type === 'Integer' && !Number.isInteger(value) ? undefined : value
  if (typeof value !== 'string' || value.trim() === '' || !/^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(value)) return undefined
  const n = Number(value)
  return type === 'Integer' && !Number.isInteger(n) ? undefined : n
}

const jsonType = (v: unknown) => (Array.isArray(v) ? 'JSONArray' : v === null ? 'Null' : typeof v === 'object' ? 'JSONObject' : typeof v === 'string' ? 'String' : typeof v === 'number' ? 'Number' : 'Boolean')

/**
 * `props` with every value at a typed path converted (a new object; `props` is not changed). Values that are not
 * of the right shape to walk into are left to the provider's own checks.
 */
export function typedProperties(resourceType: string, logicalId: string, props: Record<string, unknown>): Record<string, unknown> {
  const types = PROPERTY_TYPES[resourceType]
  if (!types) return props
  const out = structuredClone(props)
  for (const [path, type] of Object.entries(types)) {
    const segments = path.replace(/\[\]/g, '.[]').split('.')
    apply(out, segments, type, '#', (pointer, found) => {
      throw validationError(`Properties validation failed for resource ${logicalId} with message: ${pointer}: expected type: ${type}, found: ${jsonType(found)}`)
    })
  }
  return out
}

function apply(container: unknown, segments: string[], type: Primitive, pointer: string, fail: (pointer: string, found: unknown) => never): void {
  if (container === null || typeof container !== 'object') return
  const [head, ...rest] = segments
  const keys = head === '[]' ? (Array.isArray(container) ? container.keys() : []) : head === '*' ? Object.keys(container) : [head]
  for (const key of keys) {
    const record = container as Record<string | number, unknown>
    if (!Object.hasOwn(record, key)) continue
    const at = `${pointer}/${key}`
    if (rest.length > 0) {
      apply(record[key], rest, type, at, fail)
      continue
    }
    const converted = convert(record[key], type)
    if (converted === undefined) fail(at, record[key])
    record[key] = converted
  }
}
