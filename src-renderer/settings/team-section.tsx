/**
 * Settings → Team, for an organization that syncs: who is in it and as
 * what; owners and admins change roles, remove people, invite by email or
 * link and withdraw open invitations. Everyone else reads the list. The
 * server enforces the rules (the last owner stays); its refusal is shown
 * in its words, which are sentences.
 */
import { Alert, Badge, Button, Group, Select, Skeleton, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core'
import type { Organization } from '../../src-shared/entities/models'
import type { Role } from '../../src-shared/entities/enums'
import { can } from '../../src-shared/entities/permissions'
import { ROLE_LABELS } from '../app/workspace'
import { errorMessage, notifySuccess } from '../ui/errors'
import { exact } from '../ui/relative-time'
import { InviteTeammate } from './invite-teammate'
import { SettingsSection } from './settings-section'
import { useChangeRole, useInvitations, useMembers, useRemoveMember, useRevokeInvitation } from './team-queries'

const ALL_ROLES = (Object.keys(ROLE_LABELS) as Role[]).map((role) => ({ value: role, label: ROLE_LABELS[role] }))

function Members({ org, manage }: { org: Organization; manage: boolean }) {
  const members = useMembers(org.id)
  const changeRole = useChangeRole(org.id)
  const remove = useRemoveMember(org.id)
  const problem = changeRole.error ?? remove.error
  if (members.isPending) return <Skeleton h={120} radius="md" />
  if (members.isError) return <Alert color="red">{errorMessage(members.error)}</Alert>
  return (
    <Stack gap="sm" component="section" aria-labelledby="team-members">
      <Title order={3} fz="md" id="team-members">
        Members
      </Title>
      {problem && (
        <Alert color="red" title="That change was not made">
          {errorMessage(problem)}
        </Alert>
      )}
      <Table verticalSpacing="xs" aria-labelledby="team-members">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Email</Table.Th>
            <Table.Th>Role</Table.Th>
            {manage && (
              <Table.Th>
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            )}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {members.data.map((member) => (
            <Table.Tr key={member.userId}>
              <Table.Td>{member.name || 'Unnamed'}</Table.Td>
              <Table.Td>{member.email ?? '—'}</Table.Td>
              <Table.Td>
                {manage ? (
                  <Select
                    aria-label={`Role of ${member.name}`}
                    size="xs"
                    w={150}
                    allowDeselect={false}
                    data={ALL_ROLES}
                    value={member.role}
                    comboboxProps={{ keepMounted: false }}
                    disabled={changeRole.isPending}
                    onChange={(role) => {
                      remove.reset()
                      if (role && role !== member.role)
                        changeRole.mutate(
                          { userId: member.userId, role: role as Role },
                          { onSuccess: () => notifySuccess(`${member.name} is now ${ROLE_LABELS[role as Role]}.`) },
                        )
                    }}
                  />
                ) : (
                  <Badge variant="light" radius="sm" tt="none">
                    {ROLE_LABELS[member.role]}
                  </Badge>
                )}
              </Table.Td>
              {manage && (
                <Table.Td ta="right">
                  <Button
                    size="xs"
                    variant="subtle"
                    color="red"
                    aria-label={`Remove ${member.name}`}
                    loading={remove.isPending && remove.variables === member.userId}
                    disabled={remove.isPending}
                    onClick={() => {
                      changeRole.reset()
                      remove.mutate(member.userId, {
                        onSuccess: () => notifySuccess(`${member.name} is no longer in ${org.name}.`),
                      })
                    }}
                  >
                    Remove
                  </Button>
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  )
}

function PendingInvitations({ orgId }: { orgId: string }) {
  const invitations = useInvitations(orgId, true)
  const revoke = useRevokeInvitation(orgId)
  return (
    <Stack gap="sm" component="section" aria-labelledby="team-invitations">
      <Title order={3} fz="md" id="team-invitations">
        Pending invitations
      </Title>
      {revoke.isError && <Alert color="red">{errorMessage(revoke.error)}</Alert>}
      {invitations.isPending ? (
        <Skeleton h={48} radius="md" />
      ) : invitations.isError ? (
        <Alert color="red">{errorMessage(invitations.error)}</Alert>
      ) : invitations.data.length === 0 ? (
        <Text fz="sm" c="dimmed">
          No invitations are waiting.
        </Text>
      ) : (
        <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
          {invitations.data.map((invitation) => {
            const who = invitation.email ?? 'Link invitation'
            return (
              <Group key={invitation.id} component="li" justify="space-between" gap="sm" wrap="nowrap">
                <Stack gap={0}>
                  <Text fz="sm" fw={500}>
                    {who} · {ROLE_LABELS[invitation.role]}
                  </Text>
                  <Text fz="xs" c="dimmed">
                    {invitation.emailSentAt ? 'Emailed' : 'Not emailed'}; expires {exact(invitation.expiresAt)}
                  </Text>
                </Stack>
                <Button
                  size="xs"
                  variant="default"
                  aria-label={`Revoke invitation for ${who}`}
                  loading={revoke.isPending && revoke.variables === invitation.id}
                  disabled={revoke.isPending}
                  onClick={() =>
                    revoke.mutate(invitation.id, { onSuccess: () => notifySuccess('Invitation revoked.') })
                  }
                >
                  Revoke
                </Button>
              </Group>
            )
          })}
        </Stack>
      )}
    </Stack>
  )
}

export function TeamSection({ org }: { org: Organization }) {
  if (org.syncMode === 'local') return null
  const manage = can(org.role, 'members.manage')
  return (
    <SettingsSection
      id="settings-team"
      title="Team"
      description={
        manage
          ? `Who works in ${org.name}, and what each person may do.`
          : `Who works in ${org.name}. Only owners and admins can change the team.`
      }
    >
      <Stack gap="lg">
        <Members org={org} manage={manage} />
        {manage && (
          <>
            <PendingInvitations orgId={org.id} />
            <InviteTeammate orgId={org.id} orgName={org.name} />
          </>
        )}
      </Stack>
    </SettingsSection>
  )
}
