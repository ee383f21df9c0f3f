/** @module Headers API Gateway adds to every execute-api response. */
import type { Invocation } from './context.js'

export function standardHeaders(inv: Invocation): Record<string, string> {
  return {
    'x-amzn-RequestId': inv.requestId,
    'x-amz-apigw-id': inv.extendedRequestId,
    'X-Amzn-Trace-Id': inv.traceId,
  }
}
