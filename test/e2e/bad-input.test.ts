/**
 * What a confused learner might type, run as they would: each gets a clear message on stderr and a
 * non-zero exit, never a stack trace. (YAML mistakes: yaml-errors.test.ts; unknown ids: cli.test.ts.)
 */
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort, labCli, stopCloud, type LabCli } from './helpers.js'

let cli: LabCli
beforeAll(async () => {
  cli = await labCli()
})
afterAll(async () => {
  await stopCloud(cli)
})

const noStackTrace = (text: string) => expect(text).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m)

describe('bad input', () => {
  it('an endpoint nobody listens on: says it could not reach it', async () => {
    const closed = await freePort()
    const r = await cli.run(['check', '350', '--endpoint', `http://127.0.0.1:${closed}`])
    expect(r.exitCode).toBe(1)
    expect(r.stderr).toContain(`Could not reach http://127.0.0.1:${closed}`)
    noStackTrace(r.stderr)
  })

  it.each(['not-a-url', 'localhost:4671'])('--endpoint %s: says what an endpoint looks like (was: exit 70, or NotFound: Unknown)', async (value) => {
    const r = await cli.run(['deploy', '350', '--endpoint', value])
    expect(r.exitCode).toBe(1)
    expect(r.stderr).toContain(`--endpoint "${value}" is not an http:// or https:// URL with a host; use one like --endpoint http://localhost:4566`)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
  })

  it('--target with --endpoint: refused before a workspace is made (was: --endpoint won silently)', async () => {
    const r = await cli.run(['start', '350', '--target', 'local', '--endpoint', 'http://localhost:4566', '--yes'])
    expect(r.exitCode).toBe(1)
    expect(r.stderr).toContain('--endpoint stands instead of --target: pass either --target local or --endpoint http://localhost:4566, not both.')
    expect(fs.existsSync(path.join(cli.home, 'workspaces'))).toBe(false)
    noStackTrace(r.stderr)
  })

  it('--target aws without credentials: says how to configure them, before anything is created', async () => {
    const empty = fs.mkdtempSync(path.join(cli.home, 'no-aws-'))
    const env = {
      HOME: empty,
      AWS_CONFIG_FILE: path.join(empty, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: path.join(empty, 'credentials'),
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_ACCESS_KEY_ID: '',
      AWS_SECRET_ACCESS_KEY: '',
      AWS_PROFILE: '',
    }
    const r = await cli.run(['start', '350', '--target', 'aws', '--region', 'us-east-1', '--yes'], { env })
    expect(r.exitCode).toBe(1)
    expect(r.stderr).toContain('No AWS credentials found for --target aws')
    noStackTrace(r.stderr)
  })

  it('a deploy that fails names the failing resource and reason, and the stack is rolled back', async () => {
    const start = await cli.run(['start', '350', '--yes'])
    expect(start.exitCode, start.stderr).toBe(0) // deployed; its first check run shows the CORS failures
    const ws = path.join(cli.home, 'workspaces', '350-cors')
    const template = path.join(ws, 'template.yaml')
    // A learner's typo: a runtime AWS no longer accepts for new functions.
    fs.writeFileSync(template, fs.readFileSync(template, 'utf8').replace(/Runtime: python3\.\d+/, 'Runtime: python3.9'))
    const r = await cli.run(['deploy', '350'])
    expect(r.exitCode).toBe(1)
    expect(r.stderr).toContain('HousesFunction')
    expect(r.stderr).toContain('python3.9')
    expect(r.stderr).toMatch(/UPDATE_ROLLBACK_COMPLETE/)
    noStackTrace(r.stderr)
    const teardown = await cli.run(['teardown', '350', '--yes'])
    expect(teardown.exitCode, teardown.stderr).toBe(0)
  })
})
