/** @module tagging service (placeholder until implemented). */
import { AwsError } from '../../core/aws-error.js'
import type { ServiceDef } from '../../core/types.js'

export function taggingService(): ServiceDef {
  return {
    name: 'tagging',
    signingNames: ['tagging'],
    protocol: 'json',
    api: {},
    async handle() {
      throw new AwsError('NotImplemented', 501, 'The local cloud does not implement tagging yet')
    },
  }
}
