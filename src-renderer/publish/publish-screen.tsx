/**
 * Publish: the organization's posts by stage. Drafts work today; Queue and
 * Sent fill up once channels can be connected.
 */
import { Badge, Button, Tabs } from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import { IconPlus } from '@tabler/icons-react'
import { useMemo, useState } from 'react'
import { useWorkspace } from '../app/workspace'
import { NoOrganization } from '../app/no-organization'
import { PageHeader } from '../ui/page-header'
import { ChannelNeeded } from './channel-needed'
import { DraftsPanel } from './drafts-panel'
import { NewDraftModal } from './new-draft-modal'
import { usePosts } from './queries'

function Publish({ orgId, orgName }: { orgId: string; orgName: string }) {
  const [tab, setTab] = useState<string | null>('queue')
  const [writing, modal] = useDisclosure(false)
  const drafts = usePosts(orgId, 'draft').data
  const knownTags = useMemo(() => [...new Set(drafts?.flatMap((post) => post.tags))].sort(), [drafts])

  return (
    <>
      <PageHeader
        title="Publish"
        description={`Plan, write and schedule posts for ${orgName}.`}
        actions={
          <Button leftSection={<IconPlus size={18} aria-hidden />} onClick={modal.open}>
            New draft
          </Button>
        }
      />
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List mb="lg">
          <Tabs.Tab value="queue">Queue</Tabs.Tab>
          <Tabs.Tab
            value="drafts"
            rightSection={
              drafts?.length ? (
                <Badge size="sm" variant="light" circle>
                  {drafts.length}
                </Badge>
              ) : null
            }
          >
            Drafts
          </Tabs.Tab>
          <Tabs.Tab value="sent">Sent</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="queue">
          <ChannelNeeded kind="queue" onWrite={modal.open} />
        </Tabs.Panel>
        <Tabs.Panel value="drafts">
          <DraftsPanel drafts={drafts} onWrite={modal.open} />
        </Tabs.Panel>
        <Tabs.Panel value="sent">
          <ChannelNeeded kind="sent" onWrite={modal.open} />
        </Tabs.Panel>
      </Tabs>
      <NewDraftModal
        orgId={orgId}
        opened={writing}
        onClose={modal.close}
        onSaved={() => {
          modal.close()
          setTab('drafts')
        }}
        knownTags={knownTags}
      />
    </>
  )
}

export function PublishScreen() {
  const { activeOrg } = useWorkspace()
  if (!activeOrg) return <NoOrganization screen="Publish" />
  // Keyed by organization so switching starts from a clean slate (tab, open modal).
  return <Publish key={activeOrg.id} orgId={activeOrg.id} orgName={activeOrg.name} />
}
