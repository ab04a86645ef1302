/** The live socket on the real server listening on 127.0.0.1: pokes after pushes, only to members. */
import { v7 as uuidv7 } from 'uuid'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { NOT_A_MEMBER_CLOSE_CODE, SESSION_ENDED_CLOSE_CODE } from '../../sync-server/routes/live'
import { closedWithin, LiveSocket } from '../helpers/live-socket'
import { draftPostOps, FakeDevice } from '../helpers/sync-device'
import { createTeam, startTestServer, type TestServer } from '../helpers/sync-server'

let server: TestServer
let baseUrl: string
beforeAll(async () => {
  // A short heartbeat, so a socket whose session ended is closed within the test's wait.
  server = await startTestServer({ liveHeartbeatMs: 200 })
  baseUrl = await server.app.listen({ host: '127.0.0.1', port: 0 })
})
afterAll(() => server?.close())

describe('live pokes', () => {
  it('pokes a member’s socket with the new sequence number after a push', async () => {
    const team = await createTeam(server, ['editor'])
    const live = await LiveSocket.connect(baseUrl, team.members.editor!.token)
    expect(await live.next((m) => m.type === 'hello')).toEqual({ type: 'hello', orgIds: [team.orgId] })

    const device = new FakeDevice(server, team.owner.token, team.orgId)
    const pushed = await device.push([device.mutation(draftPostOps(team.orgId, team.owner.user.id, 'Hi'))])
    const poke = await live.next((m) => m.type === 'poke' && m.seq === pushed.body.cursor)
    expect(poke).toEqual({ type: 'poke', orgId: team.orgId, seq: pushed.body.cursor })
    live.close()
  })

  it('does not poke people outside the organization', async () => {
    const team = await createTeam(server)
    const other = await createTeam(server)
    const outsider = await LiveSocket.connect(baseUrl, other.owner.token)
    await outsider.next((m) => m.type === 'hello')

    const device = new FakeDevice(server, team.owner.token, team.orgId)
    await device.push([device.mutation(draftPostOps(team.orgId, team.owner.user.id, 'Secret plans'))])
    // A push to the outsider's own org afterwards: once its poke arrives, any poke for the first org would have too.
    const theirs = new FakeDevice(server, other.owner.token, other.orgId)
    const pushed = await theirs.push([theirs.mutation(draftPostOps(other.orgId, other.owner.user.id, 'Ours'))])
    await outsider.next((m) => m.type === 'poke' && m.seq === pushed.body.cursor)
    expect(outsider.pending().filter((m) => m.orgId === team.orgId)).toEqual([])
    outsider.close()
  })

  it('starts poking someone who joins while connected', async () => {
    const team = await createTeam(server)
    const newcomer = await server.signup('Nia')
    const live = await LiveSocket.connect(baseUrl, newcomer.token)
    expect(await live.next((m) => m.type === 'hello')).toEqual({ type: 'hello', orgIds: [] })
    const invitation = await server.call('POST', `/v1/orgs/${team.orgId}/invitations`, {
      token: team.owner.token,
      body: { role: 'viewer' },
    })
    await server.call('POST', '/v1/invitations/accept', { token: newcomer.token, body: { code: invitation.body.code } })
    expect(await live.next((m) => m.type === 'poke')).toMatchObject({ orgId: team.orgId })
    live.close()
  })

  it('closes the socket of a member who is removed, with 4403 naming the organization', async () => {
    const team = await createTeam(server, ['editor'])
    const live = await LiveSocket.connect(baseUrl, team.members.editor!.token)
    await live.next((m) => m.type === 'hello')
    await server.call('DELETE', `/v1/orgs/${team.orgId}/members/${team.members.editor!.user.id}`, {
      token: team.owner.token,
    })
    expect(await closedWithin(live)).toEqual({ code: NOT_A_MEMBER_CLOSE_CODE, reason: `not_a_member:${team.orgId}` })

    const again = await LiveSocket.connect(baseUrl, team.members.editor!.token)
    expect(await again.next((m) => m.type === 'hello')).toEqual({ type: 'hello', orgIds: [] })
    again.close()
  })

  it('closes the socket with 4401 once its session is signed out', async () => {
    const team = await createTeam(server)
    const live = await LiveSocket.connect(baseUrl, team.owner.token)
    await live.next((m) => m.type === 'hello')
    await server.call('POST', '/v1/auth/signout', { token: team.owner.token })
    expect(await closedWithin(live)).toEqual({ code: SESSION_ENDED_CLOSE_CODE, reason: 'session_ended' })
  })

  it('refuses to open without a valid session', async () => {
    await expect(LiveSocket.connect(baseUrl, null)).rejects.toThrow('upgrade refused: 401')
    await expect(LiveSocket.connect(baseUrl, 'A'.repeat(43))).rejects.toThrow('upgrade refused: 401')
  })

  it('serves a push made over real HTTP too', async () => {
    const team = await createTeam(server)
    const live = await LiveSocket.connect(baseUrl, team.owner.token)
    await live.next((m) => m.type === 'hello')
    const device = new FakeDevice(server, team.owner.token, team.orgId)
    const response = await fetch(`${baseUrl}/v1/orgs/${team.orgId}/push`, {
      method: 'POST',
      headers: { authorization: `Bearer ${team.owner.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        protocolVersion: 1,
        mutations: [device.mutation(draftPostOps(team.orgId, team.owner.user.id, 'over the wire', uuidv7()))],
      }),
    })
    const body = (await response.json()) as { cursor: number }
    expect(await live.next((m) => m.type === 'poke')).toEqual({ type: 'poke', orgId: team.orgId, seq: body.cursor })
    live.close()
  })
})
