/**
 * Analyze: how posts perform. With no channel connected there is nothing to
 * measure, so the screen shows its shape (metrics, a chart) with honest
 * blanks and says what will fill them.
 */
import { Box, Button, Card, Group, Paper, SimpleGrid, Text, ThemeIcon, Title } from '@mantine/core'
import { IconChartLine } from '@tabler/icons-react'
import { Link } from 'wouter'
import { NoOrganization } from '../app/no-organization'
import { useWorkspace } from '../app/workspace'
import { PageHeader } from '../ui/page-header'
import { zoneName } from '../../src-shared/time-format'
import { GhostChart } from './ghost-chart'

const METRICS = ['Impressions', 'Reach', 'Engagement rate', 'New followers']

function MetricCard({ label }: { label: string }) {
  return (
    <Card padding="md">
      <Text fz="sm" c="dimmed" fw={500}>
        {label}
      </Text>
      <Text fz={28} fw={650} lh={1.3} aria-hidden>
        —
      </Text>
      <Text fz="xs" c="dimmed">
        No data yet
      </Text>
    </Card>
  )
}

export function AnalyzeScreen() {
  const { activeOrg } = useWorkspace()
  if (!activeOrg) return <NoOrganization screen="Analyze" />
  return (
    <>
      <PageHeader
        title="Analyze"
        description="See what lands with your audience: impressions, reach and engagement over time."
      />
      <SimpleGrid cols={{ base: 2, md: 4 }} spacing="md" mb="md">
        {METRICS.map((metric) => (
          <MetricCard key={metric} label={metric} />
        ))}
      </SimpleGrid>
      <Card padding="xl">
        <Group justify="space-between" mb="md">
          <Title order={2} fz="md">
            Engagement over time
          </Title>
          <Text fz="xs" c="dimmed">
            Last 30 days · {zoneName(activeOrg.timezone)}
          </Text>
        </Group>
        <Box pos="relative">
          <Box opacity={0.55}>
            <GhostChart height={280} />
          </Box>
          <Box pos="absolute" inset={0} style={{ display: 'grid', placeItems: 'center' }}>
            <Paper withBorder shadow="md" radius="lg" p="xl" maw={440} ta="center">
              <ThemeIcon size={44} radius="xl" variant="light" mb="sm" aria-hidden>
                <IconChartLine size={24} stroke={1.5} />
              </ThemeIcon>
              <Title order={3} fz="lg" mb={6}>
                No analytics yet
              </Title>
              <Text c="dimmed" fz="sm" mb="md">
                Once a channel is connected, each post’s impressions, reach and engagement appear here day by day, so
                you can see which posts and times work best.
              </Text>
              <Button component={Link} href="/publish" variant="light">
                Plan your first post
              </Button>
            </Paper>
          </Box>
        </Box>
      </Card>
    </>
  )
}
