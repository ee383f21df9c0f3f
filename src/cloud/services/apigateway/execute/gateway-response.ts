/**
 * @module Error handler — gateway responses: API Gateway's own rejections, rendered from the deployment's
 * gateway responses (specific type, else DEFAULT_4XX/DEFAULT_5XX, else the built-in default). They carry
 * no CORS headers unless a gateway response adds them.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-gatewayResponse-definition.html
 * @see https://repost.aws/knowledge-center/api-gateway-cors-errors
 */
import { DEFAULT_GATEWAY_TEMPLATE, GATEWAY_RESPONSE_STATUS } from '../gateway-response-types.js'
import type { GatewayResponseRecord } from '../model.js'
import { GatewayError, type Invocation } from './context.js'
import { standardHeaders } from './standard-headers.js'
import { renderTemplate } from './vtl.js'
import type { CloudResponse } from '../../../core/types.js'

const ERROR_TYPES: Record<string, string> = {
  MISSING_AUTHENTICATION_TOKEN: 'MissingAuthenticationTokenException',
  INVALID_API_KEY: 'ForbiddenException',
  ACCESS_DENIED: 'AccessDeniedException',
  UNAUTHORIZED: 'UnauthorizedException',
  EXPIRED_TOKEN: 'ExpiredTokenException',
  INVALID_SIGNATURE: 'InvalidSignatureException',
  BAD_REQUEST_BODY: 'BadRequestException',
  BAD_REQUEST_PARAMETERS: 'BadRequestException',
  UNSUPPORTED_MEDIA_TYPE: 'UnsupportedMediaTypeException',
  RESOURCE_NOT_FOUND: 'NotFoundException',
  REQUEST_TOO_LARGE: 'RequestTooLargeException',
  THROTTLED: 'TooManyRequestsException',
  QUOTA_EXCEEDED: 'LimitExceededException',
  // [O] serverless/examples#305: a failing Lambda authorizer answers 500 with this type.
  AUTHORIZER_CONFIGURATION_ERROR: 'AuthorizerConfigurationException',
  // [O] as LocalStack names it; not observed on AWS by us.
  AUTHORIZER_FAILURE: 'AuthorizerFailureException',
}

export function renderGatewayResponse(inv: Invocation, error: GatewayError): CloudResponse {
  const configured = inv.snapshot?.gatewayResponses ?? {}
  const defaultStatus = Number(GATEWAY_RESPONSE_STATUS[error.responseType] ?? error.status ?? 500)
  const family = (error.status ?? defaultStatus) >= 500 ? 'DEFAULT_5XX' : 'DEFAULT_4XX'
  const specific: GatewayResponseRecord | undefined = configured[error.responseType]
  const fallback: GatewayResponseRecord | undefined = configured[family]
  const chosen = specific ?? fallback
  // An explicit status on the type wins; an unset type takes DEFAULT_4XX/5XX's status when that has one.
  const status = Number(specific?.statusCode ?? fallback?.statusCode ?? error.status ?? defaultStatus)

  const headers: Record<string, string> = { ...standardHeaders(inv), 'Content-Type': 'application/json' }
  const errorType = error.errorType ?? ERROR_TYPES[error.responseType] ?? (status >= 500 ? 'InternalServerErrorException' : undefined)
  if (errorType) headers['x-amzn-ErrorType'] = errorType
  // A DEFAULT_4XX/5XX's parameters apply under a specific type's own (the specific one wins per header).
  const parameters = { ...(fallback?.responseParameters ?? {}), ...(specific?.responseParameters ?? {}) }
  for (const [key, expression] of Object.entries(parameters)) {
    const name = /^gatewayresponse\.header\.(.+)$/.exec(key)?.[1]
    if (!name) continue // Not implemented: gatewayresponse.querystring/path mappings (no effect on a response)
    const value = mappedValue(inv, expression)
    if (value !== undefined) headers[name] = value
  }
  // AWS quirk: a failing authorizer answers `{"message": null}`.
  // @see https://github.com/serverless/examples/issues/305
  const nullMessage = error.responseType === 'AUTHORIZER_CONFIGURATION_ERROR'
  const messageString = nullMessage ? 'null' : JSON.stringify(error.message)
  const templates = chosen?.responseTemplates ?? {}
  if (!Object.keys(templates).length && status >= 500) {
    // AWS quirk: an unconfigured 5XX gateway response has a space after the colon
    // (`{"message": "Internal server error"}`, 36 bytes), unlike the 4XX default template's output.
    // @see https://repost.aws/knowledge-center/malformed-502-api-gateway
    return { status, headers, body: `{"message": ${messageString}}`, errorCode: errorType }
  }
  // AWS quirk: IAM's and resource policies' denials answer `{"Message":…}` unless a template is configured.
  // @see https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-resource-policies-create-attach.html
  const fallbackTemplate = error.messageKey === 'Message' ? '{"Message":$context.error.messageString}' : DEFAULT_GATEWAY_TEMPLATE
  const template = templates['application/json'] ?? Object.values(templates)[0] ?? fallbackTemplate
  let body: string
  try {
    body = renderTemplate(template, {
      body: '',
      inv,
      context: {
        error: {
          message: nullMessage ? null : error.message,
          messageString,
          responseType: error.responseType,
          validationErrorString: '',
        },
      },
    })
  } catch {
    body = JSON.stringify({ message: error.message })
  }
  return { status, headers, body, errorCode: errorType }
}

/** `'literal'`, `method.request.header.X`, `method.request.querystring.X`, `method.request.path.X`, `stageVariables.X`, `context.X`. */
export function mappedValue(inv: Invocation, expression: string): string | undefined {
  const literal = /^'(.*)'$/s.exec(expression)
  if (literal) return literal[1]
  const request = /^method\.request\.(header|querystring|path)\.(.+)$/.exec(expression)
  if (request) {
    const [, where, name] = request
    if (where === 'header') return inv.req.headers[name.toLowerCase()]
    if (where === 'querystring') return inv.query[name]
    return inv.pathParameters[name]
  }
  const stageVariable = /^stageVariables\.(.+)$/.exec(expression)
  if (stageVariable) return inv.stage?.variables?.[stageVariable[1]]
  const context = /^context\.(.+)$/.exec(expression)
  if (context) {
    const values: Record<string, string | undefined> = { requestId: inv.requestId, stage: inv.stageName, apiId: inv.apiId, httpMethod: inv.req.method }
    return values[context[1]]
  }
  return undefined
}
