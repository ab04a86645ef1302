/** What every service and route of the sync server is handed: the database, time, configuration and the poke bus. */
import type { FastifyBaseLogger } from 'fastify'
import type { Clock } from './clock'
import type { ServerConfig } from './config'
import type { Db } from './db/open'
import type { PokeBus } from './pokes/bus'
import type { ServerClock } from './sync/server-clock'

export interface ServerContext {
  db: Db
  clock: Clock
  config: ServerConfig
  bus: PokeBus
  /** Stamps the changes the server makes itself (members, organizations). */
  hlc: ServerClock
  log: FastifyBaseLogger
}
