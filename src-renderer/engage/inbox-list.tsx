/**
 * The inbox list, virtualized: only the rows in view (and a few around) are in the page, and the next page is
 * asked for as the end comes near, so a history of 100,000 comments scrolls as fast as one of ten. It is one
 * listbox that keeps the focus; the keyboard moves the active row (aria-activedescendant) and the list follows.
 */
import { Center, Loader, Text } from '@mantine/core'
import { useVirtualizer } from '@tanstack/react-virtual'
import { forwardRef, useEffect, useImperativeHandle, useRef } from 'react'
import type { InboxCommentView } from '../../src-shared/api/comments'
import { CommentRow } from './comment-row'
import classes from './inbox.module.css'

const ROW_HEIGHT = 96
const LOAD_AHEAD = 30

interface Props {
  comments: InboxCommentView[]
  hasMore: boolean
  loadingMore: boolean
  loadMore: () => void
  activeIndex: number
  openedId: string | null
  selected: ReadonlySet<string>
  channelName: (id: string) => string
  memberName: (id: string | null) => string | null
  onActivate: (index: number) => void
  onOpen: (index: number) => void
  onToggle: (id: string) => void
}

export const rowId = (commentId: string) => `inbox-row-${commentId}`

export const InboxList = forwardRef<HTMLDivElement, Props>(function InboxList(props, ref) {
  const { comments, activeIndex } = props
  const scroller = useRef<HTMLDivElement>(null)
  useImperativeHandle(ref, () => scroller.current!)
  const virtualizer = useVirtualizer({
    count: comments.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
  })
  const items = virtualizer.getVirtualItems()
  const lastIndex = items.at(-1)?.index ?? 0

  const { hasMore, loadingMore, loadMore } = props
  useEffect(() => {
    if (hasMore && !loadingMore && lastIndex >= comments.length - LOAD_AHEAD) loadMore()
  }, [lastIndex, comments.length, hasMore, loadingMore, loadMore])

  useEffect(() => {
    if (activeIndex >= 0 && activeIndex < comments.length) virtualizer.scrollToIndex(activeIndex, { align: 'auto' })
  }, [activeIndex, comments.length, virtualizer])

  const active = comments[activeIndex]
  return (
    <div
      ref={scroller}
      className={classes.list}
      // An empty listbox is not one (a listbox must hold options): it is then a region saying why it is empty.
      {...(comments.length > 0 ? { role: 'listbox', 'aria-multiselectable': true } : { role: 'region' })}
      aria-label="Comments"
      tabIndex={0}
      aria-activedescendant={active ? rowId(active.id) : undefined}
      data-inbox-list
    >
      {comments.length === 0 ? (
        <Center h="100%" p="xl">
          <Text c="dimmed" fz="sm" ta="center">
            No comments match these filters.
          </Text>
        </Center>
      ) : (
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
            const comment = comments[item.index]!
            return (
              <div
                key={comment.id}
                style={{ position: 'absolute', top: 0, left: 0, right: 0, transform: `translateY(${item.start}px)` }}
                role="presentation"
              >
                <CommentRow
                  id={rowId(comment.id)}
                  position={item.index + 1}
                  setSize={hasMore ? -1 : comments.length}
                  comment={comment}
                  active={item.index === activeIndex}
                  opened={comment.id === props.openedId}
                  selected={props.selected.has(comment.id)}
                  channelName={props.channelName(comment.socialAccountId)}
                  assigneeName={props.memberName(comment.assignedTo)}
                  onOpen={() => props.onOpen(item.index)}
                  onToggle={() => props.onToggle(comment.id)}
                />
              </div>
            )
          })}
        </div>
      )}
      {loadingMore && (
        <Center py="sm">
          <Loader size="sm" aria-label="Loading more comments" />
        </Center>
      )}
    </div>
  )
})
