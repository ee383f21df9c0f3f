/**
 * @module ImportRestApi and PutRestApi (merge | overwrite) from an OpenAPI document.
 * @see https://docs.aws.amazon.com/apigateway/latest/api/API_ImportRestApi.html
 * @see https://docs.aws.amazon.com/apigateway/latest/api/API_PutRestApi.html
 */
import { badRequest } from '../model.js'
import { clearDefinition, importDefinition, readDefinition } from './openapi-import.js'
import type { Op } from './shared.js'

export function importOps(all: () => Record<string, Op>): Record<string, Op> {
  return {
    async ImportRestApi(input, ctx) {
      const doc = readDefinition(input.body)
      const ops = all()
      const api = await ops.CreateRestApi(
        {
          name: doc.info?.title || 'imported',
          description: doc.info?.description,
          version: doc.info?.version,
          binaryMediaTypes: doc['x-amazon-apigateway-binary-media-types'],
          endpointConfiguration: input.endpointConfiguration,
          region: input.region,
        },
        ctx,
      )
      try {
        await importDefinition(ops, ctx, api.id, doc)
      } catch (err) {
        // An import is all or nothing.
        await ops.DeleteRestApi({ restApiId: api.id }, ctx).catch(() => {})
        throw err
      }
      return ops.GetRestApi({ restApiId: api.id }, ctx)
    },

    async PutRestApi(input, ctx) {
      const doc = readDefinition(input.body)
      const mode = input.mode ?? 'merge'
      if (mode !== 'merge' && mode !== 'overwrite') throw badRequest(`Invalid mode: ${mode}`)
      const ops = all()
      await ops.GetRestApi({ restApiId: input.restApiId }, ctx)
      if (mode === 'overwrite') await clearDefinition(ops, ctx, input.restApiId)
      // Not implemented: merging into existing methods (merge only adds what is new; clashes are conflicts).
      await importDefinition(ops, ctx, input.restApiId, doc)
      const types: string[] = doc['x-amazon-apigateway-binary-media-types'] ?? []
      const escape = (t: string) => t.replace(/~/g, '~0').replace(/\//g, '~1')
      const patch: { op: string; path: string; value?: string }[] = types.map((t) => ({ op: 'add', path: `/binaryMediaTypes/${escape(t)}` }))
      if (doc.info?.title && mode === 'overwrite') patch.push({ op: 'replace', path: '/name', value: doc.info.title })
      if (patch.length) await ops.UpdateRestApi({ restApiId: input.restApiId, patchOperations: patch }, ctx)
      return ops.GetRestApi({ restApiId: input.restApiId }, ctx)
    },
  }
}
