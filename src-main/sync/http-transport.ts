/**
 * The sync server's HTTP API as the desktop calls it: every answer is
 * validated with the shared schemas, and every failure becomes a
 * SyncRequestError whose message a person can act on.
 */
import { z } from 'zod'
import type { Role } from '../../src-shared/entities/enums'
import type { ClientMutation } from '../../src-shared/sync/ops'
import {
  PROTOCOL_VERSION,
  pullResponseSchema,
  pushResponseSchema,
  syncErrorSchema,
  type PullResponse,
  type PushResponse,
} from '../../src-shared/sync/protocol'
import {
  createdInvitationSchema,
  meResponseSchema,
  membersResponseSchema,
  orgResponseSchema,
  sessionResponseSchema,
  type CreateInvitationRequest,
  type CreateOrgRequest,
  type SigninRequest,
  type SignupRequest,
} from '../../src-shared/sync/server-api'
import { SyncRequestError, type SyncTransport } from './transport'

const TIMEOUT_MS = 20_000

export class SyncServerClient implements SyncTransport {
  constructor(
    readonly baseUrl: string,
    private readonly token: string | null = null,
  ) {}

  withToken(token: string): SyncServerClient {
    return new SyncServerClient(this.baseUrl, token)
  }

  private async request<S extends z.ZodType>(
    method: string,
    path: string,
    schema: S,
    body?: unknown,
  ): Promise<z.output<S>> {
    const url = new URL(path, this.baseUrl)
    let res: Response
    try {
      res = await fetch(url, {
        method,
        headers: {
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      })
    } catch {
      throw new SyncRequestError(
        'network',
        `Cannot reach the sync server at ${this.baseUrl}. Keep working: changes are kept on this device and sync when it is back.`,
      )
    }
    const text = await res.text()
    let json: unknown
    try {
      json = text ? JSON.parse(text) : {}
    } catch {
      throw new SyncRequestError(
        'server_error',
        `The sync server at ${this.baseUrl} answered something that is not JSON (HTTP ${res.status}). Is the address right?`,
        { status: res.status },
      )
    }
    if (!res.ok) {
      const parsed = syncErrorSchema.safeParse(json)
      if (parsed.success) {
        const { code, message, ...details } = parsed.data.error
        throw new SyncRequestError(code, message, { ...details, status: res.status })
      }
      throw new SyncRequestError(
        'server_error',
        `The sync server failed (HTTP ${res.status}). Try again in a moment.`,
        { status: res.status },
      )
    }
    const parsed = schema.safeParse(json)
    if (!parsed.success) {
      throw new SyncRequestError(
        'server_error',
        `The sync server's answer to ${path} is not what this app version understands; update the app or the server.`,
      )
    }
    return parsed.data
  }

  signup(body: SignupRequest) {
    return this.request('POST', '/v1/auth/signup', sessionResponseSchema, body)
  }
  signin(body: SigninRequest) {
    return this.request('POST', '/v1/auth/signin', sessionResponseSchema, body)
  }
  me() {
    return this.request('GET', '/v1/me', meResponseSchema)
  }
  createOrg(body: CreateOrgRequest) {
    return this.request('POST', '/v1/orgs', orgResponseSchema, body)
  }
  members(orgId: string) {
    return this.request('GET', `/v1/orgs/${encodeURIComponent(orgId)}/members`, membersResponseSchema)
  }
  changeRole(orgId: string, userId: string, role: Role) {
    return this.request(
      'PATCH',
      `/v1/orgs/${encodeURIComponent(orgId)}/members/${encodeURIComponent(userId)}`,
      z.unknown(),
      { role },
    )
  }
  removeMember(orgId: string, userId: string) {
    return this.request(
      'DELETE',
      `/v1/orgs/${encodeURIComponent(orgId)}/members/${encodeURIComponent(userId)}`,
      z.unknown(),
    )
  }
  createInvitation(orgId: string, body: CreateInvitationRequest) {
    return this.request('POST', `/v1/orgs/${encodeURIComponent(orgId)}/invitations`, createdInvitationSchema, body)
  }
  acceptInvitation(code: string) {
    return this.request('POST', '/v1/invitations/accept', orgResponseSchema, { code })
  }

  push(orgId: string, mutations: ClientMutation[]): Promise<PushResponse> {
    return this.request('POST', `/v1/orgs/${encodeURIComponent(orgId)}/push`, pushResponseSchema, {
      protocolVersion: PROTOCOL_VERSION,
      mutations,
    })
  }

  pull(orgId: string, since: number, limit?: number): Promise<PullResponse> {
    const query = new URLSearchParams({ since: String(since), ...(limit ? { limit: String(limit) } : {}) })
    return this.request('GET', `/v1/orgs/${encodeURIComponent(orgId)}/pull?${query}`, pullResponseSchema)
  }

  pushOwnData(mutations: ClientMutation[]): Promise<PushResponse> {
    return this.request('POST', '/v1/me/push', pushResponseSchema, { protocolVersion: PROTOCOL_VERSION, mutations })
  }

  pullOwnData(since: number, limit?: number): Promise<PullResponse> {
    const query = new URLSearchParams({ since: String(since), ...(limit ? { limit: String(limit) } : {}) })
    return this.request('GET', `/v1/me/pull?${query}`, pullResponseSchema)
  }
}
