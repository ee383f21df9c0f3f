/**
 * @module The answers of a method's authorizer, with AWS's bodies and types: 401 UNAUTHORIZED `Unauthorized`,
 * 403 ACCESS_DENIED `User is not authorized to access this resource` (`… with an explicit deny`), and
 * 500 AUTHORIZER_CONFIGURATION_ERROR `{"message": null}`.
 * @see https://repost.aws/knowledge-center/api-gateway-403-error-lambda-authorizer
 * @see https://repost.aws/knowledge-center/api-gateway-lambda-authorization-errors
 */
import { GatewayError } from '../context.js'

export const unauthorized = () => new GatewayError('UNAUTHORIZED', 'Unauthorized')
export const accessDenied = (explicit: boolean) =>
  new GatewayError('ACCESS_DENIED', explicit ? 'User is not authorized to access this resource with an explicit deny' : 'User is not authorized to access this resource')

/** AWS quirk: a failing authorizer answers `{"message": null}`. */
export function authorizerConfigurationError(): GatewayError {
  const error = new GatewayError('AUTHORIZER_CONFIGURATION_ERROR', '')
  error.nullMessage = true
  return error
}

