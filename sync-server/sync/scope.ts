/**
 * What a change log belongs to: an organization (its members' org files) or
 * one person (their devices' account files). Both have the same bookkeeping
 * tables under the same TypeScript names (db/schema/sync.ts and
 * user-sync.ts), so push, pull, merge and compaction take a scope and are
 * written once; only the entity tables and the rules differ.
 */
import { orgEntities, userEntities, type EntityCatalog } from '../db/entity-tables'
import {
  changeLog,
  clientCursors,
  fieldValues,
  orgSync,
  purgedRows,
  userChangeLog,
  userClientCursors,
  userFieldValues,
  userPurgedRows,
  userSync,
} from '../db/schema'

export type ScopeKind = 'org' | 'user'

export interface SyncScope {
  kind: ScopeKind
  /** The org id, or the user id. */
  id: string
}

export const orgScope = (orgId: string): SyncScope => ({ kind: 'org', id: orgId })
export const userScope = (userId: string): SyncScope => ({ kind: 'user', id: userId })

export interface ScopeStorage {
  fieldValues: typeof fieldValues
  changeLog: typeof changeLog
  counters: typeof orgSync
  clientCursors: typeof clientCursors
  purgedRows: typeof purgedRows
  entities: EntityCatalog
  /** Rows compaction never purges, deleted or not: the server's own record of who belongs where. */
  neverPurged: readonly string[]
  /** Whether a client cursor row names the person whose device it is (org scopes; a user scope is its own owner). */
  cursorsHaveOwner: boolean
}

const ORG_STORAGE: ScopeStorage = {
  fieldValues,
  changeLog,
  counters: orgSync,
  clientCursors,
  purgedRows,
  entities: orgEntities,
  neverPurged: ['memberships', 'organizations'],
  cursorsHaveOwner: true,
}

// The user tables have the org tables' columns under the same names and types, keyed by user_id instead of
// org_id, so queries built on them read and write the same way; the casts say only that.
const USER_STORAGE: ScopeStorage = {
  fieldValues: userFieldValues as unknown as typeof fieldValues,
  changeLog: userChangeLog as unknown as typeof changeLog,
  counters: userSync as unknown as typeof orgSync,
  clientCursors: userClientCursors as unknown as typeof clientCursors,
  purgedRows: userPurgedRows as unknown as typeof purgedRows,
  entities: userEntities,
  neverPurged: ['users'],
  cursorsHaveOwner: false,
}

export const storageOf = (scope: SyncScope): ScopeStorage => (scope.kind === 'org' ? ORG_STORAGE : USER_STORAGE)

/** How the scope is named in messages: "organization" or "person". */
export const scopeNoun = (scope: SyncScope): string => (scope.kind === 'org' ? 'organization' : 'person')
