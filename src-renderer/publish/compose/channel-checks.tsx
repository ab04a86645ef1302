/**
 * How the post fares on each chosen platform, live: its length as that platform counts it against its limit, and
 * every reason it would be refused, in words.
 */
import { Group, List, Paper, Progress, Stack, Text } from '@mantine/core'
import { IconAlertTriangle } from '@tabler/icons-react'
import { measureText, validatePost, type PostProblem } from '../../../src-shared/platforms/adapter'
import { platformLimits } from '../../../src-shared/platforms'
import type { Platform } from '../../../src-shared/entities/enums'
import type { MediaItem } from '../../../src-shared/entities/json-shapes'

/** validatePost wants bytes only to read their length; the composer knows the length without holding the file. */
const asPostMedia = (item: MediaItem) => ({
  mimeType: item.mimeType ?? '',
  fileName: item.fileName,
  altText: item.altText,
  data: { byteLength: item.byteLength ?? 0 } as Uint8Array,
})

export function problemsFor(platform: Platform, text: string, media: MediaItem[]): PostProblem[] {
  return validatePost(platformLimits[platform], { text, media: media.map(asPostMedia) })
}

interface Props {
  name: string
  platform: Platform
  text: string
  media: MediaItem[]
}

export function ChannelCheck({ name, platform, text, media }: Props) {
  const limits = platformLimits[platform]
  const length = measureText(limits, text)
  const problems = problemsFor(platform, text, media).filter((p) => p.code !== 'empty')
  const over = length > limits.maxTextLength
  const left = limits.maxTextLength - length
  return (
    <Paper withBorder radius="md" p="sm" component="section" aria-label={`${name} checks`}>
      <Group justify="space-between" gap="xs" wrap="nowrap">
        <Text fz="sm" fw={500} truncate>
          {name}
        </Text>
        <Text fz="xs" c={over ? 'var(--mantine-color-error)' : 'dimmed'} fw={over ? 600 : undefined} aria-live="polite">
          {over ? `${(-left).toLocaleString()} over` : `${left.toLocaleString()} left`}
        </Text>
      </Group>
      <Progress
        mt={6}
        size="xs"
        value={Math.min(100, (length / limits.maxTextLength) * 100)}
        color={over ? 'red' : left < 20 ? 'orange' : 'brand'}
        aria-label={`${name}: ${length} of ${limits.maxTextLength} characters`}
      />
      {problems.length > 0 && (
        <Stack gap={4} mt="xs">
          <List
            size="xs"
            spacing={2}
            icon={<IconAlertTriangle size={14} color="var(--mantine-color-error)" aria-hidden />}
            c="var(--mantine-color-error)"
          >
            {problems.map((problem) => (
              <List.Item key={`${problem.code}-${problem.mediaIndex ?? ''}-${problem.message}`}>
                {problem.message}
              </List.Item>
            ))}
          </List>
        </Stack>
      )}
    </Paper>
  )
}
