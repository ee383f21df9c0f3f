/**
 * @module The members that name a resource, kept only for the operations that take them. The API gate reads the
 * resource an operation acts on from its input, and the services ignore members an operation does not take; so
 * a caller who added another operation's member (`CreateAccessKey` with `UserName=admin` and `RoleName=mine`, a
 * DynamoDB `Scan` of one table with another's `ResourceArn`, a Lambda configuration update with a `Qualifier`)
 * had the gate judge a resource the operation never touched. Here each such member is dropped unless the operation
 * is one that takes it, so the gate judges exactly what the service acts on.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 */

type Members = Record<string, unknown>

const TAG_OPERATIONS = new Set(['TagResource', 'UntagResource', 'ListTagsForResource'])
const LAMBDA_QUALIFIED = new Set(['GetFunction', 'DeleteFunction', 'Invoke', 'GetFunctionConfiguration', 'AddPermission', 'GetPolicy', 'RemovePermission'])
const DYNAMODB_RESOURCE_ARN = new Set(['TagResource', 'UntagResource', 'ListTagsOfResource', 'GetResourcePolicy', 'PutResourcePolicy', 'DeleteResourcePolicy'])
const DYNAMODB_TABLE_ARN = new Set(['ExportTableToPointInTime', 'ListExports'])
const IAM_LISTS = new Set(['ListRoles', 'ListUsers', 'ListPolicies'])
const IAM_USER_OPERATION = /User|AccessKey|SigningCertificate|SSHPublicKey|ServiceSpecificCredential|LoginProfile|MFADevice/

/** For each service: member → whether `operation` takes it (members not listed are kept). */
const TAKEN_BY: Record<string, Record<string, (operation: string) => boolean>> = {
  iam: {
    RoleName: (op) => op.includes('Role') && !IAM_LISTS.has(op),
    UserName: (op) => IAM_USER_OPERATION.test(op) && !IAM_LISTS.has(op),
    PolicyArn: (op) => op.includes('Polic') && !IAM_LISTS.has(op),
  },
  dynamodb: {
    ResourceArn: (op) => DYNAMODB_RESOURCE_ARN.has(op),
    TableArn: (op) => DYNAMODB_TABLE_ARN.has(op),
  },
  logs: { resourceArn: (op) => TAG_OPERATIONS.has(op) },
  'cognito-idp': { ResourceArn: (op) => TAG_OPERATIONS.has(op) },
  lambda: { Qualifier: (op) => LAMBDA_QUALIFIED.has(op) },
}

/** `input` without the resource members `operation` does not take (the same object when it has none). */
export function operationMembers<T extends Members | undefined>(service: string, operation: string, input: T): T {
  if (!input || typeof input !== 'object' || !Object.hasOwn(TAKEN_BY, service)) return input
  const rules = TAKEN_BY[service]
  let kept: Members | undefined
  for (const member of Object.keys(rules)) {
    if (!Object.hasOwn(input, member) || rules[member](operation)) continue
    kept ??= { ...input }
    delete kept[member]
  }
  return (kept ?? input) as T
}
