/**
 * @module CloudFormation: stacks, change sets and the engine that drives the other services' resource
 * providers. Query protocol, XML responses.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/Welcome.html
 */
import { authorizeApiCall } from '../../authz/api-gate.js'
import { AwsError } from '../../core/aws-error.js'
import { ownOperation } from '../../core/safe-names.js'
import type { CloudContext, ServiceDef } from '../../core/types.js'
import { parseQueryParams, queryResponse } from '../../protocols/query.js'
import * as changeSets from './api-change-sets.js'
import * as read from './api-read.js'
import * as stacks from './api-stacks.js'
import { nestedStackProvider } from './nested-stack.js'
import { CfnState, type CfnOptions } from './state.js'
import { readInput, XMLNS } from './wire.js'
import type { Requester } from './acting.js'

type Op = (state: CfnState, input: any, region: string, requester?: Requester) => unknown

const OPERATIONS: Record<string, Op> = {
  CreateStack: stacks.createStack,
  UpdateStack: stacks.updateStack,
  DeleteStack: stacks.deleteStack,
  UpdateTerminationProtection: stacks.updateTerminationProtection,
  DescribeStacks: read.describeStacks,
  DescribeStackEvents: read.describeStackEvents,
  DescribeStackResource: read.describeStackResource,
  DescribeStackResources: read.describeStackResources,
  ListStackResources: read.listStackResources,
  ListStacks: read.listStacks,
  GetTemplate: read.getTemplate,
  GetTemplateSummary: read.getTemplateSummary,
  ValidateTemplate: (s, i) => read.validateTemplate(s, i),
  ListExports: (s, _i, r) => read.listExports(s, r),
  ListImports: read.listImports,
  CreateChangeSet: changeSets.createChangeSet,
  DescribeChangeSet: changeSets.describeChangeSet,
  ExecuteChangeSet: changeSets.executeChangeSet,
  DeleteChangeSet: changeSets.deleteChangeSet,
  ListChangeSets: changeSets.listChangeSets,
}

export interface CloudFormationService extends ServiceDef {
  /** Resolves once no stack operation is running (tests, shutdown). */
  idle(): Promise<void>
}

export function cloudformationService(options: CfnOptions = {}): CloudFormationService {
  let state: CfnState | undefined
  const ready = (ctx: CloudContext) => {
    if (!state) {
      state = new CfnState(ctx, options)
      state.builtins['AWS::CloudFormation::Stack'] = nestedStackProvider(state)
    }
    return state
  }
  const api: ServiceDef['api'] = {}
  for (const [name, op] of Object.entries(OPERATIONS)) {
    api[name] = async (input, ctx) => op(ready(ctx), input ?? {}, input?.Region ?? ctx.defaultRegion)
  }
  /** For the Tagging API: live stacks and their tags (AWS lists stacks among tagged resources). */
  api._listTaggedResources = async (_input, ctx) =>
    Object.values(ready(ctx).data.stacks)
      .filter((s) => s.status !== 'DELETE_COMPLETE' && s.tags.length > 0)
      .map((s) => ({ ResourceARN: s.stackId, Tags: s.tags }))
  return {
    name: 'cloudformation',
    signingNames: ['cloudformation'],
    protocol: 'query',
    api,
    async start(ctx) {
      ready(ctx).recover()
    },
    async recover(ctx) {
      await ready(ctx).adoptInterrupted()
    },
    async stop() {
      // Let running operations finish (briefly): what does not is failed on the next start.
      await Promise.race([state?.idle(), new Promise((r) => setTimeout(r, 5000).unref())])
      state?.saveNow()
    },
    async idle() {
      await state?.idle()
    },
    async handle(req, ctx) {
      const params = parseQueryParams(req.body, req.query)
      const action = params.Action
      req.operation = action
      const op = ownOperation(OPERATIONS, action)
      if (!op) throw new AwsError('InvalidAction', 400, `Could not find operation ${action ?? '(none)'} for version 2010-05-15`)
      const input = readInput(params)
      await authorizeApiCall(req, ctx, 'cloudformation', input)
      // The engine then acts as the caller (or the stack's service role): `acting.ts`, `authz/delegated-call.ts`.
      const result = await op(ready(ctx), input, req.region, { req })
      return queryResponse(action, XMLNS, result, req.requestId)
    },
  }
}
