/** The product's mark and name, used on first run and at the top of the navbar. */
import { Group, Text, ThemeIcon } from '@mantine/core'
import { IconStack2 } from '@tabler/icons-react'

export function BrandMark({ size = 'md' }: { size?: 'sm' | 'md' }) {
  const icon = size === 'sm' ? 26 : 34
  return (
    <Group gap={8} wrap="nowrap">
      <ThemeIcon size={icon} radius="md" variant="filled" aria-hidden>
        <IconStack2 size={icon * 0.6} stroke={2} />
      </ThemeIcon>
      <Text fw={700} fz={size === 'sm' ? 'md' : 'lg'} lts={-0.2}>
        buffer-clone
      </Text>
    </Group>
  )
}
