/**
 * The top of every screen: its one `<h1>`, a line on what the screen is for,
 * and the screen's main actions on the right.
 */
import { Box, Group, Stack, Text, Title } from '@mantine/core'
import type { ReactNode } from 'react'

interface Props {
  title: string
  description?: ReactNode
  actions?: ReactNode
}

export function PageHeader({ title, description, actions }: Props) {
  return (
    <Group component="header" justify="space-between" align="flex-start" gap="md" mb="xl" wrap="nowrap">
      <Stack gap={4}>
        <Title order={1} fz={28} lh={1.2} lts={-0.4}>
          {title}
        </Title>
        {description && (
          <Text c="dimmed" fz="sm" maw={640}>
            {description}
          </Text>
        )}
      </Stack>
      {actions && <Box style={{ flexShrink: 0 }}>{actions}</Box>}
    </Group>
  )
}
