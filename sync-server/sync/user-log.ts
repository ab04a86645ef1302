/**
 * A person's own change log starts with the server's record of their
 * account (id, name, email, role, preferences, creation time), written the
 * first time any of their devices pushes or pulls, so a new device learns
 * the profile by pulling like any other change, and an account made before
 * this log existed gets one too. It is written under the floor clock: what
 * a device wrote (a theme picked offline before signing up) wins over it;
 * the fields only the server keeps are corrected at push (user-rules.ts).
 */
import { eq } from 'drizzle-orm'
import { userPreferencesSchema } from '../../src-shared/entities/json-shapes'
import type { ServerContext } from '../context'
import { users } from '../db/schema'
import { userScope } from './scope'
import { writeScopeChange } from './server-changes'
import { FLOOR_HLC } from './server-clock'
import { lockScope } from './store'

export async function startUserLog(ctx: ServerContext, userId: string): Promise<void> {
  const scope = userScope(userId)
  await ctx.db.transaction(async (tx) => {
    // Under the scope's lock, so two devices' first requests write it once.
    const state = await lockScope(tx, scope)
    if (state.lastSeq > 0 || state.horizonSeq > 0) return
    const [account] = await tx.select().from(users).where(eq(users.id, userId))
    if (!account) return
    const profile = {
      id: account.id,
      name: account.name,
      email: account.email,
      role: account.role,
      preferences: userPreferencesSchema.parse(account.preferences ?? {}),
      created_at: account.createdAt.toISOString(),
    }
    await writeScopeChange(
      tx,
      ctx,
      scope,
      [{ table: 'users', rowId: userId, values: profile }],
      { userId, action: 'profile.synced', entityType: 'user', entityId: userId },
      { hlc: FLOOR_HLC },
    )
  })
}
