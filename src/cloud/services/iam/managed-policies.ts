/**
 * @module AWS managed policies the local cloud knows by name, with the path each one lives under. IAM has over a
 * thousand and the local cloud does not list them all; what it can tell is a well-known policy given the wrong
 * path — `arn:aws:iam::aws:policy/AWSLambdaBasicExecutionRole`, without `service-role/`, is the classic — which AWS
 * refuses with NoSuchEntity, so a stack that deploys here does not roll back on AWS.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/permissions-managed-policies.html
 */
const SERVICE_ROLE = [
  'AWSLambdaBasicExecutionRole',
  'AWSLambdaDynamoDBExecutionRole',
  'AWSLambdaKinesisExecutionRole',
  'AWSLambdaMSKExecutionRole',
  'AWSLambdaSQSQueueExecutionRole',
  'AWSLambdaVPCAccessExecutionRole',
  'AWSLambdaENIManagementAccess',
  'AWSLambdaRole',
  'AmazonAPIGatewayPushToCloudWatchLogs',
]
const TOP_LEVEL = [
  'AdministratorAccess',
  'PowerUserAccess',
  'ReadOnlyAccess',
  'IAMFullAccess',
  'AWSLambdaExecute',
  'AWSLambda_FullAccess',
  'AWSLambda_ReadOnlyAccess',
  'AWSXRayDaemonWriteAccess',
  'AmazonAPIGatewayAdministrator',
  'AmazonAPIGatewayInvokeFullAccess',
  'AmazonDynamoDBFullAccess',
  'AmazonDynamoDBReadOnlyAccess',
  'AmazonS3FullAccess',
  'AmazonS3ReadOnlyAccess',
  'CloudWatchLogsFullAccess',
  'CloudWatchLogsReadOnlyAccess',
  'AmazonCognitoPowerUser',
  'AmazonCognitoReadOnly',
  'AmazonSQSFullAccess',
  'AmazonSNSFullAccess',
]
const PATHS = new Map<string, string>([...SERVICE_ROLE.map((n) => [n, '/service-role/'] as const), ...TOP_LEVEL.map((n) => [n, '/'] as const)])

/**
 * Whether a policy ARN can be attached here. The local account has no customer managed policies (the local cloud
 * offers no CreatePolicy), so only AWS managed ones can; of those, a known name must have its real path.
 * Not implemented: the full catalog — an AWS managed policy the local cloud does not know by name is accepted.
 */
export function isAttachable(policyArn: string): boolean {
  const match = /^arn:aws[\w-]*:iam::(aws|\d{12}):policy(\/(?:.*\/)?)([^/]+)$/.exec(policyArn)
  if (!match) return false
  const [, owner, path, name] = match
  if (owner !== 'aws') return false
  const known = PATHS.get(name)
  return known === undefined || known === path
}

const allowAll = (actions: string[]) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] })

/**
 * The documents of the AWS managed policies the labs' templates attach (functions' execution roles) and of those a
 * learner grants execute-api, S3 or everything with, for evaluation. Not implemented: the documents of the others —
 * attached, they grant nothing here (the gate's AccessDenied and the authorize step's log say so), never more than on
 * AWS.
 * @see https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonAPIGatewayInvokeFullAccess.html
 * @see https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AdministratorAccess.html
 * @see https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSLambdaBasicExecutionRole.html
 * @see https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonS3ReadOnlyAccess.html
 */
const AWS_MANAGED_DOCUMENTS: Record<string, string> = {
  '/service-role/AWSLambdaBasicExecutionRole': allowAll(['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents']),
  '/service-role/AWSLambdaDynamoDBExecutionRole': allowAll([
    'dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams',
    'logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents',
  ]),
  '/service-role/AWSLambdaRole': allowAll(['lambda:InvokeFunction']),
  '/AmazonS3ReadOnlyAccess': allowAll(['s3:Get*', 's3:List*', 's3:Describe*', 's3-object-lambda:Get*', 's3-object-lambda:List*']),
  '/AmazonS3FullAccess': allowAll(['s3:*', 's3-object-lambda:*']),
  '/AdministratorAccess': JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }),
  '/AmazonAPIGatewayInvokeFullAccess': JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: ['execute-api:Invoke', 'execute-api:ManageConnections'], Resource: 'arn:aws:execute-api:*:*:*' }],
  }),
  '/PowerUserAccess': JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' },
      { Effect: 'Allow', Action: ['iam:CreateServiceLinkedRole', 'iam:DeleteServiceLinkedRole', 'iam:ListRoles', 'organizations:DescribeOrganization', 'account:ListRegions', 'account:GetAccountInformation'], Resource: '*' },
    ],
  }),
}

/** The document of an AWS managed policy the local cloud knows, by ARN. */
export function awsManagedDocument(policyArn: string): string | undefined {
  const match = /^arn:aws:iam::aws:policy(\/(?:.*\/)?[^/]+)$/.exec(policyArn)
  return match && Object.hasOwn(AWS_MANAGED_DOCUMENTS, match[1]) ? AWS_MANAGED_DOCUMENTS[match[1]] : undefined
}
