/**
 * A stand-in for a desktop's sync client: it stamps ops with its own hybrid
 * logical clock and numbers its mutations exactly as src-main/sync/outbox.ts
 * writes outbox entries, and pushes and pulls over the real HTTP routes: an
 * organization's, or (FakeDevice.ownData) the person's own.
 */
import { v7 as uuidv7 } from 'uuid'
import { editText, fromBase64, isCollabValue, textOf, toBase64 } from '../../src-shared/sync/collab-text'
import { encodeHlc, tickHlc, type Hlc } from '../../src-shared/sync/hlc'
import type { ClientMutation, SyncOp } from '../../src-shared/sync/ops'
import { PROTOCOL_VERSION, SCHEMA_VERSION } from '../../src-shared/sync/protocol'
import type { Answer, TestServer } from './sync-server'

export type OpInput = Omit<SyncOp, 'hlc'>

export class FakeDevice {
  readonly clientId = uuidv7()
  private clock: Hlc | null = null
  private lastMutationId = 0

  constructor(
    private readonly server: TestServer,
    public token: string,
    public orgId: string,
    /** How far this device's clock is from the server's. */
    public offsetMs = 0,
  ) {}

  /** A device syncing its person's own data (account.sqlite) through /v1/me. */
  static ownData(server: TestServer, token: string): FakeDevice {
    return new FakeDevice(server, token, '')
  }

  private get base(): string {
    return this.orgId ? `/v1/orgs/${this.orgId}` : '/v1/me'
  }

  /** The next outbox entry: one clock for all its ops, the next mutation id. */
  mutation(ops: OpInput[]): ClientMutation {
    this.clock = tickHlc(this.clock, this.server.clock.now().getTime() + this.offsetMs, this.clientId)
    const hlc = encodeHlc(this.clock)
    this.lastMutationId += 1
    return {
      clientId: this.clientId,
      mutationId: this.lastMutationId,
      schemaVersion: SCHEMA_VERSION,
      ops: ops.map((op) => ({ ...op, hlc })),
    }
  }

  push(mutations: ClientMutation[]): Promise<Answer> {
    return this.server.call('POST', `${this.base}/push`, {
      token: this.token,
      body: { protocolVersion: PROTOCOL_VERSION, mutations },
    })
  }

  pull(since: number, limit?: number): Promise<Answer> {
    const query = `since=${since}${limit ? `&limit=${limit}` : ''}`
    return this.server.call('GET', `${this.base}/pull?${query}`, { token: this.token })
  }

  /** Takes a job's publish lease under this device's client id, as src-main/scheduler/server-leases.ts does. */
  takeLease(jobId: string, ttlMs = 5 * 60_000): Promise<Answer> {
    return this.server.call('POST', `${this.base}/leases`, {
      token: this.token,
      body: { jobId, holder: this.clientId, ttlMs },
    })
  }
}

/** The ops a desktop writes when a post is scheduled directly: its status and time, and its pending job. */
export function scheduleOps(orgId: string, postId: string, runAt: string, jobId = uuidv7()): OpInput[] {
  const job: Record<string, unknown> = {
    id: jobId,
    org_id: orgId,
    post_id: postId,
    run_at: runAt,
    retry_count: 0,
    status: 'pending',
    last_error: null,
  }
  return [
    { table: 'posts', rowId: postId, field: 'status', value: 'scheduled' },
    { table: 'posts', rowId: postId, field: 'scheduled_at', value: runAt },
    ...Object.entries(job).map(([field, value]) => ({ table: 'schedule_jobs', rowId: jobId, field, value })),
  ]
}

/** A caption as the desktop sends it: a Yjs update that types the whole text into an empty document. */
export const captionValue = (text: string) => ({ yjs: toBase64(editText(null, text).update) })

/** The text a caption op's Yjs update carries. */
export const captionText = (value: unknown): string =>
  isCollabValue(value) ? textOf(fromBase64(value.yjs)) : String(value)

/** The ops a desktop writes for a new draft post, with its audit row, as recordChange does. */
export function draftPostOps(orgId: string, userId: string, caption: string, postId = uuidv7()): OpInput[] {
  const now = '2026-03-01T09:00:00.000Z'
  const auditId = uuidv7()
  const post: Record<string, unknown> = {
    id: postId,
    org_id: orgId,
    social_account_id: null,
    caption: captionValue(caption),
    media_urls: [],
    status: 'draft',
    scheduled_at: null,
    created_by: userId,
    tags: ['launch'],
    approval_data: {},
    created_at: now,
    updated_at: now,
  }
  const audit: Record<string, unknown> = {
    id: auditId,
    org_id: orgId,
    user_id: userId,
    action: 'post.created',
    entity_type: 'post',
    entity_id: postId,
    timestamp: now,
    meta: {},
  }
  return [
    ...Object.entries(post).map(([field, value]) => ({ table: 'posts', rowId: postId, field, value })),
    ...Object.entries(audit).map(([field, value]) => ({ table: 'audit_logs', rowId: auditId, field, value })),
  ]
}
