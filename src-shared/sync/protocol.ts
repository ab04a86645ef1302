/**
 * The sync protocol (v1) between desktops and the sync server, as types and
 * zod schemas both sides validate with. docs/sync-protocol.md has the flow
 * with request and response examples.
 *
 * - Push: a client sends its outbox mutations in order; the server answers
 *   per mutation: applied, duplicate (already seen), or refused (with the
 *   server's values so the client can restore them).
 * - Pull: changes since a cursor (the org's change-log sequence), a page at
 *   a time; a cursor older than the compaction horizon gets a snapshot.
 * - Poke: a websocket message naming an org (or the person) and its newest
 *   sequence number.
 *
 * The same push and pull serve a person's own data between their devices
 * (`/v1/me/push`, `/v1/me/pull`), under the person's own change log.
 */
import { z } from 'zod'
import { clientMutationSchema, syncOpSchema, PROTOCOL_VERSION } from './ops'

export { PROTOCOL_VERSION }

/**
 * The version of the synced data model. Raised when a migration changes
 * what ops may carry; the server says which versions it accepts.
 */
export const SCHEMA_VERSION = 1

/** Clocks further ahead of the server than this are refused. */
export const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000

export const PULL_PAGE_LIMIT = 500
export const PUSH_BATCH_LIMIT = 100

export const pushRequestSchema = z.object({
  protocolVersion: z.literal(PROTOCOL_VERSION),
  mutations: z.array(clientMutationSchema).min(1).max(PUSH_BATCH_LIMIT),
})
export type PushRequest = z.infer<typeof pushRequestSchema>

export const mutationResultSchema = z.discriminatedUnion('status', [
  z.object({ mutationId: z.number(), status: z.literal('applied') }),
  z.object({ mutationId: z.number(), status: z.literal('duplicate') }),
  z.object({
    mutationId: z.number(),
    status: z.literal('refused'),
    reason: z.string(),
    // The server's current value of every field the mutation tried to write.
    restore: z.array(syncOpSchema),
  }),
])
export type MutationResult = z.infer<typeof mutationResultSchema>

export const pushResponseSchema = z.object({
  results: z.array(mutationResultSchema),
  cursor: z.number().int().nonnegative(),
})
export type PushResponse = z.infer<typeof pushResponseSchema>

export const changeSchema = z.object({
  seq: z.number().int().positive(),
  ops: z.array(syncOpSchema),
})
export type Change = z.infer<typeof changeSchema>

export const pullResponseSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('changes'),
    changes: z.array(changeSchema),
    cursor: z.number().int().nonnegative(),
    hasMore: z.boolean(),
  }),
  z.object({
    kind: z.literal('reset'),
    // Every live field of the org, as ops: replaces the replica's data atomically.
    snapshot: z.array(syncOpSchema),
    cursor: z.number().int().nonnegative(),
  }),
])
export type PullResponse = z.infer<typeof pullResponseSchema>

/** An organization's log, or the person's own (profile, Start Pages, subscription), has changes up to seq. */
export const pokeSchema = z.union([
  z.object({ type: z.literal('poke'), orgId: z.string(), seq: z.number().int() }),
  z.object({ type: z.literal('poke'), userId: z.string(), seq: z.number().int() }),
])
export type Poke = z.infer<typeof pokeSchema>

/** Why the server turned a whole request away; each comes with a message that says what to do. */
export const SYNC_ERROR_CODES = [
  'invalid_request',
  'unauthorized',
  'not_a_member',
  'forbidden',
  'out_of_order',
  'clock_skew',
  'client_too_old',
  'not_found',
  'conflict',
  'rate_limited',
  'payload_too_large',
  // The server failed (a bug, or its database is unreachable); retry later.
  'internal',
  'unavailable',
] as const
export type SyncErrorCode = (typeof SYNC_ERROR_CODES)[number]

export const syncErrorSchema = z.object({
  error: z.object({
    code: z.enum(SYNC_ERROR_CODES),
    message: z.string(),
    // invalid_request: the field at fault, as a path ("mutations.0.ops.1.hlc").
    field: z.string().optional(),
    // out_of_order: the mutation id the server expects next.
    expectedMutationId: z.number().optional(),
    // clock_skew: how far ahead the client's clock is.
    skewMs: z.number().optional(),
    // client_too_old: the schema versions the server accepts.
    acceptedSchemaVersions: z.array(z.number()).optional(),
  }),
})
export type SyncError = z.infer<typeof syncErrorSchema>

/** Which organizations' changes a live connection may hear about. */
export const liveHelloSchema = z.object({ type: z.literal('hello'), orgIds: z.array(z.string()) })
