/**
 * GET /invite/:code — where an invitation link lands in a browser. The app
 * joins with the code, so the page says how, and shows the code to copy.
 * It reads nothing from the database: a link reveals no more than its code.
 */
import type { FastifyInstance } from 'fastify'

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)

export async function invitePageRoutes(app: FastifyInstance) {
  app.get<{ Params: { code: string } }>('/invite/:code', async (request, reply) => {
    const code = escapeHtml(request.params.code.slice(0, 200))
    reply.header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store')
    return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Join an organization on buffer-clone</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:34rem;margin:4rem auto;padding:0 1rem;color:#1f2330}
code{display:block;padding:.75rem 1rem;background:#f1f3f9;border-radius:8px;font-size:1.05rem;word-break:break-all}
ol{padding-left:1.2rem}</style></head>
<body><h1>You're invited to an organization on buffer-clone</h1>
<ol><li>Open buffer-clone on your computer.</li>
<li>Go to <strong>Settings → Sync</strong> and sign in to this server (or create an account).</li>
<li>Under <strong>Join an organization</strong>, paste this code (or this page's address):</li></ol>
<code>${code}</code>
<p>The invitation works once and expires; ask for a new one if it has.</p></body></html>`
  })
}
