/** Channels: the social accounts this organization publishes to, their posting schedules, and connecting more. */
export function ChannelsScreen() {
  return null
}
