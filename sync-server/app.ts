/**
 * Builds the sync server as a Fastify app without listening, so tests run
 * it in-process (app.inject, or listen on 127.0.0.1:0) and main.ts runs it
 * for real. Plugins: helmet, a global rate limit (sign-in has its own strict
 * one; both count in Redis when REDIS_URL is set, see rate-limit-redis.ts),
 * websockets. Every error answers `{error: {code, message}}`.
 */
import helmet from '@fastify/helmet'
import rateLimit from '@fastify/rate-limit'
import websocket from '@fastify/websocket'
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyServerOptions } from 'fastify'
import { systemClock, type Clock } from './clock'
import type { ServerConfig } from './config'
import type { ServerContext } from './context'
import type { Database } from './db/open'
import { HttpError, httpErrorFor } from './errors'
import { closeIfBodyUnread } from './unread-body'
import { closeRateLimitRedis, openRateLimitRedis } from './rate-limit-redis'
import { startHousekeeping } from './housekeeping'
import { InProcessPokeBus, type PokeBus } from './pokes/bus'
import { createServerPublisher, type ServerPublisher, type ServerPublisherOptions } from './publishing/server-publisher'
import type { ServerRoute } from '../src-shared/sync/routes'
import { authRoutes } from './routes/auth'
import { credentialRoutes } from './routes/credentials'
import { healthRoutes } from './routes/health'
import { invitePageRoutes } from './routes/invite-page'
import { leaseRoutes } from './routes/leases'
import { liveRoutes } from './routes/live'
import { mediaRoutes } from './routes/media'
import { orgRoutes } from './routes/orgs'
import { sandboxRoutes } from './routes/sandbox'
import { sandboxPageRoutes } from './routes/sandbox-page'
import { syncRoutes } from './routes/sync'
import { userSyncRoutes } from './routes/user-sync'
import { ServerClock } from './sync/server-clock'

export interface BuildAppOptions {
  config: ServerConfig
  db: Database
  clock?: Clock
  /** Defaults to an in-process bus: enough for one server process. */
  bus?: PokeBus
  /** A logger to use instead of one made from config.logLevel. */
  logger?: FastifyBaseLogger
  /** Hourly compaction and session clean-up; on unless turned off (tests run it by hand). */
  housekeeping?: boolean
  /** How often live sockets are pinged and their sessions checked (30 s). */
  liveHeartbeatMs?: number
  /** The publishing loop for orgs with serverPublishing (publishing/server-publisher.ts); off unless asked. */
  publisher?: boolean | ServerPublisherOptions
}

/** A route the server answers, and the shared table's entry it serves (routes/serve.ts), if any. */
export interface RegisteredRoute {
  method: string
  url: string
  entry: ServerRoute | undefined
}

export interface SyncServerApp extends FastifyInstance {
  /** The services' view of the server, for tests and housekeeping. */
  ctx: ServerContext
  /** Every route registered, so a test can hold them against the shared route table. */
  registeredRoutes: readonly RegisteredRoute[]
  /** The publishing loop, when it was asked for. */
  publisher: ServerPublisher | null
}

export async function buildApp(options: BuildAppOptions): Promise<SyncServerApp> {
  const { config, db } = options
  const clock = options.clock ?? systemClock
  const bus = options.bus ?? new InProcessPokeBus()
  const fastifyOptions: FastifyServerOptions = {
    bodyLimit: config.maxBodyBytes,
    trustProxy: config.trustProxy,
    ...(options.logger ? { loggerInstance: options.logger } : { logger: { level: config.logLevel } }),
  }
  const app = Fastify(fastifyOptions) as unknown as FastifyInstance
  const ctx: ServerContext = { db: db.db, clock, config, bus, hlc: new ServerClock(clock), log: app.log }

  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, request, reply) => {
    const httpError = error instanceof HttpError ? error : httpErrorFor(error, config.maxBodyBytes)
    if (httpError.statusCode >= 500) request.log.error({ err: error }, 'request failed')
    closeIfBodyUnread(request, reply)
    return reply.code(httpError.statusCode).send(httpError.toBody())
  })
  app.setNotFoundHandler((request, reply) => {
    const error = new HttpError(
      'not_found',
      `There is no ${request.method} ${request.url.split('?')[0]} on this server.`,
    )
    return reply.code(error.statusCode).send(error.toBody())
  })

  const registeredRoutes: RegisteredRoute[] = []
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      registeredRoutes.push({ method, url: route.url, entry: route.config?.serverRoute })
    }
  })

  await app.register(helmet)
  const redis = config.redisUrl ? await openRateLimitRedis(config.redisUrl, app.log) : undefined
  if (redis) app.addHook('onClose', async () => closeRateLimitRedis(redis))
  await app.register(rateLimit, {
    // Route limits (sign-in's) take their store from these options too: the same Redis, under the same prefix.
    ...(redis ? { redis, nameSpace: config.rateLimitNamespace, skipOnError: true } : {}),
    // Not the plugin's per-route hook: it would run after serve.ts's onRequest hook, which looks the token up
    // and refuses a wrong one, so requests without a good token were never counted. A hook of the app runs
    // before any route's, so every request is counted first, and 404s too.
    global: false,
    max: config.rateLimitPerMinute,
    timeWindow: 60 * 1000,
    errorResponseBuilder: (_request, context) =>
      new HttpError('rate_limited', `Too many requests from your address; try again in ${context.after}.`),
  })
  const globalLimit = app.rateLimit()
  app.addHook('onRequest', async (request, reply) => {
    // A route with a limit of its own (sign-in) or none (the health check) is left to its own.
    if (request.routeOptions.config?.rateLimit !== undefined) return
    await globalLimit.call(app, request, reply)
  })
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } })

  await app.register(async (scope) => healthRoutes(scope, ctx, db))
  await app.register(async (scope) => invitePageRoutes(scope))
  await app.register(async (scope) => authRoutes(scope, ctx))
  await app.register(async (scope) => orgRoutes(scope, ctx))
  await app.register(async (scope) => syncRoutes(scope, ctx))
  await app.register(async (scope) => userSyncRoutes(scope, ctx))
  await app.register(async (scope) => liveRoutes(scope, ctx, options.liveHeartbeatMs))
  await app.register(async (scope) => leaseRoutes(scope, ctx))
  await app.register(async (scope) => sandboxRoutes(scope, ctx))
  await app.register(async (scope) => sandboxPageRoutes(scope, ctx))
  await app.register(async (scope) => credentialRoutes(scope, ctx))
  await app.register(async (scope) => mediaRoutes(scope, ctx))

  if (options.housekeeping !== false) {
    const stop = startHousekeeping(ctx)
    app.addHook('onClose', async () => stop())
  }

  let publisher: ServerPublisher | null = null
  if (options.publisher) {
    publisher = createServerPublisher(ctx, options.publisher === true ? {} : options.publisher)
    app.addHook('onReady', async () => publisher!.start())
    app.addHook('onClose', async () => {
      publisher!.stop()
      await publisher!.idle()
    })
  }

  return Object.assign(app, { ctx, publisher, registeredRoutes })
}
