/**
 * The composer's post for several channels, written and put on the schedule
 * in one org mutation: each channel's post is created or brought up to date
 * (posts.ts), then placed (post-placement.ts), and the group's posts for
 * channels no longer chosen are deleted. Any refusal rolls all of it back,
 * so either every channel has its post or nothing was written; and as one
 * mutation the sync server takes or refuses it whole too.
 */
import type { ApiParsedInput } from '../../src-shared/api/contract'
import { AppError } from '../../src-shared/api/errors'
import type { Post } from '../../src-shared/entities/models'
import { PLACED_STATUSES } from '../../src-shared/entities/post-rules'
import type { ServiceContext } from '../core/context'
import type { Change } from '../sync/outbox'
import { readScheduledChannel } from './channel-schedule'
import { mutateOrg, type MemberWrite, type OrgMutation } from './org-mutation'
import { deletePostRows, placePost, type Placed } from './post-placement'
import { editDraft, insertDraft, readPost, requireChangeable, requireWriter, type DraftEdit } from './posts'

type GroupInput = ApiParsedInput<'scheduleGroup'>
type Entry = GroupInput['posts'][number]

const groupWrite: OrgMutation = { allow: requireWriter, changed: ['posts', 'schedule'] }

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)

/** The entry's post as the composer has it now: an existing one brought up to date, or a new draft. */
function writeEntry(w: MemberWrite, input: GroupInput, entry: Entry, changes: Change[]): Post {
  const fields = { caption: entry.caption, tags: input.tags, mediaUrls: input.mediaUrls }
  const { firstComment, threadParts } = entry
  if (!entry.postId) {
    const change = insertDraft(w, {
      ...fields,
      socialAccountId: entry.channelId,
      groupId: input.groupId,
      firstComment,
      threadParts,
    })
    changes.push(change)
    return readPost(w.tx, change.rowId)
  }
  const post = readPost(w.tx, entry.postId)
  requireChangeable(post, 'schedule')
  const edit: DraftEdit = {}
  if (post.caption !== fields.caption) edit.caption = fields.caption
  if (!same(post.tags, fields.tags)) edit.tags = fields.tags
  if (!same(post.mediaUrls, fields.mediaUrls)) edit.mediaUrls = fields.mediaUrls
  if (post.socialAccountId !== entry.channelId) edit.socialAccountId = entry.channelId
  if (post.groupId !== input.groupId) edit.groupId = input.groupId
  if (firstComment !== undefined && post.firstComment !== firstComment) edit.firstComment = firstComment
  if (threadParts !== undefined && !same(post.threadParts, threadParts)) edit.threadParts = threadParts
  if (Object.keys(edit).length === 0) return post
  changes.push(...editDraft(w, post, edit).changes)
  return readPost(w.tx, post.id)
}

function livePost(w: MemberWrite, postId: string): Post | undefined {
  try {
    return readPost(w.tx, postId)
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') return undefined
    throw error
  }
}

/** A refusal for one channel of several says which one. */
function forChannel(w: MemberWrite, input: GroupInput, entry: Entry, error: unknown): unknown {
  const channel = readScheduledChannel(w.tx, entry.channelId)
  if (!(error instanceof AppError) || input.posts.length < 2 || !channel) return error
  if (error.message.includes(channel.username)) return error
  return new AppError(error.code, `${channel.username}: ${error.message}`, error.issues)
}

export function scheduleGroup(ctx: ServiceContext, input: GroupInput): Post[] {
  const channelIds = input.posts.map((p) => p.channelId)
  if (new Set(channelIds).size !== channelIds.length) {
    throw new AppError('invalid_input', 'Each channel gets one post: a channel is named twice.')
  }
  return mutateOrg(ctx, input.orgId, groupWrite, (w) => {
    const changes: Change[] = []
    const written: Post[] = []
    const placed: Placed[] = []
    let created = 0
    for (const entry of input.posts) {
      try {
        const post = writeEntry(w, input, entry, changes)
        if (!entry.postId) created++
        if (!(input.keepPlaced && PLACED_STATUSES.includes(post.status))) {
          const place = placePost(w, post, input.when)
          changes.push(...place.changes)
          placed.push(place)
        }
        written.push(post)
      } catch (error) {
        throw forChannel(w, input, entry, error)
      }
    }
    // A post someone else deleted meanwhile is gone already.
    const removed = input.remove.flatMap((id) => (written.some((p) => p.id === id) ? [] : (livePost(w, id) ?? [])))
    for (const post of removed) changes.push(...deletePostRows(w, post))

    const direct = placed.every((p) => p.direct)
    w.record(changes, {
      action: input.keepPlaced ? 'post_group.saved' : direct ? 'post_group.scheduled' : 'post_group.approval_requested',
      entityType: 'post_group',
      entityId: input.groupId,
      meta: {
        when: input.when.kind,
        at: placed[0]?.at?.toISOString() ?? null,
        postIds: written.map((p) => p.id),
        channelIds,
        created,
        removed: removed.length,
      },
    })
    return written.map((p) => readPost(w.tx, p.id))
  })
}
