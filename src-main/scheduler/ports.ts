/**
 * The publishing loop's ports (src-shared/scheduling/loop-ports.ts) as the
 * desktop fills them: its channel and post types, and the shared timers,
 * leases and failure shapes under the names the desktop's modules import.
 */
import type { Platform } from '../../src-shared/entities/enums'
import type { Post } from '../../src-shared/entities/models'
import type {
  Publisher as LoopPublisher,
  PublishOptions as LoopPublishOptions,
} from '../../src-shared/scheduling/loop-ports'

export {
  failureOf,
  localLeases,
  PublishError,
  systemTimers,
  type Fence,
  type Lease,
  type LeaseOutcome,
  type LeaseProvider,
  type LookupResult,
  type PublishedPost,
  type PublishFailure,
  type TimerHandle,
  type Timers,
} from '../../src-shared/scheduling/loop-ports'

/** The channel a post goes out on: a social account and its platform. */
export interface Channel {
  id: string
  platform: Platform
  platformUserId: string
  username: string
  integrationId: string
}

export type PublishOptions = LoopPublishOptions<Channel>

/** One platform adapter's publishing side, for the desktop's posts and channels. */
export type Publisher = LoopPublisher<Post, Channel>
