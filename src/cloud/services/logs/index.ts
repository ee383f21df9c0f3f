/** @module logs service (placeholder until implemented). */
import { AwsError } from '../../core/aws-error.js'
import type { ServiceDef } from '../../core/types.js'

export function logsService(): ServiceDef {
  return {
    name: 'logs',
    signingNames: ['logs'],
    protocol: 'json',
    api: {},
    async handle() {
      throw new AwsError('NotImplemented', 501, 'The local cloud does not implement logs yet')
    },
  }
}
