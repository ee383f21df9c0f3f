/** @module iam service (placeholder until implemented). */
import { AwsError } from '../../core/aws-error.js'
import type { ServiceDef } from '../../core/types.js'

export function iamService(): ServiceDef {
  return {
    name: 'iam',
    signingNames: ['iam'],
    protocol: 'query',
    api: {},
    async handle() {
      throw new AwsError('NotImplemented', 501, 'The local cloud does not implement iam yet')
    },
  }
}
