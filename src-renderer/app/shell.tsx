/**
 * The frame around every screen: navbar (organization switcher, screens,
 * you), top bar, and the main region the skip link jumps to.
 */
import { AppShell, Avatar, Box, CloseButton, Group, Text } from '@mantine/core'
import { useDisclosure, useHotkeys } from '@mantine/hooks'
import { useCallback, useRef, type MouseEvent } from 'react'
import { useLocation } from 'wouter'
import { Nav } from './nav'
import { OrgSwitcher } from './org-switcher'
import { Routes } from './routes'
import classes from './shell.module.css'
import { ShortcutsHelp } from './shortcuts-help'
import { TopBar } from './top-bar'
import { useFocusKeeper } from './use-focus-keeper'
import { useGoShortcuts } from './use-go-shortcuts'
import { useWorkspace } from './workspace'

function ProfileCard() {
  const { profile } = useWorkspace()
  return (
    <Group gap="sm" wrap="nowrap" p={8}>
      <Avatar name={profile.name} color="gray" radius="xl" size={32} variant="light" />
      <Box style={{ minWidth: 0 }}>
        <Text fz="sm" fw={500} truncate="end">
          {profile.name}
        </Text>
        <Text fz="xs" c="dimmed" truncate="end">
          {profile.email ?? 'Local profile'}
        </Text>
      </Box>
    </Group>
  )
}

export function Shell() {
  const [navOpened, nav] = useDisclosure(false)
  const [location, navigate] = useLocation()
  const [helpOpened, help] = useDisclosure(false)
  const main = useRef<HTMLElement>(null)
  const { activeOrg } = useWorkspace()
  useGoShortcuts(navigate, help.open)
  useFocusKeeper(location, main)
  // "N" writes a new post from anywhere, as in Buffer; not while typing (Mantine's default) or under a dialog.
  useHotkeys([
    [
      'n',
      () => {
        if (activeOrg && !document.querySelector('[role="dialog"][aria-modal="true"]')) navigate('/publish/compose')
      },
    ],
  ])

  // The hash is the router's, so the skip link moves focus itself instead of jumping to "#main".
  const skipToContent = useCallback((event: MouseEvent) => {
    event.preventDefault()
    main.current?.focus()
  }, [])

  return (
    <>
      <a href="#main-content" className={classes.skipLink} onClick={skipToContent}>
        Skip to content
      </a>
      <AppShell
        layout="alt"
        header={{ height: 56 }}
        navbar={{ width: 248, breakpoint: 'sm', collapsed: { mobile: !navOpened } }}
        padding={0}
      >
        <AppShell.Header>
          <TopBar navOpened={navOpened} onToggleNav={nav.toggle} onShowShortcuts={help.open} />
        </AppShell.Header>
        <AppShell.Navbar className={classes.navbar} p="sm" aria-label="Main navigation">
          <AppShell.Section mb="md">
            <Group gap={4} wrap="nowrap">
              <Box style={{ flex: 1, minWidth: 0 }}>
                <OrgSwitcher />
              </Box>
              {/* On narrow windows the navbar covers the top bar and its burger, so it needs its own way out. */}
              <CloseButton hiddenFrom="sm" aria-label="Close navigation" onClick={nav.close} />
            </Group>
          </AppShell.Section>
          <AppShell.Section grow>
            <Nav onNavigate={nav.close} />
          </AppShell.Section>
          <AppShell.Section pt="sm" style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}>
            <ProfileCard />
          </AppShell.Section>
        </AppShell.Navbar>
        <AppShell.Main id="main-content" ref={main} tabIndex={-1} className={classes.main}>
          <Box px={{ base: 'md', sm: 40 }} py={32} maw={1120} mx="auto">
            <Routes />
          </Box>
        </AppShell.Main>
      </AppShell>
      <ShortcutsHelp opened={helpOpened} onClose={help.close} />
    </>
  )
}
