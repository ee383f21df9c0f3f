/** @module cloudformation service (placeholder until implemented). */
import { AwsError } from '../../core/aws-error.js'
import type { ServiceDef } from '../../core/types.js'

export function cloudformationService(): ServiceDef {
  return {
    name: 'cloudformation',
    signingNames: ['cloudformation'],
    protocol: 'query',
    api: {},
    async handle() {
      throw new AwsError('NotImplemented', 501, 'The local cloud does not implement cloudformation yet')
    },
  }
}
