/**
 * The execution role most Lambda tests give their functions (`ROLE`): Lambda refuses a role that is not in the
 * account or does not trust `lambda.amazonaws.com`, as on AWS, so a test cloud needs it before its first function.
 */
import { CreateRoleCommand, IAMClient, type IAMClientConfig } from '@aws-sdk/client-iam'
import { ROLE } from '../fixtures/lambda/zip.js'

export const LAMBDA_TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
})

/** Creates `ROLE` (no permissions of its own) in the test cloud's account once; returns its ARN. */
export async function createLambdaRole(cloud: { sdk: IAMClientConfig }, roleArn = ROLE): Promise<string> {
  const RoleName = roleArn.slice(roleArn.lastIndexOf('/') + 1)
  const iam = new IAMClient(cloud.sdk)
  try {
    await iam.send(new CreateRoleCommand({ RoleName, AssumeRolePolicyDocument: LAMBDA_TRUST }))
  } catch (err) {
    if ((err as Error).name !== 'EntityAlreadyExistsException') throw err
  }
  return roleArn
}
