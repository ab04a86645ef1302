/**
 * What each role may do in an organization. The desktop checks these before
 * writing; the sync server checks them again for every op it receives.
 */
import type { Role } from './enums'

export const PERMISSIONS = [
  'org.manage',
  'members.manage',
  'channels.manage',
  'posts.create',
  'posts.publish_without_approval',
  'posts.approve',
  'comments.reply',
  'analytics.view',
] as const
export type Permission = (typeof PERMISSIONS)[number]

const GRANTS: Record<Role, readonly Permission[]> = {
  owner: PERMISSIONS,
  admin: PERMISSIONS,
  editor: [
    'channels.manage',
    'posts.create',
    'posts.publish_without_approval',
    'posts.approve',
    'comments.reply',
    'analytics.view',
  ],
  // A contributor drafts; someone else approves before anything goes out.
  contributor: ['posts.create', 'comments.reply', 'analytics.view'],
  viewer: ['analytics.view'],
}

export const can = (role: Role, permission: Permission): boolean => GRANTS[role].includes(permission)
