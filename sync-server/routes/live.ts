/**
 * GET /v1/live: a websocket that tells a signed-in person's device when one
 * of their organizations has changed: `{type: 'poke', orgId, seq}`, or their
 * own data (profile, Start Pages, subscription): `{type: 'poke', userId,
 * seq}`, which only their own sockets hear. The device then pulls. On connect it gets `{type: 'hello', orgIds}`, the
 * organizations it will hear about. Membership is checked again on every
 * poke: someone who joined starts hearing about the org, someone removed
 * has the socket closed with code 4403 (reason `not_a_member:<orgId>`), and
 * reconnects to hear about the organizations they still belong to. When the
 * session ends (sign-out, password change, expiry) the socket is closed with
 * 4401 within a heartbeat (30 s).
 *
 * Authenticated with `Authorization: Bearer <token>` on the upgrade request.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { WebSocket } from 'ws'
import type { Poke } from '../../src-shared/sync/protocol'
import type { ServerContext } from '../context'
import type { ScopePoke } from '../pokes/bus'
import { memberIds, orgsOf } from '../services/memberships'
import { authenticate, liveSessions, type Auth } from '../services/sessions'

export const NOT_A_MEMBER_CLOSE_CODE = 4403
/** The session behind the socket ended (signed out, password changed, expired): sign in again. */
export const SESSION_ENDED_CLOSE_CODE = 4401
export const HEARTBEAT_MS = 30_000

interface LiveClient {
  socket: WebSocket
  userId: string
  tokenHash: string
  orgIds: Set<string>
  alive: boolean
}

export async function liveRoutes(app: FastifyInstance, ctx: ServerContext, heartbeatMs = HEARTBEAT_MS) {
  const clients = new Set<LiveClient>()
  const authOf = new WeakMap<FastifyRequest, Auth>()

  const deliver = async (poke: ScopePoke) => {
    if (clients.size === 0) return
    if (poke.scope === 'user') return deliverToPerson(poke.id, poke.seq)
    const { id: orgId, seq } = poke
    const members = await memberIds(ctx.db, orgId)
    const message = JSON.stringify({ type: 'poke', orgId, seq } satisfies Poke)
    for (const client of clients) {
      if (members.has(client.userId)) {
        client.orgIds.add(orgId)
        client.socket.send(message)
      } else if (client.orgIds.has(orgId)) {
        client.orgIds.delete(orgId)
        client.socket.close(NOT_A_MEMBER_CLOSE_CODE, `not_a_member:${orgId}`)
      }
    }
  }
  const deliverToPerson = (userId: string, seq: number) => {
    const message = JSON.stringify({ type: 'poke', userId, seq } satisfies Poke)
    for (const client of clients) if (client.userId === userId) client.socket.send(message)
  }
  const unsubscribe = ctx.bus.subscribe((poke) => {
    deliver(poke).catch((error: unknown) => ctx.log.warn({ err: error, ...poke }, 'could not deliver a poke'))
  })

  // Sockets that stop answering pings (a laptop that slept, a dropped network) are let go, and so are
  // sockets whose session has ended since they opened.
  const heartbeat = setInterval(() => {
    for (const client of clients) {
      if (!client.alive) {
        client.socket.terminate()
        continue
      }
      client.alive = false
      client.socket.ping()
    }
    closeEndedSessions().catch((error: unknown) => ctx.log.warn({ err: error }, 'live socket: session check failed'))
  }, heartbeatMs).unref()

  const closeEndedSessions = async () => {
    if (clients.size === 0) return
    const live = await liveSessions(ctx.db, [...new Set([...clients].map((c) => c.tokenHash))], ctx.clock.now())
    for (const client of clients) {
      if (!live.has(client.tokenHash)) client.socket.close(SESSION_ENDED_CLOSE_CODE, 'session_ended')
    }
  }
  app.addHook('onClose', async () => {
    unsubscribe()
    clearInterval(heartbeat)
  })

  app.get(
    '/v1/live',
    {
      websocket: true,
      preValidation: async (request) => {
        authOf.set(request, await authenticate(ctx, request.headers.authorization))
      },
    },
    (socket, request) => {
      const auth = authOf.get(request)!
      const client: LiveClient = {
        socket,
        userId: auth.userId,
        tokenHash: auth.tokenHash,
        orgIds: new Set(),
        alive: true,
      }
      clients.add(client)
      socket.on('pong', () => (client.alive = true))
      socket.on('close', () => clients.delete(client))
      // Clients say nothing on this socket; whatever they send is ignored.
      socket.on('message', () => {})
      orgsOf(ctx.db, auth.userId)
        .then((orgs) => {
          for (const org of orgs) client.orgIds.add(org.id)
          socket.send(JSON.stringify({ type: 'hello', orgIds: [...client.orgIds] }))
        })
        .catch((error: unknown) => {
          ctx.log.error({ err: error }, 'live socket: could not read the organizations')
          socket.close(1011, 'server error')
        })
    },
  )
}
