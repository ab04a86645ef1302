/** Organizations, members and invitations on the real server in-process on PGlite. */
import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { v7 as uuidv7 } from 'uuid'
import { changeLog, fieldValues } from '../../sync-server/db/schema'
import { meResponseSchema, membersResponseSchema } from '../../src-shared/sync/server-api'
import { DAY_MS, startTestServer, type TestServer } from '../helpers/sync-server'

let server: TestServer
beforeAll(async () => {
  server = await startTestServer()
})
afterAll(() => server?.close())

async function orgWithOwner() {
  const owner = await server.signup('Olga')
  const orgId = uuidv7()
  const membershipId = uuidv7()
  const created = await server.call('POST', '/v1/orgs', {
    token: owner.token,
    body: { id: orgId, name: 'Acme Coffee', timezone: 'Europe/Paris', membershipId },
  })
  expect(created.status).toBe(201)
  return { owner, orgId, membershipId }
}

async function invite(token: string, orgId: string, role: string, expiresInDays?: number) {
  const answer = await server.call('POST', `/v1/orgs/${orgId}/invitations`, {
    token,
    body: { role, expiresInDays },
  })
  return answer
}

async function join(orgId: string, ownerToken: string, role: string, name = 'Bo') {
  const person = await server.signup(name)
  const invitation = await invite(ownerToken, orgId, role)
  expect(invitation.status).toBe(201)
  const accepted = await server.call('POST', '/v1/invitations/accept', {
    token: person.token,
    body: { code: invitation.body.code },
  })
  expect(accepted.status).toBe(200)
  return person
}

describe('organizations', () => {
  it('attaches an organization under the desktop’s ids with the caller as owner, and again idempotently', async () => {
    const { owner, orgId, membershipId } = await orgWithOwner()
    const me = meResponseSchema.parse((await server.call('GET', '/v1/me', { token: owner.token })).body)
    expect(me.orgs).toEqual([
      { id: orgId, name: 'Acme Coffee', timezone: 'Europe/Paris', ownerId: owner.user.id, role: 'owner', membershipId },
    ])

    const again = await server.call('POST', '/v1/orgs', {
      token: owner.token,
      body: { id: orgId, name: 'Acme Coffee', timezone: 'Europe/Paris', membershipId },
    })
    expect(again.status).toBe(200)
    expect(again.body.org.id).toBe(orgId)

    const someoneElse = await server.signup('Mallory')
    const taken = await server.call('POST', '/v1/orgs', {
      token: someoneElse.token,
      body: { id: orgId, name: 'Mine now', timezone: 'UTC' },
    })
    expect(taken.status).toBe(409)
    expect(taken.body.error).toMatchObject({ code: 'conflict', field: 'id' })
  })

  it('writes the organization and owner membership as ops with a server clock, so desktops can pull them', async () => {
    const { orgId, membershipId, owner } = await orgWithOwner()
    const fields = await server.database.db
      .select()
      .from(fieldValues)
      .where(and(eq(fieldValues.scopeId, orgId), eq(fieldValues.tableName, 'memberships')))
    const byField = Object.fromEntries(fields.map((f) => [f.field, f.value]))
    expect(byField).toMatchObject({ id: membershipId, org_id: orgId, user_id: owner.user.id, role: 'owner' })
    expect(fields.every((f) => /:server-[0-9a-f]+$/.test(f.hlc))).toBe(true)

    const log = await server.database.db.select().from(changeLog).where(eq(changeLog.scopeId, orgId))
    expect(log).toHaveLength(1)
    expect(log[0]!.seq).toBe(1)
    expect(new Set(log[0]!.ops.map((op) => op.table))).toEqual(new Set(['organizations', 'memberships', 'audit_logs']))
  })

  it('rejects an invalid time zone naming the field', async () => {
    const owner = await server.signup('Olga')
    const answer = await server.call('POST', '/v1/orgs', {
      token: owner.token,
      body: { id: uuidv7(), name: 'Acme', timezone: 'Mars/Olympus' },
    })
    expect(answer.status).toBe(400)
    expect(answer.body.error).toMatchObject({ code: 'invalid_request', field: 'timezone' })
  })
})

describe('invitations', () => {
  it('lets an invited person join with the invited role, once', async () => {
    const { owner, orgId } = await orgWithOwner()
    const invitation = await invite(owner.token, orgId, 'editor')
    expect(invitation.status).toBe(201)
    expect(invitation.body).toMatchObject({ role: 'editor', url: expect.stringMatching(/\/invite\/[\w-]{43}$/) })

    const bo = await server.signup('Bo')
    const accepted = await server.call('POST', '/v1/invitations/accept', {
      token: bo.token,
      body: { code: invitation.body.code },
    })
    expect(accepted.status).toBe(200)
    expect(accepted.body.org).toMatchObject({ id: orgId, role: 'editor' })

    const members = membersResponseSchema.parse(
      (await server.call('GET', `/v1/orgs/${orgId}/members`, { token: bo.token })).body,
    ).members
    expect(members.map((m) => [m.name, m.role])).toEqual([
      ['Olga', 'owner'],
      ['Bo', 'editor'],
    ])

    const cy = await server.signup('Cy')
    const reused = await server.call('POST', '/v1/invitations/accept', {
      token: cy.token,
      body: { code: invitation.body.code },
    })
    expect(reused.status).toBe(404)
    expect(reused.body.error.message).toMatch(/already been used/)
  })

  it('refuses expired, revoked and made-up codes', async () => {
    const { owner, orgId } = await orgWithOwner()
    const bo = await server.signup('Bo')
    const shortLived = await invite(owner.token, orgId, 'viewer', 1)
    const revoked = await invite(owner.token, orgId, 'viewer')
    const listed = await server.call('GET', `/v1/orgs/${orgId}/invitations`, { token: owner.token })
    expect(listed.body.invitations).toHaveLength(2)
    expect(listed.body.invitations[0]).not.toHaveProperty('code')
    const revokeAnswer = await server.call('DELETE', `/v1/orgs/${orgId}/invitations/${revoked.body.id}`, {
      token: owner.token,
    })
    expect(revokeAnswer.status).toBe(204)
    server.clock.advance(2 * DAY_MS)

    for (const [code, reason] of [
      [shortLived.body.code, /expired/],
      [revoked.body.code, /withdrawn/],
      ['made-up-code', /not valid/],
    ] as const) {
      const answer = await server.call('POST', '/v1/invitations/accept', { token: bo.token, body: { code } })
      expect(answer.status).toBe(404)
      expect(answer.body.error.message).toMatch(reason)
    }
  })

  it('lets only owners and admins invite, and only owners invite owners', async () => {
    const { owner, orgId } = await orgWithOwner()
    const editor = await join(orgId, owner.token, 'editor', 'Ed')
    const admin = await join(orgId, owner.token, 'admin', 'Ada')

    const byEditor = await invite(editor.token, orgId, 'viewer')
    expect(byEditor.status).toBe(403)
    expect(byEditor.body.error.code).toBe('forbidden')
    expect((await invite(admin.token, orgId, 'viewer')).status).toBe(201)
    expect((await invite(admin.token, orgId, 'owner')).status).toBe(403)

    const outsider = await server.signup('Mallory')
    const byOutsider = await invite(outsider.token, orgId, 'viewer')
    expect(byOutsider.status).toBe(403)
    expect(byOutsider.body.error.code).toBe('not_a_member')
  })
})

describe('members', () => {
  it('changes roles, keeping at least one owner', async () => {
    const { owner, orgId } = await orgWithOwner()
    const bo = await join(orgId, owner.token, 'contributor')
    const promoted = await server.call('PATCH', `/v1/orgs/${orgId}/members/${bo.user.id}`, {
      token: owner.token,
      body: { role: 'editor' },
    })
    expect(promoted.status).toBe(200)
    expect(promoted.body.member).toMatchObject({ userId: bo.user.id, role: 'editor' })

    const lastOwner = await server.call('PATCH', `/v1/orgs/${orgId}/members/${owner.user.id}`, {
      token: owner.token,
      body: { role: 'admin' },
    })
    expect(lastOwner.status).toBe(409)
    expect(lastOwner.body.error.message).toMatch(/last owner/)

    const byEditor = await server.call('PATCH', `/v1/orgs/${orgId}/members/${owner.user.id}`, {
      token: bo.token,
      body: { role: 'viewer' },
    })
    expect(byEditor.status).toBe(403)
  })

  it('removes a member, who loses access at once; the last owner cannot be removed', async () => {
    const { owner, orgId } = await orgWithOwner()
    const bo = await join(orgId, owner.token, 'editor')
    expect((await server.call('GET', `/v1/orgs/${orgId}/members`, { token: bo.token })).status).toBe(200)

    const removed = await server.call('DELETE', `/v1/orgs/${orgId}/members/${bo.user.id}`, { token: owner.token })
    expect(removed.status).toBe(204)
    const after = await server.call('GET', `/v1/orgs/${orgId}/members`, { token: bo.token })
    expect(after.status).toBe(403)
    expect(after.body.error.code).toBe('not_a_member')
    expect((await server.call('GET', '/v1/me', { token: bo.token })).body.orgs).toEqual([])

    // The owner's desktop learns of it by pulling: the membership row is tombstoned.
    const pulled = await server.call('GET', `/v1/orgs/${orgId}/pull?since=0`, { token: owner.token })
    const ops: { table: string; field: string; value: unknown }[] = pulled.body.changes.flatMap(
      (c: { ops: unknown[] }) => c.ops,
    )
    const tombstone = ops.findLast((op) => op.table === 'memberships' && op.field === 'deleted_at')
    expect(tombstone?.value).toEqual(expect.any(String))

    const self = await server.call('DELETE', `/v1/orgs/${orgId}/members/${owner.user.id}`, { token: owner.token })
    expect(self.status).toBe(409)
    expect(self.body.error.message).toMatch(/last owner/)
  })

  it('lets someone who was removed come back by a new invitation, under the same membership row', async () => {
    const { owner, orgId } = await orgWithOwner()
    const bo = await join(orgId, owner.token, 'editor')
    const first = (await server.call('GET', '/v1/me', { token: bo.token })).body.orgs[0].membershipId
    await server.call('DELETE', `/v1/orgs/${orgId}/members/${bo.user.id}`, { token: owner.token })
    const again = await invite(owner.token, orgId, 'viewer')
    await server.call('POST', '/v1/invitations/accept', { token: bo.token, body: { code: again.body.code } })
    const orgs = (await server.call('GET', '/v1/me', { token: bo.token })).body.orgs
    expect(orgs).toEqual([expect.objectContaining({ id: orgId, role: 'viewer', membershipId: first })])
  })
})
