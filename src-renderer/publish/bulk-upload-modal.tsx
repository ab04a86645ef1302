/**
 * Bulk upload: pick a CSV of posts (and the media files it names), see every row checked by the main process
 * (nothing is written), and schedule them all at once when every row is ready. The rules live in
 * src-shared/bulk/csv-posts.ts; this dialog only shows their answers.
 */
import { Alert, Anchor, Badge, Button, FileInput, Group, List, Modal, Stack, Table, Text } from '@mantine/core'
import { IconCheck, IconDownload, IconFileSpreadsheet, IconPhoto } from '@tabler/icons-react'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import type { ApiOutput } from '../../src-shared/api/contract'
import { BULK_TEMPLATE } from '../../src-shared/bulk/template'
import type { MediaItem } from '../../src-shared/entities/json-shapes'
import type { Channel } from '../../src-shared/entities/models'
import { keys } from '../app/queries'
import { call } from '../platform/api'
import { errorMessage, notifySuccess } from '../ui/errors'
import { dateTimeLabel } from './time'
import { readBase64 } from '../ui/read-file'

interface Props {
  orgId: string
  opened: boolean
  onClose: () => void
  channels: Channel[]
  /** Whether posts go on the schedule directly, or wait for approval (a contributor's). */
  canPublish: boolean
  onScheduled: () => void
}

type Checked = ApiOutput<'checkBulkPosts'>

function downloadTemplate() {
  const url = URL.createObjectURL(new Blob([BULK_TEMPLATE], { type: 'text/csv;charset=utf-8' }))
  const link = document.createElement('a')
  link.href = url
  link.download = 'bulk-upload-template.csv'
  link.click()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}

export function BulkUploadModal({ orgId, opened, onClose, channels, canPublish, onScheduled }: Props) {
  const client = useQueryClient()
  const [csvFile, setCsvFile] = useState<File | null>(null)
  const [mediaFiles, setMediaFiles] = useState<File[]>([])
  const [imported, setImported] = useState<MediaItem[]>([])
  const [mediaErrors, setMediaErrors] = useState<string[]>([])
  const [checked, setChecked] = useState<Checked | null>(null)
  const [csvText, setCsvText] = useState('')
  const zones = new Map(channels.map((c) => [c.id, c.schedule.timezone]))

  const check = useMutation({
    meta: { inlineErrors: true },
    mutationFn: async ({ csv, media }: { csv: File | null; media: File[] }) => {
      const items: MediaItem[] = []
      const errors: string[] = []
      for (const file of media) {
        try {
          items.push(
            await call('importMedia', {
              orgId,
              fileName: file.name,
              mimeType: file.type || 'application/octet-stream',
              data: await readBase64(file),
            }),
          )
        } catch (failure) {
          errors.push(`${file.name}: ${errorMessage(failure)}`)
        }
      }
      setImported(items)
      setMediaErrors(errors)
      if (!csv) return null
      const text = await csv.text()
      setCsvText(text)
      return call('checkBulkPosts', { orgId, csv: text, files: items })
    },
    onSuccess: setChecked,
  })
  const schedule = useMutation({
    meta: { inlineErrors: true },
    mutationFn: () => call('scheduleBulkPosts', { orgId, csv: csvText, files: imported }),
    onSuccess: ({ posts }) => {
      notifySuccess(
        canPublish
          ? `${posts.length === 1 ? '1 post' : `${posts.length} posts`} scheduled`
          : `${posts.length === 1 ? '1 post' : `${posts.length} posts`} sent for approval`,
      )
      reset()
      onScheduled()
    },
    onSettled: () => client.invalidateQueries({ queryKey: keys.posts(orgId) }),
  })

  const reset = () => {
    setCsvFile(null)
    setMediaFiles([])
    setImported([])
    setMediaErrors([])
    setChecked(null)
    setCsvText('')
    check.reset()
    schedule.reset()
  }
  const close = () => {
    reset()
    onClose()
  }
  const pickCsv = (file: File | null) => {
    setCsvFile(file)
    schedule.reset()
    check.mutate({ csv: file, media: mediaFiles })
  }
  const pickMedia = (files: File[]) => {
    setMediaFiles(files)
    schedule.reset()
    check.mutate({ csv: csvFile, media: files })
  }

  const rows = checked?.rows ?? []
  const bad = rows.filter((r) => r.problems.length > 0)
  const ready = checked && !checked.problem && rows.length > 0 && bad.length === 0
  const whenText = (row: Checked['rows'][number]) => {
    if (!row.when) return '—'
    if (row.when.kind === 'queue') return canPublish ? 'Next free slot' : 'Queue, once approved'
    if (row.when.kind === 'at') return dateTimeLabel(row.when.at, (row.channelId && zones.get(row.channelId)) || 'UTC')
    return row.when.kind
  }

  return (
    <Modal opened={opened} onClose={close} title="Bulk upload" size="90rem">
      <Stack gap="md">
        <Text fz="sm">
          One post per row: <b>text</b>, <b>channel</b> (its name as Publish shows it), <b>time</b> (such as 2026-05-02
          08:30 in the channel’s time zone, or the word <i>queue</i>), <b>media</b> (https addresses or the names of
          files you pick below, separated by |) and <b>tags</b> (separated by commas). Every row is checked first;
          nothing is scheduled until all of them are ready.
        </Text>
        <Group>
          <Button variant="default" leftSection={<IconDownload size={16} aria-hidden />} onClick={downloadTemplate}>
            Download the template
          </Button>
        </Group>
        <Group grow align="flex-start">
          <FileInput
            label="CSV file"
            placeholder="Pick a .csv file"
            accept=".csv,text/csv"
            leftSection={<IconFileSpreadsheet size={16} aria-hidden />}
            value={csvFile}
            onChange={pickCsv}
            clearable
            clearButtonProps={{ 'aria-label': 'Remove the CSV file' }}
          />
          <FileInput
            label="Media files (optional)"
            description="The images and videos the CSV names by file name"
            placeholder="Pick images or videos"
            accept="image/jpeg,image/png,image/gif,image/webp,video/mp4,video/webm"
            leftSection={<IconPhoto size={16} aria-hidden />}
            multiple
            value={mediaFiles}
            onChange={pickMedia}
            clearable
            clearButtonProps={{ 'aria-label': 'Remove the media files' }}
          />
        </Group>
        {mediaErrors.length > 0 && (
          <Alert color="red" variant="light" title="Some media files were not added">
            <List size="sm">
              {mediaErrors.map((e) => (
                <List.Item key={e}>{e}</List.Item>
              ))}
            </List>
          </Alert>
        )}
        {check.isPending && (
          <Text fz="sm" c="dimmed" role="status">
            Checking every row…
          </Text>
        )}
        {check.error && (
          <Alert color="red" title="The file was not checked">
            {errorMessage(check.error)}
          </Alert>
        )}
        {checked?.problem && (
          <Alert color="red" title="This file cannot be read as posts">
            {checked.problem}
          </Alert>
        )}
        {checked && !checked.problem && (
          <>
            <Alert
              color={bad.length ? 'red' : 'teal'}
              variant="light"
              role="status"
              title={
                bad.length
                  ? `${bad.length === 1 ? '1 row needs' : `${bad.length} rows need`} fixing`
                  : `All ${rows.length === 1 ? 'the row is' : `${rows.length} rows are`} ready`
              }
            >
              {bad.length
                ? `${rows.length - bad.length} of ${rows.length} rows are ready. Fix the rows marked below in your file and pick it again; nothing is scheduled until every row is ready.`
                : canPublish
                  ? 'Each post goes on its channel’s schedule at the time its row says.'
                  : 'Each post is sent for approval; an approver puts it on the schedule.'}
            </Alert>
            <Table.ScrollContainer minWidth={760}>
              <Table striped verticalSpacing="xs" aria-label="Rows of the CSV and their checks">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Row</Table.Th>
                    <Table.Th>Text</Table.Th>
                    <Table.Th>Channel</Table.Th>
                    <Table.Th>Time</Table.Th>
                    <Table.Th>Media</Table.Th>
                    <Table.Th>Tags</Table.Th>
                    <Table.Th>Check</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((row) => (
                    <Table.Tr key={row.row}>
                      <Table.Td>{row.row}</Table.Td>
                      <Table.Td maw={280}>
                        <Text fz="sm" lineClamp={2}>
                          {row.text || '—'}
                        </Text>
                      </Table.Td>
                      <Table.Td>{row.channelName || '—'}</Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>{whenText(row)}</Table.Td>
                      <Table.Td>{row.media.length || '—'}</Table.Td>
                      <Table.Td>{row.tags.join(', ') || '—'}</Table.Td>
                      <Table.Td maw={380}>
                        {row.problems.length === 0 ? (
                          <Badge
                            color="teal"
                            variant="light"
                            leftSection={<IconCheck size={12} aria-hidden />}
                            tt="none"
                          >
                            Ready
                          </Badge>
                        ) : (
                          <Stack gap={2}>
                            {row.problems.map((p) => (
                              <Text key={p} fz="sm" c="var(--mantine-color-error)">
                                {p}
                              </Text>
                            ))}
                          </Stack>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </>
        )}
        {schedule.error && (
          <Alert color="red" title="Nothing was scheduled">
            {errorMessage(schedule.error)}
          </Alert>
        )}
        <Group justify="space-between">
          <Anchor
            component="button"
            type="button"
            fz="sm"
            onClick={() => check.mutate({ csv: csvFile, media: mediaFiles })}
            disabled={!csvFile}
          >
            Check again
          </Anchor>
          <Group gap="sm">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button disabled={!ready} loading={schedule.isPending} onClick={() => schedule.mutate()}>
              {rows.length && ready
                ? `${canPublish ? 'Schedule' : 'Send'} ${rows.length === 1 ? '1 post' : `${rows.length} posts`}${canPublish ? '' : ' for approval'}`
                : 'Schedule posts'}
            </Button>
          </Group>
        </Group>
      </Stack>
    </Modal>
  )
}
