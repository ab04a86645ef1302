/**
 * Opening where a post was published: a local Sandbox post (`sandbox://…`) or an address starting with '#' is a
 * screen of this app; anything else opens in the person's browser — through the main process in Electron, as a new
 * tab in browser mode.
 */
import { sandboxRoute } from '../sandbox/links'
import { openExternally } from '../ui/external-link'

export function openPostLink(url: string, host: 'electron' | 'web' | undefined): void {
  const route = url.startsWith('#') ? url.slice(1) : sandboxRoute(url)
  if (route !== null) {
    window.location.hash = route
    return
  }
  openExternally(url, host)
}

/** What to put in a link's href: the in-app address where there is one, so it reads right on hover. */
export function postLinkHref(url: string): string {
  const route = sandboxRoute(url)
  return route ? `#${route}` : url
}
