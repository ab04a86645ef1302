/**
 * The contract's method names alone, for the preload and the browser bridge:
 * they need the names, not the schemas (which would bundle zod and luxon
 * into the preload). contract.ts checks at compile time that this list and
 * the contract name the same methods.
 */
export const API_METHOD_NAMES = [
  'getAppInfo',
  'getProfile',
  'createProfile',
  'updatePreferences',
  'listOrganizations',
  'createOrganization',
  'renameOrganization',
  'setActiveOrganization',
  'deleteOrganization',
  'listPosts',
  'createDraft',
  'updateDraft',
  'getSyncOverview',
  'connectServer',
  'disconnectServer',
  'attachOrganization',
  'joinOrganization',
  'createInvitation',
  'listMembers',
  'changeMemberRole',
  'removeMember',
  'syncNow',
  'listAuditLog',
  'getPost',
  'schedulePost',
  'unschedulePost',
  'deletePost',
  'reorderQueue',
  'decideApproval',
  'importMedia',
  'readMedia',
  'listChannels',
  'connectChannel',
  'updateChannel',
  'disconnectChannel',
  'listSandboxFeed',
  'getPublishingSettings',
  'updatePublishingSettings',
  'listNotifications',
  'markNotificationsRead',
  'openExternal',
] as const

export type ApiMethodName = (typeof API_METHOD_NAMES)[number]
