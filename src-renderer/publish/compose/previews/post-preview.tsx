/**
 * One channel's post as it will look on its network, updated as you type: the channel's name and avatar, the text
 * with what the network links, the media as it crops them and the fold behind its "show more". Bluesky, Mastodon
 * and the Sandbox each draw their own (see previews.module.css and media-grid.tsx for the rules).
 */
import { Avatar, Group, Stack, Text } from '@mantine/core'
import {
  IconDots,
  IconHeart,
  IconMessageCircle,
  IconRepeat,
  IconStar,
  IconArrowBackUp,
  IconBookmark,
} from '@tabler/icons-react'
import type { ReactNode } from 'react'
import type { Channel } from '../../../../src-shared/entities/models'
import { platformLimits } from '../../../../src-shared/platforms'
import { PLATFORM_NAMES } from '../../channel-avatar'
import type { MediaDraft } from '../compose-state'
import { FoldedText } from './folded-text'
import { MediaGrid } from './media-grid'
import classes from './previews.module.css'
import { RichTextView } from './rich-text-view'

export interface PreviewProps {
  orgId: string
  channel: Channel
  text: string
  media: MediaDraft[]
  /** The thread's parts after the text, each shown as the account's reply to the one before. */
  thread?: string[]
  /** Shown as the account's reply under the post (and its thread). */
  firstComment?: string
  /** Another of the account's replies follows this one: Bluesky draws the thread line down from its avatar. */
  continues?: boolean
}

const nameOf = (channel: Channel) => channel.displayName || channel.username
const initials = (channel: Channel) => nameOf(channel).slice(0, 2).toUpperCase()

/** The handle as the network writes it: Bluesky's `@name.bsky.social`, Mastodon's `@name@instance`. */
function handleOf(channel: Channel): string {
  const bare = channel.username.replace(/^@/u, '')
  if (channel.platform !== 'mastodon' || bare.includes('@')) return `@${bare}`
  const host = channel.service.replace(/^https?:\/\//u, '').replace(/\/.*$/u, '')
  return host ? `@${bare}@${host}` : `@${bare}`
}

function Actions({ children }: { children: ReactNode }) {
  return (
    <div className={classes.actions} aria-hidden>
      {children}
    </div>
  )
}

function BlueskyPost({ orgId, channel, text, media, continues }: PreviewProps) {
  return (
    <Group gap={10} wrap="nowrap" align="stretch" className={classes.bluesky}>
      <Stack gap={4} align="center" style={{ flexShrink: 0 }}>
        <Avatar size={42} radius="xl" color="#0a63c4" variant="filled" aria-hidden>
          {initials(channel)}
        </Avatar>
        {continues && <div className={classes.threadLine} aria-hidden />}
      </Stack>
      <Stack gap={2} style={{ minWidth: 0, flex: 1 }}>
        <Text fz={15} lh="20px" truncate="end">
          <Text span fw={700} inherit>
            {nameOf(channel)}
          </Text>{' '}
          <Text span c="dimmed" inherit>
            {handleOf(channel)} · now
          </Text>
        </Text>
        <FoldedText platform="bluesky" text={text}>
          <RichTextView platform="bluesky" text={text} />
        </FoldedText>
        <MediaGrid orgId={orgId} platform="bluesky" media={media} />
        <Actions>
          <IconMessageCircle size={18} />
          <IconRepeat size={18} />
          <IconHeart size={18} />
          <IconDots size={18} />
        </Actions>
      </Stack>
    </Group>
  )
}

function MastodonPost({ orgId, channel, text, media }: PreviewProps) {
  return (
    <Stack gap={8} className={classes.mastodon}>
      <Group gap={10} wrap="nowrap">
        <Avatar size={46} radius={8} color="#563acc" variant="filled" aria-hidden>
          {initials(channel)}
        </Avatar>
        <Stack gap={0} style={{ minWidth: 0, flex: 1 }}>
          <Text fz={15} fw={700} lh="20px" truncate="end">
            {nameOf(channel)}
          </Text>
          <Text fz={14} c="dimmed" lh="20px" truncate="end">
            {handleOf(channel)}
          </Text>
        </Stack>
        <Text fz={14} c="dimmed">
          now
        </Text>
      </Group>
      <div>
        <FoldedText platform="mastodon" text={text}>
          <RichTextView platform="mastodon" text={text} />
        </FoldedText>
        <MediaGrid orgId={orgId} platform="mastodon" media={media} />
      </div>
      <Actions>
        <IconArrowBackUp size={18} />
        <IconRepeat size={18} />
        <IconStar size={18} />
        <IconBookmark size={18} />
        <IconDots size={18} />
      </Actions>
    </Stack>
  )
}

/** The in-app Sandbox feed's card (sandbox-feed-screen.tsx). */
function SandboxPost({ orgId, channel, text, media }: PreviewProps) {
  return (
    <Group gap="sm" wrap="nowrap" align="flex-start">
      <Avatar name={nameOf(channel)} color="grape" radius="xl" variant="light" aria-hidden />
      <Stack gap={6} style={{ minWidth: 0, flex: 1 }}>
        <Group gap={6} wrap="nowrap">
          <Text fw={600} fz="sm" truncate="end">
            {nameOf(channel)}
          </Text>
          <Text c="dimmed" fz="xs" aria-hidden>
            ·
          </Text>
          <Text c="dimmed" fz="xs">
            just now
          </Text>
        </Group>
        <Text fz="sm" className={classes.text}>
          {text}
        </Text>
        <MediaGrid orgId={orgId} platform="sandbox" media={media} />
      </Stack>
    </Group>
  )
}

const BY_PLATFORM = { bluesky: BlueskyPost, mastodon: MastodonPost, sandbox: SandboxPost }

/**
 * The post, then each part of its thread and its first comment as the network shows an account's replies to its
 * own post: stacked under it, joined by the thread line, each with the account's name and avatar. A platform
 * that takes neither shows only the post (its checks say why the rest cannot go).
 */
export function PostPreview(props: PreviewProps) {
  const Post = BY_PLATFORM[props.channel.platform]
  const limits = platformLimits[props.channel.platform]
  const label = `Preview on ${PLATFORM_NAMES[props.channel.platform]}: ${nameOf(props.channel)}`
  const thread = limits.threads ? (props.thread ?? []) : []
  const comment = limits.firstComment ? (props.firstComment?.trim() ?? '') : ''
  const total = thread.length + 1
  return (
    <article className={classes.frame} aria-label={label} data-platform={props.channel.platform}>
      {props.text.trim() || props.media.length ? (
        <Post {...props} continues={thread.length > 0 || comment !== ''} />
      ) : (
        <Text fz="sm" c="dimmed">
          Start writing to see how it looks on {PLATFORM_NAMES[props.channel.platform]}.
        </Text>
      )}
      {thread.length > 0 && (
        <ol className={classes.replies} aria-label={`The thread's ${thread.length === 1 ? 'reply' : 'replies'}`}>
          {thread.map((text, i) => (
            <li key={i} className={classes.reply} aria-label={`Part ${i + 2} of ${total}`}>
              <Post {...props} text={text} media={[]} continues={i < thread.length - 1 || comment !== ''} />
            </li>
          ))}
        </ol>
      )}
      {comment && (
        <div className={classes.reply} role="group" aria-label="First comment">
          <Text fz="xs" c="dimmed" fw={500} mb={4} className={classes.replyLabel}>
            First comment
          </Text>
          <Post {...props} text={comment} media={[]} continues={false} />
        </div>
      )}
    </article>
  )
}
