/**
 * @module AWS::Lambda::Permission over AddPermission/RemovePermission. The statement id is generated from the
 * stack and logical id; every property change replaces the permission.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-permission.html
 */
import { AwsError } from '../../../core/aws-error.js'
import { physicalName } from '../../../core/ids.js'
import type { ResourceProvider } from '../../../core/types.js'

interface PermissionProps {
  Action: string
  FunctionName: string
  Principal: string
  SourceArn?: string
  SourceAccount?: string
  EventSourceToken?: string
  PrincipalOrgID?: string
}

export const permissionProvider: ResourceProvider<PermissionProps> = {
  properties: ['Action', 'FunctionName', 'Principal', 'SourceArn', 'SourceAccount', 'EventSourceToken', 'PrincipalOrgID'],
  required: ['Action', 'FunctionName', 'Principal'],

  async create(props, rc) {
    const sid = physicalName(rc.stackName, rc.logicalId, 100)
    // A bare function name (what !Ref gives) is the stack's region's function, not the cloud's default region's.
    await rc.call('lambda', 'AddPermission', {
      __region: rc.region,
      FunctionName: props.FunctionName,
      StatementId: sid,
      Action: props.Action,
      Principal: props.Principal,
      SourceArn: props.SourceArn,
      SourceAccount: props.SourceAccount,
      EventSourceToken: props.EventSourceToken,
      PrincipalOrgID: props.PrincipalOrgID,
    })
    return { physicalId: sid, attributes: { Id: sid } }
  },

  async delete(physicalId, props, rc) {
    try {
      await rc.call('lambda', 'RemovePermission', { __region: rc.region, FunctionName: props.FunctionName, StatementId: physicalId })
    } catch (err) {
      if (!(err instanceof AwsError && err.code === 'ResourceNotFoundException')) throw err
    }
  },
}
