/**
 * @module Who `lab call --sign` signs as. A lab identity `--profile <lab>:<Name>` is a pair of the lab's stack
 * outputs, `<Name>AccessKeyId` and `<Name>SecretAccessKey` (plus `<Name>SessionToken` if the lab outputs one):
 * lab 351's second IAM user is `351:SecondUser`. Any other `--profile` is an AWS profile, and without one the
 * target's own credentials sign (the local cloud's for a local URL, the standard chain for AWS).
 */
import { t } from '../ui/i18n.js'
import type { SigningCredentials } from '../checks/sigv4-sign.js'
import { LabError } from './errors.js'

export interface LabIdentityRef {
  lab: string
  name: string
}

/** `351:SecondUser` → `{lab: '351', name: 'SecondUser'}` when `351` is one of `labIds`; else undefined (an AWS profile). */
export function labIdentityRef(profile: string | undefined, labIds: readonly string[]): LabIdentityRef | undefined {
  if (!profile) return undefined
  const match = /^([0-9a-z-]+):([A-Za-z][A-Za-z0-9]*)$/.exec(profile)
  if (!match || !labIds.includes(match[1])) return undefined
  return { lab: match[1], name: match[2] }
}

/** Every identity the outputs hold: names with both an `AccessKeyId` and a `SecretAccessKey` output. */
export function identityNames(outputs: Record<string, string>): string[] {
  const names: string[] = []
  for (const key of Object.keys(outputs)) {
    const name = key.endsWith('AccessKeyId') ? key.slice(0, -'AccessKeyId'.length) : undefined
    if (name && Object.hasOwn(outputs, `${name}SecretAccessKey`)) names.push(name)
  }
  return names.sort()
}

/** The credentials of identity `ref` in the lab's outputs (output names compared case-insensitively). */
export function identityCredentials(outputs: Record<string, string>, ref: LabIdentityRef): SigningCredentials {
  const names = identityNames(outputs)
  const name = names.find((n) => n.toLowerCase() === ref.name.toLowerCase())
  if (!name) {
    throw new LabError(t('call.unknownIdentity', { lab: ref.lab, name: ref.name }), [
      t('call.unknownIdentity.hint', { names: names.map((n) => `${ref.lab}:${n}`).join(', ') || t('call.noIdentities') }),
    ])
  }
  const sessionToken = outputs[`${name}SessionToken`]
  return {
    accessKeyId: outputs[`${name}AccessKeyId`],
    secretAccessKey: outputs[`${name}SecretAccessKey`],
    ...(sessionToken ? { sessionToken } : {}),
  }
}
