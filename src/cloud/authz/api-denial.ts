/**
 * @module The gate's refusals in each service's own error shape and AWS's words: `User: <arn> is not authorized to
 * perform: <action> on resource: <arn> because no identity-based policy allows the <action> action`, or `… with an
 * explicit deny in an identity-based policy` / `… in a resource-based policy`. The edge renders the error in the
 * service's protocol (JSON `__type`, REST `x-amzn-errortype`, Query and S3 XML).
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/troubleshoot-403-errors.html
 */
import { AwsError } from '../core/aws-error.js'
import type { ApiCheck } from './api-resources.js'

/** Why: nothing allows it (`implicit`), or an explicit Deny in an identity-based or a resource-based policy. */
export type DenialSource = 'implicit' | 'identity' | 'resource'

/**
 * Code and status by service. DynamoDB, CloudWatch Logs, Cognito and the tagging API (JSON protocols) answer 400
 * `AccessDeniedException`; Lambda and API Gateway (REST-JSON) 403 `AccessDeniedException`; IAM and CloudFormation
 * (Query) 403 `AccessDenied`; S3 403 `AccessDenied`.
 * AWS quirk: DynamoDB names the type `com.amazon.coral.service#AccessDeniedException`, not in its own namespace
 * (`protocols/errors.ts` renders it so).
 */
const SHAPES: Record<string, { code: string; status: number }> = {
  dynamodb: { code: 'AccessDeniedException', status: 400 },
  logs: { code: 'AccessDeniedException', status: 400 },
  'cognito-idp': { code: 'AccessDeniedException', status: 400 },
  tagging: { code: 'AccessDeniedException', status: 400 },
  lambda: { code: 'AccessDeniedException', status: 403 },
  apigateway: { code: 'AccessDeniedException', status: 403 },
  apigatewayv2: { code: 'AccessDeniedException', status: 403 },
  iam: { code: 'AccessDenied', status: 403 },
  cloudformation: { code: 'AccessDenied', status: 403 },
  s3: { code: 'AccessDenied', status: 403 },
}

/**
 * AWS quirk: S3 quotes the resource ARN; IAM names its users and roles as `user NAME` / `role NAME`, not by ARN.
 */
function resourceWords(service: string, resource: string): string {
  if (service === 's3') return `"${resource}"`
  const entity = service === 'iam' ? /^arn:aws:iam::\d{12}:(user|role)\/(?:.*\/)?([^/]+)$/.exec(resource) : null
  return entity ? `${entity[1]} ${entity[2]}` : resource
}

export function deniedMessage(service: string, principal: string, check: Pick<ApiCheck, 'action' | 'resource'>, why: DenialSource): string {
  const resource = resourceWords(service, check.resource)
  const reason =
    why === 'identity'
      ? 'with an explicit deny in an identity-based policy'
      : why === 'resource'
        ? 'with an explicit deny in a resource-based policy'
        : `because no identity-based policy allows the ${check.action} action`
  return `User: ${principal} is not authorized to perform: ${check.action} on resource: ${resource} ${reason}`
}

export function apiDenied(service: string, principal: string, check: ApiCheck, why: DenialSource): AwsError {
  const shape = Object.hasOwn(SHAPES, service) ? SHAPES[service] : { code: 'AccessDeniedException', status: 403 }
  return new AwsError(shape.code, shape.status, deniedMessage(service, principal, check, why))
}
