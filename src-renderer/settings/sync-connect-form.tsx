/**
 * Connecting this device to a sync server: sign in to an account there or
 * create one. The address is the server's, as whoever runs it gave it out.
 */
import { Alert, Button, PasswordInput, SegmentedControl, Stack, TextInput } from '@mantine/core'
import { IconLogin, IconUserPlus } from '@tabler/icons-react'
import { useState, type FormEvent } from 'react'
import { useWorkspace } from '../app/workspace'
import { useConnectServer } from '../sync/queries'
import { newPasswordProblem, PASSWORD_HINT } from '../../src-shared/sync/password-rule'
import { fieldError, formError } from '../ui/errors'

type Mode = 'signin' | 'signup'

const MODES: { value: Mode; label: string }[] = [
  { value: 'signin', label: 'Sign in' },
  { value: 'signup', label: 'Create account' },
]

/** `serverUrl`: the server this device was last signed in to, if any, to start from. */
export function SyncConnectForm({ serverUrl: lastServerUrl = '' }: { serverUrl?: string }) {
  const { profile } = useWorkspace()
  const [mode, setMode] = useState<Mode>('signin')
  const [serverUrl, setServerUrl] = useState(lastServerUrl)
  const [email, setEmail] = useState(profile.email ?? '')
  const [password, setPassword] = useState('')
  const connect = useConnectServer()
  // A new password is checked as it is typed, with the sync server's own rule; once Create account was pressed,
  // an empty one is shown too.
  const [tried, setTried] = useState(false)
  const passwordProblem = mode === 'signup' && (password || tried) ? newPasswordProblem(password) : null
  const submit = (event: FormEvent) => {
    event.preventDefault()
    setTried(true)
    if (mode === 'signup' && newPasswordProblem(password)) return
    connect.mutate({ serverUrl: serverUrl.trim(), email: email.trim(), password, mode })
  }
  const general = formError(connect.error, ['serverUrl', 'email', 'password'])
  const signingUp = mode === 'signup'

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md" maw={460}>
        <SegmentedControl
          aria-label="Sign in or create an account"
          value={mode}
          onChange={(value) => {
            setMode(value as Mode)
            setTried(false)
            connect.reset()
          }}
          data={MODES}
          fullWidth
        />
        {general && (
          <Alert color="red" title={signingUp ? 'We couldn’t create your account' : 'We couldn’t sign you in'}>
            {general}
          </Alert>
        )}
        <TextInput
          label="Server address"
          description="Your team’s sync server, as given by whoever runs it."
          placeholder="http://127.0.0.1:8787"
          type="url"
          inputMode="url"
          autoComplete="url"
          withAsterisk
          value={serverUrl}
          onChange={(event) => setServerUrl(event.currentTarget.value)}
          error={fieldError(connect.error, 'serverUrl')}
        />
        <TextInput
          label="Email"
          type="email"
          autoComplete="email"
          withAsterisk
          value={email}
          onChange={(event) => setEmail(event.currentTarget.value)}
          error={fieldError(connect.error, 'email')}
        />
        <PasswordInput
          label="Password"
          description={signingUp ? PASSWORD_HINT : undefined}
          autoComplete={signingUp ? 'new-password' : 'current-password'}
          visibilityToggleFocusable
          visibilityToggleButtonProps={{ 'aria-label': 'Show password' }}
          withAsterisk
          value={password}
          onChange={(event) => setPassword(event.currentTarget.value)}
          error={passwordProblem ?? fieldError(connect.error, 'password')}
        />
        <Button
          type="submit"
          w="fit-content"
          leftSection={signingUp ? <IconUserPlus size={16} aria-hidden /> : <IconLogin size={16} aria-hidden />}
          loading={connect.isPending}
          disabled={connect.isPending}
        >
          {signingUp ? 'Create account' : 'Sign in'}
        </Button>
      </Stack>
    </form>
  )
}
