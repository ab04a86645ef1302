/** A sandbox channel's feed, for an organization that lives on this device only. */
export function SandboxFeedScreen(_props: { orgId: string; channelId: string }) {
  return null
}
