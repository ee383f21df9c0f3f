import { describe, expect, it } from 'vitest'
import { cliMessages } from './messages/en/cli.js'
import { securityMessages } from './messages/en/security.js'
import { renderCheckReport } from './check-report.js'
import { catalog } from './i18n.js'
import { colorLevel, makeColors } from './colors.js'
import { captureOutput, createOutput } from './output.js'
import { renderStackEvent } from './stack-events.js'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

describe('colours', () => {
  it('are off without a TTY or under NO_COLOR, unless FORCE_COLOR', () => {
    expect(colorLevel({ isTTY: false }, {})).toBe(0)
    expect(colorLevel({ isTTY: true }, { NO_COLOR: '1' })).toBe(0)
    expect(colorLevel({ isTTY: true }, {})).toBeGreaterThan(0)
    expect(colorLevel({ isTTY: false }, { FORCE_COLOR: '2' })).toBe(2)
    expect(colorLevel({ isTTY: false }, { FORCE_COLOR: '' })).toBe(0)
  })

  it('createOutput writes plain text to a non-TTY stream', () => {
    const written: string[] = []
    const stream = { write: (s: string) => written.push(s), isTTY: false }
    const out = createOutput({ stdout: stream, stderr: stream, stdin: { isTTY: false } }, {})
    out.error('boom')
    out.table([['350', 'CORS']], ['ID', 'TITLE'])
    expect(written.join('')).toBe('boom\nID   TITLE\n350  CORS\n')
    expect(out.interactive).toBe(false)
  })

  it('a progress line is drawn in place on a terminal, one row at most, and never into a pipe', () => {
    const piped: string[] = []
    const pipe = { write: (s: string) => piped.push(s), isTTY: false }
    createOutput({ stdout: pipe, stderr: pipe }, {}).progress('Checking 1/8: …')
    expect(piped).toEqual([])
    const drawn: string[] = []
    const terminal = { write: (s: string) => drawn.push(s), isTTY: true, columns: 12 }
    const out = createOutput({ stdout: terminal, stderr: terminal }, { NO_COLOR: '1' })
    out.progress('Checking 1/8: the stack outputs the URL')
    out.progress('')
    expect(drawn).toEqual(['\r\x1b[2KChecking 1/', '\r\x1b[2K'])
  })
})

describe('check report', () => {
  it('shows control characters from an answer or a function log as escapes, never raw', () => {
    const lines = renderCheckReport(
      [{ id: 'a', title: 'API answers', passed: false, message: 'got \u001b[2J', response: 'HTTP/1.1 500\n\u001b]52;c;aGk=\u0007', functionLog: ['\u009b31m red'] }],
      makeColors(0),
    ).join('\n')
    expect(lines).not.toMatch(/[\u001b\u0007\u009b]/)
    expect(lines).toContain('got \\u001b[2J')
    expect(lines).toContain('\\u009b31m red')
  })

  it('marks ✓ ✗ – and indents the failure details', () => {
    const lines = renderCheckReport(
      [
        { id: 'a', title: 'API answers', passed: true, message: 'ok' },
        {
          id: 'b',
          title: 'Site can read the API',
          passed: false,
          message: 'blocked by CORS policy',
          expected: 'Access-Control-Allow-Origin',
          request: 'GET /items\nOrigin: http://site',
          why: 'browsers need it',
        },
        { id: 'c', title: 'In a browser', passed: false, skipped: true, message: 'run with --browser' },
      ],
      makeColors(0),
    )
    expect(lines).toEqual([
      '✓ API answers',
      '✗ Site can read the API',
      '    blocked by CORS policy',
      '    expected: Access-Control-Allow-Origin',
      '    request: GET /items',
      '        Origin: http://site',
      '    why: browsers need it',
      '– In a browser (skipped)',
      '    run with --browser',
      '',
      '1 passed, 1 failed, 1 skipped (3 checks)',
    ])
  })

  it('says the stale-deployment note once, under the first failing check on that stage', () => {
    const note = 'Stage prod of abc123 still serves the old deployment.'
    const lines = renderCheckReport(
      [
        { id: 'a', title: 'Preflight', passed: false, message: 'no header', staleDeployment: note },
        { id: 'b', title: 'GET', passed: false, message: 'no header', staleDeployment: note },
      ],
      makeColors(0),
    )
    expect(lines.filter((l) => l.includes(note))).toHaveLength(1)
    expect(lines.indexOf('    ' + note)).toBeLessThan(lines.indexOf('✗ GET'))
  })

  it('stack events show time, logical id, type, status and reason', () => {
    const line = renderStackEvent(
      { timestamp: new Date('2026-01-01T12:31:04Z'), logicalId: 'Fn', resourceType: 'AWS::Lambda::Function', status: 'CREATE_FAILED', reason: 'bad' },
      makeColors(0),
    )
    expect(line).toMatch(/^12:31:04 Fn\s+AWS::Lambda::Function\s+CREATE_FAILED\s+bad$/)
  })

  it('captureOutput collects what a command prints', async () => {
    const out = captureOutput({ answers: [true] })
    out.info('hi')
    out.note('detail')
    expect(await out.confirm('ok?')).toBe(true)
    expect([out.stdout, out.stderr]).toEqual([['hi'], ['detail']])
  })
})

describe('message catalog', () => {
  it('has every cli.* key the code uses', () => {
    const root = fileURLToPath(new URL('../', import.meta.url))
    const used = new Set<string>()
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name)
        if (e.isDirectory()) walk(p)
        else if (p.endsWith('.ts') && !p.endsWith('.test.ts')) {
          for (const m of fs.readFileSync(p, 'utf8').matchAll(/'(cli\.[A-Za-z]+\.[A-Za-z]+)'/g)) used.add(m[1])
        }
      }
    }
    for (const d of ['cli', 'runner', 'ui']) walk(path.join(root, d))
    for (const id of ['node', 'python', 'cloud', 'chromium', 'aws']) used.add(`cli.doctor.${id}`)
    // Any area's catalog may hold a command's cli.* strings (lab login's live with the login area).
    const english = catalog('en')
    expect([...used].filter((k) => !Object.hasOwn(english, k))).toEqual([])
  })
})
