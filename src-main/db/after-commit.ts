/**
 * "Tell me once this transaction has committed", which better-sqlite3 has
 * no hook for. Code deep inside a transaction (the outbox, recording a
 * change) cannot know whether its caller's transaction will commit or roll
 * back, so it only flags the transaction it runs in (`flagForCommit`);
 * `announceCommits` wraps a database's `transaction` so that, once a flagged
 * transaction has committed, its listener runs. A transaction that throws
 * rolls back, and its flag goes with it. better-sqlite3 transactions are
 * synchronous, so the innermost open one is always the one being written.
 */
import type Database from 'better-sqlite3'

interface Scope {
  client: Database.Database
  flagged: boolean
}

const open: Scope[] = []

/** Flags the transaction running now (if it was opened through an announcing database). */
export function flagForCommit(): void {
  const scope = open.at(-1)
  if (scope) scope.flagged = true
}

interface Transactional {
  $client: Database.Database
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Drizzle's generic signature, passed through untouched
  transaction: (...args: any[]) => any
}

/** Makes `db.transaction` call `onCommitted` after each transaction that was flagged commits. */
export function announceCommits(db: Transactional, onCommitted: () => void): void {
  const transaction = db.transaction.bind(db)
  db.transaction = (...args) => {
    const scope: Scope = { client: db.$client, flagged: false }
    open.push(scope)
    let result: unknown
    try {
      result = transaction(...args)
    } finally {
      open.splice(open.lastIndexOf(scope), 1)
    }
    if (!scope.flagged) return result
    // Nested in an outer transaction of the same file (a savepoint): the outer one decides.
    const outer = db.$client.inTransaction ? open.findLast((s) => s.client === db.$client) : undefined
    if (outer) outer.flagged = true
    else if (!db.$client.inTransaction) onCommitted()
    return result
  }
}
