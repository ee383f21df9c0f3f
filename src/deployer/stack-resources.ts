/** @module The resources of a deployed stack (CloudFormation ListStackResources), e.g. its DynamoDB tables for `lab inspect table`. */
import { TargetClients } from './clients.js'
import type { Target } from './types.js'

export interface StackResource {
  logicalId: string
  physicalId: string
  type: string
}

/** Every resource of `stackName` (empty when the stack does not exist), optionally only those of `type`. */
export async function listStackResources(target: Target, stackName: string, type?: string): Promise<StackResource[]> {
  const { ListStackResourcesCommand } = await import('@aws-sdk/client-cloudformation')
  const clients = new TargetClients(target)
  const resources: StackResource[] = []
  try {
    const cfn = await clients.cfn()
    let NextToken: string | undefined
    do {
      const page = await cfn.send(new ListStackResourcesCommand({ StackName: stackName, NextToken }))
      for (const r of page.StackResourceSummaries ?? []) {
        if (type && r.ResourceType !== type) continue
        resources.push({ logicalId: r.LogicalResourceId ?? '', physicalId: r.PhysicalResourceId ?? '', type: r.ResourceType ?? '' })
      }
      NextToken = page.NextToken
    } while (NextToken)
  } catch (error) {
    // A stack that does not exist: CloudFormation says so with a ValidationError.
    if ((error as { name?: string }).name === 'ValidationError' && /does not exist/.test((error as Error).message)) return []
    throw error
  } finally {
    await clients.destroy()
  }
  return resources
}
