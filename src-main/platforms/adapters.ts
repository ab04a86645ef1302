/**
 * The platform adapters as this device uses them for one org: the network
 * through Node's fetch, and the Sandbox platform on the org file (a local
 * org) or on the org's sync server (an org that syncs).
 */
import { PlatformError, type Fetch, type PlatformAdapter, type PlatformId } from '../../src-shared/platforms/adapter'
import { createPlatformAdapters } from '../../src-shared/platforms/index'
import type { SandboxBackend } from '../../src-shared/platforms/sandbox'
import { createHttpSandboxBackend, sandboxFeedBaseUrl } from '../../src-shared/platforms/sandbox-http'
import type { ServiceContext } from '../core/context'
import { uploadMediaFile } from '../sync/media-sync'
import { serverClient } from '../sync/session'
import { attachedServer } from '../sync/sync-state'
import { createSqliteSandboxBackend } from './sandbox-sqlite'

export interface SandboxPlace {
  backend: SandboxBackend
  /** Base of a channel's feed links: the server's public page, or an in-app link for a local org. */
  feedUrl(channelId: string): string
}

/** Node's fetch, looked up at call time so a host can wrap the global. */
export const nodeFetch: Fetch = (input, init) => fetch(input, init)

export function sandboxFor(ctx: ServiceContext, orgId: string): SandboxPlace {
  const db = ctx.dbs.org(orgId)
  const serverUrl = attachedServer(db.$client)
  if (!serverUrl) {
    // Opened in-app at #/sandbox/<orgId>/<channelId>; the renderer recognises the sandbox: scheme.
    return { backend: createSqliteSandboxBackend(db), feedUrl: (channelId) => `sandbox://${orgId}/${channelId}` }
  }
  const http = createHttpSandboxBackend({
    fetch: nodeFetch,
    serverUrl,
    orgId,
    // Read at each call: signing in again must not need a new backend.
    token: () => ctx.sync.currentSession?.token ?? null,
    now: () => ctx.clock.now().getTime(),
  })
  return {
    backend: {
      ...http,
      // The public page shows the post's pictures from the server's media store: their bytes go up first (the
      // media sync's upload, here without waiting for its round), so the page never names a file it lacks.
      async publish(post) {
        const session = ctx.sync.currentSession
        if (session) {
          const server = serverClient({ ...session, serverUrl })
          for (const { file } of post.media) {
            if (!file) continue
            try {
              await uploadMediaFile(db.$client, ctx.dbs.dataDir, server, orgId, `media:${file}`)
            } catch (error) {
              throw new PlatformError(
                'sandbox',
                'transient',
                'A picture of this post could not be sent to the sync server yet; it is tried again shortly.',
                { cause: error },
              )
            }
          }
        }
        return http.publish(post)
      },
    },
    // The server's `<base>/posts/<id>` links lead to the post on its channel's public page.
    feedUrl: () => sandboxFeedBaseUrl(serverUrl),
  }
}

export function adapterFor(ctx: ServiceContext, orgId: string, platform: PlatformId, channelId = ''): PlatformAdapter {
  const fetch = nodeFetch
  const now = () => ctx.clock.now().getTime()
  if (platform !== 'sandbox') {
    // The sandbox part is never used for these; an in-memory stand-in keeps the factory's shape.
    return createPlatformAdapters({ fetch, now, sandbox: { backend: unusedSandbox } })[platform]
  }
  const place = sandboxFor(ctx, orgId)
  return createPlatformAdapters({ fetch, now, sandbox: { backend: place.backend, feedUrl: place.feedUrl(channelId) } })
    .sandbox
}

const unusable = async (): Promise<never> => {
  throw new Error('no sandbox here')
}
const unusedSandbox: SandboxBackend = {
  publish: unusable,
  findByIdempotencyKey: unusable,
  get: unusable,
  list: unusable,
  replies: unusable,
}
