/**
 * Engage: one inbox for the comments on the organization's posts, triaged from the keyboard (use-inbox-keys.ts):
 * the filters and search above, the virtualized list on the left, the opened conversation on the right. An
 * action applies to the selected comments, or to the active one when none is selected. Until there are
 * comments, the screen explains what it will do and where to start.
 */
import { Button, Group, Tooltip } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { IconBookmark, IconKeyboard, IconRefresh } from '@tabler/icons-react'
import { useCallback, useMemo, useRef, useState } from 'react'
import type { Organization } from '../../src-shared/entities/models'
import { NoOrganization } from '../app/no-organization'
import { useWorkspace } from '../app/workspace'
import { useChannels } from '../publish/queries'
import { notifySuccess } from '../ui/errors'
import { PageHeader } from '../ui/page-header'
import { AssignDialog } from './assign-dialog'
import { ConversationPane } from './conversation-pane'
import {
  useAssign,
  useFetchNow,
  useInboxCounts,
  useInboxPages,
  useMembersForAssign,
  useSavedReplies,
  useSetStatus,
  useTag,
} from './engage-queries'
import { HelpOverlay } from './help-overlay'
import classes from './inbox.module.css'
import { InboxEmpty } from './inbox-empty'
import { InboxFilters, NO_FILTERS, toQuery, type FilterState } from './inbox-filters'
import { InboxList } from './inbox-list'
import { SavedRepliesManager } from './saved-replies-manager'
import { SelectionBar } from './selection-bar'
import { SnoozeDialog } from './snooze-dialog'
import { TagDialog } from './tag-dialog'
import { useInboxKeys, type InboxCommand } from './use-inbox-keys'

type Dialog = 'assign' | 'tag' | 'snooze' | 'help' | 'saved' | null

const plural = (n: number) => (n === 1 ? 'comment' : `${n} comments`)

function Inbox({ org, me }: { org: Organization; me: string }) {
  const [filters, setFilters] = useState<FilterState>(NO_FILTERS)
  const [search] = useDebouncedValue(filters.search, 150)
  const pages = useInboxPages(org.id, toQuery(filters, search))
  const counts = useInboxCounts(org.id, filters.channelId ? [filters.channelId] : undefined).data
  const channels = useChannels(org.id).data
  const members = useMembersForAssign(org.id).data
  const savedReplies = useSavedReplies(org.id).data ?? null
  const setStatus = useSetStatus(org.id)
  const assign = useAssign(org.id)
  const tag = useTag(org.id)
  const fetchNow = useFetchNow(org.id)

  const [activeIndex, setActiveIndex] = useState(0)
  const [openedId, setOpenedId] = useState<string | null>(null)
  const [selected, setSelected] = useState<Set<string>>(new Set())
  const [dialog, setDialog] = useState<Dialog>(null)
  const searchRef = useRef<HTMLInputElement>(null)
  const replyRef = useRef<HTMLTextAreaElement>(null)
  const listRef = useRef<HTMLDivElement>(null)

  const comments = useMemo(() => pages.data?.pages.flatMap((page) => page.comments) ?? [], [pages.data])
  const active = comments[Math.min(activeIndex, comments.length - 1)]
  const channelNames = useMemo(() => new Map(channels?.map((c) => [c.id, c.username])), [channels])
  const memberNames = useMemo(
    () => new Map(members?.map((m) => [m.userId, m.name || m.email || 'A teammate'])),
    [members],
  )
  const channelName = useCallback((id: string) => channelNames.get(id) ?? 'a channel', [channelNames])
  const memberName = useCallback(
    (id: string | null) => (id ? (memberNames.get(id) ?? 'A teammate') : null),
    [memberNames],
  )
  const knownTags = useMemo(() => [...new Set(comments.flatMap((c) => c.tags))].sort(), [comments])
  const languages = useMemo(
    () => [...new Set(comments.map((c) => c.insights?.language).filter((l): l is string => !!l && l !== 'und'))].sort(),
    [comments],
  )

  const targets = () => (selected.size ? [...selected] : active ? [active.id] : [])
  const done = (message: string) => {
    setSelected(new Set())
    setDialog(null)
    notifySuccess(message)
    listRef.current?.focus()
  }
  const markDone = () => {
    const commentIds = targets()
    if (commentIds.length)
      setStatus.mutate(
        { commentIds, status: 'done' },
        { onSuccess: () => done(`Marked ${plural(commentIds.length)} done.`) },
      )
  }
  const open = (index: number) => {
    setActiveIndex(index)
    setOpenedId(comments[index]?.id ?? null)
  }

  const run = (command: InboxCommand) => {
    const last = comments.length - 1
    switch (command) {
      case 'next':
        return setActiveIndex((i) => Math.min(i + 1, last))
      case 'previous':
        return setActiveIndex((i) => Math.max(i - 1, 0))
      case 'open':
        return open(activeIndex)
      case 'select':
        if (!active) return
        return setSelected((now) => {
          const next = new Set(now)
          if (!next.delete(active.id)) next.add(active.id)
          return next
        })
      case 'reply':
        if (!active) return
        setOpenedId(active.id)
        // The pane renders the box once the conversation is read; focus it then.
        return void waitFor(() => replyRef.current)
      case 'done':
        return markDone()
      case 'assign':
      case 'tag':
      case 'snooze':
        return targets().length ? setDialog(command) : undefined
      case 'search':
        return searchRef.current?.focus()
      case 'help':
        return setDialog('help')
      case 'clear':
        return setSelected(new Set())
    }
  }
  useInboxKeys(run)

  const total = counts ? counts.open + counts.pending + counts.snoozed + counts.done : null
  const checkNow = (
    <Button
      variant="default"
      leftSection={<IconRefresh size={18} aria-hidden />}
      loading={fetchNow.isPending}
      onClick={() =>
        fetchNow.mutate(undefined, {
          onSuccess: (r) => notifySuccess(`${plural(r.added)} new.`.replace(/^1 comment/, 'One comment')),
        })
      }
    >
      Check for new comments
    </Button>
  )
  const selectedTags = [...new Set(comments.filter((c) => targets().includes(c.id)).flatMap((c) => c.tags))]
  return (
    <>
      <PageHeader
        title="Engage"
        description={`Answer the comments on ${org.name}’s posts from one inbox.`}
        actions={
          <Group gap="sm">
            <Tooltip label="Every shortcut (?)">
              <Button
                variant="subtle"
                color="gray"
                leftSection={<IconKeyboard size={18} aria-hidden />}
                onClick={() => setDialog('help')}
                aria-keyshortcuts="?"
              >
                Shortcuts
              </Button>
            </Tooltip>
            <Button
              variant="default"
              leftSection={<IconBookmark size={18} aria-hidden />}
              onClick={() => setDialog('saved')}
            >
              Saved replies
            </Button>
            {total !== 0 && checkNow}
          </Group>
        }
      />
      {total === 0 ? (
        <InboxEmpty hasChannel={(channels?.length ?? 0) > 0} checkNow={checkNow} />
      ) : (
        <>
          <InboxFilters
            ref={searchRef}
            value={filters}
            onChange={(next) => {
              setFilters(next)
              setActiveIndex(0)
              setSelected(new Set())
            }}
            counts={counts}
            channels={(channels ?? []).map((c) => ({ value: c.id, label: c.username }))}
            members={(members ?? []).map((m) => ({ value: m.userId, label: m.name || m.email || 'A teammate' }))}
            tags={knownTags}
            languages={languages}
          />
          <div className={classes.layout}>
            <div style={{ display: 'flex', flexDirection: 'column', minHeight: 0 }}>
              <SelectionBar
                count={selected.size}
                onDone={markDone}
                onAssign={() => setDialog('assign')}
                onTag={() => setDialog('tag')}
                onSnooze={() => setDialog('snooze')}
                onClear={() => setSelected(new Set())}
              />
              <InboxList
                ref={listRef}
                comments={comments}
                hasMore={pages.hasNextPage}
                loadingMore={pages.isFetchingNextPage}
                loadMore={() => void pages.fetchNextPage()}
                activeIndex={Math.min(activeIndex, comments.length - 1)}
                openedId={openedId}
                selected={selected}
                channelName={channelName}
                memberName={memberName}
                onActivate={setActiveIndex}
                onOpen={open}
                onToggle={(id) =>
                  setSelected((now) => {
                    const next = new Set(now)
                    if (!next.delete(id)) next.add(id)
                    return next
                  })
                }
              />
            </div>
            <ConversationPane
              ref={replyRef}
              org={org}
              me={me}
              commentId={openedId}
              channelName={channelName}
              memberName={memberName}
              savedReplies={savedReplies}
            />
          </div>
        </>
      )}
      <AssignDialog
        opened={dialog === 'assign'}
        count={targets().length}
        members={(members ?? []).map((m) => ({ value: m.userId, label: m.name || m.email || 'A teammate' }))}
        onClose={() => setDialog(null)}
        onAssign={(assignedTo) => {
          const commentIds = targets()
          assign.mutate(
            { commentIds, assignedTo },
            {
              onSuccess: () =>
                done(
                  assignedTo
                    ? `Assigned ${plural(commentIds.length)} to ${memberName(assignedTo)}.`
                    : `Unassigned ${plural(commentIds.length)}.`,
                ),
            },
          )
        }}
      />
      <TagDialog
        opened={dialog === 'tag'}
        count={targets().length}
        current={selectedTags}
        known={knownTags}
        onClose={() => setDialog(null)}
        onTag={(change) => {
          const commentIds = targets()
          tag.mutate({ commentIds, ...change }, { onSuccess: () => done(`Tagged ${plural(commentIds.length)}.`) })
        }}
      />
      <SnoozeDialog
        opened={dialog === 'snooze'}
        count={targets().length}
        onClose={() => setDialog(null)}
        onSnooze={(snoozedUntil) => {
          const commentIds = targets()
          setStatus.mutate(
            { commentIds, status: 'snoozed', snoozedUntil },
            { onSuccess: () => done(`Snoozed ${plural(commentIds.length)}.`) },
          )
        }}
      />
      <HelpOverlay opened={dialog === 'help'} onClose={() => setDialog(null)} />
      <SavedRepliesManager orgId={org.id} opened={dialog === 'saved'} onClose={() => setDialog(null)} />
    </>
  )
}

/** Focuses an element as soon as it is in the page (within a couple of seconds). */
function waitFor(find: () => HTMLElement | null, tries = 40): void {
  const element = find()
  if (element) element.focus()
  else if (tries > 0) setTimeout(() => waitFor(find, tries - 1), 50)
}

export function EngageScreen() {
  const { activeOrg, profile } = useWorkspace()
  if (!activeOrg) return <NoOrganization screen="Engage" />
  return <Inbox key={activeOrg.id} org={activeOrg} me={profile.id} />
}
