/** @module lambda service (placeholder until implemented). */
import { AwsError } from '../../core/aws-error.js'
import type { ServiceDef } from '../../core/types.js'

export function lambdaService(): ServiceDef {
  return {
    name: 'lambda',
    signingNames: ['lambda'],
    protocol: 'rest-json',
    api: {},
    async handle() {
      throw new AwsError('NotImplemented', 501, 'The local cloud does not implement lambda yet')
    },
  }
}
