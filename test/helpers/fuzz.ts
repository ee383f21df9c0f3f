/**
 * A small seeded fuzzer for the local cloud's wire protocols: capture real requests from the SDK's own
 * serializers, mutate them (prototype keys, deep nesting, bad escapes, huge numbers, invalid UTF-8, wrong
 * types), sign them again (or not), send them with a per-request timeout and judge every answer.
 * A failure names the seed (`FUZZ_SEED=<n>` replays it).
 */
import { expect } from 'vitest'
import type { TestCloud } from './cloud.js'
import { rawRequest, signRequest, type RawReply, type RawRequest } from './signed-request.js'

export type Random = () => number

/** mulberry32: a tiny PRNG whose whole state is the seed. */
export function rng(seed: number): Random {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export const fuzzSeed = (fallback: number): number => (process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : fallback)
export const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]

export const PROTOTYPE_NAMES = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__']
const BAD_ESCAPES = ['%', '%z', '%zz', '%E0%A4%A', '%ff%fe', '%00', '%C0%AF', '%uD800']
const ODD_NUMBERS = ['1e309', '-1e309', '123456789012345678901234567890', '-0', '0x10', 'NaN', '1.7976931348623157e+308', '9007199254740993']
const INVALID_UTF8 = [Buffer.from([0xff, 0xfe]), Buffer.from([0xc3, 0x28]), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from([0xf8, 0x88, 0x80, 0x80, 0x80]), Buffer.from([0x00])]

/** A request as the SDK serialized it, before signing: what the mutators work on. */
export interface SeedRequest {
  method: string
  path: string
  headers: Record<string, string>
  body: Buffer
}

/** Serialize `command` with `client` (any SDK v3 client) without sending it: the request its handler would send. */
export async function capture(makeClient: (handler: unknown) => { send(c: unknown): Promise<unknown> }, command: unknown): Promise<SeedRequest> {
  let seen: any
  const handler = {
    handle: async (request: any) => {
      seen = request
      throw new Error('captured')
    },
  }
  await makeClient(handler).send(command).catch(() => {})
  if (!seen) throw new Error('the SDK sent nothing to capture')
  const query = new URLSearchParams()
  for (const [k, v] of Object.entries<any>(seen.query ?? {})) for (const one of [v].flat()) query.append(k, one ?? '')
  const headers: Record<string, string> = {}
  for (const [k, v] of Object.entries<string>(seen.headers)) {
    // Signing headers are added again after the mutation.
    if (!/^(authorization|x-amz-date|x-amz-security-token|x-amz-content-sha256|host|amz-sdk-.*|x-amz-user-agent|user-agent)$/i.test(k)) headers[k.toLowerCase()] = v
  }
  const qs = query.toString()
  const body = seen.body === undefined || seen.body === null ? Buffer.alloc(0) : Buffer.from(typeof seen.body === 'string' ? seen.body : seen.body instanceof Uint8Array ? seen.body : String(seen.body))
  return { method: seen.method, path: `${seen.path}${qs ? `?${qs}` : ''}`, headers, body }
}

/** A value nested `depth` levels (JSON arrays or objects). */
export function deepJson(random: Random, depth: number): string {
  return random() < 0.5 ? `${'['.repeat(depth)}1${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`
}

const wrongValues = (random: Random): unknown[] => [null, 0, -1, true, [], {}, [[[]]], '', 'x'.repeat(Math.floor(random() * 5000)), { __proto__: null, constructor: { prototype: { polluted: 1 } } }]

/** Mutate a parsed JSON document in place at a random spot; returns the JSON text (maybe with raw splices). */
export function mutateJson(random: Random, text: string): string {
  let doc: any
  try {
    doc = JSON.parse(text || '{}')
  } catch {
    return text
  }
  const containers: any[] = []
  const walk = (node: any) => {
    if (node && typeof node === 'object') {
      containers.push(node)
      for (const v of Object.values(node)) walk(v)
    }
  }
  walk(doc)
  const target = containers.length ? pick(random, containers) : null
  const keys = target ? Object.keys(target) : []
  const key = keys.length ? pick(random, keys) : 'x'
  const DEEP = '\u0000DEEP\u0000'
  const RAW = '\u0000RAW\u0000'
  let rawValue = ''
  switch (Math.floor(random() * 6)) {
    case 0:
      if (target && !Array.isArray(target)) Object.defineProperty(target, pick(random, PROTOTYPE_NAMES), { value: { polluted: 'yes', x: 1 }, enumerable: true, configurable: true, writable: true })
      break
    case 1:
      if (target) target[key] = pick(random, wrongValues(random))
      break
    case 2:
      if (target) target[key] = DEEP
      break
    case 3:
      if (target) {
        target[key] = RAW
        rawValue = pick(random, ODD_NUMBERS)
      }
      break
    case 4:
      if (target) delete target[key]
      break
    default:
      if (target) {
        target[key] = RAW
        rawValue = pick(random, ['"\\u12"', '"\\x41"', '"\\ud800"', '"\u0000"', '"\\"', 'undefined', "'single'"])
      }
  }
  let out: string
  try {
    out = JSON.stringify(doc)
  } catch {
    return text // already nested past what JSON.stringify can walk
  }
  return out
    .replace(JSON.stringify(DEEP), () => deepJson(random, 50 + Math.floor(random() * 5000)))
    .replace(JSON.stringify(RAW), () => rawValue)
}

/** Mutate a form body or query string: prototype segments, bad escapes, deep paths, odd numbers. */
export function mutateForm(random: Random, text: string): string {
  const pairs = text.split('&').filter(Boolean)
  const i = Math.floor(random() * Math.max(pairs.length, 1))
  const [k = 'X', v = ''] = (pairs[i] ?? 'X=').split('=')
  const segments = k.split('.')
  switch (Math.floor(random() * 6)) {
    case 0:
      segments.splice(Math.floor(random() * (segments.length + 1)), 0, pick(random, PROTOTYPE_NAMES))
      pairs[i] = `${segments.join('.')}=${v}`
      break
    case 1:
      pairs[i] = `${k}=${v}${pick(random, BAD_ESCAPES)}`
      break
    case 2:
      pairs.push(`${Array.from({ length: 50 + Math.floor(random() * 2000) }, (_, n) => (n % 2 ? 'member' : 'M')).join('.')}=1`)
      break
    case 3:
      pairs[i] = `${k}=${encodeURIComponent(pick(random, ODD_NUMBERS))}`
      break
    case 4:
      pairs.push(`Action=${pick(random, PROTOTYPE_NAMES)}`)
      break
    default:
      pairs[i] = `${pick(random, BAD_ESCAPES)}${k}=${v}`
  }
  return pairs.join('&')
}

/** Raw byte damage any body can take: truncation, invalid UTF-8 inserted, or nothing at all. */
export function damageBytes(random: Random, body: Buffer): Buffer {
  const at = Math.floor(random() * (body.length + 1))
  switch (Math.floor(random() * 3)) {
    case 0:
      return body.subarray(0, at)
    case 1:
      return Buffer.concat([body.subarray(0, at), pick(random, INVALID_UTF8), body.subarray(at)])
    default:
      return Buffer.alloc(0)
  }
}

/** Mutate a path: a prototype-named segment, a bad escape or a very long segment. */
export function mutatePath(random: Random, path: string): string {
  const q = path.indexOf('?')
  const [pathname, query] = q === -1 ? [path, ''] : [path.slice(0, q), path.slice(q + 1)]
  const segments = pathname.split('/')
  const i = 1 + Math.floor(random() * Math.max(segments.length - 1, 1))
  const insert = pick(random, [...PROTOTYPE_NAMES, ...BAD_ESCAPES, 'x'.repeat(3000), '..', '%2e%2e', ''])
  if (random() < 0.5) segments[Math.min(i, segments.length - 1)] = insert
  else segments.splice(i, 0, insert)
  const extra = random() < 0.5 ? `${pick(random, PROTOTYPE_NAMES)}=${pick(random, ['x', ...BAD_ESCAPES])}` : ''
  const qs = [query, extra].filter(Boolean).join('&')
  return `${segments.join('/') || '/'}${qs ? `?${qs}` : ''}`
}

/** Text an answer must never carry: stack frames, file paths, JavaScript error names. */
const INTERNAL_TEXT = /TypeError|ReferenceError|RangeError|SyntaxError|Cannot read prop|is not a function|is not iterable|Maximum call stack|\bat \S+ \(|\.(ts|js|mjs|cjs):\d+|node_modules|\/src\/cloud|\[native code\]/
const UNDEFINED_TEXT = /\bundefined\b/

export class FuzzReport {
  readonly failures: string[] = []
  /** Answers by status and error code, printed with FUZZ_VERBOSE=1 (to see the fuzz reaches the services). */
  readonly seen = new Map<string, number>()
  sent = 0
  /** @param allow500 a 500 is a right answer for this protocol (a mapping template that fails on the input, as on AWS) */
  constructor(readonly name: string, readonly seed: number, readonly allow500 = false) {}

  judge(request: RawRequest, reply: RawReply | Error): void {
    this.sent++
    const what = () => `${request.method} ${request.path.slice(0, 200)} ${JSON.stringify(request.headers ?? {}).slice(0, 300)} body=${String(request.body ?? '').slice(0, 200)}`
    if (reply instanceof Error) return void this.failures.push(`hang or reset: ${reply.message} — ${what()}`)
    const text = reply.text
    const code = /<Code>([^<]+)<\/Code>|"__type":"(?:[^"#]*#)?([^"]+)"/.exec(text)
    const key = `${reply.status} ${String(reply.headers['x-amzn-errortype'] ?? code?.[1] ?? code?.[2] ?? '').split(':')[0]}`
    this.seen.set(key, (this.seen.get(key) ?? 0) + 1)
    if (INTERNAL_TEXT.test(text)) this.failures.push(`internal text in a ${reply.status}: ${text.slice(0, 300)} — ${what()}`)
    if (reply.status >= 500 && reply.status !== 501 && reply.status !== 503) {
      if (UNDEFINED_TEXT.test(text)) this.failures.push(`"undefined" in a ${reply.status}: ${text.slice(0, 300)} — ${what()}`)
      if (reply.status === 500 && !this.allow500) this.failures.push(`a 500 for malformed input (the cloud's log has the stack): ${text.slice(0, 200)} — ${what()}`)
      if (!/We encountered an internal error|Internal server error|Internal Server Error/.test(text)) this.failures.push(`a ${reply.status} that is not AWS's generic body: ${text.slice(0, 300)} — ${what()}`)
    }
  }

  /** Fails the test with the seed and the first failures. */
  assertClean(): void {
    if (process.env.FUZZ_VERBOSE) console.log(this.name, Object.fromEntries([...this.seen].sort((a, b) => b[1] - a[1])))
    expect(this.failures.slice(0, 10), `${this.name}: ${this.failures.length} failures in ${this.sent} requests (replay with FUZZ_SEED=${this.seed})`).toEqual([])
  }
}

/** Sign (most of the time) or send unsigned / badly signed, then judge. */
export async function fire(cloud: TestCloud, report: FuzzReport, random: Random, service: string, request: RawRequest): Promise<void> {
  const roll = random()
  let ready: RawRequest = request
  try {
    if (roll < 0.8) ready = await signRequest(cloud, service, request)
    else if (roll < 0.9) ready = { ...request, headers: { ...request.headers, authorization: `AWS4-HMAC-SHA256 Credential=${pick(random, ['x', '%', '__proto__'])}/20260101/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=00` } }
  } catch (err) {
    // The signer refuses some mutations (e.g. a header value it cannot encode): send those unsigned.
    ready = request
  }
  const reply = await rawRequest(cloud, ready, 15_000).catch((err: Error) => err)
  report.judge(ready, reply)
}

/** After a run: the cloud still answers, and Object.prototype has nothing new. */
export async function expectHealthy(cloud: TestCloud, prototypeBefore: string[]): Promise<void> {
  const health = await fetch(`${cloud.endpoint}/_lab/health`)
  expect(health.status).toBe(200)
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeBefore)
  const probe: Record<string, unknown> = {}
  for (const name of ['polluted', 'x', 'a', 'M', 'member', '1']) expect(probe[name], `Object.prototype.${name}`).toBeUndefined()
}

export const prototypeNames = (): string[] => Object.getOwnPropertyNames(Object.prototype).sort()
