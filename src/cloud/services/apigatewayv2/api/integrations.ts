/**
 * @module Integrations and their integration responses. WebSocket APIs here take AWS_PROXY to a Lambda function (the
 * `arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{fnArn}/invocations` URI or the function ARN) and MOCK.
 * @see https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-integrations.html
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-integration-requests.html
 */
import { AwsError } from '../../../core/aws-error.js'
import { badRequest, child, conflict, type ApiRecord, type IntegrationRecord, type IntegrationResponseRecord } from '../model.js'
import { integrationIdOf } from '../deployed-stage.js'
import { lambdaIntegrationUri } from './lambda-uri.js'
import { oneOf, optNumber, optString, optStringMap, refuseUnemulated, reqString } from './input.js'
import { childId, page, saveChange, type GetModel, type Op, apiOf } from './shared.js'

const CONTENT_HANDLING = ['CONVERT_TO_BINARY', 'CONVERT_TO_TEXT'] as const
const PASSTHROUGH = ['WHEN_NO_MATCH', 'NEVER', 'WHEN_NO_TEMPLATES'] as const
const MIN_TIMEOUT = 50
const MAX_TIMEOUT = 29000
// Not implemented: VPC links, TLS settings, subtypes, parameter mappings and IAM credentials on integrations.
const UNEMULATED = ['connectionId', 'tlsConfig', 'integrationSubtype', 'requestParameters', 'responseParameters', 'credentialsArn']

export const integrationView = (i: IntegrationRecord) => {
  const { integrationResponses: _responses, ...view } = i
  return view
}

const integrationResponseView = (r: IntegrationResponseRecord) => ({ ...r })

function checkTimeout(value: number | undefined): number | undefined {
  if (value !== undefined && (value < MIN_TIMEOUT || value > MAX_TIMEOUT)) {
    throw badRequest(`Timeout must be between ${MIN_TIMEOUT} milliseconds and ${MAX_TIMEOUT} milliseconds for WebSocket APIs`)
  }
  return value
}

/** Members of Create/UpdateIntegration onto `integration`, then the whole checked as AWS checks a WebSocket integration. */
function applyIntegrationInput(api: ApiRecord, integration: IntegrationRecord, input: any): IntegrationRecord {
  refuseUnemulated(input, UNEMULATED, 'WebSocket integrations')
  const next: IntegrationRecord = { ...integration }
  const type = oneOf(optString(input, 'integrationType'), 'integrationType', ['AWS_PROXY', 'MOCK', 'AWS', 'HTTP', 'HTTP_PROXY'] as const)
  if (type !== undefined) next.integrationType = type
  if (next.integrationType !== 'AWS_PROXY' && next.integrationType !== 'MOCK') {
    // Not implemented: AWS (non-proxy), HTTP and HTTP_PROXY integrations on WebSocket APIs.
    throw new AwsError('NotImplemented', 501, `The local cloud does not emulate ${next.integrationType} integrations on WebSocket APIs yet; use AWS_PROXY (Lambda) or MOCK`)
  }
  const connectionType = optString(input, 'connectionType')
  if (connectionType !== undefined && connectionType !== 'INTERNET') throw badRequest(`Invalid connectionType ${connectionType}: VPC links are not supported for WebSocket APIs here`)
  const uri = optString(input, 'integrationUri')
  if (uri !== undefined) next.integrationUri = uri || undefined
  const method = optString(input, 'integrationMethod')
  if (method !== undefined) next.integrationMethod = method || undefined
  const contentHandling = oneOf(optString(input, 'contentHandlingStrategy'), 'contentHandlingStrategy', CONTENT_HANDLING)
  if (contentHandling !== undefined) next.contentHandlingStrategy = contentHandling
  const passthrough = oneOf(optString(input, 'passthroughBehavior'), 'passthroughBehavior', PASSTHROUGH)
  if (passthrough !== undefined) next.passthroughBehavior = passthrough
  const description = optString(input, 'description')
  if (description !== undefined) next.description = description || undefined
  const version = optString(input, 'payloadFormatVersion')
  if (version !== undefined) next.payloadFormatVersion = version
  const templates = optStringMap(input, 'requestTemplates')
  if (templates !== undefined) next.requestTemplates = templates
  const templateSelection = optString(input, 'templateSelectionExpression')
  if (templateSelection !== undefined) next.templateSelectionExpression = templateSelection || undefined
  const timeout = checkTimeout(optNumber(input, 'timeoutInMillis', true))
  if (timeout !== undefined) next.timeoutInMillis = timeout

  if (next.payloadFormatVersion !== '1.0') throw badRequest(`Invalid payloadFormatVersion ${next.payloadFormatVersion}: WebSocket APIs support only 1.0`)
  if (next.integrationType === 'AWS_PROXY') {
    if (!next.integrationUri) throw badRequest('IntegrationUri is required for AWS_PROXY integrations')
    lambdaIntegrationUri(next.integrationUri, api.region)
    next.passthroughBehavior = undefined
    next.integrationResponseSelectionExpression = undefined
  } else {
    if (next.integrationUri) throw badRequest('IntegrationUri is not supported for MOCK integrations')
    next.passthroughBehavior ??= 'WHEN_NO_MATCH'
    next.integrationResponseSelectionExpression = '${integration.response.statuscode}'
  }
  return next
}

const integrationResponse = (integration: IntegrationRecord, id: unknown): IntegrationResponseRecord =>
  child(integration.integrationResponses, id, 'IntegrationResponse')

/**
 * `$default` or a `/regex/` matched against the backend's status code.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-integration-responses.html
 */
function checkIntegrationResponseKey(key: string): string {
  if (key === '$default') return key
  const pattern = /^\/(.+)\/$/.exec(key)?.[1]
  let valid = pattern !== undefined
  try {
    if (pattern !== undefined) new RegExp(pattern)
  } catch {
    valid = false
  }
  if (!valid) throw badRequest(`Invalid integration response key ${key}: use $default or a /pattern/ on the status code, e.g. /2\\d\\d/`)
  return key
}

function applyIntegrationResponseInput(integration: IntegrationRecord, response: IntegrationResponseRecord, input: any): IntegrationResponseRecord {
  // Not implemented: response parameter mappings on WebSocket integration responses.
  refuseUnemulated(input, ['responseParameters'], 'WebSocket integration responses')
  const next = { ...response }
  const key = optString(input, 'integrationResponseKey')
  if (key !== undefined) {
    next.integrationResponseKey = checkIntegrationResponseKey(key)
    const clash = Object.values(integration.integrationResponses).find((r) => r.integrationResponseKey === key && r.integrationResponseId !== response.integrationResponseId)
    if (clash) throw conflict(`IntegrationResponse with key ${key} already exists for this integration`)
  }
  const contentHandling = oneOf(optString(input, 'contentHandlingStrategy'), 'contentHandlingStrategy', CONTENT_HANDLING)
  if (contentHandling !== undefined) next.contentHandlingStrategy = contentHandling
  const templates = optStringMap(input, 'responseTemplates')
  if (templates !== undefined) next.responseTemplates = templates
  const selection = optString(input, 'templateSelectionExpression')
  if (selection !== undefined) next.templateSelectionExpression = selection || undefined
  return next
}

export function integrationOps(model: GetModel): Record<string, Op> {
  const load = (input: { apiId?: unknown }) => apiOf(model, input)
  return {
    async CreateIntegration(input) {
      const { m, api } = load(input)
      reqString(input, 'integrationType')
      const blank: IntegrationRecord = {
        integrationId: childId(),
        integrationType: 'MOCK',
        connectionType: 'INTERNET',
        payloadFormatVersion: '1.0',
        timeoutInMillis: MAX_TIMEOUT,
        integrationResponses: {},
      }
      const integration = applyIntegrationInput(api, blank, input)
      api.integrations[integration.integrationId] = integration
      saveChange(m, api)
      return integrationView(integration)
    },

    async GetIntegration(input) {
      const { m, api } = load(input)
      return integrationView(m.integration(api, input.integrationId))
    },

    async GetIntegrations(input) {
      const { api } = load(input)
      const { items, nextToken } = page(Object.values(api.integrations), input)
      return { items: items.map(integrationView), nextToken }
    },

    async UpdateIntegration(input) {
      const { m, api } = load(input)
      const integration = applyIntegrationInput(api, m.integration(api, input.integrationId), input)
      api.integrations[integration.integrationId] = integration
      saveChange(m, api)
      return integrationView(integration)
    },

    async DeleteIntegration(input) {
      const { m, api } = load(input)
      const integration = m.integration(api, input.integrationId)
      const user = Object.values(api.routes).find((r) => integrationIdOf(r.target) === integration.integrationId)
      if (user) throw conflict(`Unable to delete integration ${integration.integrationId}: it is the target of route ${user.routeId} (${user.routeKey})`)
      delete api.integrations[integration.integrationId]
      saveChange(m, api)
      return {}
    },

    async CreateIntegrationResponse(input) {
      const { m, api } = load(input)
      const integration = m.integration(api, input.integrationId)
      reqString(input, 'integrationResponseKey')
      const blank: IntegrationResponseRecord = { integrationResponseId: childId(), integrationResponseKey: '' }
      const response = applyIntegrationResponseInput(integration, blank, input)
      integration.integrationResponses[response.integrationResponseId] = response
      saveChange(m, api)
      return integrationResponseView(response)
    },

    async GetIntegrationResponse(input) {
      const { m, api } = load(input)
      return integrationResponseView(integrationResponse(m.integration(api, input.integrationId), input.integrationResponseId))
    },

    async GetIntegrationResponses(input) {
      const { m, api } = load(input)
      const { items, nextToken } = page(Object.values(m.integration(api, input.integrationId).integrationResponses), input)
      return { items: items.map(integrationResponseView), nextToken }
    },

    async UpdateIntegrationResponse(input) {
      const { m, api } = load(input)
      const integration = m.integration(api, input.integrationId)
      const response = applyIntegrationResponseInput(integration, integrationResponse(integration, input.integrationResponseId), input)
      integration.integrationResponses[response.integrationResponseId] = response
      saveChange(m, api)
      return integrationResponseView(response)
    },

    async DeleteIntegrationResponse(input) {
      const { m, api } = load(input)
      const integration = m.integration(api, input.integrationId)
      delete integration.integrationResponses[integrationResponse(integration, input.integrationResponseId).integrationResponseId]
      saveChange(m, api)
      return {}
    },
  }
}
