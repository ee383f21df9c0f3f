/**
 * `lab quiz 350` as a learner runs it: through `--json`/`--answers` (scripted), and on a real terminal in tmux,
 * typing option letters at enquirer's prompts.
 */
import { execa, execaSync } from 'execa'
import fs from 'node:fs'
import path from 'node:path'
import { parse } from 'yaml'
import { afterAll, describe, expect, it } from 'vitest'
import { labCli, ROOT } from './helpers.js'

const quizYaml = parse(fs.readFileSync(path.join(ROOT, 'labs', '350-cors', 'quiz.yaml'), 'utf8'))
const correct = (q: any): string[] => (Array.isArray(q.correct) ? q.correct : [q.correct])
const answerOf = (q: any) => `${q.id}=${correct(q).join('+')}`

describe('lab quiz through --json and --answers', () => {
  const homes: string[] = []
  afterAll(() => homes.forEach((h) => fs.rmSync(h, { recursive: true, force: true })))

  it('prints the questions, takes every answer, and lab list shows the score', async () => {
    const cli = await labCli()
    homes.push(cli.home)
    const listed = await cli.run(['quiz', '350', '--json'])
    expect(listed.exitCode, listed.stderr).toBe(0)
    const ids = JSON.parse(listed.stdout).questions.map((q: any) => q.id)
    expect(ids).toEqual(quizYaml.questions.map((q: any) => q.id))

    const before = JSON.parse((await cli.run(['list', '--json'])).stdout)
    expect(before.labs.find((l: any) => l.id === '350').quiz).toBeNull()

    const answered = await cli.run(['quiz', '350', '--json', '--answers', quizYaml.questions.map(answerOf).join(',')])
    expect(answered.exitCode, answered.stderr).toBe(0)
    const result = JSON.parse(answered.stdout)
    expect(result.score).toEqual({ correct: ids.length, total: ids.length })

    const after = JSON.parse((await cli.run(['list', '--json'])).stdout)
    expect(after.labs.find((l: any) => l.id === '350').quiz).toEqual({ correct: ids.length, total: ids.length })
    const table = await cli.run(['list'])
    expect(table.stdout).toMatch(new RegExp(`QUIZ[\\s\\S]*350 .* ${ids.length}/${ids.length}`))

    const stats = JSON.parse((await cli.run(['quiz', '--stats', '--json'])).stdout)
    // Every lab with a quiz is listed; only lab 350's was answered.
    expect(stats.labs).toContainEqual({ lab: '350', questions: ids.length, answered: ids.length, correct: ids.length, due: 0 })
    expect(stats.labs.filter((l: any) => l.lab !== '350').every((l: any) => l.answered === 0)).toBe(true)
    // Everything answered right is scheduled for later: nothing to ask today.
    expect(JSON.parse((await cli.run(['quiz', '350', '--json'])).stdout).questions).toEqual([])
  })

  it('bad input exits non-zero with a message and no stack trace', async () => {
    const cli = await labCli()
    homes.push(cli.home)
    for (const [args, message] of [
      [['quiz', '305'], "Unknown lab '305'. Did you mean 350"],
      [['quiz', '350', '--answers', 'cors-origin-port=f'], "'f' is not an option of question cors-origin-port"],
      [['quiz', '350', '--answers', 'nope=a'], "There is no question 'nope' here."],
      [['quiz', '350', '--answers', 'cors-preflight-triggers=a+b+c'], 'takes exactly 2 options'],
      [['quiz', '350'], 'lab quiz asks its questions on a terminal'],
    ] as const) {
      const r = await cli.run([...args])
      expect(r.exitCode, args.join(' ')).toBe(1)
      expect(r.stderr).toContain(message)
      expect(r.stderr).not.toMatch(/\n\s+at /)
    }
  })
})

const hasTmux = (() => {
  try {
    execaSync('tmux', ['-V'])
    return true
  } catch {
    return false
  }
})()

describe.skipIf(!hasTmux)('lab quiz on a terminal (tmux)', () => {
  const socket = `lab-quiz-test-${process.pid}`
  const tmux = (...args: string[]) => execa('tmux', ['-L', socket, ...args])
  afterAll(async () => {
    await tmux('kill-server').catch(() => {})
  })

  /** The whole pane, wrapped lines joined. */
  const screen = async () => (await tmux('capture-pane', '-p', '-J', '-S', '-2000', '-t', 'quiz')).stdout
  async function waitFor(text: string | RegExp): Promise<string> {
    const deadline = Date.now() + 60_000
    for (;;) {
      const s = await screen()
      if (typeof text === 'string' ? s.includes(text) : text.test(s)) return s
      if (Date.now() > deadline) throw new Error(`the terminal never showed ${text}:\n${s}`)
      await new Promise((r) => setTimeout(r, 200))
    }
  }
  async function type(keys: string[]) {
    for (const key of keys) {
      await tmux('send-keys', '-t', 'quiz', key)
      await screen() // one round trip between keys, as a person types
    }
  }

  it('answers three questions by letter, shows every explanation and the score, and remembers the miss', { timeout: 180_000 }, async () => {
    const cli = await labCli()
    const env = Object.entries({ ...cli.env, NO_COLOR: '1' }).map(([k, v]) => `${k}=${v}`).join(' ')
    const command = `env ${env} ${process.execPath} ${path.join(ROOT, 'bin', 'lab.js')} quiz 350 --count 3; echo QUIZ-EXIT=$?; sleep 600`
    await tmux('new-session', '-d', '-s', 'quiz', '-x', '200', '-y', '50', command)
    const [q1, q2, q3] = quizYaml.questions

    await waitFor('Question 1/3')
    await waitFor('Your answer')
    await type([correct(q1)[0], 'Enter'])
    await waitFor('✔ Right.')
    let s = await waitFor('Question 2/3')
    // Every option of question 1 was explained.
    for (const o of Object.values<any>(q1.options)) expect(s).toContain(o.why.en)

    await waitFor(`Pick ${q2.choose}`)
    await type([...correct(q2), 'Enter'])
    await waitFor('Question 3/3')

    const wrong = ['a', 'b', 'c', 'd', 'e'].filter((k) => k in q3.options && !correct(q3).includes(k)).slice(0, correct(q3).length)
    await waitFor(/Question 3\/3[\s\S]*(Your answer|Pick)/)
    await type([...wrong, 'Enter'])
    s = await waitFor('QUIZ-EXIT=0')
    expect(s).toContain(`✘ Not quite. The answer is ${correct(q3).join(' + ')}.`)
    expect(s).toContain('Score: 2/3')
    expect(s).toContain('lab quiz 350 --review')

    const history = JSON.parse(fs.readFileSync(path.join(cli.home, 'quiz.json'), 'utf8'))
    expect(Object.keys(history.questions).sort()).toEqual([q1.id, q2.id, q3.id].map((id) => `350/${id}`).sort())
    expect(history.questions[`350/${q3.id}`]).toMatchObject({ box: 0, lastCorrect: false })
    const review = await cli.run(['quiz', '350', '--review', '--json'])
    expect(JSON.parse(review.stdout).questions.map((q: any) => q.id)).toEqual([q3.id])
    fs.rmSync(cli.home, { recursive: true, force: true })
  })
})
