/**
 * The activity log in sentences: "You scheduled a post for 2 channels", "Sam joined as an editor", "A post was
 * published". Someone's change names them (you, their name from the members list, or "A teammate" when the
 * list does not know them); what the app does on its own (publishing, retries) is said without anyone.
 * Every audit action the app writes has its words here; tests/unit/activity-words.test.ts checks each one. The desktop's
 * Settings → Recent activity shows them.
 */
import { zoneName } from '../time-format'
import type { AuditEntry } from './models'

type Meta = Record<string, unknown>

const text = (meta: Meta, key: string): string | null => {
  const value = meta[key]
  return typeof value === 'string' && value.trim() ? value : null
}

const count = (n: number, one: string, many: string) => (n === 1 ? `1 ${one}` : `${n} ${many}`)

/** "2 channels" for a post written for several at once. */
function channels(meta: Meta): string {
  const ids = meta.channelIds
  const n = Array.isArray(ids) ? ids.length : Array.isArray(meta.posts) ? meta.posts.length : 1
  return n === 1 ? 'one channel' : `${n} channels`
}

/** "a comment" or "3 comments", for triage on a selection. */
const comments = (meta: Meta) =>
  typeof meta.count === 'number' && meta.count > 1 ? `${meta.count} comments` : 'a comment'

/** A role with its article, as sentences say it: "joined as an editor", "invited you … as a viewer". */
export const ROLE_WORDS: Record<string, string> = {
  owner: 'an owner',
  admin: 'an admin',
  editor: 'an editor',
  contributor: 'a contributor',
  viewer: 'a viewer',
}
const asRole = (meta: Meta, key: string) => {
  const role = text(meta, key)
  return role && ROLE_WORDS[role] ? ` as ${ROLE_WORDS[role]}` : ''
}

const channelName = (meta: Meta) => {
  const name = text(meta, 'username')
  return name ? `the channel ${name}` : 'a channel'
}

/** What someone did, to follow their name: "scheduled a post for 2 channels". */
const DONE_BY: Record<string, (meta: Meta) => string> = {
  'organization.created': (m) =>
    text(m, 'name') ? `created the organization “${text(m, 'name')}”` : 'created the organization',
  'organization.renamed': (m) =>
    text(m, 'from') && text(m, 'to')
      ? `renamed the organization from “${text(m, 'from')}” to “${text(m, 'to')}”`
      : 'renamed the organization',
  'organization.timezone_changed': (m) =>
    text(m, 'to') ? `changed the organization’s time zone to ${zoneName(text(m, 'to')!)}` : 'changed the time zone',
  'organization.attached': () => 'started syncing the organization with the team’s server',
  'organization.publishing_settings_changed': () => 'changed how the organization publishes',
  'member.joined': (m) => `joined${asRole(m, 'role')}`,
  'member.role_changed': (m) =>
    text(m, 'to') ? `changed a member’s role to ${text(m, 'to')}` : 'changed a member’s role',
  'member.left': () => 'left the organization',
  'member.removed': () => 'removed a member',
  'invitation.created': (m) => `invited someone${asRole(m, 'role')}`,
  'invitation.sent': (m) => `invited someone by email${asRole(m, 'role')}`,
  'invitation.revoked': () => 'withdrew an invitation',
  'channel.connected': (m) => `connected ${channelName(m)}`,
  'channel.reconnected': (m) => `reconnected ${channelName(m)}`,
  'channel.disconnected': (m) => `disconnected ${channelName(m)}`,
  'channel.schedule_changed': () => 'changed a channel’s posting schedule',
  'queue.reordered': () => 'reordered a channel’s queue',
  'queue.replanned': (m) =>
    `re-planned the queue${text(m, 'timezone') ? ` in ${zoneName(text(m, 'timezone')!)}` : ''}` +
    (typeof m.moved === 'number' ? `, moving ${count(m.moved, 'post', 'posts')}` : ''),
  'idea.created': () => 'added an idea',
  'idea.edited': () => 'edited an idea',
  'idea.deleted': () => 'deleted an idea',
  'idea.turned_into_post': () => 'turned an idea into a post',
  'post.drafted': () => 'wrote a draft',
  'post.edited': () => 'edited a post',
  'post.deleted': () => 'deleted a post',
  'post.scheduled': () => 'scheduled a post',
  'post.unscheduled': () => 'took a post off the schedule',
  'post.approval_requested': () => 'asked to publish a post',
  'post.approved': () => 'approved a post',
  'post.rejected': () => 'sent a post back with changes to make',
  'post_group.scheduled': (m) => `scheduled a post for ${channels(m)}`,
  'post_group.approval_requested': (m) => `asked to publish a post on ${channels(m)}`,
  'post_group.saved': (m) => `saved changes to a post for ${channels(m)}`,
  'post_bulk.scheduled': (m) =>
    `scheduled ${typeof m.rows === 'number' ? count(m.rows, 'post', 'posts') : 'posts'} from a file`,
  'post_bulk.approval_requested': (m) =>
    `asked to publish ${typeof m.rows === 'number' ? count(m.rows, 'post', 'posts') : 'posts'} from a file`,
  'schedule_job.cancelled': () => 'cancelled a post’s publishing',
  'post.follow_ups_retried': () => 'tried again to send a post’s thread or first comment',
  'profile.created': () => 'made a profile',
  'profile.updated': () => 'changed their name or email',
  'profile.preferences_updated': () => 'changed their preferences',
  'profile.synced': () => 'synced their profile',
  'organization.engage_settings_changed': (m) =>
    m.contributorsMayReply === true
      ? 'let contributors reply to comments without approval'
      : 'asked for contributors’ replies to be approved',
  'reply.queued': () => 'replied to a comment',
  'reply.approval_requested': () => 'asked to send a reply to a comment',
  'reply.retried': () => 'tried again to send a reply',
  'reply.cancelled': () => 'took back a reply before it went out',
  'reply.approved': () => 'approved a reply',
  'reply.rejected': () => 'sent a reply back with changes to make',
  'saved_reply.created': (m) => (text(m, 'title') ? `saved the reply “${text(m, 'title')}”` : 'saved a reply'),
  'saved_reply.edited': () => 'edited a saved reply',
  'saved_reply.deleted': (m) =>
    text(m, 'title') ? `deleted the saved reply “${text(m, 'title')}”` : 'deleted a saved reply',
  'comment.status_changed': (m) =>
    `marked ${comments(m)} ${m.status === 'done' ? 'done' : m.status === 'pending' ? 'pending' : 'open'}`,
  'comment.snoozed': (m) => `snoozed ${comments(m)}`,
  'comment.assigned': (m) => `assigned ${comments(m)} to ${text(m, 'assigneeName') ?? 'a teammate'}`,
  'comment.unassigned': (m) => `unassigned ${comments(m)}`,
  'comment.tagged': (m) => `changed the tags of ${comments(m)}`,
  'comment.insights_corrected': () => 'corrected what the inbox read in a comment',
}

/** What happened with nobody doing it: the publishing loop's steps, and platforms' answers. */
const HAPPENED: Record<string, (meta: Meta) => string> = {
  'post.publishing': () => 'A post is being published',
  'post.published': () => 'A post was published',
  'post.publish_retry': () => 'A post could not go out yet and will be tried again',
  'post.publish_resumed': () => 'Publishing a post picked up where it stopped',
  'post.failed': () => 'A post could not be published',
  'post.needs_attention': () => 'A post needs your attention: it may or may not have gone out',
  'post.missed': () => 'A post missed its time',
  'post.follow_ups_sending': () => 'A post’s thread and first comment are being sent',
  'post.follow_up_published': (m) =>
    m.kind === 'first_comment' ? 'A post’s first comment was posted' : 'A part of a post’s thread was posted',
  'post.follow_up_retry': () => 'A post’s thread or first comment could not go out yet and will be tried again',
  'post.follow_up_failed': () => 'A post’s thread or first comment could not be posted',
  'post.follow_up_unknown': () =>
    'A post’s thread or first comment needs your attention: it may or may not have gone out',
  'post.follow_ups_done': () => 'A post’s thread and first comment were all sent',
  'channel.needs_reconnect': () => 'A channel needs to be connected again',
  'comments.fetched': (m) =>
    `${typeof m.added === 'number' ? count(m.added, 'new comment', 'new comments') : 'New comments'} arrived${text(m, 'username') ? ` on ${text(m, 'username')}` : ''}`,
  'reply.sending': () => 'A reply is being sent',
  'reply.sent': () => 'A reply was sent',
  'reply.send_retry': () => 'A reply could not go out yet and will be tried again',
  'reply.failed': () => 'A reply could not be sent',
  'reply.in_doubt': () => 'A reply needs your attention: it may or may not have gone out',
  'comment.woke': (m) =>
    `${typeof m.count === 'number' && m.count > 1 ? `${m.count} snoozed comments are` : 'A snoozed comment is'} back in the inbox`,
}

/** The sentence for the known actions, for tests: every action the app writes must be here. */
export const DESCRIBED_ACTIONS: ReadonlySet<string> = new Set([...Object.keys(DONE_BY), ...Object.keys(HAPPENED)])

function actor(entry: Pick<AuditEntry, 'userId' | 'actorName'>, me: string): string {
  if (entry.userId === me) return 'You'
  if (entry.userId === null) return 'The app'
  return entry.actorName?.trim() || 'A teammate'
}

/** One entry as a sentence, without a full stop (the log is a list). */
export function activitySentence(
  entry: Pick<AuditEntry, 'action' | 'userId' | 'actorName' | 'meta'>,
  me: string,
): string {
  const meta = entry.meta ?? {}
  const happened = HAPPENED[entry.action]
  if (happened) return happened(meta)
  const done = DONE_BY[entry.action]
  return `${actor(entry, me)} ${done ? done(meta) : 'made a change'}`
}
