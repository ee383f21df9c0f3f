import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { INSTALL_DIR, labOnPath } from './on-path.js'

describe('labOnPath', () => {
  const dir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'lab-path-'))

  it('finds this install through a symlink (what npm link makes), and says when another lab comes first or none is there', () => {
    const linked = dir()
    fs.symlinkSync(path.join(INSTALL_DIR, 'bin', 'lab.js'), path.join(linked, 'lab'))
    const other = dir()
    fs.writeFileSync(path.join(other, 'lab'), '#!/bin/sh\n', { mode: 0o755 })
    const empty = dir()
    expect(labOnPath({ PATH: [empty, linked].join(path.delimiter) })).toBe('found')
    expect(labOnPath({ PATH: [other, linked].join(path.delimiter) })).toBe('other')
    expect(labOnPath({ PATH: empty })).toBe('missing')
    expect(labOnPath({})).toBe('missing')
  })
})
