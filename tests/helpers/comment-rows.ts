/**
 * Comments written into a real org file the way the fetcher will write them (the row, its clocks, the outbox
 * and an audit entry in one transaction), with their insights computed, so the inbox and sync see them as
 * they will see fetched ones. For tests and e2e seeds until the fetcher is on this branch.
 */
import { v7 as uuidv7 } from 'uuid'
import type { Core } from '../../src-main/core/create-core'
import { comments } from '../../src-main/db/schema/org'
import { recordChange } from '../../src-main/sync/outbox'
import { commentInsights } from '../../src-shared/engage/insights'

export type CommentSeed = Partial<typeof comments.$inferInsert> & { text: string; timestamp: string }

/** Writes the comments on the channel in one synced change; answers their ids in order. */
export function addComments(core: Pick<Core, 'ctx'>, orgId: string, channelId: string, seeds: CommentSeed[]): string[] {
  const db = core.ctx.dbs.org(orgId)
  const rows = seeds.map((seed) => {
    const id = seed.id ?? uuidv7()
    return {
      id,
      orgId,
      socialAccountId: channelId,
      platform: 'sandbox' as const,
      platformCommentId: `c-${id}`,
      author: { name: 'Ana Ruiz', handle: 'ana.example' },
      aiInsights: { ...commentInsights(seed.text) },
      status: 'open' as const,
      tags: [],
      platformMeta: {},
      ...seed,
    }
  })
  db.transaction((tx) => {
    for (const row of rows) tx.insert(comments).values(row).run()
    recordChange(
      tx,
      { userId: null, orgId },
      core.ctx.clock.now(),
      rows.map((row) => ({ table: comments, rowId: row.id, values: row })),
      // The fetcher's own action comes with it; this one stands for it in tests.
      { action: 'comments.seeded', entityType: 'social_account', entityId: channelId, meta: { count: rows.length } },
    )
  })
  return rows.map((row) => row.id)
}
