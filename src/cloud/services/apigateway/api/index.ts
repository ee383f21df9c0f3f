/** @module Every API Gateway (REST, v1) operation, in AWS's own input/output shapes. */
import { apiKeyOps } from './api-keys.js'
import { authorizerOps } from './authorizers.js'
import { deploymentOps } from './deployments.js'
import { gatewayResponseOps } from './gateway-responses.js'
import { importOps } from './import-ops.js'
import { methodUpdateOps } from './method-updates.js'
import { methodOps } from './methods.js'
import { modelOps } from './models.js'
import { resourceOps } from './resources.js'
import { restApiOps } from './rest-apis.js'
import type { GetModel, Op } from './shared.js'
import { tagOps } from './tags.js'

export function createApi(model: GetModel): Record<string, Op> {
  const api: Record<string, Op> = {
    ...restApiOps(model),
    ...resourceOps(model),
    ...methodOps(model),
    ...methodUpdateOps(model),
    ...deploymentOps(model),
    ...gatewayResponseOps(model),
    ...modelOps(model),
    ...tagOps(model),
    ...apiKeyOps(model),
    ...authorizerOps(model),
    ...importOps(() => api),
  }
  return api
}
