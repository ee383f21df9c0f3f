/** @module Every API Gateway v2 operation, in the REST-JSON API's own shapes (camelCase members). */
import { apiOps } from './apis.js'
import { authorizerOps } from './authorizers.js'
import { deploymentOps } from './deployments.js'
import { integrationOps } from './integrations.js'
import { routeOps } from './routes.js'
import type { GetModel, Op } from './shared.js'
import { stageOps } from './stages.js'
import { tagOps } from './tags.js'

export function createApi(model: GetModel): Record<string, Op> {
  return {
    ...apiOps(model),
    ...routeOps(model),
    ...integrationOps(model),
    ...authorizerOps(model),
    ...deploymentOps(model),
    ...stageOps(model),
    ...tagOps(model),
  }
}
