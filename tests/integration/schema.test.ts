/**
 * The local databases hold the whole seed data model: every seed table with
 * every seed column, split between account.sqlite and the org files as
 * ARCHITECTURE says, opened with WAL, foreign keys and a busy timeout.
 */
import Database from 'better-sqlite3'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { startOnboardedCore, type TestCore } from '../helpers/core'

const ACCOUNT_TABLES = ['users', 'subscriptions', 'start_pages', 'start_page_links', 'onboarding_draft_state']
const ORG_TABLES = [
  'organizations',
  'memberships',
  'integrations',
  'social_accounts',
  'comments',
  'replies',
  'saved_replies',
  'audit_logs',
  'posts',
  'post_approvals',
  'schedule_jobs',
  'analytics',
]

/** Reads `TABLE { type column ... }` blocks out of the seed's mermaid diagram. */
function seedTables(): Map<string, string[]> {
  const text = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'seed-schema.md'), 'utf8')
  const tables = new Map<string, string[]>()
  for (const match of text.matchAll(/^\s*([A-Z_]+)\s*\{([^}]*)\}/gm)) {
    const columns = match[2]!
      .split('\n')
      .map((line) => line.trim().split(/\s+/)[1])
      .filter((c): c is string => Boolean(c))
    tables.set(match[1]!.toLowerCase(), columns)
  }
  return tables
}

const columnsOf = (sqlite: Database.Database, table: string) =>
  (sqlite.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name)

let core: TestCore
afterEach(() => core?.dispose())

describe('local data model', () => {
  it('has every seed table with every seed column, in the file the architecture assigns it to', async () => {
    ;({ core } = await startOnboardedCore())
    const [orgId] = core.ctx.dbs.listOrgIds()
    const account = new Database(join(core.dataDir, 'account.sqlite'), { readonly: true })
    const org = new Database(join(core.dataDir, 'orgs', `${orgId}.sqlite`), { readonly: true })
    const seed = seedTables()
    expect(seed.size).toBe(17)
    // The onboarding table is named ONBOARDING_DRAFT_STATE in the seed.
    expect([...seed.keys()].sort()).toEqual([...ACCOUNT_TABLES, ...ORG_TABLES].sort())
    for (const [table, columns] of seed) {
      const db = ACCOUNT_TABLES.includes(table) ? account : org
      expect(columnsOf(db, table), `${table} columns`).toEqual(expect.arrayContaining(columns))
      // Every table carries a tombstone for sync.
      expect(columnsOf(db, table), `${table} tombstone`).toContain('deleted_at')
    }
    account.close()
    org.close()
  })

  it('opens databases in WAL mode with foreign keys and a busy timeout', async () => {
    ;({ core } = await startOnboardedCore())
    const [orgId] = core.ctx.dbs.listOrgIds()
    for (const db of [core.ctx.dbs.account, core.ctx.dbs.org(orgId!)]) {
      expect(db.$client.pragma('journal_mode', { simple: true })).toBe('wal')
      expect(db.$client.pragma('foreign_keys', { simple: true })).toBe(1)
      expect(db.$client.pragma('busy_timeout', { simple: true })).toBe(5000)
    }
  })

  it('indexes what the modules query by', async () => {
    ;({ core } = await startOnboardedCore())
    const [orgId] = core.ctx.dbs.listOrgIds()
    const sqlite = core.ctx.dbs.org(orgId!).$client
    const plan = (query: string) =>
      (sqlite.prepare(`EXPLAIN QUERY PLAN ${query}`).all() as { detail: string }[]).map((r) => r.detail).join(' | ')
    expect(plan(`SELECT * FROM posts WHERE org_id = 'o' AND status = 'scheduled' AND scheduled_at < 'z'`)).toMatch(
      /USING INDEX posts_org_status_scheduled_idx/,
    )
    expect(plan(`SELECT * FROM comments WHERE org_id = 'o' AND status = 'open' ORDER BY timestamp`)).toMatch(
      /USING INDEX comments_org_status_time_idx/,
    )
    expect(plan(`SELECT * FROM schedule_jobs WHERE status = 'pending' AND run_at <= 'z'`)).toMatch(
      /USING INDEX schedule_jobs_status_run_at_idx/,
    )
    expect(
      plan(`SELECT * FROM analytics WHERE org_id = 'o' AND platform = 'sandbox' AND date >= '2026-01-01'`),
    ).toMatch(/USING INDEX analytics_org_platform_date_idx/)
  })

  it('enforces foreign keys: a post cannot point at a channel that does not exist', async () => {
    ;({ core } = await startOnboardedCore())
    const [orgId] = core.ctx.dbs.listOrgIds()
    const sqlite = core.ctx.dbs.org(orgId!).$client
    expect(() =>
      sqlite
        .prepare(
          `INSERT INTO posts (id, org_id, social_account_id, created_by, created_at, updated_at) VALUES ('p', ?, 'nope', 'u', 'now', 'now')`,
        )
        .run(orgId),
    ).toThrow(/FOREIGN KEY/)
  })

  it('reopens an existing data folder without re-running migrations', async () => {
    const first = await startOnboardedCore()
    const dataDir = first.core.dataDir
    first.core.close()
    const { startTestCore } = await import('../helpers/core')
    core = startTestCore(dataDir)
    const orgs = await core.ok('listOrganizations', {})
    expect(orgs.map((o) => o.name)).toEqual(['Acme Coffee'])
  })
})
