/**
 * Name and time zone for a new organization, shared by first run, the
 * organization switcher and the "no organization" empty state. The API
 * makes the new organization the active one.
 */
import { Alert, Button, Stack, TextInput, type MantineSize } from '@mantine/core'
import { useState, type FormEvent } from 'react'
import { useCreateOrganization } from '../app/queries'
import type { Organization } from '../../src-shared/entities/models'
import { fieldError, formError } from './errors'
import { deviceTimeZone, TimeZoneSelect } from './time-zone-select'

interface Props {
  submitLabel: string
  onCreated?: (org: Organization) => void
  size?: MantineSize
  autoFocus?: boolean
}

export function OrganizationForm({ submitLabel, onCreated, size = 'sm', autoFocus }: Props) {
  const [name, setName] = useState('')
  const [timezone, setTimezone] = useState(deviceTimeZone)
  const create = useCreateOrganization({ inlineErrors: true })
  const submit = (event: FormEvent) => {
    event.preventDefault()
    create.mutate({ name, timezone }, { onSuccess: onCreated })
  }
  const general = formError(create.error, ['name', 'timezone'])

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        {general && (
          <Alert color="red" title="We couldn’t create the organization">
            {general}
          </Alert>
        )}
        <TextInput
          label="Organization name"
          description="Your brand, client or team, as your teammates know it."
          placeholder="Acme Coffee"
          withAsterisk
          data-autofocus={autoFocus || undefined}
          autoFocus={autoFocus}
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
          error={fieldError(create.error, 'name')}
        />
        <TimeZoneSelect
          description="Posts are planned in this time zone unless a channel says otherwise."
          value={timezone}
          onChange={setTimezone}
          error={fieldError(create.error, 'timezone')}
        />
        <Button type="submit" size={size} loading={create.isPending} disabled={create.isPending}>
          {submitLabel}
        </Button>
      </Stack>
    </form>
  )
}
