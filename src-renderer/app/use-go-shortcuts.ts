/**
 * "g" then a screen's key jumps there, as in Gmail, GitHub and Linear; "?"
 * opens the shortcut list. Keys typed into a field, or with a modifier held,
 * are the user's text, not commands.
 */
import { useEffect } from 'react'
import { SCREENS } from './screens'

const SEQUENCE_MS = 1200

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false
  if (target.isContentEditable) return true
  return ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)
}

export function useGoShortcuts(navigate: (path: string) => void, showHelp: () => void): void {
  useEffect(() => {
    let armedAt = 0
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return
      // An open dialog owns the keyboard; jumping screens under it would be surprising.
      if (document.querySelector('[role="dialog"][aria-modal="true"]')) return
      const key = event.key.toLowerCase()
      if (key === '?') {
        event.preventDefault()
        showHelp()
        return
      }
      if (Date.now() - armedAt < SEQUENCE_MS) {
        armedAt = 0
        const screen = SCREENS.find((candidate) => candidate.key === key)
        if (screen) {
          event.preventDefault()
          navigate(screen.path)
        }
        return
      }
      if (key === 'g') armedAt = Date.now()
    }
    window.addEventListener('keydown', onKeyDown)
    return () => window.removeEventListener('keydown', onKeyDown)
  }, [navigate, showHelp])
}
