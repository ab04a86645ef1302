// The notifications module's screen, loaded when first shown: one chunk, named after this file (see ../lazy-screens.ts).
export { NotificationsScreen } from '../../notifications/notifications-screen'
