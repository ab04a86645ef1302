/**
 * A post's pictures as small thumbnails where posts are listed (queue and Sent cards, calendar chips, the Sandbox
 * feed). Each file is read (readMedia, the composer's query, so one read per file) only once the strip is scrolled
 * into view; every tile has its fixed size from the start, so nothing moves when a picture arrives. A video shows a
 * video icon rather than loading the whole file for one frame.
 */
import { IconPhoto, IconVideo } from '@tabler/icons-react'
import { useEffect, useRef, useState, type CSSProperties, type RefObject } from 'react'
import { useMediaSrc } from './compose/previews/use-media-src'
import classes from './post-thumbs.module.css'

/** What a list knows of an attachment: a post's MediaItem, or a Sandbox feed post's media entry. */
export interface ThumbMedia {
  /** A `media:` name; null when the post does not say which file it was. */
  url: string | null
  type?: 'image' | 'video' | 'gif'
  mimeType?: string
  altText?: string | null
}

/** True once the element has come near the viewport (and from then on). */
function useSeen(ref: RefObject<HTMLElement | null>, shown: boolean): boolean {
  // Without an observer (no such runtime here, but cheap to allow) everything counts as seen.
  const [seen, setSeen] = useState(() => typeof IntersectionObserver === 'undefined')
  useEffect(() => {
    const element = ref.current
    if (seen || !shown || !element) return
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) setSeen(true)
      },
      { rootMargin: '200px' },
    )
    observer.observe(element)
    return () => observer.disconnect()
  }, [ref, seen, shown])
  return seen
}

const isVideo = (media: ThumbMedia) => media.type === 'video' || Boolean(media.mimeType?.startsWith('video/'))

/** What a screen reader hears for a tile: the alt text people wrote, else what the file is. */
function labelOf(media: ThumbMedia, index: number, total: number): string {
  const alt = media.altText?.trim()
  if (alt) return alt
  const kind = isVideo(media) ? 'Video' : 'Image'
  return total > 1 ? `${kind} ${index + 1} of ${total}, no description` : `${kind}, no description`
}

interface TileProps {
  orgId: string
  media: ThumbMedia
  label: string
  size: number
  seen: boolean
  /** Inside something that names the post itself (a calendar chip): a span, and nothing for a screen reader. */
  decorative?: boolean
}

function Tile({ orgId, media, label, size, seen, decorative }: TileProps) {
  const video = isVideo(media)
  const src = useMediaSrc(orgId, { item: { url: media.url ?? '', type: 'image' } }, seen && !video && !!media.url)
  const style: CSSProperties = { width: size, height: size }
  const icon = Math.round(size * 0.55)
  const Wrapper = decorative ? 'span' : 'li'
  return (
    <Wrapper
      className={classes.tile}
      style={style}
      data-thumb={video ? 'video' : src ? 'image' : 'pending'}
      aria-hidden={decorative || undefined}
    >
      {src ? (
        <img src={src} alt={decorative ? '' : label} width={size} height={size} decoding="async" />
      ) : (
        <span
          role={decorative ? undefined : 'img'}
          aria-label={decorative ? undefined : label}
          className={classes.icon}
        >
          {video ? <IconVideo size={icon} aria-hidden /> : <IconPhoto size={icon} aria-hidden />}
        </span>
      )}
    </Wrapper>
  )
}

interface Props {
  orgId: string
  media: readonly ThumbMedia[]
  /** Each tile's side in pixels. */
  size?: number
  /** How many tiles at most; the rest are counted in a last one ("+2"). */
  max?: number
  className?: string
}

export function PostThumbs({ orgId, media, size = 56, max = 4, className }: Props) {
  const ref = useRef<HTMLUListElement>(null)
  const seen = useSeen(ref, media.length > 0)
  if (media.length === 0) return null
  const shown = media.length > max ? media.slice(0, max - 1) : media
  const rest = media.length - shown.length
  return (
    <ul
      ref={ref}
      className={`${classes.strip} ${className ?? ''}`}
      aria-label={media.length === 1 ? '1 attachment' : `${media.length} attachments`}
    >
      {shown.map((item, index) => (
        <Tile
          key={`${item.url ?? 'unnamed'}-${index}`}
          orgId={orgId}
          media={item}
          label={labelOf(item, index, media.length)}
          size={size}
          seen={seen}
        />
      ))}
      {rest > 0 && (
        <li
          className={`${classes.tile} ${classes.more}`}
          style={{ width: size, height: size }}
          aria-label={`and ${rest} more`}
        >
          +{rest}
        </li>
      )}
    </ul>
  )
}

/** The first attachment alone, for a place that is small and already says what the post is (a calendar chip). */
export function FirstThumb({ orgId, media, size = 20, className }: Omit<Props, 'max'>) {
  const ref = useRef<HTMLSpanElement>(null)
  const seen = useSeen(ref, media.length > 0)
  if (media.length === 0) return null
  return (
    <span ref={ref} className={`${classes.first} ${className ?? ''}`}>
      <Tile orgId={orgId} media={media[0]!} label="" size={size} seen={seen} decorative />
    </span>
  )
}
