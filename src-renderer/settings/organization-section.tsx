/**
 * The active organization: rename it and change its time zone (owners and admins; each field checked as you
 * type by the service's rule), see your role, and, for owners, delete it.
 */
import { Alert, Badge, Button, DataList, Divider, Group, Stack, Text, TextInput } from '@mantine/core'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import type { Organization } from '../../src-shared/entities/models'
import { can } from '../../src-shared/entities/permissions'
import { nameProblem } from '../../src-shared/entities/profile-rules'
import { keys } from '../app/queries'
import { ROLE_LABELS } from '../app/workspace'
import { call } from '../platform/api'
import { fieldError, formError, notifySuccess } from '../ui/errors'
import { DeleteOrganization } from './delete-organization'
import { OrganizationTimeZone } from './organization-time-zone'
import { SettingsSection } from './settings-section'

function RenameForm({ org }: { org: Organization }) {
  const client = useQueryClient()
  const [name, setName] = useState(org.name)
  const rename = useMutation({
    mutationFn: () => call('renameOrganization', { orgId: org.id, name }),
    meta: { inlineErrors: true },
    onSuccess: async (renamed) => {
      await client.invalidateQueries({ queryKey: keys.organizations })
      notifySuccess(`Renamed to “${renamed.name}”`)
    },
  })
  const allowed = can(org.role, 'org.manage')
  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (!nameProblem(name, 'The organization name')) rename.mutate()
  }
  const general = formError(rename.error, ['name'])
  const problem = nameProblem(name, 'The organization name')
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="xs">
        {general && <Alert color="red">{general}</Alert>}
        <Group align="flex-start" gap="sm">
          <TextInput
            label="Organization name"
            style={{ flex: 1, maxWidth: 420 }}
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
            disabled={!allowed}
            description={allowed ? undefined : 'Only an owner or admin can rename the organization.'}
            error={problem ?? fieldError(rename.error, 'name')}
          />
          <Button
            type="submit"
            variant="default"
            mt={25}
            loading={rename.isPending}
            disabled={!allowed || rename.isPending || name.trim() === org.name || Boolean(problem)}
          >
            Rename
          </Button>
        </Group>
      </Stack>
    </form>
  )
}

export function OrganizationSection({ org }: { org: Organization }) {
  return (
    <SettingsSection
      id="settings-organization"
      title="Organization"
      description="The brand or client whose channels, posts and team live here."
    >
      <Stack gap="lg">
        {/* Keyed so a rename elsewhere (another window, a teammate) resets the field. */}
        <RenameForm key={`${org.id}:${org.name}`} org={org} />
        <OrganizationTimeZone key={`${org.id}:${org.timezone}`} org={org} allowed={can(org.role, 'org.manage')} />
        <DataList labelWidth={160} gap="sm">
          <DataList.Item>
            <DataList.ItemLabel>Your role</DataList.ItemLabel>
            <DataList.ItemValue>
              <Badge variant="light" radius="sm" tt="none">
                {ROLE_LABELS[org.role]}
              </Badge>
            </DataList.ItemValue>
          </DataList.Item>
          <DataList.Item>
            <DataList.ItemLabel>Stored</DataList.ItemLabel>
            <DataList.ItemValue>
              <Text span inherit>
                {org.syncMode === 'local' ? 'On this device only' : 'On this device, synced with your team'}
              </Text>
            </DataList.ItemValue>
          </DataList.Item>
        </DataList>
        {org.role === 'owner' && (
          <>
            <Divider />
            <DeleteOrganization org={org} />
          </>
        )}
      </Stack>
    </SettingsSection>
  )
}
