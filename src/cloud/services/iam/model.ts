/** @module IAM state: roles with their inline and attached policies. No HTTP, no wire shapes. */
import type { JsonStore } from '../../core/store.js'

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
  Tags: { Key: string; Value: string }[]
  /** Inline policies: name → document JSON. */
  InlinePolicies: Record<string, string>
  AttachedPolicyArns: string[]
}

export interface IamState {
  /** Keyed by lower-cased role name: IAM names are unique regardless of case. */
  roles: Record<string, StoredRole>
}

export type IamStore = JsonStore<IamState>

export const roleKey = (name: string): string => name.toLowerCase()
