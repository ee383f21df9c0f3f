/**
 * @module Placeholder for the `CUSTOM` (Lambda) and `COGNITO_USER_POOLS` authorizers: the `authorizers` work
 * replaces this file with the real `runAuthorizer` (same signature). Until then such methods cannot be created
 * (PutMethod and the Method resource refuse them), so this is never reached by a deployed API.
 */
import { AuthzRefusal, type AuthorizerResult } from '../../../../authz/authorizer-result.js'
import type { Invocation } from '../context.js'

// Not implemented: Lambda and Cognito authorizers (their own work item).
export async function runAuthorizer(inv: Invocation): Promise<AuthorizerResult> {
  throw new AuthzRefusal('AUTHORIZER_CONFIGURATION_ERROR', `AuthorizationType ${inv.method?.authorizationType} is not emulated yet`, 500)
}
