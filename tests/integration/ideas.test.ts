/**
 * Ideas through the real dispatch on real SQLite: added, edited, deleted and turned into a draft post in one
 * mutation; a contributor changes only their own. Then two desktops and the real sync server on loopback: a
 * contributor's idea reaches the owner with no approval, and the server refuses a contributor's push that
 * edits someone else's idea, with the values to restore.
 */
import { describe, expect, it } from 'vitest'
import { startOnboardedCore, startTestCore, type TestCore } from '../helpers/core'
import { useLoopbackServer } from '../helpers/loopback'
import { FakeDevice } from '../helpers/sync-device'

const count = (core: TestCore, orgId: string, table: string) =>
  (core.ctx.dbs.org(orgId).$client.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n
const setRole = (core: TestCore, orgId: string, role: string) =>
  core.ctx.dbs.org(orgId).$client.prepare('UPDATE memberships SET role = ?').run(role)

describe('ideas on one device', () => {
  it('adds, edits and deletes ideas, each one synced mutation with its audit row', async () => {
    const { core, org } = await startOnboardedCore()
    try {
      const outbox = count(core, org.id, 'outbox')
      const idea = await core.ok('createIdea', { orgId: org.id, text: 'Latte art video', tags: ['video'] })
      expect(idea).toMatchObject({ text: 'Latte art video', tags: ['video'], mediaUrls: [], postId: null })
      const edited = await core.ok('updateIdea', { orgId: org.id, ideaId: idea.id, text: 'Latte art reel' })
      expect(edited).toMatchObject({ text: 'Latte art reel', tags: ['video'] })
      const other = await core.ok('createIdea', { orgId: org.id, text: 'Meet the roaster' })
      expect((await core.ok('listIdeas', { orgId: org.id })).map((i) => i.text)).toEqual([
        'Meet the roaster',
        'Latte art reel',
      ])
      await core.ok('deleteIdea', { orgId: org.id, ideaId: other.id })
      expect((await core.ok('listIdeas', { orgId: org.id })).map((i) => i.id)).toEqual([idea.id])
      expect(count(core, org.id, 'outbox') - outbox).toBe(4)
      const actions = core.ctx.dbs
        .org(org.id)
        .$client.prepare("SELECT action FROM audit_logs WHERE entity_type = 'idea' ORDER BY timestamp, rowid")
        .all()
      expect(actions).toEqual([
        { action: 'idea.created' },
        { action: 'idea.edited' },
        { action: 'idea.created' },
        { action: 'idea.deleted' },
      ])
      const empty = await core.fails('createIdea', { orgId: org.id, text: '   ' })
      expect(empty.message).toBe('Write the idea or attach an image first.')
    } finally {
      core.dispose()
    }
  })

  it('turns an idea into a draft with its words, media and tags in one mutation, taking it off the board', async () => {
    const { core, org } = await startOnboardedCore()
    try {
      const media = [{ url: `media:${'b'.repeat(64)}.png`, type: 'image' as const, fileName: 'latte.png' }]
      const idea = await core.ok('createIdea', { orgId: org.id, text: 'Latte art', tags: ['video'], mediaUrls: media })
      const outbox = count(core, org.id, 'outbox')
      const { idea: used, post } = await core.ok('turnIdeaIntoPost', { orgId: org.id, ideaId: idea.id })
      expect(post).toMatchObject({ caption: 'Latte art', tags: ['video'], mediaUrls: media, status: 'draft' })
      expect(used.postId).toBe(post.id)
      expect(count(core, org.id, 'outbox') - outbox).toBe(1)
      const [entry] = core.ctx.dbs
        .org(org.id)
        .$client.prepare('SELECT ops FROM outbox ORDER BY mutation_id DESC LIMIT 1')
        .all() as { ops: string }[]
      const tables = new Set((JSON.parse(entry!.ops) as { table: string }[]).map((op) => op.table))
      expect([...tables].sort()).toEqual(['audit_logs', 'ideas', 'posts'])
      expect(await core.ok('listIdeas', { orgId: org.id })).toEqual([])
      expect((await core.ok('listPosts', { orgId: org.id, status: 'draft' })).map((p) => p.id)).toEqual([post.id])
      const again = await core.fails('turnIdeaIntoPost', { orgId: org.id, ideaId: idea.id })
      expect(again.message).toBe('This idea is a post already; open it from Drafts.')
    } finally {
      core.dispose()
    }
  })

  it('lets a contributor add ideas but change only their own; a refusal writes nothing', async () => {
    const { core, org } = await startOnboardedCore()
    try {
      const theirs = await core.ok('createIdea', { orgId: org.id, text: 'A teammate’s idea' })
      core.ctx.dbs
        .org(org.id)
        .$client.prepare('UPDATE ideas SET created_by = ? WHERE id = ?')
        .run('teammate', theirs.id)
      setRole(core, org.id, 'contributor')
      const own = await core.ok('createIdea', { orgId: org.id, text: 'Mine' })
      await core.ok('updateIdea', { orgId: org.id, ideaId: own.id, text: 'Mine, better' })
      const before = { outbox: count(core, org.id, 'outbox'), posts: count(core, org.id, 'posts') }
      const refusal = 'A contributor changes only the ideas they wrote; ask an editor, admin or owner.'
      for (const [method, input] of [
        ['updateIdea', { orgId: org.id, ideaId: theirs.id, text: 'Mine now' }],
        ['deleteIdea', { orgId: org.id, ideaId: theirs.id }],
        ['turnIdeaIntoPost', { orgId: org.id, ideaId: theirs.id }],
      ] as const) {
        const error = await core.fails(method, input)
        expect([error.code, error.message]).toEqual(['forbidden', refusal])
      }
      expect({ outbox: count(core, org.id, 'outbox'), posts: count(core, org.id, 'posts') }).toEqual(before)
      const { post } = await core.ok('turnIdeaIntoPost', { orgId: org.id, ideaId: own.id })
      expect(post.caption).toBe('Mine, better')
      setRole(core, org.id, 'viewer')
      expect((await core.fails('createIdea', { orgId: org.id, text: 'Looking only' })).code).toBe('forbidden')
    } finally {
      core.dispose()
    }
  })
})

describe('ideas synced through the real server', () => {
  const sync = useLoopbackServer()

  async function device(name: string, email: string) {
    const core = startTestCore()
    sync.cores.push(core)
    await core.ok('createProfile', { name, email })
    await core.ok('connectServer', { serverUrl: sync.url, email, password: 'correct horse battery', mode: 'signup' })
    return core
  }

  it('carries a contributor’s idea to the owner, and refuses their push editing the owner’s idea', async () => {
    const ana = await device('Ana', 'ana-ideas@example.com')
    const org = await ana.ok('createOrganization', { name: 'Acme Coffee', timezone: 'Europe/Paris' })
    await ana.ok('attachOrganization', { orgId: org.id })
    const anaIdea = await ana.ok('createIdea', { orgId: org.id, text: 'Ana’s idea' })
    expect((await ana.ok('syncNow', { orgId: org.id })).pending).toBe(0)
    const invitation = await ana.ok('createInvitation', { orgId: org.id, role: 'contributor' })
    const ben = await device('Ben', 'ben-ideas@example.com')
    await ben.ok('joinOrganization', { code: invitation.code })

    const benIdea = await ben.ok('createIdea', { orgId: org.id, text: 'Ben’s idea', tags: ['team'] })
    expect((await ben.ok('syncNow', { orgId: org.id })).pending).toBe(0)
    await ana.ok('syncNow', { orgId: org.id })
    expect((await ana.ok('listIdeas', { orgId: org.id })).map((i) => [i.text, i.createdBy])).toEqual([
      ['Ben’s idea', benIdea.createdBy],
      ['Ana’s idea', anaIdea.createdBy],
    ])

    // Ben's app refuses before writing; a client that sends it anyway is refused by the server.
    expect((await ben.fails('updateIdea', { orgId: org.id, ideaId: anaIdea.id, text: 'Ben’s now' })).code).toBe(
      'forbidden',
    )
    const rogue = new FakeDevice(sync.server, ben.ctx.sync.currentSession!.token, org.id)
    const answer = await rogue.push([
      rogue.mutation([{ table: 'ideas', rowId: anaIdea.id, field: 'text', value: 'Ben’s now' }]),
    ])
    expect(answer.status).toBe(200)
    expect(answer.body.results[0]).toMatchObject({
      status: 'refused',
      reason: 'A contributor changes only the ideas they wrote; ask an editor, admin or owner.',
      restore: [{ table: 'ideas', rowId: anaIdea.id, field: 'text', value: 'Ana’s idea' }],
    })
    // The owner edits anyone's idea, and Ben sees it.
    await ana.ok('updateIdea', { orgId: org.id, ideaId: benIdea.id, text: 'Ben’s idea, polished' })
    await ana.ok('syncNow', { orgId: org.id })
    await ben.ok('syncNow', { orgId: org.id })
    expect((await ben.ok('listIdeas', { orgId: org.id })).map((i) => i.text)).toContain('Ben’s idea, polished')
  })
})
