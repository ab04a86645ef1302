/**
 * How the sync engine reaches a change log, an org's or the person's own:
 * push and pull, over the one ServerClient (src-shared/sync/server-client.ts).
 * Tests may hand the engine the real server's transport with messages
 * dropped, duplicated or delayed in between.
 */
import type { ClientMutation } from '../../src-shared/sync/ops'
import { PROTOCOL_VERSION, type PullResponse, type PushResponse } from '../../src-shared/sync/protocol'
import type { ServerClient } from '../../src-shared/sync/server-client'

export interface SyncTransport {
  push(orgId: string, mutations: ClientMutation[]): Promise<PushResponse>
  pull(orgId: string, since: number, limit?: number): Promise<PullResponse>
  /** The signed-in person's own change log (account.sqlite): the same answers as an organization's. */
  pushOwnData(mutations: ClientMutation[]): Promise<PushResponse>
  pullOwnData(since: number, limit?: number): Promise<PullResponse>
}

/** An org's push and pull, and the person's own, through the server client. */
export function transportOver(client: ServerClient): SyncTransport {
  return {
    push: (orgId, mutations) =>
      client.call('push', { params: { orgId }, body: { protocolVersion: PROTOCOL_VERSION, mutations } }),
    pull: (orgId, since, limit) => client.call('pull', { params: { orgId }, query: { since, limit } }),
    pushOwnData: (mutations) => client.call('pushOwnData', { body: { protocolVersion: PROTOCOL_VERSION, mutations } }),
    pullOwnData: (since, limit) => client.call('pullOwnData', { query: { since, limit } }),
  }
}
