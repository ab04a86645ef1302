// The platforms this app publishes to, by id: one place that builds an adapter with the host's fetch, clock and
// sandbox backend.

import { type Fetch, type PlatformAdapter, type PlatformId, type PlatformLimits } from './adapter'
import { blueskyLimits, createBlueskyAdapter } from './bluesky'
import { createMastodonAdapter, mastodonLimits } from './mastodon'
import { createSandboxAdapter, type SandboxBackend, sandboxLimits } from './sandbox'

export interface PlatformDeps {
  fetch: Fetch
  now?: () => number
  sandbox: { backend: SandboxBackend; feedUrl?: string }
}

export function createPlatformAdapters(deps: PlatformDeps): Record<PlatformId, PlatformAdapter> {
  return {
    sandbox: createSandboxAdapter({ backend: deps.sandbox.backend, feedUrl: deps.sandbox.feedUrl, now: deps.now }),
    bluesky: createBlueskyAdapter({ fetch: deps.fetch, now: deps.now }),
    mastodon: createMastodonAdapter({ fetch: deps.fetch, now: deps.now }),
  }
}

/** The default limits per platform, for the composer before a channel's own are known. */
export const platformLimits: Record<PlatformId, PlatformLimits> = {
  sandbox: sandboxLimits,
  bluesky: blueskyLimits,
  mastodon: mastodonLimits,
}
