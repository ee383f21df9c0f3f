import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { captureOutput } from '../ui/output.js'
import { ProgressStore } from './progress.js'
import { selectLab } from './select.js'
import { commandNaming, foreignWorkspace } from './which-lab.js'

const root = path.resolve(import.meta.dirname, '../..')

/** A LAB_HOME made by `lab start 350` in another shell (port 45123), and this shell's own, empty one. */
function twoHomes(options: { cloudJson?: boolean } = {}) {
  const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'lab-homes-')))
  const other = path.join(base, 'other home')
  const ws = path.join(other, 'workspaces', '350-cors')
  fs.mkdirSync(path.join(ws, 'src'), { recursive: true })
  new ProgressStore(other).update((p) => {
    p.current = '350'
    p.labs['350'] = { workspace: ws, targetDescribe: 'local cloud at http://localhost:45123' }
  })
  if (options.cloudJson) {
    fs.mkdirSync(path.join(other, 'cloud'))
    fs.writeFileSync(path.join(other, 'cloud', 'cloud.json'), JSON.stringify({ pid: 1, port: 46000, endpoint: 'x', startedAt: 'now' }))
  }
  const own = path.join(base, 'own')
  return { other, ws, own, out: captureOutput() }
}

describe('which lab a command picks', () => {
  it('a workspace of another LAB_HOME, with no lab in progress here: names that LAB_HOME and the exports to run', async () => {
    const { other, ws, own, out } = twoHomes()
    const ctx = { contentDir: root, labHome: own, cwd: path.join(ws, 'src'), progress: new ProgressStore(own), out }
    const error = (await selectLab(ctx).catch((e: unknown) => e)) as { message: string; details: string[] }
    expect(error.message).toBe(`Which lab? This folder is a lab workspace of another LAB_HOME, and this shell's LAB_HOME (${own}) has no lab in progress.`)
    expect(error.details[0]).toBe(`This folder is the workspace of lab 350 in LAB_HOME ${other}.`)
    expect(error.details[1]).toContain(`export LAB_HOME='${other}' LAB_CLOUD_PORT=45123`)
  })

  it('prefers the running cloud\'s port (cloud.json) to the one the last deploy used', () => {
    const { ws, own } = twoHomes({ cloudJson: true })
    expect(foreignWorkspace(ws, own)?.port).toBe(46000)
  })

  it('with a lab in progress here, goes on with it but says the folder belongs elsewhere', async () => {
    const { other, ws, own, out } = twoHomes()
    const progress = new ProgressStore(own)
    progress.update((p) => void (p.current = '351'))
    const lab = await selectLab({ contentDir: root, labHome: own, cwd: ws, progress, out })
    expect(lab.manifest.id).toBe('351')
    expect(out.stderr.join('\n')).toContain(`uses lab 351 of this shell's LAB_HOME (${own}) instead`)
    expect(out.stderr.join('\n')).toContain(`export LAB_HOME='${other}'`)
  })

  it('its own LAB_HOME\'s folders are not foreign', () => {
    const { ws, other } = twoHomes()
    expect(foreignWorkspace(ws, other)).toBeUndefined()
  })

  it('the folder\'s lab while another was started last: one line with a command that works as printed', async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-which-'))
    const progress = new ProgressStore(home)
    const ws350 = path.join(home, 'workspaces', '350-cors')
    progress.update((p) => {
      p.current = '351'
      p.labs['350'] = { workspace: ws350 }
      p.labs['351'] = { workspace: path.join(home, 'workspaces', '351-iam-auth') }
    })
    const out = captureOutput()
    const lab = await selectLab({ contentDir: root, labHome: home, cwd: ws350, progress, out, command: 'deploy' })
    expect(lab.manifest.id).toBe('350')
    expect(out.stderr).toEqual([`Lab 350 (this folder's workspace); you started 351 last: \`cd ${path.join(home, 'workspaces', '351-iam-auth')}\` or \`lab deploy 351\`.`])
    expect(commandNaming('call', '351')).toBe('lab call --lab 351 …')
    expect(commandNaming('inspect table', '354')).toBe('lab inspect table 354')
    expect(commandNaming('ws', '354')).toBeUndefined()
  })
})
