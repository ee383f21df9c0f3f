import { describe, expect, it } from 'vitest'
import { AwsError } from '../core/aws-error.js'
import type { CloudContext, CloudRequest } from '../core/types.js'
import { BodyBudget } from './body.js'
import { browserRefusal, pageOrigin } from './foreign-callers.js'
import { edgeSteps, runSteps, type EdgeStep } from './pipeline.js'

const ctx = {} as CloudContext
const request = (headers: Record<string, string>, route: CloudRequest['route'] = { kind: 'unknown' }, method = 'POST') =>
  ({ headers, route, method, host: 'localhost', rawPath: '/', query: new URLSearchParams() }) as unknown as CloudRequest

describe('runSteps', () => {
  it('runs the steps in order and stops at the first refusal; synchronous steps cost no promise', () => {
    const seen: string[] = []
    const pass = (name: string): EdgeStep => () => void seen.push(name)
    const refuse: EdgeStep = () => new AwsError('AccessDenied', 403, 'no')
    expect(runSteps([pass('a'), pass('b')], request({}), undefined, ctx)).toBeUndefined()
    const refused = runSteps([pass('c'), refuse, pass('never')], request({}), undefined, ctx)
    expect(refused).toBeInstanceOf(AwsError)
    expect(seen).toEqual(['a', 'b', 'c'])
  })

  it('waits for a step that returns a promise, then runs the rest', async () => {
    const seen: string[] = []
    const slow: EdgeStep = async () => void seen.push('slow')
    const refuse: EdgeStep = async () => new AwsError('SignatureDoesNotMatch', 403, 'bad')
    const pending = runSteps([slow, () => void seen.push('after')], request({}), undefined, ctx)
    expect(pending).toBeInstanceOf(Promise)
    expect(await pending).toBeUndefined()
    expect(seen).toEqual(['slow', 'after'])
    expect(((await runSteps([slow, refuse], request({}), undefined, ctx)) as AwsError).code).toBe('SignatureDoesNotMatch')
  })

  it('edgeSteps puts the hook points after the edge’s own checks', () => {
    const auth: EdgeStep = () => undefined
    const payload: EdgeStep = () => undefined
    const steps = edgeSteps({ beforeBody: [auth], afterBody: [payload] })
    expect(steps.beforeBody.at(-1)).toBe(auth)
    expect(steps.beforeBody.length).toBe(4)
    expect(steps.afterBody).toEqual([payload])
  })
})

describe('pages', () => {
  it('a request with any Origin, Referer or Sec-Fetch-Site but none comes from a page', () => {
    expect(pageOrigin({})).toBeUndefined()
    expect(pageOrigin({ 'sec-fetch-site': 'none' })).toBeUndefined()
    expect(pageOrigin({ origin: 'http://localhost:4599' })).toBe('http://localhost:4599')
    expect(pageOrigin({ referer: 'http://x.s3-website.localhost/' })).toBe('http://x.s3-website.localhost/')
    expect(pageOrigin({ 'sec-fetch-site': 'same-origin' })).toContain('same-origin')
  })

  it('public data planes take pages; AWS APIs and S3 POSTs do not', () => {
    const page = { origin: 'http://attacker.example' }
    expect(browserRefusal(request(page, { kind: 'execute-api', apiId: 'a', path: '/' }))).toBeUndefined()
    expect(browserRefusal(request(page, { kind: 's3-virtual-host', bucket: 'b' }, 'PUT'))).toBeUndefined()
    expect(browserRefusal(request(page, { kind: 's3-virtual-host', bucket: 'b' }, 'POST'))?.status).toBe(403)
    expect(browserRefusal(request(page, { kind: 'target', target: 'DynamoDB_20120810.ListTables' }))?.code).toBe('AccessDenied')
  })
})

describe('BodyBudget', () => {
  it('holds what requests take, refuses what does not fit, and gets it back on release', () => {
    const budget = new BodyBudget(100)
    const a = budget.hold()
    const b = budget.hold()
    expect(a.take(60)).toBe(true)
    expect(b.take(50)).toBe(false)
    expect(b.take(40)).toBe(true)
    expect(budget.bytesInFlight).toBe(100)
    a.release()
    a.release() // twice is harmless
    expect(budget.bytesInFlight).toBe(40)
    expect(b.take(50)).toBe(true)
    b.release()
    expect(budget.bytesInFlight).toBe(0)
  })
})
