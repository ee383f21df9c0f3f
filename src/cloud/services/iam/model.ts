/** @module IAM state: roles, users (with access keys) and customer managed policies. No HTTP, no wire shapes. */
import type { JsonStore } from '../../core/store.js'

export type Tag = { Key: string; Value: string }

export interface StoredRole {
  RoleName: string
  RoleId: string
  Path: string
  Arn: string
  CreateDate: string
  /** The policy JSON exactly as given (AWS returns it URL-encoded). */
  AssumeRolePolicyDocument: string
  Description?: string
  MaxSessionDuration: number
  Tags: Tag[]
  /** Inline policies: name → document JSON. */
  InlinePolicies: Record<string, string>
  AttachedPolicyArns: string[]
}

export interface StoredAccessKey {
  AccessKeyId: string
  /** Kept like AWS keeps it: returned once by CreateAccessKey, then only used to verify signatures. */
  SecretAccessKey: string
  Status: 'Active' | 'Inactive'
  CreateDate: string
}

export interface StoredUser {
  UserName: string
  UserId: string
  Path: string
  Arn: string
  CreateDate: string
  Tags: Tag[]
  InlinePolicies: Record<string, string>
  AttachedPolicyArns: string[]
  AccessKeys: StoredAccessKey[]
}

export interface StoredPolicyVersion {
  VersionId: string
  Document: string
  CreateDate: string
}

export interface StoredManagedPolicy {
  PolicyName: string
  PolicyId: string
  Path: string
  Arn: string
  Description?: string
  CreateDate: string
  UpdateDate: string
  DefaultVersionId: string
  Versions: StoredPolicyVersion[]
  /** Counter for the next `vN` id (versions are never renumbered). */
  NextVersion: number
  Tags: Tag[]
}

export interface IamState {
  /** Keyed by lower-cased name: IAM names are unique regardless of case. */
  roles: Record<string, StoredRole>
  users: Record<string, StoredUser>
  /** Customer managed policies, keyed by ARN. */
  policies: Record<string, StoredManagedPolicy>
}

export type IamStore = JsonStore<IamState>

export const roleKey = (name: string): string => name.toLowerCase()
export const userKey = roleKey

/** IAM timestamps: ISO 8601 to the second. */
export const isoNow = (): string => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')
