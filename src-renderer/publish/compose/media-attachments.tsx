/**
 * Pictures and video for the post: pick or drop files, each kept on this device (importMedia), shown with its
 * alt text and a way to remove it.
 */
import { ActionIcon, Alert, Box, Button, Group, Image, Paper, SimpleGrid, Stack, Text, TextInput } from '@mantine/core'
import { IconPhoto, IconTrash, IconUpload, IconVideo } from '@tabler/icons-react'
import { useQuery } from '@tanstack/react-query'
import { useRef, useState, type DragEvent } from 'react'
import type { MediaItem } from '../../../src-shared/entities/json-shapes'
import { call } from '../../platform/api'
import { errorMessage } from '../../ui/errors'
import type { MediaDraft } from './compose-state'
import { readBase64 } from '../../ui/read-file'

const ACCEPT = 'image/jpeg,image/png,image/gif,image/webp,video/mp4,video/quicktime,video/webm'

function Preview({ orgId, media }: { orgId: string; media: MediaDraft }) {
  const saved = useQuery({
    queryKey: ['media', orgId, media.item.url],
    queryFn: () => call('readMedia', { orgId, url: media.item.url }),
    enabled: !media.preview,
    staleTime: Infinity,
  })
  const src = media.preview ?? saved.data?.dataUrl
  const label = media.item.fileName ?? 'Attachment'
  if (media.item.type === 'video') {
    return src ? (
      <video
        src={src}
        muted
        aria-label={label}
        style={{ width: '100%', height: 120, objectFit: 'cover', borderRadius: 8 }}
      />
    ) : (
      <Box h={120} display="grid" style={{ placeItems: 'center' }} bg="var(--app-surface)">
        <IconVideo size={28} aria-hidden />
      </Box>
    )
  }
  return src ? (
    <Image src={src} alt={media.item.altText || label} h={120} radius="sm" fit="cover" />
  ) : (
    <Box h={120} display="grid" style={{ placeItems: 'center' }} bg="var(--app-surface)">
      <IconPhoto size={28} aria-hidden />
    </Box>
  )
}

interface Props {
  orgId: string
  media: MediaDraft[]
  /** What the chosen channels would refuse about each attachment (by its index), shown beside it. */
  problems?: Map<number, string[]>
  onChange: (change: (media: MediaDraft[]) => MediaDraft[]) => void
}

export function MediaAttachments({ orgId, media, problems, onChange }: Props) {
  const input = useRef<HTMLInputElement>(null)
  const [busy, setBusy] = useState(0)
  const [error, setError] = useState<string | null>(null)
  const [over, setOver] = useState(false)

  const add = async (files: File[]) => {
    setError(null)
    for (const file of files) {
      setBusy((n) => n + 1)
      try {
        const item = await call('importMedia', {
          orgId,
          fileName: file.name,
          mimeType: file.type || 'application/octet-stream',
          data: await readBase64(file),
        })
        const preview = URL.createObjectURL(file)
        onChange((current) => [...current, { item, preview }])
      } catch (failure) {
        setError(`${file.name}: ${errorMessage(failure)}`)
      } finally {
        setBusy((n) => n - 1)
      }
    }
  }
  const drop = (event: DragEvent) => {
    event.preventDefault()
    setOver(false)
    void add([...event.dataTransfer.files])
  }
  const setAlt = (index: number, altText: string) =>
    onChange((current) =>
      current.map((m, i) => (i === index ? { ...m, item: { ...m.item, altText } as MediaItem } : m)),
    )

  return (
    <Stack gap="sm">
      <Paper
        withBorder
        radius="md"
        p="sm"
        onDragOver={(event) => {
          event.preventDefault()
          setOver(true)
        }}
        onDragLeave={() => setOver(false)}
        onDrop={drop}
        style={{ borderStyle: 'dashed', borderColor: over ? 'var(--mantine-color-brand-6)' : undefined }}
      >
        <Group justify="space-between" gap="sm">
          <Text fz="sm" c="dimmed">
            Drop images or a video here
          </Text>
          <Button
            variant="default"
            size="xs"
            leftSection={<IconUpload size={16} aria-hidden />}
            loading={busy > 0}
            onClick={() => input.current?.click()}
          >
            Add media
          </Button>
        </Group>
        <input
          ref={input}
          type="file"
          accept={ACCEPT}
          multiple
          hidden
          aria-label="Add images or video"
          onChange={(event) => {
            const files = [...(event.currentTarget.files ?? [])]
            event.currentTarget.value = ''
            void add(files)
          }}
        />
      </Paper>
      {error && (
        <Alert color="red" variant="light" title="That file was not added">
          {error}
        </Alert>
      )}
      {media.length > 0 && (
        <SimpleGrid cols={{ base: 2, sm: 3 }} spacing="sm">
          {media.map((m, index) => (
            <Paper key={m.item.url + index} withBorder radius="md" p={6}>
              <Box pos="relative">
                <Preview orgId={orgId} media={m} />
                <ActionIcon
                  pos="absolute"
                  top={6}
                  right={6}
                  variant="default"
                  color="red"
                  aria-label={`Remove ${m.item.fileName ?? `attachment ${index + 1}`}`}
                  onClick={() => onChange((current) => current.filter((_, i) => i !== index))}
                >
                  <IconTrash size={16} aria-hidden />
                </ActionIcon>
              </Box>
              {m.item.type !== 'video' && (
                <TextInput
                  mt={6}
                  size="xs"
                  label={`Alt text for ${m.item.fileName ?? `attachment ${index + 1}`}`}
                  placeholder="Describe the image"
                  value={m.item.altText ?? ''}
                  onChange={(event) => setAlt(index, event.currentTarget.value)}
                  error={problems?.get(index)?.join(' ')}
                />
              )}
              {m.item.type === 'video' && problems?.get(index) && (
                <Text fz="xs" mt={6} c="var(--mantine-color-error)">
                  {problems.get(index)!.join(' ')}
                </Text>
              )}
            </Paper>
          ))}
        </SimpleGrid>
      )}
    </Stack>
  )
}
