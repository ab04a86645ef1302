/** How much room a text has left on the strictest of the chosen channels, as that platform counts it. */
import type { Platform } from '../../../src-shared/entities/enums'
import { measureText } from '../../../src-shared/platforms/adapter'
import { platformLimits } from '../../../src-shared/platforms'

/** Characters left (negative: over) on the channel with the least room; null with no channel. */
export function roomLeft(platforms: Platform[], text: string): number | null {
  const left = platforms.map((p) => platformLimits[p].maxTextLength - measureText(platformLimits[p], text))
  return left.length ? Math.min(...left) : null
}

/** "212 characters left", "12 characters over": a counter's words. */
export function roomWords(left: number | null): string {
  if (left === null) return ''
  const n = Math.abs(left)
  return `${n.toLocaleString()} character${n === 1 ? '' : 's'} ${left < 0 ? 'over' : 'left'}`
}

/**
 * The length a thread is split by when it goes to several platforms: the longest count of any of them against
 * the smallest limit, so every part fits everywhere.
 */
export function strictestMeasure(platforms: Platform[]): { limit: number; measure: (text: string) => number } {
  const limits = platforms.map((p) => platformLimits[p])
  return {
    limit: Math.min(...limits.map((l) => l.maxTextLength)),
    measure: (text) => Math.max(...limits.map((l) => measureText(l, text))),
  }
}
