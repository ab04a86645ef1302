/**
 * Start Page: a fast link-in-bio page for creators and brands. Building
 * and publishing one comes next; this screen says so plainly and shows
 * what the page will look like.
 */
import { Badge, Card, Group, List, SimpleGrid, Stack, Text, ThemeIcon, Title } from '@mantine/core'
import { IconBolt, IconChartBar, IconLink, IconPalette } from '@tabler/icons-react'
import { NoOrganization } from '../app/no-organization'
import { useWorkspace } from '../app/workspace'
import { PageHeader } from '../ui/page-header'
import { StartPagePreview } from './start-page-preview'

const POINTS = [
  { icon: IconLink, text: 'All your links on one page: the one link your bio needs.' },
  { icon: IconBolt, text: 'Plain, fast HTML that opens instantly, even on a weak mobile connection.' },
  { icon: IconPalette, text: 'Your colours, your photo, your order; edit offline and publish when ready.' },
  { icon: IconChartBar, text: 'See which links people tap, next to the rest of your analytics.' },
]

export function StartPageScreen() {
  const { activeOrg } = useWorkspace()
  if (!activeOrg) return <NoOrganization screen="Start Page" />
  return (
    <>
      <PageHeader title="Start Page" description="A link-in-bio page for your profiles, hosted for you." />
      <Card padding={0}>
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing={0}>
          <Stack gap="lg" p={{ base: 'lg', sm: 40 }} justify="center">
            <Badge variant="light" radius="sm" tt="none" w="fit-content">
              Coming next
            </Badge>
            <Title order={2} fz={24} lh={1.25}>
              One fast page for everything you share
            </Title>
            <List spacing="md" center ps={0}>
              {POINTS.map(({ icon: Icon, text }) => (
                <List.Item
                  key={text}
                  icon={
                    <ThemeIcon variant="light" size={30} radius="md" aria-hidden>
                      <Icon size={17} stroke={1.7} />
                    </ThemeIcon>
                  }
                >
                  <Text fz="sm">{text}</Text>
                </List.Item>
              ))}
            </List>
            <Text fz="sm" c="dimmed">
              The page builder is the next piece we are building; it is not in this version yet. Pages will be served by
              your sync server, so they stay up while your laptop is closed.
            </Text>
          </Stack>
          <Group
            justify="center"
            p={{ base: 'lg', sm: 40 }}
            bg="var(--app-surface)"
            style={{ borderLeft: '1px solid var(--mantine-color-default-border)' }}
          >
            <StartPagePreview name={activeOrg.name} />
          </Group>
        </SimpleGrid>
      </Card>
    </>
  )
}
