/**
 * The Sandbox platform's public pages, no sign-in: GET /sandbox/:channelId
 * (a channel's feed, newest first, each post an <article id="<postId>"> so
 * a post's link jumps to it), its JSON twin /sandbox/:channelId/feed.json,
 * and /sandbox/posts/:postId, which sends the adapter's post links to their
 * place on the feed. Every text is escaped; the one <style> is allowed by
 * its hash in a strict Content-Security-Policy.
 */
import { createHash } from 'node:crypto'
import type { FastifyInstance, FastifyReply } from 'fastify'
import type { SandboxFeedPost } from '../../src-shared/entities/models'
import { serverIdSchema } from '../../src-shared/sync/server-api'
import type { ServerContext } from '../context'
import { sandboxPosts } from '../db/schema'
import { HttpError } from '../errors'
import {
  findSandboxChannel,
  listSandboxPosts,
  sandboxFeedUrl,
  sandboxPostUrl,
  type SandboxPostRow,
} from '../services/sandbox'
import { eq } from 'drizzle-orm'
import { publicUrl } from '../public-url'

export const FEED_LIMIT = 100

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)

const STYLE = `:root{color-scheme:light dark;--fg:#1f2330;--muted:#5b6275;--bg:#fff;--card:#f5f6fa;--line:#dfe2ea;--accent:#2f5bd3}
@media (prefers-color-scheme:dark){:root{--fg:#e9ebf2;--muted:#a4aabb;--bg:#14161c;--card:#1d2029;--line:#2c303b;--accent:#8fb0ff}}
*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);background:var(--bg)}
main{max-width:40rem;margin:0 auto;padding:1.5rem 1rem 4rem}header p{color:var(--muted);margin:.25rem 0 1.5rem}
h1{font-size:1.5rem;margin:0}ol{list-style:none;margin:0;padding:0;display:grid;gap:1rem}
article{background:var(--card);border:1px solid var(--line);border-radius:12px;padding:1rem 1.1rem}
article:target{outline:3px solid var(--accent);outline-offset:2px}
article p{margin:.5rem 0 0;white-space:pre-wrap;overflow-wrap:anywhere}
.meta{display:flex;flex-wrap:wrap;gap:.25rem .75rem;font-size:.875rem;color:var(--muted)}
.meta a{color:var(--accent)}details{margin-top:.5rem}summary{cursor:pointer;font-weight:600}
.empty{padding:2rem 1rem;text-align:center;color:var(--muted);border:1px dashed var(--line);border-radius:12px}`

const STYLE_HASH = `'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`

/** Only the page's own style; no scripts, frames, forms or other origins. */
const PAGE_HELMET = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'none'"],
      styleSrc: [STYLE_HASH],
      imgSrc: ["'self'", 'data:'],
      baseUri: ["'none'"],
      formAction: ["'none'"],
      frameAncestors: ["'none'"],
    },
  },
}

const timeFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' })

function articleHtml(post: SandboxPostRow, feedUrl: string): string {
  const id = escapeHtml(post.id)
  const iso = post.publishedAt.toISOString()
  const media =
    post.media.length > 0
      ? `<p class="meta">${post.media.length} attachment${post.media.length === 1 ? '' : 's'}${post.media
          .map((m) => (m.altText ? `: ${escapeHtml(m.altText)}` : ''))
          .join('')}</p>`
      : ''
  const text = `<p>${escapeHtml(post.text)}</p>${media}`
  const body = post.contentWarning
    ? `<details><summary>${escapeHtml(post.contentWarning)}</summary>${text}</details>`
    : text
  return `<li><article id="${id}" aria-labelledby="t-${id}">
<div class="meta"><time id="t-${id}" datetime="${iso}">${escapeHtml(timeFormat.format(post.publishedAt))} UTC</time>
<a href="${escapeHtml(feedUrl)}#${id}">Link to this post</a></div>${body}</article></li>`
}

function pageHtml(title: string, subtitle: string, content: string, feedJsonUrl?: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
${feedJsonUrl ? `<link rel="alternate" type="application/json" href="${escapeHtml(feedJsonUrl)}">` : ''}
<style>${STYLE}</style></head>
<body><main><header><h1>${escapeHtml(title)}</h1><p>${escapeHtml(subtitle)}</p></header>
${content}</main></body></html>`
}

export async function sandboxPageRoutes(app: FastifyInstance, ctx: ServerContext) {
  // PUBLIC_URL or the listening address, never the caller's Host header (public-url.ts).
  const baseUrl = () => publicUrl(ctx.config, app.server)

  /** The channel's name and posts (by its id or its account id), or null when nobody has it. */
  async function feed(channelId: string) {
    if (!serverIdSchema.safeParse(channelId).success) return null
    const channel = await findSandboxChannel(ctx.db, channelId)
    const posts = await listSandboxPosts(ctx.db, null, channel?.accountIds ?? [channelId], FEED_LIMIT)
    if (!channel && posts.length === 0) return null
    const name = channel?.displayName || (channel?.username ? `@${channel.username}` : 'Sandbox channel')
    return { name, posts }
  }

  const notFoundPage = (reply: FastifyReply) =>
    reply
      .code(404)
      .header('content-type', 'text/html; charset=utf-8')
      .send(
        pageHtml(
          'Sandbox channel not found',
          'There is no Sandbox channel at this address.',
          '<p class="empty">Check the link, or publish a first post to this channel from buffer-clone.</p>',
        ),
      )

  app.get<{ Params: { channelId: string } }>('/sandbox/:channelId', { helmet: PAGE_HELMET }, async (request, reply) => {
    const { channelId } = request.params
    const found = await feed(channelId)
    if (!found) return notFoundPage(reply)
    const feedUrl = sandboxFeedUrl(baseUrl(), channelId)
    const content =
      found.posts.length === 0
        ? '<p class="empty">No posts yet. Posts published to this channel appear here, newest first.</p>'
        : `<h2 class="meta">Latest posts</h2><ol>${found.posts.map((p) => articleHtml(p, feedUrl)).join('\n')}</ol>`
    reply.header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-cache')
    return pageHtml(
      `${found.name} on Sandbox`,
      'A Sandbox channel: posts published from buffer-clone.',
      content,
      `${feedUrl}/feed.json`,
    )
  })

  app.get<{ Params: { channelId: string } }>('/sandbox/:channelId/feed.json', async (request, reply) => {
    const { channelId } = request.params
    const found = await feed(channelId)
    if (!found) throw new HttpError('not_found', `There is no Sandbox channel "${channelId.slice(0, 64)}".`)
    const base = baseUrl()
    const posts: SandboxFeedPost[] = found.posts.map((p) => ({
      id: p.id,
      text: p.text,
      contentWarning: p.contentWarning,
      mediaCount: p.media.length,
      publishedAt: p.publishedAt.toISOString(),
      url: sandboxPostUrl(base, channelId, p.id),
    }))
    reply.header('cache-control', 'no-cache')
    return { channelId, name: found.name, url: sandboxFeedUrl(base, channelId), posts }
  })

  // The adapter's default link shape, `<feedUrl>/posts/<id>`, lands on the post's place in its feed.
  app.get<{ Params: { postId: string } }>('/sandbox/posts/:postId', async (request, reply) => {
    const { postId } = request.params
    const [post] = serverIdSchema.safeParse(postId).success
      ? await ctx.db.select({ accountId: sandboxPosts.accountId }).from(sandboxPosts).where(eq(sandboxPosts.id, postId))
      : []
    if (!post) return notFoundPage(reply)
    const channel = await findSandboxChannel(ctx.db, post.accountId)
    return reply.redirect(sandboxPostUrl(baseUrl(), channel?.id ?? post.accountId, postId), 302)
  })
}
