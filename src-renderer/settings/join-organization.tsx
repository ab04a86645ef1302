/**
 * Joining an organization a teammate invited you to: its data downloads to
 * this device and it becomes the active organization. A pasted link works
 * as well as the bare code.
 */
import { Alert, Button, Group, Stack, Text, TextInput, Title } from '@mantine/core'
import { IconLogin2 } from '@tabler/icons-react'
import { useState, type FormEvent } from 'react'
import { ROLE_LABELS } from '../app/workspace'
import { useJoinOrganization } from '../sync/queries'
import { fieldError, formError, notifySuccess } from '../ui/errors'

/** "https://sync.example.com/invite/abc" → "abc"; anything else is taken as the code itself. */
export function invitationCode(input: string): string {
  const trimmed = input.trim()
  const match = /\/invite\/([^/?#\s]+)/.exec(trimmed)
  return match ? decodeURIComponent(match[1]!) : trimmed
}

export function JoinOrganization() {
  const [code, setCode] = useState('')
  const join = useJoinOrganization()
  const submit = (event: FormEvent) => {
    event.preventDefault()
    join.mutate(invitationCode(code), {
      onSuccess: ({ org }) => {
        setCode('')
        notifySuccess(`You joined “${org.name}” as ${ROLE_LABELS[org.role]}; it is now your active organization.`)
      },
    })
  }
  const general = formError(join.error, ['code'])

  return (
    <Stack gap="sm" component="section" aria-labelledby="join-organization">
      <Stack gap={2}>
        <Title order={3} fz="md" id="join-organization">
          Join an organization
        </Title>
        <Text fz="sm" c="dimmed">
          Got an invitation from a teammate? Its organization downloads to this device and works offline too.
        </Text>
      </Stack>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          {general && (
            <Alert color="red" title="We couldn’t join that organization">
              {general}
            </Alert>
          )}
          <Group align="flex-start" gap="sm">
            <TextInput
              label="Invitation code"
              description="Paste the code or the whole link."
              inputWrapperOrder={['label', 'input', 'description', 'error']}
              style={{ flex: 1, maxWidth: 420 }}
              autoComplete="off"
              spellCheck={false}
              value={code}
              onChange={(event) => setCode(event.currentTarget.value)}
              error={fieldError(join.error, 'code')}
            />
            <Button
              type="submit"
              mt={25}
              variant="default"
              leftSection={<IconLogin2 size={16} aria-hidden />}
              loading={join.isPending}
              disabled={join.isPending || code.trim() === ''}
            >
              Join
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  )
}
