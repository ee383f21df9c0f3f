/** @module s3 service (placeholder until implemented). */
import { AwsError } from '../../core/aws-error.js'
import type { ServiceDef } from '../../core/types.js'

export function s3Service(): ServiceDef {
  return {
    name: 's3',
    signingNames: ['s3'],
    protocol: 'rest-xml',
    api: {},
    async handle() {
      throw new AwsError('NotImplemented', 501, 'The local cloud does not implement s3 yet')
    },
  }
}
