/**
 * @module A refusal of the authorize step in data-plane-neutral terms: the gateway response type
 * (`MISSING_AUTHENTICATION_TOKEN`, `INVALID_SIGNATURE`, `EXPIRED_TOKEN`, `ACCESS_DENIED`, …), message and status.
 * The REST glue turns it into a `GatewayError` (so customised gateway responses and their CORS headers apply); the
 * WebSocket `$connect` into a refused upgrade.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/supported-gateway-response-types.html
 */
export class AuthzRefusal extends Error {
  constructor(
    readonly responseType: string,
    message: string,
    readonly status: number,
    /** `x-amzn-ErrorType` when it is not the response type's usual one. */
    readonly errorType?: string,
    /** The default body's member name: `message`, or `Message` for IAM's denials (AWS quirk). */
    readonly messageKey: 'message' | 'Message' = 'message',
  ) {
    const limit = Error.stackTraceLimit
    Error.stackTraceLimit = 0
    super(message)
    Error.stackTraceLimit = limit
  }
}
