/**
 * The last line of defence: a render error anywhere shows a calm page with a
 * Reload button instead of a blank window. Details go to the console for
 * whoever is debugging, never onto the screen.
 */
import { Button, Center, Stack, Text, ThemeIcon, Title } from '@mantine/core'
import { IconMoodSad } from '@tabler/icons-react'
import { Component, type ErrorInfo, type ReactNode } from 'react'

interface State {
  failed: boolean
}

export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { failed: false }

  static getDerivedStateFromError(): State {
    return { failed: true }
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('The interface crashed', error, info.componentStack)
  }

  override render(): ReactNode {
    if (!this.state.failed) return this.props.children
    return (
      <Center component="main" mih="100vh" p="xl">
        <Stack align="center" gap="md" maw={420} ta="center">
          <ThemeIcon size={56} radius="xl" variant="light" color="gray">
            <IconMoodSad size={30} aria-hidden />
          </ThemeIcon>
          <Title order={1} size="h2">
            Something went wrong on this screen
          </Title>
          <Text c="dimmed">
            Your data is safe: it is stored on this device and nothing was lost. Reloading the window usually fixes
            this.
          </Text>
          <Button onClick={() => location.reload()}>Reload</Button>
        </Stack>
      </Center>
    )
  }
}
