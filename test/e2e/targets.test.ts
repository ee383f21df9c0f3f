/**
 * Where a lab goes, as a learner says it. `--endpoint URL` pointed at the lab's own local cloud (URLs as on
 * --target local), at another AWS-compatible server (outputs as they are, with a warning), and at something
 * that never answers; `--region` on the local cloud, shown while it is remembered.
 */
import http from 'node:http'
import net, { type AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { labCli, stopCloud, type LabCli } from './helpers.js'

let cli: LabCli
let endpoint: string
const servers: http.Server[] = []

beforeAll(async () => {
  cli = await labCli()
  const started = await cli.run(['cloud', 'start', '--detach'])
  expect(started.exitCode, started.stderr).toBe(0)
  endpoint = `http://127.0.0.1:${cli.port}`
})
afterAll(async () => {
  for (const server of servers) server.closeAllConnections?.()
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))))
  await stopCloud(cli)
})

async function listen(server: http.Server): Promise<string> {
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

/** Another AWS-compatible server, as LocalStack is to us: it speaks the AWS APIs but has no `/_lab/health`. */
function notOurCloud(): Promise<string> {
  return listen(
    http.createServer((req, res) => {
      if (req.url?.startsWith('/_lab/')) return void res.writeHead(404).end('not found')
      const upstream = http.request({ host: '127.0.0.1', port: cli.port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(res)
      })
      req.pipe(upstream)
    }),
  )
}

describe('--endpoint', () => {
  it('at the lab\'s own local cloud: URLs, checks and the site config use local URLs, as on --target local', { timeout: 240_000 }, async () => {
    const start = await cli.run(['start', '350', '--endpoint', endpoint, '--yes'])
    expect(start.exitCode, start.stderr).toBe(0)
    expect(start.stdout).toContain(`Deploying stack apigw-lab-350 to local cloud at ${endpoint} (us-east-1)`)
    expect(start.stdout).toMatch(new RegExp(`http://[a-z0-9]+\\.execute-api\\.localhost:${cli.port}/prod/`))
    expect(start.stdout + start.stderr).not.toContain('amazonaws.com')
    expect(start.stderr).not.toContain('is not a local cloud of this project')

    const outputs = JSON.parse((await cli.run(['outputs', '350', '--json'])).stdout)
    expect(outputs.ApiUrl).toMatch(new RegExp(`^http://[a-z0-9]+\\.execute-api\\.localhost:${cli.port}/prod/$`))
    // The page in the bucket calls the API it was told about: the local one.
    const config = await fetch(`http://127.0.0.1:${cli.port}/${outputs.WebsiteBucketName}/config.js`)
    expect(await config.text()).toContain(JSON.stringify(outputs.ApiUrl))

    // The checks reached the deployed API: the starter fails on CORS, not on an unreachable AWS host.
    const check = JSON.parse((await cli.run(['check', '350', '--json'])).stdout)
    expect(check.checks.some((c: any) => c.passed)).toBe(true)
    expect(JSON.stringify(check)).not.toContain('amazonaws.com')
  })

  it('at another AWS-compatible server: outputs as they are, with a one-line warning', async () => {
    const other = await notOurCloud()
    // Such a server takes the credentials configured for it: here, those `lab cloud env` gives (the proxy's upstream checks them).
    const env = JSON.parse((await cli.run(['cloud', 'env', '--json'])).stdout)
    const credentials = { AWS_ACCESS_KEY_ID: env.AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: env.AWS_SECRET_ACCESS_KEY }
    const r = await cli.run(['outputs', '350', '--json', '--endpoint', other], { env: credentials })
    expect(r.exitCode, r.stderr).toBe(0)
    expect(JSON.parse(r.stdout).ApiUrl).toMatch(/^https:\/\/[a-z0-9]+\.execute-api\.us-east-1\.amazonaws\.com\/prod\/$/)
    expect(r.stderr.trim()).toBe(
      `${other} is not a local cloud of this project: the stack outputs name AWS hosts (…amazonaws.com), and the checks will use them as they are.`,
    )
  })

  it('with https:// for a server that speaks plain HTTP: says so (was: exit 70 and a screenful of OpenSSL)', async () => {
    const r = await cli.run(['outputs', '350', '--endpoint', `https://127.0.0.1:${cli.port}`])
    expect(r.exitCode).toBe(1)
    expect(r.stderr.trim()).toBe(
      `Could not make a TLS (https) connection to https://127.0.0.1:${cli.port} (EPROTO): if the server speaks plain HTTP, use an http:// URL; else check its certificate.`,
    )
  })

  it('at something that takes the connection and never answers: a clear message within seconds (was: a silent hang)', async () => {
    const sockets: net.Socket[] = []
    const silent = net.createServer((socket) => void sockets.push(socket))
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
    const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`
    try {
      const started = Date.now()
      const r = await cli.run(['deploy', '350', '--endpoint', url])
      expect(r.exitCode).toBe(1)
      expect(r.stderr).toContain(`No answer from ${url} within 5 s`)
      // Not a speed test: without the probe the SDK waits minutes (a minute per attempt, with retries). A loaded
      // machine may take a while to start the CLI, so the bound only separates "gave up" from "hung".
      expect(Date.now() - started).toBeLessThan(60_000)
    } finally {
      for (const socket of sockets) socket.destroy()
      silent.close()
    }
  })
})

describe('--region on the local cloud', () => {
  it('is named on the deploy line, then and on later commands that remember it', { timeout: 240_000 }, async () => {
    // One region at a time: the teardown's tag check would see the other region's lab resources (IAM is global).
    const before = await cli.run(['teardown', '350', '--yes'])
    expect(before.exitCode, before.stdout + before.stderr).toBe(0)

    const deploy = await cli.run(['deploy', '350', '--region', 'eu-west-1'])
    expect(deploy.exitCode, deploy.stderr).toBe(0)
    expect(deploy.stdout).toContain(`Deploying stack apigw-lab-350 to local cloud at http://localhost:${cli.port} (region eu-west-1)`)
    const again = await cli.run(['deploy', '350'])
    expect(again.stdout).toContain(`to local cloud at http://localhost:${cli.port} (region eu-west-1)`)
    const status = await cli.run(['status'])
    expect(status.stdout).toContain(`on local cloud at http://localhost:${cli.port} (region eu-west-1)`)
    const teardown = await cli.run(['teardown', '350', '--yes'])
    expect(teardown.exitCode, teardown.stdout + teardown.stderr).toBe(0)
    expect(teardown.stdout).toContain('(region eu-west-1)')

    // The default region is not worth a word.
    const home = await cli.run(['deploy', '350', '--target', 'local'])
    expect(home.stdout).toMatch(new RegExp(`to local cloud at http://localhost:${cli.port}\\n`))
  })
})
