/**
 * The one API between the renderer and the main process: method name → zod
 * input and output, merged from each feature's slice (`api/<feature>.ts`,
 * named as its service is). The Electron IPC handlers, the preload bridge,
 * browser mode's HTTP bridge and the tests are all typed from this object,
 * and the names they expose are its keys, so a method cannot exist in one
 * place and not another. A new method goes into its feature's slice; a new
 * feature adds its slice here.
 */
import type { z } from 'zod'
import { appApi } from './app'
import { approvalsApi } from './approvals'
import { auditLogApi } from './audit-log'
import { bulkUploadApi } from './bulk-upload'
import { channelsApi } from './channels'
import { commentFetchApi } from './comment-fetch'
import { commentsApi } from './comments'
import { followUpsApi } from './follow-ups'
import { ideasApi } from './ideas'
import { mediaApi } from './media'
import { notificationsApi } from './notifications'
import { organizationsApi } from './organizations'
import { postsApi } from './posts'
import { profileApi } from './profile'
import { publishingSettingsApi } from './publishing-settings'
import { repliesApi } from './replies'
import { scheduleApi } from './schedule'
import { startPageStatsApi } from './start-page-stats'
import { startPagesApi } from './start-pages'
import { syncApi } from './sync'
import { teamApi } from './team'

export type { When } from './schedule'

export const contract = {
  ...appApi,
  ...profileApi,
  ...organizationsApi,
  ...auditLogApi,
  ...postsApi,
  ...scheduleApi,
  ...approvalsApi,
  ...mediaApi,
  ...channelsApi,
  ...publishingSettingsApi,
  ...notificationsApi,
  ...syncApi,
  ...teamApi,
  ...ideasApi,
  ...bulkUploadApi,
  ...followUpsApi,
  ...commentsApi,
  ...commentFetchApi,
  ...repliesApi,
  ...startPagesApi,
  ...startPageStatsApi,
} as const

export type Contract = typeof contract
export type ApiMethod = keyof Contract
export type ApiInput<M extends ApiMethod> = z.input<Contract[M]['input']>
export type ApiParsedInput<M extends ApiMethod> = z.output<Contract[M]['input']>
export type ApiOutput<M extends ApiMethod> = z.output<Contract[M]['output']>

/** Every method's name, from the contract itself. */
export const API_METHODS = Object.keys(contract) as ApiMethod[]
