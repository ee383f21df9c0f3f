/**
 * @module Custom resources (`AWS::CloudFormation::CustomResource`, `Custom::*`) backed by a Lambda function:
 * the function gets the request event and PUTs its response to a presigned URL in the local S3, as on AWS.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/crpg-ref.html
 */
import { randomUUID } from 'node:crypto'
import { AwsError, validationError } from '../../../core/aws-error.js'
import type { ResourceContext, ResourceProvider } from '../../../core/types.js'

/** Local difference: AWS waits up to an hour for a response; here the wait ends this long after the function returns. */
const RESPONSE_GRACE_MS = 3000
const POLL_MS = 25

/**
 * Stands in for the S3 bucket AWS keeps for custom resource responses (AWS's, not the account's): its calls are the
 * cloud's own (`rc.internal`), never judged as the stack's caller. Invoking the ServiceToken's function is the
 * caller's (or the service role's) call, as on AWS (`rc.call`).
 */
class ResponseBucket {
  private users = 0
  constructor(readonly name: string) {}

  /** The bucket exists while a request waits: it is not left behind in the learner's S3. */
  async acquire(rc: ResourceContext): Promise<void> {
    if (this.users++ > 0) return
    const config = rc.region === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: rc.region } }
    await rc.internal('s3', 'CreateBucket', { Bucket: this.name, ...config }).catch((err) => {
      if ((err as AwsError).code !== 'BucketAlreadyOwnedByYou') throw err
    })
  }

  async release(rc: ResourceContext): Promise<void> {
    if (--this.users > 0) return
    await rc.internal('s3', 'DeleteBucket', { Bucket: this.name }).catch(() => {})
  }
}

/** Custom resource properties reach the function as strings (numbers and booleans included), as on AWS. */
function stringify(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stringify)
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, stringify(v)]))
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : value
}

/** Signs the cloud's own URLs (ctx.credentials.presignUrl): the edge verifies them like any presigned URL. */
export type Presigner = (url: string, opts: { method: string; region: string; service: string; expiresSeconds: number }) => string

/** A real presigned PUT for the response object, valid two hours as on AWS. */
function presignedUrl(presign: Presigner, rc: ResourceContext, bucket: string, key: string): string {
  const url = `${rc.endpoint}/${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`
  return presign(url, { method: 'PUT', region: rc.region, service: 's3', expiresSeconds: 7200 })
}

interface CustomResponse {
  Status?: string
  RequestId?: string
  Reason?: string
  PhysicalResourceId?: string
  Data?: Record<string, unknown>
}

async function send(
  presign: Presigner,
  buckets: Map<string, ResponseBucket>,
  requestType: 'Create' | 'Update' | 'Delete',
  props: Record<string, unknown>,
  rc: ResourceContext,
  extra: { PhysicalResourceId?: string; OldResourceProperties?: Record<string, unknown> } = {},
): Promise<CustomResponse> {
  const token = String(props.ServiceToken ?? '')
  // Not implemented: SNS-topic service tokens (only Lambda functions).
  if (!/^arn:aws[a-z-]*:lambda:/.test(token)) throw new AwsError('InvalidRequest', 400, `Invalid service token ${token}: the local cloud supports Lambda function ARNs`)
  const name = `cloudformation-custom-resource-response-${rc.region.replace(/-/g, '')}`
  const bucket = buckets.get(name) ?? new ResponseBucket(name)
  buckets.set(name, bucket)
  const requestId = randomUUID()
  const key = `${rc.stackName}/${rc.logicalId}/${requestId}`
  await bucket.acquire(rc)
  try {
    const event = {
      RequestType: requestType,
      ServiceToken: token,
      ResponseURL: presignedUrl(presign, rc, name, key),
      StackId: rc.stackId,
      RequestId: requestId,
      LogicalResourceId: rc.logicalId,
      ResourceType: props.__type,
      ...(extra.PhysicalResourceId ? { PhysicalResourceId: extra.PhysicalResourceId } : {}),
      ResourceProperties: stringify(strip(props)),
      ...(extra.OldResourceProperties ? { OldResourceProperties: stringify(strip(extra.OldResourceProperties)) } : {}),
    }
    const result = await rc.call('lambda', 'Invoke', { FunctionName: token, Payload: JSON.stringify(event) })
    const deadline = Date.now() + RESPONSE_GRACE_MS
    for (;;) {
      const body = await rc.internal('s3', 'GetObject', { Bucket: name, Key: key }).then((o) => o.Body, () => undefined)
      if (body !== undefined) {
        await rc.internal('s3', 'DeleteObject', { Bucket: name, Key: key }).catch(() => {})
        try {
          return JSON.parse(Buffer.from(body).toString('utf8')) as CustomResponse
        } catch {
          throw new AwsError('InvalidRequest', 400, 'Invalid response object received from custom resource: not JSON')
        }
      }
      if (Date.now() > deadline) {
        const why = result?.FunctionError ? ` The function failed: ${String(result.Payload ?? '').slice(0, 500)}` : ''
        throw new AwsError('InvalidRequest', 400, `The custom resource sent no response to its ResponseURL.${why}`)
      }
      await new Promise((r) => setTimeout(r, POLL_MS))
    }
  } finally {
    await bucket.release(rc)
  }
}

function strip(props: Record<string, unknown>): Record<string, unknown> {
  const { __type, ...rest } = props
  void __type
  return rest
}

/**
 * AWS words a FAILED answer as the stack event's reason itself (not as a handler's error).
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/crpg-ref-responses.html
 */
function outcome(response: CustomResponse, fallbackId?: string) {
  if (response.Status !== 'SUCCESS') {
    const request = response.RequestId ? ` (RequestId: ${response.RequestId})` : ''
    throw validationError(`Received response status [${response.Status ?? 'null'}] from custom resource. Message returned: ${response.Reason ?? ''}${request}`)
  }
  const physicalId = response.PhysicalResourceId ?? fallbackId
  if (!physicalId) throw new AwsError('InvalidRequest', 400, 'Invalid PhysicalResourceId')
  return { physicalId, attributes: { ...(response.Data ?? {}) } }
}

/** Custom resource providers of one cloud (they share its response buckets); `type` is passed as `ResourceType`. */
export function customResourceProviders(presign: Presigner): (type: string) => ResourceProvider {
  const buckets = new Map<string, ResponseBucket>()
  const cache = new Map<string, ResourceProvider>()
  return (type) => {
    let provider = cache.get(type)
    if (!provider) cache.set(type, (provider = customProvider(presign, buckets, type)))
    return provider
  }
}

function customProvider(presign: Presigner, owner: Map<string, ResponseBucket>, type: string): ResourceProvider {
  return {
    properties: ['*'],
    required: ['ServiceToken'],
    async create(props, rc) {
      return outcome(await send(presign, owner, 'Create', { ...props, __type: type }, rc))
    },
    async update(physicalId, props, previous, rc) {
      if (props.ServiceToken !== previous.ServiceToken) throw new AwsError('InvalidRequest', 400, 'Modifying service token is not allowed.')
      // Not implemented: deleting the old physical resource when an Update answers with a new PhysicalResourceId.
      return outcome(await send(presign, owner, 'Update', { ...props, __type: type }, rc, { PhysicalResourceId: physicalId, OldResourceProperties: previous }), physicalId)
    },
    async delete(physicalId, props, rc) {
      outcome(await send(presign, owner, 'Delete', { ...props, __type: type }, rc, { PhysicalResourceId: physicalId }), physicalId)
    },
  }
}
