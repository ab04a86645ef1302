/**
 * The lease of an org that syncs, from its sync server
 * (POST /v1/orgs/:orgId/leases, docs/sync-protocol.md#publish-leases): the
 * server grants one holder at a time with a rising fencing token. A device
 * that cannot reach the server, or gets any error, does not publish: acquire
 * answers null and the job waits for the next tick.
 */
import type { Fetch } from '../../src-shared/platforms/adapter'
import { ServerClient, SyncRequestError } from '../../src-shared/sync/server-client'
import type { Fence, Lease, LeaseOutcome, LeaseProvider } from './ports'

export interface ServerLeasesOptions {
  fetch: Fetch
  serverUrl: string
  orgId: string
  /** This device's client id, the same across restarts, so a lease it held before a crash is recognized. */
  holder: string
  /** The session's bearer token; null when signed out (then nothing is published). */
  token: () => string | null | Promise<string | null>
  /** How long a lease lasts unless released: longer than a publish can take (5 minutes by default). */
  ttlMs?: number
  /** Where refusals other than "held by another" and unreachable-server errors are reported. */
  log?: (error: unknown) => void
}

export const DEFAULT_LEASE_TTL_MS = 5 * 60_000

export function createServerLeases(options: ServerLeasesOptions): LeaseProvider {
  const client = new ServerClient({ baseUrl: options.serverUrl, token: options.token, fetch: options.fetch })
  const orgId = options.orgId
  const log = options.log ?? (() => undefined)
  // Signed out: nothing is published, and that is no error.
  const signedOut = (error: unknown) => error instanceof SyncRequestError && error.code === 'signed_out'

  return {
    async acquire(jobId: string): Promise<Lease | null> {
      try {
        const { fence, resumed } = await client.call('acquireLease', {
          params: { orgId },
          body: { jobId, holder: options.holder, ttlMs: options.ttlMs ?? DEFAULT_LEASE_TTL_MS },
        })
        return { fence, resumed }
      } catch (error) {
        // 409: another device holds it, or it was already published: not ours to run.
        const heldElsewhere = error instanceof SyncRequestError && error.code === 'conflict'
        if (!heldElsewhere && !signedOut(error)) log(error)
        return null
      }
    },

    async release(jobId: string, fence: Fence, outcome: LeaseOutcome): Promise<void> {
      try {
        await client.call('releaseLease', {
          params: { orgId, jobId },
          body: { holder: options.holder, fence, outcome },
        })
      } catch (error) {
        // The lease lapses on its own; whoever takes it next learns it was resumed.
        if (!signedOut(error)) log(error)
      }
    },
  }
}
