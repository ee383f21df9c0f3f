/**
 * @module `kind: browser`: open the page in a real headless Chromium (the system one; never downloaded),
 * wait for it to finish, and report what it shows plus its console (where "blocked by CORS policy" appears).
 *
 * ```yaml
 * url: "${outputs.WebsiteURL}"
 * waitFor: "body[data-done]"            # the page sets this when its requests are over
 * expect: [{ selector: "#houses li" }, { selector: "#status", text: "ok" }]
 * timeoutMs: 15000
 * ```
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { t } from '../../ui/i18n.js'
import { shortBody } from '../format.js'
import { findChromium } from '../find-chromium.js'
import type { CheckContext, CheckSpec } from '../types.js'
import { expectField, field, type CheckKind, type KindResult } from './kind.js'

interface Expectation {
  selector: string
  text?: string
}

function validate(spec: CheckSpec): string[] {
  const errors: string[] = []
  expectField(errors, spec, 'url', 'string', true)
  expectField(errors, spec, 'waitFor', 'string', true)
  expectField(errors, spec, 'expect', 'list')
  expectField(errors, spec, 'timeoutMs', 'number')
  const expectations = field(spec, 'expect')
  if (Array.isArray(expectations)) {
    expectations.forEach((item, index) => {
      const ok = item && typeof item === 'object' && typeof item.selector === 'string' && (item.text === undefined || typeof item.text === 'string')
      if (!ok) errors.push(t('checks.spec.type', { id: spec.id, field: `expect[${index}]`, type: 'a mapping {selector, text?}' }))
    })
  }
  return errors
}

/** Chromium flags for a quiet, reproducible run: no GPU, no QUIC, no background traffic, no sync. */
export function chromiumArgs(): string[] {
  const args = ['--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
  // Chromium refuses to start its sandbox as root (containers, CI).
  if (process.getuid?.() === 0) args.unshift('--no-sandbox')
  return args
}

function skip(ctx: CheckContext): KindResult | undefined {
  return ctx.browser ? undefined : { passed: false, skipped: true, message: t('checks.browser.skipped.flag') }
}

async function run(spec: CheckSpec, ctx: CheckContext): Promise<KindResult> {
  const skipped = skip(ctx)
  if (skipped) return skipped
  const executablePath = findChromium()
  if (!executablePath) return { passed: false, skipped: true, couldNotRun: true, message: t('checks.browser.skipped.noChromium') }

  const url = String(spec.url)
  const waitFor = String(spec.waitFor)
  const expectations = (field(spec, 'expect') ?? []) as Expectation[]
  const timeout = typeof spec.timeoutMs === 'number' ? spec.timeoutMs : 15_000
  const why = typeof spec.why === 'string' ? spec.why : t('checks.browser.why')
  const expected = t('checks.browser.expected', {
    items: [waitFor, ...expectations.map((e) => (e.text ? `${e.selector} ("${e.text}")` : e.selector))].join(', '),
  })
  const consoleLines: string[] = []
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-chromium-'))
  const { chromium } = await import('playwright-core')
  let context: Awaited<ReturnType<typeof chromium.launchPersistentContext>> | undefined
  try {
    context = await chromium.launchPersistentContext(userDataDir, { executablePath, headless: true, args: chromiumArgs() })
    const page = context.pages()[0] ?? (await context.newPage())
    page.on('console', (message) => consoleLines.push(`[${message.type()}] ${message.text()}`))
    page.on('pageerror', (error) => consoleLines.push(`[pageerror] ${error.message}`))
    const corsLine = () => consoleLines.find((line) => line.includes('blocked by CORS policy'))?.replace(/^\[\w+\] /, '')
    const report = async (message: string): Promise<KindResult> => {
      const text = await page.evaluate(() => document.body?.innerText ?? '').catch(() => '')
      return {
        passed: false,
        message: corsLine() ?? message,
        expected,
        request: `GET ${url} (headless Chromium)`,
        response: [t('checks.browser.pageText', { text: shortBody(text, 400) ?? t('checks.browser.emptyPage') }), ...consoleLines.map((line) => `console ${line}`)].join('\n'),
        why,
      }
    }

    try {
      await page.goto(url, { waitUntil: 'load', timeout })
    } catch (error) {
      return { passed: false, message: t('checks.browser.loadFailed', { url, error: (error as Error).message.split('\n')[0] }), expected, why }
    }
    try {
      await page.waitForSelector(waitFor, { state: 'attached', timeout })
    } catch {
      return await report(t('checks.browser.timeout', { selector: waitFor, seconds: Math.round(timeout / 1000) }))
    }
    for (const expectation of expectations) {
      const locator = page.locator(expectation.selector)
      const texts = await locator.allInnerTexts()
      const found = texts.length > 0 && (expectation.text === undefined || texts.some((text) => text.includes(expectation.text!)))
      if (!found) {
        return await report(t('checks.browser.missing', { selector: expectation.selector, text: expectation.text ? t('checks.browser.withText', { text: expectation.text }) : '' }))
      }
    }
    return { passed: true, message: t('checks.browser.passed', { url }) }
  } catch (error) {
    return { passed: false, message: t('checks.browser.loadFailed', { url, error: (error as Error).message.split('\n')[0] }), expected, why }
  } finally {
    await context?.close().catch(() => undefined)
    fs.rmSync(userDataDir, { recursive: true, force: true })
  }
}

export const browserKind: CheckKind = { validate, run, skip }
