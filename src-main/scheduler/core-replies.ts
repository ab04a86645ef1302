/**
 * The reply sender as the core runs it: the sync server's lease for an org that syncs (the same holder id the
 * publishing loop uses, so the server knows this device across restarts), this device's own for a local-only
 * org, and only on devices whose role may record a reply as sent (the server's lease route refuses the others).
 */
import { can } from '../../src-shared/entities/permissions'
import type { ServiceContext } from '../core/context'
import { nodeFetch } from '../platforms/adapters'
import { getOrganization } from '../services/org-access'
import { attachedServer, clientId } from '../sync/sync-state'
import { localLeases, type LeaseProvider, type Timers } from './ports'
import { ReplySender, type ReplySenderSettings } from './reply-sender'
import { createServerLeases } from './server-leases'

export interface ReplySenderWiring {
  timers?: Timers
  settings?: Partial<ReplySenderSettings>
  log: (error: unknown) => void
}

export function createReplySender(ctx: ServiceContext, options: ReplySenderWiring): ReplySender {
  const leases = new Map<string, LeaseProvider>()
  const serverLeasesFor = (orgId: string, serverUrl: string): LeaseProvider => {
    const key = `${orgId} ${serverUrl}`
    let provider = leases.get(key)
    if (!provider) {
      const db = ctx.dbs.org(orgId)
      provider = createServerLeases({
        fetch: nodeFetch,
        serverUrl,
        orgId,
        holder: db.transaction((tx) => clientId(tx)),
        token: () => ctx.sync.currentSession?.token ?? null,
        log: options.log,
      })
      leases.set(key, provider)
    }
    return provider
  }
  return new ReplySender({
    ctx,
    timers: options.timers,
    settings: options.settings,
    log: options.log,
    leasesFor(orgId) {
      const serverUrl = attachedServer(ctx.dbs.org(orgId).$client)
      return serverUrl ? serverLeasesFor(orgId, serverUrl) : localLeases
    },
    mayRunHere(orgId) {
      if (!attachedServer(ctx.dbs.org(orgId).$client)) return true
      try {
        return can(getOrganization(ctx, orgId).role, 'posts.publish_without_approval')
      } catch {
        // Signed out, or no longer a member: nothing of this org is sent from here.
        return false
      }
    },
  })
}
