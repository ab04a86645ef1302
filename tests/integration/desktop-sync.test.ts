/**
 * Two desktops (real cores on real SQLite files) and the real sync server
 * listening on loopback: attaching a local organization uploads it, an
 * invitation brings a teammate in, and changes flow both ways.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { startTestCore } from '../helpers/core'
import { useLoopbackServer } from '../helpers/loopback'

const sync = useLoopbackServer()

async function device(name: string, email: string) {
  const core = startTestCore()
  sync.cores.push(core)
  await core.ok('createProfile', { name, email })
  await core.ok('connectServer', { serverUrl: sync.url, email, password: 'correct horse battery', mode: 'signup' })
  return core
}

describe('desktop sync with the real server', () => {
  it('uploads a local organization, brings in a teammate by invitation, and syncs both ways', async () => {
    const ana = await device('Ana', 'ana@example.com')
    const org = await ana.ok('createOrganization', { name: 'Acme Coffee', timezone: 'Europe/Paris' })
    await ana.ok('createDraft', { orgId: org.id, caption: 'Written offline before attaching' })
    const attached = await ana.ok('attachOrganization', { orgId: org.id })
    expect(attached.syncMode).toBe('synced')
    expect((await ana.ok('syncNow', { orgId: org.id })).pending).toBe(0)

    const invitation = await ana.ok('createInvitation', { orgId: org.id, role: 'editor' })
    // The page the link opens tells a person what to do with it.
    const page = await fetch(invitation.url)
    expect(await page.text()).toContain(invitation.code)
    const ben = await device('Ben', 'ben@example.com')
    // Pasting the whole link works as well as the code.
    const joined = await ben.ok('joinOrganization', { code: invitation.url })
    expect(joined).toMatchObject({ id: org.id, name: 'Acme Coffee', role: 'editor', syncMode: 'synced' })
    expect((await ben.ok('listPosts', { orgId: org.id })).map((p) => p.caption)).toEqual([
      'Written offline before attaching',
    ])

    await ben.ok('createDraft', { orgId: org.id, caption: 'From Ben' })
    await ben.ok('syncNow', { orgId: org.id })
    await ana.ok('syncNow', { orgId: org.id })
    expect((await ana.ok('listPosts', { orgId: org.id })).map((p) => p.caption).sort()).toEqual([
      'From Ben',
      'Written offline before attaching',
    ])
  })

  it('converges on the last writer per field when two people rename the organization offline', async () => {
    const ana = await device('Ana', 'ana2@example.com')
    const org = await ana.ok('createOrganization', { name: 'Acme' })
    await ana.ok('attachOrganization', { orgId: org.id })
    const invitation = await ana.ok('createInvitation', { orgId: org.id, role: 'admin' })
    const ben = await device('Ben', 'ben2@example.com')
    await ben.ok('joinOrganization', { code: invitation.code })

    await ana.ok('renameOrganization', { orgId: org.id, name: 'Acme Roasters' })
    ben.clock.advance(5_000)
    await ben.ok('renameOrganization', { orgId: org.id, name: 'Acme Coffee Co.' })
    // Ben's edit is later by the clock, so it wins wherever it lands first.
    for (const core of [ben, ana, ben]) expect((await core.ok('syncNow', { orgId: org.id })).state).toBe('idle')
    const names = await Promise.all([ana, ben].map(async (c) => (await c.ok('listOrganizations', {}))[0]!.name))
    expect(names).toEqual(['Acme Coffee Co.', 'Acme Coffee Co.'])
  })

  it('restores the server value and tells the user when a change is refused', async () => {
    const ana = await device('Ana', 'ana3@example.com')
    const org = await ana.ok('createOrganization', { name: 'Acme' })
    await ana.ok('attachOrganization', { orgId: org.id })
    const invitation = await ana.ok('createInvitation', { orgId: org.id, role: 'viewer' })
    const vic = await device('Vic', 'vic@example.com')
    await vic.ok('joinOrganization', { code: invitation.code })
    const events: unknown[] = []
    vic.onEvent((e) => events.push(e))
    // A viewer's app would not offer this; write it directly as a tampered client would.
    const { eq } = await import('drizzle-orm')
    const { organizations } = await import('../../src-main/db/schema/org')
    const { recordChange } = await import('../../src-main/sync/outbox')
    const db = vic.ctx.dbs.org(org.id)
    db.transaction((tx) => {
      tx.update(organizations).set({ name: 'Vic was here' }).where(eq(organizations.id, org.id)).run()
      recordChange(
        tx,
        { userId: null, orgId: org.id },
        vic.clock.now(),
        [{ table: organizations, rowId: org.id, values: { name: 'Vic was here' } }],
        {
          action: 'organization.renamed',
          entityType: 'organization',
          entityId: org.id,
        },
      )
    })
    const status = await vic.ok('syncNow', { orgId: org.id })
    expect(status.message).toBeNull()
    expect(status.pending).toBe(0)
    expect((await vic.ok('listOrganizations', {}))[0]!.name).toBe('Acme')
    expect(events).toContainEqual(expect.objectContaining({ type: 'sync.refused', orgId: org.id }))
  })

  it('keeps both people’s words when they edit the same caption offline', async () => {
    const ana = await device('Ana', 'ana4@example.com')
    const org = await ana.ok('createOrganization', { name: 'Acme' })
    await ana.ok('attachOrganization', { orgId: org.id })
    const draft = await ana.ok('createDraft', { orgId: org.id, caption: 'New blend on Friday.' })
    await ana.ok('syncNow', { orgId: org.id })
    const invitation = await ana.ok('createInvitation', { orgId: org.id, role: 'editor' })
    const ben = await device('Ben', 'ben4@example.com')
    await ben.ok('joinOrganization', { code: invitation.code })

    await ana.ok('updateDraft', { orgId: org.id, postId: draft.id, caption: 'Our new blend on Friday.' })
    await ben.ok('updateDraft', { orgId: org.id, postId: draft.id, caption: 'New blend on Friday. Come early!' })
    for (const core of [ana, ben, ana]) expect((await core.ok('syncNow', { orgId: org.id })).state).toBe('idle')

    const captions = await Promise.all(
      [ana, ben].map(async (c) => (await c.ok('listPosts', { orgId: org.id }))[0]!.caption),
    )
    expect(captions).toEqual(['Our new blend on Friday. Come early!', 'Our new blend on Friday. Come early!'])
    // The server's own copy of the post holds the merged text too.
    const { rows } = (await sync.server.database.db.execute(
      (await import('drizzle-orm')).sql`select caption from posts where id = ${draft.id}`,
    )) as unknown as { rows: { caption: string }[] }
    expect(rows[0]?.caption).toBe('Our new blend on Friday. Come early!')
  })

  it('drops an organization from a removed member’s device on its next sync', async () => {
    const ana = await device('Ana', 'ana5@example.com')
    const org = await ana.ok('createOrganization', { name: 'Acme' })
    await ana.ok('attachOrganization', { orgId: org.id })
    const invitation = await ana.ok('createInvitation', { orgId: org.id, role: 'contributor' })
    const ben = await device('Ben', 'ben5@example.com')
    await ben.ok('joinOrganization', { code: invitation.code })
    const members = await ana.ok('listMembers', { orgId: org.id })
    expect(members.map((m) => [m.name, m.role]).sort()).toEqual([
      ['Ana', 'owner'],
      ['Ben', 'contributor'],
    ])

    const benId = members.find((m) => m.name === 'Ben')!.userId
    const events: unknown[] = []
    ben.onEvent((e) => events.push(e))
    expect((await ana.ok('removeMember', { orgId: org.id, userId: benId })).map((m) => m.name)).toEqual(['Ana'])
    // The live socket's close may have dropped it already; otherwise this round does.
    await ben.sync.idle()
    const error = await ben.fails('syncNow', { orgId: org.id })
    expect(['forbidden', 'not_found']).toContain(error.code)
    expect(await ben.ok('listOrganizations', {})).toEqual([])
    expect(existsSync(join(ben.dataDir, 'orgs', `${org.id}.sqlite`))).toBe(false)
    expect(events).toContainEqual({ type: 'sync.removed', orgId: org.id, name: 'Acme' })
  })

  it('brings a second device of the same person up to date when it signs in', async () => {
    const laptop = await device('Ana', 'ana6@example.com')
    const org = await laptop.ok('createOrganization', { name: 'Acme' })
    await laptop.ok('createDraft', { orgId: org.id, caption: 'From the laptop' })
    await laptop.ok('attachOrganization', { orgId: org.id })

    const desktop = startTestCore()
    sync.cores.push(desktop)
    await desktop.ok('createProfile', { name: 'Ana at the office' })
    await desktop.ok('connectServer', {
      serverUrl: sync.url,
      email: 'ana6@example.com',
      password: 'correct horse battery',
      mode: 'signin',
    })
    const profile = await desktop.ok('getProfile', {})
    expect(profile?.id).toBe((await laptop.ok('getProfile', {}))?.id)
    expect((await desktop.ok('listOrganizations', {})).map((o) => [o.name, o.role])).toEqual([['Acme', 'owner']])
    expect((await desktop.ok('listPosts', { orgId: org.id })).map((p) => p.caption)).toEqual(['From the laptop'])
  })
})
