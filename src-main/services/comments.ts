/**
 * Engage's inbox handlers: reads (comment-inbox.ts, comment-conversation.ts) and triage (comment-triage.ts),
 * each handler only calling its service.
 */
import type { commentsApi } from '../../src-shared/api/comments'
import type { HandlersFor } from '../core/handlers'
import { queryInbox } from './comment-inbox'
import { getConversation, inboxCounts } from './comment-conversation'
import { assignComments, correctInsights, setCommentStatus, tagComments } from './comment-triage'
import { toCommentView } from './comment-view'
import { getOrganization } from './org-access'

export const commentsHandlers = {
  listInbox: (ctx, { orgId, ...query }) => {
    getOrganization(ctx, orgId)
    const page = queryInbox(ctx.dbs.org(orgId), orgId, query)
    return { comments: page.comments.map(toCommentView), nextCursor: page.nextCursor }
  },
  inboxCounts: (ctx, input) => inboxCounts(ctx, input),
  getConversation: (ctx, input) => getConversation(ctx, input),
  setCommentStatus: (ctx, input) => setCommentStatus(ctx, input),
  assignComments: (ctx, input) => assignComments(ctx, input),
  tagComments: (ctx, input) => tagComments(ctx, input),
  correctInsights: (ctx, input) => correctInsights(ctx, input),
} satisfies HandlersFor<typeof commentsApi>
