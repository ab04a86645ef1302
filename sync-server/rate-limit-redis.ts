/**
 * The Redis the rate limits count in when REDIS_URL is set. Without it each
 * process keeps its own counters, so behind a load balancer with n processes
 * every limit is n times looser; with it, every process adds to the same
 * counters (keys under RATE_LIMIT_NAMESPACE, each expiring with its window).
 *
 * When Redis does not answer, requests are let through uncounted (the
 * plugin's skipOnError): an outage of the counters must not become an outage
 * of sync and sign-in for everyone. The price is that limits, sign-in's
 * included, are not enforced until Redis is back; a warning says so once
 * per outage.
 */
import type { FastifyBaseLogger } from 'fastify'
import { Redis } from 'ioredis'

/** How long connecting may take, and how long start waits for the first connection. */
const CONNECT_TIMEOUT_MS = 1000

export async function openRateLimitRedis(url: string, log: FastifyBaseLogger): Promise<Redis> {
  // The plugin's advice: fail a command at once rather than queue it while Redis is away, so a request
  // waits at most one retry for its count and is never held by an outage.
  const redis = new Redis(url, {
    connectionName: 'buffer-clone-rate-limits',
    connectTimeout: CONNECT_TIMEOUT_MS,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
  })
  let down = false
  redis.on('error', (error: Error) => {
    if (down) return
    down = true
    log.warn({ err: error }, 'rate limits: Redis does not answer; requests are let through uncounted until it does')
  })
  redis.on('ready', () => {
    if (!down) return
    down = false
    log.info('rate limits: Redis answers again')
  })
  // Start waits for the first connection, so the first requests are counted; if Redis is down, the
  // server still starts (the warning above says what that means) and ioredis keeps reconnecting.
  await new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer)
      redis.off('ready', done)
      redis.off('error', done)
      resolve()
    }
    const timer = setTimeout(done, 2 * CONNECT_TIMEOUT_MS)
    redis.once('ready', done)
    redis.once('error', done)
  })
  return redis
}

export async function closeRateLimitRedis(redis: Redis): Promise<void> {
  // quit() sends QUIT, which fails while disconnected; disconnect() also stops reconnecting.
  await redis.quit().catch(() => redis.disconnect())
}
