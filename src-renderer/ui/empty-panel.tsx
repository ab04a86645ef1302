/**
 * An empty state that earns its space: an icon, what this place will hold,
 * and the next thing to do. Bordered so it reads as a place, not a gap.
 */
import { EmptyState, Paper, type MantineColor } from '@mantine/core'
import type { ReactNode } from 'react'

interface Props {
  icon: ReactNode
  title: string
  description: ReactNode
  actions?: ReactNode
  children?: ReactNode
  color?: MantineColor
  /** Heading level of the title, so the outline stays h1 → h2 → h3. */
  order?: 2 | 3
}

export function EmptyPanel({ icon, title, description, actions, children, color, order = 2 }: Props) {
  return (
    <Paper withBorder radius="lg" py={48} px="xl" bg="var(--mantine-color-body)">
      <EmptyState variant="light" color={color} size="md" maw={560} mx="auto">
        <EmptyState.Indicator>{icon}</EmptyState.Indicator>
        <EmptyState.Title order={order}>{title}</EmptyState.Title>
        <EmptyState.Description>{description}</EmptyState.Description>
        {children}
        {actions && <EmptyState.Actions>{actions}</EmptyState.Actions>}
      </EmptyState>
    </Paper>
  )
}
