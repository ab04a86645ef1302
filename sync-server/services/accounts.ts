/**
 * Accounts: sign up, sign in, sign out, change password, and who am I. A
 * desktop that has been used locally signs up with its profile's id, so the
 * rows it already made stay attributed to the same person.
 */
import { eq } from 'drizzle-orm'
import type { z } from 'zod'
import type {
  AccountUser,
  changePasswordRequestSchema,
  MeResponse,
  SessionResponse,
  signinRequestSchema,
  signupRequestSchema,
} from '../../src-shared/sync/server-api'
import { userPreferencesSchema } from '../../src-shared/entities/json-shapes'
import { hashPassword, verifyDecoy, verifyPassword } from '../auth/secrets'
import type { ServerContext } from '../context'
import { isUniqueViolation } from '../db/errors'
import { users } from '../db/schema'
import { HttpError } from '../errors'
import { newServerId } from '../ids'
import { orgsOf } from './memberships'
import { createSession, endOtherSessions, endSession, type Auth } from './sessions'

type UserRow = typeof users.$inferSelect

function publicUser(row: UserRow): AccountUser {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    preferences: userPreferencesSchema.parse(row.preferences ?? {}),
    createdAt: row.createdAt.toISOString(),
  }
}

export async function signup(
  ctx: ServerContext,
  input: z.output<typeof signupRequestSchema>,
): Promise<SessionResponse> {
  const id = input.id ?? newServerId()
  const taken = await ctx.db.select({ id: users.id }).from(users).where(eq(users.id, id))
  if (taken.length > 0) {
    throw new HttpError(
      'conflict',
      `The user id "${id}" is already taken; sign in instead, or sign up without an id.`,
      {
        field: 'id',
      },
    )
  }
  const passwordHash = await hashPassword(input.password)
  try {
    return await ctx.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(users)
        .values({ id, email: input.email, name: input.name, passwordHash, createdAt: ctx.clock.now() })
        .returning()
      const session = await createSession(ctx, tx, id)
      return { ...session, user: publicUser(row!) }
    })
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new HttpError('conflict', `An account with ${input.email} already exists; sign in instead.`, {
        field: 'email',
      })
    }
    throw error
  }
}

const WRONG_CREDENTIALS = 'That email and password do not match an account; check them and try again.'

export async function signin(
  ctx: ServerContext,
  input: z.output<typeof signinRequestSchema>,
): Promise<SessionResponse> {
  const [row] = await ctx.db.select().from(users).where(eq(users.email, input.email))
  // An unknown email costs the same time as a wrong password, so timing does not tell which it was.
  const ok = row ? await verifyPassword(input.password, row.passwordHash) : await verifyDecoy(input.password)
  if (!row || !ok) throw new HttpError('unauthorized', WRONG_CREDENTIALS)
  const session = await createSession(ctx, ctx.db, row.id)
  return { ...session, user: publicUser(row) }
}

export async function signout(ctx: ServerContext, auth: Auth): Promise<void> {
  await endSession(ctx.db, auth.tokenHash)
}

export async function changePassword(
  ctx: ServerContext,
  auth: Auth,
  input: z.output<typeof changePasswordRequestSchema>,
): Promise<void> {
  const [row] = await ctx.db.select().from(users).where(eq(users.id, auth.userId))
  if (!row || !(await verifyPassword(input.currentPassword, row.passwordHash))) {
    throw new HttpError('forbidden', 'The current password is not right; your password was not changed.', {
      field: 'currentPassword',
    })
  }
  const passwordHash = await hashPassword(input.newPassword)
  await ctx.db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash }).where(eq(users.id, auth.userId))
    // Whoever knew the old password is signed out everywhere else.
    await endOtherSessions(tx, auth)
  })
}

export async function me(ctx: ServerContext, auth: Auth): Promise<MeResponse> {
  const [row] = await ctx.db.select().from(users).where(eq(users.id, auth.userId))
  if (!row) throw new HttpError('unauthorized', 'This account no longer exists; sign up again.')
  return { user: publicUser(row), orgs: await orgsOf(ctx.db, auth.userId) }
}
