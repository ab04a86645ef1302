/**
 * The organization's saved replies: list, write, change and delete, with a preview filled with example values
 * so placeholders read as they will in a reply.
 */
import { ActionIcon, Alert, Button, Group, Modal, Paper, Stack, Text, Textarea, TextInput } from '@mantine/core'
import { IconPencil, IconTrash } from '@tabler/icons-react'
import { useState } from 'react'
import type { SavedReply } from '../../src-shared/api/replies'
import {
  BUILT_IN_PLACEHOLDERS,
  checkPlaceholders,
  fillPlaceholders,
  isBuiltIn,
  placeholderKeys,
} from '../../src-shared/engage/placeholders'
import { errorMessage } from '../ui/errors'
import { useCreateSavedReply, useDeleteSavedReply, useSavedReplies, useUpdateSavedReply } from './engage-queries'

const EXAMPLE: Record<string, string> = {
  name: 'Sam Lee',
  handle: '@sam.example',
  channel: 'acme',
  post_link: 'https://example.com/p/1',
  assignee: 'Ana Ruiz',
  date: new Date().toLocaleDateString('en', { dateStyle: 'long' }),
}

function Editor({ orgId, editing, onDone }: { orgId: string; editing: SavedReply | null; onDone: () => void }) {
  const [title, setTitle] = useState(editing?.title ?? '')
  const [body, setBody] = useState(editing?.body ?? '')
  const create = useCreateSavedReply(orgId)
  const update = useUpdateSavedReply(orgId)
  const saving = editing ? update : create
  const problems = checkPlaceholders(body)
  const custom = placeholderKeys(body).filter((key) => !isBuiltIn(key))
  const placeholders = custom.map(
    (key) => editing?.placeholders.find((p) => p.key === key) ?? { key, label: key.replace(/_/g, ' ') },
  )
  const preview = fillPlaceholders(body, EXAMPLE, placeholders).text
  const save = () => {
    const input = { title, body, placeholders }
    if (editing) update.mutate({ savedReplyId: editing.id, ...input }, { onSuccess: onDone })
    else create.mutate(input, { onSuccess: onDone })
  }
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault()
        save()
      }}
    >
      <Stack gap="xs">
        <TextInput label="Title" value={title} onChange={(e) => setTitle(e.currentTarget.value)} data-autofocus />
        <Textarea
          label="Reply"
          description={`Built-in placeholders: ${BUILT_IN_PLACEHOLDERS.map((p) => `{{${p.key}}}`).join(', ')}. Any other {{name}} is asked for when the reply is used.`}
          autosize
          minRows={3}
          value={body}
          onChange={(e) => setBody(e.currentTarget.value)}
          error={problems[0]}
        />
        <Paper withBorder p="xs" radius="md">
          <Text fz="xs" c="dimmed" mb={2}>
            Preview
          </Text>
          <Text fz="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {preview || ' '}
          </Text>
        </Paper>
        {saving.error && (
          <Alert color="red" variant="light" p="xs">
            {errorMessage(saving.error)}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={saving.isPending} disabled={problems.length > 0}>
            {editing ? 'Save changes' : 'Add saved reply'}
          </Button>
        </Group>
      </Stack>
    </form>
  )
}

export function SavedRepliesManager({
  orgId,
  opened,
  onClose,
}: {
  orgId: string
  opened: boolean
  onClose: () => void
}) {
  const saved = useSavedReplies(orgId)
  const remove = useDeleteSavedReply(orgId)
  const [editing, setEditing] = useState<SavedReply | 'new' | null>(null)
  // Deleting asks first, in the row itself (the list is already a dialog): the whole team loses the answer.
  const [deleting, setDeleting] = useState<string | null>(null)
  const list = saved.data
  return (
    <Modal opened={opened} onClose={onClose} title="Saved replies" size="lg">
      {list === null ? (
        <Text fz="sm" c="dimmed">
          Saved replies are not available in this version yet.
        </Text>
      ) : editing ? (
        <Editor orgId={orgId} editing={editing === 'new' ? null : editing} onDone={() => setEditing(null)} />
      ) : (
        <Stack gap="xs">
          {(list ?? []).length === 0 && (
            <Text fz="sm" c="dimmed">
              No saved replies yet. Write the answers you give most often once, and insert them with Ctrl+K.
            </Text>
          )}
          {(list ?? []).map((reply) => (
            <Paper key={reply.id} withBorder p="sm" radius="md">
              <Group justify="space-between" wrap="nowrap" align="flex-start">
                <Stack gap={2} style={{ minWidth: 0 }}>
                  <Text fw={600} fz="sm">
                    {reply.title}
                  </Text>
                  <Text fz="xs" c="dimmed" lineClamp={2}>
                    {fillPlaceholders(reply.body, EXAMPLE, reply.placeholders).text}
                  </Text>
                </Stack>
                {deleting === reply.id ? (
                  <Group gap={6} wrap="nowrap" role="group" aria-label={`Delete “${reply.title}” for the whole team?`}>
                    <Text fz="xs">Delete for everyone?</Text>
                    <Button size="compact-xs" variant="default" onClick={() => setDeleting(null)}>
                      Keep
                    </Button>
                    <Button
                      size="compact-xs"
                      color="red"
                      loading={remove.isPending}
                      onClick={() => remove.mutate(reply.id, { onSuccess: () => setDeleting(null) })}
                    >
                      Delete
                    </Button>
                  </Group>
                ) : (
                  <Group gap={4} wrap="nowrap">
                    <ActionIcon variant="subtle" aria-label={`Edit “${reply.title}”`} onClick={() => setEditing(reply)}>
                      <IconPencil size={16} aria-hidden />
                    </ActionIcon>
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      aria-label={`Delete “${reply.title}”`}
                      onClick={() => setDeleting(reply.id)}
                    >
                      <IconTrash size={16} aria-hidden />
                    </ActionIcon>
                  </Group>
                )}
              </Group>
            </Paper>
          ))}
          <Group justify="flex-end">
            <Button onClick={() => setEditing('new')}>New saved reply</Button>
          </Group>
        </Stack>
      )}
    </Modal>
  )
}
