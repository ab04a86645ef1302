/**
 * First run, for someone a teammate invited: paste the invitation, sign in
 * or create an account on the team's sync server, and join. No throwaway
 * organization is made; the joined one becomes the active one.
 */
import { Alert, Button, Stack, Text, TextInput, Title } from '@mantine/core'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { keys } from '../app/queries'
import { call } from '../platform/api'
import { invitationCode } from '../settings/join-organization'
import { AccountCredentials, AccountModeControl, useAccountForm } from '../sync/account-fields'
import { fieldError, formError } from '../ui/errors'

/** The server's address, from a pasted link ("https://sync.example.com/invite/abc" → "https://sync.example.com"). */
function serverOf(pasted: string): string | null {
  try {
    const url = new URL(pasted.trim())
    return /^https?:$/.test(url.protocol) && url.pathname.includes('/invite/') ? url.origin : null
  } catch {
    return null
  }
}

export function InvitationStep({ onDone, onBack }: { onDone: () => void; onBack: () => void }) {
  const client = useQueryClient()
  const [pasted, setPasted] = useState('')
  const [typedServer, setTypedServer] = useState('')
  // Someone invited most likely has no account on the team's server yet.
  const account = useAccountForm({ mode: 'signup' })
  const fromLink = serverOf(pasted)
  const serverUrl = fromLink ?? typedServer.trim()
  const join = useMutation({
    mutationFn: async () => {
      // A second try after a refused invitation keeps the account the first try signed in to.
      const { server } = await call('getSyncOverview', {})
      if (!server) await call('connectServer', { serverUrl, ...account.credentials() })
      const org = await call('joinOrganization', { code: invitationCode(pasted) })
      return call('setActiveOrganization', { orgId: org.id })
    },
    meta: { inlineErrors: true },
    onSuccess: async (profile) => {
      client.setQueryData(keys.profile, profile)
      await Promise.all([
        client.invalidateQueries({ queryKey: keys.organizations }),
        client.invalidateQueries({ queryKey: keys.sync }),
      ])
      onDone()
    },
  })
  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (!account.check()) return
    join.mutate()
  }
  const general = formError(join.error, ['code', 'serverUrl', 'email', 'password'])

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Stack gap={6}>
          <Title order={1} fz={26}>
            Join your team
          </Title>
          <Text c="dimmed">Paste the invitation a teammate sent you, then sign in to your team’s sync server.</Text>
        </Stack>
        {general && (
          <Alert color="red" title="We couldn’t join with that invitation">
            {general}
          </Alert>
        )}
        <TextInput
          label="Invitation link or code"
          withAsterisk
          autoFocus
          autoComplete="off"
          spellCheck={false}
          value={pasted}
          onChange={(event) => setPasted(event.currentTarget.value)}
          error={fieldError(join.error, 'code')}
        />
        {!fromLink && (
          <TextInput
            label="Server address"
            description="Only a code? Ask your teammate for the sync server’s address, or paste the whole link."
            placeholder="https://sync.example.com"
            type="url"
            withAsterisk
            value={typedServer}
            onChange={(event) => setTypedServer(event.currentTarget.value)}
            error={fieldError(join.error, 'serverUrl')}
          />
        )}
        <AccountModeControl form={account} order={['signup', 'signin']} onChange={() => join.reset()} />
        <AccountCredentials form={account} error={join.error} emailLabel="Account email" />
        <Button type="submit" size="md" loading={join.isPending} disabled={join.isPending || pasted.trim() === ''}>
          Join
        </Button>
        <Button variant="subtle" onClick={onBack} disabled={join.isPending}>
          Create an organization instead
        </Button>
      </Stack>
    </form>
  )
}
