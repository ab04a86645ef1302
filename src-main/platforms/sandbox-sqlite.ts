/**
 * The Sandbox platform's "servers" for an org that publishes on this device
 * only: the org file's local `sandbox_posts` table. Idempotent by
 * (account, key) through the table's unique index.
 */
import { and, desc, eq } from 'drizzle-orm'
import type { SandboxBackend, SandboxPost } from '../../src-shared/platforms/sandbox'
import { newId } from '../core/ids'
import type { OrgDb } from '../db/open'
import { sandboxPosts } from '../db/schema/org'

type Row = typeof sandboxPosts.$inferSelect

const toPost = (row: Row): SandboxPost => ({
  id: row.id,
  accountId: row.accountId,
  idempotencyKey: row.idempotencyKey,
  text: row.text,
  ...(row.contentWarning ? { contentWarning: row.contentWarning } : {}),
  media: row.media,
  ...(row.replyTo ? { replyTo: row.replyTo } : {}),
  publishedAt: row.publishedAt,
})

export function createSqliteSandboxBackend(db: OrgDb): SandboxBackend {
  const byKey = (accountId: string, key: string) =>
    db
      .select()
      .from(sandboxPosts)
      .where(and(eq(sandboxPosts.accountId, accountId), eq(sandboxPosts.idempotencyKey, key)))
      .get()
  return {
    async publish(input) {
      const row = {
        id: newId(),
        accountId: input.accountId,
        idempotencyKey: input.idempotencyKey,
        text: input.text,
        contentWarning: input.contentWarning ?? null,
        media: input.media,
        replyTo: input.replyTo ?? null,
        publishedAt: input.publishedAt,
      }
      db.insert(sandboxPosts).values(row).onConflictDoNothing().run()
      return toPost(byKey(input.accountId, input.idempotencyKey)!)
    },
    async findByIdempotencyKey(accountId, key) {
      const row = byKey(accountId, key)
      return row && toPost(row)
    },
    async get(id) {
      const row = db.select().from(sandboxPosts).where(eq(sandboxPosts.id, id)).get()
      return row && toPost(row)
    },
    async list(accountId, options = {}) {
      return db
        .select()
        .from(sandboxPosts)
        .where(eq(sandboxPosts.accountId, accountId))
        .orderBy(desc(sandboxPosts.publishedAt), desc(sandboxPosts.id))
        .limit(options.limit ?? 1000)
        .all()
        .map(toPost)
    },
    async replies(id) {
      return db.select().from(sandboxPosts).where(eq(sandboxPosts.replyTo, id)).all().map(toPost)
    },
  }
}
