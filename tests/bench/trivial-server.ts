/**
 * The load benchmark's baseline server (tests/bench/load.ts), run in a child
 * process like the real one: plain Fastify with @fastify/websocket answering
 * the same routes with fixed JSON — push, pull, the live socket's hello —
 * and no database, sessions or rules. What is left is the cost of HTTP,
 * JSON and websockets in Node on this machine.
 * `PORT=… node --import tsx tests/bench/trivial-server.ts`
 */
import websocket from '@fastify/websocket'
import Fastify from 'fastify'

const app = Fastify({ logger: false, bodyLimit: 1024 * 1024 })
await app.register(websocket)

const pushed = JSON.stringify({ results: [{ mutationId: 1, status: 'applied' }], cursor: 1 })
const pulled = JSON.stringify({ kind: 'changes', changes: [], cursor: 1, hasMore: false })

app.get('/healthz', async () => ({ ok: true }))
app.post('/v1/orgs/:orgId/push', async (_request, reply) => reply.type('application/json').send(pushed))
app.get('/v1/orgs/:orgId/pull', async (_request, reply) => reply.type('application/json').send(pulled))
app.get('/v1/live', { websocket: true }, (socket) => socket.send(JSON.stringify({ type: 'hello', orgIds: [] })))

process.once('SIGTERM', () => void app.close().then(() => process.exit(0)))
await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' })
