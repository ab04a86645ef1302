/**
 * Inviting someone into a synced organization: pick what they may do, get a
 * one-time code and link to send them. The server shows the code once, so
 * it stays on screen (with copy buttons) until the next one is made.
 */
import {
  ActionIcon,
  Alert,
  Button,
  CopyButton,
  Group,
  Paper,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core'
import { IconCheck, IconCopy, IconUserPlus } from '@tabler/icons-react'
import { useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import type { Role } from '../../src-shared/entities/enums'
import { ROLE_LABELS } from '../app/workspace'
import { useCreateInvitation } from '../sync/queries'
import { fieldError, formError } from '../ui/errors'
import { exact } from '../ui/relative-time'
import { teamKeys } from './team-queries'

type InvitedRole = Exclude<Role, 'owner'>

export const ROLE_DESCRIPTIONS: Record<InvitedRole, string> = {
  admin: 'Manages the organization, its team and channels; publishes and approves.',
  editor: 'Writes, schedules and publishes posts, and approves others’ posts.',
  contributor: 'Writes posts that need an editor’s or admin’s approval before they go out.',
  viewer: 'Sees posts and analytics; cannot change anything.',
}

const ROLE_OPTIONS = (Object.keys(ROLE_DESCRIPTIONS) as InvitedRole[]).map((role) => ({
  value: role,
  label: ROLE_LABELS[role],
}))

function CopyValue({ value, what }: { value: string; what: string }) {
  return (
    <CopyButton value={value}>
      {({ copied, copy }) => (
        <Tooltip label={copied ? 'Copied' : `Copy ${what}`}>
          <ActionIcon variant="subtle" color="gray" onClick={copy} aria-label={`Copy ${what}`}>
            {copied ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />}
          </ActionIcon>
        </Tooltip>
      )}
    </CopyButton>
  )
}

function InvitationRow({ label, value, what }: { label: string; value: string; what: string }) {
  return (
    <Stack gap={2}>
      <Text fz="xs" fw={600} c="dimmed" tt="uppercase" lts={0.4}>
        {label}
      </Text>
      <Group gap={4} wrap="nowrap" align="center">
        <Text ff="monospace" fz="sm" style={{ overflowWrap: 'anywhere', minWidth: 0 }}>
          {value}
        </Text>
        <CopyValue value={value} what={what} />
      </Group>
    </Stack>
  )
}

function EmailOutcome({
  email,
  status,
}: {
  email: string | null
  status: 'sent' | 'not_configured' | 'failed' | null
}) {
  if (!email || !status) return null
  if (status === 'sent') return <Alert color="green">We emailed the invitation to {email}.</Alert>
  return (
    <Alert color="orange">
      {status === 'not_configured'
        ? `Email is not set up on this sync server, so nothing was sent to ${email}. Copy the link below and send it yourself.`
        : `We could not send the email to ${email} just now. Copy the link below and send it yourself.`}
    </Alert>
  )
}

export function InviteTeammate({ orgId, orgName }: { orgId: string; orgName: string }) {
  const [role, setRole] = useState<InvitedRole>('editor')
  const [email, setEmail] = useState('')
  const invite = useCreateInvitation()
  const client = useQueryClient()
  const submit = (event: FormEvent) => {
    event.preventDefault()
    invite.mutate(
      { orgId, role, ...(email.trim() ? { email: email.trim() } : {}) },
      { onSuccess: () => client.invalidateQueries({ queryKey: teamKeys.invitations(orgId) }) },
    )
  }
  const invitation = invite.data
  const general = formError(invite.error, ['role', 'email'])

  return (
    <Stack gap="sm" component="section" aria-labelledby="invite-teammate">
      <Title order={3} fz="md" id="invite-teammate">
        Invite a teammate
      </Title>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          {general && <Alert color="red">{general}</Alert>}
          <TextInput
            label="Email"
            description="Optional. With email set up on the sync server, the invitation is sent there."
            inputWrapperOrder={['label', 'input', 'description', 'error']}
            type="email"
            autoComplete="off"
            maw={420}
            placeholder="sam@example.com"
            value={email}
            onChange={(event) => setEmail(event.currentTarget.value)}
            error={fieldError(invite.error, 'email')}
          />
          <Group align="flex-start" gap="sm">
            <Select
              label="Role"
              description={ROLE_DESCRIPTIONS[role]}
              inputWrapperOrder={['label', 'input', 'description', 'error']}
              style={{ flex: 1, maxWidth: 420 }}
              allowDeselect={false}
              data={ROLE_OPTIONS}
              value={role}
              onChange={(value) => value && setRole(value as InvitedRole)}
              error={fieldError(invite.error, 'role')}
              // Closed, Mantine would keep the list in the DOM labelled "Role" too; unmounting keeps the label unique.
              comboboxProps={{ keepMounted: false }}
              renderOption={({ option }) => (
                <Stack gap={0}>
                  <Text fz="sm" fw={500}>
                    {option.label}
                  </Text>
                  <Text fz="xs" c="dimmed">
                    {ROLE_DESCRIPTIONS[option.value as InvitedRole]}
                  </Text>
                </Stack>
              )}
            />
            <Button
              type="submit"
              mt={25}
              variant="default"
              leftSection={<IconUserPlus size={16} aria-hidden />}
              loading={invite.isPending}
              disabled={invite.isPending}
            >
              Create invitation
            </Button>
          </Group>
        </Stack>
      </form>
      {invitation && (
        <Paper withBorder radius="md" p="md" bg="var(--app-surface)" aria-live="polite">
          <Stack gap="sm">
            <Text fz="sm" fw={600}>
              Invitation to join {orgName} as {ROLE_LABELS[invitation.role]}
            </Text>
            <EmailOutcome email={invitation.email} status={invitation.emailStatus} />
            <InvitationRow label="Code" value={invitation.code} what="invitation code" />
            <InvitationRow label="Link" value={invitation.url} what="invitation link" />
            <Text fz="sm" c="dimmed">
              Send the code or the link to your teammate; they paste it under “I have an invitation” when they first
              open the app, or “Join an organization” in Settings. It works once and expires on{' '}
              <Text span inherit component="time" dateTime={invitation.expiresAt}>
                {exact(invitation.expiresAt)}
              </Text>
              .
            </Text>
          </Stack>
        </Paper>
      )}
    </Stack>
  )
}
