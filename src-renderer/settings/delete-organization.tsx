/**
 * The danger zone: deleting an organization removes its data from this
 * device, so the user types its name to show they mean it.
 */
import { Alert, Button, Group, Modal, Paper, Stack, Text, TextInput, Title } from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import { IconAlertTriangle, IconTrash } from '@tabler/icons-react'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import type { Organization } from '../../src-shared/entities/models'
import { keys } from '../app/queries'
import { call } from '../platform/api'
import { errorMessage, notifySuccess } from '../ui/errors'

export function DeleteOrganization({ org }: { org: Organization }) {
  const client = useQueryClient()
  const [opened, { open, close }] = useDisclosure(false)
  const [typed, setTyped] = useState('')
  const remove = useMutation({
    mutationFn: () => call('deleteOrganization', { orgId: org.id }),
    meta: { inlineErrors: true },
    onSuccess: async () => {
      close()
      notifySuccess(`Deleted “${org.name}”`)
      await Promise.all([
        client.invalidateQueries({ queryKey: keys.organizations }),
        client.invalidateQueries({ queryKey: keys.profile }),
      ])
    },
  })
  const matches = typed.trim() === org.name
  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (matches) remove.mutate()
  }
  const cancel = () => {
    setTyped('')
    remove.reset()
    close()
  }

  return (
    <Paper withBorder p="md" radius="md" style={{ borderColor: 'var(--mantine-color-red-outline)' }}>
      <Group justify="space-between" gap="md">
        <Stack gap={2} style={{ flex: 1, minWidth: 240 }}>
          <Title order={3} fz="sm">
            Delete organization
          </Title>
          <Text fz="sm" c="dimmed">
            Removes its posts, drafts and activity from this device. This cannot be undone.
          </Text>
        </Stack>
        <Button color="red" variant="outline" leftSection={<IconTrash size={16} aria-hidden />} onClick={open}>
          Delete organization
        </Button>
      </Group>
      <Modal opened={opened} onClose={cancel} title={`Delete “${org.name}”?`}>
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
            <Alert color="red" icon={<IconAlertTriangle size={18} aria-hidden />}>
              Everything in this organization will be deleted from this device: posts, drafts and activity.
            </Alert>
            {remove.isError && <Alert color="red">{errorMessage(remove.error)}</Alert>}
            <TextInput
              label="Type the organization’s name to confirm"
              description={org.name}
              data-autofocus
              autoComplete="off"
              value={typed}
              onChange={(event) => setTyped(event.currentTarget.value)}
            />
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={cancel} disabled={remove.isPending}>
                Cancel
              </Button>
              <Button type="submit" color="red" disabled={!matches || remove.isPending} loading={remove.isPending}>
                Delete permanently
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Paper>
  )
}
