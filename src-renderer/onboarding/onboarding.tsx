/**
 * First run: a profile, then a first organization. Two calm steps on one
 * centered card; nothing leaves this device and no account is needed.
 */
import { Box, Center, Group, Paper, Stack, Text } from '@mantine/core'
import { useState } from 'react'
import { BrandMark } from '../ui/brand-mark'
import { OrganizationStep } from './organization-step'
import { WelcomeStep } from './welcome-step'

function StepDots({ step }: { step: 1 | 2 }) {
  return (
    <Group gap={6} aria-hidden>
      {[1, 2].map((dot) => (
        <Box
          key={dot}
          w={dot === step ? 20 : 8}
          h={8}
          bg={dot <= step ? 'var(--mantine-primary-color-filled)' : 'var(--mantine-color-default-border)'}
          style={{ borderRadius: 8, transition: 'width 200ms ease' }}
        />
      ))}
    </Group>
  )
}

/** `hasProfile`: a profile was made in an earlier run that stopped before step two. */
export function Onboarding({ hasProfile, onDone }: { hasProfile: boolean; onDone: () => void }) {
  const [step, setStep] = useState<1 | 2>(hasProfile ? 2 : 1)
  return (
    <Center component="main" mih="100vh" p="md" bg="var(--app-surface)">
      <Stack w="100%" maw={460} gap="lg">
        <Group justify="space-between">
          <BrandMark />
          <Text fz="sm" c="dimmed">
            Step {step} of 2
          </Text>
        </Group>
        <Paper withBorder radius="lg" p={32} shadow="sm">
          <Stack gap="lg">
            <StepDots step={step} />
            {step === 1 ? <WelcomeStep onDone={() => setStep(2)} /> : <OrganizationStep onDone={onDone} />}
          </Stack>
        </Paper>
      </Stack>
    </Center>
  )
}
