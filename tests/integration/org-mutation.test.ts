/**
 * The org mutation wrapper on a real org file: a rule's change is one
 * transaction with its clocks, one outbox entry and one audit row, then the
 * announcements; a role that may not, or a rule that fails halfway, leaves
 * nothing written and tells no one.
 */
import { eq, sql } from 'drizzle-orm'
import { afterEach, describe, expect, it } from 'vitest'
import { AppError } from '../../src-shared/api/errors'
import type { AppEvent } from '../../src-shared/api/events'
import { auditLogs, organizations } from '../../src-main/db/schema/org'
import { mutateOrg, type OrgMutation } from '../../src-main/services/org-mutation'
import { startOnboardedCore, type TestCore } from '../helpers/core'

let core: TestCore
afterEach(() => core.dispose())

async function setUp() {
  const started = await startOnboardedCore()
  core = started.core
  const events: AppEvent[] = []
  const scheduled: string[] = []
  core.onEvent((event) => events.push(event))
  core.ctx.publishing = { scheduleChanged: (orgId) => scheduled.push(orgId) }
  const db = core.ctx.dbs.org(started.org.id)
  const count = (table: string) => (db.$client.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n
  const nameOf = () => db.select().from(organizations).where(eq(organizations.id, started.org.id)).get()!.name
  return { ...started, events, scheduled, db, count, nameOf }
}

const renaming: OrgMutation = { changed: ['organizations', 'schedule'] }

describe('an org mutation', () => {
  it('writes the row, its clocks, one outbox entry and one audit row, then tells windows and the loop', async () => {
    const { org, profile, events, scheduled, db, count, nameOf } = await setUp()
    const before = { outbox: count('outbox'), audit: count('audit_logs') }
    const answer = mutateOrg(core.ctx, org.id, renaming, ({ org, userId, tx, record }) => {
      tx.update(organizations).set({ name: 'Acme Roasters' }).where(eq(organizations.id, org.id)).run()
      record([{ table: organizations, rowId: org.id, values: { name: 'Acme Roasters' } }], {
        action: 'organization.renamed',
        entityType: 'organization',
        entityId: org.id,
      })
      // Nothing is announced before the transaction commits.
      expect(events).toEqual([])
      return userId
    })
    expect(answer).toBe(profile.id)
    expect(nameOf()).toBe('Acme Roasters')
    expect(count('outbox')).toBe(before.outbox + 1)
    expect(count('audit_logs')).toBe(before.audit + 1)
    const audit = db.select().from(auditLogs).where(eq(auditLogs.action, 'organization.renamed')).get()!
    expect(audit).toMatchObject({ orgId: org.id, userId: profile.id, entityId: org.id })
    const clock = db.$client
      .prepare("SELECT hlc FROM field_clocks WHERE table_name = 'organizations' AND row_id = ? AND field = 'name'")
      .get(org.id)
    expect(clock).toBeDefined()
    expect(events).toEqual([{ type: 'organizations.changed' }])
    expect(scheduled).toEqual([org.id])
  })

  it('refuses a role that may not, and writes nothing', async () => {
    const { org, events, count, nameOf } = await setUp()
    const before = count('outbox')
    const onlyAdmins: OrgMutation = {
      allow: (o) => {
        throw new AppError('forbidden', `Only an admin can change "${o.name}".`)
      },
      changed: ['organizations'],
    }
    let ran = false
    expect(() => mutateOrg(core.ctx, org.id, onlyAdmins, () => (ran = true))).toThrow('Only an admin can change')
    expect(ran).toBe(false)
    expect(count('outbox')).toBe(before)
    expect(nameOf()).toBe('Acme Coffee')
    expect(events).toEqual([])
  })

  it('writes nothing and tells no one when the rule fails halfway', async () => {
    const { org, events, scheduled, count, nameOf } = await setUp()
    const before = { outbox: count('outbox'), audit: count('audit_logs') }
    expect(() =>
      mutateOrg(core.ctx, org.id, renaming, ({ tx, record }) => {
        tx.update(organizations).set({ name: 'Half done' }).where(eq(organizations.id, org.id)).run()
        record([{ table: organizations, rowId: org.id, values: { name: 'Half done' } }], {
          action: 'organization.renamed',
          entityType: 'organization',
          entityId: org.id,
        })
        throw new AppError('conflict', 'Someone changed it meanwhile.')
      }),
    ).toThrow('Someone changed it meanwhile.')
    expect(nameOf()).toBe('Acme Coffee')
    expect({ outbox: count('outbox'), audit: count('audit_logs') }).toEqual(before)
    expect(events).toEqual([])
    expect(scheduled).toEqual([])
  })

  it('records and tells nothing when the rule changed nothing', async () => {
    const { org, events, count } = await setUp()
    const before = count('outbox')
    const answer = mutateOrg(core.ctx, org.id, renaming, ({ tx, record }) => {
      record([], { action: 'organization.renamed', entityType: 'organization', entityId: org.id })
      return tx.get<{ n: number }>(sql`SELECT 1 AS n`).n
    })
    expect(answer).toBe(1)
    expect(count('outbox')).toBe(before)
    expect(events).toEqual([])
  })

  it('says so when the organization is not one the person belongs to', async () => {
    const { events } = await setUp()
    expect(() => mutateOrg(core.ctx, '0190a3c2-8000-7000-9000-00000000dead', renaming, () => 1)).toThrow(
      /no organization with id/,
    )
    expect(events).toEqual([])
  })
})
