/**
 * What sync tells the user without being asked: the server kept its own
 * version of some changes (and why), or this device lost access to an
 * organization. Both stay on screen until dismissed or read, since each
 * means work the user did is not where they left it.
 */
import { List, Stack, Text } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconCloudExclamation, IconUserOff } from '@tabler/icons-react'

const closeButtonProps = { 'aria-label': 'Dismiss notification' }
const MAX_REASONS = 5

export function notifyRefused(reasons: string[], orgName: string | undefined): void {
  const unique = [...new Set(reasons)]
  const shown = unique.slice(0, MAX_REASONS)
  notifications.show({
    color: 'orange',
    icon: <IconCloudExclamation size={18} aria-hidden />,
    title: orgName ? `Some changes in “${orgName}” were not kept` : 'Some changes were not kept',
    message: (
      <Stack gap={4}>
        <Text fz="sm" inherit>
          The server kept its version:
        </Text>
        <List size="sm" spacing={2} withPadding>
          {shown.map((reason) => (
            <List.Item key={reason}>{reason}</List.Item>
          ))}
          {unique.length > shown.length && <List.Item>…and {unique.length - shown.length} more</List.Item>}
        </List>
      </Stack>
    ),
    autoClose: 20_000,
    closeButtonProps,
  })
}

export function notifyRemoved(name: string): void {
  notifications.show({
    color: 'gray',
    icon: <IconUserOff size={18} aria-hidden />,
    message: `You no longer have access to ${name}; its data was removed from this device.`,
    autoClose: false,
    closeButtonProps,
  })
}
