/**
 * The handler map: each feature's handlers, declared beside its service
 * (`<feature>Handlers` in `services/<feature>.ts`), merged into one map that
 * `dispatch` runs. `satisfies HandlersFor<Contract>` makes a contract
 * method without a handler, or a handler without a method, a type error.
 */
import type { Contract } from '../../src-shared/api/contract'
import type { HandlersFor } from '../core/handlers'
import { appHandlers } from '../services/app'
import { approvalsHandlers } from '../services/approvals'
import { auditLogHandlers } from '../services/audit-log'
import { bulkUploadHandlers } from '../services/bulk-upload'
import { channelsHandlers } from '../services/channels'
import { commentFetchHandlers } from '../services/comment-fetch'
import { commentsHandlers } from '../services/comments'
import { followUpsHandlers } from '../services/follow-ups'
import { ideasHandlers } from '../services/ideas'
import { mediaHandlers } from '../services/media'
import { notificationsHandlers } from '../services/notifications'
import { organizationsHandlers } from '../services/organizations'
import { postsHandlers } from '../services/posts'
import { profileHandlers } from '../services/profile'
import { publishingSettingsHandlers } from '../services/publishing-settings'
import { repliesHandlers } from '../services/replies'
import { scheduleHandlers } from '../services/schedule'
import { startPageStatsHandlers } from '../services/start-page-stats'
import { startPagesHandlers } from '../services/start-pages'
import { syncHandlers } from '../services/sync'
import { teamHandlers } from '../services/team'

export const handlers = {
  ...appHandlers,
  ...profileHandlers,
  ...organizationsHandlers,
  ...auditLogHandlers,
  ...postsHandlers,
  ...scheduleHandlers,
  ...approvalsHandlers,
  ...mediaHandlers,
  ...channelsHandlers,
  ...publishingSettingsHandlers,
  ...notificationsHandlers,
  ...syncHandlers,
  ...teamHandlers,
  ...ideasHandlers,
  ...bulkUploadHandlers,
  ...followUpsHandlers,
  ...commentsHandlers,
  ...commentFetchHandlers,
  ...repliesHandlers,
  ...startPagesHandlers,
  ...startPageStatsHandlers,
} satisfies HandlersFor<Contract>
