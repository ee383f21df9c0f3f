/** `lab quiz` end to end in-process: captured output, a temporary LAB_HOME and an injected clock. */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parse } from 'yaml'
import { describe, expect, it } from 'vitest'
import { createContext } from '../cli/context.js'
import { quiz, type QuizOptions } from '../cli/commands/quiz.js'
import { contentDir } from '../runner/paths.js'
import { setLanguage } from '../ui/i18n.js'
import { captureOutput } from '../ui/output.js'

const DAY = 24 * 60 * 60 * 1000
const t0 = new Date('2026-12-01T09:00:00.000Z')
const at = (days: number) => () => new Date(t0.getTime() + days * DAY)
const yaml = parse(fs.readFileSync(path.join(contentDir({}), 'labs', '350-cors', 'quiz.yaml'), 'utf8'))
const rightAnswers: Record<string, string> = Object.fromEntries(
  yaml.questions.map((q: any) => [q.id, Array.isArray(q.correct) ? q.correct.join('+') : q.correct]),
)
const wrongKey = (id: string) => ['a', 'b', 'c', 'd'].find((k) => !rightAnswers[id].split('+').includes(k))!

function learner(extraEnv: Record<string, string> = {}, interactive = false) {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-quiz-cmd-'))
  const run = async (options: QuizOptions, now = at(0)) => {
    const out = captureOutput({ interactive })
    const ctx = createContext(out, { LAB_HOME: home, ...extraEnv }, home)
    try {
      const code = await quiz(ctx, options, { now })
      return { out, code, json: options.json ? JSON.parse(out.stdout.join('\n')) : undefined }
    } finally {
      setLanguage('en')
    }
  }
  return { home, run }
}

const all = (ids: string[], pick: (id: string) => string) => ids.map((id) => `${id}=${pick(id)}`).join(',')

describe('lab quiz', () => {
  it('--json lists the questions in the chosen language without revealing any answer', async () => {
    const { run } = learner()
    const { json } = await run({ id: '350', json: true, lang: 'ko' })
    expect(json.lang).toBe('ko')
    expect(json.questions).toHaveLength(yaml.questions.length)
    expect(json.questions[0].stem).toBe(yaml.questions[0].stem.ko)
    const text = JSON.stringify(json)
    expect(text).not.toMatch(/"correct"|"why"|"explanations"/)
    for (const q of yaml.questions) for (const o of Object.values<any>(q.options)) expect(text).not.toContain(o.why.ko)
  })

  it('completes lab 350 through --answers, schedules every question and scores it for lab list', async () => {
    const { home, run } = learner()
    const ids = Object.keys(rightAnswers)
    const { json } = await run({ id: '350', json: true, answers: all(ids, (id) => rightAnswers[id]) })
    expect(json.score).toEqual({ correct: ids.length, total: ids.length })
    expect(json.results.every((r: any) => r.correct && r.next.box === 1 && r.next.due === at(1)().toISOString())).toBe(true)
    expect(Object.keys(json.results[0].explanations).length).toBeGreaterThanOrEqual(4)
    const progress = JSON.parse(fs.readFileSync(path.join(home, 'progress.json'), 'utf8'))
    expect(progress.labs['350'].quiz).toEqual({ correct: ids.length, total: ids.length })

    // Nothing is due until a day has passed; then everything is.
    expect((await run({ id: '350', json: true }, at(0.5))).json.questions).toEqual([])
    expect((await run({ id: '350', json: true }, at(1))).json.questions).toHaveLength(ids.length)
    // Other labs with a quiz are listed too (not answered yet).
    expect((await run({ stats: true, json: true }, at(1))).json.labs).toContainEqual(
      { lab: '350', questions: ids.length, answered: ids.length, correct: ids.length, due: ids.length },
    )
  })

  it('--review replays only the missed ones, until they are answered right', async () => {
    const { run } = learner()
    const [missed, ...rest] = Object.keys(rightAnswers)
    const text = await run({ id: '350', answers: `${missed}=${wrongKey(missed)},` + all(rest, (id) => rightAnswers[id]) })
    expect(text.out.stdout.join('\n')).toContain(`Score: ${rest.length}/${rest.length + 1}`)
    expect((await run({ id: '350', review: true, json: true }, at(0.1))).json.questions.map((q: any) => q.id)).toEqual([missed])
    // Asked first by a plain `lab quiz`, too.
    expect((await run({ id: '350', json: true }, at(0.1))).json.questions.map((q: any) => q.id)).toEqual([missed])
    await run({ id: '350', answers: `${missed}=${rightAnswers[missed]}` }, at(0.2))
    expect((await run({ id: '350', review: true, json: true }, at(0.3))).json.questions).toEqual([])
  })

  it('--count limits a session; new questions come in file order', async () => {
    const { run } = learner()
    const { json } = await run({ id: '350', json: true, count: '3' })
    expect(json.questions.map((q: any) => q.id)).toEqual(Object.keys(rightAnswers).slice(0, 3))
  })

  it.each([
    [{ answers: 'cors-origin-port=z' }, "'z' is not an option of question cors-origin-port"],
    [{ answers: 'cors-orgin-port=b' }, "There is no question 'cors-orgin-port' here. Did you mean cors-origin-port?"],
    [{ answers: 'cors-preflight-triggers=b' }, 'Question cors-preflight-triggers takes exactly 2 options, joined by + (got 1).'],
    [{ answers: 'cors-origin-port=a+b' }, 'Question cors-origin-port takes exactly one option (got 2).'],
    [{ answers: 'cors-origin-port' }, "'cors-origin-port' is not an answer."],
    [{ count: '0' }, '--count needs a whole number of at least 1'],
    [{ lang: 'fr' }, "Unknown language 'fr'"],
    [{}, 'lab quiz asks its questions on a terminal'],
  ])('refuses bad input %j with a clear message and records nothing', async (options, message) => {
    const { home, run } = learner()
    await expect(run({ id: '350', ...options })).rejects.toThrow(message)
    expect(fs.existsSync(path.join(home, 'quiz.json'))).toBe(false)
  })

  it('a bad answer anywhere records none of the others', async () => {
    const { home, run } = learner()
    await expect(run({ id: '350', answers: `cors-origin-port=${rightAnswers['cors-origin-port']},cors-preflight-triggers=q+b` })).rejects.toThrow("'q' is not an option")
    expect(fs.existsSync(path.join(home, 'quiz.json'))).toBe(false)
  })

  it('an unknown lab gets suggestions; a lab without questions says so', async () => {
    await expect(learner().run({ id: '35' })).rejects.toThrow(/^Unknown lab '35'\. Did you mean 350\b/)
    const fixtures = path.join(contentDir({}), 'test', 'e2e', 'fixtures', 'content')
    await expect(learner({ LAB_CONTENT_DIR: fixtures }).run({ id: '900' })).rejects.toThrow('Lab 900 has no quiz yet.')
  })

  it('a corrupt schedule is kept aside, the learner is told, and the quiz goes on with a fresh one', async () => {
    const { home, run } = learner()
    fs.writeFileSync(path.join(home, 'quiz.json'), 'not json at all')
    const { out, json } = await run({ id: '350', json: true, answers: `cors-origin-port=${rightAnswers['cors-origin-port']}` })
    expect(json.score).toEqual({ correct: 1, total: 1 })
    expect(out.stderr.join('\n')).toMatch(/could not be used as it is\. This version cannot read it.* kept as .*quiz\.json\.bad-/)
    const backups = fs.readdirSync(home).filter((f) => f.startsWith('quiz.json.bad-'))
    expect(backups).toHaveLength(1)
    expect(fs.readFileSync(path.join(home, backups[0]), 'utf8')).toBe('not json at all')
  })

  it('on a terminal with nothing due, says when the next question comes back', async () => {
    const { run } = learner({}, true)
    await run({ id: '350', answers: all(Object.keys(rightAnswers), (id) => rightAnswers[id]) })
    const { out, code } = await run({ id: '350' }, at(0.5))
    expect(code).toBeUndefined()
    expect(out.stdout).toEqual([`Nothing is due. The next question comes back on ${at(1)().toISOString().slice(0, 16).replace('T', ' ')} UTC.`])
    expect((await run({ id: '350', review: true }, at(0.5))).out.stdout[0]).toMatch(/^Nothing to review/)
  })

  it('speaks Korean with --lang ko: question, verdict, explanations and score', async () => {
    const { run } = learner()
    const q = yaml.questions[0]
    const { out } = await run({ id: '350', lang: 'ko', answers: `${q.id}=${wrongKey(q.id)}` })
    const text = out.stdout.join('\n')
    expect(text).toContain(q.stem.ko)
    expect(text).toContain(`✘ 틀렸습니다. 정답은 ${rightAnswers[q.id]}입니다.`)
    for (const o of Object.values<any>(q.options)) expect(text).toContain(o.why.ko)
    expect(text).toContain('점수: 0/1')
  })

  it('"Learn more" is the AWS page in the quiz\'s language, and the lab is named by the lab guide command that shows it', async () => {
    const { run } = learner()
    const bySection = yaml.questions.find((q: any) => q.guide === 'preflighted-requests')
    const byStep = yaml.questions.find((q: any) => q.step === 'make-it-live')
    const answers = `${bySection.id}=${rightAnswers[bySection.id]},${byStep.id}=${rightAnswers[byStep.id]}`
    const en = (await run({ id: '350', answers })).out.stdout.join('\n')
    expect(en).toContain(`Learn more: ${bySection.docs.en}`)
    expect(en).toContain('In the lab: `lab guide 350`, section "Preflighted requests"')
    expect(en).toContain('In the lab: `lab guide 350 --step 5` (step 5: Make it live)')
    expect(en).not.toMatch(/labs\/350-cors|guide\.en\.md|lab\.yaml/)
    const ko = (await run({ id: '350', lang: 'ko', answers })).out.stdout.join('\n')
    expect(bySection.docs.ko).toMatch(/^https:\/\/docs\.aws\.amazon\.com\/ko_kr\//)
    expect(ko).toContain(`더 알아보기: ${bySection.docs.ko}`)
    expect(ko).toContain('실습에서 다시 보기: `lab guide 350`의 "사전 요청이 필요한 요청" 섹션')
    expect(ko).not.toContain(bySection.docs.en)
  })

  it('without [id]: the lab in progress, else every lab with a quiz; an id and --all together are refused', async () => {
    const { home, run } = learner()
    fs.writeFileSync(path.join(home, 'progress.json'), JSON.stringify({ version: 1, current: '350', labs: { '350': {} } }))
    expect((await run({ json: true })).json.questions[0].lab).toBe('350')
    await expect(run({ id: '350', all: true })).rejects.toThrow('Give a lab id or --all, not both.')
    const fixtures = path.join(contentDir({}), 'test', 'e2e', 'fixtures', 'content')
    await expect(learner({ LAB_CONTENT_DIR: fixtures }).run({ json: true })).rejects.toThrow('No lab has a quiz yet.')
  })
})
