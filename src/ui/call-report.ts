/**
 * @module What `lab call` prints: the status line (green 2xx, cyan 3xx, yellow 4xx, red 5xx), the response
 * headers, the body (JSON pretty-printed) and the timing; with `--verbose` first the request and what SigV4
 * signed. Pure: lines in, lines out.
 */
import type { CallResult } from '../runner/call-request.js'
import type { ChalkInstance } from './colors.js'
import { t } from './i18n.js'

/** Bodies longer than this are cut on screen (the rest is counted, never silently dropped). */
export const MAX_BODY_CHARS = 64 * 1024

export function statusColor(status: number, colors: ChalkInstance): (text: string) => string {
  if (status >= 500) return colors.red
  if (status >= 400) return colors.yellow
  if (status >= 300) return colors.cyan
  return colors.green
}

/** JSON bodies indented by two spaces; anything else as text. */
export function formatBody(body: Uint8Array, contentType: string | undefined): string {
  const text = new TextDecoder().decode(body)
  if (text.trim() === '') return ''
  const looksJson = /json/i.test(contentType ?? '') || /^\s*[[{]/.test(text)
  if (looksJson) {
    try {
      return JSON.stringify(JSON.parse(text), null, 2)
    } catch {
      // Not JSON after all: show it as it came.
    }
  }
  return text
}

export function renderRequest(method: string, url: URL, headers: [string, string][], colors: ChalkInstance): string[] {
  const lines = [colors.dim(`> ${method} ${url.pathname}${url.search} HTTP/1.1`)]
  const hasHost = headers.some(([name]) => name.toLowerCase() === 'host')
  if (!hasHost) lines.push(colors.dim(`> host: ${url.host}`))
  for (const [name, value] of headers) lines.push(colors.dim(`> ${name}: ${value}`))
  return [...lines, '']
}

export function renderSigning(result: Pick<CallResult, 'signed'>, region: string, colors: ChalkInstance): string[] {
  if (!result.signed) return []
  return [
    colors.bold(t('call.canonicalRequest')),
    ...result.signed.canonicalRequest.split('\n').map((line) => `  ${line}`),
    '',
    colors.bold(t('call.stringToSign')),
    ...result.signed.stringToSign.split('\n').map((line) => `  ${line}`),
    '',
    colors.dim(t('call.signedAs', { key: result.signed.accessKeyId, service: 'execute-api', region })),
    '',
  ]
}

export function renderResponse(result: CallResult, colors: ChalkInstance): string[] {
  const paint = statusColor(result.status, colors)
  const lines = [paint(colors.bold(`HTTP ${result.status}${result.statusText ? ` ${result.statusText}` : ''}`))]
  for (const [name, value] of result.headers) lines.push(`${colors.cyan(name)}: ${value}`)
  lines.push('')
  const contentType = result.headers.find(([name]) => name === 'content-type')?.[1]
  const body = formatBody(result.body, contentType)
  if (!body) lines.push(colors.dim(t('call.emptyBody')))
  else if (body.length > MAX_BODY_CHARS) {
    lines.push(body.slice(0, MAX_BODY_CHARS))
    lines.push(colors.dim(t('call.bodyTruncated', { count: Buffer.byteLength(body.slice(MAX_BODY_CHARS)) })))
  } else lines.push(body)
  lines.push('')
  lines.push(colors.dim(t('call.time', { total: Math.round(result.totalMs), firstByte: Math.round(result.firstByteMs) })))
  return lines
}
