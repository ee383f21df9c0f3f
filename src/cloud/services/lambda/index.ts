/**
 * @module AWS Lambda for the local cloud: the REST-JSON control plane and Invoke, Node.js and Python runtimes
 * in child-process sandboxes, and the CloudFormation providers for functions and permissions.
 * @see https://docs.aws.amazon.com/lambda/latest/api/welcome.html
 */
import type { ServiceDef } from '../../core/types.js'
import { functionApi, type LambdaState } from './api.js'
import { policyApi } from './api-policy.js'
import { functionProvider } from './cfn/function.js'
import { permissionProvider } from './cfn/permission.js'
import { LogSink } from './log-sink.js'
import { LambdaModel } from './model.js'
import { Runtimes } from './runtimes/index.js'
import { handleWire } from './wire.js'

export function lambdaService(): ServiceDef {
  const state: LambdaState = {}
  const api = { ...functionApi(state), ...policyApi(state) }
  return {
    name: 'lambda',
    signingNames: ['lambda'],
    protocol: 'rest-json',
    api,
    resourceProviders: {
      'AWS::Lambda::Function': functionProvider,
      'AWS::Lambda::Permission': permissionProvider,
    },
    async start(ctx) {
      state.model = new LambdaModel(ctx)
      state.runtimes = new Runtimes(ctx)
      state.runtimes.start()
      state.sink = new LogSink(ctx)
    },
    async stop() {
      await state.sink?.flush()
      state.runtimes?.stop()
    },
    handle: (req, ctx) => handleWire(req, ctx, api),
  }
}
