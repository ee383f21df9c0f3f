/**
 * @module The gateway response types and their default status codes (unset types fall back to
 * DEFAULT_4XX / DEFAULT_5XX).
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/supported-gateway-response-types.html
 */

export const GATEWAY_RESPONSE_STATUS: Record<string, string | undefined> = {
  ACCESS_DENIED: '403',
  API_CONFIGURATION_ERROR: '500',
  AUTHORIZER_CONFIGURATION_ERROR: '500',
  AUTHORIZER_FAILURE: '500',
  BAD_REQUEST_PARAMETERS: '400',
  BAD_REQUEST_BODY: '400',
  DEFAULT_4XX: undefined,
  DEFAULT_5XX: undefined,
  EXPIRED_TOKEN: '403',
  INTEGRATION_FAILURE: '504',
  INTEGRATION_TIMEOUT: '504',
  INVALID_API_KEY: '403',
  INVALID_SIGNATURE: '403',
  MISSING_AUTHENTICATION_TOKEN: '403',
  QUOTA_EXCEEDED: '429',
  REQUEST_TOO_LARGE: '413',
  RESOURCE_NOT_FOUND: '404',
  THROTTLED: '429',
  UNAUTHORIZED: '401',
  UNSUPPORTED_MEDIA_TYPE: '415',
  WAF_FILTERED: '403',
}

export const GATEWAY_RESPONSE_TYPES = Object.keys(GATEWAY_RESPONSE_STATUS)

/** The body every default gateway response renders. */
export const DEFAULT_GATEWAY_TEMPLATE = '{"message":$context.error.messageString}'
