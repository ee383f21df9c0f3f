/**
 * @module `lab quiz [id]`: exam-style questions per lab with spaced repetition. On a terminal one question at
 * a time; without one, `--json` prints the questions and `--answers q1=b,q2=a+c` answers them.
 */
import { LabError } from '../../runner/errors.js'
import { loadAllLabs, type LoadedLab } from '../../runner/lab-manifest.js'
import { manifestCacheFile } from '../../runner/paths.js'
import { findLab } from '../../runner/suggest.js'
import { labForCwd } from '../../runner/workspace.js'
import { parseAnswers, isCorrect } from '../../quiz/answers.js'
import type { QuizLanguage, QuizQuestion } from '../../quiz/format.js'
import { askOnTerminal, QuizCancelled } from '../../quiz/interactive.js'
import { quizLanguage } from '../../quiz/language.js'
import { hasQuiz, loadAllQuizzes, type LoadedQuiz } from '../../quiz/load.js'
import { recordAnswers, updateScores, type Recorded } from '../../quiz/record.js'
import { pointerText, renderQuestion, renderScore, renderVerdict } from '../../quiz/render.js'
import { nextDue, pool, select, stats, type PoolItem } from '../../quiz/session.js'
import { QuizStore } from '../../quiz/store.js'
import { currentLanguage, setLanguage, t } from '../../ui/i18n.js'
import type { CommandContext } from '../context.js'

export interface QuizOptions {
  id?: string
  review?: boolean
  count?: string | number
  all?: boolean
  lang?: string
  stats?: boolean
  json?: boolean
  answers?: string
}

export interface QuizDeps {
  /** The clock (tests pass their own). */
  now: () => Date
}

/** Exit code when the learner leaves with Ctrl-C (answers given so far are kept). */
const EXIT_CANCELLED = 130

export async function quiz(ctx: CommandContext, options: QuizOptions, deps: QuizDeps = { now: () => new Date() }): Promise<number | void> {
  // The language the CLI already chose (--lang anywhere on the line, `lab config lang`, the locale), unless
  // the quiz's own --lang says otherwise.
  const lang = options.lang !== undefined ? quizLanguage(options.lang) : currentLanguage()
  setLanguage(lang)
  const count = parseCount(options.count)
  const quizzes = await chooseQuizzes(ctx, options)
  const store = new QuizStore(ctx.labHome, (m) => ctx.out.warn(m), deps.now)
  const history = store.read()
  // A damaged history was set aside: the scores `lab list` shows were derived from it.
  if (store.setAsideAs) updateScores(ctx.progress, quizzes, history, deps.now())
  const items = pool(quizzes, history, deps.now())

  if (options.stats) return showStats(ctx, quizzes, items, options.json)
  if (options.answers !== undefined) return answerFromText(ctx, quizzes, items, options, lang, store, deps)

  const chosen = select(items, { review: options.review, count })
  if (options.json) return ctx.out.json({ lang, questions: chosen.map((i) => publicQuestion(i, lang)) })
  if (!ctx.out.interactive) throw new LabError(t('quiz.needsTerminal'), [t('quiz.needsTerminalHint')])
  if (chosen.length === 0) return nothingToAsk(ctx, items, options.review)

  let right = 0
  let asked = 0
  for (const [i, item] of chosen.entries()) {
    renderQuestion(ctx.out, item.question, lang, i + 1, chosen.length, item.lab)
    let keys: string[]
    try {
      keys = await askOnTerminal(item.question, lang, ctx.out.colors.level)
    } catch (err) {
      if (!(err instanceof QuizCancelled)) throw err
      ctx.out.info()
      ctx.out.info(t('quiz.cancelled', { count: asked }))
      return EXIT_CANCELLED
    }
    const correct = isCorrect(item.question, keys)
    // Saved answer by answer: leaving half-way loses nothing.
    recordAnswers(store, ctx.progress, quizzes, [{ question: item.question, lab: item.lab, keys, correct }], deps.now())
    asked++
    if (correct) right++
    renderVerdict(ctx.out, item.question, keys, lang, whereTaught(quizzes, item.lab, item.question, lang))
  }
  renderScore(ctx.out, right, asked)
  if (right < asked) ctx.out.info(ctx.out.colors.dim(t('quiz.reviewHint', { command: reviewCommand(quizzes, options) })))
}

function parseCount(count: string | number | undefined): number | undefined {
  if (count === undefined) return undefined
  const n = Number(count)
  if (!Number.isInteger(n) || n < 1) throw new LabError(t('quiz.badCount', { count: String(count) }))
  return n
}

/** `[id]` → that lab; `--all` → every lab with a quiz; neither → the lab in progress, else every lab. */
async function chooseQuizzes(ctx: CommandContext, options: QuizOptions): Promise<LoadedQuiz[]> {
  const labs = await loadAllLabs(ctx.contentDir, { cacheFile: manifestCacheFile(ctx.labHome) })
  if (options.id && options.all) throw new LabError(t('quiz.idAndAll'))
  let scope: LoadedLab[]
  if (options.id) {
    const lab = findLab(labs, options.id)
    if (!hasQuiz(lab)) throw new LabError(t('quiz.noneForLab', { lab: lab.manifest.id }), [t('quiz.allHint')])
    scope = [lab]
  } else if (options.all || options.stats) {
    scope = labs
  } else {
    const progress = ctx.progress.read()
    const workspaces = Object.fromEntries(Object.entries(progress.labs).map(([k, v]) => [k, v.workspace]))
    const current = labForCwd(workspaces, ctx.cwd) ?? progress.current
    const lab = current ? labs.find((l) => l.manifest.id === current) : undefined
    scope = lab && hasQuiz(lab) ? [lab] : labs
  }
  const quizzes = await loadAllQuizzes(ctx.contentDir, scope)
  if (quizzes.length === 0) throw new LabError(t('quiz.noneAtAll'))
  return quizzes
}

function showStats(ctx: CommandContext, quizzes: LoadedQuiz[], items: PoolItem[], json?: boolean): void {
  const rows = stats(quizzes, items)
  if (json) return ctx.out.json({ labs: rows })
  ctx.out.table(
    rows.map((r) => [r.lab, String(r.questions), String(r.answered), String(r.correct), String(r.due)]),
    [t('quiz.stats.lab'), t('quiz.stats.questions'), t('quiz.stats.answered'), t('quiz.stats.correct'), t('quiz.stats.due')],
  )
}

/** What `--json` shows of a question: everything needed to answer, nothing that gives the answer away. */
function publicQuestion(item: PoolItem, lang: QuizLanguage) {
  const q = item.question
  return {
    id: q.id,
    lab: item.lab,
    type: q.type,
    choose: q.choose,
    stem: q.stem[lang],
    options: q.options.map((o) => ({ key: o.key, text: o.text[lang] })),
    state: item.state,
    ...(item.due ? { due: item.due } : {}),
  }
}

function answerFromText(ctx: CommandContext, quizzes: LoadedQuiz[], items: PoolItem[], options: QuizOptions, lang: QuizLanguage, store: QuizStore, deps: QuizDeps): void {
  const offered = new Map(items.map((i) => [i.question.id, { question: i.question, lab: i.lab }]))
  const answers = parseAnswers(options.answers!, offered)
  const recorded = recordAnswers(store, ctx.progress, quizzes, answers, deps.now())
  const right = answers.filter((a) => a.correct).length
  if (options.json) {
    return ctx.out.json({
      lang,
      score: { correct: right, total: answers.length },
      results: recorded.map((r) => resultJson(r, lang)),
    })
  }
  for (const [i, { answer }] of recorded.entries()) {
    renderQuestion(ctx.out, answer.question, lang, i + 1, recorded.length, answer.lab)
    renderVerdict(ctx.out, answer.question, answer.keys, lang, whereTaught(quizzes, answer.lab, answer.question, lang))
  }
  renderScore(ctx.out, right, answers.length)
}

function resultJson({ answer, next }: Recorded, lang: QuizLanguage) {
  const q = answer.question
  return {
    id: q.id,
    lab: answer.lab,
    answer: answer.keys,
    correct: answer.correct,
    rightAnswer: q.correct,
    explanations: Object.fromEntries(q.options.map((o) => [o.key, o.why[lang]])),
    docs: q.docs[lang],
    next: { box: next.box, due: next.due },
  }
}

/** The guide section or lab step a question points back to, as the `lab guide` command that shows it. */
function whereTaught(quizzes: LoadedQuiz[], lab: string, question: QuizQuestion, lang: QuizLanguage): string {
  const loaded = quizzes.find((q) => q.quiz.lab === lab)!
  return pointerText(question, loaded.lab, lang)
}

function nothingToAsk(ctx: CommandContext, items: PoolItem[], review?: boolean): void {
  if (review) return ctx.out.info(t('quiz.nothingMissed'))
  const next = nextDue(items)
  ctx.out.info(next ? t('quiz.nothingDue', { when: next.slice(0, 16).replace('T', ' ') + ' UTC' }) : t('quiz.nothingDueNoDate'))
}

function reviewCommand(quizzes: LoadedQuiz[], options: QuizOptions): string {
  return quizzes.length === 1 ? `lab quiz ${quizzes[0].quiz.lab} --review` : `lab quiz ${options.all ? '--all ' : ''}--review`
}
