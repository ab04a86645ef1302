/**
 * How long a caption is, counted the way the platforms count it (user-
 * perceived characters, so an emoji is one), against each platform's limit.
 */
import { Group, Text } from '@mantine/core'

// Bluesky's post limit is 300 graphemes; Mastodon's default instance limit is 500 characters.
const LIMITS = [
  { platform: 'Bluesky', max: 300 },
  { platform: 'Mastodon', max: 500 },
]

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' })

export function countCharacters(text: string): number {
  let count = 0
  for (const _ of segmenter.segment(text)) count++
  return count
}

export function CaptionLength({ caption }: { caption: string }) {
  const count = countCharacters(caption)
  return (
    <Group justify="space-between" gap="xs" fz="xs" aria-live="polite">
      <Text fz="xs" c="dimmed">
        {count.toLocaleString()} {count === 1 ? 'character' : 'characters'}
      </Text>
      <Group gap="sm">
        {LIMITS.map(({ platform, max }) => (
          <Text
            key={platform}
            fz="xs"
            c={count > max ? 'var(--mantine-color-error)' : 'dimmed'}
            fw={count > max ? 600 : undefined}
          >
            {platform}{' '}
            {count > max ? `${(count - max).toLocaleString()} over` : `${(max - count).toLocaleString()} left`}
          </Text>
        ))}
      </Group>
    </Group>
  )
}
