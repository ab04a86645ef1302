/**
 * Which permission an op needs, by the table it writes and, for a post's
 * status, by the status it moves to. The server checks every op of a push
 * against the sender's role; the desktop checks the same before writing.
 */
import type { Role } from '../entities/enums'
import { can, type Permission } from '../entities/permissions'
import type { SyncOp } from './ops'

/** Tables of an organization's file, the ones the org change log carries. */
export const ORG_TABLES = [
  'organizations',
  'memberships',
  'integrations',
  'social_accounts',
  'comments',
  'replies',
  'saved_replies',
  'audit_logs',
  'posts',
  'post_approvals',
  'schedule_jobs',
  'analytics',
  'ideas',
] as const
export type OrgTable = (typeof ORG_TABLES)[number]

export const isOrgTable = (table: string): table is OrgTable => (ORG_TABLES as readonly string[]).includes(table)

const TABLE_PERMISSION: Record<OrgTable, Permission> = {
  organizations: 'org.manage',
  memberships: 'members.manage',
  integrations: 'channels.manage',
  social_accounts: 'channels.manage',
  comments: 'comments.reply',
  replies: 'comments.reply',
  saved_replies: 'comments.reply',
  audit_logs: 'posts.create',
  posts: 'posts.create',
  post_approvals: 'posts.approve',
  schedule_jobs: 'posts.create',
  analytics: 'channels.manage',
  // Anyone who may write posts adds ideas, no approval needed: an idea is not what goes out.
  ideas: 'posts.create',
}

// Statuses a post reaches only once someone allowed to publish has said yes.
const APPROVED_STATUSES = new Set(['approved', 'scheduled', 'publishing', 'published'])

export function permissionFor(op: Pick<SyncOp, 'table' | 'field' | 'value'>): Permission | null {
  if (!isOrgTable(op.table)) return null
  if (op.table === 'posts' && op.field === 'status' && APPROVED_STATUSES.has(String(op.value))) {
    return 'posts.publish_without_approval'
  }
  return TABLE_PERMISSION[op.table]
}

/** Null when the role may write the op, else the reason in words. */
export function refusalFor(role: Role, op: Pick<SyncOp, 'table' | 'field' | 'value'>): string | null {
  const permission = permissionFor(op)
  if (!permission) return `"${op.table}" is not a table of an organization.`
  // Everyone who can act in the org leaves an audit trail of it.
  if (op.table === 'audit_logs' && role !== 'viewer') return null
  if (can(role, permission)) return null
  const article = /^[aeiou]/.test(role) ? 'An' : 'A'
  return `${article} ${role} cannot change ${op.table.replace(/_/g, ' ')}${op.field === 'status' ? ` to "${String(op.value)}"` : ''}.`
}
