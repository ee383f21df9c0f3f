/** @module Render requests and responses for a check report, like DevTools' Network tab: short and relevant. */
import { t } from '../ui/i18n.js'
import type { HeaderList } from './cors/fetch-rules.js'

/** Response headers worth showing: CORS, content type, AWS error type and redirects. */
function isRelevantResponseHeader(name: string): boolean {
  const lower = name.toLowerCase()
  return (
    lower.startsWith('access-control-') ||
    lower === 'content-type' ||
    lower === 'location' ||
    lower === 'x-amzn-errortype' ||
    lower === 'vary'
  )
}

export function formatRequest(request: { method: string; url: string; headers: HeaderList }): string {
  const lines = [`${request.method} ${request.url}`]
  for (const [name, value] of request.headers) lines.push(`  ${name}: ${value}`)
  return lines.join('\n')
}

/** Cut a body to one readable line. */
export function shortBody(body: string | undefined, max = 200): string | undefined {
  if (!body) return undefined
  const oneLine = body.replace(/\s+/g, ' ').trim()
  return oneLine.length > max ? `${oneLine.slice(0, max)}…` : oneLine
}

export function formatResponse(response: { status: number; statusText?: string; headers: HeaderList; body?: string }): string {
  const lines = [`${response.status}${response.statusText ? ` ${response.statusText}` : ''}`]
  const relevant = response.headers.filter(([name]) => isRelevantResponseHeader(name))
  for (const [name, value] of relevant) lines.push(`  ${name}: ${value}`)
  if (!relevant.some(([name]) => name.toLowerCase().startsWith('access-control-'))) lines.push(`  ${t('checks.format.noCorsHeaders')}`)
  const body = shortBody(response.body)
  if (body) lines.push(`  ${t('checks.format.body')}: ${body}`)
  return lines.join('\n')
}
