/**
 * @module Teardown: empty the stack's buckets (CloudFormation cannot delete full ones), delete the lab's code
 * artifacts and the stack, then ask the Resource Groups Tagging API what still carries the lab's tag — the
 * learner's proof that nothing keeps costing money.
 * @see https://docs.aws.amazon.com/resourcegroupstagging/latest/APIReference/API_GetResources.html
 */
import { ListStackResourcesCommand, paginateDescribeStacks, type CloudFormationClient } from '@aws-sdk/client-cloudformation'
import { GetResourcesCommand } from '@aws-sdk/client-resource-groups-tagging-api'
import type { LabManifest } from '../runner/lab-types.js'
import { artifactsBucketName, deleteBucket, emptyBucket } from './buckets.js'
import { TargetClients } from './clients.js'
import { deleteStack, describeStack } from './stacks.js'
import { LAB_TAG, MANAGED_TAG } from './tags.js'
import type { StackEventView, Target, TeardownResult } from './types.js'

type OnEvent = (event: StackEventView) => void

export async function teardownLab(
  target: Target,
  lab: Pick<LabManifest, 'id' | 'stackName'> & { stackNameOverride?: string },
  onEvent?: OnEvent,
): Promise<TeardownResult> {
  const clients = new TargetClients(target)
  try {
    const stackName = lab.stackNameOverride ?? lab.stackName
    const deleted = await teardownStack(clients, stackName, onEvent)
    await emptyBucket(await clients.s3(), await artifactsBucket(clients), `${lab.id}/`)
    const check = await settledRemaining(clients, LAB_TAG, lab.id)
    return { ...check, deletedStacks: deleted ? [stackName] : [] }
  } finally {
    await clients.destroy()
  }
}

/** `lab teardown --all`: every stack tagged apigw-labs:managed, then the artifacts bucket itself. */
export async function teardownAll(target: Target, onEvent?: OnEvent): Promise<TeardownResult> {
  const clients = new TargetClients(target)
  try {
    const deletedStacks: string[] = []
    for (const stackName of await managedStacks(await clients.cfn())) {
      if (await teardownStack(clients, stackName, onEvent)) deletedStacks.push(stackName)
    }
    await deleteBucket(await clients.s3(), await artifactsBucket(clients))
    const check = await settledRemaining(clients, MANAGED_TAG, 'true')
    return { ...check, deletedStacks }
  } finally {
    await clients.destroy()
  }
}

/** Empty the stack's buckets, then delete it and wait. False when there was no stack. */
async function teardownStack(clients: TargetClients, stackName: string, onEvent?: OnEvent): Promise<boolean> {
  const cfn = await clients.cfn()
  const stack = await describeStack(cfn, stackName)
  if (!stack) return false
  for (const bucket of await stackBuckets(cfn, stack.StackId!)) await emptyBucket(await clients.s3(), bucket)
  return deleteStack(cfn, stack.StackId!, onEvent, clients.pollMs)
}

async function stackBuckets(cfn: CloudFormationClient, stackId: string): Promise<string[]> {
  const buckets: string[] = []
  let token: string | undefined
  do {
    const page = await cfn.send(new ListStackResourcesCommand({ StackName: stackId, NextToken: token }))
    for (const resource of page.StackResourceSummaries ?? []) {
      if (resource.ResourceType === 'AWS::S3::Bucket' && resource.PhysicalResourceId && resource.ResourceStatus !== 'DELETE_COMPLETE') {
        buckets.push(resource.PhysicalResourceId)
      }
    }
    token = page.NextToken
  } while (token)
  return buckets
}

async function managedStacks(cfn: CloudFormationClient): Promise<string[]> {
  const names: string[] = []
  for await (const page of paginateDescribeStacks({ client: cfn }, {})) {
    for (const stack of page.Stacks ?? []) {
      const managed = stack.Tags?.some((tag) => tag.Key === MANAGED_TAG && tag.Value === 'true')
      if (managed && stack.StackStatus !== 'DELETE_COMPLETE') names.push(stack.StackName!)
    }
  }
  return names
}

async function artifactsBucket(clients: TargetClients): Promise<string> {
  return artifactsBucketName(await clients.accountId(), clients.target.region)
}

/**
 * AWS quirk: the Tagging API can still list a just-deleted resource for a little
 * while, so on AWS a non-empty answer is asked again a few times before it is believed.
 * @see https://repost.aws/questions/QUH0hblHnBT9iK5VpfsVRnBQ/only-get-existing-resources-with-resourcegrouptaggingapi-get-resources
 */
async function settledRemaining(clients: TargetClients, key: string, value: string): Promise<Pick<TeardownResult, 'remaining' | 'unverified'>> {
  let check = await remainingTagged(clients, key, value)
  for (let attempt = 0; clients.target.kind === 'aws' && check.remaining.length > 0 && attempt < 3; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 5000))
    check = await remainingTagged(clients, key, value)
  }
  return check
}

/**
 * What the Tagging API still lists with `key=value`. A failure to ask (no permission, an endpoint without the
 * API) is reported in `unverified` rather than failing a teardown that did its work.
 */
async function remainingTagged(clients: TargetClients, key: string, value: string): Promise<Pick<TeardownResult, 'remaining' | 'unverified'>> {
  const remaining: TeardownResult['remaining'] = []
  let token: string | undefined
  try {
    do {
      const page = await (await clients.tagging()).send(new GetResourcesCommand({ TagFilters: [{ Key: key, Values: [value] }], PaginationToken: token }))
      for (const mapping of page.ResourceTagMappingList ?? []) {
        if (!mapping.ResourceARN || ofStackElsewhere(mapping.Tags ?? [], clients.target.region)) continue
        remaining.push({ arn: mapping.ResourceARN, type: resourceType(mapping.ResourceARN) })
      }
      token = page.PaginationToken || undefined
    } while (token)
  } catch (err) {
    return { remaining, unverified: `${(err as Error).name}: ${(err as Error).message}` }
  }
  return { remaining }
}

/**
 * A global resource (an IAM role) of the same lab's stack in another region: every region's Tagging API lists
 * it, but tearing down this region's stack does not concern it.
 */
function ofStackElsewhere(tags: { Key?: string; Value?: string }[], region: string): boolean {
  const stackId = tags.find((t) => t.Key === 'aws:cloudformation:stack-id')?.Value
  const stackRegion = stackId?.split(':')[3]
  return Boolean(stackRegion) && stackRegion !== region
}

/** `arn:aws:lambda:us-east-1:1:function:x` → `lambda:function`; `arn:aws:s3:::bucket` → `s3`. */
export function resourceType(arn: string): string {
  const [, , service = '', , , ...rest] = arn.split(':')
  const resource = rest.join(':')
  const kind = /^([a-z-]+)[/:]/i.exec(resource)?.[1]
  if (service === 'apigateway') return `apigateway:${resource.split('/')[1] ?? ''}`
  return kind ? `${service}:${kind}` : service
}
