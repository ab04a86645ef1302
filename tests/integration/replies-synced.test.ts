/**
 * Replies in an organization that syncs, between real desktops (real cores, their reply senders beside the
 * publishing loop) and the real sync server on loopback, to the server's Sandbox: a reply written offline waits
 * (no lease, nothing sent) and goes out once when the device is back; a teammate's device that pulled it while
 * it waited sends it, and the writer's own device then does not send it too. A contributor's reply waits for an
 * approver unless the organization lets contributors reply; a viewer's is refused. The server's public Sandbox
 * page shows each reply under the comment it answers.
 */
import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { posts } from '../../src-main/db/schema/org'
import { sandboxComments } from '../../src-shared/platforms/sandbox'
import type { TestCore } from '../helpers/core'
import { signedUpDesktop, useLoopbackServer } from '../helpers/loopback'
import { addComment, commentRow, replyRow } from '../helpers/reply-rows'
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy'

const loopback = useLoopbackServer()
const DAY_MS = 86_400_000

const desktop = (name: string, url = loopback.url) =>
  signedUpDesktop(loopback.cores, url, { name, email: `${name.toLowerCase()}@example.com` }, true)

/** An attached org with a Sandbox channel, a post published on the server's Sandbox, and one of its comments. */
async function orgWithComment(ana: TestCore) {
  const org = await ana.ok('createOrganization', { name: 'Acme Coffee', timezone: 'Europe/Paris' })
  await ana.ok('attachOrganization', { orgId: org.id })
  const channel = await ana.ok('connectChannel', { orgId: org.id, platform: 'sandbox', name: 'Acme' })
  // The Sandbox's made-up people comment on some posts and not others: publish until one has a comment.
  for (let i = 0; i < 10; i++) {
    const draft = await ana.ok('createDraft', { orgId: org.id, caption: `Roast day ${i}`, socialAccountId: channel.id })
    await ana.ok('schedulePost', { orgId: org.id, postId: draft.id, when: { kind: 'now' } })
    ana.ctx.publishing.scheduleChanged(org.id)
    await ana.scheduler!.idle()
    const post = ana.ctx.dbs.org(org.id).select().from(posts).where(eq(posts.id, draft.id)).get()!
    expect(post.status).toBe('published')
    const [comment] = sandboxComments(
      { id: post.platformPostId!, publishedAt: post.publishedAt! },
      Date.parse(post.publishedAt!) + 2 * DAY_MS,
    )
    if (!comment) continue
    const commentId = addComment(ana, org.id, channel.id, {
      platformCommentId: comment.platformCommentId,
      author: { name: comment.author.displayName!, handle: comment.author.handle },
      text: comment.text,
    })
    await ana.ok('syncNow', { orgId: org.id })
    return { orgId: org.id, channelId: channel.id, commentId, comment }
  }
  throw new Error('No Sandbox post of ten got a comment')
}

async function join(owner: TestCore, orgId: string, name: string, role: 'editor' | 'contributor' | 'viewer') {
  const invitation = await owner.ok('createInvitation', { orgId, role })
  const member = await desktop(name)
  await member.ok('joinOrganization', { code: invitation.code })
  await member.ok('syncNow', { orgId })
  return member
}

/** The public page of the channel, read once the comments have arrived by the server's clock. */
async function publicPage(channelId: string): Promise<string> {
  loopback.server.clock.advance(3 * DAY_MS)
  try {
    const response = await fetch(`${loopback.url}/sandbox/${channelId}`)
    expect(response.status).toBe(200)
    return await response.text()
  } finally {
    loopback.server.clock.advance(-3 * DAY_MS)
  }
}

const occurrences = (html: string, text: string) => html.split(text).length - 1

describe('replies in an organization that syncs', () => {
  it('keeps an offline reply waiting, and sends it once when back online, by one device only', async () => {
    let proxy: TcpProxy | null = null
    try {
      proxy = await startTcpProxy(loopback.url)
      const ana = await desktop('Ana', proxy.url)
      const s = await orgWithComment(ana)
      const ben = await join(ana, s.orgId, 'Ben', 'editor')

      // Offline: the server is out of reach.
      proxy.target = 'http://127.0.0.1:9'
      proxy.dropAll()
      const reply = await ana.ok('sendReply', { orgId: s.orgId, commentId: s.commentId, text: 'Thank you, truly!' })
      await ana.replySender!.idle()
      expect(replyRow(ana, s.orgId, reply.id).status).toBe('waiting')
      expect(occurrences(await publicPage(s.channelId), 'Thank you, truly!')).toBe(0)

      // Back online; Ben's device pulls the waiting reply and sends it, as Ana's sender is held back.
      proxy.target = loopback.url
      ana.replySender!.stop()
      expect((await ana.ok('syncNow', { orgId: s.orgId })).pending).toBe(0)
      await ben.ok('syncNow', { orgId: s.orgId })
      await ben.replySender!.idle()
      expect(replyRow(ben, s.orgId, reply.id).status).toBe('sent')

      // Ana's sender, not yet told, finds the reply's lease completed and sends nothing.
      await ana.replySender!.start()
      expect(replyRow(ana, s.orgId, reply.id).status).toBe('waiting')
      await ana.ok('syncNow', { orgId: s.orgId })
      await ana.replySender!.idle()
      expect(replyRow(ana, s.orgId, reply.id).status).toBe('sent')
      expect(replyRow(ana, s.orgId, reply.id).url).toContain(`${loopback.url}/sandbox/`)

      const html = await publicPage(s.channelId)
      expect(occurrences(html, 'Thank you, truly!')).toBe(1)
      // Under the comment it answers.
      const commentAt = html.indexOf(`id="c-${s.comment.platformCommentId}"`)
      expect(commentAt).toBeGreaterThan(-1)
      expect(html.indexOf('Thank you, truly!')).toBeGreaterThan(commentAt)
      expect(ben.logged).toEqual([])
    } finally {
      await proxy?.close()
    }
  })

  it('holds a contributor’s reply for approval, sends it once approved, and lets contributors reply when allowed', async () => {
    const ana = await desktop('Ana')
    const s = await orgWithComment(ana)
    const cleo = await join(ana, s.orgId, 'Cleo', 'contributor')

    const asked = await cleo.ok('sendReply', { orgId: s.orgId, commentId: s.commentId, text: 'We ship on Fridays.' })
    expect(asked.status).toBe('needs_approval')
    expect(commentRow(cleo, s.orgId, s.commentId).status).toBe('pending')
    await cleo.ok('syncNow', { orgId: s.orgId })
    await cleo.replySender!.idle()
    // The server took it as it is, and Cleo's device sends nothing.
    expect(replyRow(cleo, s.orgId, asked.id).status).toBe('needs_approval')

    const selfApproved = await cleo.fails('approveReply', { orgId: s.orgId, replyId: asked.id })
    expect(selfApproved.message).toBe(
      'As a contributor in "Acme Coffee" you cannot approve replies; an editor, admin or owner does.',
    )
    await ana.ok('syncNow', { orgId: s.orgId })
    const approved = await ana.ok('approveReply', { orgId: s.orgId, replyId: asked.id })
    expect(approved.status).toBe('waiting')
    await ana.replySender!.idle()
    expect(replyRow(ana, s.orgId, asked.id).status).toBe('sent')
    expect(commentRow(ana, s.orgId, s.commentId).status).toBe('done')
    expect(occurrences(await publicPage(s.channelId), 'We ship on Fridays.')).toBe(1)

    // Sent back with a reason: failed with the approver's words, the comment open again.
    const second = await cleo.ok('sendReply', { orgId: s.orgId, commentId: s.commentId, text: 'Fridays!!!' })
    await cleo.ok('syncNow', { orgId: s.orgId })
    await ana.ok('syncNow', { orgId: s.orgId })
    const rejected = await ana.ok('rejectReply', { orgId: s.orgId, replyId: second.id, reason: 'Less shouting' })
    expect(rejected).toMatchObject({ status: 'failed' })
    expect(rejected.error).toBe(
      'Sent back for changes: “Less shouting”. Write it again, or Retry to ask for approval once more.',
    )

    // Only owners and admins change the setting; once on, a contributor's reply goes straight out.
    const notHers = await cleo.fails('setEngageSettings', { orgId: s.orgId, contributorsMayReply: true })
    expect(notHers.code).toBe('forbidden')
    await ana.ok('setEngageSettings', { orgId: s.orgId, contributorsMayReply: true })
    // The publishing settings beside it are kept.
    expect((await ana.ok('getPublishingSettings', { orgId: s.orgId })).publishLateWithinMinutes).toBe(15)
    await ana.ok('syncNow', { orgId: s.orgId })
    await cleo.ok('syncNow', { orgId: s.orgId })
    expect(await cleo.ok('getEngageSettings', { orgId: s.orgId })).toEqual({ contributorsMayReply: true })
    const direct = await cleo.ok('sendReply', { orgId: s.orgId, commentId: s.commentId, text: 'Fridays, yes.' })
    expect(direct.status).toBe('waiting')
    await cleo.ok('syncNow', { orgId: s.orgId })
    await ana.ok('syncNow', { orgId: s.orgId })
    await ana.replySender!.idle()
    expect(replyRow(ana, s.orgId, direct.id).status).toBe('sent')
    expect(occurrences(await publicPage(s.channelId), 'Fridays, yes.')).toBe(1)
    expect(cleo.logged).toEqual([])
  })

  it('refuses a viewer’s reply with a sentence that says who can', async () => {
    const ana = await desktop('Ana')
    const s = await orgWithComment(ana)
    const vic = await join(ana, s.orgId, 'Vic', 'viewer')
    const refused = await vic.fails('sendReply', { orgId: s.orgId, commentId: s.commentId, text: 'Hi!' })
    expect(refused).toMatchObject({
      code: 'forbidden',
      message:
        'As a viewer in "Acme Coffee" you can read the inbox but not reply; ask an admin for the contributor or editor role.',
    })
    expect(await vic.ok('listReplies', { orgId: s.orgId, commentId: s.commentId })).toEqual([])
  })
})
