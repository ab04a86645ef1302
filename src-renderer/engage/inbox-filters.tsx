/**
 * The inbox's filters: status (with how many each holds), channel, assignee, tag, sentiment, question, urgent,
 * language, and the search over text and author. The search box is reached with "/".
 */
import { Chip, CloseButton, Group, SegmentedControl, Select, TextInput } from '@mantine/core'
import { IconSearch } from '@tabler/icons-react'
import { forwardRef } from 'react'
import type { CommentStatus } from '../../src-shared/entities/enums'
import { SENTIMENT_WORDS, STATUS_WORDS } from './comment-words'

export interface FilterState {
  status: CommentStatus | 'all'
  channelId: string | null
  /** A member's id, 'nobody', or null for anyone. */
  assignedTo: string | null
  tag: string | null
  sentiment: keyof typeof SENTIMENT_WORDS | null
  question: boolean
  urgent: boolean
  language: string | null
  search: string
}

export const NO_FILTERS: FilterState = {
  status: 'open',
  channelId: null,
  assignedTo: null,
  tag: null,
  sentiment: null,
  question: false,
  urgent: false,
  language: null,
  search: '',
}

interface Props {
  value: FilterState
  onChange: (next: FilterState) => void
  counts: Record<CommentStatus, number> | undefined
  channels: { value: string; label: string }[]
  members: { value: string; label: string }[]
  tags: string[]
  languages: string[]
}

const LANGUAGE_NAMES = new Intl.DisplayNames(['en'], { type: 'language' })
const languageName = (code: string) => {
  try {
    return LANGUAGE_NAMES.of(code) ?? code
  } catch {
    return code
  }
}

export const InboxFilters = forwardRef<HTMLInputElement, Props>(function InboxFilters(props, searchRef) {
  const { value, onChange, counts } = props
  const set = <K extends keyof FilterState>(key: K, next: FilterState[K]) => onChange({ ...value, [key]: next })
  const statuses: (CommentStatus | 'all')[] = ['open', 'pending', 'snoozed', 'done', 'all']
  return (
    <Group gap="sm" mb="md" align="flex-end" wrap="wrap">
      <SegmentedControl
        aria-label="Status"
        value={value.status}
        onChange={(next) => set('status', next as FilterState['status'])}
        data={statuses.map((status) => ({
          value: status,
          label: status === 'all' ? 'All' : `${STATUS_WORDS[status]}${counts ? ` ${counts[status]}` : ''}`,
        }))}
      />
      <TextInput
        ref={searchRef}
        aria-label="Search comments"
        placeholder="Search text and authors  ( / )"
        leftSection={<IconSearch size={16} aria-hidden />}
        value={value.search}
        onChange={(event) => set('search', event.currentTarget.value)}
        onKeyDown={(event) => {
          // Escape leaves the box for the list, keeping what was typed.
          if (event.key === 'Escape') {
            event.preventDefault()
            document.querySelector<HTMLElement>('[data-inbox-list]')?.focus()
          }
        }}
        rightSection={
          value.search ? <CloseButton aria-label="Clear the search" onClick={() => set('search', '')} /> : null
        }
        w={260}
      />
      <Select
        aria-label="Channel"
        placeholder="All channels"
        data={props.channels}
        value={value.channelId}
        onChange={(next) => set('channelId', next)}
        clearable
        w={170}
      />
      <Select
        aria-label="Assignee"
        placeholder="Anyone"
        data={[{ value: 'nobody', label: 'Nobody' }, ...props.members]}
        value={value.assignedTo}
        onChange={(next) => set('assignedTo', next)}
        clearable
        searchable
        w={150}
      />
      <Select
        aria-label="Tag"
        placeholder="Any tag"
        data={props.tags}
        value={value.tag}
        onChange={(next) => set('tag', next)}
        clearable
        searchable
        nothingFoundMessage="No tags yet"
        w={130}
      />
      <Select
        aria-label="Sentiment"
        placeholder="Any sentiment"
        data={Object.entries(SENTIMENT_WORDS).map(([key, label]) => ({ value: key, label }))}
        value={value.sentiment}
        onChange={(next) => set('sentiment', next as FilterState['sentiment'])}
        clearable
        w={150}
      />
      <Select
        aria-label="Language"
        placeholder="Any language"
        data={props.languages.map((code) => ({ value: code, label: languageName(code) }))}
        value={value.language}
        onChange={(next) => set('language', next)}
        clearable
        searchable
        w={140}
      />
      <Chip checked={value.question} onChange={(next) => set('question', next)} variant="outline">
        Questions
      </Chip>
      <Chip checked={value.urgent} onChange={(next) => set('urgent', next)} variant="outline" color="red">
        Urgent
      </Chip>
    </Group>
  )
})

/** The filters as the API's query. */
export function toQuery(filters: FilterState, search: string) {
  return {
    ...(filters.status !== 'all' ? { status: [filters.status] } : {}),
    ...(filters.channelId ? { channelIds: [filters.channelId] } : {}),
    ...(filters.assignedTo ? { assignedTo: filters.assignedTo } : {}),
    ...(filters.tag ? { tag: filters.tag } : {}),
    ...(filters.sentiment ? { sentiment: [filters.sentiment] } : {}),
    ...(filters.question ? { question: true } : {}),
    ...(filters.urgent ? { urgent: true } : {}),
    ...(filters.language ? { language: filters.language } : {}),
    ...(search.trim() ? { search: search.trim() } : {}),
  }
}
