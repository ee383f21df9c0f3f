/** @module ARNs for the local account. */

export const LOCAL_ACCOUNT_ID = '000000000000'
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
