/**
 * @module Amazon Cognito user pools (JSON 1.1, `X-Amz-Target: AWSCognitoIdentityProviderService.*`): pools, app
 * clients, users and sign-in with RS256 tokens, plus each pool's JWKS and OIDC discovery documents. State under
 * `dataDir/cognito-idp`: `state.json` (pools, clients, users with scrypt password hashes, refresh token hashes) and
 * `keys.json` (the pools' private signing keys).
 * The public operations (SignUp, ConfirmSignUp, InitiateAuth, RespondToAuthChallenge, GetUser) take unsigned
 * requests, as on AWS (see edge/foreign-callers.ts); the Admin* ones need SigV4. Calls from the wire count towards
 * Cognito's request rate quotas (quotas.ts).
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/Welcome.html
 */
import { AwsError } from '../../core/aws-error.js'
import type { JsonStore } from '../../core/store.js'
import type { CloudContext, CloudRequest, CloudResponse, ServiceDef } from '../../core/types.js'
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
import { RequestRateQuotas } from './quotas.js'
import { usersApi } from './users.js'

export const COGNITO_TARGET_PREFIX = 'AWSCognitoIdentityProviderService'

export interface CognitoIdpOptions {
  /** The clock of the request rate quotas (tests freeze it). */
  now?: () => number
}

/** The operation an `X-Amz-Target` names, if it is one of Cognito's. */
const operationOf = (target: string | undefined) => (target?.startsWith(`${COGNITO_TARGET_PREFIX}.`) ? target.slice(COGNITO_TARGET_PREFIX.length + 1) : '')

export function cognitoIdpService(options: CognitoIdpOptions = {}): ServiceDef {
  let store: JsonStore<CognitoState> | undefined
  let keyStore: JsonStore<KeyState> | undefined
  const state = () => (store ?? (() => { throw notRunning() })()).data
  const save = () => store?.save()
  const keys = new PoolKeys(() => keyStore ?? (() => { throw notRunning() })())
  const quotas = new RequestRateQuotas(options.now)
  /** Counts a call from the wire towards its quota; when that is spent, the refusal (readable by the page that asked). */
  const countCall = (req: CloudRequest, ctx: CloudContext): CloudResponse | undefined => {
    const operation = operationOf(req.headers['x-amz-target'])
    if (!operation) return undefined
    req.operation = operation // the request log names a refused call's operation too
    try {
      // A signed call counts for its signer's account; an unsigned one for the account that owns the pools.
      quotas.take(req.identity?.account ?? ctx.accountId, operation)
      return undefined
    } catch (err) {
      if (!(err instanceof AwsError)) throw err
      return withCors(req, renderError(err, 'json', req.requestId, 'cognito-idp'))
    }
  }
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
      const overQuota = countCall(req, ctx)
      if (overQuota) return overQuota
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
