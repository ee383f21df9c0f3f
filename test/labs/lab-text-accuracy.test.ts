/**
 * Lab texts a learner found inaccurate (lab 350, 351, 354 in English): each fix holds in both languages.
 */
import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'

const read = (file: string) => fs.readFileSync(new URL(`../../labs/${file}`, import.meta.url), 'utf8')
type Texts = { en: string; ko: string }

describe('lab texts', () => {
  it('lab 354: when the $default route and its route response were added but no answer comes, the why names a deployment made in parallel and DependsOn', () => {
    const lab = parse(read('354-websocket-chat/lab.yaml')) as { checks: { id: string; why: Texts }[] }
    for (const id of ['default-route-answers', 'whoami-answers']) {
      const why = lab.checks.find((c) => c.id === id)!.why
      expect(why.en).toMatch(/DependsOn/)
      expect(why.en).toMatch(/parallel/)
      expect(why.ko).toMatch(/DependsOn/)
      expect(why.ko).toMatch(/동시에/)
    }
  })

  it('lab 351: a REST Cognito authorizer accepts the token with `Bearer ` too, and the guide does not say otherwise', () => {
    const en = read('351-authorization/guide.en.md')
    const ko = read('351-authorization/guide.ko.md')
    expect(en).not.toContain('without `Bearer `')
    expect(en).toMatch(/also accepts it after `Bearer `/)
    expect(ko).not.toContain('`Bearer ` 없이')
    expect(ko).toMatch(/`Bearer `를 붙인 토큰도 받아들이/)
  })

  it('lab 350 quiz: AutoDeploy is not presented as HTTP-API-only (WebSocket stages have it too)', () => {
    const quiz = parse(read('350-cors/quiz.yaml')) as { questions: { options: Record<string, { why?: Texts }> }[] }
    const whys = quiz.questions.flatMap((q) => Object.values(q.options).map((o) => o.why)).filter((w): w is Texts => Boolean(w))
    const about = whys.filter((w) => /Automatic deployment/.test(w.en))
    expect(about.length).toBeGreaterThan(0)
    for (const why of about) {
      expect(why.en).not.toMatch(/feature of HTTP API stages/)
      expect(why.en).toContain('WebSocket')
      expect(why.ko).toContain('WebSocket')
    }
  })
})
