/**
 * Sessions: a bearer token handed out at sign-in, stored only as its
 * SHA-256, valid for SESSION_TTL_DAYS after it was last used (sliding).
 */
import { and, eq, gt, inArray, lt, ne } from 'drizzle-orm'
import { hashToken, newToken } from '../auth/secrets'
import type { ServerContext } from '../context'
import type { Db } from '../db/open'
import { sessions } from '../db/schema'
import { HttpError } from '../errors'

export interface Auth {
  userId: string
  tokenHash: string
}

const DAY_MS = 24 * 60 * 60 * 1000
// Extending the expiry on every request would write on every request; once a minute is plenty.
const TOUCH_EVERY_MS = 60 * 1000

export async function createSession(ctx: ServerContext, db: Db, userId: string) {
  const token = newToken()
  const now = ctx.clock.now()
  const expiresAt = new Date(now.getTime() + ctx.config.sessionTtlDays * DAY_MS)
  await db.insert(sessions).values({ tokenHash: hashToken(token), userId, createdAt: now, expiresAt, lastSeenAt: now })
  return { token, expiresAt: expiresAt.toISOString() }
}

/** The bearer token of an Authorization header, or null when there is none. */
export function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer\s+([A-Za-z0-9_-]{20,200})\s*$/i.exec(header ?? '')
  return match?.[1] ?? null
}

/** Who is calling, from the Authorization header; 401 when nobody is signed in. */
export async function authenticate(ctx: ServerContext, authorization: string | undefined): Promise<Auth> {
  const token = bearerToken(authorization)
  if (!token) {
    throw new HttpError('unauthorized', 'Sign in first: send "Authorization: Bearer <token>" from /v1/auth/signin.')
  }
  const tokenHash = hashToken(token)
  const now = ctx.clock.now()
  const [session] = await ctx.db
    .select({ userId: sessions.userId, expiresAt: sessions.expiresAt, lastSeenAt: sessions.lastSeenAt })
    .from(sessions)
    .where(eq(sessions.tokenHash, tokenHash))
  if (!session)
    throw new HttpError('unauthorized', 'This session is not valid (signed out or replaced); sign in again.')
  if (session.expiresAt <= now) {
    await ctx.db.delete(sessions).where(eq(sessions.tokenHash, tokenHash))
    throw new HttpError('unauthorized', 'Your session has expired; sign in again.')
  }
  if (now.getTime() - session.lastSeenAt.getTime() >= TOUCH_EVERY_MS) {
    await ctx.db
      .update(sessions)
      .set({ lastSeenAt: now, expiresAt: new Date(now.getTime() + ctx.config.sessionTtlDays * DAY_MS) })
      .where(and(eq(sessions.tokenHash, tokenHash), gt(sessions.expiresAt, now)))
  }
  return { userId: session.userId, tokenHash }
}

export async function endSession(db: Db, tokenHash: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash))
}

/** Signs a user out everywhere but the session in hand (after a password change). */
export async function endOtherSessions(db: Db, auth: Auth): Promise<void> {
  await db.delete(sessions).where(and(eq(sessions.userId, auth.userId), ne(sessions.tokenHash, auth.tokenHash)))
}

/** Housekeeping: sessions past their expiry. */
export async function deleteExpiredSessions(db: Db, now: Date): Promise<void> {
  await db.delete(sessions).where(lt(sessions.expiresAt, now))
}

/** Which of these sessions are still valid (by token hash). */
export async function liveSessions(db: Db, tokenHashes: string[], now: Date): Promise<Set<string>> {
  if (tokenHashes.length === 0) return new Set()
  const rows = await db
    .select({ tokenHash: sessions.tokenHash })
    .from(sessions)
    .where(and(inArray(sessions.tokenHash, tokenHashes), gt(sessions.expiresAt, now)))
  return new Set(rows.map((r) => r.tokenHash))
}
