/**
 * A thread, where the chosen platforms allow one: a text over the limit offers "Split into a thread" (numbered
 * parts cut as the platform counts, split-thread.ts), a shorter one "Continue in a thread"; then each part after the text (which stays part 1) is its
 * own field with its number, its counter and its checks, and parts can be added, removed and merged back. Focus
 * follows what was done: into a new part, to the part before a removed one, to the text after a merge.
 */
import { ActionIcon, Button, Group, Paper, Stack, Text, Textarea } from '@mantine/core'
import { IconArrowMerge, IconPlus, IconArrowsSplit, IconTrash } from '@tabler/icons-react'
import type { MediaItem } from '../../../src-shared/entities/json-shapes'
import type { Channel } from '../../../src-shared/entities/models'
import { platformLimits } from '../../../src-shared/platforms'
import { mergeThread, renumberThread, splitThread } from '../../../src-shared/threads/split-thread'
import { MAX_THREAD_PARTS } from '../../../src-shared/threads/thread-checks'
import { PLATFORM_NAMES } from '../channel-avatar'
import { followUpProblemsFor } from './channel-checks'
import { captionFor, type ComposeState } from './compose-state'
import { roomLeft, roomWords, strictestMeasure } from './length-left'

interface Props {
  state: ComposeState
  chosen: Channel[]
  media: MediaItem[]
  update: (change: (state: ComposeState) => Partial<ComposeState>) => void
}

/** Focuses part `n` (1: the text) once React has drawn it. */
function focusPart(n: number) {
  requestAnimationFrame(() => document.querySelector<HTMLTextAreaElement>(`[data-thread-part="${n}"]`)?.focus())
}

const joinNames = (names: string[]) =>
  names.length < 2 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`

export function ThreadEditor({ state, chosen, media, update }: Props) {
  const threaded = chosen.filter((c) => platformLimits[c.platform].threads)
  const platforms = [...new Set(threaded.map((c) => c.platform))]
  const parts = state.threadParts
  // Shown only where a thread can go, unless one was written already (so it can be merged back).
  if (threaded.length === 0 && parts.length === 0) return null

  const total = parts.length + 1
  const texts = () => [state.text, ...parts.map((p) => p.text)]
  /** Writes the parts back (part 1 is the text), keeping each part's media by position. */
  const write = (next: string[], kept: typeof parts) =>
    update(() => ({
      text: next[0] ?? '',
      threadParts: next.slice(1).map((text, i) => ({ ...kept[i], text })),
    }))
  const add = () => {
    write(renumberThread([...texts(), '']), [...parts, { text: '' }])
    focusPart(total + 1)
  }
  const remove = (n: number) => {
    const next = texts().filter((_, i) => i !== n - 1)
    write(
      renumberThread(next),
      parts.filter((_, i) => i !== n - 2),
    )
    focusPart(n - 1)
  }
  const merge = () => {
    update(() => ({ text: mergeThread(texts()), threadParts: [] }))
    focusPart(1)
  }
  if (parts.length === 0) {
    const over = platforms.filter((p) => (roomLeft([p], state.text) ?? 0) < 0)
    if (over.length === 0) {
      // A short text may still want to go on in a reply: a thread of short posts, started by hand.
      if (threaded.length === 0 || state.text.trim() === '') return null
      return (
        <Group>
          <Button variant="subtle" size="xs" leftSection={<IconPlus size={14} aria-hidden />} onClick={add}>
            Continue in a thread
          </Button>
        </Group>
      )
    }
    const split = () => {
      const { limit, measure } = strictestMeasure(platforms)
      const [first = '', ...rest] = splitThread(state.text, limit, measure)
      update(() => ({ text: first, threadParts: rest.map((text) => ({ text })) }))
      focusPart(2)
    }
    return (
      <Paper withBorder radius="md" p="sm">
        <Group justify="space-between" gap="sm">
          <Text fz="sm" style={{ flex: 1, minWidth: 200 }}>
            Longer than {joinNames(over.map((p) => PLATFORM_NAMES[p]))} allows. Split it into a numbered thread: each
            part goes out as a reply to the one before.
          </Text>
          <Button variant="light" leftSection={<IconArrowsSplit size={16} aria-hidden />} onClick={split}>
            Split into a thread
          </Button>
        </Group>
      </Paper>
    )
  }

  const after = { threadParts: parts, firstComment: state.firstComment }
  const textFor = (id: string) => captionFor(state, id)

  return (
    <Paper withBorder radius="md" p="sm" component="section" aria-labelledby="thread-heading">
      <Stack gap="sm">
        <Group justify="space-between" gap="xs">
          <Text component="h2" id="thread-heading" fz="sm" fw={600}>
            Thread · {total} parts
          </Text>
          <Button variant="subtle" size="xs" leftSection={<IconArrowMerge size={14} aria-hidden />} onClick={merge}>
            Merge back into one post
          </Button>
        </Group>
        <Text fz="xs" c="dimmed">
          Part 1 is the text above. Each part here goes out as a reply to the one before, in this order.
        </Text>
        {parts.map((part, i) => {
          const n = i + 2
          return (
            <Group key={n} gap="xs" align="flex-start" wrap="nowrap">
              <Textarea
                style={{ flex: 1 }}
                label={`Part ${n} of ${total}`}
                description={roomWords(roomLeft(platforms, part.text))}
                autosize
                minRows={2}
                maxRows={10}
                data-thread-part={n}
                value={part.text}
                error={followUpProblemsFor(threaded, textFor, media, after, { part: n })}
                onChange={(event) => {
                  const text = event.currentTarget.value
                  update((s) => ({ threadParts: s.threadParts.map((p, j) => (j === i ? { ...p, text } : p)) }))
                }}
              />
              <ActionIcon
                variant="subtle"
                color="gray"
                mt={26}
                size="lg"
                aria-label={`Remove part ${n}`}
                onClick={() => remove(n)}
              >
                <IconTrash size={18} aria-hidden />
              </ActionIcon>
            </Group>
          )
        })}
        <Group>
          <Button
            variant="light"
            size="xs"
            leftSection={<IconPlus size={14} aria-hidden />}
            onClick={add}
            disabled={parts.length >= MAX_THREAD_PARTS}
          >
            Add a part
          </Button>
        </Group>
      </Stack>
    </Paper>
  )
}
