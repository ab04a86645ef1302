/**
 * Everything the screens rely on being above them: the query client, the
 * Mantine theme in the right colour scheme, and notifications.
 */
import { MantineProvider, type MantineColorSchemeManager } from '@mantine/core'
import { Notifications } from '@mantine/notifications'
import { QueryClientProvider } from '@tanstack/react-query'
import { useState, type ReactNode } from 'react'
import { setTimeFormat } from '../../src-shared/time-format'
import { useProfile } from './queries'
import { createQueryClient } from './query-client'
import { cssVariablesResolver, theme } from './theme'
import { useAppEvents } from './use-app-events'

// The profile, not localStorage, is where the preference lives; Mantine's manager only ever reports "auto".
const followSystem: MantineColorSchemeManager = {
  get: () => 'auto',
  set: () => {},
  subscribe: () => {},
  unsubscribe: () => {},
  clear: () => {},
}

function ThemedMantine({ children }: { children: ReactNode }) {
  const preferences = useProfile().data?.preferences
  const preference = preferences?.theme ?? 'system'
  // Set before the screens below render: they format times through ui/time-format.ts.
  setTimeFormat(preferences?.timeFormat ?? 'system')
  useAppEvents()
  return (
    <MantineProvider
      theme={theme}
      cssVariablesResolver={cssVariablesResolver}
      colorSchemeManager={followSystem}
      defaultColorScheme="auto"
      forceColorScheme={preference === 'system' ? undefined : preference}
    >
      <Notifications position="bottom-right" limit={4} />
      {children}
    </MantineProvider>
  )
}

export function Providers({ children }: { children: ReactNode }) {
  const [client] = useState(createQueryClient)
  return (
    <QueryClientProvider client={client}>
      <ThemedMantine>{children}</ThemedMantine>
    </QueryClientProvider>
  )
}
