/**
 * The composer, the one place a post is written: for several channels at once, adjusted per channel, and put on
 * the schedule. What is typed is kept as drafts as you go; the live checks say what each platform would refuse
 * before you try. Its parts live in `compose/`: the text (compose-text), media, the checks, the schedule actions
 * and the state with its drafts (use-draft-group).
 */
import { Alert, Anchor, Grid, Loader, Paper, Stack } from '@mantine/core'
import { useHotkeys } from '@mantine/hooks'
import { useMemo, useState } from 'react'
import { can } from '../../src-shared/entities/permissions'
import { mayRemovePost } from '../../src-shared/entities/post-rules'
import { NoOrganization } from '../app/no-organization'
import { useWorkspace } from '../app/workspace'
import { errorMessage } from '../ui/errors'
import { PageHeader } from '../ui/page-header'
import { zoneName } from '../../src-shared/time-format'
import { ChannelPicker } from './compose/channel-picker'
import { blockingSummary, mediaProblemsFor } from './compose/channel-checks'
import { ComposeChecks } from './compose/compose-checks'
import { ComposePreviews } from './compose/compose-previews'
import { ComposeText } from './compose/compose-text'
import { ConfirmRemoveChannel, type Removal } from './compose/confirm-remove-channel'
import { MediaAttachments } from './compose/media-attachments'
import { HeldEditNote, RestoredEdit } from './compose/held-edit-note'
import { HeldIndicator, SaveIndicator } from './compose/save-indicator'
import { ScheduleActions } from './compose/schedule-actions'
import { TagsField } from './compose/tags-input'
import { FirstCommentField } from './compose/first-comment-field'
import { ThreadEditor } from './compose/thread-editor'
import { useComposeActions } from './compose/use-compose-actions'
import { captionFor } from './compose/compose-state'
import { useDraftGroup } from './compose/use-draft-group'
import { useFocusTextOnOpen } from './compose/use-focus-text'
import { usePreselectedChannel } from './compose/use-preselected-channel'
import { useChannels, usePosts } from './queries'
import { QUEUED } from './status'

interface ComposerProps {
  orgId: string
  orgZone: string
  role: Parameters<typeof can>[0]
  userId: string
  editPostId: string | null
  /** A time picked before writing (a calendar slot), for a new post. */
  slotAt: string | null
}

function Composer({ orgId, orgZone, role, userId, editPostId, slotAt }: ComposerProps) {
  const channels = useChannels(orgId).data
  const knownTags = usePosts(orgId, 'draft').data
  const draft = useDraftGroup(orgId, editPostId)
  const { state, update } = draft
  const [removal, setRemoval] = useState<Removal | null>(null)
  usePreselectedChannel(channels, editPostId === null, state.channelIds, update)
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
      ? `In ${zoneName(zone)}, the time zone of ${chosen[0]!.displayName}; every channel publishes at this same instant.`
      : `In ${zoneName(zone)}${chosen[0] ? `, the time zone of ${chosen[0].displayName}` : ''}.`
  const media = state.media.map((m) => m.item)
  const actions = useComposeActions(orgId, draft, chosen, zone)
  // Once scheduling was asked for, what blocks it is worked out again on every change: it names each problem,
  // each is shown beside what must change, and the summary goes as soon as they are fixed.
  const textFor = (id: string) => captionFor(state, id)
  const blocking = actions.checked ? blockingSummary(chosen, textFor, media, state) : null

  const slot = editPostId ? null : slotAt
  const primary = () => {
    if (editingQueued) return void actions.saveChanges()
    // A slot that has passed while writing falls back to the queue, as the main button does.
    const at = slot && Date.parse(slot) > Date.now() ? slot : null
    void actions.schedule(at ? { kind: 'at', at } : { kind: 'queue' })
  }
  useHotkeys([['mod+Enter', primary]])
  useFocusTextOnOpen(!draft.loading && !draft.loadError)

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

  return (
    <>
      <PageHeader
        title={editPostId ? 'Edit post' : 'Create a post'}
        description={
          draft.held
            ? 'This post has its place: your edits are kept here, not on the post, until you save them.'
            : 'Write once, adjust per channel, and choose when it goes out. Drafts save as you type.'
        }
        actions={
          draft.held ? (
            <HeldIndicator changed={draft.changed} />
          ) : (
            <SaveIndicator status={draft.status} error={draft.saveError} />
          )
        }
      />
      {draft.restored && draft.changed && (
        <RestoredEdit editedAt={draft.restored.editedAt} stale={draft.restored.baseUpdatedAt !== opened?.updatedAt} />
      )}
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 7 }}>
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
              <ComposeText
                state={state}
                chosen={chosen}
                media={media}
                checked={actions.checked}
                update={update}
                onPrimary={primary}
              />
              <MediaAttachments
                orgId={orgId}
                media={state.media}
                problems={mediaProblemsFor(chosen, textFor, media)}
                onChange={(change) => update((s) => ({ media: change(s.media) }))}
              />
              <ThreadEditor state={state} chosen={chosen} media={media} update={update} />
              <FirstCommentField state={state} chosen={chosen} media={media} update={update} />
              <TagsField data={tags} value={state.tags} onChange={(next) => update(() => ({ tags: next }))} />
            </Stack>
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack gap="md">
            <ComposeChecks state={state} chosen={chosen} media={media} showEmpty={actions.checked} />
            <ScheduleActions
              needsApproval={needsApproval}
              zone={zone}
              zoneNote={zoneNote}
              disabled={actions.pending !== null}
              pending={actions.pending}
              error={actions.error ?? blocking}
              errorTitle={actions.failed}
              onSchedule={(when) => void actions.schedule(when)}
              onSave={editingQueued ? () => void actions.saveChanges() : undefined}
              currentAt={opened?.scheduledAt}
              slotAt={slot}
            />
            {opened && editingQueued ? (
              <HeldEditNote
                post={opened}
                zone={zone}
                needsApproval={needsApproval}
                changed={draft.changed}
                disabled={actions.pending !== null}
                onDiscard={draft.discard}
              />
            ) : (
              <Anchor href="#/publish" fz="sm" ta="right">
                {opened && opened.status !== 'draft'
                  ? 'Close — your changes are saved'
                  : 'Close — the draft stays in Drafts'}
              </Anchor>
            )}
            <ComposePreviews orgId={orgId} state={state} chosen={chosen} />
          </Stack>
        </Grid.Col>
      </Grid>
    </>
  )
}

/**
 * `#/publish/compose` writes a new post (`?at=<ISO instant>`: for that time, as a calendar slot opens it);
 * `#/publish/compose/<postId>` edits one and the rest of its group.
 */
export function ComposeScreen({ postId }: { postId?: string } = {}) {
  const { activeOrg, profile } = useWorkspace()
  if (!activeOrg) return <NoOrganization screen="Publish" />
  const query = new URLSearchParams(window.location.hash.split('?')[1] ?? '')
  const editPostId = postId ?? query.get('post')
  const at = query.get('at')
  const slotAt = at && !Number.isNaN(Date.parse(at)) ? new Date(at).toISOString() : null
  return (
    <Composer
      key={`${activeOrg.id}/${editPostId ?? 'new'}/${slotAt ?? ''}`}
      slotAt={slotAt}
      orgId={activeOrg.id}
      orgZone={activeOrg.timezone}
      role={activeOrg.role}
      userId={profile.id}
      editPostId={editPostId}
    />
  )
}
