// `node bench/profile.js [node|python|mock] [seconds]`: profile the local cloud under the proxy benchmark's load.
// Runs the cloud with --cpu-prof, loads one route with 50 connections, and prints where the cloud's CPU went
// (self time per function, and inclusive time per source file of ours). For finding the next hot spot.
import { fork } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { CloudFormationClient } from '@aws-sdk/client-cloudformation'
import { readInstallCredentials } from '../dist/common/install-credentials.js'
import { deployBenchStack } from './bench-stack.js'
import { loadGenerator } from './load.js'

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
const here = path.dirname(fileURLToPath(import.meta.url))
const route = process.argv[2] ?? 'node'
const seconds = Number(process.argv[3] ?? 5)
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-profile-'))
const profileDir = path.join(home, 'profile')

const cloud = fork(path.join(here, 'cloud-process.js'), [path.join(home, 'cloud')], {
  execArgv: ['--cpu-prof', `--cpu-prof-dir=${profileDir}`],
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
})
const { port } = await new Promise((resolve) => cloud.once('message', resolve))
const endpoint = `http://localhost:${port}`
const cfn = new CloudFormationClient({ endpoint, region: 'us-east-1', credentials: readInstallCredentials(path.join(home, 'cloud')) })
const url = `${await deployBenchStack(cfn, endpoint)}/${route}`
const generator = loadGenerator()
await generator.run(url, 1)
const result = await generator.run(url, seconds)
console.log(`${route}: ${Math.round(result.rps)} req/s, p99 ${result.p99} ms, errors ${result.errors} (load: ${generator.name})`)
cloud.kill('SIGTERM')
await new Promise((resolve) => cloud.once('exit', resolve))

const file = fs.readdirSync(profileDir).find((f) => f.endsWith('.cpuprofile'))
const profile = JSON.parse(fs.readFileSync(path.join(profileDir, file), 'utf8'))
const byId = new Map(profile.nodes.map((n) => [n.id, n]))
const parent = new Map()
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
const self = new Map()
for (let i = 0; i < profile.samples.length; i++) self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + (profile.timeDeltas[i] ?? 0))
const total = [...self.values()].reduce((a, b) => a + b, 0)
const label = (n) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/^.*\/(dist|node_modules)\//, '$1/').replace(/^node:/, '')}:${n.callFrame.lineNumber + 1}`
const selfByLabel = new Map()
const inclusiveByFile = new Map()
for (const [id, us] of self) {
  const n = byId.get(id)
  selfByLabel.set(label(n), (selfByLabel.get(label(n)) ?? 0) + us)
  const seen = new Set()
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
    const fileUrl = byId.get(cur).callFrame.url
    if (!fileUrl.includes('/dist/') || seen.has(fileUrl)) continue
    seen.add(fileUrl)
    const key = fileUrl.replace(/^.*\/dist\//, 'dist/')
    inclusiveByFile.set(key, (inclusiveByFile.get(key) ?? 0) + us)
  }
}
const top = (map, n) => [...map].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, us]) => `${((us / total) * 100).toFixed(1).padStart(5)} %  ${k}`).join('\n')
console.log(`\nself time, top 40 (of ${(total / 1e6).toFixed(1)} s sampled):\n${top(selfByLabel, 40)}`)
console.log(`\ninclusive time per file of ours, top 30:\n${top(inclusiveByFile, 30)}`)
console.log(`\nprofile: ${path.join(profileDir, file)}`)
