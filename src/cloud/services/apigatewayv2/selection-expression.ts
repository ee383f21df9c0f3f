/**
 * @module Selection expressions: literal text with `$variable` or `${variable}` parts, `\$` for a literal dollar
 * (so `\$default` selects the `$default` key). Parsed once here; the data plane evaluates the parts.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-selection-expressions.html
 */

export type SelectionPart = { kind: 'text'; text: string } | { kind: 'variable'; name: string }

/** Characters of an unbraced variable (`$request.body.items[0].id`); anything else ends it. */
const BARE = /^[A-Za-z0-9_.[\]]+/

/** The parts of an expression, or undefined when it is malformed (an unclosed `${`, an empty variable). */
export function parseSelectionExpression(expression: string): SelectionPart[] | undefined {
  const parts: SelectionPart[] = []
  let text = ''
  let i = 0
  while (i < expression.length) {
    const ch = expression[i]
    if (ch === '\\' && expression[i + 1] === '$') {
      text += '$'
      i += 2
      continue
    }
    if (ch !== '$') {
      text += ch
      i++
      continue
    }
    let name: string
    if (expression[i + 1] === '{') {
      const close = expression.indexOf('}', i + 2)
      if (close === -1) return undefined
      name = expression.slice(i + 2, close)
      i = close + 1
    } else {
      name = BARE.exec(expression.slice(i + 1))?.[0] ?? ''
      i += 1 + name.length
    }
    if (!name) return undefined
    if (text) parts.push({ kind: 'text', text })
    text = ''
    parts.push({ kind: 'variable', name })
  }
  if (text) parts.push({ kind: 'text', text })
  return parts
}

/** `request.body.a.b[0]` → `['a', 'b', 0]`; undefined for a variable that is not a JSON path into the body. */
export function bodyPath(variable: string): (string | number)[] | undefined {
  if (!variable.startsWith('request.body')) return undefined
  const rest = variable.slice('request.body'.length)
  if (!rest) return undefined
  const path: (string | number)[] = []
  const segment = /\.([A-Za-z0-9_-]+)|\[(\d+)\]/y
  let at = 0
  while (at < rest.length) {
    segment.lastIndex = at
    const match = segment.exec(rest)
    if (!match) return undefined
    path.push(match[1] !== undefined ? match[1] : Number(match[2]))
    at = segment.lastIndex
  }
  return path
}
