// `node bench/edge-compare.js [baseline-dist]`: the REST rows of `npm run bench` for two builds side by side — a
// baseline (another checkout's `dist/`, default `.bench-baseline/dist`) and this one — to measure what the edge's
// checks (and signatures) cost the data plane. Each round runs every row on both clouds in turn; the ratio
// this/baseline is taken within a round, then the median over rounds. Target: the REST proxy rows lose ≤ 3 %.
import { fork } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { CloudFormationClient } from '@aws-sdk/client-cloudformation'
import { deployBenchStack } from './bench-stack.js'
import { cpuOfTree, cpuPerRequest } from './cpu-time.js'
import { loadGenerator } from './load.js'

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
const here = path.dirname(fileURLToPath(import.meta.url))
const seconds = Number(process.env.BENCH_SECONDS ?? 4)
const rounds = Number(process.env.BENCH_ROUNDS ?? 3)
const baselineDist = path.resolve(process.argv[2] ?? path.join(here, '../.bench-baseline/dist'))
const generator = loadGenerator()
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]

/** A cloud from `dist` in a process of its own, with the bench stack deployed. */
async function startCloud(dist) {
  const dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lab-bench-edge-')), 'cloud')
  const child = fork(path.join(here, 'cloud-process.js'), [dataDir], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    env: { ...process.env, BENCH_SERVER_MODULE: path.join(dist, 'cloud/server.js') },
  })
  const { port, pid } = await new Promise((resolve, reject) => {
    child.once('message', resolve)
    child.once('exit', (code) => reject(new Error(`cloud from ${dist} exited with ${code}`)))
  })
  const endpoint = `http://localhost:${port}`
  const credentials = (await installCredentials(dist, dataDir)) ?? { accessKeyId: 'bench', secretAccessKey: 'bench' }
  const base = await deployBenchStack(new CloudFormationClient({ endpoint, region: 'us-east-1', credentials }), endpoint)
  return { child, pid, base }
}

/** The install's own credentials, for a build that verifies signatures (none for one that does not). */
async function installCredentials(dist, dataDir) {
  const module = path.join(dist, 'common/install-credentials.js')
  if (!fs.existsSync(module)) return undefined
  return (await import(module)).readInstallCredentials?.(dataDir)
}

const clouds = { baseline: await startCloud(baselineDist), current: await startCloud(path.join(here, '../dist')) }
const rows = ['mock', 'node', 'python']
const runs = Object.fromEntries(rows.map((row) => [row, { baseline: [], current: [] }]))
try {
  for (const cloud of Object.values(clouds)) for (const row of rows) await generator.run(`${cloud.base}/${row}`, 1)
  for (let round = 0; round < rounds; round++) {
    for (const row of rows) {
      // Alternate which build goes first, so neither always runs on the warmer (or busier) machine.
      const order = round % 2 ? ['current', 'baseline'] : ['baseline', 'current']
      for (const name of order) {
        const { pid, base } = clouds[name]
        const before = cpuOfTree(pid)
        const run = await generator.run(`${base}/${row}`, seconds)
        runs[row][name].push({ ...run, cpu: cpuPerRequest(before, cpuOfTree(pid), run.requests) })
      }
    }
  }
} finally {
  for (const cloud of Object.values(clouds)) cloud.child.kill('SIGTERM')
}

console.log(`edge cost (node ${process.version}, ${os.cpus().length} cores; ${generator.name}; ${rounds} rounds of ${seconds}s per row and build)`)
console.log(`baseline: ${baselineDist}`)
const names = { mock: 'REST MOCK method', node: 'REST proxy → warm Node hello', python: 'REST proxy → warm Python hello' }
for (const row of rows) {
  const { baseline, current } = runs[row]
  // A round where either build served nothing (the machine stalled) says nothing about either.
  const paired = current.map((r, i) => [r, baseline[i]]).filter(([a, b]) => a.requests > 0 && b.requests > 0 && a.cpu && b.cpu)
  if (!paired.length) {
    console.log(`  ${names[row]}: no round where both builds served requests`)
    continue
  }
  const ratios = paired.map(([a, b]) => a.rps / b.rps)
  const ratio = median(ratios)
  // CPU per request of the cloud process: steadier than req/s on a shared machine; a lower figure is better.
  const cpuRatios = paired.map(([a, b]) => a.cpu.own / b.cpu.own)
  const cpu = (k) => `${median(paired.map((p) => p[k].cpu.own)).toFixed(0)} µs`
  const target = row === 'mock' ? '' : `  (target ≥ 97 %: ${ratio >= 0.97 ? 'met' : 'NOT met'})`
  console.log(
    `  ${names[row]}: ${Math.round(median(paired.map((p) => p[0].rps)))} vs ${Math.round(median(paired.map((p) => p[1].rps)))} req/s = ${(ratio * 100).toFixed(1)} % ` +
      `(rounds: ${ratios.map((x) => `${(x * 100).toFixed(1)} %`).join(', ')}); cloud CPU per request ${cpu(0)} vs ${cpu(1)} = ${(median(cpuRatios) * 100).toFixed(1)} %${target}`,
  )
}
