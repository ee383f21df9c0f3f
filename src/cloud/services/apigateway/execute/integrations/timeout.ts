/**
 * @module The integration timeout (TimeoutInMillis, default 29 s): past it the client gets 504
 * `{"message": "Endpoint request timed out"}` while the backend may still be running.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-execution-service-limits-table.html
 */
import { GatewayError } from '../context.js'

export function withTimeout<T>(ms: number, work: Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    // The abandoned call may still settle later: nobody is listening then.
    const timer = setTimeout(() => reject(new GatewayError('INTEGRATION_TIMEOUT', 'Endpoint request timed out')), ms)
    work.then(
      (value) => {
        clearTimeout(timer)
        resolve(value)
      },
      (err) => {
        clearTimeout(timer)
        reject(err)
      },
    )
  })
}
