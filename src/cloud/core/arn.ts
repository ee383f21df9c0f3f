/** @module ARNs for the local account. */

export const LOCAL_ACCOUNT_ID = '000000000000'
/**
 * Local deviation: a second account for cross-account cases. It has only its root user (key in
 * `LAB_HOME/cloud/credentials-second-account.json`, printed by `lab cloud env --account second`) and no resources:
 * its key signs STS calls and execute-api requests (where resource policies judge it), nothing else.
 */
export { SECOND_ACCOUNT_ID } from '../../common/install-credentials.js'
export const DEFAULT_REGION = 'us-east-1'

export function arn(service: string, region: string, resource: string, account = LOCAL_ACCOUNT_ID): string {
  return `arn:aws:${service}:${region}:${account}:${resource}`
}

export interface ParsedArn {
  partition: string
  service: string
  region: string
  account: string
  resource: string
}

export function parseArn(value: string): ParsedArn | undefined {
  const parts = value.split(':')
  if (parts.length < 6 || parts[0] !== 'arn') return undefined
  const [, partition, service, region, account, ...rest] = parts
  return { partition, service, region, account, resource: rest.join(':') }
}
