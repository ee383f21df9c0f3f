/**
 * @module Amazon Cognito user pools (JSON 1.1, `X-Amz-Target: AWSCognitoIdentityProviderService.*`): pools, app
 * clients, users and sign-in with RS256 tokens, plus each pool's JWKS and OIDC discovery documents. State under
 * `dataDir/cognito-idp`: `state.json` (pools, clients, users with scrypt password hashes, refresh token hashes) and
 * `keys.json` (the pools' private signing keys).
 * The public operations (SignUp, ConfirmSignUp, InitiateAuth, RespondToAuthChallenge, GetUser) take unsigned
 * requests, as on AWS (see edge/foreign-callers.ts); the Admin* ones need SigV4.
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/Welcome.html
 */
import { AwsError } from '../../core/aws-error.js'
import type { JsonStore } from '../../core/store.js'
import type { ServiceDef } from '../../core/types.js'
import { handleJsonRpc } from '../../protocols/aws-json.js'
import { renderError } from '../../protocols/errors.js'
import { authApi } from './auth.js'
import { clientsApi } from './clients.js'
import { userPoolClientProvider } from './cfn/user-pool-client.js'
import { userPoolUserProvider } from './cfn/user-pool-user.js'
import { userPoolProvider } from './cfn/user-pool.js'
import { preflight, withCors } from './cors.js'
import { serveDiscovery } from './discovery.js'
import { PoolKeys } from './keys.js'
import type { CognitoState, KeyState } from './model.js'
import { notRunning, poolsApi } from './pools.js'
import { usersApi } from './users.js'

export const COGNITO_TARGET_PREFIX = 'AWSCognitoIdentityProviderService'

export function cognitoIdpService(): ServiceDef {
  let store: JsonStore<CognitoState> | undefined
  let keyStore: JsonStore<KeyState> | undefined
  const state = () => (store ?? (() => { throw notRunning() })()).data
  const save = () => store?.save()
  const keys = new PoolKeys(() => keyStore ?? (() => { throw notRunning() })())
  const api = { ...poolsApi(state, save, keys), ...clientsApi(state, save), ...usersApi(state, save), ...authApi(state, save, keys) }
  return {
    name: 'cognito-idp',
    signingNames: ['cognito-idp'],
    targetPrefixes: [COGNITO_TARGET_PREFIX],
    protocol: 'json',
    api,
    resourceProviders: {
      'AWS::Cognito::UserPool': userPoolProvider,
      'AWS::Cognito::UserPoolClient': userPoolClientProvider,
      'AWS::Cognito::UserPoolUser': userPoolUserProvider,
    },
    async start(ctx) {
      store = ctx.store<CognitoState>('cognito-idp', 'state', () => ({ pools: {}, refreshTokens: {} }))
      keyStore = ctx.store<KeyState>('cognito-idp', 'keys', () => ({ keys: {} }))
    },
    async stop() {
      store?.flush()
    },
    async handle(req, ctx) {
      if (req.route.kind === 'cognito-discovery') {
        const pools = state().pools
        return serveDiscovery(req, Object.hasOwn(pools, req.route.poolId) ? pools[req.route.poolId] : undefined, keys)
      }
      if (req.route.kind === 'cognito-preflight') return preflight(req)
      try {
        return withCors(req, await handleJsonRpc(req, ctx, { service: 'cognito-idp', targetPrefix: COGNITO_TARGET_PREFIX, version: '1.1', api }))
      } catch (err) {
        // Cognito's refusals reach the page readable; anything unexpected goes to the edge (logged, generic answer).
        if (!(err instanceof AwsError) || req.headers['origin'] === undefined) throw err
        return withCors(req, renderError(err, 'json', req.requestId, 'cognito-idp'))
      }
    },
  }
}
