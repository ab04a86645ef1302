/**
 * Writing a new draft: caption and tags. Drafts need no channel, so this
 * works before any channel is connected; ⌘/Ctrl+Enter saves.
 */
import { Alert, Button, Group, Modal, Stack, TagsInput, Textarea } from '@mantine/core'
import { getHotkeyHandler } from '@mantine/hooks'
import { useState, type FormEvent } from 'react'
import { fieldError, formError, notifySuccess } from '../ui/errors'
import { CaptionLength } from './caption-length'
import { useCreateDraft } from './queries'

interface Props {
  orgId: string
  opened: boolean
  onClose: () => void
  onSaved: () => void
  knownTags: string[]
}

export function NewDraftModal({ orgId, opened, onClose, onSaved, knownTags }: Props) {
  const [caption, setCaption] = useState('')
  const [tags, setTags] = useState<string[]>([])
  const create = useCreateDraft(orgId)

  const close = () => {
    create.reset()
    onClose()
  }
  const save = () =>
    create.mutate(
      { caption, tags },
      {
        onSuccess: () => {
          setCaption('')
          setTags([])
          notifySuccess('Draft saved')
          onSaved()
        },
      },
    )
  const submit = (event: FormEvent) => {
    event.preventDefault()
    save()
  }
  const tagsError = create.error ? (fieldError(create.error, 'tags') ?? fieldError(create.error, 'tags.0')) : undefined
  const general = formError(create.error, ['caption', 'tags', 'tags.0'])

  return (
    <Modal opened={opened} onClose={close} title="New draft" size="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          {general && (
            <Alert color="red" title="We couldn’t save the draft">
              {general}
            </Alert>
          )}
          <Stack gap={6}>
            <Textarea
              label="Caption"
              placeholder="What would you like to share?"
              autosize
              minRows={5}
              maxRows={14}
              data-autofocus
              value={caption}
              onChange={(event) => setCaption(event.currentTarget.value)}
              onKeyDown={getHotkeyHandler([['mod+Enter', save]])}
              error={fieldError(create.error, 'caption')}
            />
            <CaptionLength caption={caption} />
          </Stack>
          <TagsInput
            label="Tags"
            description="Group posts by campaign or theme. Press Enter after each tag."
            placeholder={tags.length ? '' : 'launch, spring-campaign'}
            data={knownTags}
            value={tags}
            onChange={setTags}
            maxTags={20}
            clearable
            comboboxProps={{ keepMounted: false }}
            clearButtonProps={{ 'aria-label': 'Clear tags' }}
            error={tagsError}
          />
          <Group justify="flex-end" gap="sm" mt="xs">
            <Button variant="default" onClick={close} disabled={create.isPending}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending} disabled={create.isPending}>
              Save draft
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}
