/**
 * @module Stack state as the API returns it (SDK v3 member names; NoEcho values as `****`).
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_Stack.html
 */
import type { Deployment, ResourceState, StackState } from './model.js'

export function parametersView(d: Deployment) {
  return Object.entries(d.parameters).map(([ParameterKey, value]) => ({
    ParameterKey,
    ParameterValue: d.noEcho.includes(ParameterKey) ? '****' : value,
  }))
}

export function stackView(s: StackState) {
  return {
    StackId: s.stackId,
    StackName: s.stackName,
    ChangeSetId: s.changeSetId,
    Description: s.description,
    Parameters: parametersView(s),
    CreationTime: s.creationTime,
    LastUpdatedTime: s.lastUpdatedTime,
    DeletionTime: s.deletionTime,
    StackStatus: s.status,
    StackStatusReason: s.statusReason,
    DisableRollback: s.disableRollback,
    NotificationARNs: s.notificationARNs,
    Capabilities: s.capabilities,
    Outputs: s.outputs,
    Tags: s.tags,
    RoleARN: s.roleARN,
    EnableTerminationProtection: s.terminationProtection === true,
    ParentId: s.parentId,
    RootId: s.rootId,
    DriftInformation: { StackDriftStatus: 'NOT_CHECKED' },
  }
}

export function stackSummaryView(s: StackState) {
  return {
    StackId: s.stackId,
    StackName: s.stackName,
    TemplateDescription: s.description,
    CreationTime: s.creationTime,
    LastUpdatedTime: s.lastUpdatedTime,
    DeletionTime: s.deletionTime,
    StackStatus: s.status,
    StackStatusReason: s.statusReason,
    DriftInformation: { StackDriftStatus: 'NOT_CHECKED' },
  }
}

export function resourceView(s: StackState, r: ResourceState) {
  return {
    StackName: s.stackName,
    StackId: s.stackId,
    LogicalResourceId: r.logicalId,
    PhysicalResourceId: r.physicalId,
    ResourceType: r.type,
    Timestamp: r.timestamp,
    ResourceStatus: r.status,
    ResourceStatusReason: r.statusReason,
    DriftInformation: { StackResourceDriftStatus: 'NOT_CHECKED' },
  }
}

export function resourceSummaryView(r: ResourceState) {
  return {
    LogicalResourceId: r.logicalId,
    PhysicalResourceId: r.physicalId,
    ResourceType: r.type,
    LastUpdatedTimestamp: r.timestamp,
    ResourceStatus: r.status,
    ResourceStatusReason: r.statusReason,
    DriftInformation: { StackResourceDriftStatus: 'NOT_CHECKED' },
  }
}
