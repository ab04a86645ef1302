/**
 * The renderer's root: providers, the error boundary and the root screen.
 * Styles load here once, in the order Mantine needs.
 */
import '@mantine/core/styles.css'
import '@mantine/dates/styles.css'
import '@mantine/notifications/styles.css'
import { ErrorBoundary } from './error-boundary'
import { Providers } from './providers'
import { Root } from './root'

export function App() {
  return (
    <Providers>
      <ErrorBoundary>
        <Root />
      </ErrorBoundary>
    </Providers>
  )
}
