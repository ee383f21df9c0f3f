/**
 * @module Each user pool's RSA signing key. The private half lives only in `dataDir/cognito-idp/keys.json`
 * (0600, like all the cloud's state, out of any function's reach) and in this process; the public half is the
 * pool's JWKS, served at its `/.well-known/jwks.json` and handed to authorizers through `_publicJwks`.
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-tokens-verifying-a-jwt.html
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto'
import { calculateJwkThumbprint, type JWK } from 'jose'
import type { JsonStore } from '../../core/store.js'
import type { KeyState, PoolKey } from './model.js'

export class PoolKeys {
  /** Imported private keys, so a sign-in does not parse PEM each time. */
  readonly #loaded = new Map<string, KeyObject>()

  constructor(private readonly store: () => JsonStore<KeyState>) {}

  /** Make the pool's key pair (CreateUserPool). */
  async create(poolId: string): Promise<void> {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
    const jwk = publicKey.export({ format: 'jwk' }) as JWK
    const kid = await calculateJwkThumbprint(jwk)
    const entry: PoolKey = {
      kid,
      privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
      publicJwk: { kid, alg: 'RS256', kty: 'RSA', e: String(jwk.e), n: String(jwk.n), use: 'sig' },
    }
    this.store().data.keys[poolId] = entry
    this.store().save()
    this.#loaded.set(poolId, privateKey)
  }

  remove(poolId: string): void {
    delete this.store().data.keys[poolId]
    this.store().save()
    this.#loaded.delete(poolId)
  }

  /** The key to sign the pool's tokens with, and its `kid`. */
  signing(poolId: string): { kid: string; key: KeyObject } {
    const entry = this.store().data.keys[poolId]
    if (!entry) throw new Error(`no signing key for user pool ${poolId}`)
    let key = this.#loaded.get(poolId)
    if (!key) {
      key = createPrivateKey(entry.privateKeyPem)
      this.#loaded.set(poolId, key)
    }
    return { kid: entry.kid, key }
  }

  /** The pool's JWKS, as `/.well-known/jwks.json` serves it. */
  jwks(poolId: string): { keys: Record<string, string>[] } {
    const entry = this.store().data.keys[poolId]
    return { keys: entry ? [entry.publicJwk] : [] }
  }

  /** The public key object of a pool (to check the pool's own access tokens in GetUser). */
  publicKey(poolId: string): KeyObject | undefined {
    const entry = this.store().data.keys[poolId]
    return entry ? createPublicKey({ key: entry.publicJwk as unknown as import('node:crypto').JsonWebKey, format: 'jwk' }) : undefined
  }
}
