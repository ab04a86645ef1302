/**
 * Text folded after the platform's number of lines behind its own "show more", as its timeline folds a long post.
 * Whether it folds is measured in the page (the lines it wraps to here), so it follows the text as you type.
 */
import { useLayoutEffect, useRef, useState, type ReactNode } from 'react'
import type { Platform } from '../../../../src-shared/entities/enums'
import { FOLD_LABEL, FOLD_LINES } from '../../../../src-shared/platforms/rich-text'
import classes from './previews.module.css'

export function FoldedText({ platform, text, children }: { platform: Platform; text: string; children: ReactNode }) {
  const lines = FOLD_LINES[platform]
  const ref = useRef<HTMLParagraphElement>(null)
  const [overflows, setOverflows] = useState(false)
  const [open, setOpen] = useState(false)
  useLayoutEffect(() => {
    const node = ref.current
    if (!node || lines === null) return
    const measure = () => setOverflows(node.scrollHeight > node.clientHeight + 1)
    measure()
    const observer = new ResizeObserver(measure)
    observer.observe(node)
    return () => observer.disconnect()
  }, [text, lines, open])
  const folded = lines !== null && !open
  return (
    <>
      <p
        ref={ref}
        className={`${classes.text} ${folded ? classes.folded : ''}`}
        style={folded ? { WebkitLineClamp: lines } : undefined}
      >
        {children}
      </p>
      {lines !== null && (overflows || open) && (
        <button type="button" className={classes.fold} aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? 'Show less' : FOLD_LABEL[platform]}
        </button>
      )}
    </>
  )
}
