/**
 * Who this device belongs to: your name and email, editable, each checked as you type by the rule the service
 * uses (entities/profile-rules.ts). Changes sync to your other devices; while signed in to a sync server the
 * email is your sign-in and stays as the server has it.
 */
import { Alert, Avatar, Button, Group, Stack, Text, TextInput } from '@mantine/core'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { emailProblem, nameProblem } from '../../src-shared/entities/profile-rules'
import type { Profile } from '../../src-shared/entities/models'
import { keys } from '../app/queries'
import { useWorkspace } from '../app/workspace'
import { call } from '../platform/api'
import { useSyncOverview } from '../sync/queries'
import { fieldError, formError, notifySuccess } from '../ui/errors'
import { exact } from '../ui/relative-time'
import { SettingsSection } from './settings-section'

function ProfileForm({ profile, signedInAs }: { profile: Profile; signedInAs: string | null }) {
  const client = useQueryClient()
  const [name, setName] = useState(profile.name)
  const [email, setEmail] = useState(profile.email ?? '')
  const save = useMutation({
    mutationFn: () => call('updateProfile', { name, email: email.trim() || null }),
    meta: { inlineErrors: true },
    onSuccess: (saved) => {
      client.setQueryData(keys.profile, saved)
      notifySuccess('Profile saved')
    },
  })
  const nameIssue = nameProblem(name, 'Your name')
  const emailIssue = emailProblem(email)
  const unchanged = name.trim() === profile.name && (email.trim() || null) === profile.email
  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (nameIssue || emailIssue || unchanged) return
    save.mutate()
  }
  const general = formError(save.error, ['name', 'email'])
  return (
    <form onSubmit={submit} noValidate aria-label="Your profile">
      <Stack gap="sm">
        {general && <Alert color="red">{general}</Alert>}
        <TextInput
          label="Name"
          description="How teammates see you in the activity log and on approvals."
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
          error={nameIssue ?? fieldError(save.error, 'name')}
          maw={420}
          autoComplete="name"
        />
        <TextInput
          label="Email"
          type="email"
          description={
            signedInAs
              ? `Your sign-in to the sync server; it stays ${signedInAs} while you are signed in.`
              : 'Optional. Used when you sign in to a sync server.'
          }
          value={email}
          onChange={(event) => setEmail(event.currentTarget.value)}
          error={emailIssue ?? fieldError(save.error, 'email')}
          readOnly={signedInAs !== null}
          maw={420}
          autoComplete="email"
        />
        <Group gap="sm">
          <Button
            type="submit"
            variant="default"
            loading={save.isPending}
            disabled={unchanged || Boolean(nameIssue || emailIssue) || save.isPending}
          >
            Save profile
          </Button>
          <Text fz="xs" c="dimmed">
            On this device since {exact(profile.createdAt)}
          </Text>
        </Group>
      </Stack>
    </form>
  )
}

export function ProfileSection() {
  const { profile } = useWorkspace()
  const signedInAs = useSyncOverview().data?.server?.email ?? null
  return (
    <SettingsSection id="settings-profile" title="Profile" description="How you appear to teammates.">
      <Group gap="xl" align="flex-start" wrap="nowrap">
        <Avatar name={profile.name} color="brand" size={56} radius="xl" variant="light" />
        <div style={{ flex: 1 }}>
          {/* Keyed so a change from another device (or the server) resets the fields. */}
          <ProfileForm
            key={`${profile.name}:${profile.email}:${signedInAs}`}
            profile={profile}
            signedInAs={signedInAs}
          />
        </div>
      </Group>
    </SettingsSection>
  )
}
