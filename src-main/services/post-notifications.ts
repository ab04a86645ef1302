/**
 * What this device tells its person about approvals that arrived from other
 * devices: a post someone else sent for approval (when this person may
 * approve), and a decision on this person's post. Decided after the pulled
 * changes are committed, from the rows the pull wrote; never about the
 * person's own actions.
 */
import { and, eq, isNull } from 'drizzle-orm'
import { DateTime } from 'luxon'
import { can } from '../../src-shared/entities/permissions'
import type { Organization, Post, Profile } from '../../src-shared/entities/models'
import type { OrgDb } from '../db/open'
import { memberships, postApprovals, posts } from '../db/schema/org'
import type { AppliedRow } from '../sync/apply-remote'
import { readScheduledChannel } from './channel-schedule'
import type { ServiceContext } from '../core/context'
import { notify } from './notifications'
import { getOrganization } from './org-access'
import { toPost } from './posts'
import { findProfile } from './profile'

/** The caption's first words, for a title that fits a notification. */
export function firstWords(caption: string, max = 60): string {
  const text = caption.replace(/\s+/g, ' ').trim()
  if (!text) return '(no text)'
  if (text.length <= max) return text
  const cut = text.slice(0, max)
  const space = cut.lastIndexOf(' ')
  return `${space > max / 2 ? cut.slice(0, space) : cut}…`
}

function memberName(db: OrgDb, orgId: string, userId: string | undefined): string {
  if (!userId) return 'Someone'
  const row = db
    .select({ name: memberships.userName })
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)))
    .get()
  return row?.name || 'Someone'
}

function readLivePost(db: OrgDb, postId: string): Post | undefined {
  const row = db.select().from(posts).where(eq(posts.id, postId)).get()
  return row && !row.deletedAt ? toPost(row) : undefined
}

/** "Tue 3 Mar, 13:00" in the channel's zone, or the org's. */
function whenText(db: OrgDb, post: Post, org: Organization): string {
  if (!post.scheduledAt) return 'in the next free queue slot'
  const zone = readScheduledChannel(db, post.socialAccountId)?.schedule.timezone ?? org.timezone
  return `on ${DateTime.fromISO(post.scheduledAt, { zone, locale: 'en' }).toFormat('ccc d LLL, HH:mm')}`
}

function approvalRequested(ctx: ServiceContext, db: OrgDb, org: Organization, me: Profile, postId: string): void {
  const post = readLivePost(db, postId)
  if (!post || post.status !== 'needs_approval') return
  const requester = post.approvalData.requestedBy ?? post.createdBy
  if (requester === me.id || !can(org.role, 'posts.approve')) return
  const channel = readScheduledChannel(db, post.socialAccountId)
  notify(ctx, {
    orgId: org.id,
    kind: 'approval.requested',
    title: `Approval requested: ${firstWords(post.caption)}`,
    body: `${memberName(db, org.id, requester)} asks to publish it${channel ? ` on ${channel.username}` : ''} ${whenText(db, post, org)}.`,
    postId: post.id,
  })
}

function approvalDecided(ctx: ServiceContext, db: OrgDb, org: Organization, me: Profile, approvalId: string): void {
  const approval = db
    .select()
    .from(postApprovals)
    .where(and(eq(postApprovals.id, approvalId), isNull(postApprovals.deletedAt)))
    .get()
  if (!approval || approval.approverId === me.id || approval.status === 'pending') return
  const post = readLivePost(db, approval.postId)
  if (!post || (post.createdBy !== me.id && post.approvalData.requestedBy !== me.id)) return
  const approver = memberName(db, org.id, approval.approverId)
  const words = firstWords(post.caption)
  if (approval.status === 'approved') {
    notify(ctx, {
      orgId: org.id,
      kind: 'approval.approved',
      title: `Approved: ${words}`,
      body: `${approver} approved it${approval.comments ? `: “${approval.comments}”` : ''}. It goes out ${whenText(db, post, org)}.`,
      postId: post.id,
    })
  } else {
    notify(ctx, {
      orgId: org.id,
      kind: 'approval.rejected',
      title: `Rejected: ${approval.comments ? firstWords(approval.comments) : words}`,
      body: `${approver} rejected “${words}”. Edit it and send it again.`,
      postId: post.id,
    })
  }
}

/** Called by the sync engine after a pull is committed, with the rows it wrote. */
export function noticePulledRows(ctx: ServiceContext, orgId: string, rows: AppliedRow[]): void {
  try {
    const me = findProfile(ctx)
    if (!me) return
    const org = getOrganization(ctx, orgId)
    const db = ctx.dbs.org(orgId)
    for (const row of rows) {
      if (row.table === 'posts' && row.fields.includes('status')) approvalRequested(ctx, db, org, me, row.rowId)
      if (row.table === 'post_approvals' && row.fields.includes('status')) approvalDecided(ctx, db, org, me, row.rowId)
    }
  } catch (error) {
    // A notification that cannot be made must not fail the sync round that brought the data.
    console.error('Could not make approval notifications:', error)
  }
}
