/**
 * @module The properties each resource type the local cloud provides has on AWS (from the CloudFormation template
 * reference, December 2026). A property outside this list is no property of the type: a typo, reported as AWS's
 * schema validation reports it; one in the list that the provider does not honour is a gap of the local cloud.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-template-resource-type-ref.html
 */
export const AWS_PROPERTIES: Record<string, readonly string[]> = {
  'AWS::ApiGateway::Account': ['CloudWatchRoleArn'],
  'AWS::ApiGateway::ApiKey': [
    'CustomerId', 'Description', 'Enabled', 'GenerateDistinctId', 'Name', 'StageKeys', 'Tags', 'Value',
  ],
  'AWS::ApiGateway::Authorizer': [
    'AuthType', 'AuthorizerCredentials', 'AuthorizerResultTtlInSeconds', 'AuthorizerUri', 'IdentitySource',
    'IdentityValidationExpression', 'Name', 'ProviderARNs', 'RestApiId', 'Type',
  ],
  'AWS::ApiGateway::UsagePlan': ['ApiStages', 'Description', 'Quota', 'Tags', 'Throttle', 'UsagePlanName'],
  'AWS::ApiGateway::UsagePlanKey': ['KeyId', 'KeyType', 'UsagePlanId'],
  'AWS::ApiGateway::Deployment': [
    'DeploymentCanarySettings', 'Description', 'RestApiId', 'StageDescription', 'StageName',
  ],
  'AWS::ApiGateway::GatewayResponse': [
    'ResponseParameters', 'ResponseTemplates', 'ResponseType', 'RestApiId', 'StatusCode',
  ],
  'AWS::ApiGateway::Method': [
    'ApiKeyRequired', 'AuthorizationScopes', 'AuthorizationType', 'AuthorizerId', 'HttpMethod', 'Integration',
    'MethodResponses', 'OperationName', 'RequestModels', 'RequestParameters', 'RequestValidatorId', 'ResourceId',
    'RestApiId',
  ],
  'AWS::ApiGateway::Model': ['ContentType', 'Description', 'Name', 'RestApiId', 'Schema'],
  'AWS::ApiGateway::Resource': ['ParentId', 'PathPart', 'RestApiId'],
  'AWS::ApiGateway::RestApi': [
    'ApiKeySourceType', 'BinaryMediaTypes', 'Body', 'BodyS3Location', 'CloneFrom', 'Description',
    'DisableExecuteApiEndpoint', 'EndpointAccessMode', 'EndpointConfiguration', 'FailOnWarnings',
    'MinimumCompressionSize', 'Mode', 'Name', 'Parameters', 'Policy', 'SecurityPolicy', 'Tags', 'Version',
  ],
  'AWS::ApiGateway::Stage': [
    'AccessLogSetting', 'CacheClusterEnabled', 'CacheClusterSize', 'CanarySetting', 'ClientCertificateId',
    'DeploymentId', 'Description', 'DocumentationVersion', 'MethodSettings', 'RestApiId', 'StageName', 'Tags',
    'TracingEnabled', 'Variables',
  ],
  'AWS::ApiGatewayV2::Api': [
    'ApiKeySelectionExpression', 'BasePath', 'Body', 'BodyS3Location', 'CorsConfiguration', 'CredentialsArn', 'Description',
    'DisableExecuteApiEndpoint', 'DisableSchemaValidation', 'FailOnWarnings', 'IpAddressType', 'Name', 'ProtocolType',
    'RouteKey', 'RouteSelectionExpression', 'Tags', 'Target', 'Version',
  ],
  'AWS::ApiGatewayV2::Authorizer': [
    'ApiId', 'AuthorizerCredentialsArn', 'AuthorizerPayloadFormatVersion', 'AuthorizerResultTtlInSeconds', 'AuthorizerType',
    'AuthorizerUri', 'EnableSimpleResponses', 'IdentitySource', 'IdentityValidationExpression', 'JwtConfiguration', 'Name',
  ],
  'AWS::ApiGatewayV2::Deployment': ['ApiId', 'Description', 'StageName'],
  'AWS::ApiGatewayV2::Integration': [
    'ApiId', 'ConnectionId', 'ConnectionType', 'ContentHandlingStrategy', 'CredentialsArn', 'Description', 'IntegrationMethod',
    'IntegrationSubtype', 'IntegrationType', 'IntegrationUri', 'PassthroughBehavior', 'PayloadFormatVersion',
    'RequestParameters', 'RequestTemplates', 'ResponseParameters', 'TemplateSelectionExpression', 'TimeoutInMillis', 'TlsConfig',
  ],
  'AWS::ApiGatewayV2::IntegrationResponse': [
    'ApiId', 'ContentHandlingStrategy', 'IntegrationId', 'IntegrationResponseKey', 'ResponseParameters', 'ResponseTemplates',
    'TemplateSelectionExpression',
  ],
  'AWS::ApiGatewayV2::Route': [
    'ApiId', 'ApiKeyRequired', 'AuthorizationScopes', 'AuthorizationType', 'AuthorizerId', 'ModelSelectionExpression',
    'OperationName', 'RequestModels', 'RequestParameters', 'RouteKey', 'RouteResponseSelectionExpression', 'Target',
  ],
  'AWS::ApiGatewayV2::RouteResponse': ['ApiId', 'ModelSelectionExpression', 'ResponseModels', 'ResponseParameters', 'RouteId', 'RouteResponseKey'],
  'AWS::ApiGatewayV2::Stage': [
    'AccessLogSettings', 'AccessPolicyId', 'ApiId', 'AutoDeploy', 'ClientCertificateId', 'DefaultRouteSettings', 'DeploymentId',
    'Description', 'RouteSettings', 'StageName', 'StageVariables', 'Tags',
  ],
  'AWS::DynamoDB::Table': [
    'AttributeDefinitions', 'BillingMode', 'ContributorInsightsSpecification', 'DeletionProtectionEnabled',
    'GlobalSecondaryIndexes', 'ImportSourceSpecification', 'KeySchema', 'KinesisStreamSpecification',
    'LocalSecondaryIndexes', 'OnDemandThroughput', 'PointInTimeRecoverySpecification', 'ProvisionedThroughput',
    'ResourcePolicy', 'SSESpecification', 'StreamSpecification', 'TableClass', 'TableName', 'Tags',
    'TimeToLiveSpecification', 'WarmThroughput',
  ],
  'AWS::IAM::Policy': ['Groups', 'PolicyDocument', 'PolicyName', 'Roles', 'Users'],
  'AWS::IAM::Role': [
    'AssumeRolePolicyDocument', 'Description', 'ManagedPolicyArns', 'MaxSessionDuration', 'Path',
    'PermissionsBoundary', 'Policies', 'RoleName', 'Tags',
  ],
  'AWS::Lambda::Function': [
    'Architectures', 'CapacityProviderConfig', 'Code', 'CodeSigningConfigArn', 'DeadLetterConfig', 'Description',
    'DurableConfig', 'Environment', 'EphemeralStorage', 'FileSystemConfigs', 'FunctionName', 'FunctionScalingConfig',
    'Handler', 'ImageConfig', 'KmsKeyArn', 'Layers', 'LoggingConfig', 'MemorySize', 'PackageType', 'Policy',
    'PublishToLatestPublished', 'RecursiveLoop', 'ReservedConcurrentExecutions', 'Role', 'Runtime',
    'RuntimeManagementConfig', 'SnapStart', 'Tags', 'TenancyConfig', 'Timeout', 'TracingConfig', 'VpcConfig',
  ],
  'AWS::Lambda::Permission': [
    'Action', 'EventSourceToken', 'FunctionName', 'FunctionUrlAuthType', 'InvokedViaFunctionUrl', 'Principal',
    'PrincipalOrgID', 'SourceAccount', 'SourceArn',
  ],
  'AWS::Logs::LogGroup': [
    'BearerTokenAuthenticationEnabled', 'DataProtectionPolicy', 'DeletionProtectionEnabled', 'FieldIndexPolicies',
    'KmsKeyId', 'LogGroupClass', 'LogGroupName', 'ResourcePolicyDocument', 'RetentionInDays', 'Tags',
  ],
  'AWS::S3::BucketPolicy': ['Bucket', 'PolicyDocument'],
  'AWS::S3::Bucket': [
    'AbacStatus', 'AccelerateConfiguration', 'AccessControl', 'AnalyticsConfigurations', 'BucketEncryption',
    'BucketName', 'BucketNamePrefix', 'BucketNamespace', 'CorsConfiguration', 'IntelligentTieringConfigurations',
    'InventoryConfigurations', 'LifecycleConfiguration', 'LoggingConfiguration', 'MetadataConfiguration',
    'MetadataTableConfiguration', 'MetricsConfigurations', 'NotificationConfiguration', 'ObjectLockConfiguration',
    'ObjectLockEnabled', 'OwnershipControls', 'PublicAccessBlockConfiguration', 'ReplicationConfiguration', 'Tags',
    'VersioningConfiguration', 'WebsiteConfiguration',
  ],
  'AWS::CloudFormation::Stack': ['NotificationARNs', 'Parameters', 'Tags', 'TemplateURL', 'TimeoutInMinutes'],
}
