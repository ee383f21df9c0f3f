import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { page } from './pager.js'

const terminal = (rows: number) => {
  const written: string[] = []
  return { written, isTTY: true, rows, write: (s: string) => written.push(s) }
}

describe('page', () => {
  const text = Array.from({ length: 30 }, (_, i) => `line ${i}`).join('\n') + '\n'

  it('prints directly without a terminal, or when the text fits', async () => {
    const pipe = { written: [] as string[], isTTY: false, write(s: string) { this.written.push(s) } }
    await page(text, pipe, { PAGER: 'false' })
    expect(pipe.written).toEqual([text])
    const tall = terminal(100)
    await page(text, tall, { PAGER: 'false' })
    expect(tall.written).toEqual([text])
  })

  it('sends longer text through $PAGER on a terminal', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lab-pager-')), 'paged.txt')
    const small = terminal(10)
    await page(text, small, { PATH: process.env.PATH, PAGER: `cat > ${file}` })
    expect(small.written).toEqual([])
    expect(fs.readFileSync(file, 'utf8')).toBe(text)
  })

  it('falls back to printing when the pager cannot start', async () => {
    const small = terminal(10)
    await page(text, small, { PATH: process.env.PATH, PAGER: 'no-such-pager-command-here' })
    expect(small.written).toEqual([text])
  })
})
