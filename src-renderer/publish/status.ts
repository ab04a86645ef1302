/** One word and one colour per post status, the same on every tab, card and the post view. */
import type { MantineColor } from '@mantine/core'
import type { PostStatus } from '../../src-shared/entities/enums'
import { PLACED_STATUSES } from '../../src-shared/entities/post-rules'

export const STATUS: Record<PostStatus, { label: string; color: MantineColor }> = {
  draft: { label: 'Draft', color: 'gray' },
  needs_approval: { label: 'Awaiting approval', color: 'orange' },
  approved: { label: 'Approved', color: 'teal' },
  rejected: { label: 'Changes requested', color: 'red' },
  scheduled: { label: 'Scheduled', color: 'brand' },
  publishing: { label: 'Publishing', color: 'cyan' },
  published: { label: 'Published', color: 'teal' },
  failed: { label: 'Failed', color: 'red' },
  needs_attention: { label: 'Needs attention', color: 'orange' },
}

/** Statuses a post can still be edited and scheduled from. */
export const EDITABLE: PostStatus[] = ['draft', 'rejected', 'needs_approval', 'scheduled', 'failed', 'needs_attention']

/** Statuses of a post that holds a time (or asked for one): editing keeps it, removing it needs a yes. */
export const QUEUED: readonly PostStatus[] = PLACED_STATUSES
