/**
 * A local sandbox post's address (`sandbox://<org>/<channel>/posts/<id>`, as
 * the main process reports it in platformUrl and feed urls) as the in-app
 * route that shows it; null for any other address (open those externally).
 */
export function sandboxRoute(url: string): string | null {
  const match = /^sandbox:\/\/([^/]+)\/([^/]+)(?:\/posts\/([^/]+))?\/?$/.exec(url)
  if (!match) return null
  const [, orgId, channelId, postId] = match
  return `/sandbox/${orgId}/${channelId}${postId ? `/posts/${postId}` : ''}`
}
