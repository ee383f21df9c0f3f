/** Korean and English from the real CLI: --lang, the locale, `lab config lang`, and `lab guide` without a terminal. */
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { labCli, type LabCli } from './helpers.js'

let cli: LabCli
beforeAll(async () => {
  cli = await labCli()
})
afterAll(() => fs.rmSync(cli.home, { recursive: true, force: true }))

const ANSI = /\u001b\[/

describe('language', () => {
  it('follows the locale, then lab config lang, then --lang', async () => {
    expect((await cli.run(['list'])).stdout).toContain('TITLE')
    const ko = { env: { LANG: 'ko_KR.UTF-8' } }
    expect((await cli.run(['list'], ko)).stdout).toMatch(/ID\s+강의\s+제목\s+진행 상황/)
    expect((await cli.run(['config', 'lang'], ko)).stdout).toBe('lang = ko(한국어), 출처: 환경 변수(LANG=ko_KR.UTF-8)')

    const set = await cli.run(['config', 'lang', 'en'], ko)
    expect(set.stdout).toBe('Language set to English, from now on (a --lang option still wins).')
    expect(JSON.parse(fs.readFileSync(path.join(cli.home, 'config.json'), 'utf8'))).toEqual({ version: 1, lang: 'en' })
    expect((await cli.run(['list'], ko)).stdout).toContain('TITLE')
    expect((await cli.run(['list', '--lang', 'ko'], ko)).stdout).toContain('제목')
    expect((await cli.run(['--lang=ko', 'config', 'lang'])).stdout).toBe('lang = ko(한국어), 출처: --lang 옵션')

    const auto = await cli.run(['config', 'lang', 'auto'], ko)
    expect(auto.stdout).toBe('언어 설정을 지웠습니다. 이제 로캘 설정(LC_ALL, LC_MESSAGES, LANG)을 따르며, 현재 언어는 한국어입니다.')
    expect(JSON.parse(fs.readFileSync(path.join(cli.home, 'config.json'), 'utf8'))).toEqual({ version: 1 })
  })

  it('refuses an unknown language or setting with a clear error', async () => {
    const bad = await cli.run(['config', 'lang', 'fr'])
    expect(bad.exitCode).toBe(1)
    expect(bad.stderr).toContain("'fr' is not a language lab speaks: use en, ko or auto.")
    const key = await cli.run(['--lang', 'ko', 'config', 'colour'])
    expect(key.exitCode).toBe(1)
    expect(key.stderr).toContain("'colour'라는 설정은 없습니다. 설정: lang")
    const flag = await cli.run(['list', '--lang', 'fr'])
    expect(flag.exitCode).toBe(1)
    expect(flag.stderr).toContain("argument 'fr' is invalid. Allowed choices are en, ko.")
  })

  it('help texts are in the chosen language', async () => {
    const help = await cli.run(['--lang', 'ko', '--help'])
    expect(help.stdout).toContain('실습 목록과 진행 상황을 보여 줍니다')
    expect(help.stdout).toContain('--lang <lang>')
    // commander's own headings and notes too
    expect(help.stdout).toMatch(/^사용법: lab /m)
    expect(help.stdout).toMatch(/^옵션:$/m)
    expect(help.stdout).toMatch(/^명령:$/m)
    expect(help.stdout).toMatch(/\(선택지:\s+"en",\s+"ko"\)/)
    expect(help.stdout).not.toMatch(/Options:|Commands:|choices:/)
    const english = await cli.run(['--lang', 'en', 'ws', '--help'])
    expect(english.stdout).toMatch(/^Usage: lab ws /m)
    expect(english.stdout).toMatch(/^Arguments:$/m)
    expect(english.stdout).toMatch(/\(choices:\s+"local",\s+"aws"\)/)
  })
})

describe('lab guide', () => {
  it('prints the whole guide as plain text without a terminal (no ANSI, no step markers)', async () => {
    const r = await cli.run(['guide', '350'], { env: { NO_COLOR: '', FORCE_COLOR: '' } })
    expect(r.exitCode, r.stderr).toBe(0)
    expect(r.stdout).not.toMatch(ANSI)
    expect(r.stdout).not.toContain('<!--')
    expect(r.stdout).toContain('## Origins and the same-origin policy')
    expect(r.stdout).toContain('## Step 3: Fix the simple request')
    expect(r.stdout).toContain('## Check yourself')
    expect(r.stdout).toContain('`Access-Control-Allow-Origin`') // code keeps its backticks in plain text
  })

  it('--step shows one step: its title and text, its section of the guide, and where the rest is', async () => {
    const r = await cli.run(['guide', '350', '--step', '3'])
    expect(r.exitCode, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/^# Step 3 of 5: Fix the simple request/)
    expect(r.stdout).toContain('## Step 3: Fix the simple request')
    expect(r.stdout).toContain('functions/houses/app.py')
    expect(r.stdout).not.toContain('## Step 4')
    expect(r.stdout).toContain('The whole guide: `lab guide 350`.')
    const byId = await cli.run(['guide', '350', '--step', 'make-it-live', '--lang', 'ko'])
    expect(byId.stdout).toMatch(/^# 전체 5단계 중 5단계: 변경 사항 반영하기/)
    expect(byId.stdout).toContain('## 5단계: 변경 사항 반영하기')
    expect(byId.stdout).not.toMatch(ANSI)
  })

  it('is styled when colours are on (FORCE_COLOR), as on a terminal', async () => {
    const r = await cli.run(['guide', '350', '--step', '1'], { env: { NO_COLOR: '', FORCE_COLOR: '1' } })
    expect(r.exitCode, r.stderr).toBe(0)
    expect(r.stdout).toMatch(ANSI)
  })

  it('an unknown step lists the steps', async () => {
    const r = await cli.run(['guide', '350', '--step', '9'])
    expect(r.exitCode).toBe(1)
    expect(r.stderr).toContain("Lab 350 has no step '9'. Its steps: 1 (see-it-fail), 2 (ask-the-api), 3 (fix-simple-request), 4 (fix-preflight), 5 (make-it-live).")
  })

  it('a mistyped step id suggests the step it is closest to', async () => {
    const r = await cli.run(['guide', '350', '--step', 'fix-prefligt'])
    expect(r.exitCode).toBe(1)
    expect(r.stderr).toContain('Did you mean: lab guide 350 --step fix-preflight')
    const ko = await cli.run(['guide', '350', '--step', 'make-it', '--lang', 'ko'])
    expect(ko.stderr).toContain('lab guide 350 --step make-it-live')
  })
})
