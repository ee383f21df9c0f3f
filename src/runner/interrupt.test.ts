import { EventEmitter } from 'node:events'
import { describe, expect, it } from 'vitest'
import { captureOutput } from '../ui/output.js'
import { guardDeploy, guardStartup, InterruptedError, type GuardOptions } from './interrupt.js'

function setup(status: string | undefined, extra: Partial<GuardOptions> = {}) {
  const signals = new EventEmitter()
  const out = captureOutput()
  const recorded: boolean[] = []
  let exited: (code: number) => void = () => {}
  const exit = new Promise<number>((resolve) => (exited = resolve))
  const guard = guardDeploy({
    out,
    stackName: 'apigw-lab-350',
    labId: '350',
    hasSite: true,
    targetDescribe: 'local cloud at http://localhost:4599',
    stackStatus: async () => status,
    record: (exists) => recorded.push(exists),
    exit: (code) => exited(code),
    signals: signals as unknown as NodeJS.Process,
    ...extra,
  })
  return { signals, out, recorded, exit, guard, text: () => out.stderr.join('\n') }
}

describe('Ctrl-C during a deploy', () => {
  it('mid-stack: names the stack status, says the site was not uploaded, what to run next; records the stack; exits 130', async () => {
    const t = setup('UPDATE_IN_PROGRESS')
    t.guard.phase = 'stack'
    t.signals.emit('SIGINT')
    expect(await t.exit).toBe(130)
    expect(t.text()).toContain('Interrupted while CloudFormation was changing the stack (apigw-lab-350).')
    expect(t.text()).toContain('Stack apigw-lab-350 is UPDATE_IN_PROGRESS on local cloud at http://localhost:4599: CloudFormation goes on without lab')
    expect(t.text()).toContain('The website files were not uploaded')
    expect(t.text()).toContain('`lab deploy 350` finishes the job')
    expect(t.text()).toContain('`lab teardown 350` deletes')
    expect(t.recorded).toEqual([true])
  })

  it('while packaging, with no stack yet: nothing was deployed, nothing recorded', async () => {
    const t = setup(undefined)
    t.signals.emit('SIGINT')
    expect(await t.exit).toBe(130)
    expect(t.text()).toContain('before the stack was changed')
    expect(t.text()).toContain('Stack apigw-lab-350 does not exist on local cloud at http://localhost:4599: nothing was deployed.')
    expect(t.text()).toContain('run `lab deploy 350` again')
    expect(t.recorded).toEqual([false])
  })

  it('a lab without a website (351): no website sentences, and the commands name the lab', async () => {
    const t = setup('CREATE_IN_PROGRESS', { stackName: 'apigw-lab-351', labId: '351', hasSite: false })
    t.signals.emit('SIGINT')
    expect(await t.exit).toBe(130)
    expect(t.text()).not.toMatch(/website|browser checks|uploads the site/)
    expect(t.text()).toContain('Next: `lab deploy 351` finishes the job (it waits for the stack, then deploys your workspace again); `lab teardown 351`')
  })

  it('after the deploy finished: the command stops (InterruptedError, exit 130) once it has said the stack is complete', async () => {
    const t = setup('UPDATE_COMPLETE')
    t.guard.phase = 'done'
    t.signals.emit('SIGINT')
    const stopped = await t.guard.stopIfInterrupted().then(() => undefined, (e: unknown) => e)
    expect(stopped).toBeInstanceOf(InterruptedError)
    expect((stopped as InterruptedError).exitCode).toBe(130)
    expect(await t.exit).toBe(130)
    expect(t.text()).toContain('Stack apigw-lab-350 is UPDATE_COMPLETE')
    expect(t.text()).toContain('`lab outputs 350`')
    expect(t.text()).not.toContain('website files were not uploaded')
  })

  it('without Ctrl-C the command goes on', async () => {
    const t = setup('UPDATE_COMPLETE')
    await expect(t.guard.stopIfInterrupted()).resolves.toBeUndefined()
  })

  it('a target that does not answer is said, not waited on forever; a second Ctrl-C exits at once', async () => {
    const t = setup(undefined, { stackStatus: () => new Promise(() => {}) })
    t.signals.emit('SIGINT')
    t.signals.emit('SIGINT')
    expect(await t.exit).toBe(130)
  })

  it('stays out of the way of a SIGINT handler already there (lab watch), and is removed when released', () => {
    const signals = new EventEmitter()
    signals.on('SIGINT', () => {})
    guardDeploy({ out: captureOutput(), stackName: 's', labId: '1', hasSite: false, targetDescribe: 't', stackStatus: async () => undefined, record: () => {}, signals: signals as unknown as NodeJS.Process }).release()
    expect(signals.listenerCount('SIGINT')).toBe(1)
    const t = setup('CREATE_COMPLETE')
    expect(t.signals.listenerCount('SIGINT')).toBe(1)
    t.guard.release()
    expect(t.signals.listenerCount('SIGINT')).toBe(0)
  })

  it('before the deploy starts: says nothing was sent, exits 130; released, it leaves Ctrl-C alone', async () => {
    const signals = new EventEmitter()
    const out = captureOutput()
    let exited: (code: number) => void = () => {}
    const exit = new Promise<number>((resolve) => (exited = resolve))
    const release = guardStartup({ out, stackName: 'apigw-lab-350', labId: '350', exit: (code) => exited(code), signals: signals as unknown as NodeJS.Process })
    signals.emit('SIGINT')
    expect(await exit).toBe(130)
    expect(out.stderr.join('\n')).toContain('Interrupted before the deploy started (apigw-lab-350): nothing was sent to the target')
    release()
    expect(signals.listenerCount('SIGINT')).toBe(0)
  })
})
