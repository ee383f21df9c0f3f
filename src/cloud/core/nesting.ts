/**
 * @module Depth limits checked on the raw bytes, before JSON.parse, an XML parser or YAML composes a
 * document: a cheap scan that counts nesting outside strings and stops as soon as the limit is passed, so a
 * body nested 100,000 levels costs one pass over its bytes and never a parser's recursion or memory.
 */

const OPEN_BRACE = 0x7b
const CLOSE_BRACE = 0x7d
const OPEN_BRACKET = 0x5b
const CLOSE_BRACKET = 0x5d
const QUOTE = 0x22
const BACKSLASH = 0x5c

const bytesOf = (input: string | Uint8Array): Uint8Array => (typeof input === 'string' ? Buffer.from(input, 'utf8') : input)

/**
 * The deepest nesting of `{`/`[` in a JSON text (strings skipped), or `limit + 1` as soon as it passes `limit`.
 * Malformed JSON is the parser's to reject; this only bounds the work.
 */
export function jsonDepth(input: string | Uint8Array, limit: number): number {
  const bytes = bytesOf(input)
  let depth = 0
  let deepest = 0
  let inString = false
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]
    if (inString) {
      if (b === BACKSLASH) i++
      else if (b === QUOTE) inString = false
      continue
    }
    if (b === QUOTE) inString = true
    else if (b === OPEN_BRACE || b === OPEN_BRACKET) {
      if (++depth > deepest && (deepest = depth) > limit) return deepest
    } else if ((b === CLOSE_BRACE || b === CLOSE_BRACKET) && depth > 0) depth--
  }
  return deepest
}

/**
 * The deepest element nesting of an XML text: start tags minus end tags, skipping comments, CDATA,
 * processing instructions, declarations and self-closing tags; `limit + 1` as soon as it passes `limit`.
 */
export function xmlDepth(text: string, limit: number): number {
  let depth = 0
  let deepest = 0
  let i = text.indexOf('<')
  while (i !== -1 && i < text.length) {
    const next = text.charCodeAt(i + 1)
    let end: number
    if (text.startsWith('<!--', i)) end = endOf(text, '-->', i)
    else if (text.startsWith('<![CDATA[', i)) end = endOf(text, ']]>', i)
    else if (next === 0x3f /* ? */) end = endOf(text, '?>', i)
    else if (next === 0x21 /* ! */) end = endOf(text, '>', i)
    else {
      end = endOf(text, '>', i)
      if (next === 0x2f /* / */) depth = Math.max(0, depth - 1)
      else if (text.charCodeAt(end - 2) !== 0x2f && ++depth > deepest && (deepest = depth) > limit) return deepest
    }
    i = text.indexOf('<', end)
  }
  return deepest
}

const endOf = (text: string, marker: string, from: number): number => {
  const at = text.indexOf(marker, from + 1)
  return at === -1 ? text.length : at + marker.length
}

/**
 * The deepest nesting of a YAML text: block levels (an indentation stack, plus `- ` and `? ` entries that open a
 * level on the same line) and flow collections (`[`/`{` outside quotes). Block scalars (`|`, `>`) are skipped.
 * An upper bound on what the YAML library would build, enough to refuse a bomb before it is composed.
 */
export function yamlDepth(text: string, limit: number): number {
  const lines = text.split(/\r?\n/)
  const indents: number[] = []
  let deepest = 0
  let flow = 0
  let quote = ''
  let blockScalarIndent = -1
  for (const line of lines) {
    let col = 0
    while (col < line.length && (line[col] === ' ' || line[col] === '\t')) col++
    if (blockScalarIndent >= 0) {
      if (col >= line.length || col > blockScalarIndent) continue
      blockScalarIndent = -1
    }
    if (flow === 0 && !quote) {
      if (col >= line.length || line[col] === '#') continue
      while (indents.length && indents[indents.length - 1] >= col) indents.pop()
      indents.push(col)
      // `- - - x` and `? ` open one block level each on the same line.
      while ((line[col] === '-' || line[col] === '?') && (line[col + 1] === ' ' || col + 1 === line.length)) {
        col += 2
        while (line[col] === ' ') col++
        indents.push(col)
        if (indents.length + flow > limit) return limit + 1
      }
    }
    for (let i = col; i < line.length; i++) {
      const c = line[i]
      if (quote) {
        if (quote === '"' && c === '\\') i++
        else if (c === quote) quote = ''
        continue
      }
      if (c === '"' || c === "'") {
        if (i === col || /[\s[{,:]/.test(line[i - 1])) quote = c
      } else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]))) break
      else if (c === '[' || c === '{') {
        flow++
      } else if ((c === ']' || c === '}') && flow > 0) flow--
      const depth = indents.length + flow
      if (depth > deepest && (deepest = depth) > limit) return deepest
    }
    const depth = indents.length + flow
    if (depth > deepest && (deepest = depth) > limit) return deepest
    if (flow === 0 && !quote && /(^|[\s:-])[|>][-+0-9]*\s*(#.*)?$/.test(line.slice(col))) blockScalarIndent = lineIndent(line)
    // A single-quoted or plain scalar never spans lines outside a flow collection in what we need to bound.
    if (flow === 0 && quote === "'") quote = ''
  }
  return deepest
}

function lineIndent(line: string): number {
  let col = 0
  while (line[col] === ' ') col++
  return col
}
