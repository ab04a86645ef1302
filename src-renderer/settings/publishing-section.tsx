/**
 * How this organization publishes: how late a post may still go out after
 * the computer slept through its time, whether the sync server publishes
 * while every desktop is closed, and (browser mode) desktop notifications.
 */
import { Alert, Button, Group, NumberInput, Stack, Switch, Text } from '@mantine/core'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import type { Organization, PublishingSettings } from '../../src-shared/entities/models'
import { can } from '../../src-shared/entities/permissions'
import { keys, useAppInfo } from '../app/queries'
import { DesktopNotificationsButton } from '../notifications/desktop-permission'
import { call } from '../platform/api'
import { fieldError, formError, notifySuccess } from '../ui/errors'
import { SettingsSection } from './settings-section'

function useSaveSettings(orgId: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (settings: Partial<PublishingSettings>) => call('updatePublishingSettings', { orgId, settings }),
    meta: { inlineErrors: true },
    onSuccess: (saved) => client.setQueryData(keys.publishingSettings(orgId), saved),
  })
}

function LateWindow({ org, settings, allowed }: { org: Organization; settings: PublishingSettings; allowed: boolean }) {
  const [minutes, setMinutes] = useState<number | string>(settings.publishLateWithinMinutes)
  const save = useSaveSettings(org.id)
  const submit = (event: FormEvent) => {
    event.preventDefault()
    save.mutate(
      { publishLateWithinMinutes: typeof minutes === 'number' ? minutes : Number(minutes) },
      { onSuccess: () => notifySuccess('Publish-late window saved') },
    )
  }
  const general = formError(save.error, ['settings.publishLateWithinMinutes'])
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="xs">
        <Group align="flex-end" gap="sm">
          <NumberInput
            label="Publish late within"
            description="Posts found due while the computer was asleep go out late within this window; older ones wait for you under Needs attention."
            suffix=" minutes"
            min={0}
            max={1440}
            step={5}
            allowDecimal={false}
            value={minutes}
            onChange={setMinutes}
            disabled={!allowed}
            error={fieldError(save.error, 'settings.publishLateWithinMinutes')}
            style={{ flex: 1, maxWidth: 460 }}
          />
          <Button
            type="submit"
            variant="default"
            loading={save.isPending}
            disabled={!allowed || Number(minutes) === settings.publishLateWithinMinutes}
          >
            Save
          </Button>
        </Group>
        {general && <Alert color="red">{general}</Alert>}
      </Stack>
    </form>
  )
}

function ServerPublishing({
  org,
  settings,
  allowed,
}: {
  org: Organization
  settings: PublishingSettings
  allowed: boolean
}) {
  const save = useSaveSettings(org.id)
  const synced = org.syncMode === 'synced'
  return (
    <Stack gap="xs">
      <Switch
        label="Publish from the sync server when every desktop is closed"
        description={
          synced
            ? 'Posts that come due while no one on the team has the app open are published by the server, so they still go out on time. Desktops publish as usual when they are on.'
            : 'Available once this organization syncs with a server (see Sync below). Until then it publishes only while this app is open.'
        }
        // Shows the choice at once; the saved value takes over when the answer comes.
        checked={
          save.isPending ? (save.variables?.serverPublishing ?? settings.serverPublishing) : settings.serverPublishing
        }
        disabled={!synced || !allowed || save.isPending}
        onChange={(event) =>
          save.mutate(
            { serverPublishing: event.currentTarget.checked },
            {
              onSuccess: (saved) =>
                notifySuccess(saved.serverPublishing ? 'The server will publish too' : 'Only desktops publish now'),
            },
          )
        }
      />
      {settings.serverChannels && (
        <Text fz="sm" c="dimmed" data-testid="server-channels">
          The server can publish {settings.serverChannels.ready} of {settings.serverChannels.total}{' '}
          {settings.serverChannels.total === 1 ? 'channel' : 'channels'}. {settings.serverChannels.problem}
        </Text>
      )}
      {save.error && <Alert color="red">{formError(save.error, [])}</Alert>}
    </Stack>
  )
}

export function PublishingSection({ org }: { org: Organization }) {
  const settings = useQuery({
    queryKey: keys.publishingSettings(org.id),
    queryFn: () => call('getPublishingSettings', { orgId: org.id }),
  })
  const web = useAppInfo().data?.host === 'web'
  const allowed = can(org.role, 'org.manage')
  return (
    <SettingsSection
      id="settings-publishing"
      title="Publishing"
      description={`When ${org.name}’s scheduled posts go out, and how you hear about them.`}
    >
      <Stack gap="xl">
        {settings.data ? (
          <>
            <LateWindow org={org} settings={settings.data} allowed={allowed} />
            <ServerPublishing org={org} settings={settings.data} allowed={allowed} />
            {!allowed && (
              <Text fz="sm" c="dimmed">
                Only an owner or admin can change these.
              </Text>
            )}
          </>
        ) : settings.isError ? (
          <Text fz="sm" c="dimmed">
            Publishing settings can’t be read right now.
          </Text>
        ) : null}
        {web && (
          <Stack gap={6}>
            <Text fz="sm" fw={500}>
              Desktop notifications
            </Text>
            <Text fz="sm" c="dimmed">
              Hear about approval requests and published or failed posts while this tab is in the background.
            </Text>
            <Group>
              <DesktopNotificationsButton />
            </Group>
          </Stack>
        )}
      </Stack>
    </SettingsSection>
  )
}
