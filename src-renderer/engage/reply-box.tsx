/**
 * "r": answer the comment. The platform's length is counted as you type (as the platform counts it); a saved
 * reply fills its built-in placeholders at once and asks for its custom ones, and the reply is not sent while
 * one has no value (the message names it). It goes to the outbox at once, online or not.
 */
import { Alert, Button, Group, Stack, Text, Textarea, TextInput } from '@mantine/core'
import { forwardRef, useRef, useState } from 'react'
import type { SavedReply } from '../../src-shared/api/replies'
import { missingPlaceholdersMessage, placeholderLabel } from '../../src-shared/engage/placeholders'
import { platformLimits } from '../../src-shared/platforms'
import { measureText, type PlatformId } from '../../src-shared/platforms/adapter'
import { errorMessage } from '../ui/errors'
import { useSendReply } from './engage-queries'
import { customKeys, fillReply, type ReplyPlaceContext } from './reply-fill'
import { SavedReplyPicker } from './saved-reply-picker'

interface Props {
  orgId: string
  context: ReplyPlaceContext
  savedReplies: SavedReply[] | null
  disabledReason: string | null
}

export const ReplyBox = forwardRef<HTMLTextAreaElement, Props>(function ReplyBox(props, ref) {
  const { orgId, context } = props
  const [text, setText] = useState('')
  const [custom, setCustom] = useState<Record<string, string>>({})
  const [saved, setSaved] = useState<SavedReply | null>(null)
  const [refusal, setRefusal] = useState<string | null>(null)
  const picker = useRef<HTMLInputElement>(null)
  const send = useSendReply(orgId)

  const limits = platformLimits[context.comment.platform as PlatformId] ?? platformLimits.sandbox
  const filled = fillReply(text, context, custom, saved)
  const length = measureText(limits, filled.text)
  const left = limits.maxTextLength - length
  const keys = customKeys(text)

  const submit = () => {
    const message = missingPlaceholdersMessage(filled.missing)
    if (message) {
      setRefusal(message)
      return
    }
    setRefusal(null)
    send.mutate(
      { commentId: context.comment.id, text: filled.text, ...(saved ? { savedReplyId: saved.id } : {}) },
      {
        onSuccess: () => {
          setText('')
          setCustom({})
          setSaved(null)
        },
      },
    )
  }

  if (props.disabledReason) {
    return (
      <Text fz="sm" c="dimmed">
        {props.disabledReason}
      </Text>
    )
  }
  return (
    <Stack gap="xs" component="section" aria-label="Reply">
      <SavedReplyPicker
        ref={picker}
        savedReplies={props.savedReplies}
        onPick={(reply) => {
          setSaved(reply)
          setText(reply.body)
          setRefusal(null)
        }}
      />
      <form
        onSubmit={(event) => {
          event.preventDefault()
          submit()
        }}
      >
        <Stack gap="xs">
          <Textarea
            ref={ref}
            label={`Reply to ${context.comment.author.name}`}
            description="Ctrl+Enter sends; Esc goes back to the list."
            autosize
            minRows={3}
            maxRows={8}
            value={text}
            onChange={(event) => setText(event.currentTarget.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
                event.preventDefault()
                submit()
              } else if (event.key === 'k' && event.ctrlKey) {
                event.preventDefault()
                picker.current?.focus()
              } else if (event.key === 'Escape') {
                event.preventDefault()
                document.querySelector<HTMLElement>('[data-inbox-list]')?.focus()
              }
            }}
          />
          {keys.map((key) => (
            <TextInput
              key={key}
              size="xs"
              label={placeholderLabel(key, saved?.placeholders ?? [])}
              value={custom[key] ?? ''}
              onChange={(event) => {
                setCustom({ ...custom, [key]: event.currentTarget.value })
                setRefusal(null)
              }}
            />
          ))}
          {keys.length > 0 && (
            <Text fz="xs" c="dimmed" style={{ whiteSpace: 'pre-wrap' }} aria-label="Preview">
              {filled.text}
            </Text>
          )}
          {refusal && (
            <Alert color="orange" variant="light" p="xs">
              {refusal}
            </Alert>
          )}
          {send.error && (
            <Alert color="red" variant="light" p="xs">
              {errorMessage(send.error)}
            </Alert>
          )}
          <Group justify="space-between">
            <Text fz="xs" c={left < 0 ? 'red' : 'dimmed'} aria-live="polite">
              {left < 0 ? `${Math.abs(left)} characters over the limit` : `${left.toLocaleString()} characters left`}
            </Text>
            <Button type="submit" size="xs" disabled={!text.trim() || left < 0} loading={send.isPending}>
              Send reply
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  )
})
