/**
 * Opening where a post was published: an address starting with '#' is a screen of this app (the local Sandbox
 * feed); anything else opens in the person's browser — through the main process in Electron, as a new tab in
 * browser mode.
 */
import { call } from '../platform/api'
import { notifyError } from '../ui/errors'

export function openPostLink(url: string, host: 'electron' | 'web' | undefined): void {
  if (url.startsWith('#')) {
    window.location.hash = url.slice(1)
    return
  }
  if (host === 'electron') {
    call('openExternal', { url }).catch((error: unknown) => notifyError(error, 'Couldn’t open the link'))
    return
  }
  window.open(url, '_blank', 'noopener')
}
