/** @module Minimal XML writing shared by the query and rest-xml protocols. */

export function escapeXml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
}

function scalar(value: unknown): string {
  if (value instanceof Date) return value.toISOString()
  return escapeXml(String(value))
}

/**
 * Serialize a JS value as XML elements. Arrays become `<name><member>…</member></name>` (query protocol)
 * unless `flatLists` is set, where each item repeats `<name>` (S3's rest-xml lists).
 */
export function toXml(name: string, value: unknown, flatLists = false): string {
  if (value === undefined || value === null) return ''
  if (Array.isArray(value)) {
    if (flatLists) return value.map((v) => toXml(name, v, flatLists)).join('')
    return `<${name}>${value.map((v) => toXml('member', v, flatLists)).join('')}</${name}>`
  }
  if (typeof value === 'object' && !(value instanceof Date)) {
    const inner = Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => toXml(k, v, flatLists))
      .join('')
    return `<${name}>${inner}</${name}>`
  }
  return `<${name}>${scalar(value)}</${name}>`
}

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>'
