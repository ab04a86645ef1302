/**
 * The organization switcher at the top of the navbar: shows where you are
 * and your role there, switches between organizations, and creates new ones.
 */
import { Avatar, Box, Group, Menu, Modal, Text, UnstyledButton, VisuallyHidden } from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import { IconCheck, IconPlus, IconSelector } from '@tabler/icons-react'
import { OrganizationForm } from '../ui/organization-form'
import { notifySuccess } from '../ui/errors'
import { useSetActiveOrganization } from './queries'
import classes from './shell.module.css'
import { ROLE_LABELS, useWorkspace } from './workspace'

function ActiveMark() {
  return (
    <>
      <IconCheck size={16} aria-hidden color="var(--mantine-primary-color-filled)" />
      <VisuallyHidden>(active)</VisuallyHidden>
    </>
  )
}

export function OrgSwitcher() {
  const { organizations, activeOrg } = useWorkspace()
  const [creating, { open, close }] = useDisclosure(false)
  const setActive = useSetActiveOrganization()

  return (
    <>
      <Menu position="bottom-start" width={260} shadow="md" offset={6} withInitialFocusPlaceholder={false}>
        <Menu.Target>
          <UnstyledButton className={classes.switcher} disabled={setActive.isPending}>
            <Group gap="sm" wrap="nowrap">
              <Avatar name={activeOrg?.name ?? '?'} color="brand" radius="md" size={36} variant="light" />
              <Box style={{ flex: 1, minWidth: 0 }}>
                <Text fw={600} fz="sm" truncate="end">
                  {activeOrg?.name ?? 'No organization'}
                </Text>
                <Text fz="xs" c="dimmed" truncate="end">
                  {activeOrg ? ROLE_LABELS[activeOrg.role] : 'Create one to begin'}
                </Text>
              </Box>
              <IconSelector size={16} aria-hidden color="var(--mantine-color-dimmed)" />
            </Group>
          </UnstyledButton>
        </Menu.Target>
        <Menu.Dropdown>
          {organizations.length > 0 && <Menu.Label>Switch organization</Menu.Label>}
          {organizations.map((org) => (
            <Menu.Item
              key={org.id}
              leftSection={<Avatar name={org.name} color="brand" size={24} radius="sm" variant="light" />}
              rightSection={org.id === activeOrg?.id ? <ActiveMark /> : null}
              onClick={() => org.id !== activeOrg?.id && setActive.mutate(org.id)}
            >
              <Text fz="sm" truncate="end">
                {org.name}
              </Text>
              <Text fz="xs" c="dimmed">
                {ROLE_LABELS[org.role]}
              </Text>
            </Menu.Item>
          ))}
          {organizations.length > 0 && <Menu.Divider />}
          <Menu.Item leftSection={<IconPlus size={16} aria-hidden />} onClick={open}>
            New organization…
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <Modal opened={creating} onClose={close} title="New organization" size="md">
        <OrganizationForm
          submitLabel="Create organization"
          autoFocus
          onCreated={(org) => {
            close()
            notifySuccess(`“${org.name}” is ready, and it is now your active organization.`)
          }}
        />
      </Modal>
    </>
  )
}
