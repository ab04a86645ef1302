/** Configuration: defaults that run with no set-up, and a message naming whatever is wrong. */
import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../../sync-server/config'

describe('sync server configuration', () => {
  it('runs with no variables set, on embedded PGlite', () => {
    const config = loadConfig({})
    expect(config).toMatchObject({
      port: 8787,
      host: '127.0.0.1',
      dataDir: './.data/server',
      databaseUrl: undefined,
      maxBodyBytes: 1024 * 1024,
      sessionTtlDays: 30,
      logLevel: 'info',
      compactAfterDays: 30,
      redisUrl: undefined,
      rateLimitNamespace: 'bc:rate-limit:',
    })
  })

  it('reads every variable it knows', () => {
    const config = loadConfig({
      PORT: '0',
      HOST: '0.0.0.0',
      DATA_DIR: '/var/lib/bc',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test',
      PUBLIC_URL: 'https://sync.example.com/',
      SESSION_TTL_DAYS: '7',
      MAX_BODY_BYTES: '2048',
      LOG_LEVEL: 'warn',
      COMPACT_AFTER_DAYS: '5',
      REDIS_URL: 'rediss://:pw@cache.example.com:6380/2',
      RATE_LIMIT_NAMESPACE: 'acme-prod:limits:',
    })
    expect(config).toMatchObject({
      port: 0,
      host: '0.0.0.0',
      databaseUrl: 'postgres://postgres@127.0.0.1:5432/test',
      publicUrl: 'https://sync.example.com',
      sessionTtlDays: 7,
      maxBodyBytes: 2048,
      logLevel: 'warn',
      compactAfterDays: 5,
      redisUrl: 'rediss://:pw@cache.example.com:6380/2',
      rateLimitNamespace: 'acme-prod:limits:',
    })
  })

  it('names each bad variable and says what it must be', () => {
    const attempt = () => loadConfig({ PORT: 'eighty', LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://x' })
    expect(attempt).toThrow(ConfigError)
    expect(attempt).toThrow(/PORT must be a whole number from 0 to 65535 \(got "eighty"\)/)
    expect(attempt).toThrow(/LOG_LEVEL must be one of fatal, error/)
    expect(attempt).toThrow(/DATABASE_URL must be a PostgreSQL connection string/)
  })

  it('takes only a redis:// or rediss:// address for REDIS_URL, and says so', () => {
    expect(loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379' }).redisUrl).toBe('redis://127.0.0.1:6379')
    for (const bad of ['127.0.0.1:6379', 'http://127.0.0.1:6379', 'redis:/127.0.0.1', 'redis://']) {
      expect(() => loadConfig({ REDIS_URL: bad })).toThrow(
        /REDIS_URL must be a Redis address starting with redis:\/\/ \(or rediss:\/\/ for TLS\)/,
      )
    }
    expect(() => loadConfig({ RATE_LIMIT_NAMESPACE: 'has spaces' })).toThrow(/RATE_LIMIT_NAMESPACE must be up to 100/)
  })

  it("does not echo a connection string's password in the message", () => {
    const attempt = () => loadConfig({ REDIS_URL: 'http://admin:hunter2@cache:6379' })
    expect(attempt).toThrow(/got "http:\/\/admin:\*\*\*@cache:6379"/)
    expect(attempt).not.toThrow(/hunter2/)
  })

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '  ' })).toMatchObject({ port: 8787, databaseUrl: undefined })
  })
})
