/**
 * How the sync engine reaches the server. The HTTP implementation lives in
 * http-transport.ts; tests may hand the engine the real server's transport
 * with messages dropped, duplicated or delayed in between.
 */
import type { ClientMutation } from '../../src-shared/sync/ops'
import type { PullResponse, PushResponse, SyncErrorCode } from '../../src-shared/sync/protocol'

/** A refusal of a whole request, with the server's words. */
export class SyncRequestError extends Error {
  constructor(
    readonly code: SyncErrorCode | 'network' | 'server_error',
    message: string,
    readonly details: { expectedMutationId?: number; skewMs?: number; status?: number } = {},
  ) {
    super(message)
    this.name = 'SyncRequestError'
  }
}

export interface SyncTransport {
  push(orgId: string, mutations: ClientMutation[]): Promise<PushResponse>
  pull(orgId: string, since: number, limit?: number): Promise<PullResponse>
  /** The signed-in person's own change log (account.sqlite): the same answers as an organization's. */
  pushOwnData(mutations: ClientMutation[]): Promise<PushResponse>
  pullOwnData(since: number, limit?: number): Promise<PullResponse>
}
