/**
 * The sync server's configuration, read from the environment once at start
 * and validated: a bad value stops the server with a message that names the
 * variable and says what it must be, instead of failing later and obscurely.
 */
import { z } from 'zod'

export interface ServerConfig {
  port: number
  host: string
  /** Where embedded PGlite keeps its files when no DATABASE_URL is given. */
  dataDir: string
  /** PostgreSQL connection string; when set, PGlite is not used. */
  databaseUrl: string | undefined
  /** The address people reach this server at, for invitation links. */
  publicUrl: string | undefined
  sessionTtlDays: number
  maxBodyBytes: number
  logLevel: LogLevel
  /** Change-log entries older than this are compacted away. */
  compactAfterDays: number
  /** Sign-in attempts allowed per IP address and email in SIGNIN_WINDOW_MINUTES. */
  signinMaxAttempts: number
  signinWindowMinutes: number
  /** Requests per minute per IP address across the whole API. */
  rateLimitPerMinute: number
  /**
   * Where the rate limits count (redis:// or rediss://). Unset: each process counts alone, which behind a
   * load balancer multiplies every limit by the number of processes.
   */
  redisUrl: string | undefined
  /** The prefix of this deployment's rate-limit keys in Redis, so deployments sharing one Redis count apart. */
  rateLimitNamespace: string
  /** Behind a load balancer: take the client's address from X-Forwarded-For. */
  trustProxy: boolean
  /** Run the publishing loop for organizations that turn serverPublishing on. */
  serverPublishing: boolean
  /**
   * The key that seals channel credentials at rest (32 bytes). Unset: a key file in DATA_DIR, made on first use
   * (embedded PGlite only; with DATABASE_URL this must be set, the same in every process).
   */
  serverSecretKey: Buffer | undefined
  /** Where invitation emails go out (smtp:// or smtps://, user and password inside). Unset: no email; the link is shown to copy. */
  smtpUrl: string | undefined
  /** The sender of invitation emails, such as "Acme desk <desk@example.com>". */
  mailFrom: string
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const
export type LogLevel = (typeof LOG_LEVELS)[number]

const whole = (min: number, max: number) => z.coerce.number().int().min(min).max(max)

/** Each variable with its rule and, in words, what it must be. */
const VARIABLES = {
  PORT: { schema: whole(0, 65535).default(8787), must: 'a whole number from 0 to 65535' },
  HOST: { schema: z.string().min(1).default('127.0.0.1'), must: 'a host name or IP address to listen on' },
  DATA_DIR: { schema: z.string().min(1).default('./.data/server'), must: 'a folder path' },
  DATABASE_URL: {
    schema: z
      .string()
      .regex(/^postgres(ql)?:\/\//)
      .optional(),
    must: 'a PostgreSQL connection string starting with postgres:// or postgresql://',
  },
  PUBLIC_URL: {
    schema: z
      .url({ protocol: /^https?$/ })
      .transform((url) => url.replace(/\/+$/, ''))
      .optional(),
    must: 'an http:// or https:// address',
  },
  SESSION_TTL_DAYS: { schema: whole(1, 365).default(30), must: 'a whole number of days from 1 to 365' },
  MAX_BODY_BYTES: {
    schema: whole(1024, 100 * 1024 * 1024).default(1024 * 1024),
    must: 'a whole number of bytes from 1024 to 104857600',
  },
  LOG_LEVEL: { schema: z.enum(LOG_LEVELS).default('info'), must: `one of ${LOG_LEVELS.join(', ')}` },
  COMPACT_AFTER_DAYS: { schema: whole(1, 3650).default(30), must: 'a whole number of days from 1 to 3650' },
  SIGNIN_MAX_ATTEMPTS: { schema: whole(1, 1000).default(10), must: 'a whole number from 1 to 1000' },
  SIGNIN_WINDOW_MINUTES: { schema: whole(1, 1440).default(15), must: 'a whole number of minutes from 1 to 1440' },
  RATE_LIMIT_PER_MINUTE: { schema: whole(1, 1_000_000).default(1200), must: 'a whole number from 1 to 1000000' },
  REDIS_URL: {
    schema: z
      .url({ protocol: /^rediss?$/ })
      .regex(/^rediss?:\/\/[^/]/)
      .optional(),
    must: 'a Redis address starting with redis:// (or rediss:// for TLS), such as redis://127.0.0.1:6379',
  },
  RATE_LIMIT_NAMESPACE: {
    schema: z
      .string()
      .regex(/^[A-Za-z0-9:._-]{1,100}$/)
      .default('bc:rate-limit:'),
    must: 'up to 100 letters, digits and : . _ - (the prefix of the rate-limit keys in Redis)',
  },
  TRUST_PROXY: {
    schema: z
      .enum(['true', 'false'])
      .default('false')
      .transform((value) => value === 'true'),
    must: 'true or false',
  },
  SERVER_PUBLISHING: {
    schema: z
      .enum(['true', 'false'])
      .default('true')
      .transform((value) => value === 'true'),
    must: 'true or false',
  },
  SERVER_SECRET_KEY: {
    schema: z
      .string()
      .regex(/^[A-Za-z0-9+/_-]+={0,2}$/)
      .transform((value) => Buffer.from(value, 'base64'))
      .refine((key) => key.length === 32)
      .optional(),
    must: '32 random bytes in base64 (make one with: openssl rand -base64 32)',
    // Never echoed back: a wrong key may still be someone's real one.
    secret: true,
  },
  SMTP_URL: {
    schema: z.url({ protocol: /^smtps?$/ }).optional(),
    must: 'an SMTP address such as smtp://user:password@mail.example.com:587 (or smtps:// for TLS)',
  },
  MAIL_FROM: {
    schema: z.string().min(3).max(200).default('buffer-clone <no-reply@localhost>'),
    must: 'a sender such as "Acme desk <desk@example.com>"',
  },
} as const

type Variable = keyof typeof VARIABLES

export class ConfigError extends Error {
  override name = 'ConfigError'
}

/** A connection string's password is not echoed back in an error message (it would end up in logs). */
const withoutPassword = (raw: string | undefined) => raw?.replace(/\/\/([^/@:]*):[^/@]*@/, '//$1:***@')

/** Reads and checks the configuration; throws a ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): ServerConfig {
  const problems: string[] = []
  const read = <V extends Variable>(name: V): z.output<(typeof VARIABLES)[V]['schema']> => {
    const raw = env[name]?.trim() || undefined
    const result = VARIABLES[name].schema.safeParse(raw)
    if (result.success) return result.data as z.output<(typeof VARIABLES)[V]['schema']>
    const got = 'secret' in VARIABLES[name] ? `a value of ${raw?.length ?? 0} characters` : `"${withoutPassword(raw)}"`
    problems.push(`${name} must be ${VARIABLES[name].must} (got ${got}).`)
    return undefined as never
  }
  const config: ServerConfig = {
    port: read('PORT'),
    host: read('HOST'),
    dataDir: read('DATA_DIR'),
    databaseUrl: read('DATABASE_URL'),
    publicUrl: read('PUBLIC_URL'),
    sessionTtlDays: read('SESSION_TTL_DAYS'),
    maxBodyBytes: read('MAX_BODY_BYTES'),
    logLevel: read('LOG_LEVEL'),
    compactAfterDays: read('COMPACT_AFTER_DAYS'),
    signinMaxAttempts: read('SIGNIN_MAX_ATTEMPTS'),
    signinWindowMinutes: read('SIGNIN_WINDOW_MINUTES'),
    rateLimitPerMinute: read('RATE_LIMIT_PER_MINUTE'),
    redisUrl: read('REDIS_URL'),
    rateLimitNamespace: read('RATE_LIMIT_NAMESPACE'),
    trustProxy: read('TRUST_PROXY'),
    serverPublishing: read('SERVER_PUBLISHING'),
    serverSecretKey: read('SERVER_SECRET_KEY'),
    smtpUrl: read('SMTP_URL'),
    mailFrom: read('MAIL_FROM'),
  }
  if (problems.length > 0) throw new ConfigError(`Invalid sync server configuration: ${problems.join(' ')}`)
  return config
}
