/**
 * The Ideas tab: a board of things to post some day (words, media, tags) with no channel and no time. A quick
 * add at the top; each card can be edited (media too), deleted after a confirm, or made a post in one step,
 * which opens the composer on the new draft. Grouped by tag on request. Who may change a card follows the
 * shared rule: a contributor their own ideas, approvers any.
 */
import {
  Alert,
  Badge,
  Box,
  Button,
  Card,
  Group,
  Image,
  Modal,
  SimpleGrid,
  Skeleton,
  Stack,
  Switch,
  TagsInput,
  Text,
  Textarea,
  Title,
} from '@mantine/core'
import { getHotkeyHandler } from '@mantine/hooks'
import { IconBulb, IconPencil, IconPhoto, IconPlus, IconSend, IconTrash, IconVideo } from '@tabler/icons-react'
import { useQuery } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import type { Idea } from '../../src-shared/api/ideas'
import type { MediaItem } from '../../src-shared/entities/json-shapes'
import { call } from '../platform/api'
import { EmptyPanel } from '../ui/empty-panel'
import { fieldError, formError, notifySuccess } from '../ui/errors'
import { RelativeTime } from '../ui/relative-time'
import { MediaAttachments } from './compose/media-attachments'
import type { MediaDraft } from './compose/compose-state'
import { useCreateIdea, useDeleteIdea, useIdeas, useTurnIdeaIntoPost, useUpdateIdea } from './idea-queries'

interface Props {
  orgId: string
  userId: string
  /** Whether this person may add ideas (writers). */
  canWrite: boolean
  /** Whether this person may change anyone's idea (approvers), not only their own. */
  canChangeAny: boolean
  knownTags: string[]
}

const tagsErrorOf = (error: unknown) => (error ? (fieldError(error, 'tags') ?? fieldError(error, 'tags.0')) : undefined)

function QuickAdd({ orgId, knownTags }: { orgId: string; knownTags: string[] }) {
  const [text, setText] = useState('')
  const [tags, setTags] = useState<string[]>([])
  const create = useCreateIdea(orgId)
  const save = () =>
    create.mutate(
      { text, tags },
      {
        onSuccess: () => {
          setText('')
          setTags([])
          notifySuccess('Idea added')
        },
      },
    )
  const submit = (event: FormEvent) => {
    event.preventDefault()
    save()
  }
  const general = formError(create.error, ['text', 'tags', 'tags.0'])
  return (
    <Card component="form" onSubmit={submit} noValidate padding="md" aria-label="Add an idea">
      <Stack gap="sm">
        {general && (
          <Alert color="red" title="The idea was not added">
            {general}
          </Alert>
        )}
        <Textarea
          label="New idea"
          placeholder="A post you might write some day…"
          autosize
          minRows={2}
          maxRows={8}
          value={text}
          onChange={(event) => setText(event.currentTarget.value)}
          onKeyDown={getHotkeyHandler([['mod+Enter', save]])}
          error={fieldError(create.error, 'text')}
        />
        <Group align="flex-end" gap="sm">
          <TagsInput
            label="Tags"
            placeholder={tags.length ? '' : 'menu, events'}
            data={knownTags}
            value={tags}
            onChange={setTags}
            maxTags={20}
            style={{ flex: 1 }}
            error={tagsErrorOf(create.error)}
          />
          <Button type="submit" leftSection={<IconPlus size={16} aria-hidden />} loading={create.isPending}>
            Add idea
          </Button>
        </Group>
      </Stack>
    </Card>
  )
}

function Thumb({ orgId, item }: { orgId: string; item: MediaItem }) {
  const saved = useQuery({
    queryKey: ['media', orgId, item.url],
    queryFn: () => call('readMedia', { orgId, url: item.url }),
    enabled: item.type !== 'video',
    staleTime: Infinity,
    retry: false,
  })
  const label = item.altText || item.fileName || 'Attachment'
  if (item.type !== 'video' && saved.data) {
    return <Image src={saved.data.dataUrl} alt={label} h={64} w={64} radius="sm" fit="cover" />
  }
  return (
    <Box
      h={64}
      w={64}
      display="grid"
      bg="var(--app-surface)"
      style={{ placeItems: 'center', borderRadius: 4 }}
      role="img"
      aria-label={label}
    >
      {item.type === 'video' ? <IconVideo size={22} aria-hidden /> : <IconPhoto size={22} aria-hidden />}
    </Box>
  )
}

interface CardProps {
  orgId: string
  idea: Idea
  mayChange: boolean
  onEdit: () => void
  onDelete: () => void
}

function IdeaCard({ orgId, idea, mayChange, onEdit, onDelete }: CardProps) {
  const turn = useTurnIdeaIntoPost(orgId)
  const excerpt = idea.text.trim() === '' ? 'An idea with media' : idea.text.slice(0, 60)
  const createPost = () =>
    turn.mutate(idea.id, {
      onSuccess: ({ post }) => {
        notifySuccess('Draft made from the idea')
        window.location.hash = `#/publish/compose/${post.id}`
      },
    })
  return (
    <Card component="article" padding="md" aria-label={`Idea: ${excerpt}`}>
      <Stack gap="sm" h="100%">
        <Text fz="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} lineClamp={8}>
          {idea.text || (
            <Text span c="dimmed" fs="italic" fz="sm">
              No words yet
            </Text>
          )}
        </Text>
        {idea.mediaUrls.length > 0 && (
          <Group gap={6}>
            {idea.mediaUrls.slice(0, 4).map((item, index) => (
              <Thumb key={item.url + index} orgId={orgId} item={item} />
            ))}
            {idea.mediaUrls.length > 4 && (
              <Text fz="xs" c="dimmed">
                +{idea.mediaUrls.length - 4} more
              </Text>
            )}
          </Group>
        )}
        {idea.tags.length > 0 && (
          <Group gap={4}>
            {idea.tags.map((tag) => (
              <Badge key={tag} variant="light" color="gray" radius="sm" tt="none">
                {tag}
              </Badge>
            ))}
          </Group>
        )}
        <Text fz="xs" c="dimmed" mt="auto">
          Added <RelativeTime iso={idea.createdAt} span fz="xs" />
        </Text>
        {mayChange && (
          <Group gap={4}>
            <Button
              size="compact-sm"
              variant="light"
              leftSection={<IconSend size={14} aria-hidden />}
              loading={turn.isPending}
              onClick={createPost}
            >
              Create post
            </Button>
            <Button
              size="compact-sm"
              variant="subtle"
              leftSection={<IconPencil size={14} aria-hidden />}
              onClick={onEdit}
            >
              Edit
            </Button>
            <Button
              size="compact-sm"
              variant="subtle"
              color="red"
              leftSection={<IconTrash size={14} aria-hidden />}
              onClick={onDelete}
            >
              Delete
            </Button>
          </Group>
        )}
      </Stack>
    </Card>
  )
}

function EditIdea({
  orgId,
  idea,
  knownTags,
  onClose,
}: {
  orgId: string
  idea: Idea
  knownTags: string[]
  onClose: () => void
}) {
  const [text, setText] = useState(idea.text)
  const [tags, setTags] = useState(idea.tags)
  const [media, setMedia] = useState<MediaDraft[]>(idea.mediaUrls.map((item) => ({ item })))
  const update = useUpdateIdea(orgId)
  const save = () =>
    update.mutate(
      { ideaId: idea.id, text, tags, mediaUrls: media.map((m) => m.item) },
      {
        onSuccess: () => {
          notifySuccess('Idea saved')
          onClose()
        },
      },
    )
  const general = formError(update.error, ['text', 'tags', 'tags.0'])
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault()
        save()
      }}
      noValidate
    >
      <Stack gap="md">
        {general && (
          <Alert color="red" title="The idea was not saved">
            {general}
          </Alert>
        )}
        <Textarea
          label="Idea"
          autosize
          minRows={4}
          maxRows={14}
          data-autofocus
          value={text}
          onChange={(event) => setText(event.currentTarget.value)}
          onKeyDown={getHotkeyHandler([['mod+Enter', save]])}
          error={fieldError(update.error, 'text')}
        />
        <MediaAttachments orgId={orgId} media={media} onChange={setMedia} />
        <TagsInput
          label="Tags"
          data={knownTags}
          value={tags}
          onChange={setTags}
          maxTags={20}
          clearable
          error={tagsErrorOf(update.error)}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={update.isPending}>
            Save idea
          </Button>
        </Group>
      </Stack>
    </form>
  )
}

function ConfirmDeleteIdea({ orgId, idea, onClose }: { orgId: string; idea: Idea | null; onClose: () => void }) {
  const remove = useDeleteIdea(orgId)
  const confirm = () =>
    idea &&
    remove.mutate(idea.id, {
      onSuccess: () => {
        notifySuccess('Idea deleted')
        onClose()
      },
    })
  return (
    <Modal opened={idea !== null} onClose={onClose} title="Delete this idea?">
      <Text fz="sm" lineClamp={3} fs="italic" mb="sm">
        {idea?.text || 'An idea with media'}
      </Text>
      <Text fz="sm" c="dimmed">
        It leaves the board on every device. This cannot be undone.
      </Text>
      <Group justify="flex-end" mt="lg">
        <Button variant="default" onClick={onClose}>
          Keep it
        </Button>
        <Button color="red" loading={remove.isPending} onClick={confirm}>
          Delete
        </Button>
      </Group>
    </Modal>
  )
}

/** Ideas by their first tag, untagged ones last. */
function byTag(ideas: Idea[]): [string, Idea[]][] {
  const groups = new Map<string, Idea[]>()
  for (const idea of ideas) {
    const tag = idea.tags[0] ?? ''
    groups.set(tag, [...(groups.get(tag) ?? []), idea])
  }
  return [...groups.entries()].sort(([a], [b]) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b)))
}

export function IdeasPanel({ orgId, userId, canWrite, canChangeAny, knownTags }: Props) {
  const ideas = useIdeas(orgId).data
  const [grouped, setGrouped] = useState(false)
  const [editing, setEditing] = useState<Idea | null>(null)
  const [deleting, setDeleting] = useState<Idea | null>(null)
  const tags = [...new Set([...knownTags, ...(ideas ?? []).flatMap((i) => i.tags)])].sort()

  const board = (list: Idea[]) => (
    <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm">
      {list.map((idea) => (
        <IdeaCard
          key={idea.id}
          orgId={orgId}
          idea={idea}
          mayChange={canWrite && (canChangeAny || idea.createdBy === userId)}
          onEdit={() => setEditing(idea)}
          onDelete={() => setDeleting(idea)}
        />
      ))}
    </SimpleGrid>
  )

  return (
    <Stack gap="md" component="section" aria-label="Ideas">
      {canWrite && <QuickAdd orgId={orgId} knownTags={tags} />}
      {!ideas ? (
        <SimpleGrid
          cols={{ base: 1, sm: 2, lg: 3 }}
          spacing="sm"
          role="status"
          aria-busy="true"
          aria-label="Loading ideas"
        >
          {[0, 1, 2].map((n) => (
            <Skeleton key={n} h={140} radius="lg" />
          ))}
        </SimpleGrid>
      ) : ideas.length === 0 ? (
        <EmptyPanel
          icon={<IconBulb size={30} stroke={1.5} />}
          title="No ideas yet"
          description="Keep what you might post some day: a line, a picture, a theme. Anyone on the team who writes can add ideas, and any idea becomes a draft post in one step."
        />
      ) : (
        <>
          <Group justify="space-between">
            <Text fz="sm" c="dimmed">
              {ideas.length === 1 ? '1 idea' : `${ideas.length} ideas`}
            </Text>
            <Switch label="Group by tag" checked={grouped} onChange={(e) => setGrouped(e.currentTarget.checked)} />
          </Group>
          {grouped
            ? byTag(ideas).map(([tag, list]) => (
                <Stack key={tag || '(none)'} gap="xs" component="section" aria-label={tag ? `Tag ${tag}` : 'No tag'}>
                  <Title order={3} fz="md">
                    {tag || 'No tag'}
                  </Title>
                  {board(list)}
                </Stack>
              ))
            : board(ideas)}
        </>
      )}
      <Modal opened={editing !== null} onClose={() => setEditing(null)} title="Edit idea" size="lg">
        {editing && <EditIdea orgId={orgId} idea={editing} knownTags={tags} onClose={() => setEditing(null)} />}
      </Modal>
      <ConfirmDeleteIdea orgId={orgId} idea={deleting} onClose={() => setDeleting(null)} />
    </Stack>
  )
}
