/** The sync server's PostgreSQL schema: accounts, sync bookkeeping and the organizations' data. */
export * from './accounts'
export * from './entities'
export * from './sync'
