/** Events the main process pushes to every window: something changed, look again. */
export type AppEvent =
  | { type: 'profile.changed' }
  | { type: 'organizations.changed' }
  | { type: 'posts.changed'; orgId: string }
  | { type: 'audit.changed'; orgId: string }
