import { describe, expect, it } from 'vitest'
import { benchLambdaInvoke } from '../../src/cloud/services/lambda/bench.js'
import { type TestCloud, useTestCloud } from '../helpers/cloud.js'

let cloud: TestCloud
useTestCloud((c) => {
  cloud = c
})

describe('lambda bench helper', () => {
  it('measures cold and warm invocations for Node.js and Python and cleans up', async () => {
    for (const runtime of ['nodejs22.x', 'python3.13']) {
      const result = await benchLambdaInvoke(cloud.endpoint, cloud.sdk.credentials, runtime, 5)
      expect(result.runtime).toBe(runtime)
      expect(result.coldMs).toBeGreaterThan(0)
      expect(result.warmMedianMs).toBeGreaterThan(0)
    }
  })
})
