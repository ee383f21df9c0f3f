// `node bench/edge-steps.js`: what the edge's checks cost per request, measured in a tight loop (no network, no
// other process): steadier than any req/s figure on a shared machine. A REST proxy request (what wrk sends to
// an API stage) goes through the request-from-head and the before/after-body steps; compare the result with the
// cloud's CPU per request in `npm run bench` (hundreds of µs) to see the share the edge takes.
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { declaresBody, requestFromHead } from '../dist/cloud/edge/head.js'
import { edgeSteps, runSteps } from '../dist/cloud/edge/pipeline.js'

// A baseline build whose edge had one `refusal(req)` check (before the pipeline): measured beside, when present.
const here = path.dirname(fileURLToPath(import.meta.url))
const baselineGuard = path.resolve(process.argv[2] ?? path.join(here, '../.bench-baseline/dist'), 'cloud/edge/foreign-callers.js')
const baseline = fs.existsSync(baselineGuard) ? await import(baselineGuard) : undefined

const iterations = Number(process.env.BENCH_ITERATIONS ?? 200_000)
const steps = edgeSteps()
const ctx = {}
const socket = { remoteAddress: '127.0.0.1' }
const apiStage = {
  method: 'GET',
  url: '/_aws/execute-api/abc123defg/prod/node',
  headers: { host: 'localhost:4599', 'user-agent': 'wrk', accept: '*/*' },
  socket,
}
const cloudFormation = {
  method: 'POST',
  url: '/',
  headers: {
    host: 'localhost:4599',
    'content-type': 'application/x-www-form-urlencoded',
    'content-length': '62',
    authorization: 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261203/us-east-1/cloudformation/aws4_request, SignedHeaders=host;x-amz-date, Signature=00',
    'x-amz-date': '20261203T000000Z',
    'user-agent': 'aws-sdk-js/3',
  },
  socket,
}

const edgeChecks = (req, raw) => runSteps(steps.beforeBody, req, undefined, ctx) ?? (declaresBody(raw), runSteps(steps.afterBody, req, undefined, ctx))
const baselineChecks = (req) => baseline.refusal(req)

function measure(name, raw, { head = true, checks = edgeChecks } = {}) {
  const prepared = requestFromHead(raw)
  let refused = 0
  const run = () => {
    for (let i = 0; i < iterations; i++) {
      const req = head ? requestFromHead(raw) : prepared
      if (checks(req, raw)) refused++
    }
  }
  run() // warm-up: let V8 optimise
  const started = process.hrtime.bigint()
  run()
  const ns = Number(process.hrtime.bigint() - started) / iterations
  console.log(`  ${name}: ${ns.toFixed(0)} ns per request${refused ? ` (${refused} refused)` : ''}`)
}

console.log(`edge steps (node ${process.version}, ${iterations} iterations)`)
measure('API stage GET: request from its head + the edge steps', apiStage)
measure('API stage GET: the edge steps alone', apiStage, { head: false })
if (baseline) measure('API stage GET: the baseline build’s single check', apiStage, { head: false, checks: baselineChecks })
measure('signed CloudFormation POST: the edge steps alone', cloudFormation, { head: false })
if (baseline) measure('signed CloudFormation POST: the baseline build’s single check', cloudFormation, { head: false, checks: baselineChecks })
