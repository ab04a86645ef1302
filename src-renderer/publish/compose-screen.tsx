/**
 * The composer: write once for several channels, adjust per channel, and put it on the schedule. What is typed is
 * kept as drafts as you go; the live checks say what each platform would refuse before you try.
 */
import {
  Anchor,
  Box,
  Grid,
  Group,
  Loader,
  Paper,
  Stack,
  Tabs,
  TagsInput,
  Text,
  Textarea,
  Button,
  Alert,
} from '@mantine/core'
import { getHotkeyHandler, useHotkeys } from '@mantine/hooks'
import { IconArrowBackUp, IconCheck, IconCloudOff } from '@tabler/icons-react'
import { useQueryClient } from '@tanstack/react-query'
import { DateTime } from 'luxon'
import { useMemo, useState } from 'react'
import { useLocation } from 'wouter'
import type { When } from '../../src-shared/api/contract'
import { can } from '../../src-shared/entities/permissions'
import { mayRemovePost } from '../../src-shared/entities/post-rules'
import { keys } from '../app/queries'
import { NoOrganization } from '../app/no-organization'
import { useWorkspace } from '../app/workspace'
import { errorMessage, notifySuccess } from '../ui/errors'
import { PageHeader } from '../ui/page-header'
import { PLATFORM_NAMES } from './channel-avatar'
import { ChannelCheck, problemsFor } from './compose/channel-checks'
import { ChannelPicker } from './compose/channel-picker'
import { ConfirmRemoveChannel, type Removal } from './compose/confirm-remove-channel'
import { MediaAttachments } from './compose/media-attachments'
import { ScheduleActions } from './compose/schedule-actions'
import { captionFor, useDraftGroup, type SaveStatus } from './compose/use-draft-group'
import { useChannels, usePosts } from './queries'
import { QUEUED, STATUS } from './status'
import { whenLabel } from './time'

function SaveIndicator({ status, error }: { status: SaveStatus; error: unknown }) {
  const text =
    status === 'saving' ? 'Saving…' : status === 'saved' ? 'Draft saved' : status === 'error' ? 'Not saved' : ''
  return (
    <Group gap={6} role="status" aria-live="polite" mih={20}>
      {status === 'saving' && <Loader size={12} aria-hidden />}
      {status === 'saved' && <IconCheck size={14} aria-hidden color="var(--mantine-color-teal-7)" />}
      {status === 'error' && <IconCloudOff size={14} aria-hidden color="var(--mantine-color-error)" />}
      <Text
        fz="xs"
        c={status === 'error' ? 'var(--mantine-color-error)' : 'dimmed'}
        title={error ? errorMessage(error) : undefined}
      >
        {text}
        {status === 'error' && error ? `: ${errorMessage(error)}` : ''}
      </Text>
    </Group>
  )
}

function Composer({
  orgId,
  orgZone,
  role,
  userId,
  editPostId,
}: {
  orgId: string
  orgZone: string
  role: Parameters<typeof can>[0]
  userId: string
  editPostId: string | null
}) {
  const [, navigate] = useLocation()
  const client = useQueryClient()
  const channels = useChannels(orgId).data
  const knownTags = usePosts(orgId, 'draft').data
  const draft = useDraftGroup(orgId, editPostId)
  const { state, update } = draft
  const [tab, setTab] = useState<string | null>('all')
  const [pending, setPending] = useState<When['kind'] | 'save' | null>(null)
  const [actionError, setActionError] = useState<unknown>(null)
  const [failed, setFailed] = useState<'Not saved' | 'Not scheduled'>('Not scheduled')
  const [removal, setRemoval] = useState<Removal | null>(null)
  const needsApproval = !can(role, 'posts.publish_without_approval')
  // A post that already has its place (or asked for one): saving keeps it there.
  const opened = draft.opened
  const editingQueued = opened !== null && QUEUED.includes(opened.status)

  const chosen = useMemo(
    () => (channels ?? []).filter((channel) => state.channelIds.includes(channel.id)),
    [channels, state.channelIds],
  )
  const tags = useMemo(() => [...new Set(knownTags?.flatMap((post) => post.tags))].sort(), [knownTags])
  const zone = chosen[0]?.schedule.timezone ?? orgZone
  const zones = new Set(chosen.map((c) => c.schedule.timezone))
  const zoneNote =
    zones.size > 1
      ? `In ${zone}, the time zone of ${chosen[0]!.displayName}; every channel publishes at this same instant.`
      : `In ${zone}${chosen[0] ? `, the time zone of ${chosen[0].displayName}` : ''}.`
  const media = state.media.map((m) => m.item)
  const activeTab = tab === 'all' || state.channelIds.includes(tab ?? '') ? tab : 'all'

  const ready = (): boolean => {
    setActionError(null)
    if (state.channelIds.length === 0) {
      setActionError('Choose at least one channel to publish to.')
      return false
    }
    const blocked = chosen.find((c) => problemsFor(c.platform, captionFor(state, c.id), media).length > 0)
    if (blocked) {
      setActionError(`Fix what is shown for ${blocked.displayName} first.`)
      return false
    }
    return true
  }

  const schedule = async (when: When) => {
    setFailed('Not scheduled')
    if (!ready()) return
    setPending(when.kind)
    try {
      const results = await draft.scheduleAll(when, false)
      const first = results[0]
      const message = results.some((p) => p.status === 'needs_approval')
        ? 'Sent for approval'
        : when.kind === 'now'
          ? 'Publishing now'
          : first?.scheduledAt
            ? `Scheduled · ${whenLabel(first.scheduledAt, zone)}`
            : 'Added to the queue'
      notifySuccess(results.length > 1 ? `${message} (${results.length} channels)` : message)
      await client.invalidateQueries({ queryKey: keys.posts(orgId) })
      draft.reset()
      navigate('/publish')
    } catch (error) {
      setActionError(error)
    } finally {
      setPending(null)
    }
  }
  /**
   * Save changes: the edits are saved (they save as you type too) and the posts keep their times. A channel added
   * while editing gets its post at the same time, or the next queue slot when that time has passed.
   */
  const saveChanges = async () => {
    setFailed('Not saved')
    if (!opened || !ready()) return
    setPending('save')
    try {
      const at = opened.scheduledAt
      const when: When = at && DateTime.fromISO(at) > DateTime.now() ? { kind: 'at', at } : { kind: 'queue' }
      const results = await draft.scheduleAll(when, true)
      const first = results[0]
      notifySuccess(
        results.some((p) => p.status === 'needs_approval')
          ? 'Changes saved · waiting for approval'
          : first?.scheduledAt
            ? `Changes saved · still scheduled for ${whenLabel(first.scheduledAt, zone)}`
            : 'Changes saved',
      )
      await client.invalidateQueries({ queryKey: keys.posts(orgId) })
      draft.reset()
      navigate('/publish')
    } catch (error) {
      setActionError(error)
    } finally {
      setPending(null)
    }
  }
  const primary = () => void (editingQueued ? saveChanges() : schedule({ kind: 'queue' }))
  useHotkeys([['mod+Enter', primary]])

  /** Unchecking a channel whose post has a time asks first; other changes apply at once. */
  const changeChannels = (next: string[]) => {
    const removed = state.channelIds.filter((id) => !next.includes(id))
    const queued = removed.flatMap((id) => {
      const post = draft.postFor(id)
      if (!post || !QUEUED.includes(post.status)) return []
      const channel = channels?.find((c) => c.id === id)
      return [
        {
          channelName: channel?.displayName || channel?.username || 'this channel',
          post,
          zone: channel?.schedule.timezone ?? orgZone,
          allowed: mayRemovePost(role, post, userId),
        },
      ]
    })
    if (queued.length) setRemoval({ next, posts: queued })
    else update(() => ({ channelIds: next }))
  }

  if (draft.loading) return <Loader aria-label="Loading the post" />
  if (draft.loadError) {
    return (
      <Alert color="red" title="We couldn’t open this post">
        {errorMessage(draft.loadError)} <Anchor href="#/publish">Back to Publish</Anchor>
      </Alert>
    )
  }

  const editor = (channelId: string | null) => {
    const custom = channelId !== null && state.overrides[channelId] !== undefined
    const channel = chosen.find((c) => c.id === channelId)
    const value = channelId === null ? state.text : captionFor(state, channelId)
    return (
      <Stack gap="xs">
        <Textarea
          label={channel ? `Text for ${channel.displayName}` : 'Text'}
          description={
            channel
              ? custom
                ? `Only ${channel.displayName} gets this text.`
                : `Uses the shared text until you change it here.`
              : chosen.length > 1
                ? 'Shared by every channel you chose; customize it per channel in its tab.'
                : undefined
          }
          placeholder="What would you like to share?"
          autosize
          minRows={6}
          maxRows={18}
          data-autofocus={channelId === null || undefined}
          value={value}
          onChange={(event) => {
            const text = event.currentTarget.value
            if (channelId === null) update(() => ({ text }))
            else update((s) => ({ overrides: { ...s.overrides, [channelId]: text } }))
          }}
          onKeyDown={getHotkeyHandler([['mod+Enter', primary]])}
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
    <>
      <PageHeader
        title={editPostId ? 'Edit post' : 'Create a post'}
        description="Write once, adjust per channel, and choose when it goes out. Drafts save as you type."
        actions={<SaveIndicator status={draft.status} error={draft.saveError} />}
      />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Paper withBorder radius="lg" p="lg">
            <Stack gap="lg">
              <ChannelPicker channels={channels} value={state.channelIds} onChange={changeChannels} />
              <ConfirmRemoveChannel
                removal={removal}
                onKeep={() => setRemoval(null)}
                onRemove={(channelIds) => {
                  setRemoval(null)
                  update(() => ({ channelIds }))
                }}
              />
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
              <MediaAttachments
                orgId={orgId}
                media={state.media}
                onChange={(change) => update((s) => ({ media: change(s.media) }))}
              />
              <TagsInput
                label="Tags"
                description="Group posts by campaign or theme. Press Enter after each tag."
                placeholder={state.tags.length ? '' : 'launch, spring-campaign'}
                data={tags}
                value={state.tags}
                onChange={(next) => update(() => ({ tags: next }))}
                maxTags={20}
                clearable
                comboboxProps={{ keepMounted: false }}
                clearButtonProps={{ 'aria-label': 'Clear tags' }}
              />
            </Stack>
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="md" pos="sticky" top={80}>
            <Box>
              <Text component="h2" fz="sm" fw={600} mb="xs">
                Checks
              </Text>
              <Stack gap="xs">
                {chosen.length > 0
                  ? chosen.map((channel) => (
                      <ChannelCheck
                        key={channel.id}
                        name={channel.displayName || channel.username}
                        platform={channel.platform}
                        text={captionFor(state, channel.id)}
                        media={media}
                      />
                    ))
                  : (['bluesky', 'mastodon'] as const).map((platform) => (
                      <ChannelCheck
                        key={platform}
                        name={PLATFORM_NAMES[platform]}
                        platform={platform}
                        text={state.text}
                        media={media}
                      />
                    ))}
              </Stack>
            </Box>
            <ScheduleActions
              needsApproval={needsApproval}
              zone={zone}
              zoneNote={zoneNote}
              disabled={pending !== null}
              pending={pending}
              error={actionError}
              errorTitle={failed}
              onSchedule={(when) => void schedule(when)}
              onSave={editingQueued ? () => void saveChanges() : undefined}
              currentAt={opened?.scheduledAt}
            />
            {opened && editingQueued ? (
              <Stack gap={4} align="flex-end">
                <Text fz="xs" c="dimmed" ta="right">
                  {STATUS[opened.status].label}
                  {opened.scheduledAt ? ` for ${whenLabel(opened.scheduledAt, zone)}` : ''}. Changes save as you type;
                  Save changes keeps {opened.scheduledAt ? 'its time' : 'it waiting'}, the menu moves it.
                </Text>
                <Anchor href="#/publish" fz="sm">
                  Done
                </Anchor>
              </Stack>
            ) : (
              <Anchor href="#/publish" fz="sm" ta="right">
                {opened && opened.status !== 'draft'
                  ? 'Close — your changes are saved'
                  : 'Close — the draft stays in Drafts'}
              </Anchor>
            )}
          </Stack>
        </Grid.Col>
      </Grid>
    </>
  )
}

/** `#/publish/compose` writes a new post; `#/publish/compose/<postId>` edits one and the rest of its group. */
export function ComposeScreen({ postId }: { postId?: string } = {}) {
  const { activeOrg, profile } = useWorkspace()
  if (!activeOrg) return <NoOrganization screen="Publish" />
  const editPostId = postId ?? new URLSearchParams(window.location.hash.split('?')[1] ?? '').get('post')
  return (
    <Composer
      key={`${activeOrg.id}/${editPostId ?? 'new'}`}
      orgId={activeOrg.id}
      orgZone={activeOrg.timezone}
      role={activeOrg.role}
      userId={profile.id}
      editPostId={editPostId}
    />
  )
}
