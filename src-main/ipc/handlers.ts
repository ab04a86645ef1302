/**
 * One handler per contract method. Handlers are thin: the input is already
 * validated by `dispatch`; they call a service and return its answer.
 * `satisfies Handlers` makes a missing or extra method a type error.
 */
import type { ApiMethod, ApiOutput, ApiParsedInput } from '../../src-shared/api/contract'
import { getAppInfo } from '../services/app-info'
import { listAuditLog } from '../services/audit-log'
import type { ServiceContext } from '../core/context'
import {
  createOrganization,
  deleteOrganization,
  listOrganizations,
  renameOrganization,
  setActiveOrganization,
} from '../services/organizations'
import { createDraft, listPosts, updateDraft } from '../services/posts'
import { connectChannel, disconnectChannel, listChannels, listSandboxFeed, updateChannel } from '../services/channels'
import { importMedia, readMedia } from '../services/media'
import { getPublishingSettings, openExternal, updatePublishingSettings } from '../services/publishing-settings'
import { deletePost, getPost, reorderQueue, schedulePost, unschedulePost } from '../services/schedule'
import { decideApproval } from '../services/approvals'
import { listNotifications, markNotificationsRead } from '../services/notifications'
import { createProfile, findProfile, updatePreferences } from '../services/profile'
import {
  attachOrganization,
  changeMemberRole,
  connectServer,
  createInvitation,
  disconnectServer,
  getSyncOverview,
  joinOrganization,
  listMembers,
  removeMember,
  syncNow,
} from '../services/sync'

export type Handlers = {
  [M in ApiMethod]: (ctx: ServiceContext, input: ApiParsedInput<M>) => ApiOutput<M> | Promise<ApiOutput<M>>
}

export const handlers = {
  getAppInfo: (ctx) => getAppInfo(ctx),
  getProfile: (ctx) => findProfile(ctx),
  createProfile: (ctx, input) => createProfile(ctx, input),
  updatePreferences: (ctx, input) => updatePreferences(ctx, input),
  listOrganizations: (ctx) => listOrganizations(ctx),
  createOrganization: (ctx, input) => createOrganization(ctx, input),
  renameOrganization: (ctx, input) => renameOrganization(ctx, input),
  setActiveOrganization: (ctx, input) => setActiveOrganization(ctx, input.orgId),
  deleteOrganization: (ctx, input) => deleteOrganization(ctx, input.orgId),
  listPosts: (ctx, input) => listPosts(ctx, input),
  createDraft: (ctx, input) => createDraft(ctx, input),
  updateDraft: (ctx, input) => updateDraft(ctx, input),
  getSyncOverview: (ctx) => getSyncOverview(ctx),
  connectServer: (ctx, input) => connectServer(ctx, input),
  disconnectServer: (ctx) => disconnectServer(ctx),
  attachOrganization: (ctx, input) => attachOrganization(ctx, input.orgId),
  joinOrganization: (ctx, input) => joinOrganization(ctx, input.code),
  createInvitation: (ctx, input) => createInvitation(ctx, input),
  listMembers: (ctx, input) => listMembers(ctx, input.orgId),
  changeMemberRole: (ctx, input) => changeMemberRole(ctx, input),
  removeMember: (ctx, input) => removeMember(ctx, input),
  syncNow: (ctx, input) => syncNow(ctx, input.orgId),
  listAuditLog: (ctx, input) => listAuditLog(ctx, input),
  listChannels: (ctx, input) => listChannels(ctx, input),
  connectChannel: (ctx, input) => connectChannel(ctx, input),
  updateChannel: (ctx, input) => updateChannel(ctx, input),
  disconnectChannel: (ctx, input) => disconnectChannel(ctx, input),
  listSandboxFeed: (ctx, input) => listSandboxFeed(ctx, input),
  importMedia: (ctx, input) => importMedia(ctx, input),
  readMedia: (ctx, input) => readMedia(ctx, input),
  getPublishingSettings: (ctx, input) => getPublishingSettings(ctx, input),
  updatePublishingSettings: (ctx, input) => updatePublishingSettings(ctx, input),
  openExternal: (ctx, input) => openExternal(ctx, input),
  getPost: (ctx, input) => getPost(ctx, input),
  schedulePost: (ctx, input) => schedulePost(ctx, input),
  unschedulePost: (ctx, input) => unschedulePost(ctx, input),
  deletePost: (ctx, input) => deletePost(ctx, input),
  reorderQueue: (ctx, input) => reorderQueue(ctx, input),
  decideApproval: (ctx, input) => decideApproval(ctx, input),
  listNotifications: (ctx, input) => listNotifications(ctx, input),
  markNotificationsRead: (ctx, input) => markNotificationsRead(ctx, input),
} satisfies Handlers
