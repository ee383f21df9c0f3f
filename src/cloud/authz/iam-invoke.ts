/**
 * @module `AWS_IAM` on an execute-api call, data-plane-neutral: authenticate the SigV4 signature (service
 * `execute-api`), then combine the caller's identity policies with the API's resource policy (tables A/B). Refusals
 * come back as `AuthzRefusal`s with API Gateway's gateway response types, statuses and words.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-authorization-flow.html#apigateway-authorization-flow-iam
 * @see https://repost.aws/knowledge-center/api-gateway-troubleshoot-403-forbidden
 */
import { AwsError } from '../core/aws-error.js'
import type { CloudContext } from '../core/types.js'
import { canonicalRequestOf, carriesSignature, checkSignature, checkSignedHeaders, sha256Hex, type CallerIdentity, type SignedRequestLike } from '../edge/sigv4.js'
import { iamAccess, notAuthorizedMessage, type AccessOutcome } from './api-access.js'
import { AuthzRefusal } from './authorizer-result.js'
import { INVOKE_ACTION } from './invoke-request.js'
import { identityDecision } from './identity-decision.js'
import { evaluateResourcePolicy, type PolicyDocument } from './policy-eval.js'

/** The verifier's errors as API Gateway answers them on an `AWS_IAM` method (gateway response type, error type). */
function refusalOf(err: AwsError): AuthzRefusal {
  switch (err.code) {
    case 'MissingAuthenticationTokenException':
      return new AuthzRefusal('MISSING_AUTHENTICATION_TOKEN', 'Missing Authentication Token', 403)
    case 'UnrecognizedClientException':
    case 'InvalidClientTokenId':
      // The KC lists this one as AccessDeniedException, i.e. the ACCESS_DENIED gateway response.
      return new AuthzRefusal('ACCESS_DENIED', err.message, 403)
    case 'ExpiredTokenException':
      return new AuthzRefusal('EXPIRED_TOKEN', err.message, 403)
    case 'IncompleteSignatureException':
      return new AuthzRefusal('INVALID_SIGNATURE', err.message, 403, 'IncompleteSignatureException')
    default:
      return new AuthzRefusal('INVALID_SIGNATURE', err.message, 403)
  }
}

/**
 * The signer of `req`, or the refusal. A signature mismatch carries the canonical request and string to sign
 * API Gateway computed, as AWS's own message does (nothing in them is secret).
 */
export function authenticateInvoke(req: SignedRequestLike & { body: Uint8Array }, ctx: Pick<CloudContext, 'credentials'>, apiRegion: string, now = Date.now()): CallerIdentity {
  if (!carriesSignature(req)) throw refusalOf(new AwsError('MissingAuthenticationTokenException', 403, 'Missing Authentication Token'))
  const pending = checkSignedHeaders(req, { service: 'execute-api', family: 'rest-json', now, lookupSecret: (id) => ctx.credentials.lookup(id) })
  if (pending instanceof AwsError) throw refusalOf(pending)
  // The API lives in one region: a signature scoped to another is refused before it is checked.
  if (pending.region !== apiRegion) throw refusalOf(new AwsError('InvalidSignatureException', 403, `Credential should be scoped to a valid region. `))
  const payloadHash = sha256Hex(req.body)
  const failure = checkSignature(req, pending, payloadHash)
  if (!failure) return pending.identity
  const canonical = canonicalRequestOf(req, pending, payloadHash)
  const stringToSign = `AWS4-HMAC-SHA256\n${pending.longDate}\n${pending.scope}\n${sha256Hex(canonical)}`
  throw refusalOf(new AwsError(failure.code, 403, `${failure.message}\n\nThe Canonical String for this request should have been\n'${canonical}'\n\nThe String-to-Sign should have been\n'${stringToSign}'\n`))
}

export interface InvokeDecisionInput {
  caller: CallerIdentity
  /** The API owner's account. */
  apiAccount: string
  methodArn: string
  resourcePolicy?: PolicyDocument
  context: Record<string, string | undefined>
}

/** Throws the ACCESS_DENIED refusal unless the caller may invoke `methodArn`. */
export async function authorizeIamInvoke(ctx: Pick<CloudContext, 'call'>, input: InvokeDecisionInput): Promise<AccessOutcome> {
  const facts = { action: INVOKE_ACTION, resource: input.methodArn, principalArn: input.caller.arn, principalAccount: input.caller.account, context: input.context }
  const identity = await identityDecision(ctx, input.caller, facts)
  const resource = input.resourcePolicy ? evaluateResourcePolicy(input.resourcePolicy, facts) : undefined
  const outcome = iamAccess(identity, resource, input.caller.account === input.apiAccount)
  if (outcome !== 'Allow') throw accessDenied(input.caller.arn, input.methodArn, outcome)
  return outcome
}

/** AWS quirk: these denials come as `{"Message": …}` (capital M) unless a gateway response template says otherwise. */
export function accessDenied(principal: string, resource: string, outcome: AccessOutcome): AuthzRefusal {
  return new AuthzRefusal('ACCESS_DENIED', notAuthorizedMessage(principal, INVOKE_ACTION, resource, outcome), 403, undefined, 'Message')
}
