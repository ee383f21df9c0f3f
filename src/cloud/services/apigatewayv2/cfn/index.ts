/** @module The CloudFormation resource types API Gateway v2 provides. */
import type { ResourceProvider } from '../../../core/types.js'

export const resourceProviders: Record<string, ResourceProvider> = {}
