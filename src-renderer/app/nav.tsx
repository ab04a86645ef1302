/**
 * The screen links in the navbar: real `<a>` elements (so they can be opened,
 * copied and tabbed to), the active one marked with `aria-current="page"`,
 * each with its keyboard shortcut in a tooltip. Pointing at or focusing a
 * link starts loading its screen's module, so the click rarely waits.
 */
import { Group, Kbd, NavLink, Stack, Text, Tooltip } from '@mantine/core'
import { Link, useRoute } from 'wouter'
import { preloadScreen } from './lazy-screens'
import { SCREENS, type Screen } from './screens'

function ShortcutHint({ screen }: { screen: Screen }) {
  return (
    <Group gap={6} wrap="nowrap">
      <Text fz="xs" inherit>
        Go to {screen.label}
      </Text>
      <Kbd size="xs">G</Kbd>
      <Text fz="xs" inherit>
        then
      </Text>
      <Kbd size="xs">{screen.keyLabel}</Kbd>
    </Group>
  )
}

function NavItem({ screen, onNavigate }: { screen: Screen; onNavigate: () => void }) {
  const [active] = useRoute(screen.path)
  const Icon = screen.icon
  return (
    <Tooltip label={<ShortcutHint screen={screen} />} position="right" openDelay={600}>
      <NavLink
        component={Link}
        href={screen.path}
        onClick={onNavigate}
        onPointerEnter={() => preloadScreen(screen.path)}
        onFocus={() => preloadScreen(screen.path)}
        label={screen.label}
        leftSection={<Icon size={18} stroke={1.7} aria-hidden />}
        active={active}
        aria-current={active ? 'page' : undefined}
        aria-keyshortcuts={`g ${screen.key}`}
        variant="light"
        fw={500}
        style={{ borderRadius: 'var(--mantine-radius-md)' }}
      />
    </Tooltip>
  )
}

export function Nav({ onNavigate }: { onNavigate: () => void }) {
  return (
    <Stack component="ul" gap={2} m={0} p={0} style={{ listStyle: 'none' }}>
      {SCREENS.map((screen) => (
        <li key={screen.path}>
          <NavItem screen={screen} onNavigate={onNavigate} />
        </li>
      ))}
    </Stack>
  )
}
