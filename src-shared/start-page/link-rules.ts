/**
 * What a Start Page link's address may be: http(s):, mailto: or tel:, nothing else (javascript:, data: and the
 * rest are refused, naming the link). The renderer, the builder and the server all check with these.
 */
const ALLOWED = /^(https?:\/\/[^\s]+|mailto:[^\s]+|tel:\+?[0-9 ()./-]+)$/i

/** The address, as typed, made ready to check: trimmed, and `https://` put before a bare `example.com`. */
export function normalizeLinkUrl(url: string): string {
  const trimmed = url.trim()
  if (/^[a-z][a-z0-9+.-]*:/i.test(trimmed)) return trimmed
  return /^[^\s/]+\.[^\s/]+/.test(trimmed) ? `https://${trimmed}` : trimmed
}

/** Whether an address may be a link on a page. */
export const isSafeLinkUrl = (url: string): boolean => {
  if (!ALLOWED.test(url)) return false
  if (/^https?:/i.test(url)) {
    try {
      return Boolean(new URL(url).hostname)
    } catch {
      return false
    }
  }
  return true
}

/** A sentence naming the link and what to type, or null when its address may be used. */
export function linkProblem(label: string, url: string): string | null {
  const name = label.trim() ? `“${label.trim()}”` : 'A link'
  if (!url.trim()) return `${name} has no address: type one such as https://example.com.`
  if (isSafeLinkUrl(url)) return null
  return `${name} must go to a web address (https://…), an email (mailto:…) or a phone number (tel:…).`
}
