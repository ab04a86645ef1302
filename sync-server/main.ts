/**
 * `npm run server`: reads the configuration, opens the database (PGlite in
 * DATA_DIR, or PostgreSQL with DATABASE_URL, then LISTEN/NOTIFY carries pokes
 * between processes), listens, and shuts down cleanly on SIGINT or SIGTERM.
 * Logs are JSON lines; the first one after start says where it listens.
 */
import { buildApp } from './app'
import { ConfigError, loadConfig, type ServerConfig } from './config'
import { openDatabase } from './db/open'
import { InProcessPokeBus, type PokeBus } from './pokes/bus'
import { PgNotifyPokeBus } from './pokes/pg-notify-bus'

function readConfig(): ServerConfig {
  try {
    return loadConfig()
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`)
      process.exit(1)
    }
    throw error
  }
}

async function main() {
  const config = readConfig()
  const database = await openDatabase(config)
  const bus: PokeBus = config.databaseUrl ? await PgNotifyPokeBus.connect(config.databaseUrl) : new InProcessPokeBus()
  const app = await buildApp({ config, db: database, bus, publisher: config.serverPublishing })

  let closing = false
  const shutdown = async (signal: string) => {
    if (closing) {
      app.log.warn(`${signal} again: exiting without waiting`)
      process.exit(1)
    }
    closing = true
    app.log.info({ signal }, 'shutting down')
    try {
      await app.close()
      await bus.close()
      await database.close()
      process.exit(0)
    } catch (error) {
      app.log.error({ err: error }, 'shutdown failed')
      process.exit(1)
    }
  }
  process.once('SIGINT', () => void shutdown('SIGINT'))
  process.once('SIGTERM', () => void shutdown('SIGTERM'))

  const address = await app.listen({ port: config.port, host: config.host })
  const rateLimits = config.redisUrl ? 'redis' : 'this process'
  app.log.info({ url: address, database: database.kind, rateLimits }, 'sync server listening')
}

main().catch((error: unknown) => {
  process.stderr.write(`The sync server could not start: ${error instanceof Error ? error.stack : String(error)}\n`)
  process.exit(1)
})
