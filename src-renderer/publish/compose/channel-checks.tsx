/**
 * How the post fares on each chosen platform, live: its length as that platform counts it against its limit, and
 * every reason it would be refused, in words.
 */
import { Group, List, Paper, Progress, Stack, Text } from '@mantine/core'
import { IconAlertTriangle } from '@tabler/icons-react'
import { measureText } from '../../../src-shared/platforms/adapter'
import { platformLimits } from '../../../src-shared/platforms'
import { validateContent, type ContentProblem } from '../../../src-shared/threads/thread-checks'
import type { Platform } from '../../../src-shared/entities/enums'
import type { MediaItem } from '../../../src-shared/entities/json-shapes'

/** validatePost wants bytes only to read their length; the composer knows the length without holding the file. */
const asPostMedia = (item: MediaItem) => ({
  mimeType: item.mimeType ?? '',
  fileName: item.fileName,
  altText: item.altText,
  data: { byteLength: item.byteLength ?? 0 } as Uint8Array,
})

/** What goes out after the post: its thread after the text, and its first comment ('' for none). */
export interface FollowUpsDraft {
  threadParts: { text: string }[]
  firstComment: string
}

const NONE: FollowUpsDraft = { threadParts: [], firstComment: '' }

/** The same checks the service runs before placing the post (thread-checks.ts), the thread and comment included. */
export function problemsFor(
  platform: Platform,
  text: string,
  media: MediaItem[],
  after: FollowUpsDraft = NONE,
): ContentProblem[] {
  return validateContent(platformLimits[platform], platform, {
    text,
    media: media.map(asPostMedia),
    threadParts: after.threadParts,
    firstComment: after.firstComment || null,
  })
}

/** A problem about the post's own text (part 1), not an attachment, a later part or the comment. */
export const isTextProblem = (p: ContentProblem) =>
  p.mediaIndex === undefined && !p.firstComment && (p.part === undefined || p.part === 1)

interface ChosenChannel {
  id: string
  platform: Platform
  displayName: string
  username: string
}

/**
 * What stops the post from going out now, as one sentence naming each channel and its problems in the words its
 * check shows (the empty post included, which the checks show only once scheduling was asked for); null when
 * nothing does. The composer recomputes it as you type, so the summary goes as soon as the problem does.
 */
export function blockingSummary(
  chosen: ChosenChannel[],
  textFor: (channelId: string) => string,
  media: MediaItem[],
  after: FollowUpsDraft = NONE,
): string | null {
  if (chosen.length === 0) return 'Choose at least one channel to publish to.'
  const blocked = chosen.flatMap((channel) => {
    const problems = problemsFor(channel.platform, textFor(channel.id), media, after)
    return problems.length
      ? [`${channel.displayName || channel.username}: ${problems.map((p) => p.message).join(' ')}`]
      : []
  })
  return blocked.length ? blocked.join(' ') : null
}

/** Each attachment's problems on the chosen channels (index → sentences), for showing beside that attachment. */
export function mediaProblemsFor(
  chosen: ChosenChannel[],
  textFor: (channelId: string) => string,
  media: MediaItem[],
): Map<number, string[]> {
  const found = new Map<number, string[]>()
  for (const channel of chosen) {
    for (const problem of problemsFor(channel.platform, textFor(channel.id), media)) {
      if (problem.mediaIndex === undefined) continue
      const name = channel.displayName || channel.username
      const list = found.get(problem.mediaIndex) ?? []
      const message = chosen.length > 1 ? `${name}: ${problem.message}` : problem.message
      if (!list.includes(message)) found.set(problem.mediaIndex, [...list, message])
    }
  }
  return found
}

interface Props {
  name: string
  platform: Platform
  text: string
  media: MediaItem[]
  after?: FollowUpsDraft
  /** Once scheduling was asked for, an empty post is a problem to show too (before, it is just a new post). */
  showEmpty?: boolean
}

export function ChannelCheck({ name, platform, text, media, after = NONE, showEmpty = false }: Props) {
  const limits = platformLimits[platform]
  const length = measureText(limits, text)
  // An empty part is a problem at once: it was added to be written.
  const problems = problemsFor(platform, text, media, after).filter(
    (p) => showEmpty || p.code !== 'empty' || p.part !== undefined,
  )
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

/**
 * The problems of one text (the shared one, or a channel's own) on the channels that use it, for the text field
 * itself, with the channel named when several share it; undefined when there are none.
 */
export function textProblemsFor(
  channels: ChosenChannel[],
  text: string,
  media: MediaItem[],
  showEmpty: boolean,
  after: FollowUpsDraft = NONE,
): string | undefined {
  const lines = channels.flatMap((channel) =>
    problemsFor(channel.platform, text, media, after)
      .filter((p) => isTextProblem(p) && (showEmpty || p.code !== 'empty'))
      .map((p) =>
        channels.length > 1 && p.code !== 'empty'
          ? `${channel.displayName || channel.username}: ${p.message}`
          : p.message,
      ),
  )
  return lines.length ? [...new Set(lines)].join(' ') : undefined
}

/**
 * The problems of one later part of the thread, or of the first comment, on the chosen channels, for showing
 * beside that field, with the channel named when several are chosen; undefined when there are none.
 */
export function followUpProblemsFor(
  chosen: ChosenChannel[],
  textFor: (channelId: string) => string,
  media: MediaItem[],
  after: FollowUpsDraft,
  which: { part: number } | 'firstComment',
): string | undefined {
  const lines = chosen.flatMap((channel) =>
    problemsFor(channel.platform, textFor(channel.id), media, after)
      .filter((p) => (which === 'firstComment' ? p.firstComment : p.part === which.part))
      .map((p) => (chosen.length > 1 ? `${channel.displayName || channel.username}: ${p.message}` : p.message)),
  )
  return lines.length ? [...new Set(lines)].join(' ') : undefined
}
