/**
 * Opening the composer puts the cursor in its text, at the end, so writing starts at once (a screen, unlike a
 * dialog, has no focus trap to read `data-autofocus`). Once per opening: later renders leave focus alone.
 */
import { useEffect, useRef } from 'react'

export function useFocusTextOnOpen(ready: boolean): void {
  const done = useRef(false)
  useEffect(() => {
    if (!ready || done.current) return
    done.current = true
    const text = document.querySelector<HTMLTextAreaElement>('main textarea[data-autofocus]')
    if (!text) return
    text.focus()
    text.setSelectionRange(text.value.length, text.value.length)
  }, [ready])
}
