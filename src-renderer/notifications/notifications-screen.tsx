/** Everything the app told you about: approvals asked and decided, posts published or failed. */
export function NotificationsScreen() {
  return null
}
