/**
 * When a device that was used offline signs in to an existing account, its
 * local profile id gives way to the account's id everywhere it appears —
 * rows, clocks and queued mutations — so the team sees one person, not two.
 * Ids are UUIDv7 strings, unique enough that replacing the exact value is
 * safe in any text column. The replica's own state (sync_state) keeps its
 * words: it says whose change log the file last synced with, which is how
 * the next round knows it is another's (sync/own-data.ts).
 */
import type Database from 'better-sqlite3'

function textColumns(sqlite: Database.Database): { table: string; column: string }[] {
  const tables = sqlite
    .prepare(
      `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%'
       AND name <> 'sync_state'`,
    )
    .all() as { name: string }[]
  return tables.flatMap(({ name }) =>
    (sqlite.prepare(`PRAGMA table_info("${name}")`).all() as { name: string; type: string }[])
      .filter((c) => c.type.toUpperCase() === 'TEXT')
      .map((c) => ({ table: name, column: c.name })),
  )
}

export function adoptUserId(sqlite: Database.Database, from: string, to: string): void {
  sqlite.transaction(() => {
    // Parent and child ids change in the same transaction; check references at commit.
    sqlite.pragma('defer_foreign_keys = ON')
    for (const { table, column } of textColumns(sqlite)) {
      sqlite.prepare(`UPDATE "${table}" SET "${column}" = ? WHERE "${column}" = ?`).run(to, from)
      // JSON text (outbox ops, approval data) may hold the id inside.
      sqlite
        .prepare(`UPDATE "${table}" SET "${column}" = replace("${column}", ?, ?) WHERE instr("${column}", ?) > 0`)
        .run(from, to, from)
    }
  })()
}

/**
 * The same device adopting an existing account: its local profile (name,
 * email, preferences, made before signing in) yields to the account's,
 * which the first own-data round pulls. Queued profile ops leave the outbox
 * (a mutation left with none goes; own-data.ts renumbers what remains for
 * the account's log) and the profile's field clocks go, so every pulled
 * value wins over the local one. The device's other queued work stays.
 */
export function yieldProfileToAccount(account: Database.Database): void {
  account.transaction(() => {
    const rows = account.prepare<[], { mutation_id: number; ops: string }>('SELECT mutation_id, ops FROM outbox').all()
    const update = account.prepare('UPDATE outbox SET ops = ? WHERE mutation_id = ?')
    const remove = account.prepare('DELETE FROM outbox WHERE mutation_id = ?')
    for (const row of rows) {
      const ops = JSON.parse(row.ops) as { table: string }[]
      const kept = ops.filter((op) => op.table !== 'users')
      if (kept.length === ops.length) continue
      if (kept.length === 0) remove.run(row.mutation_id)
      else update.run(JSON.stringify(kept), row.mutation_id)
    }
    account.prepare(`DELETE FROM field_clocks WHERE table_name = 'users'`).run()
  })()
}
