/** IAM principals for gate tests: a user (optionally with a path) holding one inline policy, and its access key. */
import { CreateAccessKeyCommand, CreateUserCommand, PutUserPolicyCommand, type IAMClient } from '@aws-sdk/client-iam'

export type PolicyStatement = { Effect: 'Allow' | 'Deny'; Action: string | string[]; Resource: string | string[]; Condition?: object }

export const policyOf = (...statements: PolicyStatement[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements })

/** Creates the user, puts `statements` as its one inline policy, and returns its active key's credentials. */
export async function userWithPolicy(iam: IAMClient, userName: string, statements: PolicyStatement[], path?: string) {
  await iam.send(new CreateUserCommand({ UserName: userName, Path: path }))
  if (statements.length) await iam.send(new PutUserPolicyCommand({ UserName: userName, PolicyName: 'test', PolicyDocument: policyOf(...statements) }))
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: userName }))).AccessKey!
  return { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! }
}
