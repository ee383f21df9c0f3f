/** @module dynamodb service (placeholder until implemented). */
import { AwsError } from '../../core/aws-error.js'
import type { ServiceDef } from '../../core/types.js'

export function dynamodbService(): ServiceDef {
  return {
    name: 'dynamodb',
    signingNames: ['dynamodb'],
    protocol: 'json',
    api: {},
    async handle() {
      throw new AwsError('NotImplemented', 501, 'The local cloud does not implement dynamodb yet')
    },
  }
}
