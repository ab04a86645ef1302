/** The sync server's PostgreSQL schema: accounts, sync bookkeeping (organizations' and people's own), the organizations' and people's data, their media and publishing. */
export * from './accounts'
export * from './credentials'
export * from './entities'
export * from './media'
export * from './publishing'
export * from './sync'
export * from './user-entities'
export * from './user-sync'
