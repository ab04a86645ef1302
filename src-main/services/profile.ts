/**
 * The person using this device. A local profile needs no server: it is the
 * first thing the first-run flow creates, and signing in to a sync server
 * later attaches it to an account.
 */
import { eq, isNull } from 'drizzle-orm'
import { AppError } from '../../src-shared/api/errors'
import type { ApiParsedInput } from '../../src-shared/api/contract'
import type { Profile } from '../../src-shared/entities/models'
import { userPreferencesSchema, type UserPreferences } from '../../src-shared/entities/json-shapes'
import { newId } from '../core/ids'
import { users } from '../db/schema/account'
import { recordChange } from '../sync/outbox'
import type { ServiceContext } from '../core/context'
import type { profileApi } from '../../src-shared/api/profile'
import type { HandlersFor } from '../core/handlers'

type UserRow = typeof users.$inferSelect

const toProfile = (row: UserRow): Profile => ({
  id: row.id,
  name: row.name,
  email: row.email,
  preferences: userPreferencesSchema.parse(row.preferences),
  createdAt: row.createdAt,
})

export function findProfile(ctx: ServiceContext): Profile | null {
  const row = ctx.dbs.account.select().from(users).where(isNull(users.deletedAt)).limit(1).get()
  return row ? toProfile(row) : null
}

/** The profile, or an error that sends the user to the first-run flow. */
export function requireProfile(ctx: ServiceContext): Profile {
  const profile = findProfile(ctx)
  if (!profile) throw new AppError('conflict', 'Create your profile first: this device has no profile yet.')
  return profile
}

export function createProfile(ctx: ServiceContext, input: ApiParsedInput<'createProfile'>): Profile {
  if (findProfile(ctx)) throw new AppError('conflict', 'This device already has a profile; edit it in Settings.')
  const now = ctx.clock.now()
  const row = {
    id: newId(),
    name: input.name,
    email: input.email,
    role: 'user',
    preferences: userPreferencesSchema.parse({}),
    createdAt: now.toISOString(),
  }
  ctx.dbs.account.transaction((tx) => {
    tx.insert(users).values(row).run()
    recordChange(tx, { userId: row.id, orgId: null }, now, [{ table: users, rowId: row.id, values: row }], {
      action: 'profile.created',
      entityType: 'user',
      entityId: row.id,
    })
  })
  ctx.emit({ type: 'profile.changed' })
  return requireProfile(ctx)
}

export function updatePreferences(ctx: ServiceContext, patch: Partial<UserPreferences>): Profile {
  const profile = requireProfile(ctx)
  const preferences = { ...profile.preferences, ...patch }
  const now = ctx.clock.now()
  ctx.dbs.account.transaction((tx) => {
    tx.update(users).set({ preferences }).where(eq(users.id, profile.id)).run()
    recordChange(
      tx,
      { userId: profile.id, orgId: null },
      now,
      [{ table: users, rowId: profile.id, values: { preferences } }],
      {
        action: 'profile.preferences_updated',
        entityType: 'user',
        entityId: profile.id,
        meta: { changed: Object.keys(patch) },
      },
    )
  })
  ctx.emit({ type: 'profile.changed' })
  return requireProfile(ctx)
}

/**
 * Your name and email on this profile, synced to your other devices through your own change log. Teammates
 * read the name kept on your membership of each organization, which the sync server writes when you join.
 */
export function updateProfile(ctx: ServiceContext, input: ApiParsedInput<'updateProfile'>): Profile {
  const profile = requireProfile(ctx)
  const values = { name: input.name, email: input.email }
  if (profile.name === values.name && profile.email === values.email) return profile
  // Signed in, the email is the account's sign-in: the server keeps it (and would send the old one back).
  const session = ctx.sync.currentSession
  if (session && values.email !== profile.email) {
    throw new AppError(
      'invalid_input',
      `Your email is how you sign in to ${session.serverUrl}, so it stays ${session.email} while you are signed in.`,
      [
        {
          path: 'email',
          message: `Your email stays ${session.email} while you are signed in to ${session.serverUrl}.`,
        },
      ],
    )
  }
  const now = ctx.clock.now()
  ctx.dbs.account.transaction((tx) => {
    tx.update(users).set(values).where(eq(users.id, profile.id)).run()
    recordChange(tx, { userId: profile.id, orgId: null }, now, [{ table: users, rowId: profile.id, values }], {
      action: 'profile.updated',
      entityType: 'user',
      entityId: profile.id,
      meta: { changed: (['name', 'email'] as const).filter((key) => profile[key] !== values[key]) },
    })
  })
  ctx.emit({ type: 'profile.changed' })
  return requireProfile(ctx)
}

export const profileHandlers = {
  getProfile: (ctx) => findProfile(ctx),
  createProfile: (ctx, input) => createProfile(ctx, input),
  updatePreferences: (ctx, input) => updatePreferences(ctx, input),
  updateProfile: (ctx, input) => updateProfile(ctx, input),
} satisfies HandlersFor<typeof profileApi>
