// What every platform's inbox fetch shares: waiting out a short rate limit between pages instead of losing the
// pages already read, and a cap on how far one round reads, so a huge backlog arrives over several rounds.

import { PlatformError } from './adapter'

/** At most this many pages a round; the next round goes on from the cursor. */
export const MAX_INBOX_PAGES = 50

/** A rate limit that lifts within this is waited for between pages; a longer one ends the round (the loop backs off). */
const MAX_WAIT_MS = 15_000

export type Sleep = (ms: number) => Promise<void>

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

/** Calls `read`; a transient refusal that says it lifts soon is waited out and tried again, twice at most. */
export async function readPage<T>(read: () => Promise<T>, sleep: Sleep): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await read()
    } catch (error) {
      const wait = error instanceof PlatformError && error.kind === 'transient' ? error.retryAfterMs : undefined
      if (wait === undefined || wait > MAX_WAIT_MS || attempt >= 2) throw error
      await sleep(wait)
    }
  }
}
