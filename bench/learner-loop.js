// The learner's loop, timed as a learner meets it: the first `lab start 350` after install, and a save in `lab watch`
// until the check results are printed. Separate processes, a fresh LAB_HOME, the machine's own load included.
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { freePort } from '../dist/common/free-port.js'

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]

/** Drop the page cache (root only): the next start reads node_modules, dist and python3 from disk, as after an install. */
function dropCaches() {
  try {
    spawnSync('sync')
    fs.writeFileSync('/proc/sys/vm/drop_caches', '3')
    return true
  } catch {
    return false
  }
}

function timedRun(command, args, env, cwd) {
  const started = performance.now()
  const result = spawnSync(command, args, { env: { ...process.env, ...env, NO_COLOR: '1' }, cwd, encoding: 'utf8' })
  return { ms: performance.now() - started, status: result.status, output: result.stdout + result.stderr }
}

/** The watch's output as it comes; `after(save, pattern)` times from `save()` to the next `pattern` printed after it. */
function outputOf(child) {
  let text = ''
  let waiter
  child.stdout.on('data', (chunk) => {
    text += chunk
    waiter?.()
  })
  let exited
  child.once('exit', (code) => (exited = code))
  // `from`: where in the output to look (default: only what comes after the call). A run's last lines can arrive in
  // one chunk with its check summary, so the wait for the next `Watching` must look from before that summary.
  const next = (pattern, save = () => {}, from = text.length) =>
    new Promise((resolve, reject) => {
      const started = performance.now()
      waiter = () => {
        if (pattern.test(text.slice(from))) {
          waiter = undefined
          resolve(performance.now() - started)
        } else if (exited !== undefined) reject(new Error(`lab watch exited (${exited}): ${text.slice(-500)}`))
      }
      save()
      waiter()
    })
  next.position = () => text.length
  return next
}

export async function learnerLoopBenchmarks(report, root) {
  console.log("\nThe learner's loop")
  const bin = path.join(root, 'bin/lab.js')
  const env = { LAB_HOME: fs.mkdtempSync(path.join(os.tmpdir(), 'lab-bench-loop-')), LAB_CLOUD_PORT: String(await freePort()) }
  try {
    const cold = dropCaches()
    const npx = timedRun('npx', ['lab', '--version'], { npm_config_yes: 'false' }, root)
    const again = dropCaches()
    const start = timedRun(process.execPath, [bin, 'start', '350', '--yes'], env, root)
    if (start.status !== 0) return report('first lab start 350', `failed: ${start.output.slice(-300)}`)
    const cache = cold && again ? 'cold file cache' : 'warm file cache (not root: cannot drop caches)'
    report(
      `first lab start 350 after install (${cache}, fresh LAB_HOME, starting the cloud)`,
      `${(start.ms / 1000).toFixed(1)} s (for scale: \`npx lab --version\` alone takes ${(npx.ms / 1000).toFixed(1)} s from a cold cache — the README's \`lab\` skips npx)`,
      '≤ 6 s',
      start.ms <= 6000,
    )

    const workspace = path.join(env.LAB_HOME, 'workspaces', '350-cors')
    const app = path.join(workspace, 'functions', 'houses', 'app.py')
    const watch = spawn(process.execPath, [bin, 'watch', '350'], { env: { ...process.env, ...env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'ignore'] })
    watch.stdout.setEncoding('utf8')
    const next = outputOf(watch)
    const checksPrinted = /\(\d+ checks\)/
    const times = []
    try {
      await next(/Watching /)
      for (let i = 0; i < 5; i++) {
        // A save that changes the function (a new comment): the watch redeploys it and reruns the checks.
        const from = next.position()
        times.push(await next(checksPrinted, () => fs.appendFileSync(app, `# save ${i}\n`)))
        await next(/Watching /, undefined, from)
      }
    } finally {
      watch.kill('SIGINT')
    }
    const p50 = median(times)
    report('lab watch: save → check results printed, lab 350 (p50 of 5)', `${(p50 / 1000).toFixed(2)} s (all: ${times.map((t) => (t / 1000).toFixed(2)).join(', ')} s)`, 'p50 ≤ 1.5 s', p50 <= 1500)
  } finally {
    timedRun(process.execPath, [bin, 'teardown', '350', '--yes'], env, root)
    timedRun(process.execPath, [bin, 'cloud', 'stop'], env, root)
  }
}
