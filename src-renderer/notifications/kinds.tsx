/** Each kind of notification's icon and colour. */
import { ThemeIcon, type MantineColor } from '@mantine/core'
import {
  IconAlertTriangle,
  IconCircleCheck,
  IconCircleX,
  IconHourglass,
  IconMessageCircleQuestion,
  IconSend,
} from '@tabler/icons-react'
import type { NotificationKind } from '../../src-shared/entities/models'

export const KIND_INFO: Record<NotificationKind, { icon: typeof IconSend; color: MantineColor; label: string }> = {
  'approval.requested': { icon: IconMessageCircleQuestion, color: 'blue', label: 'Approval requested' },
  'approval.approved': { icon: IconCircleCheck, color: 'teal', label: 'Approved' },
  'approval.rejected': { icon: IconCircleX, color: 'red', label: 'Changes requested' },
  'post.published': { icon: IconSend, color: 'teal', label: 'Published' },
  'post.failed': { icon: IconAlertTriangle, color: 'red', label: 'Failed' },
  'post.needs_attention': { icon: IconHourglass, color: 'orange', label: 'Needs attention' },
}

export function KindIcon({ kind, size = 32 }: { kind: NotificationKind; size?: number }) {
  const { icon: Icon, color, label } = KIND_INFO[kind]
  return (
    <ThemeIcon variant="light" color={color} radius="xl" size={size} title={label}>
      <Icon size={size * 0.56} stroke={1.7} aria-label={label} role="img" />
    </ThemeIcon>
  )
}
