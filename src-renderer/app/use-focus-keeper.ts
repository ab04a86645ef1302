/**
 * Focus never falls to the page body. When the focused element goes away (a dialog closed with Esc after a
 * menu opened it, a screen left after submitting), focus goes back where it came from:
 *
 * - on the same screen, to the latest element focused before that is still there (the menu's button, say,
 *   when the menu item that opened the dialog has gone with its menu);
 * - on arriving back at a screen, to the element it was on when that screen was left ("Create post" after
 *   the composer), found again by its role, name and address since the screen was drawn anew;
 * - else to the main region, so the next Tab starts in the content.
 *
 * A screen that places focus itself (the composer's text) keeps it: this only acts while focus is on the body.
 */
import { useEffect, useLayoutEffect, useRef } from 'react'

interface Focused {
  element: HTMLElement
  location: string
  /** How to find the same control again after its screen is drawn anew. */
  key: string
}

const HISTORY = 30
/** How long after arriving at a screen its earlier focus is looked for (a screen may load lazily). */
const ARRIVAL_MS = 2000
const FOCUSABLE = 'a[href], button, input, textarea, select, [tabindex]:not([tabindex="-1"]), [role="tab"]'

function keyOf(element: HTMLElement): string {
  const name = element.getAttribute('aria-label') ?? element.textContent?.trim().slice(0, 80) ?? ''
  return [element.tagName, element.getAttribute('role') ?? '', element.getAttribute('href') ?? '', name].join('|')
}

const visible = (element: HTMLElement) => element.isConnected && element.getClientRects().length > 0

/** Nothing has focus: the body does (or the main region, which is where this keeper itself falls back). */
const adrift = (main: HTMLElement | null) =>
  !document.activeElement || document.activeElement === document.body || document.activeElement === main

export function useFocusKeeper(location: string, main: React.RefObject<HTMLElement | null>): void {
  const history = useRef<Focused[]>([])
  const current = useRef(location)
  const arrived = useRef({ location, at: 0 })
  const restoreNow = useRef(() => {})

  useEffect(() => {
    const onFocusIn = (event: FocusEvent) => {
      const element = event.target
      if (!(element instanceof HTMLElement) || element === document.body || element === main.current) return
      history.current = [
        ...history.current.filter((entry) => entry.element !== element),
        { element, location: current.current, key: keyOf(element) },
      ].slice(-HISTORY)
    }

    const restore = () => {
      if (!adrift(main.current)) return
      const here = current.current
      const entries = [...history.current].reverse()
      const arriving = arrived.current.location === here && Date.now() - arrived.current.at < ARRIVAL_MS
      // Focus left on purpose (a click on the page's background) stays where the person put it: only a control
      // that went away, with its dialog or its screen, sends focus elsewhere.
      const last = entries[0]
      if (!arriving && (!last || visible(last.element))) return
      // Back on a screen that was left: the control it was on, drawn anew.
      if (arriving) {
        const before = entries.find((entry) => entry.location === here && !entry.element.isConnected)
        if (before) {
          const again = [...document.querySelectorAll<HTMLElement>(FOCUSABLE)].find(
            (candidate) => visible(candidate) && keyOf(candidate) === before.key,
          )
          if (again) {
            again.focus()
            return
          }
        }
      }
      if (document.activeElement === main.current) return
      // Still on this screen: the latest control that is still there.
      const kept = entries.find((entry) => entry.location === here && visible(entry.element))
      if (kept) kept.element.focus()
      else main.current?.focus({ preventScroll: true })
    }

    restoreNow.current = restore
    // Removing the focused element fires no blur in every browser, so changes to the page are watched instead.
    const observer = new MutationObserver(() => {
      if (adrift(main.current)) restore()
    })
    observer.observe(document.body, { childList: true, subtree: true })
    document.addEventListener('focusin', onFocusIn)
    return () => {
      observer.disconnect()
      document.removeEventListener('focusin', onFocusIn)
    }
  }, [main])

  // Before the page's mutations are observed (a layout effect runs in the same commit), so the new screen's
  // changes are read as this location's; then once more after it has painted, for a screen drawn in one go.
  useLayoutEffect(() => {
    current.current = location
    arrived.current = { location, at: Date.now() }
    const frame = requestAnimationFrame(() => restoreNow.current())
    return () => cancelAnimationFrame(frame)
  }, [location])
}
