/**
 * Connecting a channel: the Sandbox (no account needed), Bluesky with an app
 * password, or Mastodon with an access token. The platform's own words for
 * where to make the credential are right under its field; a refusal shows in
 * the form. Secrets go to the main process once and are never shown again.
 */
import {
  Alert,
  Button,
  Collapse,
  Group,
  Modal,
  PasswordInput,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
  UnstyledButton,
} from '@mantine/core'
import { IconAlertCircle, IconChevronRight } from '@tabler/icons-react'
import { useState, type FormEvent } from 'react'
import type { ApiInput } from '../../src-shared/api/contract'
import type { Platform } from '../../src-shared/entities/enums'
import type { Channel } from '../../src-shared/entities/models'
import { useAppInfo, useOrganizations } from '../app/queries'
import { fieldError, formError } from '../ui/errors'
import { ExternalLink } from '../ui/external-link'
import { PLATFORM_INFO } from './platforms'
import { useConnectChannel } from './queries'

const FIELDS = ['name', 'identifier', 'appPassword', 'service', 'accessToken']

/** People type "mastodon.social"; the address needs its scheme. */
const withScheme = (address: string) => {
  const trimmed = address.trim()
  return trimmed && !trimmed.includes('://') ? `https://${trimmed}` : trimmed
}

interface Props {
  orgId: string
  opened: boolean
  onClose: () => void
  onConnected: (channel: Channel) => void
  /** Reconnecting: the platform and handle to start from. */
  start?: { platform: Platform; identifier?: string; service?: string }
}

export function ConnectChannelModal({ orgId, opened, onClose, onConnected, start }: Props) {
  return (
    <Modal opened={opened} onClose={onClose} title={start ? 'Reconnect a channel' : 'Connect a channel'} size="lg">
      {/* Mounted only while open, so a closed dialog keeps no typed secret. */}
      {opened && <ConnectForm orgId={orgId} onConnected={onConnected} start={start} />}
    </Modal>
  )
}

function ConnectForm({ orgId, onConnected, start }: Omit<Props, 'opened' | 'onClose'>) {
  const platforms = useAppInfo().data?.platforms ?? ['sandbox', 'bluesky', 'mastodon']
  const [platform, setPlatform] = useState<Platform>(start?.platform ?? 'sandbox')
  const orgName = useOrganizations().data?.find((org) => org.id === orgId)?.name
  // A Sandbox channel is offered a name from the start ("Acme Coffee (practice)"), which the person may change.
  const [typedName, setName] = useState<string | null>(null)
  const name = typedName ?? (orgName ? `${orgName} (practice)` : '')
  const [identifier, setIdentifier] = useState(start?.identifier ?? '')
  const [secret, setSecret] = useState('')
  const [service, setService] = useState(start?.service ?? '')
  const [advanced, setAdvanced] = useState(Boolean(start?.service && start.service !== 'https://bsky.social'))
  const connect = useConnectChannel()
  const error = connect.error

  const choose = (next: Platform) => {
    setPlatform(next)
    setSecret('')
    connect.reset()
  }

  const submit = (event: FormEvent) => {
    event.preventDefault()
    const input: ApiInput<'connectChannel'> =
      platform === 'sandbox'
        ? { orgId, platform, name }
        : platform === 'bluesky'
          ? {
              orgId,
              platform,
              identifier,
              appPassword: secret,
              ...(service.trim() ? { service: withScheme(service) } : {}),
            }
          : { orgId, platform, service: withScheme(service), accessToken: secret }
    connect.mutate(input, {
      onSuccess: (channel) => {
        setSecret('')
        onConnected(channel)
      },
      // A refused password or token is not worth keeping; one that was not the problem is.
      onError: (failure) => {
        if (fieldError(failure, 'appPassword') || fieldError(failure, 'accessToken')) setSecret('')
      },
    })
  }

  const general = formError(error, FIELDS)
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <SegmentedControl
          aria-label="Platform"
          value={platform}
          onChange={(value) => choose(value as Platform)}
          fullWidth
          disabled={Boolean(start)}
          data={platforms.map((value) => {
            const { label, icon: Icon } = PLATFORM_INFO[value]
            return {
              value,
              label: (
                <Group gap={6} wrap="nowrap" justify="center">
                  <Icon size={16} stroke={1.7} aria-hidden />
                  <span>{label}</span>
                </Group>
              ),
            }
          })}
        />

        {platform === 'sandbox' && (
          <>
            <Text fz="sm" c="dimmed">
              Try everything without an account. Posts to a Sandbox channel are published to a practice feed that only
              your team can see, so you can schedule, approve and publish for real with nothing going public.
            </Text>
            <TextInput
              label="Channel name"
              value={name}
              onChange={(event) => setName(event.currentTarget.value)}
              error={fieldError(error, 'name')}
              data-autofocus
              required
            />
          </>
        )}

        {platform === 'bluesky' && (
          <>
            <Text fz="sm" c="dimmed">
              Bluesky lets apps post for you with an <strong>app password</strong>, a separate password you can revoke
              at any time without changing your real one. Create one in Bluesky under Settings → Privacy and security →
              App passwords (<ExternalLink href="https://bsky.app/settings/app-passwords">bsky.app</ExternalLink>), then
              paste it here. It is stored encrypted on this device only.
            </Text>
            <TextInput
              label="Handle"
              placeholder="name.bsky.social"
              autoComplete="username"
              value={identifier}
              onChange={(event) => setIdentifier(event.currentTarget.value)}
              error={fieldError(error, 'identifier')}
              data-autofocus
              required
            />
            <PasswordInput
              label="App password"
              placeholder="xxxx-xxxx-xxxx-xxxx"
              autoComplete="off"
              value={secret}
              onChange={(event) => setSecret(event.currentTarget.value)}
              error={fieldError(error, 'appPassword')}
              required
            />
            <UnstyledButton
              onClick={() => setAdvanced((open) => !open)}
              aria-expanded={advanced}
              aria-controls="connect-advanced"
              fz="sm"
              c="dimmed"
            >
              <Group gap={4}>
                <IconChevronRight
                  size={14}
                  aria-hidden
                  style={{ transform: advanced ? 'rotate(90deg)' : undefined, transition: 'transform 150ms' }}
                />
                Advanced
              </Group>
            </UnstyledButton>
            <Collapse expanded={advanced} id="connect-advanced">
              <TextInput
                label="PDS address"
                description="Only if your account is hosted on your own or another provider’s server."
                placeholder="https://bsky.social"
                value={service}
                onChange={(event) => setService(event.currentTarget.value)}
                error={fieldError(error, 'service')}
              />
            </Collapse>
          </>
        )}

        {platform === 'mastodon' && (
          <>
            <Text fz="sm" c="dimmed">
              On your Mastodon server, open Preferences → Development → New application, give it a name, keep the{' '}
              <em>read</em> and <em>write</em> scopes, save, then open it and copy <em>Your access token</em>. It is
              stored encrypted on this device only.
            </Text>
            <TextInput
              label="Server address"
              placeholder="https://mastodon.social"
              autoComplete="url"
              value={service}
              onChange={(event) => setService(event.currentTarget.value)}
              error={fieldError(error, 'service')}
              data-autofocus
              required
            />
            <PasswordInput
              label="Access token"
              autoComplete="off"
              value={secret}
              onChange={(event) => setSecret(event.currentTarget.value)}
              error={fieldError(error, 'accessToken')}
              required
            />
          </>
        )}

        {general && (
          <Alert color="red" variant="light" icon={<IconAlertCircle size={18} aria-hidden />} title="Not connected">
            {general}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button type="submit" loading={connect.isPending}>
            {start ? 'Reconnect' : `Connect ${PLATFORM_INFO[platform].label}`}
          </Button>
        </Group>
      </Stack>
    </form>
  )
}
