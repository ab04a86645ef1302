/**
 * Publish leases on the real sync server, on PGlite and on PostgreSQL (real
 * concurrency): one holder per job however many ask at once, a fence that
 * rises with every grant, stale reports refused, a lapsed lease handed on as
 * resumed, a finished job never leased again, and a lease bound to its
 * holder: nobody else, knowing the fence or not, ends it.
 */
import { v7 as uuidv7 } from 'uuid'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { publishLeases } from '../../sync-server/db/schema'
import { createTeam, startTestServer, type Team, type TestServer } from '../helpers/sync-server'

const MINUTE = 60_000

describe.each(['pglite', 'postgres'] as const)('on %s', (kind) => {
  let server: TestServer
  let team: Team
  beforeAll(async () => {
    server = await startTestServer({ kind })
    team = await createTeam(server, ['contributor', 'viewer', 'editor'])
  })
  afterAll(() => server?.close())

  const acquire = (jobId: string, holder: string, ttlMs = 5 * MINUTE, token = team.owner.token) =>
    server.call('POST', `/v1/orgs/${team.orgId}/leases`, { token, body: { jobId, holder, ttlMs } })
  const release = (jobId: string, fence: number, outcome: string, holder = 'laptop', token = team.owner.token) =>
    server.call('POST', `/v1/orgs/${team.orgId}/leases/${jobId}/release`, { token, body: { holder, fence, outcome } })

  it('grants a job to exactly one of many holders asking at once', async () => {
    const jobs = [uuidv7(), uuidv7(), uuidv7()]
    const holders = Array.from({ length: 8 }, (_, i) => `device-${i}`)
    const answers = await Promise.all(
      jobs.flatMap((jobId) => holders.map(async (holder) => ({ jobId, holder, answer: await acquire(jobId, holder) }))),
    )
    for (const jobId of jobs) {
      const mine = answers.filter((a) => a.jobId === jobId)
      const winners = mine.filter((a) => a.answer.status === 200)
      expect(winners).toHaveLength(1)
      expect(winners[0]!.answer.body).toMatchObject({ jobId, fence: 1, resumed: false })
      for (const loser of mine.filter((a) => a.answer.status !== 200)) {
        expect(loser.answer.status).toBe(409)
        expect(loser.answer.body.error.code).toBe('conflict')
        expect(loser.answer.body.error.message).toMatch(/held by another device until \d{4}-/)
      }
    }
  })

  it('raises the fence with every grant and refuses a report under an older one', async () => {
    const jobId = uuidv7()
    const first = await acquire(jobId, 'laptop')
    expect(first.body.fence).toBe(1)
    // The holder asks again without having reported: a new fence, and the earlier attempt may have gone out.
    const again = await acquire(jobId, 'laptop')
    expect(again.body).toMatchObject({ fence: 2, resumed: true })

    const stale = await release(jobId, 1, 'published')
    expect(stale.status).toBe(409)
    expect(stale.body.error.message).toContain('A newer lease (fence 2)')

    expect((await release(jobId, 2, 'retry')).body).toMatchObject({ fence: 2, outcome: 'retry', completed: false })
    // Retried after a lost answer: the same report is accepted again; a different one is not.
    expect((await release(jobId, 2, 'retry')).status).toBe(200)
    expect((await release(jobId, 2, 'published')).status).toBe(409)

    // Released for a retry: free for anyone, and nothing was left unreported.
    const next = await acquire(jobId, 'desktop-2')
    expect(next.body).toMatchObject({ fence: 3, resumed: false })
    expect((await release(jobId, 3, 'skipped', 'desktop-2')).status).toBe(200)
  })

  it('hands a lapsed lease to the next holder as resumed, and accepts the current fence even after expiry', async () => {
    const jobId = uuidv7()
    const first = await acquire(jobId, 'laptop', 10_000)
    expect((await acquire(jobId, 'phone')).status).toBe(409)
    server.clock.advance(11_000)
    const taken = await acquire(jobId, 'phone')
    expect(taken.body).toMatchObject({ fence: first.body.fence + 1, resumed: true })
    // The laptop comes back from sleep with its old answer: too late.
    expect((await release(jobId, first.body.fence, 'published')).status).toBe(409)

    const other = uuidv7()
    const lone = await acquire(other, 'laptop', 10_000)
    server.clock.advance(60_000)
    // Nobody took it over, so the result under the lapsed lease still counts.
    expect((await release(other, lone.body.fence, 'published')).body).toMatchObject({ completed: true })
  })

  describe('bound to its holder', () => {
    let editor: Awaited<ReturnType<TestServer['signup']>>
    let ownerAgain: Awaited<ReturnType<TestServer['signup']>>
    beforeAll(async () => {
      editor = team.members.editor!
      // The owner signed in on a second device: the same person, another session.
      const signin = await server.call('POST', '/v1/auth/signin', {
        body: { email: team.owner.email, password: team.owner.password },
      })
      if (signin.status >= 300) throw new Error(`sign-in failed: ${JSON.stringify(signin.body)}`)
      ownerAgain = { ...team.owner, token: signin.body.token }
    })

    const leaseRow = async (jobId: string) =>
      (await server.database.db.select().from(publishLeases)).find((row) => row.jobId === jobId)

    it('refuses a teammate’s release with the holder’s fence and client id, changing nothing; the holder’s works', async () => {
      const jobId = uuidv7()
      const lease = await acquire(jobId, 'laptop')
      const before = await leaseRow(jobId)
      for (const outcome of ['published', 'skipped', 'retry', 'failed']) {
        const teammate = await release(jobId, lease.body.fence, outcome, 'laptop', editor.token)
        expect(teammate.status).toBe(409)
        expect(teammate.body.error).toMatchObject({ code: 'conflict' })
        expect(teammate.body.error.message).toMatch(/held by another device or session/)
        // Another client id from the holder's own session is not the holder either.
        expect((await release(jobId, lease.body.fence, outcome, 'phone')).status).toBe(409)
        // Nor is the same person on another device, even naming the holder's client id.
        expect((await release(jobId, lease.body.fence, outcome, 'laptop', ownerAgain.token)).status).toBe(409)
      }
      expect(await leaseRow(jobId)).toEqual(before)
      // A teammate cannot take it over while it is held, under the holder's client id or not.
      expect((await acquire(jobId, 'laptop', 5 * MINUTE, editor.token)).status).toBe(409)
      expect(await leaseRow(jobId)).toEqual(before)

      const own = await release(jobId, lease.body.fence, 'published')
      expect(own.body).toMatchObject({ fence: lease.body.fence, outcome: 'published', completed: true })
      expect(await leaseRow(jobId)).toMatchObject({ outcome: 'published', holder: 'laptop' })
    })

    it('checks the holder before the fence, so a wrong guess tells nothing about the fence', async () => {
      const jobId = uuidv7()
      const lease = await acquire(jobId, 'laptop')
      for (const fence of [lease.body.fence, lease.body.fence + 1]) {
        const answer = await release(jobId, fence, 'published', 'laptop', editor.token)
        expect(answer.body.error.message).toMatch(/held by another device or session/)
      }
    })

    it('lets a teammate take a lapsed lease, and then refuses the old holder’s late result', async () => {
      const jobId = uuidv7()
      const lease = await acquire(jobId, 'laptop', 10_000)
      server.clock.advance(11_000)
      const taken = await acquire(jobId, 'eddie-desktop', 5 * MINUTE, editor.token)
      expect(taken.body).toMatchObject({ fence: lease.body.fence + 1, resumed: true })
      expect((await release(jobId, taken.body.fence, 'published', 'laptop')).status).toBe(409)
      const own = await release(jobId, taken.body.fence, 'published', 'eddie-desktop', editor.token)
      expect(own.body.completed).toBe(true)
    })
  })

  it('never leases a finished job again', async () => {
    for (const outcome of ['published', 'failed', 'needs_attention']) {
      const jobId = uuidv7()
      const lease = await acquire(jobId, 'laptop')
      expect((await release(jobId, lease.body.fence, outcome)).body.completed).toBe(true)
      server.clock.advance(10 * MINUTE)
      const later = await acquire(jobId, 'phone')
      expect(later.status).toBe(409)
      expect(later.body.error.message).toContain(`was already finished (${outcome})`)
    }
  })

  it('gives leases to those who may record a post as published: not a contributor, a viewer, an outsider or nobody', async () => {
    const jobId = uuidv7()
    const contributor = await acquire(jobId, 'c-laptop', 5 * MINUTE, team.members.contributor!.token)
    expect(contributor.status).toBe(403)
    expect(contributor.body.error.message).toMatch(
      /^A contributor cannot publish posts in this organization; an editor/,
    )
    const viewer = await acquire(uuidv7(), 'v-laptop', 5 * MINUTE, team.members.viewer!.token)
    expect(viewer.status).toBe(403)
    expect(viewer.body.error.message).toMatch(/^A viewer cannot publish posts in this organization;/)
    const outsider = await server.signup('Mallory')
    expect((await acquire(uuidv7(), 'm', 5 * MINUTE, outsider.token)).body.error.code).toBe('not_a_member')
    const anonymous = await server.call('POST', `/v1/orgs/${team.orgId}/leases`, {
      body: { jobId, holder: 'x', ttlMs: MINUTE },
    })
    expect(anonymous.status).toBe(401)
  })

  it('answers bad input with 400 naming the field, and writes nothing', async () => {
    const rows = async () => (await server.database.db.select().from(publishLeases)).length
    const before = await rows()
    const jobId = uuidv7()
    const cases: [unknown, string, string][] = [
      [{ holder: 'laptop', ttlMs: MINUTE }, 'jobId', 'The job id is required.'],
      [{ jobId: 'has spaces', holder: 'laptop', ttlMs: MINUTE }, 'jobId', 'letters, digits'],
      [{ jobId, holder: '', ttlMs: MINUTE }, 'holder', 'your client id'],
      [{ jobId, holder: 'server', ttlMs: MINUTE }, 'holder', 'the server’s own'.replace('’', "'")],
      [{ jobId, holder: 'laptop', ttlMs: 10 }, 'ttlMs', 'at least 5000 ms'],
      [{ jobId, holder: 'laptop', ttlMs: 10 * 60 * MINUTE }, 'ttlMs', 'at most 3600000 ms'],
      [{ jobId, holder: 'laptop', ttlMs: 1.5 }, 'ttlMs', 'whole number'],
    ]
    for (const [body, field, message] of cases) {
      const answer = await server.call('POST', `/v1/orgs/${team.orgId}/leases`, { token: team.owner.token, body })
      expect(answer.status, JSON.stringify(body)).toBe(400)
      expect(answer.body.error).toMatchObject({ code: 'invalid_request', field })
      expect(answer.body.error.message).toContain(message)
    }
    const lease = await acquire(jobId, 'laptop')
    const badOutcome = await release(jobId, lease.body.fence, 'maybe')
    expect(badOutcome.status).toBe(400)
    expect(badOutcome.body.error.message).toContain('must be one of published, failed, retry, needs_attention, skipped')
    expect((await release(jobId, 0, 'published')).body.error.field).toBe('fence')
    expect((await release(uuidv7(), 1, 'published')).status).toBe(404)
    expect(await rows()).toBe(before + 1)
    // The bad reports changed nothing: the lease is still held under its fence.
    expect((await release(jobId, lease.body.fence, 'published')).body.completed).toBe(true)
  })
})
