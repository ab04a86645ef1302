// The settings module's screen, loaded when first shown: one chunk, named after this file (see ../lazy-screens.ts).
export { SettingsScreen } from '../../settings/settings-screen'
