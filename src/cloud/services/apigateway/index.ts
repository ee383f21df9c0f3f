/** @module apigateway service (placeholder until implemented). */
import { AwsError } from '../../core/aws-error.js'
import type { ServiceDef } from '../../core/types.js'

export function apigatewayService(): ServiceDef {
  return {
    name: 'apigateway',
    signingNames: ['apigateway'],
    protocol: 'rest-json',
    api: {},
    async handle() {
      throw new AwsError('NotImplemented', 501, 'The local cloud does not implement apigateway yet')
    },
  }
}
