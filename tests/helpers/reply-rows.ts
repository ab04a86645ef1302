/** A comment in the inbox, written as the comment fetch writes it, for tests of replying to it. */
import { eq } from 'drizzle-orm'
import { v7 as uuidv7 } from 'uuid'
import { comments, replies } from '../../src-main/db/schema/org'
import type { Platform } from '../../src-shared/entities/enums'
import type { TestCore } from './core'
import { writeRows } from './write-rows'

export function addComment(
  core: TestCore,
  orgId: string,
  channelId: string,
  {
    platform = 'sandbox',
    platformCommentId = `comment-${uuidv7()}`,
    author = { name: 'Ada Okafor', handle: 'ada.sandbox' },
    text = 'Where can I read more about it?',
  }: {
    platform?: Platform
    platformCommentId?: string
    author?: { name: string; handle?: string }
    text?: string
  } = {},
): string {
  const id = uuidv7()
  writeRows(
    core,
    orgId,
    [
      {
        table: comments,
        rowId: id,
        values: {
          id,
          orgId,
          socialAccountId: channelId,
          platform,
          platformCommentId,
          author,
          text,
          timestamp: core.clock.now().toISOString(),
          status: 'open',
        },
      },
    ],
    'comment.fetched',
  )
  return id
}

export const replyRow = (core: TestCore, orgId: string, replyId: string) =>
  core.ctx.dbs.org(orgId).select().from(replies).where(eq(replies.id, replyId)).get()!

export const commentRow = (core: TestCore, orgId: string, commentId: string) =>
  core.ctx.dbs.org(orgId).select().from(comments).where(eq(comments.id, commentId)).get()!

/** As a kill leaves a reply the sender had marked sending: status sending, its attempt begun at `at`. */
export function leaveSending(core: TestCore, orgId: string, replyId: string, at: Date): void {
  const values = { status: 'sending' as const, attempts: 1, nextAttemptAt: at.toISOString() }
  writeRows(core, orgId, [{ table: replies, rowId: replyId, values }], 'test.crash')
}
