/**
 * Splits a long text into numbered thread parts, each within `limit`
 * characters including its " (n/m)" marker. Cuts at a sentence end when one
 * fits, else at a word boundary, else (a word longer than a part) mid-word.
 */
export function splitThread(text: string, limit: number): string[] {
  const clean = text.trim()
  if (clean.length <= limit) return clean ? [clean] : []
  // The marker width depends on the count; grow the reserve until it is stable.
  for (let reserve = 6; reserve < limit; reserve += 1) {
    const bodies = cut(clean, limit - reserve)
    const n = bodies.length
    if (bodies.every((b, i) => b.length + marker(i + 1, n).length <= limit)) {
      return bodies.map((b, i) => b + marker(i + 1, n))
    }
  }
  return [clean.slice(0, limit)]
}

function marker(i: number, n: number): string {
  return ` (${i}/${n})`
}

function cut(text: string, room: number): string[] {
  const parts: string[] = []
  let rest = text
  while (rest.length > room) {
    const window = rest.slice(0, room + 1)
    let at = lastMatch(window, /[.!?…](?=\s)/g)
    if (at > room * 0.5) at += 1
    else at = window.lastIndexOf(' ') > 0 ? window.lastIndexOf(' ') : room
    parts.push(rest.slice(0, at).trim())
    rest = rest.slice(at).trim()
  }
  if (rest) parts.push(rest)
  return parts
}

function lastMatch(s: string, re: RegExp): number {
  let at = -1
  for (const m of s.matchAll(re)) at = m.index
  return at
}
