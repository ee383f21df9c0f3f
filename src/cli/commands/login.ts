/**
 * @module `lab login <lab> [--user NAME] [--password-stdin]`: sign in to the lab stack's Cognito user pool (its
 * `UserPoolId` and `UserPoolClientId` outputs), choosing a new password when Cognito asks for one, then show the
 * tokens' decoded claims and save them for `lab call --token id|access` (src/runner/saved-tokens.ts).
 * With `--password-stdin`, the first line of standard input is the password and, for a user who must choose a new
 * one, the second line is the new password.
 */
import { LabError } from '../../runner/errors.js'
import { defaultDeps, type RunnerDeps } from '../../runner/deps.js'
import { saveTokens } from '../../runner/saved-tokens.js'
import { selectLab, targetOptionsFor, type TargetFlags } from '../../runner/select.js'
import { resolveTarget } from '../../runner/session.js'
import { t } from '../../ui/i18n.js'
import { loadEnquirer } from '../../ui/output.js'
import { decodeToken, localTime, renderToken } from '../../ui/token-claims.js'
import type { CommandContext } from '../context.js'

export interface LoginOptions extends TargetFlags {
  id?: string
  user?: string
  passwordStdin?: boolean
  json?: boolean
}

export interface LoginIo {
  /** All of standard input (for --password-stdin). */
  readStdin(): Promise<string>
  /** Ask on the terminal; `secret` masks the answer. */
  ask(message: string, secret: boolean): Promise<string>
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  let text = ''
  for await (const chunk of stream) {
    text += chunk.toString()
    if (text.length > 64 * 1024) break // a password file, not a stream without end
  }
  return text
}

function terminalIo(ctx: CommandContext): LoginIo {
  return {
    readStdin: () => readAll(process.stdin),
    async ask(message, secret) {
      const enquirer = await loadEnquirer(ctx.out.colors.level)
      try {
        const answer = (await enquirer.prompt({ type: secret ? 'password' : 'input', name: 'value', message })) as { value: string }
        return answer.value
      } catch {
        throw new LabError(t('login.cancelled'))
      }
    },
  }
}

export async function login(ctx: CommandContext, options: LoginOptions, deps: RunnerDeps = defaultDeps, io: LoginIo = terminalIo(ctx)): Promise<number> {
  const lab = await selectLab(ctx, options.id)
  const id = lab.manifest.id
  const p = ctx.progress.lab(id)
  const target = await resolveTarget({ ...ctx, deps }, targetOptionsFor(options, p))
  const deployer = await deps.deployer()
  const outputs = await deployer.getStackOutputs(target, p.stackName ?? lab.manifest.stackName)
  if (!outputs) throw new LabError(t('cli.check.notDeployed', { lab: id, target: target.describe }), [t('cli.check.notDeployedHint', { lab: id })])
  const { userPoolIdsFrom, signInToUserPool } = await import('../../deployer/index.js')
  const ids = userPoolIdsFrom(outputs)
  if (!ids) throw new LabError(t('login.noUserPool', { lab: id }), [t('login.noUserPoolHint', { keys: Object.keys(outputs).join(', ') || '-' })])

  const stdinLines = options.passwordStdin ? (await io.readStdin()).split(/\r?\n/) : undefined
  const interactive = ctx.out.interactive && !options.passwordStdin
  let username = options.user
  if (!username) {
    if (!interactive) throw new LabError(t('login.needUser'), [t('login.nonInteractiveHint', { lab: id })])
    username = (await io.ask(t('login.askUser'), false)).trim()
  }
  let password = stdinLines?.[0]
  if (password === undefined) {
    if (!interactive) throw new LabError(t('login.needPassword'), [t('login.nonInteractiveHint', { lab: id })])
    password = await io.ask(t('login.askPassword', { user: username }), true)
  }
  if (!password) throw new LabError(t('login.emptyPassword'))

  const newPassword = async () => {
    ctx.out.info(t('login.newPasswordRequired', { user: username! }))
    if (stdinLines) {
      if (stdinLines[1]) return stdinLines[1]
      throw new LabError(t('login.newPasswordNeeded'), [t('login.newPasswordStdinHint', { lab: id, user: username! })])
    }
    if (!interactive) throw new LabError(t('login.newPasswordNeeded'), [t('login.newPasswordStdinHint', { lab: id, user: username! })])
    const first = await io.ask(t('login.askNewPassword'), true)
    const again = await io.ask(t('login.askNewPasswordAgain'), true)
    if (first !== again) throw new LabError(t('login.newPasswordMismatch'))
    return first
  }

  const tokens = await signInToUserPool(target, { ...ids, username, password, newPassword })
  const id_ = decodeToken(tokens.idToken).payload
  const exp = typeof id_.exp === 'number' ? id_.exp : Math.floor(Date.now() / 1000) + tokens.expiresIn
  const file = saveTokens(ctx.labHome, {
    lab: id,
    userPoolId: ids.userPoolId,
    clientId: ids.clientId,
    username: String(id_['cognito:username'] ?? username),
    savedAt: new Date().toISOString(),
    expiresAt: new Date(exp * 1000).toISOString(),
    idToken: tokens.idToken,
    accessToken: tokens.accessToken,
    refreshToken: tokens.refreshToken,
  })
  if (options.json) {
    ctx.out.json({ lab: id, username, file, expiresAt: new Date(exp * 1000).toISOString(), idToken: decodeToken(tokens.idToken), accessToken: decodeToken(tokens.accessToken) })
    return 0
  }
  const { colors } = ctx.out
  ctx.out.info(colors.green(t('login.signedIn', { user: username, pool: ids.userPoolId })))
  ctx.out.info()
  for (const line of renderToken(t('login.idToken'), tokens.idToken, colors)) ctx.out.info(line)
  ctx.out.info()
  for (const line of renderToken(t('login.accessToken'), tokens.accessToken, colors)) ctx.out.info(line)
  ctx.out.info()
  ctx.out.info(t('login.saved', { file, time: localTime(exp) }))
  ctx.out.info(colors.dim(t('login.useHint', { lab: id })))
  return 0
}
