/**
 * @module Teardown: empty the stack's buckets (CloudFormation cannot delete full ones), delete the lab's code
 * artifacts, the stack and the log groups its functions and APIs wrote outside it, then ask the Resource Groups Tagging API what still carries the lab's tag — the
 * learner's proof that nothing keeps costing money.
 * @see https://docs.aws.amazon.com/resourcegroupstagging/latest/APIReference/API_GetResources.html
 */
import { ListStackResourcesCommand, paginateDescribeStacks, type CloudFormationClient } from '@aws-sdk/client-cloudformation'
import { GetResourcesCommand } from '@aws-sdk/client-resource-groups-tagging-api'
import type { LabManifest } from '../runner/lab-types.js'
import { artifactsBucketName, deleteBucket, emptyBucket } from './buckets.js'
import { TargetClients } from './clients.js'
import { deleteStack, describeStack } from './stacks.js'
import { deleteLogGroups, findLogGroups, logGroupOwners, mergeOwners, noOwners, type LogGroupOwners } from './log-groups.js'
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
    const owners = noOwners()
    const deleted = await teardownStack(clients, stackName, owners, onEvent)
    // With the stack already gone, its name still finds the groups of its (unnamed) functions.
    if (!deleted) owners.stacks.push(stackName)
    await emptyBucket(await clients.s3(), await artifactsBucket(clients), `${lab.id}/`)
    const deletedLogGroups = await deleteLogGroups(await clients.logs(), owners)
    const check = await settledRemaining(clients, LAB_TAG, lab.id, owners)
    return { ...check, deletedStacks: deleted ? [stackName] : [], deletedLogGroups }
  } finally {
    await clients.destroy()
  }
}

/** `lab teardown --all`: every stack tagged apigw-labs:managed, then the artifacts bucket itself. */
export async function teardownAll(target: Target, onEvent?: OnEvent): Promise<TeardownResult> {
  const clients = new TargetClients(target)
  try {
    const deletedStacks: string[] = []
    const owners = noOwners()
    for (const stackName of await managedStacks(await clients.cfn())) {
      if (await teardownStack(clients, stackName, owners, onEvent)) deletedStacks.push(stackName)
    }
    await deleteBucket(await clients.s3(), await artifactsBucket(clients))
    const deletedLogGroups = await deleteLogGroups(await clients.logs(), owners)
    const check = await settledRemaining(clients, MANAGED_TAG, 'true', owners)
    return { ...check, deletedStacks, deletedLogGroups }
  } finally {
    await clients.destroy()
  }
}

/**
 * Empty the stack's buckets, record what owns log groups outside it (into `owners`), then delete it and wait.
 * False when there was no stack.
 */
async function teardownStack(clients: TargetClients, stackName: string, owners: LogGroupOwners, onEvent?: OnEvent): Promise<boolean> {
  const cfn = await clients.cfn()
  const stack = await describeStack(cfn, stackName)
  if (!stack) return false
  mergeOwners(owners, await logGroupOwners(cfn, stack.StackId!, stackName))
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
async function settledRemaining(
  clients: TargetClients,
  key: string,
  value: string,
  owners: LogGroupOwners,
): Promise<Pick<TeardownResult, 'remaining' | 'unverified'>> {
  let check = await remainingTagged(clients, key, value)
  for (let attempt = 0; clients.target.kind === 'aws' && check.remaining.length > 0 && attempt < 3; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 5000))
    check = await remainingTagged(clients, key, value)
  }
  // Log groups carry no tag of the lab (Lambda and API Gateway create them): they are looked for by name.
  const groups = await findLogGroups(await clients.logs(), owners)
  return { ...check, remaining: [...check.remaining, ...groups.map((g) => ({ arn: g.arn, type: 'logs:log-group' }))] }
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
