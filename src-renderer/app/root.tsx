/**
 * Decides what the window shows: a loader, first run, or the shell. Once
 * first run has started it stays on screen until its last step is done,
 * even though the profile exists after step one.
 */
import { Button, Center, Loader, Stack, Text, Title } from '@mantine/core'
import { Suspense, useEffect, useState } from 'react'
import { Router } from 'wouter'
import { useHashLocation } from 'wouter/use-hash-location'
import { errorMessage } from '../ui/errors'
import { Onboarding, preloadScreen } from './lazy-screens'
import { useOrganizations, useProfile } from './queries'
import { DEFAULT_PATH } from './screens'
import { Shell } from './shell'
import { pickActiveOrg, WorkspaceProvider } from './workspace'

/**
 * The hash's path without its query (`#/publish/compose?post=…`), so routes
 * match whatever a screen keeps after the `?`; screens read that part themselves.
 */
function useHashPath(): ReturnType<typeof useHashLocation> {
  const [location, navigate] = useHashLocation()
  return [location.split('?')[0]!, navigate]
}

function Loading() {
  return (
    <Center component="main" mih="100vh" aria-busy="true">
      <Loader size="md" aria-label="Loading" />
    </Center>
  )
}

function LoadFailed({ error, retry }: { error: unknown; retry: () => void }) {
  return (
    <Center component="main" mih="100vh" p="xl">
      <Stack align="center" maw={440} ta="center">
        <Title order={1} size="h2">
          We couldn’t open your data
        </Title>
        <Text c="dimmed">{errorMessage(error)}</Text>
        <Button onClick={retry}>Try again</Button>
      </Stack>
    </Center>
  )
}

export function Root() {
  const profile = useProfile()
  const organizations = useOrganizations(Boolean(profile.data))
  const [onboarding, setOnboarding] = useState(false)
  // Latched during render (React's "adjust state on prop change" pattern) so no frame shows the shell in between.
  if (profile.data === null && !onboarding) setOnboarding(true)
  // Someone signed in lands on Publish: fetch its module while their organizations load.
  const signedIn = Boolean(profile.data)
  useEffect(() => {
    if (signedIn) preloadScreen(DEFAULT_PATH)
  }, [signedIn])

  if (profile.isError) return <LoadFailed error={profile.error} retry={() => void profile.refetch()} />
  if (profile.isPending) return <Loading />
  if (onboarding || profile.data === null) {
    return (
      <Suspense fallback={<Loading />}>
        <Onboarding hasProfile={profile.data !== null} onDone={() => setOnboarding(false)} />
      </Suspense>
    )
  }
  if (organizations.isError)
    return <LoadFailed error={organizations.error} retry={() => void organizations.refetch()} />
  if (organizations.isPending) return <Loading />

  const workspace = {
    profile: profile.data,
    organizations: organizations.data,
    activeOrg: pickActiveOrg(profile.data, organizations.data),
  }
  return (
    <WorkspaceProvider value={workspace}>
      <Router hook={useHashPath}>
        <Shell />
      </Router>
    </WorkspaceProvider>
  )
}
