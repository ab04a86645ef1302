/**
 * The replies' role rules (src-shared/engage/reply-rules.ts through field-rules.ts) on the real sync server, pushed
 * as desktops push: a viewer writes no reply; a contributor's reply waits for approval unless the organization's
 * Engage setting lets contributors reply; only an approver approves; a sent reply stays sent.
 */
import { v7 as uuidv7 } from 'uuid'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FakeDevice, type OpInput } from '../helpers/sync-device'
import { createTeam, startTestServer, type TestServer } from '../helpers/sync-server'

let server: TestServer
beforeAll(async () => {
  server = await startTestServer()
})
afterAll(() => server?.close())

function newReplyOps(orgId: string, authorId: string, status: string, rowId = uuidv7()): OpInput[] {
  const row: Record<string, unknown> = {
    id: rowId,
    org_id: orgId,
    comment_id: uuidv7(),
    author_user_id: authorId,
    text: 'Thanks!',
    platform_reply_id: null,
    timestamp: '2026-03-01T09:00:00.000Z',
    status,
    url: null,
    sent_at: null,
    error: null,
    attempts: 0,
    next_attempt_at: null,
  }
  return Object.entries(row).map(([field, value]) => ({ table: 'replies', rowId, field, value }))
}

const statusOp = (rowId: string, status: string): OpInput[] => [
  { table: 'replies', rowId, field: 'status', value: status },
]

async function pushOne(device: FakeDevice, ops: OpInput[]) {
  server.clock.advance(1000)
  const answer = await device.push([device.mutation(ops)])
  expect(answer.status).toBe(200)
  return answer.body.results[0]
}

async function crew() {
  const team = await createTeam(server, ['contributor', 'editor', 'viewer'])
  const device = (role: string) => new FakeDevice(server, team.members[role]!.token, team.orgId)
  return {
    team,
    owner: new FakeDevice(server, team.owner.token, team.orgId),
    contributor: device('contributor'),
    editor: device('editor'),
    viewer: device('viewer'),
    id: (role: string) => team.members[role]!.user.id,
  }
}

describe('replies’ role rules on the sync server', () => {
  it('refuses a viewer’s reply', async () => {
    const c = await crew()
    const result = await pushOne(c.viewer, newReplyOps(c.team.orgId, c.id('viewer'), 'waiting'))
    expect(result).toMatchObject({ status: 'refused' })
    expect(result.reason).toContain('A viewer cannot change replies.')
  })

  it('takes a contributor’s reply only as waiting for approval, which only an approver gives', async () => {
    const c = await crew()
    const direct = await pushOne(c.contributor, newReplyOps(c.team.orgId, c.id('contributor'), 'waiting'))
    expect(direct).toMatchObject({ status: 'refused' })
    expect(direct.reason).toContain('reply waits for approval in this organization')

    const replyId = uuidv7()
    const asked = await pushOne(
      c.contributor,
      newReplyOps(c.team.orgId, c.id('contributor'), 'needs_approval', replyId),
    )
    expect(asked).toMatchObject({ status: 'applied' })
    const selfApproved = await pushOne(c.contributor, statusOp(replyId, 'waiting'))
    expect(selfApproved).toMatchObject({
      status: 'refused',
      reason: 'A contributor cannot approve or send back a reply; an editor, admin or owner does.',
      restore: [{ table: 'replies', rowId: replyId, field: 'status', value: 'needs_approval' }],
    })
    // Nor in someone else's name.
    const forged = await pushOne(c.contributor, newReplyOps(c.team.orgId, c.id('editor'), 'needs_approval'))
    expect(forged).toMatchObject({ status: 'refused' })

    expect(await pushOne(c.editor, statusOp(replyId, 'waiting'))).toMatchObject({ status: 'applied' })
  })

  it('takes a contributor’s reply as waiting once the organization lets contributors reply', async () => {
    const c = await crew()
    const settings = { publishLateWithinMinutes: 15, engage: { contributorsMayReply: true } }
    const allowed = await pushOne(c.owner, [
      { table: 'organizations', rowId: c.team.orgId, field: 'settings', value: settings },
    ])
    expect(allowed).toMatchObject({ status: 'applied' })
    const direct = await pushOne(c.contributor, newReplyOps(c.team.orgId, c.id('contributor'), 'waiting'))
    expect(direct).toMatchObject({ status: 'applied' })
  })

  it('records a reply as sent only from the device holding its lease, and keeps it sent', async () => {
    const c = await crew()
    const replyId = uuidv7()
    await pushOne(c.editor, newReplyOps(c.team.orgId, c.id('editor'), 'waiting', replyId))
    expect(await pushOne(c.editor, statusOp(replyId, 'sending'))).toMatchObject({ status: 'applied' })
    expect(await pushOne(c.editor, statusOp(replyId, 'sent'))).toMatchObject({
      status: 'refused',
      reason: 'Only the device that holds the lease of this reply records it as sent.',
    })
    expect((await c.editor.takeLease(`reply-${replyId}`)).status).toBe(200)
    // Another device of an approver, without the lease, still may not.
    expect(await pushOne(c.owner, statusOp(replyId, 'sent'))).toMatchObject({ status: 'refused' })
    expect(await pushOne(c.editor, statusOp(replyId, 'sent'))).toMatchObject({ status: 'applied' })
    expect(await pushOne(c.owner, statusOp(replyId, 'waiting'))).toMatchObject({
      status: 'refused',
      reason: 'This reply was sent already; a sent reply stays sent.',
    })
  })
})
