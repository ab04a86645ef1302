/** The composer: write once for several channels, adjust per channel, and put it on the schedule. */
export function ComposeScreen() {
  return null
}
