/**
 * What a screen shows when there is no organization to work in (the last
 * one was deleted, or first run stopped after the profile): the screen's
 * heading, then a way to create one right here.
 */
import { Paper, SimpleGrid, Stack, Text, ThemeIcon, Title } from '@mantine/core'
import { IconBuildingStore } from '@tabler/icons-react'
import { OrganizationForm } from '../ui/organization-form'
import { PageHeader } from '../ui/page-header'

export function NoOrganization({ screen }: { screen: string }) {
  return (
    <>
      <PageHeader title={screen} />
      <Paper withBorder radius="lg" p={{ base: 'lg', sm: 40 }}>
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing={40}>
          <Stack gap="sm">
            <ThemeIcon size={48} radius="xl" variant="light" aria-hidden>
              <IconBuildingStore size={26} stroke={1.5} />
            </ThemeIcon>
            <Title order={2} fz="h3">
              Create an organization to get started
            </Title>
            <Text c="dimmed">
              Everything in {screen} belongs to an organization: its channels, posts, comments and team. Make one for
              your brand or for each client you manage. It lives on this device and works offline.
            </Text>
          </Stack>
          <OrganizationForm submitLabel="Create organization" />
        </SimpleGrid>
      </Paper>
    </>
  )
}
