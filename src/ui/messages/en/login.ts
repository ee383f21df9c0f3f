/** @module English strings for `lab login` and the tokens it saves (keys `login.*`, `cli.cmd.login`). */
export const loginMessages = {
  'login.badLabId': '"{lab}" is not a lab id.',
  'login.tokens.none': 'No saved tokens for lab {lab}.',
  'login.tokens.expired': 'The tokens saved for lab {lab} expired at {time}.',
  'login.tokens.loginHint': 'Sign in first: lab login {lab}',
  'login.tokens.corrupt': 'The saved tokens in {file} cannot be read.',
  'login.tokens.corruptHint': 'Delete the file and sign in again with lab login.',
  'login.tokens.newer': '{file} was written by a newer version of lab (format {version}). Update lab, or delete the file and sign in again.',
} as const satisfies Record<string, string>
