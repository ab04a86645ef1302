/**
 * Invitations by email: the real sync server in-process sends through a real
 * SMTP server on loopback (the smtp-server package); without SMTP, or when
 * sending fails, the invitation still exists and the answer says so.
 */
import { createServer, type AddressInfo } from 'node:net'
import { v7 as uuidv7 } from 'uuid'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSmtpInbox, type SmtpInbox } from '../helpers/smtp-inbox'
import { startTestServer, type TestServer } from '../helpers/sync-server'

let inbox: SmtpInbox
let received: SmtpInbox['mails']
let smtpPort: number

beforeAll(async () => {
  inbox = await startSmtpInbox()
  received = inbox.mails
  smtpPort = inbox.port
})
afterAll(() => inbox.close())

async function ownerWithOrg(server: TestServer) {
  const owner = await server.signup('Olga')
  const orgId = uuidv7()
  const created = await server.call('POST', '/v1/orgs', {
    token: owner.token,
    body: { id: orgId, name: 'Acme Coffee', timezone: 'Europe/Paris' },
  })
  expect(created.status).toBe(201)
  return { owner, orgId }
}

/** A loopback port that nothing listens on. */
async function closedPort(): Promise<number> {
  const probe = createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const { port } = probe.address() as AddressInfo
  await new Promise<void>((resolve) => probe.close(() => resolve()))
  return port
}

describe('invitations by email', () => {
  it('sends a plain email with the invitation link and records when it went out', async () => {
    const server = await startTestServer({
      env: {
        SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
        MAIL_FROM: 'Acme desk <desk@example.com>',
        PUBLIC_URL: 'https://sync.example.com',
      },
    })
    try {
      const { owner, orgId } = await ownerWithOrg(server)
      const answer = await server.call('POST', `/v1/orgs/${orgId}/invitations`, {
        token: owner.token,
        body: { role: 'editor', email: 'sam@example.com' },
      })
      expect(answer.status).toBe(201)
      expect(answer.body.emailStatus).toBe('sent')
      expect(answer.body.emailSentAt).not.toBeNull()
      expect(answer.body.url).toBe(`https://sync.example.com/invite/${answer.body.code}`)

      const mail = received.find((m) => m.to.includes('sam@example.com'))!
      expect(mail).toBeDefined()
      expect(mail.raw).toContain('From: Acme desk <desk@example.com>')
      expect(mail.raw).toMatch(/Subject: Olga invited you to Acme Coffee/)
      // The link may be wrapped by quoted-printable soft breaks; undo them before looking for it.
      expect(mail.raw.replace(/=\r?\n/g, '')).toContain(answer.body.url)

      const listed = await server.call('GET', `/v1/orgs/${orgId}/invitations`, { token: owner.token })
      expect(listed.body.invitations).toEqual([
        expect.objectContaining({ email: 'sam@example.com', emailSentAt: answer.body.emailSentAt }),
      ])
      // The emailed link joins, once.
      const sam = await server.signup('Sam')
      const accepted = await server.call('POST', '/v1/invitations/accept', {
        token: sam.token,
        body: { code: answer.body.code },
      })
      expect(accepted.status).toBe(200)
    } finally {
      await server.close()
    }
  })

  it('without SMTP makes the invitation, sends nothing and says email is not set up', async () => {
    const server = await startTestServer()
    try {
      const before = received.length
      const { owner, orgId } = await ownerWithOrg(server)
      const answer = await server.call('POST', `/v1/orgs/${orgId}/invitations`, {
        token: owner.token,
        body: { role: 'viewer', email: 'kim@example.com' },
      })
      expect(answer.status).toBe(201)
      expect(answer.body).toMatchObject({ emailStatus: 'not_configured', emailSentAt: null, email: 'kim@example.com' })
      expect(answer.body.url).toContain('/invite/')
      expect(received.length).toBe(before)
    } finally {
      await server.close()
    }
  })

  it('when the SMTP server cannot be reached, answers failed without the library’s words and records no sending', async () => {
    const server = await startTestServer({ env: { SMTP_URL: `smtp://127.0.0.1:${await closedPort()}` } })
    try {
      const { owner, orgId } = await ownerWithOrg(server)
      const answer = await server.call('POST', `/v1/orgs/${orgId}/invitations`, {
        token: owner.token,
        body: { role: 'editor', email: 'lee@example.com' },
      })
      expect(answer.status).toBe(201)
      expect(answer.body).toMatchObject({ emailStatus: 'failed', emailSentAt: null })
      expect(JSON.stringify(answer.body)).not.toMatch(/ECONNREFUSED|connect/i)
    } finally {
      await server.close()
    }
  })

  it('refuses an SMTP_URL that is not smtp:// or smtps://, naming the variable', async () => {
    const { loadConfig } = await import('../../sync-server/config')
    expect(() => loadConfig({ SMTP_URL: 'http://mail.example.com' })).toThrow(/SMTP_URL must be an SMTP address/)
  })
})
