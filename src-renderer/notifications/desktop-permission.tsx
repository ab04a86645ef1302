/**
 * Browser mode only: the browser shows desktop notifications after the person
 * allows them, and it may only ask in answer to a click, so this is a button,
 * never a prompt on load. Electron needs no permission; it renders nothing there.
 */
import { Button, Text, type ButtonProps } from '@mantine/core'
import { IconBellRinging } from '@tabler/icons-react'
import { useState } from 'react'
import { useAppInfo } from '../app/queries'
import { webNotificationsSupported } from './announce'

export function DesktopNotificationsButton(props: ButtonProps) {
  const host = useAppInfo().data?.host
  const [permission, setPermission] = useState(() =>
    webNotificationsSupported() ? Notification.permission : 'unsupported',
  )
  if (host !== 'web') return null
  if (permission === 'unsupported') {
    return (
      <Text fz="sm" c="dimmed">
        This browser cannot show desktop notifications.
      </Text>
    )
  }
  if (permission === 'granted') {
    return (
      <Text fz="sm" c="dimmed">
        Desktop notifications are on for this browser.
      </Text>
    )
  }
  if (permission === 'denied') {
    return (
      <Text fz="sm" c="dimmed">
        This browser blocks notifications from the app; allow them in the site settings to get them.
      </Text>
    )
  }
  return (
    <Button
      variant="light"
      leftSection={<IconBellRinging size={16} aria-hidden />}
      onClick={() => void Notification.requestPermission().then(setPermission)}
      {...props}
    >
      Turn on desktop notifications
    </Button>
  )
}
