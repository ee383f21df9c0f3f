/** @module Values printed inside shell commands a learner copies (`export LAB_HOME=…`). */

/** A value in single quotes, safe for any sh: `'` itself becomes `'\''`. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`
}

/** The value as it is when the shell reads it unchanged (paths, numbers), else quoted: easier to read in a hint. */
export function shellWord(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : shellQuote(value)
}
