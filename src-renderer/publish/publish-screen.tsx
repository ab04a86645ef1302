/**
 * Publish: the organization's posts by stage — the queue, a calendar, drafts, approvals and what was sent.
 * Writing happens in the one composer (`#/publish/compose`), whichever button or slot opens it.
 */
import { Badge, Button, Group, Tabs, Tooltip } from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import { IconFileUpload, IconPencilPlus } from '@tabler/icons-react'
import { useMemo, useState } from 'react'
import type { Organization, Post } from '../../src-shared/entities/models'
import { can } from '../../src-shared/entities/permissions'
import { mayRemovePost } from '../../src-shared/entities/post-rules'
import { NoOrganization } from '../app/no-organization'
import { useWorkspace } from '../app/workspace'
import { PageHeader } from '../ui/page-header'
import { ApprovalsPanel } from './approvals-panel'
import { BulkUploadModal } from './bulk-upload-modal'
import { CalendarPanel } from './calendar-panel'
import { DraftsPanel } from './drafts-panel'
import { IdeasPanel } from './ideas-panel'
import { useChannels, usePostList, usePosts } from './queries'
import { QueuePanel } from './queue-panel'
import { SentPanel } from './sent-panel'

type Tab = 'queue' | 'calendar' | 'drafts' | 'ideas' | 'approvals' | 'sent'

/** A tab's count, or nothing at all (Mantine keeps room for any right section, even an empty one). */
const count = (n: number | undefined) =>
  n ? (
    <Badge size="sm" variant="light" circle>
      {n}
    </Badge>
  ) : undefined

function Publish({ org, userId }: { org: Organization; userId: string }) {
  const [tab, setTab] = useState<Tab>('queue')
  const [uploading, bulk] = useDisclosure(false)
  const drafts = usePosts(org.id, 'draft').data
  const waiting = usePostList(org.id, { statuses: ['needs_approval'], limit: 500 }).data
  const channels = useChannels(org.id).data ?? []
  const canApprove = can(org.role, 'posts.approve')
  const canPublish = can(org.role, 'posts.publish_without_approval')
  const removable = (post: Post) => mayRemovePost(org.role, post, userId)
  const waitingCount = canApprove ? waiting?.length : waiting?.filter((p) => p.createdBy === userId).length
  const knownTags = useMemo(() => [...new Set(drafts?.flatMap((post) => post.tags))].sort(), [drafts])

  return (
    <>
      <PageHeader
        title="Publish"
        description={`Plan, write and schedule posts for ${org.name}.`}
        actions={
          <Group gap="sm">
            {can(org.role, 'posts.create') && (
              <Button variant="default" leftSection={<IconFileUpload size={18} aria-hidden />} onClick={bulk.open}>
                Bulk upload
              </Button>
            )}
            <Tooltip label="Create post (N)">
              <Button
                component="a"
                href="#/publish/compose"
                leftSection={<IconPencilPlus size={18} aria-hidden />}
                aria-keyshortcuts="N"
              >
                Create post
              </Button>
            </Tooltip>
          </Group>
        }
      />
      <Tabs value={tab} onChange={(value) => setTab((value as Tab) ?? 'queue')} keepMounted={false}>
        <Tabs.List mb="lg">
          <Tabs.Tab value="queue">Queue</Tabs.Tab>
          <Tabs.Tab value="calendar">Calendar</Tabs.Tab>
          <Tabs.Tab value="drafts" rightSection={count(drafts?.length)}>
            Drafts
          </Tabs.Tab>
          <Tabs.Tab value="ideas">Ideas</Tabs.Tab>
          <Tabs.Tab value="approvals" rightSection={count(waitingCount)}>
            Approvals
          </Tabs.Tab>
          <Tabs.Tab value="sent">Sent</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="queue">
          <QueuePanel
            orgId={org.id}
            orgZone={org.timezone}
            channels={channels}
            canPublish={canPublish}
            mayRemove={removable}
          />
        </Tabs.Panel>
        <Tabs.Panel value="calendar">
          <CalendarPanel orgId={org.id} orgZone={org.timezone} channels={channels} />
        </Tabs.Panel>
        <Tabs.Panel value="drafts">
          <DraftsPanel orgId={org.id} drafts={drafts} channels={channels} mayRemove={removable} />
        </Tabs.Panel>
        <Tabs.Panel value="ideas">
          <IdeasPanel
            orgId={org.id}
            userId={userId}
            canWrite={can(org.role, 'posts.create')}
            canChangeAny={canApprove}
            knownTags={knownTags}
          />
        </Tabs.Panel>
        <Tabs.Panel value="approvals">
          <ApprovalsPanel
            orgId={org.id}
            orgZone={org.timezone}
            channels={channels}
            canApprove={canApprove}
            userId={userId}
          />
        </Tabs.Panel>
        <Tabs.Panel value="sent">
          <SentPanel orgId={org.id} orgZone={org.timezone} channels={channels} />
        </Tabs.Panel>
      </Tabs>
      <BulkUploadModal
        orgId={org.id}
        opened={uploading}
        onClose={bulk.close}
        channels={channels}
        canPublish={canPublish}
        onScheduled={() => {
          bulk.close()
          setTab(canPublish ? 'queue' : 'approvals')
        }}
      />
    </>
  )
}

export function PublishScreen() {
  const { activeOrg, profile } = useWorkspace()
  if (!activeOrg) return <NoOrganization screen="Publish" />
  // Keyed by organization so switching starts from a clean slate (the tab).
  return <Publish key={activeOrg.id} org={activeOrg} userId={profile.id} />
}
