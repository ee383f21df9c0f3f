/**
 * @module Which resource types AWS CloudFormation recognises. Unknown types fail validation like AWS
 * (`Unrecognized resource types`); known types the local cloud has no provider for fail at deploy time.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-template-resource-type-ref.html
 */

/** Full type lists for the services the labs use: a typo in these is caught like AWS catches it. */
const CURATED: Record<string, string[]> = {
  S3: ['Bucket', 'BucketPolicy', 'AccessPoint', 'MultiRegionAccessPoint', 'StorageLens'],
  Lambda: ['Function', 'Permission', 'Alias', 'Version', 'LayerVersion', 'LayerVersionPermission', 'EventSourceMapping',
    'EventInvokeConfig', 'Url', 'CodeSigningConfig'],
  ApiGateway: ['Account', 'ApiKey', 'Authorizer', 'BasePathMapping', 'BasePathMappingV2', 'ClientCertificate', 'Deployment',
    'DocumentationPart', 'DocumentationVersion', 'DomainName', 'DomainNameV2', 'GatewayResponse', 'Method', 'Model',
    'RequestValidator', 'Resource', 'RestApi', 'Stage', 'UsagePlan', 'UsagePlanKey', 'VpcLink', 'DomainNameAccessAssociation'],
  ApiGatewayV2: ['Api', 'ApiGatewayManagedOverrides', 'ApiMapping', 'Authorizer', 'Deployment', 'DomainName', 'Integration',
    'IntegrationResponse', 'Model', 'Route', 'RouteResponse', 'Stage', 'VpcLink'],
  DynamoDB: ['Table', 'GlobalTable'],
  IAM: ['AccessKey', 'Group', 'GroupPolicy', 'InstanceProfile', 'ManagedPolicy', 'OIDCProvider', 'Policy', 'Role', 'RolePolicy',
    'SAMLProvider', 'ServerCertificate', 'ServiceLinkedRole', 'User', 'UserPolicy', 'UserToGroupAddition', 'VirtualMFADevice'],
  Logs: ['LogGroup', 'LogStream', 'MetricFilter', 'SubscriptionFilter', 'Destination', 'QueryDefinition', 'ResourcePolicy',
    'AccountPolicy', 'Delivery', 'DeliveryDestination', 'DeliverySource', 'LogAnomalyDetector'],
  Cognito: ['IdentityPool', 'IdentityPoolRoleAttachment', 'IdentityPoolPrincipalTag', 'UserPool', 'UserPoolClient',
    'UserPoolDomain', 'UserPoolGroup', 'UserPoolIdentityProvider', 'UserPoolResourceServer', 'UserPoolRiskConfigurationAttachment',
    'UserPoolUICustomizationAttachment', 'UserPoolUser', 'UserPoolUserToGroupAttachment', 'LogDeliveryConfiguration',
    'ManagedLoginBranding'],
  SQS: ['Queue', 'QueuePolicy', 'QueueInlinePolicy'],
  SNS: ['Topic', 'TopicPolicy', 'Subscription', 'TopicInlinePolicy'],
  CloudFormation: ['Stack', 'CustomResource', 'WaitCondition', 'WaitConditionHandle', 'Macro', 'StackSet', 'HookVersion',
    'ResourceVersion', 'ResourceDefaultVersion', 'ModuleVersion', 'ModuleDefaultVersion', 'PublicTypeVersion', 'Publisher',
    'TypeActivation', 'HookDefaultVersion', 'HookTypeConfig', 'LambdaHook', 'GuardHook'],
}

/** Other AWS namespaces: any type in them is accepted as known (and fails at deploy without a provider). */
const OTHER_NAMESPACES = new Set([
  'EC2', 'ECS', 'ECR', 'EKS', 'ElasticLoadBalancing', 'ElasticLoadBalancingV2', 'AutoScaling', 'CloudFront', 'Route53',
  'CertificateManager', 'KMS', 'SSM', 'SecretsManager', 'Events', 'StepFunctions', 'CloudWatch', 'WAFv2', 'WAF',
  'WAFRegional', 'AppSync', 'Kinesis', 'KinesisFirehose', 'RDS', 'ElastiCache', 'EFS', 'Glue', 'Athena', 'CodeBuild',
  'CodePipeline', 'CodeCommit', 'CodeDeploy', 'Config', 'CloudTrail', 'Scheduler', 'Pipes', 'XRay', 'SES', 'AppConfig',
  'Batch', 'Backup', 'OpenSearchService', 'Elasticsearch', 'MSK', 'AmazonMQ', 'Route53Resolver', 'ServiceDiscovery',
  'Amplify', 'IoT', 'Redshift', 'DocDB', 'Neptune', 'Timestream', 'SageMaker', 'Bedrock', 'VpcLattice', 'Organizations',
  'SSO', 'ResourceGroups', 'Budgets', 'CE', 'Synthetics', 'ApplicationAutoScaling', 'CloudWatchLogs',
])

export function isKnownResourceType(type: string): boolean {
  if (/^Custom::[A-Za-z0-9_@-]{1,60}$/.test(type)) return true
  const m = /^AWS::([A-Za-z0-9]+)::([A-Za-z0-9]+)$/.exec(type)
  if (!m) return false
  const curated = CURATED[m[1]]
  if (curated) return curated.includes(m[2])
  return OTHER_NAMESPACES.has(m[1])
}

/** IAM types that need CAPABILITY_IAM, and the name property that makes them need CAPABILITY_NAMED_IAM. */
export const IAM_TYPES: Record<string, string | undefined> = {
  'AWS::IAM::AccessKey': undefined,
  'AWS::IAM::Group': 'GroupName',
  'AWS::IAM::GroupPolicy': undefined,
  'AWS::IAM::InstanceProfile': 'InstanceProfileName',
  'AWS::IAM::ManagedPolicy': 'ManagedPolicyName',
  'AWS::IAM::Policy': undefined,
  'AWS::IAM::Role': 'RoleName',
  'AWS::IAM::RolePolicy': undefined,
  'AWS::IAM::User': 'UserName',
  'AWS::IAM::UserPolicy': undefined,
  'AWS::IAM::UserToGroupAddition': undefined,
}
