/**
 * @module Why a check got a 5xx. API Gateway's own answers carry `x-amzn-ErrorType` (a gateway response: the
 * integration failed or timed out); a 5xx without it is the backend's own answer, passed through by a proxy
 * integration. Either way the lab's CORS advice would point the wrong way.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/supported-gateway-response-types.html
 */
import { t } from '../../ui/i18n.js'
import type { HeaderList } from '../cors/fetch-rules.js'

/** The why for a 5xx response, or undefined for any other status. */
export function serverErrorWhy(status: number | undefined, headers: HeaderList | { get(name: string): string | null } | undefined): string | undefined {
  if (status === undefined || status < 500) return undefined
  // A Headers object (whichever fetch made it), or the report's list of pairs.
  const errorType = Array.isArray(headers) ? headers.find(([name]) => name.toLowerCase() === 'x-amzn-errortype')?.[1] : headers?.get('x-amzn-errortype')
  return t(errorType ? 'checks.why.serverError' : 'checks.why.backendError', { status })
}
