/** The sync server's PostgreSQL schema: accounts, sync bookkeeping, the organizations' data and publishing. */
export * from './accounts'
export * from './entities'
export * from './publishing'
export * from './sync'
