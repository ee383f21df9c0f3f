/** `labs:verify` as lab authors run it, on the fixture lab: passes, prints a summary, stops its cloud. */
import { execa } from 'execa'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { assertBuilt, ROOT } from './helpers.js'

describe('labs:verify', () => {
  it('verifies the fixture lab and stops the cloud it started', { timeout: 300_000 }, async () => {
    assertBuilt()
    const r = await execa(process.execPath, [path.join(ROOT, 'dist', 'runner', 'verify-labs.js'), '900'], {
      env: { LAB_CONTENT_DIR: path.join(ROOT, 'test', 'e2e', 'fixtures', 'content'), NO_COLOR: '1', FORCE_COLOR: '0' },
      reject: false,
    })
    expect(r.exitCode, r.stdout + r.stderr).toBe(0)
    expect(r.stdout).toContain('✓ 900 Smoke test lab')
    expect(r.stdout).toContain('All 1 lab(s) verified.')
    const port = Number(r.stdout.match(/port (\d+)/)![1])
    await expect(fetch(`http://127.0.0.1:${port}/_lab/health`)).rejects.toThrow()
  })

  it('--lang ko runs the same checks with the Korean texts; an unknown language is refused', { timeout: 300_000 }, async () => {
    const env = { LAB_CONTENT_DIR: path.join(ROOT, 'test', 'e2e', 'fixtures', 'content'), NO_COLOR: '1', FORCE_COLOR: '0' }
    const r = await execa(process.execPath, [path.join(ROOT, 'dist', 'runner', 'verify-labs.js'), '900', '--lang', 'ko'], { env, reject: false })
    expect(r.exitCode, r.stdout + r.stderr).toBe(0)
    expect(r.stdout).toContain('language ko')
    expect(r.stdout).toContain('✓ 900 스모크 테스트 실습')
    const bad = await execa(process.execPath, [path.join(ROOT, 'dist', 'runner', 'verify-labs.js'), '--lang=fr'], { env, reject: false })
    expect(bad.exitCode).toBe(1)
    expect(bad.stderr).toContain("labs:verify: --lang must be one of en, ko (got 'fr')")
  })

  it('an unknown lab id is an error with suggestions', async () => {
    const r = await execa(process.execPath, [path.join(ROOT, 'dist', 'runner', 'verify-labs.js'), '9000'], {
      env: { LAB_CONTENT_DIR: path.join(ROOT, 'test', 'e2e', 'fixtures', 'content'), NO_COLOR: '1', FORCE_COLOR: '0' },
      reject: false,
    })
    expect(r.exitCode).toBe(1)
    expect(r.stderr).toContain("Unknown lab '9000'. Did you mean 900?")
  })
})
