/**
 * The organization's time zone, changed by an owner or admin. Posts keep their instants (a post at 14:00 UTC
 * still goes out at 14:00 UTC); channels keep their posting schedules until someone asks, with "Re-plan the
 * queue in the new zone", to move them and the posts queued on their slots to the organization's zone.
 */
import { Alert, Button, Stack, Text } from '@mantine/core'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import type { Organization } from '../../src-shared/entities/models'
import { timeZoneProblem } from '../../src-shared/entities/profile-rules'
import { keys } from '../app/queries'
import { useChannels } from '../channels/queries'
import { call } from '../platform/api'
import { fieldError, formError, notifySuccess } from '../ui/errors'
import { zoneName } from '../../src-shared/time-format'
import { TimeZoneSelect } from '../ui/time-zone-select'

function ReplanQueue({ org, allowed }: { org: Organization; allowed: boolean }) {
  const client = useQueryClient()
  const channels = useChannels(org.id).data ?? []
  const elsewhere = channels.filter((channel) => channel.schedule.timezone !== org.timezone)
  const replan = useMutation({
    mutationFn: () => call('replanQueue', { orgId: org.id }),
    onSuccess: async ({ moved }) => {
      await Promise.all([
        client.invalidateQueries({ queryKey: keys.channels(org.id) }),
        client.invalidateQueries({ queryKey: keys.posts(org.id) }),
      ])
      notifySuccess(
        `The queue now follows ${zoneName(org.timezone)}: ${moved === 1 ? '1 post moved' : `${moved} posts moved`}.`,
      )
    },
  })
  if (elsewhere.length === 0) return null
  const zones = [...new Set(elsewhere.map((channel) => zoneName(channel.schedule.timezone)))].join(', ')
  const names = elsewhere.map((channel) => channel.displayName || channel.username).join(', ')
  return (
    <Alert color="blue" variant="light" title="Some channels still post in another zone">
      <Stack gap="xs">
        <Text fz="sm">
          {names} {elsewhere.length === 1 ? 'posts' : 'post'} at {zones} times. Queued posts keep their times until you
          re-plan: then the channels’ posting times become {zoneName(org.timezone)} times and the posts on them move
          there, in order. Posts at a time you picked stay where they are.
        </Text>
        {replan.error ? (
          <Text fz="sm" c="red">
            {formError(replan.error, [])}
          </Text>
        ) : null}
        {allowed && (
          <Button w="fit-content" variant="default" loading={replan.isPending} onClick={() => replan.mutate()}>
            Re-plan the queue in the new zone
          </Button>
        )}
      </Stack>
    </Alert>
  )
}

export function OrganizationTimeZone({ org, allowed }: { org: Organization; allowed: boolean }) {
  const client = useQueryClient()
  const [zone, setZone] = useState(org.timezone)
  const change = useMutation({
    mutationFn: () => call('setOrganizationTimezone', { orgId: org.id, timezone: zone }),
    meta: { inlineErrors: true },
    onSuccess: async (changed) => {
      await client.invalidateQueries({ queryKey: keys.organizations })
      notifySuccess(`The organization now plans in ${zoneName(changed.timezone)}. Every post kept its time.`)
    },
  })
  const problem = timeZoneProblem(zone)
  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (!problem && zone !== org.timezone) change.mutate()
  }
  return (
    <Stack gap="sm">
      <form onSubmit={submit} noValidate aria-label="Time zone">
        <Stack gap="xs" align="flex-start">
          <TimeZoneSelect
            w="100%"
            maw={420}
            value={zone}
            onChange={setZone}
            disabled={!allowed}
            description={
              allowed
                ? 'New channels plan in this zone. Posts already scheduled keep their exact time.'
                : 'Only an owner or admin can change the time zone.'
            }
            error={problem ?? fieldError(change.error, 'timezone') ?? formError(change.error, ['timezone'])}
          />
          <Button
            type="submit"
            variant="default"
            loading={change.isPending}
            disabled={!allowed || change.isPending || zone === org.timezone || Boolean(problem)}
          >
            Change time zone
          </Button>
        </Stack>
      </form>
      <ReplanQueue org={org} allowed={allowed} />
    </Stack>
  )
}
