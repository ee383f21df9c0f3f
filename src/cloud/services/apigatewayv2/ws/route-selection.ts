/**
 * @module Route selection: the API's `RouteSelectionExpression` evaluated on each incoming message.
 * `$request.body.action` selects by a JSON property (nested paths `$request.body.a.b`); `${request.body.x}`
 * interpolates into a template (`${request.body.service}/${request.body.action}` → `chat/join`), a missing path
 * being the empty string; anything else is a literal (`\$default` → `$default`). A message that is not JSON has
 * no route key: it goes to `$default`.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/websocket-api-develop-routes.html
 */
import { parseJsonBody } from '../../../protocols/json-body.js'

const WHOLE = /^\$request\.body((?:\.[^.${}\s]+)+)$/
const INTERPOLATED = /\$\{request\.body((?:\.[^.${}\s]+)+)\}/g

/** The JSON body of a message, or `undefined` when it is not a JSON object or array (or too deep). */
export function parseMessage(text: string): unknown {
  const first = text.trimStart()[0]
  if (first !== '{' && first !== '[') return undefined
  try {
    return parseJsonBody(text, () => new Error('not JSON'))
  } catch {
    return undefined
  }
}

function lookup(doc: unknown, dotted: string): unknown {
  let node: unknown = doc
  for (const key of dotted.slice(1).split('.')) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key)) return undefined
    node = (node as Record<string, unknown>)[key]
  }
  return node
}

/** AWS quirk: values are rendered the way Java prints them: arrays as `[item1, item2]`, objects as `{a=1}`. */
export function javaString(value: unknown): string {
  // AWS quirk: route keys from arrays and objects are Java's toString of them (`[a, b]`, `{k=v}`).
  if (value === undefined || value === null) return ''
  if (Array.isArray(value)) return `[${value.map(javaString).join(', ')}]`
  if (typeof value === 'object') return `{${Object.entries(value).map(([k, v]) => `${k}=${javaString(v)}`).join(', ')}}`
  return String(value)
}

/**
 * The route key a message selects, or `undefined` when the message is not JSON (→ `$default`).
 * The caller then looks for a route with exactly this key, else `$default`.
 */
export function selectRouteKey(expression: string, message: string): string | undefined {
  const whole = WHOLE.exec(expression)
  const interpolates = expression.includes('${request.body')
  if (!whole && !interpolates) return expression.replace(/\\\$/g, '$')
  const doc = parseMessage(message)
  if (doc === undefined) return undefined
  if (whole) return javaString(lookup(doc, whole[1]))
  return expression.replace(INTERPOLATED, (_, path: string) => javaString(lookup(doc, path))).replace(/\\\$/g, '$')
}
