import { Command, CommanderError } from 'commander'
import { afterEach, describe, expect, it } from 'vitest'
import { setLanguage } from '../ui/i18n.js'
import { pointersFor, pointUnknownCommands } from './unknown-command.js'

function program() {
  const errors: string[] = []
  const p = new Command('lab')
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureOutput({ writeErr: (s) => void errors.push(s), writeOut: () => {} })
  pointUnknownCommands(p)
  p.command('check').action(() => {})
  p.command('teardown').action(() => {})
  return { p, errors }
}

async function run(word: string) {
  const { p, errors } = program()
  const error = await p.parseAsync(['node', 'lab', word]).then(() => undefined, (e: unknown) => e)
  return { error, text: errors.join('') }
}

describe('words learners try that are not commands', () => {
  afterEach(() => setLanguage('en'))

  it('`lab stop` points to teardown and to cloud stop, and fails as an unknown command', async () => {
    const { error, text } = await run('stop')
    expect(error).toBeInstanceOf(CommanderError)
    expect((error as CommanderError).exitCode).toBe(1)
    expect(text).toContain("error: unknown command 'stop'")
    expect(text).toMatch(/lab teardown +Delete everything a lab deployed/)
    expect(text).toMatch(/lab cloud stop +Stop the local cloud/)
  })

  it('points the usual words to the right command', () => {
    const first = (word: string) => pointersFor(word)[1]?.trim().split(/\s{2,}/)[0]
    expect(first('destroy')).toBe('lab teardown')
    expect(first('DELETE')).toBe('lab teardown')
    expect(first('clean')).toBe('lab teardown')
    expect(first('up')).toBe('lab deploy')
    expect(first('run')).toBe('lab deploy')
    expect(first('test')).toBe('lab check')
    expect(first('verify')).toBe('lab check')
    expect(first('solution')).toBe('lab solve')
    expect(first('usage')).toBe('lab --help')
    expect(pointersFor('constructor')).toEqual([]) // no prototype lookups
  })

  it('a typo still gets commander\'s spelling suggestion', async () => {
    const { text } = await run('chek')
    expect(text).toContain('(Did you mean check?)')
  })

  it('speaks Korean too', async () => {
    setLanguage('ko')
    const { text } = await run('down')
    expect(text).toContain("error: 'down'은 없는 명령어입니다.")
    expect(text).toContain('이 명령어를 찾으셨나요?')
    expect(text).toContain('lab teardown')
  })
})
