/**
 * One platform call under a saved sign-in, the same on the desktop and on
 * the sync server: an 'auth' refusal refreshes the session once, has the
 * new tokens saved, and tries again; refused again (or the refresh itself
 * refused), the holder is told so the channel shows "reconnect". Bluesky
 * rotates refresh tokens, so only the sign-in's one holder calls this.
 */
import { PlatformError, type PlatformAdapter, type PlatformSession } from './adapter'

export interface RefreshHooks {
  /** Keeps the refreshed tokens (the next call must use them: the old refresh token may be spent). */
  saveRefreshed(fresh: PlatformSession): Promise<void>
  /** The platform refused the sign-in even after a refresh. */
  refused(reason: string): Promise<void>
}

const isAuth = (error: unknown): error is PlatformError => error instanceof PlatformError && error.kind === 'auth'

export async function withRefresh<T>(
  adapter: Pick<PlatformAdapter, 'refresh'>,
  session: PlatformSession,
  call: (session: PlatformSession) => Promise<T>,
  hooks: RefreshHooks,
): Promise<T> {
  try {
    return await call(session)
  } catch (error) {
    if (!isAuth(error)) throw error
  }
  let fresh: PlatformSession
  try {
    fresh = await adapter.refresh(session)
  } catch (error) {
    if (isAuth(error)) await hooks.refused(error.message)
    throw error
  }
  await hooks.saveRefreshed(fresh)
  try {
    return await call(fresh)
  } catch (error) {
    if (isAuth(error)) await hooks.refused(error.message)
    throw error
  }
}
