/**
 * Step two: the first organization, where posts, channels and teammates
 * will live, or, for someone invited, joining their team's instead.
 */
import { Button, Divider, Stack, Text, Title } from '@mantine/core'
import { IconMailOpened } from '@tabler/icons-react'
import { useState } from 'react'
import { OrganizationForm } from '../ui/organization-form'
import { InvitationStep } from './invitation-step'

export function OrganizationStep({ onDone }: { onDone: () => void }) {
  const [invited, setInvited] = useState(false)
  if (invited) return <InvitationStep onDone={onDone} onBack={() => setInvited(false)} />
  return (
    <Stack gap="lg">
      <Stack gap={6}>
        <Title order={1} fz={26}>
          Create your first organization
        </Title>
        <Text c="dimmed">
          An organization holds a brand’s channels, posts and team. Use one per client or brand; you can add more later.
        </Text>
      </Stack>
      <OrganizationForm submitLabel="Create organization" onCreated={onDone} size="md" autoFocus />
      <Divider label="or" labelPosition="center" />
      <Button
        variant="default"
        size="md"
        leftSection={<IconMailOpened size={18} aria-hidden />}
        onClick={() => setInvited(true)}
      >
        I have an invitation
      </Button>
    </Stack>
  )
}
