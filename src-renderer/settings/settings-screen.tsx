/**
 * Settings: you, the active organization, how it publishes, sync with a server, appearance,
 * where secrets and data live, and the organization's recent activity.
 */
import { Button, Modal, Stack } from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import { IconPlus } from '@tabler/icons-react'
import { useWorkspace } from '../app/workspace'
import { OrganizationForm } from '../ui/organization-form'
import { PageHeader } from '../ui/page-header'
import { ActivitySection } from './activity-section'
import { AppearanceSection } from './appearance-section'
import { OrganizationSection } from './organization-section'
import { ProfileSection } from './profile-section'
import { PublishingSection } from './publishing-section'
import { SecuritySection } from './security-section'
import { SettingsSection } from './settings-section'
import { SyncSection } from './sync-section'
import { TeamSection } from './team-section'

function NoOrganizationSection() {
  const [opened, { open, close }] = useDisclosure(false)
  return (
    <SettingsSection
      id="settings-organization"
      title="Organization"
      description="You are not in any organization yet. Create one to start drafting posts."
    >
      <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={open} w="fit-content">
        New organization…
      </Button>
      <Modal opened={opened} onClose={close} title="New organization">
        <OrganizationForm submitLabel="Create organization" onCreated={close} autoFocus />
      </Modal>
    </SettingsSection>
  )
}

export function SettingsScreen() {
  const { activeOrg } = useWorkspace()
  return (
    <>
      <PageHeader
        title="Settings"
        description="Your profile, this organization, sync with your team, and how the app looks and stores data."
      />
      <Stack gap="lg" maw={820}>
        <ProfileSection />
        {activeOrg ? (
          <OrganizationSection key={`organization:${activeOrg.id}`} org={activeOrg} />
        ) : (
          <NoOrganizationSection />
        )}
        {activeOrg && <PublishingSection key={`publishing:${activeOrg.id}`} org={activeOrg} />}
        <SyncSection />
        {activeOrg && <TeamSection key={`team:${activeOrg.id}`} org={activeOrg} />}
        <AppearanceSection />
        <SecuritySection />
        {activeOrg && <ActivitySection orgId={activeOrg.id} />}
      </Stack>
    </>
  )
}
