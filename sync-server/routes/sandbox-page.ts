/**
 * The Sandbox platform's public pages, no sign-in: GET /sandbox/:channelId
 * (a channel's feed, newest first, each post an <article id="<postId>"> so
 * a post's link jumps to it, a thread's parts under the post they continue),
 * its JSON twin /sandbox/:channelId/feed.json,
 * and /sandbox/posts/:postId, which sends the adapter's post links to their
 * place on the feed. A post's comments that the channel answered (from Engage)
 * stand under it, each with the channel's replies beneath it. Every text is escaped; the one <style> is allowed by
 * its hash in a strict Content-Security-Policy.
 */
import { createHash } from 'node:crypto'
import type { FastifyInstance, FastifyReply } from 'fastify'
import type { SandboxFeedPart, SandboxFeedPost } from '../../src-shared/entities/models'
import type { PlatformComment } from '../../src-shared/platforms/adapter'
import { sandboxComments } from '../../src-shared/platforms/sandbox'
import { threadSandboxFeed, type SandboxThread } from '../../src-shared/platforms/sandbox-threads'
import { serverIdSchema } from '../../src-shared/sync/server-api'
import type { ServerContext } from '../context'
import { sandboxPosts } from '../db/schema'
import { HttpError } from '../errors'
import { getMedia } from '../services/media-store'
import {
  findSandboxChannel,
  listSandboxPosts,
  sandboxMediaOwner,
  sandboxFeedUrl,
  sandboxPostUrl,
  type SandboxPostRow,
} from '../services/sandbox'
import { eq } from 'drizzle-orm'
import { publicUrl } from '../public-url'

export const FEED_LIMIT = 100

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)

const STYLE = `:root{color-scheme:light dark;--fg:#1f2330;--muted:#565d70;--bg:#f3f4f8;--card:#fff;--line:#dfe2ea;--accent:#2f5bd3;--avatar:#7b3fc4;--avatar-fg:#fff}
@media (prefers-color-scheme:dark){:root{--fg:#e9ebf2;--muted:#a9afbf;--bg:#111318;--card:#1b1e26;--line:#2c303b;--accent:#9db8ff;--avatar:#b68cf0;--avatar-fg:#16121d}}
*{box-sizing:border-box}body{margin:0;font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
main{max-width:40rem;margin:0 auto;padding:2rem 1rem 4rem}
header{display:flex;gap:1rem;align-items:center;margin-bottom:1.75rem}
.avatar{flex:none;display:grid;place-items:center;width:3.5rem;height:3.5rem;border-radius:50%;background:var(--avatar);color:var(--avatar-fg);font-weight:700;font-size:1.4rem}
.post .avatar{width:2.5rem;height:2.5rem;font-size:1rem}
h1{font-size:1.5rem;line-height:1.2;margin:0}header p{color:var(--muted);margin:.2rem 0 0}
h2,.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
ol{list-style:none;margin:0;padding:0;display:grid;gap:1rem}
article{display:flex;gap:.75rem;background:var(--card);border:1px solid var(--line);border-radius:14px;padding:1rem 1.1rem}
article:target{outline:3px solid var(--accent);outline-offset:2px}
.body{min-width:0;flex:1}.who{font-weight:600}
.text{margin:.35rem 0 0;white-space:pre-wrap;overflow-wrap:anywhere}
.meta{display:flex;flex-wrap:wrap;gap:.15rem .6rem;font-size:.875rem;color:var(--muted)}
a{color:var(--accent)}details{margin-top:.35rem}summary{cursor:pointer;font-weight:600}
.media{display:grid;grid-template-columns:repeat(auto-fit,minmax(9rem,1fr));gap:.4rem;margin-top:.75rem}
.media img,.media video{display:block;width:100%;max-height:22rem;aspect-ratio:4/3;object-fit:cover;border-radius:10px;border:1px solid var(--line);background:var(--bg)}
.media.one{grid-template-columns:1fr}.media.one img,.media.one video{aspect-ratio:auto}
.thread{background:var(--card);border:1px solid var(--line);border-radius:14px}
.thread article{position:relative;background:none;border:0;border-radius:14px;padding:.8rem 1.1rem}
.thread article:first-child{padding-top:1rem}.thread article:last-child{padding-bottom:1rem}
.thread article:not(:last-child)::after{content:"";position:absolute;left:calc(1.1rem + 1.25rem - 1px);width:2px;top:3.6rem;bottom:-.5rem;border-radius:1px;background:var(--muted);opacity:.45}
.thread article:first-child:not(:last-child)::after{top:3.8rem}
.thread article:target{outline-offset:-3px}
.talk{margin:.75rem 0 0;padding:0;list-style:none;display:grid;gap:.5rem}
.talk article{background:var(--bg);border-radius:10px;padding:.6rem .8rem}.talk .answer{margin-left:1.5rem}
.talk .avatar{width:2rem;height:2rem;font-size:.85rem}
.empty{padding:2rem 1rem;text-align:center;color:var(--muted);border:1px dashed var(--line);border-radius:14px;background:var(--card)}`

const STYLE_HASH = `'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`

/** Only the page's own style; no scripts, frames, forms or other origins. */
const PAGE_HELMET = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'none'"],
      styleSrc: [STYLE_HASH],
      imgSrc: ["'self'", 'data:'],
      mediaSrc: ["'self'"],
      baseUri: ["'none'"],
      formAction: ["'none'"],
      frameAncestors: ["'none'"],
    },
  },
}

/** A zone as people read it: "America/New York", not "America/New_York". */
const zoneLabel = (zone: string) => zone.replaceAll('_', ' ')

/** "3 Dec 2026, 9:00 AM GMT+1": the date, the time and the zone's short name, all in the channel's zone. */
function formatIn(zone: string, at: Date): string {
  const date = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: zone })
  const time = new Intl.DateTimeFormat('en-US', {
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
    timeZone: zone,
  })
  // Some ICU versions put a narrow no-break space before AM/PM; a plain one reads and copies the same everywhere.
  return `${date.format(at)}, ${time.format(at)}`.replace(/[\u202f\u00a0]/gu, ' ')
}

// An address in a post's text, as the platforms link them: http(s), up to a space or a quote, without the
// punctuation that ends a sentence after it.
const URL_IN_TEXT = /https?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)\]]/giu

/** The post's text, escaped, with its addresses as links (the text itself is never markup). */
function linkedText(text: string): string {
  let html = ''
  let at = 0
  for (const match of text.matchAll(URL_IN_TEXT)) {
    const url = match[0]
    html += escapeHtml(text.slice(at, match.index))
    html += `<a href="${escapeHtml(url)}" rel="nofollow noopener ugc">${escapeHtml(url)}</a>`
    at = match.index + url.length
  }
  return html + escapeHtml(text.slice(at))
}

const initialOf = (name: string) => (name.replace(/^@/, '').trim()[0] ?? 'S').toUpperCase()

/** The public address of a post's attachment on the channel's page (served only for its posts' files). */
export const sandboxMediaUrl = (feedUrl: string, file: string) => `${feedUrl}/media/${encodeURIComponent(file)}`

/** A post's attachments: the pictures (and videos) with their alt text; a count for files the post does not name. */
function mediaHtml(post: SandboxPostRow, feedUrl: string): string {
  if (post.media.length === 0) return ''
  const total = post.media.length
  const shown = post.media.flatMap((m, index) => {
    if (!m.file) return []
    const alt = escapeHtml(m.altText?.trim() || `Image ${index + 1} of ${total} (no description given)`)
    const src = escapeHtml(sandboxMediaUrl(feedUrl, m.file))
    return m.mimeType.startsWith('video/')
      ? [`<video src="${src}" controls preload="metadata" aria-label="${alt}"></video>`]
      : [`<img src="${src}" alt="${alt}" loading="lazy" decoding="async">`]
  })
  const unnamed = total - shown.length
  const rest =
    unnamed > 0
      ? `<p class="meta">${unnamed} attachment${unnamed === 1 ? '' : 's'}${post.media
          .filter((m) => !m.file && m.altText)
          .map((m) => `: ${escapeHtml(m.altText!)}`)
          .join('')}</p>`
      : ''
  const grid = shown.length ? `<div class="media${shown.length === 1 ? ' one' : ''}">${shown.join('')}</div>` : ''
  return grid + rest
}

/** Where a post stands in its thread, for its "2 of 3 in this thread" line; absent for a post on its own. */
interface ThreadPlace {
  index: number
  count: number
}

function articleHtml(post: SandboxPostRow, feedUrl: string, name: string, zone: string, place?: ThreadPlace): string {
  const id = escapeHtml(post.id)
  const iso = post.publishedAt.toISOString()
  const text = `${post.text ? `<p class="text">${linkedText(post.text)}</p>` : ''}${mediaHtml(post, feedUrl)}`
  const body = post.contentWarning
    ? `<details><summary>${escapeHtml(post.contentWarning)}</summary>${text}</details>`
    : text
  // Said to screen readers with the post's name; the card and its line already show it to the eye.
  const where = place
    ? `<span class="sr" id="n-${id}">${place.index + 1} of ${place.count} in this thread</span>\n`
    : ''
  return `<article id="${id}" class="post" aria-labelledby="a-${id} t-${id}${place ? ` n-${id}` : ''}">
<span class="avatar" aria-hidden="true">${escapeHtml(initialOf(name))}</span><div class="body">
<div class="meta"><span class="who" id="a-${id}">${escapeHtml(name)}</span>
<time id="t-${id}" datetime="${iso}">${escapeHtml(formatIn(zone, post.publishedAt))}</time>
${where}<a href="${escapeHtml(feedUrl)}#${id}">Link to this post</a></div>${body}</div></article>`
}

/** A made-up person's comment that the channel answered, with the channel's replies to it. */
interface AnsweredComment {
  comment: PlatformComment
  replies: SandboxPostRow[]
}

function commentHtml(comment: PlatformComment, zone: string): string {
  const id = escapeHtml(`c-${comment.platformCommentId}`)
  const name = comment.author.displayName || `@${comment.author.handle}`
  const at = new Date(comment.createdAt)
  return `<article id="${id}" aria-labelledby="${id}-a">
<span class="avatar" aria-hidden="true">${escapeHtml(initialOf(name))}</span><div class="body">
<div class="meta"><span class="who" id="${id}-a">${escapeHtml(name)}</span><span>@${escapeHtml(comment.author.handle)}</span>
<time datetime="${at.toISOString()}">${escapeHtml(formatIn(zone, at))}</time></div>
<p class="text">${linkedText(comment.text)}</p></div></article>`
}

/** The post's answered comments, each followed by the channel's replies, as a list under the post. */
function conversationsHtml(answered: AnsweredComment[], feedUrl: string, name: string, zone: string): string {
  if (answered.length === 0) return ''
  const items = answered.map(({ comment, replies }) => {
    const answers = replies.map((reply) =>
      articleHtml(reply, feedUrl, name, zone).replace('class="post"', 'class="post answer"'),
    )
    return `<li>${commentHtml(comment, zone)}\n${answers.join('\n')}</li>`
  })
  return `<ol class="talk" aria-label="Comments and replies">${items.join('\n')}</ol>`
}

/**
 * The channel's replies to comments on the feed's posts, taken out of the feed and grouped under the comment they
 * answer (the comments are the Sandbox's seeded ones, the same wherever they are generated). A reply whose
 * comment is not known here stays in the feed, so nothing published goes missing.
 */
function answeredComments(posts: readonly SandboxPostRow[], nowMs: number) {
  const comments = new Map<string, { postId: string; comment: PlatformComment }>()
  for (const post of posts) {
    const generated = sandboxComments({ id: post.id, publishedAt: post.publishedAt.toISOString() }, nowMs)
    for (const comment of generated) comments.set(comment.platformCommentId, { postId: post.id, comment })
  }
  const byPost = new Map<string, Map<string, AnsweredComment>>()
  const rest: SandboxPostRow[] = []
  // Oldest first, so each comment's replies come in the order they were sent.
  for (const post of [...posts].reverse()) {
    const known = post.replyTo ? comments.get(post.replyTo) : undefined
    if (!known) {
      rest.unshift(post)
      continue
    }
    const answered = byPost.get(known.postId) ?? new Map<string, AnsweredComment>()
    const entry = answered.get(known.comment.platformCommentId) ?? { comment: known.comment, replies: [] }
    entry.replies.push(post)
    answered.set(known.comment.platformCommentId, entry)
    byPost.set(known.postId, answered)
  }
  const of = (postId: string) =>
    [...(byPost.get(postId)?.values() ?? [])].sort((a, b) => a.comment.createdAt.localeCompare(b.comment.createdAt))
  return { rest, of }
}

/**
 * A feed entry: a post on its own, or a thread (the post, then the channel's own replies that continue it) as one
 * card whose avatars a line joins, as Bluesky and Mastodon draw a self-thread. Each post keeps its own anchor.
 */
function entryHtml(
  { post, thread }: SandboxThread<SandboxPostRow>,
  feedUrl: string,
  name: string,
  zone: string,
  answeredOf: (postId: string) => AnsweredComment[] = () => [],
) {
  const talk = (p: SandboxPostRow) => conversationsHtml(answeredOf(p.id), feedUrl, name, zone)
  if (thread.length === 0) return `<li>${articleHtml(post, feedUrl, name, zone)}${talk(post)}</li>`
  const count = thread.length + 1
  const parts = [post, ...thread].map((p, index) => articleHtml(p, feedUrl, name, zone, { index, count }) + talk(p))
  return `<li class="thread">${parts.join('\n')}</li>`
}

function pageHtml(title: string, subtitle: string, content: string, feedJsonUrl?: string, initial = 'S'): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
${feedJsonUrl ? `<link rel="alternate" type="application/json" href="${escapeHtml(feedJsonUrl)}">` : ''}
<style>${STYLE}</style></head>
<body><main><header><span class="avatar" aria-hidden="true">${escapeHtml(initial)}</span>
<div><h1>${escapeHtml(title)}</h1><p>${escapeHtml(subtitle)}</p></div></header>
${content}</main></body></html>`
}

const MEDIA_FILE = /^[0-9a-f]{64}\.[a-z0-9]{2,4}$/

export async function sandboxPageRoutes(app: FastifyInstance, ctx: ServerContext) {
  // PUBLIC_URL or the listening address, never the caller's Host header (public-url.ts).
  const baseUrl = () => publicUrl(ctx.config, app.server)

  /** The channel's name, zone and posts (by its id or its account id), or null when nobody has it. */
  async function feed(channelId: string) {
    if (!serverIdSchema.safeParse(channelId).success) return null
    const channel = await findSandboxChannel(ctx.db, channelId)
    const accountIds = channel?.accountIds ?? [channelId]
    const posts = await listSandboxPosts(ctx.db, null, accountIds, FEED_LIMIT)
    if (!channel && posts.length === 0) return null
    const name = channel?.displayName || (channel?.username ? `@${channel.username}` : 'Sandbox channel')
    return { channel, accountIds, name, zone: channel?.timezone ?? 'UTC', posts }
  }

  const notFoundPage = (reply: FastifyReply, title: string, subtitle: string) =>
    reply
      .code(404)
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .send(
        pageHtml(
          title,
          subtitle,
          '<p class="empty">Check the link, or ask whoever shared it for a new one. Posts published to a Sandbox channel from buffer-clone appear on its page.</p>',
          undefined,
          '?',
        ),
      )
  const channelNotFound = (reply: FastifyReply) =>
    notFoundPage(reply, 'Sandbox channel not found', 'There is no Sandbox channel at this address.')
  const postNotFound = (reply: FastifyReply) =>
    notFoundPage(
      reply,
      'This post is not here',
      'There is no Sandbox post at this address: it was removed, or the link is wrong.',
    )

  app.get<{ Params: { channelId: string } }>('/sandbox/:channelId', { helmet: PAGE_HELMET }, async (request, reply) => {
    const { channelId } = request.params
    const found = await feed(channelId)
    if (!found) return channelNotFound(reply)
    const feedUrl = sandboxFeedUrl(baseUrl(), channelId)
    const { rest, of } = answeredComments(found.posts, ctx.clock.now().getTime())
    const content =
      found.posts.length === 0
        ? '<p class="empty">No posts yet. Posts published to this channel appear here, newest first.</p>'
        : `<h2>Latest posts</h2><ol>${threadSandboxFeed(rest)
            .map((e) => entryHtml(e, feedUrl, found.name, found.zone, of))
            .join('\n')}</ol>`
    // A handle only where it says more than the name: not "@Acme Sandbox" under "Acme Sandbox".
    const username = found.channel?.username.trim() ?? ''
    const sameAsName = [found.name, `@${found.name}`].some((n) => n.toLowerCase() === username.toLowerCase())
    const handle =
      username && !/\s/.test(username) && !sameAsName && found.name !== `@${username}` ? `@${username} · ` : ''
    reply.header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-cache')
    return pageHtml(
      `${found.name} on Sandbox`,
      `${handle}A Sandbox channel: posts published from buffer-clone. Times are in ${zoneLabel(found.zone)}.`,
      content,
      `${feedUrl}/feed.json`,
      initialOf(found.name),
    )
  })

  app.get<{ Params: { channelId: string } }>('/sandbox/:channelId/feed.json', async (request, reply) => {
    const { channelId } = request.params
    const found = await feed(channelId)
    if (!found) throw new HttpError('not_found', `There is no Sandbox channel "${channelId.slice(0, 64)}".`)
    const base = baseUrl()
    const feedUrl = sandboxFeedUrl(base, channelId)
    const entry = (p: SandboxPostRow): SandboxFeedPart => ({
      id: p.id,
      text: p.text,
      contentWarning: p.contentWarning,
      mediaCount: p.media.length,
      media: p.media.map((m) => ({
        url: m.file ? sandboxMediaUrl(feedUrl, m.file) : null,
        mimeType: m.mimeType,
        altText: m.altText ?? null,
      })),
      publishedAt: p.publishedAt.toISOString(),
      url: sandboxPostUrl(base, channelId, p.id),
    })
    // The app's feed shape: a thread's parts under the post they continue.
    const posts: SandboxFeedPost[] = threadSandboxFeed(found.posts).map(({ post, thread }) => ({
      ...entry(post),
      ...(thread.length ? { thread: thread.map((part) => ({ ...entry(part), replyTo: part.replyTo! })) } : {}),
    }))
    reply.header('cache-control', 'no-cache')
    return { channelId, name: found.name, timezone: found.zone, url: feedUrl, posts }
  })

  // A picture of the channel's posts, public like the page. Only a file one of this channel's posts names is
  // served, from the org that posted it: every other media file of the org stays behind sign-in (routes/media.ts).
  app.get<{ Params: { channelId: string; file: string } }>(
    '/sandbox/:channelId/media/:file',
    async (request, reply) => {
      const { channelId, file } = request.params
      const missing = () => {
        throw new HttpError('not_found', 'There is no such picture on this Sandbox channel.')
      }
      if (!serverIdSchema.safeParse(channelId).success || !MEDIA_FILE.test(file)) return missing()
      const channel = await findSandboxChannel(ctx.db, channelId)
      const orgId = await sandboxMediaOwner(ctx.db, channel, channel?.accountIds ?? [channelId], file)
      const stored = orgId ? await getMedia(ctx.db, orgId, file) : null
      if (!stored) return missing()
      // The name is the bytes' hash, so the answer never changes.
      return reply
        .header('content-type', stored.mimeType)
        .header('content-length', stored.byteLength)
        .header('cache-control', 'public, max-age=31536000, immutable')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .send(stored.data)
    },
  )

  // The adapter's default link shape, `<feedUrl>/posts/<id>`, lands on the post's place in its feed.
  app.get<{ Params: { postId: string } }>('/sandbox/posts/:postId', { helmet: PAGE_HELMET }, async (request, reply) => {
    const { postId } = request.params
    const [post] = serverIdSchema.safeParse(postId).success
      ? await ctx.db.select({ accountId: sandboxPosts.accountId }).from(sandboxPosts).where(eq(sandboxPosts.id, postId))
      : []
    if (!post) return postNotFound(reply)
    const channel = await findSandboxChannel(ctx.db, post.accountId)
    return reply.redirect(sandboxPostUrl(baseUrl(), channel?.id ?? post.accountId, postId), 302)
  })
}
