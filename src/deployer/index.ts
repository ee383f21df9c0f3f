/** @module The deployer's public surface: targets, deploy, stack state and teardown. */
export * from './types.js'
export { resolveTarget, checkCredentials, type CallerIdentity } from './target.js'
export { deployLab, describeLabStack, getStackOutputs } from './deploy.js'
export { teardownLab, teardownAll } from './teardown.js'
export { ensureLocalCloud, findRunningCloud, type LocalCloud } from './local-cloud.js'
export { localizeOutputs, localizeUrl } from './local-urls.js'
export { parseTemplateText } from './template.js'
