// `npm run bench`: measurements taken side by side in one run, printed with their targets and ratios.
// Benchmarks, not tests: nothing here fails a build; the machines are noisy, so read ratios, not absolutes.
import { fork, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  CloudFormationClient,
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStacksCommand,
  waitUntilStackDeleteComplete,
} from '@aws-sdk/client-cloudformation'
import { freePort } from '../dist/common/free-port.js'
import { readInstallCredentials } from '../dist/common/install-credentials.js'
import { deployBenchStack } from './bench-stack.js'
import { authorizerBenchmarks } from './authorizers.js'
import { chatBenchmarks } from './chat.js'
import { learnerLoopBenchmarks } from './learner-loop.js'
import { cpuOfTree, cpuPerRequest, descendantsOf } from './cpu-time.js'
import { loadGenerator } from './load.js'

// The SDK's notice that Node 20 support ends in 2027 is noise in a benchmark report.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
const here = path.dirname(fileURLToPath(import.meta.url))
const root = path.join(here, '..')
const seconds = Number(process.env.BENCH_SECONDS ?? 4)
/** Throughput is measured in rounds, each server once per round: the machine's speed drifts, the ratios less so. */
const rounds = Number(process.env.BENCH_ROUNDS ?? 3)
const generator = loadGenerator()
const rows = []

function report(name, measured, target, verdict) {
  rows.push({ name, measured, target, verdict })
  console.log(`  ${name}: ${measured}${target ? `  (target ${target}: ${verdict ? 'met' : 'NOT met'})` : ''}`)
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]

function startChild(script, args = []) {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(here, script), args, { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] })
    child.once('message', (message) => resolve({ child, ...message }))
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)))
  })
}

/**
 * Each target under 50 connections for `seconds`, once per round and in turn (after one second of warm-up load:
 * every sandbox the load needs is warm). Per target: the median throughput and p99, and its ratio to the first
 * target (the bare server) taken within each round, then the median of those.
 */
async function throughputRounds(targets) {
  for (const { url } of targets) await generator.run(url, 1)
  const runs = targets.map(() => [])
  for (let round = 0; round < rounds; round++) {
    for (const [i, { url, pid }] of targets.entries()) {
      const before = cpuOfTree(pid)
      const run = await generator.run(url, seconds)
      runs[i].push({ ...run, cpu: cpuPerRequest(before, cpuOfTree(pid), run.requests) })
    }
  }
  const medianCpu = (list) => (list.every(Boolean) ? { own: median(list.map((c) => c.own)), children: median(list.map((c) => c.children)) } : undefined)
  return targets.map((target, i) => ({
    ...target,
    cpu: medianCpu(runs[i].map((r) => r.cpu)),
    rps: median(runs[i].map((r) => r.rps)),
    p99: median(runs[i].map((r) => r.p99)),
    errors: runs[i].reduce((sum, r) => sum + r.errors, 0),
    ratio: median(runs[i].map((r, round) => r.rps / runs[0][round].rps)),
    ratios: runs[i].map((r, round) => r.rps / runs[0][round].rps),
  }))
}

function rssMb(pid) {
  const pids = [pid, ...descendantsOf(pid)]
  let own = 0
  let total = 0
  for (const p of pids) {
    try {
      const kb = Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${p}/status`, 'utf8'))?.[1] ?? 0)
      total += kb
      if (p === pid) own = kb
    } catch {}
  }
  return { own: Math.round(own / 1024), total: Math.round(total / 1024), processes: pids.length }
}

async function timed(fn) {
  const started = performance.now()
  await fn()
  return performance.now() - started
}

async function cloudBenchmarks() {
  console.log('\nLocal cloud')
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-bench-'))
  const cloud = await startChild('cloud-process.js', [path.join(home, 'cloud')])
  const endpoint = `http://localhost:${cloud.port}`
  // The install's credentials, which the cloud made on its start (it verifies every signature).
  const sdk = { endpoint, region: 'us-east-1', credentials: readInstallCredentials(path.join(home, 'cloud')) }
  const cfn = new CloudFormationClient(sdk)
  const bare = await startChild('bare-server.js')
  const hop = await startChild('hop-server.js')
  const hopEvent = await startChild('hop-server.js', ['proxy-event'])
  try {
    const base = await deployBenchStack(cfn, endpoint)

    const coldNode = await timed(() => fetch(`${base}/node`).then((r) => r.text()))
    const warmNode = await timed(() => fetch(`${base}/node`).then((r) => r.text()))
    const coldPython = await timed(() => fetch(`${base}/python`).then((r) => r.text()))
    report('first invoke (cold start), Node', `${coldNode.toFixed(0)} ms (warm: ${warmNode.toFixed(1)} ms)`)
    report('first invoke (cold start), Python', `${coldPython.toFixed(0)} ms`)

    const [bareResult, hopResult, hopEventResult, mockResult, nodeResult, pythonResult] = await throughputRounds([
      { url: `http://127.0.0.1:${bare.port}/node`, pid: bare.child.pid },
      { url: `http://127.0.0.1:${hop.port}/node`, pid: hop.child.pid },
      { url: `http://127.0.0.1:${hopEvent.port}/node`, pid: hopEvent.child.pid },
      { url: `${base}/mock`, pid: cloud.child.pid },
      { url: `${base}/node`, pid: cloud.child.pid },
      { url: `${base}/python`, pid: cloud.child.pid },
    ])
    const fmt = (r) => `${Math.round(r.rps)} req/s, p99 ${r.p99.toFixed(1)} ms, errors ${r.errors}`
    const ofBare = (r) => `${fmt(r)} = ${(r.ratio * 100).toFixed(0)} % of bare (rounds: ${r.ratios.map((x) => `${(x * 100).toFixed(0)} %`).join(', ')})`
    report('bare node:http + hello handler', fmt(bareResult))
    report('bare + handler in a child process, dispatched like the cloud (no emulation)', ofBare(hopResult))
    report("the same, carrying API Gateway's 1.3 KB payload 1.0 event (no emulation)", ofBare(hopEventResult))
    report('REST MOCK method (API Gateway alone, no function)', ofBare(mockResult))
    report('REST proxy → warm Node hello', ofBare(nodeResult), '≥ 50 %, p99 ≤ 20 ms', nodeResult.ratio >= 0.5 && nodeResult.p99 <= 20)
    report('REST proxy → warm Python hello', ofBare(pythonResult), '≥ 20 %', pythonResult.ratio >= 0.2)
    if (bareResult.cpu) {
      // The server process is the bottleneck when it needs more than a core's worth: throughput ≈ 1 s / its time.
      const cpuOf = (r, children) => `${r.cpu.own.toFixed(0)} µs${children ? ` + ${r.cpu.children.toFixed(0)} µs in ${children}` : ''}`
      report(
        'CPU per request (server process + its children)',
        `bare ${cpuOf(bareResult)}; child-process hop ${cpuOf(hopResult, 'children')}, with the 1.0 event ${cpuOf(hopEventResult, 'children')}; MOCK ${cpuOf(mockResult)}; ` +
          `Node proxy ${cpuOf(nodeResult, 'sandboxes')}; Python proxy ${cpuOf(pythonResult, 'sandboxes')}`,
      )
    }

    const full = fs.readFileSync(path.join(root, 'test/fixtures/stacks/full-stack.yaml'), 'utf8')
    const createTimes = []
    for (let i = 0; i < 5; i++) {
      const StackName = `full-${i}`
      createTimes.push(
        await timed(async () => {
          await cfn.send(new CreateStackCommand({ StackName, TemplateBody: full, Capabilities: ['CAPABILITY_IAM'] }))
          for (;;) {
            const { Stacks } = await cfn.send(new DescribeStacksCommand({ StackName }))
            const status = Stacks[0].StackStatus
            if (status === 'CREATE_COMPLETE') break
            if (!status.endsWith('IN_PROGRESS')) throw new Error(`${StackName}: ${status}`)
            await new Promise((r) => setTimeout(r, 5))
          }
        }),
      )
      await cfn.send(new DeleteStackCommand({ StackName }))
      await waitUntilStackDeleteComplete({ client: cfn, maxWaitTime: 60, minDelay: 0.1, maxDelay: 0.2 }, { StackName })
    }
    const createMedian = median(createTimes)
    report('CreateStack → CREATE_COMPLETE (reference stack, median of 5)', `${createMedian.toFixed(0)} ms`, '≤ 300 ms', createMedian <= 300)
    const rss = rssMb(cloud.pid)
    report('cloud RSS', `${rss.own} MB (with ${rss.processes - 1} sandboxes/helpers: ${rss.total} MB)`)
  } finally {
    bare.child.kill('SIGTERM')
    hop.child.kill('SIGTERM')
    hopEvent.child.kill('SIGTERM')
    cloud.child.kill('SIGTERM')
  }
}

function lab(args, env) {
  const started = performance.now()
  const result = spawnSync(process.execPath, [path.join(root, 'bin/lab.js'), ...args], { env: { ...process.env, ...env, NO_COLOR: '1' }, encoding: 'utf8' })
  return { ms: performance.now() - started, status: result.status, output: result.stdout + result.stderr }
}

async function cliBenchmarks() {
  console.log('\nlab CLI')
  if (!fs.existsSync(path.join(root, 'dist/cli/main.js'))) return report('lab CLI', 'not built yet')
  const env = { LAB_HOME: fs.mkdtempSync(path.join(os.tmpdir(), 'lab-bench-cli-')), LAB_CLOUD_PORT: String(await freePort()) }
  const list = median([0, 1, 2, 3, 4].map(() => lab(['list'], env).ms))
  report('lab list (median of 5)', `${list.toFixed(0)} ms`, '≤ 300 ms', list <= 300)
  try {
    const start = lab(['start', '350', '--yes'], env)
    report('lab start 350, from a stopped cloud to URLs printed', `${start.ms.toFixed(0)} ms`, '≤ 3 s', start.ms <= 3000)
    const check = median([0, 1, 2].map(() => lab(['check', '350'], env).ms))
    report('lab check 350 (median of 3)', `${check.toFixed(0)} ms`, '≤ 1 s', check <= 1000)
  } finally {
    lab(['teardown', '350', '--yes'], env)
    lab(['cloud', 'stop'], env)
  }
}

console.log(`apigw-labs benchmarks (node ${process.version}, ${os.cpus().length} cores; load: ${generator.name}, 50 connections, ${rounds} rounds of ${seconds}s per server)`)
await cloudBenchmarks()
await authorizerBenchmarks(report, generator, { seconds, rounds })
await cliBenchmarks()
await chatBenchmarks(report, root)
await learnerLoopBenchmarks(report, root)
console.log('\nSummary')
console.table(rows.map(({ name, measured, target, verdict }) => ({ benchmark: name, measured, target: target ?? '', met: target ? (verdict ? 'yes' : 'no') : '' })))
