/**
 * @module The AWS CLI command that deletes a resource teardown could not: what a learner (or an instructor
 * cleaning a workshop machine) can paste, pointed at the same endpoint and region the lab used.
 */
import type { Target } from '../deployer/types.js'

/** `aws … delete` for a resource ARN, or undefined when there is no one-line way to delete it. */
export function deleteCommand(arn: string, target: Pick<Target, 'endpoint' | 'region' | 'profile'>): string | undefined {
  const action = deleteAction(arn)
  if (!action) return undefined
  const where = [
    target.endpoint ? `--endpoint-url ${target.endpoint}` : '',
    target.profile ? `--profile ${target.profile}` : '',
    `--region ${regionOf(arn) || target.region}`,
  ].filter(Boolean)
  return `aws ${where.join(' ')} ${action}`
}

function regionOf(arn: string): string {
  return arn.split(':')[3] ?? ''
}

function deleteAction(arn: string): string | undefined {
  const [, , service, , , ...rest] = arn.split(':')
  const resource = rest.join(':')
  const after = (prefix: string) => (resource.startsWith(prefix) ? resource.slice(prefix.length) : undefined)
  switch (service) {
    case 's3':
      return resource && !resource.includes('/') ? `s3 rb s3://${resource} --force` : undefined
    case 'lambda':
      return after('function:') ? `lambda delete-function --function-name ${arn}` : undefined
    case 'dynamodb':
      return after('table/') ? `dynamodb delete-table --table-name ${after('table/')}` : undefined
    case 'logs':
      return after('log-group:') ? `logs delete-log-group --log-group-name ${after('log-group:')!.replace(/:\*$/, '')}` : undefined
    case 'apigateway': {
      const api = /^\/restapis\/([^/]+)$/.exec(resource)?.[1]
      return api ? `apigateway delete-rest-api --rest-api-id ${api}` : undefined
    }
    case 'cloudformation':
      return after('stack/') ? `cloudformation delete-stack --stack-name ${after('stack/')!.split('/')[0]}` : undefined
    default:
      return undefined
  }
}
