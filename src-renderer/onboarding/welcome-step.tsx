/** Step one: who is using this device. Only a name is needed. */
import { Alert, Button, List, Stack, Text, TextInput, ThemeIcon, Title } from '@mantine/core'
import { IconCloudOff, IconDeviceLaptop, IconUserOff } from '@tabler/icons-react'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { call } from '../platform/api'
import { keys } from '../app/queries'
import { fieldError, formError } from '../ui/errors'

const promises = [
  { icon: IconDeviceLaptop, text: 'Everything stays on this device.' },
  { icon: IconCloudOff, text: 'Works offline, all the time.' },
  { icon: IconUserOff, text: 'No account needed to get started.' },
]

export function WelcomeStep({ onDone }: { onDone: () => void }) {
  const client = useQueryClient()
  const [name, setName] = useState('')
  const [email, setEmail] = useState('')
  const create = useMutation({
    mutationFn: () => call('createProfile', { name, email: email.trim() === '' ? null : email.trim() }),
    meta: { inlineErrors: true },
    onSuccess: (profile) => {
      client.setQueryData(keys.profile, profile)
      onDone()
    },
  })
  const submit = (event: FormEvent) => {
    event.preventDefault()
    create.mutate()
  }
  const general = formError(create.error, ['name', 'email'])

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="lg">
        <Stack gap={6}>
          <Title order={1} fz={26}>
            Welcome to buffer-clone
          </Title>
          <Text c="dimmed">Plan, publish and answer your social posts from one calm desk.</Text>
        </Stack>
        <List spacing={8} center ps={0}>
          {promises.map(({ icon: Icon, text }) => (
            <List.Item
              key={text}
              icon={
                <ThemeIcon size={26} radius="xl" variant="light" aria-hidden>
                  <Icon size={15} />
                </ThemeIcon>
              }
            >
              <Text fz="sm">{text}</Text>
            </List.Item>
          ))}
        </List>
        {general && (
          <Alert color="red" title="We couldn’t create your profile">
            {general}
          </Alert>
        )}
        <TextInput
          label="Your name"
          placeholder="Alex Morgan"
          withAsterisk
          autoFocus
          autoComplete="name"
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
          error={fieldError(create.error, 'name')}
        />
        <TextInput
          label="Email"
          description="Optional. Used when you later invite teammates."
          placeholder="alex@example.com"
          type="email"
          autoComplete="email"
          value={email}
          onChange={(event) => setEmail(event.currentTarget.value)}
          error={fieldError(create.error, 'email')}
        />
        <Button type="submit" size="md" loading={create.isPending} disabled={create.isPending}>
          Continue
        </Button>
      </Stack>
    </form>
  )
}
