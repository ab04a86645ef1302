/**
 * Attachments laid out and cropped as the platform's timeline does, each image filling its cell (cover):
 * - Bluesky: one image at its own shape, a tall one cut to a square; two side by side, square; three as one large
 *   square beside two small ones stacked; four in two rows of 3:2.
 * - Mastodon: a 16:9 gallery: one image at its own shape between square and 16:9; two halves; three as one half
 *   beside two quarters; four quarters.
 * - Sandbox: its feed names the attachments ("2 images") and shows none.
 */
import { Group, Text } from '@mantine/core'
import { IconPhoto, IconPlayerPlayFilled } from '@tabler/icons-react'
import type { CSSProperties } from 'react'
import type { Platform } from '../../../../src-shared/entities/enums'
import type { MediaDraft } from '../compose-state'
import classes from './previews.module.css'
import { useMediaSrc } from './use-media-src'

function Cell({ orgId, media, style }: { orgId: string; media: MediaDraft; style?: CSSProperties }) {
  const src = useMediaSrc(orgId, media)
  const alt = media.item.altText?.trim()
  return (
    <div className={classes.cell} style={style}>
      {media.item.type === 'video' ? (
        <>
          {src && <video src={src} muted aria-hidden />}
          <IconPlayerPlayFilled
            size={28}
            color="#fff"
            aria-hidden
            style={{ position: 'absolute', inset: 0, margin: 'auto' }}
          />
        </>
      ) : (
        src && <img src={src} alt={alt ?? ''} />
      )}
      {alt && (
        <span className={classes.alt} aria-hidden>
          ALT
        </span>
      )}
    </div>
  )
}

const ratio = (media: MediaDraft) => (media.item.width && media.item.height ? media.item.width / media.item.height : 1)

const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value))

/** The grid's shape and each cell's place, for n attachments (1 to 4). */
function layout(platform: 'bluesky' | 'mastodon', first: MediaDraft, n: number) {
  const grid: CSSProperties = {}
  const cells: CSSProperties[] = []
  if (n === 1) {
    grid.aspectRatio = platform === 'bluesky' ? Math.max(1, ratio(first)) : clamp(ratio(first), 1, 16 / 9)
  } else if (platform === 'bluesky') {
    if (n === 2) Object.assign(grid, { gridTemplateColumns: '1fr 1fr', aspectRatio: '2 / 1' })
    if (n === 3) {
      Object.assign(grid, { gridTemplateColumns: '2fr 1fr', gridTemplateRows: '1fr 1fr', aspectRatio: '3 / 2' })
      cells[0] = { gridRow: 'span 2' }
    }
    if (n === 4)
      Object.assign(grid, { gridTemplateColumns: '1fr 1fr', gridTemplateRows: '1fr 1fr', aspectRatio: '3 / 2' })
  } else {
    Object.assign(grid, { gridTemplateColumns: '1fr 1fr', gridTemplateRows: n === 2 ? '1fr' : '1fr 1fr' })
    if (n === 3) cells[0] = { gridRow: 'span 2' }
  }
  return { grid, cells }
}

export function MediaGrid({ orgId, platform, media }: { orgId: string; platform: Platform; media: MediaDraft[] }) {
  if (media.length === 0) return null
  if (platform === 'sandbox') {
    return (
      <Group gap={4} c="dimmed" mt={6}>
        <IconPhoto size={14} aria-hidden />
        <Text fz="xs" inherit>
          {media.length === 1 ? '1 image' : `${media.length} images`}
        </Text>
      </Group>
    )
  }
  const shown = media.slice(0, 4)
  const { grid, cells } = layout(platform, shown[0]!, shown.length)
  return (
    <div
      className={`${classes.grid} ${platform === 'mastodon' ? classes.mastodonGrid : ''}`}
      style={grid}
      data-count={shown.length}
    >
      {shown.map((item, index) => (
        <Cell key={item.item.url} orgId={orgId} media={item} style={cells[index]} />
      ))}
    </div>
  )
}
