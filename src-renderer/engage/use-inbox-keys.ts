/**
 * The inbox's keyboard: j/k or the arrows move, Enter opens, x selects, r replies, e marks done, a assigns,
 * t tags, s snoozes, / searches, ? lists them all. Heard before the app's own shortcuts (capture), so "?" opens
 * the inbox's list here; keys typed into a field, with a modifier, under an open dialog, or after "g" (the app's
 * screen jumps) are left alone.
 */
import { useEffect, useRef } from 'react'

export type InboxCommand =
  'next' | 'previous' | 'open' | 'select' | 'reply' | 'done' | 'assign' | 'tag' | 'snooze' | 'search' | 'help' | 'clear'

const KEYS: Record<string, InboxCommand> = {
  j: 'next',
  ArrowDown: 'next',
  k: 'previous',
  ArrowUp: 'previous',
  Enter: 'open',
  x: 'select',
  r: 'reply',
  e: 'done',
  a: 'assign',
  t: 'tag',
  s: 'snooze',
  '/': 'search',
  '?': 'help',
  Escape: 'clear',
}

const SEQUENCE_MS = 1200

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false
  if (target.isContentEditable) return true
  return ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)
}

/** A focused button or link handles its own Enter. */
const ownsEnter = (target: EventTarget | null) =>
  target instanceof HTMLElement && ['BUTTON', 'A'].includes(target.tagName)

export function useInboxKeys(run: (command: InboxCommand) => void): void {
  const latest = useRef(run)
  useEffect(() => {
    latest.current = run
  })
  useEffect(() => {
    let gAt = 0
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return
      if (document.querySelector('[role="dialog"][aria-modal="true"]')) return
      if (event.key === 'g') {
        gAt = Date.now()
        return
      }
      if (Date.now() - gAt < SEQUENCE_MS) {
        gAt = 0
        return
      }
      const command = KEYS[event.key.length === 1 ? event.key.toLowerCase() : event.key]
      const exact = KEYS[event.key]
      const chosen = event.key === '?' ? 'help' : (exact ?? command)
      if (!chosen || (chosen === 'open' && ownsEnter(event.target))) return
      event.preventDefault()
      event.stopPropagation()
      latest.current(chosen)
    }
    window.addEventListener('keydown', onKeyDown, true)
    return () => window.removeEventListener('keydown', onKeyDown, true)
  }, [])
}
