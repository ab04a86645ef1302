/** Each kind of notification's icon and colour. */
import { ThemeIcon, type MantineColor } from '@mantine/core'
import {
  IconAlertTriangle,
  IconCircleCheck,
  IconCircleX,
  IconHourglass,
  IconMessageCircleQuestion,
  IconSend,
  IconUserCheck,
} from '@tabler/icons-react'
import type { NotificationKind } from '../../src-shared/entities/models'

export const KIND_INFO: Record<NotificationKind, { icon: typeof IconSend; color: MantineColor }> = {
  'approval.requested': { icon: IconMessageCircleQuestion, color: 'blue' },
  'approval.approved': { icon: IconCircleCheck, color: 'teal' },
  'approval.rejected': { icon: IconCircleX, color: 'red' },
  'post.published': { icon: IconSend, color: 'teal' },
  'post.failed': { icon: IconAlertTriangle, color: 'red' },
  'post.needs_attention': { icon: IconHourglass, color: 'orange' },
  'comment.assigned': { icon: IconUserCheck, color: 'blue' },
}

/** Decorative: every title already says what happened ("Approval requested: …"). */
export function KindIcon({ kind, size = 32 }: { kind: NotificationKind; size?: number }) {
  const { icon: Icon, color } = KIND_INFO[kind]
  return (
    <ThemeIcon variant="light" color={color} radius="xl" size={size} aria-hidden>
      <Icon size={size * 0.56} stroke={1.7} />
    </ThemeIcon>
  )
}
