/**
 * The Cognito token verifier on its own: keys and clients come from a stand-in for the `cognito-idp` service's
 * internal operations, tokens are signed here with jose. Each attack must be refused, and for the right reason.
 */
import { createHmac } from 'node:crypto'
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, type JWK, type JWTPayload } from 'jose'
import { beforeAll, describe, expect, it } from 'vitest'
import { cognitoIssuer, verifyCognitoToken, type CognitoTokenResult } from './cognito-token.js'

const POOL = 'us-east-1_AbCdEf123'
const OTHER_POOL = 'us-east-1_Other9999'
const POOL_ARN = `arn:aws:cognito-idp:us-east-1:000000000000:userpool/${POOL}`
const CLIENT = '1example23456789abcdefghij'
const ISS = cognitoIssuer('us-east-1', POOL)
const KID = 'pool-key-1'

let privateKey: CryptoKey
let otherKey: CryptoKey
let publicJwk: JWK
let publicPem: string

/** What `ctx.call` answers for the pool (and nothing for any other). */
const ctx = {
  async call(service: string, op: string, input: { UserPoolId: string }): Promise<any> {
    expect(service).toBe('cognito-idp')
    if (input.UserPoolId !== POOL) throw Object.assign(new Error('User pool does not exist.'), { code: 'ResourceNotFoundException' })
    if (op === '_publicJwks') return { keys: [{ ...publicJwk, kid: KID, alg: 'RS256', use: 'sig' }] }
    if (op === '_userPoolClientIds') return { ClientIds: [CLIENT] }
    throw new Error(`unexpected ${op}`)
  },
}

const now = () => Math.floor(Date.now() / 1000)
const idClaims = (): JWTPayload => ({
  sub: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
  aud: CLIENT,
  token_use: 'id',
  'cognito:username': 'learner',
  iss: ISS,
  auth_time: now(),
})
const accessClaims = (scope = 'aws.cognito.signin.user.admin'): JWTPayload => ({
  sub: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
  client_id: CLIENT,
  token_use: 'access',
  scope,
  username: 'learner',
  iss: ISS,
})

async function sign(claims: JWTPayload, { key = privateKey, kid = KID, exp = '1h' as string | number } = {}): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid }).setIssuedAt().setExpirationTime(exp).sign(key)
}

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')

const verify = (token: string | undefined, requiredScopes?: string[]) => verifyCognitoToken(ctx, { token, userPoolArns: [POOL_ARN], requiredScopes })

function refused(result: CognitoTokenResult, reason: RegExp): void {
  expect('failure' in result ? result.failure : 'accepted').toMatch(reason)
}

beforeAll(async () => {
  const pair = await generateKeyPair('RS256', { extractable: true })
  privateKey = pair.privateKey as CryptoKey
  publicJwk = await exportJWK(pair.publicKey)
  publicPem = await exportSPKI(pair.publicKey)
  otherKey = (await generateKeyPair('RS256')).privateKey as CryptoKey
})

describe('verifyCognitoToken accepts', () => {
  it('a valid ID token when the method has no scopes, with its claims', async () => {
    const result = await verify(await sign(idClaims()))
    expect(result).toMatchObject({ tokenUse: 'id', userPoolArn: POOL_ARN, claims: { 'cognito:username': 'learner', aud: CLIENT } })
  })

  it('the same token after a Bearer prefix', async () => {
    expect(await verify(`Bearer ${await sign(idClaims())}`)).toMatchObject({ tokenUse: 'id' })
  })

  it('an access token whose scope holds one of the method scopes', async () => {
    const token = await sign(accessClaims('openid pets/read'))
    expect(await verify(token, ['pets/write', 'pets/read'])).toMatchObject({ tokenUse: 'access', claims: { username: 'learner' } })
  })

  it('a token of the second pool an authorizer lists', async () => {
    const result = await verifyCognitoToken(ctx, { token: await sign(idClaims()), userPoolArns: [`arn:aws:cognito-idp:us-east-1:000000000000:userpool/${OTHER_POOL}`, POOL_ARN] })
    expect(result).toMatchObject({ tokenUse: 'id', userPoolArn: POOL_ARN })
  })
})

describe('verifyCognitoToken refuses (attack cases)', () => {
  it('no token, an empty one, garbage', async () => {
    refused(await verify(undefined), /no token/)
    refused(await verify('   '), /no token/)
    refused(await verify('not-a-jwt'), /not a JWT/)
  })

  it('alg none (unsigned token)', async () => {
    const token = `${b64({ alg: 'none', kid: KID })}.${b64({ ...idClaims(), exp: now() + 3600 })}.`
    refused(await verify(token), /alg is "none"/)
  })

  it('HS256 signed with the public key as the HMAC secret', async () => {
    const head = `${b64({ alg: 'HS256', kid: KID, typ: 'JWT' })}.${b64({ ...idClaims(), exp: now() + 3600 })}`
    for (const secret of [publicPem, JSON.stringify(publicJwk)]) {
      const mac = createHmac('sha256', secret).update(head).digest('base64url')
      refused(await verify(`${head}.${mac}`), /alg is "HS256"/)
    }
  })

  it('an RS256 header with an HMAC signature is still a bad signature', async () => {
    const head = `${b64({ alg: 'RS256', kid: KID })}.${b64({ ...idClaims(), exp: now() + 3600 })}`
    const mac = createHmac('sha256', publicPem).update(head).digest('base64url')
    refused(await verify(`${head}.${mac}`), /signature/)
  })

  it('expired', async () => {
    refused(await verify(await sign(idClaims(), { exp: now() - 60 })), /expired/)
  })

  it('nbf in the future', async () => {
    refused(await verify(await sign({ ...idClaims(), nbf: now() + 600 })), /nbf/)
  })

  it('wrong iss: another pool, or not Cognito at all', async () => {
    refused(await verify(await sign({ ...idClaims(), iss: cognitoIssuer('us-east-1', OTHER_POOL) })), /issuer/)
    refused(await verify(await sign({ ...idClaims(), iss: 'https://evil.example.com/' })), /issuer/)
    refused(await verify(await sign({ ...idClaims(), iss: undefined })), /issuer/)
  })

  it('the right iss but signed by a key that is not the pool’s', async () => {
    refused(await verify(await sign(idClaims(), { key: otherKey })), /signature/)
  })

  it('aud that is not an app client of the pool', async () => {
    refused(await verify(await sign({ ...idClaims(), aud: 'someoneelsesclient' })), /aud/)
    refused(await verify(await sign({ ...idClaims(), aud: [CLIENT, 'x'] })), /aud/)
  })

  it('unknown kid, or none', async () => {
    refused(await verify(await sign(idClaims(), { kid: 'rotated-away' })), /kid/)
    const token = await new SignJWT(idClaims()).setProtectedHeader({ alg: 'RS256' }).setExpirationTime('1h').sign(privateKey)
    refused(await verify(token), /no kid/)
  })

  it('a tampered payload (username changed, signature kept)', async () => {
    const [head, , signature] = (await sign(idClaims())).split('.')
    const forged = `${head}.${b64({ ...idClaims(), 'cognito:username': 'admin', exp: now() + 3600 })}.${signature}`
    refused(await verify(forged), /signature/)
  })

  it('an access token where an ID token is required (no scopes on the method)', async () => {
    refused(await verify(await sign(accessClaims())), /ID token is required/)
  })

  it('an ID token where scopes are required', async () => {
    refused(await verify(await sign(idClaims()), ['aws.cognito.signin.user.admin']), /access token is required/)
  })

  it('an access token without any of the method scopes', async () => {
    refused(await verify(await sign(accessClaims('openid email')), ['pets/read']), /has none of pets\/read/)
    // A scope is a whole word of the claim, never a part of one.
    refused(await verify(await sign(accessClaims('pets/readonly')), ['pets/read']), /has none/)
  })

  it('an access token of a client that is not the pool’s', async () => {
    refused(await verify(await sign({ ...accessClaims(), client_id: 'another' }), ['aws.cognito.signin.user.admin']), /client_id/)
  })

  it('a pool that no longer exists, and ARNs that are no user pool', async () => {
    const token = await sign({ ...idClaims(), iss: cognitoIssuer('us-east-1', OTHER_POOL) })
    refused(await verifyCognitoToken(ctx, { token, userPoolArns: [`arn:aws:cognito-idp:us-east-1:000000000000:userpool/${OTHER_POOL}`] }), /does not exist/)
    refused(await verifyCognitoToken(ctx, { token: await sign(idClaims()), userPoolArns: ['not-an-arn', POOL] }), /issuer/)
  })

  it('a token longer than any Cognito token, before parsing it', async () => {
    refused(await verify(`${'a'.repeat(20_000)}.b.c`), /longer than/)
  })

  it('judges exp by the clock it is given', async () => {
    const token = await sign(idClaims(), { exp: now() + 60 })
    const later = new Date(Date.now() + 3_600_000)
    refused(await verifyCognitoToken(ctx, { token, userPoolArns: [POOL_ARN], now: later }), /expired/)
  })
})
