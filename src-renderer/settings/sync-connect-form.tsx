/**
 * Connecting this device to a sync server: sign in to an account there or
 * create one. The address is the server's, as whoever runs it gave it out.
 */
import { Alert, Button, Stack, TextInput } from '@mantine/core'
import { IconLogin, IconUserPlus } from '@tabler/icons-react'
import { useState, type FormEvent } from 'react'
import { useWorkspace } from '../app/workspace'
import { AccountCredentials, AccountModeControl, useAccountForm } from '../sync/account-fields'
import { useConnectServer } from '../sync/queries'
import { fieldError, formError } from '../ui/errors'

/** `serverUrl`: the server this device was last signed in to, if any, to start from. */
export function SyncConnectForm({ serverUrl: lastServerUrl = '' }: { serverUrl?: string }) {
  const { profile } = useWorkspace()
  const account = useAccountForm({ mode: 'signin', email: profile.email ?? '' })
  const [serverUrl, setServerUrl] = useState(lastServerUrl)
  const connect = useConnectServer()
  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (!account.check()) return
    connect.mutate({ serverUrl: serverUrl.trim(), ...account.credentials() })
  }
  const general = formError(connect.error, ['serverUrl', 'email', 'password'])
  const signingUp = account.mode === 'signup'

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md" maw={460}>
        <AccountModeControl form={account} order={['signin', 'signup']} onChange={() => connect.reset()} />
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
        <AccountCredentials form={account} error={connect.error} />
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
