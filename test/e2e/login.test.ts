/**
 * `lab login` against a real user pool on the local cloud (the stack's outputs come from a stand-in deployer, so no
 * stack is deployed): temporary password → NEW_PASSWORD_REQUIRED → tokens shown decoded and saved 0600 where
 * `lab call --token` reads them; the errors a learner can meet, in English and Korean.
 */
import fs from 'node:fs'
import path from 'node:path'
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { afterEach, describe, expect, it } from 'vitest'
import { login, type LoginIo } from '../../src/cli/commands/login.js'
import { createContext } from '../../src/cli/context.js'
import type { DeployerApi, RunnerDeps } from '../../src/runner/deps.js'
import { LabError } from '../../src/runner/errors.js'
import { savedToken, savedTokensFile } from '../../src/runner/saved-tokens.js'
import { setLanguage } from '../../src/ui/i18n.js'
import { captureOutput } from '../../src/ui/output.js'
import { useTestCloud, type TestCloud } from '../helpers/cloud.js'
import { ROOT } from './helpers.js'

const CONTENT = path.join(ROOT, 'test', 'e2e', 'fixtures', 'content')
let cloud: TestCloud
let outputs: Record<string, string>
let idp: CognitoIdentityProviderClient

useTestCloud(async (c) => {
  cloud = c
  idp = new CognitoIdentityProviderClient(c.sdk)
  const { UserPool } = await idp.send(new CreateUserPoolCommand({ PoolName: 'login' }))
  const { UserPoolClient } = await idp.send(new CreateUserPoolClientCommand({ UserPoolId: UserPool!.Id, ClientName: 'cli', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }))
  outputs = { ApiUrl: 'http://example.invalid/', UserPoolId: UserPool!.Id!, UserPoolClientId: UserPoolClient!.ClientId! }
  for (const user of ['learner', 'korean', 'stuck']) {
    await idp.send(new AdminCreateUserCommand({ UserPoolId: UserPool!.Id, Username: user, TemporaryPassword: 'Temp-Pass-1', MessageAction: 'SUPPRESS' }))
  }
})
afterEach(() => setLanguage('en'))

function setup(options: { interactive?: boolean; stdin?: string; answers?: string[]; stackOutputs?: Record<string, string> } = {}) {
  const out = captureOutput({ interactive: options.interactive })
  const ctx = createContext(out, { LAB_HOME: cloud.home, LAB_CONTENT_DIR: CONTENT }, cloud.home)
  const target = { kind: 'local' as const, region: 'us-east-1', endpoint: cloud.endpoint, clientConfig: { ...cloud.sdk }, describe: 'the test cloud' }
  const deployer = { resolveTarget: async () => target, getStackOutputs: async () => options.stackOutputs ?? outputs } as unknown as DeployerApi
  const deps = { deployer: async () => deployer, checks: async () => ({}) } as unknown as RunnerDeps
  const asked: { message: string; secret: boolean }[] = []
  const answers = [...(options.answers ?? [])]
  const io: LoginIo = {
    readStdin: async () => options.stdin ?? '',
    ask: async (message, secret) => {
      asked.push({ message, secret })
      return answers.shift() ?? ''
    },
  }
  return { out, ctx, deps, io, asked }
}

async function labError(promise: Promise<unknown>): Promise<LabError> {
  try {
    await promise
  } catch (err) {
    if (err instanceof LabError) return err
    throw err
  }
  throw new Error('expected a LabError')
}

describe('lab login', () => {
  it('answers NEW_PASSWORD_REQUIRED from stdin, shows the decoded claims and saves the tokens 0600', async () => {
    const { out, ctx, deps, io } = setup({ stdin: 'Temp-Pass-1\nBrand-New-Pass-1\n' })
    expect(await login(ctx, { id: '900', user: 'learner', passwordStdin: true }, deps, io)).toBe(0)
    const text = out.stdout.join('\n')
    expect(text).toContain('learner signs in with a temporary password')
    expect(text).toContain(`Signed in as learner to user pool ${outputs.UserPoolId}.`)
    expect(text).toMatch(/ID token \(token_use: id\)[\s\S]*"alg":"RS256"[\s\S]*cognito:username\s+learner/)
    expect(text).toMatch(/Access token \(token_use: access\)[\s\S]*scope\s+aws\.cognito\.signin\.user\.admin/)
    expect(text).toMatch(/expires .+ \(in 60 min\)/)
    const file = savedTokensFile(cloud.home, '900')
    expect(text).toContain(`Tokens saved in ${file}`)
    expect(fs.statSync(file).mode & 0o777).toBe(0o600)
    expect(savedToken(cloud.home, '900', 'id').split('.')).toHaveLength(3)
    expect((await idp.send(new AdminGetUserCommand({ UserPoolId: outputs.UserPoolId, Username: 'learner' }))).UserStatus).toBe('CONFIRMED')
    // Signing in again needs only the new password; --json gives the claims as data.
    const again = setup({ stdin: 'Brand-New-Pass-1\n' })
    await login(again.ctx, { id: '900', user: 'learner', passwordStdin: true, json: true }, again.deps, again.io)
    const json = JSON.parse(again.out.stdout.join('\n'))
    expect(json).toMatchObject({ lab: '900', username: 'learner', idToken: { header: { alg: 'RS256' }, payload: { token_use: 'id', aud: outputs.UserPoolClientId } }, accessToken: { payload: { token_use: 'access' } } })
  })

  it('asks on a terminal, the passwords masked', async () => {
    const { out, ctx, deps, io, asked } = setup({ interactive: true, answers: ['korean', 'Temp-Pass-1', 'Other-New-Pass-1', 'Other-New-Pass-1'] })
    setLanguage('ko')
    await login(ctx, { id: '900' }, deps, io)
    expect(asked).toEqual([
      { message: '사용자 이름', secret: false },
      { message: 'korean의 암호', secret: true },
      { message: '새 암호', secret: true },
      { message: '새 암호 확인', secret: true },
    ])
    expect(out.stdout.join('\n')).toContain(`사용자 풀 ${outputs.UserPoolId}에 korean(으)로 로그인했습니다.`.replace('(으)로', '으로'))
    expect(out.stdout.join('\n')).toMatch(/ID 토큰\(token_use: id\)/)
  })

  it('says which flag to use without a terminal, and what Cognito said when it refuses', async () => {
    const noUser = setup()
    expect((await labError(login(noUser.ctx, { id: '900' }, noUser.deps, noUser.io))).message).toBe('Which user? Give the user name with --user NAME.')
    const noPassword = setup()
    const err = await labError(login(noPassword.ctx, { id: '900', user: 'learner' }, noPassword.deps, noPassword.io))
    expect(err.details.join('\n')).toContain('--password-stdin')
    const stuck = setup({ stdin: 'Temp-Pass-1\n' })
    const challenged = await labError(login(stuck.ctx, { id: '900', user: 'stuck', passwordStdin: true }, stuck.deps, stuck.io))
    expect(challenged.message).toContain('NEW_PASSWORD_REQUIRED')
    expect(challenged.details.join('\n')).toContain('second line of standard input')
    const wrong = setup({ stdin: 'Wrong-Pass-1\n' })
    expect((await labError(login(wrong.ctx, { id: '900', user: 'learner', passwordStdin: true }, wrong.deps, wrong.io))).message).toContain('Incorrect username or password.')
    const none = setup({ stackOutputs: { ApiUrl: 'x' } })
    const missing = await labError(login(none.ctx, { id: '900', user: 'learner' }, none.deps, none.io))
    expect(missing.details.join('\n')).toContain('UserPoolId and UserPoolClientId')
    setLanguage('ko')
    const korean = setup()
    expect((await labError(login(korean.ctx, { id: '900' }, korean.deps, korean.io))).message).toBe('어떤 사용자로 로그인할까요? --user NAME으로 사용자 이름을 지정하세요.')
  })
})
