/**
 * @module Methods, method responses, integrations and integration responses.
 * @see https://docs.aws.amazon.com/apigateway/latest/api/API_PutMethod.html
 * @see https://docs.aws.amazon.com/apigateway/latest/api/API_PutIntegration.html
 */
import { AwsError } from '../../../core/aws-error.js'
import { awsActionFromUri, lambdaArnFromUri } from '../integration-uris.js'
import { badRequest, clone, conflict, notFound, type IntegrationRecord, type MethodRecord } from '../model.js'
import { AUTHORIZATION_TYPES, methodAuthorizer } from './method-authorizer.js'
import type { GetModel, Op } from './shared.js'

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'ANY']
const INTEGRATION_TYPES = ['HTTP', 'AWS', 'MOCK', 'HTTP_PROXY', 'AWS_PROXY']

const STATUS_CODE = /^[1-5]\d\d$/

function notImplemented(message: string): AwsError {
  return new AwsError('BadRequestException', 400, `${message} (not supported by the local cloud yet)`)
}

function checkHttpMethod(httpMethod: unknown): string {
  const value = String(httpMethod ?? '').toUpperCase()
  if (!HTTP_METHODS.includes(value)) throw badRequest('Invalid HttpMethod specified. Valid options are GET,PUT,POST,DELETE,PATCH,OPTIONS,HEAD,ANY')
  return value
}

export function validateIntegration(input: any): void {
  const type = input.type
  if (!INTEGRATION_TYPES.includes(type)) {
    throw badRequest(
      `1 validation error detected: Value '${type}' at 'putIntegrationInput.type' failed to satisfy constraint: ` +
        `Member must satisfy enum value set: [${INTEGRATION_TYPES.join(', ')}]`,
    )
  }
  if (type === 'MOCK') return
  if (!input.integrationHttpMethod) throw badRequest('Enumeration value for HttpMethod must be non-empty')
  if (!HTTP_METHODS.includes(String(input.integrationHttpMethod).toUpperCase())) {
    throw badRequest('Invalid HttpMethod specified. Valid options are GET,PUT,POST,DELETE,PATCH,OPTIONS,HEAD,ANY')
  }
  if (!input.uri) throw badRequest('Invalid ARN specified in the request')
  if (type === 'HTTP_PROXY' || type === 'HTTP') {
    if (!/^https?:\/\/[^/]/.test(input.uri)) throw badRequest('Invalid HTTP endpoint specified for URI')
    return
  }
  if (!String(input.uri).startsWith('arn:')) throw badRequest('Invalid ARN specified in the request')
  if (!/:(path|action)\//.test(input.uri)) throw badRequest('AWS ARN for integration must contain path or action')
  if (type === 'AWS_PROXY' && !lambdaArnFromUri(input.uri)) {
    throw badRequest("Integrations of type 'AWS_PROXY' currently only supports Lambda function and Firehose stream invocations.")
  }
  // Not implemented: AWS service integrations other than Lambda functions and DynamoDB actions.
  if (type === 'AWS' && !lambdaArnFromUri(input.uri) && !awsActionFromUri(input.uri)) {
    throw notImplemented(`AWS integration URI ${input.uri}`)
  }
}

/**
 * What a mapping may read from. Integration responses: the integration response's headers and body, stage and
 * context variables, or a quoted literal; integration requests: the method request instead. An unquoted literal
 * (`"*"` for `"'*'"`) is refused at deploy time, as AWS does, instead of vanishing at run time.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/rest-api-parameter-mapping-sources.html
 */
const COMMON_SOURCE = String.raw`'[^]*'|stageVariables\.[A-Za-z0-9_]+|context\.[A-Za-z0-9._$-]+`
const RESPONSE_SOURCE = new RegExp(String.raw`^(?:${COMMON_SOURCE}|integration\.response\.(?:header|multivalueheader)\.[^.\s][^\s]*|integration\.response\.body(?:\.\S+)?)$`)
const REQUEST_SOURCE = new RegExp(
  String.raw`^(?:${COMMON_SOURCE}|method\.request\.(?:path|querystring|multivaluequerystring|header|multivalueheader)\.[^.\s][^\s]*|method\.request\.body(?:\.\S+)?)$`,
)

function invalidMapping(errors: string[]): AwsError {
  return badRequest(`Invalid mapping expression specified: Validation Result: warnings : [], errors : [${errors.join(', ')}]`)
}

/**
 * Every mapped `method.response.header.X` must be declared by the method response of that status, and read from
 * a valid source.
 */
export function checkMappings(method: MethodRecord, statusCode: string, parameters: Record<string, string> | undefined): void {
  const entries = Object.entries(parameters ?? {})
  if (!entries.length) return
  const response = method.methodResponses?.[statusCode]
  if (!response) throw invalidMapping(['No method response exists for method.'])
  const declared = response.responseParameters ?? {}
  const badKeys = entries.filter(([key]) => !(key in declared)).map(([key]) => `Invalid mapping expression parameter specified: ${key}`)
  if (badKeys.length) throw invalidMapping(badKeys)
  const badValues = entries.filter(([, value]) => !RESPONSE_SOURCE.test(String(value))).map(([, value]) => `Invalid mapping expression specified: ${value}`)
  if (badValues.length) throw invalidMapping(badValues)
}

/** A `method.request.*` source in integration request parameters must be declared on the method. */
export function checkRequestMappings(method: MethodRecord, parameters: Record<string, string> | undefined): void {
  const declared = method.requestParameters ?? {}
  const bad: string[] = []
  for (const [target, source] of Object.entries(parameters ?? {})) {
    if (!/^integration\.request\.(header|querystring|path|multivaluequerystring|multivalueheader)\.[^.].*$/.test(target)) bad.push(`Invalid mapping expression parameter specified: ${target}`)
    else if (!REQUEST_SOURCE.test(String(source))) bad.push(`Invalid mapping expression specified: ${source}`)
    else if (/^method\.request\.(?!body)/.test(source) && !(source in declared)) bad.push(`Invalid mapping expression parameter specified: ${source}`)
  }
  if (bad.length) throw invalidMapping(bad)
}

function checkStatus(statusCode: unknown): string {
  const value = String(statusCode ?? '')
  if (!STATUS_CODE.test(value)) throw badRequest('Invalid status code specified')
  return value
}

export function methodOps(model: GetModel): Record<string, Op> {
  const find = (input: any) => {
    const m = model()
    const api = m.api(input.restApiId)
    return { m, api, method: m.method(api, input.resourceId, checkHttpMethod(input.httpMethod)) }
  }

  return {
    async PutMethod(input) {
      const m = model()
      const api = m.api(input.restApiId)
      const resource = m.resource(api, input.resourceId)
      const httpMethod = checkHttpMethod(input.httpMethod)
      if (resource.resourceMethods[httpMethod]) throw conflict('Method already exists for this resource')
      const authorizationType = input.authorizationType
      if (!AUTHORIZATION_TYPES.includes(authorizationType)) {
        throw badRequest(`Invalid authorization type specified. Valid options are ${AUTHORIZATION_TYPES.join(',')}`)
      }
      const method: MethodRecord = {
        httpMethod,
        authorizationType,
        ...methodAuthorizer(api, authorizationType, input.authorizerId, input.authorizationScopes),
        apiKeyRequired: Boolean(input.apiKeyRequired),
        operationName: input.operationName,
        requestParameters: input.requestParameters,
        requestModels: input.requestModels,
      }
      resource.resourceMethods[httpMethod] = method
      m.save()
      return clone(method)
    },

    async GetMethod(input) {
      return clone(find(input).method)
    },

    async DeleteMethod(input) {
      const { m, api } = find(input)
      delete m.resource(api, input.resourceId).resourceMethods[checkHttpMethod(input.httpMethod)]
      m.save()
      return {}
    },

    async PutMethodResponse(input) {
      const { m, method } = find(input)
      const statusCode = checkStatus(input.statusCode)
      const response = { statusCode, responseParameters: input.responseParameters, responseModels: input.responseModels }
      method.methodResponses = { ...method.methodResponses, [statusCode]: response }
      m.save()
      return clone(response)
    },

    async GetMethodResponse(input) {
      const response = find(input).method.methodResponses?.[input.statusCode]
      if (!response) throw notFound('Invalid Response status code specified')
      return clone(response)
    },

    async DeleteMethodResponse(input) {
      const { m, method } = find(input)
      if (!method.methodResponses?.[input.statusCode]) throw notFound('Invalid Response status code specified')
      delete method.methodResponses[input.statusCode]
      m.save()
      return {}
    },

    async PutIntegration(input) {
      const { m, method } = find(input)
      validateIntegration(input)
      checkRequestMappings(method, input.requestParameters)
      const timeout = input.timeoutInMillis === undefined ? 29000 : Number(input.timeoutInMillis)
      if (!(timeout >= 50 && timeout <= 29000)) throw badRequest('Timeout should be between 50 ms and 29000 ms')
      const passthrough = input.passthroughBehavior ?? 'WHEN_NO_MATCH'
      if (!['WHEN_NO_MATCH', 'WHEN_NO_TEMPLATES', 'NEVER'].includes(passthrough)) {
        throw badRequest('Invalid passthrough behavior specified. Valid options are WHEN_NO_MATCH,WHEN_NO_TEMPLATES,NEVER')
      }
      const integration: IntegrationRecord = {
        type: input.type,
        httpMethod: input.type === 'MOCK' ? undefined : String(input.integrationHttpMethod).toUpperCase(),
        uri: input.uri,
        requestParameters: input.requestParameters,
        requestTemplates: input.requestTemplates,
        passthroughBehavior: passthrough,
        contentHandling: input.contentHandling,
        timeoutInMillis: timeout,
        cacheNamespace: input.cacheNamespace ?? input.resourceId,
        cacheKeyParameters: input.cacheKeyParameters ?? [],
        credentials: input.credentials,
        integrationResponses: method.methodIntegration?.integrationResponses,
      }
      method.methodIntegration = integration
      m.save()
      return clone(integration)
    },

    async GetIntegration(input) {
      const { method } = find(input)
      if (!method.methodIntegration) throw notFound('Invalid Integration identifier specified')
      return clone(method.methodIntegration)
    },

    async DeleteIntegration(input) {
      const { m, method } = find(input)
      if (!method.methodIntegration) throw notFound('Invalid Integration identifier specified')
      delete method.methodIntegration
      m.save()
      return {}
    },

    /**
     * A mapped `method.response.header.X` must be declared by the method response of the same status.
     * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/request-response-data-mappings.html
     */
    async PutIntegrationResponse(input) {
      const { m, method } = find(input)
      const integration = method.methodIntegration
      if (!integration) throw notFound('Invalid Integration identifier specified')
      const statusCode = checkStatus(input.statusCode)
      checkMappings(method, statusCode, input.responseParameters)
      if (input.selectionPattern) {
        try {
          new RegExp(input.selectionPattern)
        } catch {
          throw badRequest(`Invalid selection pattern specified: ${input.selectionPattern}`)
        }
      }
      const response = {
        statusCode,
        selectionPattern: input.selectionPattern || undefined,
        responseParameters: input.responseParameters,
        responseTemplates: input.responseTemplates,
        contentHandling: input.contentHandling,
      }
      integration.integrationResponses = { ...integration.integrationResponses, [statusCode]: response }
      m.save()
      return clone(response)
    },

    async GetIntegrationResponse(input) {
      const response = find(input).method.methodIntegration?.integrationResponses?.[input.statusCode]
      if (!response) throw notFound('Invalid Response status code specified')
      return clone(response)
    },

    async DeleteIntegrationResponse(input) {
      const { m, method } = find(input)
      const responses = method.methodIntegration?.integrationResponses
      if (!responses?.[input.statusCode]) throw notFound('Invalid Response status code specified')
      delete responses[input.statusCode]
      m.save()
      return {}
    },
  }
}
