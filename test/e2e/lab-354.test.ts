/**
 * Lab 354 as a learner goes through it, with the built CLI on a local cloud: the starter fails for the three
 * reasons the guide teaches and each fix moves the failure to the next bug (so every bug is real, and the checks
 * tell them apart); the solution passes; `lab ws`, `lab inspect table`, `lab connections` (list, get, post, delete,
 * 410) and the lecture's own client, wscat run unmodified, work against the deployed chat.
 */
import { execa, type ResultPromise } from 'execa'
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { labCli, ROOT, stopCloud, type LabCli } from './helpers.js'

let cli: LabCli
const workspace = () => path.join(cli.home, 'workspaces', '354-websocket-chat')
const edit = (rel: string, from: string, to: string) => {
  const file = path.join(workspace(), rel)
  const text = fs.readFileSync(file, 'utf8')
  expect(text, `${rel} contains ${from}`).toContain(from)
  fs.writeFileSync(file, text.split(from).join(to))
}

async function checks(): Promise<Record<string, { passed: boolean; message: string }>> {
  const r = await cli.run(['check', '354', '--json'])
  return Object.fromEntries(JSON.parse(r.stdout).checks.map((c: { id: string; passed: boolean; message: string }) => [c.id, c]))
}
const failing = (results: Record<string, { passed: boolean }>) => Object.keys(results).filter((id) => !results[id].passed)

/** `lab ws 354` with stdin kept open (the piped mode): what it printed so far, and a way to type. */
function client(): { proc: ResultPromise; output: () => string; type: (line: string) => void } {
  let text = ''
  const proc = execa(process.execPath, [path.join(ROOT, 'bin/lab.js'), 'ws', '354', '-w', '1'], { env: cli.env, cwd: ROOT, reject: false, stdin: 'pipe', timeout: 120_000 })
  proc.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString()))
  return { proc, output: () => text, type: (line) => proc.stdin!.write(`${line}\n`) }
}

async function waitFor(read: () => string, pattern: RegExp, ms = 20_000): Promise<RegExpMatchArray> {
  const deadline = Date.now() + ms
  for (;;) {
    const m = read().match(pattern)
    if (m) return m
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern} in:\n${read()}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

beforeAll(async () => {
  cli = await labCli()
})
afterAll(async () => {
  await cli.run(['teardown', '354', '--yes'])
  await stopCloud(cli)
})

describe('lab 354 on the local cloud', { timeout: 900_000 }, () => {
  it('starter: messages get the Forbidden frame; each fix uncovers the next bug; the solution passes', async () => {
    const start = await cli.run(['start', '354', '--yes'])
    expect(start.stdout).toMatch(/ws:\/\/[a-z0-9]+\.execute-api\.localhost:\d+\/prod/)
    let results = await checks()
    expect(failing(results)).toEqual(['broadcast', 'whoami-answers', 'default-route-answers', 'stale-connection'])
    expect(results.broadcast.message).toMatch(/Client 1 received \{"message": ?"Forbidden"/)

    // Fix 1: the route selection expression, with a new deployment.
    edit('template.yaml', 'RouteSelectionExpression: $request.body.type', 'RouteSelectionExpression: $request.body.action')
    edit('template.yaml', '  Deployment:\n', '  DeploymentV2:\n')
    edit('template.yaml', 'DeploymentId: !Ref Deployment\n', 'DeploymentId: !Ref DeploymentV2\n')
    expect((await cli.run(['deploy', '354'])).exitCode).toBe(0)
    results = await checks()
    expect(results.broadcast.passed).toBe(true)
    expect(results['whoami-answers'].message).toContain('got no answer')
    expect(results['stale-connection'].message).toMatch(/received \{"message": ?"Internal server error"/)

    // Half of fix 3: the SDK v3 error test, but still deleting the sender's item.
    edit('functions/sendmessage/app.mjs', 'if (e.statusCode === 410) {', "if (e.name === 'GoneException') {")
    expect((await cli.run(['deploy', '354'])).exitCode).toBe(0)
    results = await checks()
    expect(results['stale-connection'].message).toMatch(/The item of client \d \(.+\), which is still connected, was deleted/)

    const solve = await cli.run(['solve', '354', '--yes'])
    expect(solve.exitCode).toBe(0)
    results = await checks()
    expect(Object.values(results).filter((r) => !r.passed).map((r) => r.message)).toEqual([])
    // The checks clean up after themselves: no stale item, no client left in the table.
    const table = JSON.parse((await cli.run(['inspect', 'table', '354', '--json'])).stdout)
    expect(table.items).toEqual([])
  })

  it('lab ws, lab inspect table and lab connections (list, get, post, delete, then 410) on the deployed chat', async () => {
    const c = client()
    c.type('{"action":"whoami"}')
    const id = (await waitFor(c.output, /"connectionId": "([^"]+)"/))[1]

    const table = await cli.run(['inspect', 'table', '354'])
    expect(table.stdout).toMatch(/connectionId\s+connectedAt\s+name/)
    expect(table.stdout).toContain(id)

    const list = await cli.run(['connections', '354'])
    expect(list.exitCode).toBe(0)
    expect(list.stdout).toMatch(new RegExp(`${id.replace(/[+=/]/g, '\\$&')}\\s+200\\s+\\d{4}-`))

    const get = await cli.run(['connections', '354', 'get', id, '--json'])
    expect(JSON.parse(get.stdout)).toMatchObject({ connectedAt: expect.any(String), identity: { sourceIp: expect.any(String) } })

    expect((await cli.run(['connections', '354', 'post', id, '--data', 'a message from outside'])).stdout).toContain('200 OK')
    await waitFor(c.output, /< a message from outside/)

    c.type('{"action":"sendmessage","data":"hello everyone"}')
    await waitFor(c.output, /< hello everyone/)

    expect((await cli.run(['connections', '354', 'delete', id])).stdout).toContain('204 No Content')
    await waitFor(c.output, /Disconnected \(code: \d+/)
    c.proc.stdin!.end()
    await c.proc

    const gone = await cli.run(['connections', '354', 'get', id])
    expect(gone.exitCode).toBe(1)
    expect(gone.stderr).toContain('410 GoneException')
    expect((await cli.run(['inspect', 'table', '354'])).stdout).not.toContain(id)
  })

  it('wscat (the lecture\'s client), run unmodified, talks to the chat at the URL lab prints', async () => {
    const url = JSON.parse((await cli.run(['outputs', '354', '--json'])).stdout).WebSocketURL
    expect(url).toMatch(/^ws:\/\/[a-z0-9]+\.execute-api\.localhost:\d+\/prod$/)
    // wscat resolves names with the system resolver: *.localhost is loopback there on most systems, not in Node's
    // dns.lookup on every libc, so the path-style URL of the same stage is used when the host does not resolve.
    const hostResolves = await import('node:dns/promises').then((d) => d.lookup(new URL(url).hostname).then(() => true, () => false))
    const target = hostResolves ? url : url.replace(/^ws:\/\/([a-z0-9]+)\.execute-api\.localhost:(\d+)\/(.+)$/, 'ws://localhost:$2/_aws/execute-api/$1/$3')
    const r = await execa('npx', ['--no-install', 'wscat', '-c', target, '-x', '{"action":"whoami"}', '-w', '3'], { cwd: ROOT, reject: false, timeout: 60_000 })
    expect(r.stderr).not.toMatch(/error/i)
    expect(r.stdout).toMatch(/"connectionId":"[^"]+"/)
    const help = await execa('npx', ['--no-install', 'wscat', '-c', target, '-x', 'not json', '-w', '3'], { cwd: ROOT, reject: false, timeout: 60_000 })
    expect(help.stdout).toContain('Unknown action')
  })
})
