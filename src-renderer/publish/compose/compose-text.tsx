/**
 * The post's text: one shared text for every chosen channel, and a tab per channel to give that channel its own.
 * ⌘/Ctrl+Enter runs the composer's main action from any of them.
 */
import { Button, Group, Stack, Tabs, Textarea } from '@mantine/core'
import { getHotkeyHandler } from '@mantine/hooks'
import { IconArrowBackUp } from '@tabler/icons-react'
import { useState } from 'react'
import type { MediaItem } from '../../../src-shared/entities/json-shapes'
import type { Channel } from '../../../src-shared/entities/models'
import { PLATFORM_NAMES } from '../channel-avatar'
import { textProblemsFor } from './channel-checks'
import { captionFor, type ComposeState } from './compose-state'

interface Props {
  state: ComposeState
  chosen: Channel[]
  media: MediaItem[]
  /** Scheduling was asked for: every problem shows, an empty text too. */
  checked: boolean
  update: (change: (state: ComposeState) => Partial<ComposeState>) => void
  onPrimary: () => void
}

export function ComposeText({ state, chosen, media, checked, update, onPrimary }: Props) {
  const [tab, setTab] = useState<string | null>('all')
  const activeTab = tab === 'all' || state.channelIds.includes(tab ?? '') ? tab : 'all'

  const editor = (channelId: string | null) => {
    const custom = channelId !== null && state.overrides[channelId] !== undefined
    const channel = chosen.find((c) => c.id === channelId)
    const value = channelId === null ? state.text : captionFor(state, channelId)
    const thread = state.threadParts.length
      ? `Part 1 of ${state.threadParts.length + 1} of the thread; the others follow below. `
      : ''
    return (
      <Stack gap="xs">
        <Textarea
          label={channel ? `Text for ${channel.displayName}` : 'Text'}
          description={
            thread +
              (channel
                ? custom
                  ? `Only ${channel.displayName} gets this text.`
                  : `Uses the shared text until you change it here.`
                : chosen.length > 1
                  ? 'Shared by every channel you chose; customize it per channel in its tab.'
                  : '') || undefined
          }
          placeholder="What would you like to share?"
          autosize
          minRows={6}
          maxRows={18}
          data-autofocus={channelId === null || undefined}
          data-thread-part={channelId === null ? 1 : undefined}
          value={value}
          error={textProblemsFor(
            channel ? [channel] : chosen.filter((c) => state.overrides[c.id] === undefined),
            value,
            media,
            checked,
            { threadParts: state.threadParts, firstComment: '' },
          )}
          onChange={(event) => {
            const text = event.currentTarget.value
            if (channelId === null) update(() => ({ text }))
            else update((s) => ({ overrides: { ...s.overrides, [channelId]: text } }))
          }}
          onKeyDown={getHotkeyHandler([['mod+Enter', onPrimary]])}
        />
        {custom && (
          <Group justify="flex-end">
            <Button
              variant="subtle"
              size="xs"
              leftSection={<IconArrowBackUp size={14} aria-hidden />}
              onClick={() =>
                update((s) => {
                  const overrides = { ...s.overrides }
                  delete overrides[channelId]
                  return { overrides }
                })
              }
            >
              Use the shared text
            </Button>
          </Group>
        )}
      </Stack>
    )
  }

  return (
    <Tabs value={activeTab} onChange={setTab} keepMounted={false}>
      {chosen.length > 0 && (
        <Tabs.List mb="sm" aria-label="Text per channel">
          <Tabs.Tab value="all">All channels</Tabs.Tab>
          {chosen.map((channel) => (
            <Tabs.Tab key={channel.id} value={channel.id}>
              {state.overrides[channel.id] !== undefined
                ? `${channel.displayName} (customized)`
                : `Customize for ${PLATFORM_NAMES[channel.platform]}${chosen.filter((c) => c.platform === channel.platform).length > 1 ? ` · ${channel.displayName}` : ''}`}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      )}
      <Tabs.Panel value="all">{editor(null)}</Tabs.Panel>
      {chosen.map((channel) => (
        <Tabs.Panel key={channel.id} value={channel.id}>
          {editor(channel.id)}
        </Tabs.Panel>
      ))}
    </Tabs>
  )
}
