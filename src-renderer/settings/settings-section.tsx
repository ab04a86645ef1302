/** One settings card: an `<h2>`, a line on what it controls, then its content. */
import { Card, Stack, Text, Title } from '@mantine/core'
import type { ReactNode } from 'react'

interface Props {
  title: string
  description?: ReactNode
  children: ReactNode
  /** Id of the heading, which also names the section for screen readers. */
  id: string
}

export function SettingsSection({ title, description, children, id }: Props) {
  return (
    <Card component="section" aria-labelledby={id} padding="xl">
      <Stack gap={4} mb="lg">
        <Title order={2} fz="lg" id={id}>
          {title}
        </Title>
        {description && (
          <Text fz="sm" c="dimmed">
            {description}
          </Text>
        )}
      </Stack>
      {children}
    </Card>
  )
}
