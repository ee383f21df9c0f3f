/**
 * @module IAM's pattern matching: `*` (any run of characters, `/` and `:` included) and `?` (one character) in
 * actions (case-insensitive) and resources (case-sensitive), and policy variables in resources.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
 */

/** Whether `value` matches `pattern`, iteratively (no regular expression built from policy text, no backtracking blow-up). */
export function wildcardMatch(pattern: string, value: string): boolean {
  let p = 0
  let v = 0
  let star = -1
  let resume = 0
  while (v < value.length) {
    if (p < pattern.length && (pattern[p] === '?' || pattern[p] === value[v])) {
      p++
      v++
    } else if (p < pattern.length && pattern[p] === '*') {
      star = p++
      resume = v
    } else if (star !== -1) {
      p = star + 1
      v = ++resume
    } else {
      return false
    }
  }
  while (p < pattern.length && pattern[p] === '*') p++
  return p === pattern.length
}

/**
 * `${aws:username}`-style variables replaced by the request's values; `${*}`, `${?}`, `${$}` are the literal
 * characters. A variable with no value makes the pattern match nothing (IAM: the statement does not apply).
 */
export function substituteVariables(pattern: string, context: Record<string, string | undefined>): string | undefined {
  if (!pattern.includes('${')) return pattern
  let missing = false
  const out = pattern.replace(/\$\{([^}]*)\}/g, (_m, name: string) => {
    if (name === '*' || name === '?' || name === '$') return `\u0000${name}`
    const value = context[name.toLowerCase()]
    if (value === undefined) missing = true
    return value ?? ''
  })
  return missing ? undefined : out
}

/** Match a resource pattern (after variables) against an ARN; escaped literal `*`/`?` from `${*}` match only themselves. */
export function resourceMatch(pattern: string, resource: string, context: Record<string, string | undefined>): boolean {
  const substituted = substituteVariables(pattern, context)
  if (substituted === undefined) return false
  if (!substituted.includes('\u0000')) return wildcardMatch(substituted, resource)
  // Literal wildcard characters: compare piecewise around them.
  const parts = substituted.split(/\u0000(.)/)
  let regexSafe = ''
  for (let i = 0; i < parts.length; i++) regexSafe += i % 2 ? `\u0001${parts[i]}` : parts[i]
  return literalAwareMatch(regexSafe, resource)
}

function literalAwareMatch(pattern: string, value: string): boolean {
  // \u0001 marks the next character as literal; rewrite into a token list for the same iterative matcher.
  const tokens: { ch: string; literal: boolean }[] = []
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i] === '\u0001') tokens.push({ ch: pattern[++i], literal: true })
    else tokens.push({ ch: pattern[i], literal: false })
  }
  let p = 0
  let v = 0
  let star = -1
  let resume = 0
  while (v < value.length) {
    const t = tokens[p]
    if (t && ((!t.literal && t.ch === '?') || (t.ch === value[v] && (t.literal || t.ch !== '*')))) {
      p++
      v++
    } else if (t && !t.literal && t.ch === '*') {
      star = p++
      resume = v
    } else if (star !== -1) {
      p = star + 1
      v = ++resume
    } else {
      return false
    }
  }
  while (p < tokens.length && !tokens[p].literal && tokens[p].ch === '*') p++
  return p === tokens.length
}

export function actionMatch(pattern: string, action: string): boolean {
  return wildcardMatch(pattern, action.toLowerCase())
}
