/** The sync server's PostgreSQL schema: accounts, sync bookkeeping, the organizations' data, their media and publishing. */
export * from './accounts'
export * from './credentials'
export * from './entities'
export * from './media'
export * from './publishing'
export * from './sync'
