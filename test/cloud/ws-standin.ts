/**
 * A stand-in `apigatewayv2` service for the data plane's tests while the control plane is built alongside:
 * `_deployedStage` answers from the snapshots a test registers, and the real WebSocket data plane is plugged in
 * exactly as the service plugs it (`upgrade`, `_executeApi`, `stop`).
 */
import { AwsError } from '../../src/cloud/core/aws-error.js'
import type { ServiceDef } from '../../src/cloud/core/types.js'
import { webSocketDataPlane } from '../../src/cloud/services/apigatewayv2/ws/index.js'
import type { DeployedWebSocketApi } from '../../src/cloud/services/apigatewayv2/ws/snapshot.js'

export const deployed = new Map<string, DeployedWebSocketApi>()

export function standInService(): ServiceDef {
  const plane = webSocketDataPlane()
  return {
    name: 'apigatewayv2',
    signingNames: [],
    protocol: 'rest-json',
    async handle() {
      throw new AwsError('NotImplemented', 501, 'stand-in')
    },
    api: {
      async _deployedStage({ apiId, stage }: { apiId: string; stage: string }) {
        const api = deployed.get(apiId)
        return api && api.stageName === stage ? structuredClone(api) : undefined
      },
      _executeApi: ({ request }, ctx) => plane.handleHttp(request, ctx),
    },
    upgrade: (raw, socket, head, ctx) => plane.upgrade(raw, socket, head, ctx),
    stop: () => plane.stop(),
  }
}
