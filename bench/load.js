// The load generator for the throughput rows: 50 keep-alive connections against one URL.
// wrk (C, one thread) when it is installed: on a small machine the generator shares the cores with the servers it
// measures, and autocannon (JavaScript) takes most of a core for itself, so it measures itself as much as them.
// autocannon otherwise, so `npm run bench` works on a clean checkout.
import { spawnSync } from 'node:child_process'
import autocannon from 'autocannon'

const CONNECTIONS = 50

/** `wrk` latency figures: `850.00us`, `21.00ms`, `1.20s` → milliseconds. */
function milliseconds(text) {
  const [, value, unit] = /^([\d.]+)(us|ms|s|m)$/.exec(text) ?? []
  if (value === undefined) return NaN
  return Number(value) * { us: 0.001, ms: 1, s: 1000, m: 60_000 }[unit]
}

function hasWrk() {
  return spawnSync('wrk', ['--version'], { encoding: 'utf8' }).error === undefined
}

function wrk(url, seconds, headers = {}) {
  const headerArgs = Object.entries(headers).flatMap(([name, value]) => ['-H', `${name}: ${value}`])
  const run = spawnSync('wrk', ['-t1', `-c${CONNECTIONS}`, `-d${seconds}s`, '--latency', '--timeout', '10s', ...headerArgs, url], { encoding: 'utf8' })
  const out = run.stdout ?? ''
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1])
  if (run.status !== 0 || !Number.isFinite(rps)) throw new Error(`wrk failed against ${url}: ${run.stderr || out}`)
  const socketErrors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out)
  const errors = (socketErrors ? socketErrors.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0) + Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0)
  const requests = Number(/(\d+) requests in/.exec(out)?.[1] ?? 0)
  return { rps, requests, p99: milliseconds(/^\s+99%\s+(\S+)/m.exec(out)?.[1] ?? ''), errors }
}

function autocannonRun(url, seconds, headers = {}) {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections: CONNECTIONS, duration: seconds, headers }, (err, r) =>
      err ? reject(err) : resolve({ rps: r.requests.average, requests: r.requests.total, p99: r.latency.p99, errors: r.errors + r.timeouts + r.non2xx }),
    )
  })
}

/** `{ name, run(url, seconds, headers?) → { rps, requests, p99 (ms), errors } }` */
export function loadGenerator() {
  if (process.env.BENCH_LOAD !== 'autocannon' && hasWrk()) return { name: 'wrk', run: async (url, seconds, headers) => wrk(url, seconds, headers) }
  return { name: 'autocannon (install wrk for figures less skewed by the generator itself)', run: autocannonRun }
}
