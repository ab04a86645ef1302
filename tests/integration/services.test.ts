/**
 * The services through the same `dispatch` every host uses, on real SQLite
 * files: what they write, what they refuse, and that a refusal writes nothing.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { memberships } from '../../src-main/db/schema/org'
import { startOnboardedCore, startTestCore, type TestCore } from '../helpers/core'

let core: TestCore
afterEach(() => core?.dispose())

const count = (core: TestCore, orgId: string | null, table: string): number => {
  const db = orgId ? core.ctx.dbs.org(orgId) : core.ctx.dbs.account
  return (db.$client.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n
}

describe('first run', () => {
  it('starts with no profile, then creates one and a first organization with its owner', async () => {
    core = startTestCore()
    expect(await core.ok('getProfile', {})).toBeNull()
    const profile = await core.ok('createProfile', { name: '  Ana Ruiz ', email: null })
    expect(profile.name).toBe('Ana Ruiz')
    const org = await core.ok('createOrganization', { name: 'Acme Coffee', timezone: 'America/New_York' })
    expect(org).toMatchObject({ name: 'Acme Coffee', role: 'owner', ownerId: profile.id, syncMode: 'local' })
    expect(existsSync(join(core.dataDir, 'orgs', `${org.id}.sqlite`))).toBe(true)
    expect((await core.ok('getProfile', {}))?.preferences.activeOrgId).toBe(org.id)
  })

  it('refuses a second profile on the same device', async () => {
    ;({ core } = await startOnboardedCore())
    const error = await core.fails('createProfile', { name: 'Someone else' })
    expect(error.code).toBe('conflict')
    expect(count(core, null, 'users')).toBe(1)
  })

  it('asks for a profile before an organization can be made', async () => {
    core = startTestCore()
    const error = await core.fails('createOrganization', { name: 'Acme' })
    expect(error).toMatchObject({ code: 'conflict', message: expect.stringMatching(/profile/) })
    expect(core.ctx.dbs.listOrgIds()).toEqual([])
  })
})

describe('bad input', () => {
  it('names the field that is wrong and writes nothing', async () => {
    core = startTestCore()
    const error = await core.fails('createProfile', { name: '', email: 'not-an-email' })
    expect(error.code).toBe('invalid_input')
    expect(error.issues?.map((i) => i.path).sort()).toEqual(['email', 'name'])
    expect(error.message).toMatch(/name/)
    expect(count(core, null, 'users')).toBe(0)
    expect(count(core, null, 'audit_logs')).toBe(0)
  })

  it('refuses unknown fields, unknown methods and time zones that do not exist', async () => {
    ;({ core } = await startOnboardedCore())
    expect((await core.fails('createOrganization', { name: 'X', admin: true })).code).toBe('invalid_input')
    expect((await core.fails('dropEverything', {})).code).toBe('not_found')
    const zone = await core.fails('createOrganization', { name: 'X', timezone: 'Mars/Olympus_Mons' })
    expect(zone.issues).toEqual([{ path: 'timezone', message: expect.stringMatching(/IANA/) }])
    expect(core.ctx.dbs.listOrgIds()).toHaveLength(1)
  })

  it('never turns an organization id into a path outside the data folder', async () => {
    ;({ core } = await startOnboardedCore())
    for (const orgId of ['../account', '../../etc/passwd', 'x'.repeat(40)]) {
      expect((await core.fails('listPosts', { orgId })).code).toBe('not_found')
    }
  })
})

describe('writes', () => {
  it('writes the row, its audit entry and its outbox mutation together, with mutation ids rising by one', async () => {
    let org
    ;({ core, org } = await startOnboardedCore())
    await core.ok('createDraft', { orgId: org.id, caption: 'Hello', tags: ['launch'] })
    core.clock.advance(1000)
    await core.ok('renameOrganization', { orgId: org.id, name: 'Acme Roasters' })

    const db = core.ctx.dbs.org(org.id).$client
    const audit = db.prepare('SELECT action FROM audit_logs ORDER BY timestamp').all() as { action: string }[]
    expect(audit.map((a) => a.action)).toEqual(['organization.created', 'post.drafted', 'organization.renamed'])
    const outbox = db.prepare('SELECT mutation_id, ops FROM outbox ORDER BY mutation_id').all() as {
      mutation_id: number
      ops: string
    }[]
    expect(outbox.map((m) => m.mutation_id)).toEqual([1, 2, 3])
    const renameOps = JSON.parse(outbox[2]!.ops) as { table: string; field: string; value: unknown; hlc: string }[]
    expect(renameOps).toContainEqual(
      expect.objectContaining({ table: 'organizations', field: 'name', value: 'Acme Roasters' }),
    )
    // The clock of the renamed field moved forward; the others kept theirs.
    const clocks = db
      .prepare(`SELECT field, hlc FROM field_clocks WHERE table_name = 'organizations' AND row_id = ?`)
      .all(org.id) as { field: string; hlc: string }[]
    const byField = Object.fromEntries(clocks.map((c) => [c.field, c.hlc]))
    expect(byField.name! > byField.owner_id!).toBe(true)
  })

  it('rolls the whole change back when any part of it fails', async () => {
    let org
    ;({ core, org } = await startOnboardedCore())
    const db = core.ctx.dbs.org(org.id)
    const before = {
      posts: count(core, org.id, 'posts'),
      audit: count(core, org.id, 'audit_logs'),
      outbox: count(core, org.id, 'outbox'),
    }
    // Break the audit table so the service fails after inserting the post.
    db.$client.exec(
      `CREATE TRIGGER no_audit BEFORE INSERT ON audit_logs BEGIN SELECT RAISE(ABORT, 'audit is down'); END`,
    )
    const error = await core.fails('createDraft', { orgId: org.id, caption: 'Lost?' })
    expect(error.code).toBe('internal')
    expect(error.message).toMatch(/nothing was changed/)
    expect(String(core.logged[0])).toMatch(/audit is down/)
    expect({
      posts: count(core, org.id, 'posts'),
      audit: count(core, org.id, 'audit_logs'),
      outbox: count(core, org.id, 'outbox'),
    }).toEqual(before)
  })

  it('lists drafts newest first and the activity of the organization', async () => {
    let org
    ;({ core, org } = await startOnboardedCore())
    await core.ok('createDraft', { orgId: org.id, caption: 'First' })
    core.clock.advance(60_000)
    await core.ok('createDraft', { orgId: org.id, caption: 'Second' })
    const drafts = await core.ok('listPosts', { orgId: org.id, status: 'draft' })
    expect(drafts.map((p) => p.caption)).toEqual(['Second', 'First'])
    expect(await core.ok('listPosts', { orgId: org.id, status: 'published' })).toEqual([])
    const activity = await core.ok('listAuditLog', { orgId: org.id, limit: 2 })
    expect(activity.map((a) => a.action)).toEqual(['post.drafted', 'post.drafted'])
  })
})

describe('roles', () => {
  it('lets a viewer read but not draft, rename or delete', async () => {
    let org, profile
    ;({ core, org, profile } = await startOnboardedCore())
    const { eq } = await import('drizzle-orm')
    core.ctx.dbs.org(org.id).update(memberships).set({ role: 'viewer' }).where(eq(memberships.userId, profile.id)).run()
    expect(await core.ok('listPosts', { orgId: org.id })).toEqual([])
    expect((await core.fails('createDraft', { orgId: org.id, caption: 'x' })).code).toBe('forbidden')
    expect((await core.fails('renameOrganization', { orgId: org.id, name: 'Mine now' })).code).toBe('forbidden')
    expect((await core.fails('deleteOrganization', { orgId: org.id })).code).toBe('forbidden')
    expect(count(core, org.id, 'posts')).toBe(0)
  })
})

describe('organizations', () => {
  it('switches the active organization and deletes one with its file', async () => {
    let org
    ;({ core, org } = await startOnboardedCore())
    const second = await core.ok('createOrganization', { name: 'Beta Bikes' })
    expect((await core.ok('listOrganizations', {})).map((o) => o.name)).toEqual(['Acme Coffee', 'Beta Bikes'])
    await core.ok('setActiveOrganization', { orgId: org.id })
    expect((await core.ok('getProfile', {}))?.preferences.activeOrgId).toBe(org.id)

    await core.ok('deleteOrganization', { orgId: org.id })
    expect(existsSync(join(core.dataDir, 'orgs', `${org.id}.sqlite`))).toBe(false)
    expect((await core.ok('getProfile', {}))?.preferences.activeOrgId).toBe(second.id)
    expect((await core.fails('setActiveOrganization', { orgId: org.id })).code).toBe('not_found')
  })

  it('tells open windows when something changed', async () => {
    core = startTestCore()
    const events: string[] = []
    core.onEvent((e) => events.push(e.type))
    await core.ok('createProfile', { name: 'Ana' })
    const org = await core.ok('createOrganization', { name: 'Acme' })
    await core.ok('createDraft', { orgId: org.id, caption: 'hi' })
    expect(events).toEqual(expect.arrayContaining(['profile.changed', 'organizations.changed', 'posts.changed']))
  })
})
