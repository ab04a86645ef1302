/**
 * Who is here and which organization they are working in. The active
 * organization is the profile's choice, or, when that one is gone (deleted
 * here or elsewhere), the first one left; `null` only when there is none.
 */
import { createContext, useContext, type ReactNode } from 'react'
import type { Organization, Profile } from '../../src-shared/entities/models'

export interface Workspace {
  profile: Profile
  organizations: Organization[]
  activeOrg: Organization | null
}

const WorkspaceContext = createContext<Workspace | null>(null)

export function pickActiveOrg(profile: Profile, organizations: Organization[]): Organization | null {
  return organizations.find((org) => org.id === profile.preferences.activeOrgId) ?? organizations[0] ?? null
}

export function WorkspaceProvider({ value, children }: { value: Workspace; children: ReactNode }) {
  return <WorkspaceContext.Provider value={value}>{children}</WorkspaceContext.Provider>
}

export function useWorkspace(): Workspace {
  const workspace = useContext(WorkspaceContext)
  if (!workspace) throw new Error('useWorkspace is used outside the shell')
  return workspace
}

export const ROLE_LABELS: Record<Organization['role'], string> = {
  owner: 'Owner',
  admin: 'Admin',
  editor: 'Editor',
  contributor: 'Contributor',
  viewer: 'Viewer',
}
