/** A post's text with what the platform links drawn as links (not followed: a preview goes nowhere). */
import type { Platform } from '../../../../src-shared/entities/enums'
import { richTextSegments } from '../../../../src-shared/platforms/rich-text'
import classes from './previews.module.css'

export function RichTextView({ platform, text }: { platform: Platform; text: string }) {
  return (
    <>
      {richTextSegments(platform, text).map((segment, index) =>
        segment.kind === 'text' ? (
          segment.text
        ) : (
          <span
            key={index}
            className={classes.link}
            data-kind={segment.kind}
            title={segment.kind === 'link' ? segment.href : undefined}
          >
            {segment.text}
          </span>
        ),
      )}
    </>
  )
}
