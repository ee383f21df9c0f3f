/**
 * @module The integration timeout (TimeoutInMillis, default 29 s): past it the client gets 504
 * `{"message": "Endpoint request timed out"}` while the backend may still be running.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-execution-service-limits-table.html
 */
import { GatewayError } from '../context.js'

export async function withTimeout<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new GatewayError('INTEGRATION_TIMEOUT', 'Endpoint request timed out')), ms)
  })
  try {
    return await Promise.race([work, timeout])
  } finally {
    clearTimeout(timer)
    work.catch(() => {}) // the abandoned call may still fail later: nobody is listening
  }
}
