/**
 * @module The Lambda proxy integration's input event (payload format 1.0): absent maps are `null`, the body
 * is base64 only for binary media types.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html#api-gateway-simple-proxy-for-lambda-input-format
 */
import { authorizerForIntegration } from '../authorize/pass-on.js'
import type { Invocation } from '../context.js'
import { formatRequestTime } from '../vtl.js'

const orNull = <T extends object>(map: T): T | null => (Object.keys(map).length ? map : null)

/** `image/png` matches `image/png`, `image/*` and `*\/*`. */
export function isBinaryType(contentType: string | undefined, binaryMediaTypes: string[]): boolean {
  if (!contentType || !binaryMediaTypes.length) return false
  const type = contentType.split(';')[0].trim().toLowerCase()
  return binaryMediaTypes.some((t) => {
    const pattern = t.toLowerCase()
    if (pattern === '*/*') return true
    if (pattern.endsWith('/*')) return type.startsWith(pattern.slice(0, -1))
    return pattern === type
  })
}

export function lambdaProxyEvent(inv: Invocation): Record<string, unknown> {
  const { req } = inv
  const binary = isBinaryType(req.headers['content-type'], inv.snapshot?.binaryMediaTypes ?? [])
  return {
    resource: inv.resource!.path,
    path: inv.path,
    httpMethod: req.method,
    headers: orNull(inv.headers),
    multiValueHeaders: orNull(inv.multiValueHeaders),
    queryStringParameters: orNull(inv.query),
    multiValueQueryStringParameters: orNull(inv.multiValueQuery),
    pathParameters: orNull(inv.pathParameters),
    stageVariables: orNull({ ...(inv.stage?.variables ?? {}) }),
    requestContext: {
      resourceId: inv.resource!.id,
      resourcePath: inv.resource!.path,
      httpMethod: req.method,
      extendedRequestId: inv.extendedRequestId,
      requestTime: formatRequestTime(inv.requestTime),
      path: `/${inv.stageName}${inv.path}`,
      accountId: inv.ctx.accountId,
      protocol: 'HTTP/1.1',
      stage: inv.stageName,
      domainPrefix: req.host.split('.')[0],
      requestTimeEpoch: inv.requestTime.getTime(),
      requestId: inv.requestId,
      identity: {
        cognitoIdentityPoolId: null,
        ...(inv.apiKey ? { apiKey: inv.apiKey.value, apiKeyId: inv.apiKey.id } : {}),
        // AWS_IAM methods: who signed.
        accountId: inv.caller?.account ?? null,
        cognitoIdentityId: null,
        caller: inv.caller?.userId ?? null,
        sourceIp: req.sourceIp,
        principalOrgId: null,
        accessKey: inv.caller?.accessKeyId ?? null,
        cognitoAuthenticationType: null,
        cognitoAuthenticationProvider: null,
        userArn: inv.caller?.arn ?? null,
        userAgent: req.headers['user-agent'] ?? null,
        user: inv.caller?.userId ?? null,
      },
      domainName: req.host,
      ...(inv.authorizer ? { authorizer: authorizerForIntegration(inv.authorizer) } : {}),
      deploymentId: inv.stage?.deploymentId,
      apiId: inv.apiId,
    },
    body: req.body.length ? req.body.toString(binary ? 'base64' : 'utf8') : null,
    isBase64Encoded: binary && req.body.length > 0,
  }
}
