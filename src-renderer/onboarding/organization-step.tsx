/** Step two: the first organization, where posts, channels and teammates will live. */
import { Stack, Text, Title } from '@mantine/core'
import { OrganizationForm } from '../ui/organization-form'

export function OrganizationStep({ onDone }: { onDone: () => void }) {
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
    </Stack>
  )
}
