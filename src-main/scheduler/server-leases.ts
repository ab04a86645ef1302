/**
 * The lease of an org that syncs, from its sync server
 * (POST /v1/orgs/:orgId/leases, docs/sync-protocol.md#publish-leases): the
 * server grants one holder at a time with a rising fencing token. A device
 * that cannot reach the server, or gets any error, does not publish: acquire
 * answers null and the job waits for the next tick.
 */
import type { Fetch } from '../../src-shared/platforms/adapter'
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
  const base = `${options.serverUrl.replace(/\/+$/, '')}/v1/orgs/${encodeURIComponent(options.orgId)}/leases`
  const log = options.log ?? (() => undefined)

  async function post(path: string, body: unknown): Promise<Response | null> {
    const token = await options.token()
    if (!token) return null
    return options.fetch(`${base}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
  }

  return {
    async acquire(jobId: string): Promise<Lease | null> {
      try {
        const response = await post('', { jobId, holder: options.holder, ttlMs: options.ttlMs ?? DEFAULT_LEASE_TTL_MS })
        if (!response) return null
        if (response.ok) {
          const { fence, resumed } = (await response.json()) as { fence: number; resumed: boolean }
          if (!Number.isSafeInteger(fence)) throw new Error(`The sync server granted a lease without a fence`)
          return { fence, resumed: resumed === true }
        }
        // 409: another device holds it, or it was already published: not ours to run.
        if (response.status !== 409) log(new Error(`Lease for job ${jobId} refused: ${await response.text()}`))
        return null
      } catch (error) {
        log(error)
        return null
      }
    },

    async release(jobId: string, fence: Fence, outcome: LeaseOutcome): Promise<void> {
      try {
        const response = await post(`/${encodeURIComponent(jobId)}/release`, { fence, outcome })
        if (response && !response.ok) {
          log(new Error(`Releasing the lease of job ${jobId} (fence ${fence}) failed: ${await response.text()}`))
        }
      } catch (error) {
        // The lease lapses on its own; whoever takes it next learns it was resumed.
        log(error)
      }
    },
  }
}
