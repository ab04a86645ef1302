/**
 * The bar above every screen: the organization's local time (posts are
 * planned in it), where its data lives and whether it is in sync, the
 * notifications bell, and quick theme and shortcut help.
 */
import { ActionIcon, Burger, Group, Text, Tooltip, useComputedColorScheme } from '@mantine/core'
import { IconKeyboard, IconMoon, IconSun } from '@tabler/icons-react'
import { DateTime } from 'luxon'
import { useEffect, useState } from 'react'
import { NotificationBell } from '../notifications/notification-bell'
import { SyncIndicator } from '../sync/sync-indicator'
import { formatTime, zoneName } from '../../src-shared/time-format'
import { useUpdatePreferences } from './queries'
import { useWorkspace } from './workspace'

function OrgClock({ timezone }: { timezone: string }) {
  const [now, setNow] = useState(() => DateTime.now())
  useEffect(() => {
    const timer = setInterval(() => setNow(DateTime.now()), 30_000)
    return () => clearInterval(timer)
  }, [])
  return (
    <Text fz="sm" c="dimmed" truncate="end">
      <Text span inherit c="var(--mantine-color-text)" fw={500}>
        {formatTime(now.setZone(timezone))}
      </Text>{' '}
      in {zoneName(timezone)}
    </Text>
  )
}

interface Props {
  navOpened: boolean
  onToggleNav: () => void
  onShowShortcuts: () => void
}

export function TopBar({ navOpened, onToggleNav, onShowShortcuts }: Props) {
  const { activeOrg } = useWorkspace()
  const scheme = useComputedColorScheme('light')
  const preferences = useUpdatePreferences()
  const next = scheme === 'dark' ? 'light' : 'dark'

  return (
    <Group h="100%" px="lg" justify="space-between" wrap="nowrap">
      <Group gap="md" wrap="nowrap" style={{ minWidth: 0 }}>
        <Burger
          opened={navOpened}
          onClick={onToggleNav}
          hiddenFrom="sm"
          size="sm"
          aria-label="Open navigation"
          aria-expanded={navOpened}
        />
        {activeOrg && <OrgClock timezone={activeOrg.timezone} />}
      </Group>
      <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
        {activeOrg && <SyncIndicator orgId={activeOrg.id} />}
        <NotificationBell />
        <Tooltip label="Keyboard shortcuts (?)">
          <ActionIcon variant="subtle" color="gray" size="lg" aria-label="Keyboard shortcuts" onClick={onShowShortcuts}>
            <IconKeyboard size={20} stroke={1.6} />
          </ActionIcon>
        </Tooltip>
        <Tooltip label={`Use the ${next} theme`}>
          <ActionIcon
            variant="subtle"
            color="gray"
            size="lg"
            aria-label={`Use the ${next} theme`}
            onClick={() => preferences.mutate({ theme: next })}
          >
            {scheme === 'dark' ? <IconSun size={20} stroke={1.6} /> : <IconMoon size={20} stroke={1.6} />}
          </ActionIcon>
        </Tooltip>
      </Group>
    </Group>
  )
}
