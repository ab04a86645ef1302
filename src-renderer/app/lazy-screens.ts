/**
 * Each module's screens, loaded when first shown: one chunk per module, so
 * the first screen downloads and parses only the shell and the screen it
 * shows (electron.vite.config.ts gathers what modules share). A module is fetched early
 * when the person is about to need it: Publish as soon as a signed-in
 * profile is known, the others when a navbar link is pointed at or focused.
 */
import { lazy } from 'react'

// One file per module in ./modules, each re-exporting that module's screens, so each becomes
// one chunk named after it. The browser caches each import: calling a loader again (to
// preload, then to show) fetches once. React.lazy wants a default export, hence the `then`.
const modules = {
  publish: () => import('./modules/publish'),
  compose: () => import('./modules/compose'),
  channels: () => import('./modules/channels'),
  engage: () => import('./modules/engage'),
  analyze: () => import('./modules/analyze'),
  startPage: () => import('./modules/start-page'),
  settings: () => import('./modules/settings'),
  notifications: () => import('./modules/notifications'),
  sandbox: () => import('./modules/sandbox'),
  onboarding: () => import('./modules/onboarding'),
}

export const PublishScreen = lazy(() => modules.publish().then((m) => ({ default: m.PublishScreen })))
export const PostScreen = lazy(() => modules.publish().then((m) => ({ default: m.PostScreen })))
export const ComposeScreen = lazy(() => modules.compose().then((m) => ({ default: m.ComposeScreen })))
export const ChannelsScreen = lazy(() => modules.channels().then((m) => ({ default: m.ChannelsScreen })))
export const EngageScreen = lazy(() => modules.engage().then((m) => ({ default: m.EngageScreen })))
export const AnalyzeScreen = lazy(() => modules.analyze().then((m) => ({ default: m.AnalyzeScreen })))
export const StartPageScreen = lazy(() => modules.startPage().then((m) => ({ default: m.StartPageScreen })))
export const SettingsScreen = lazy(() => modules.settings().then((m) => ({ default: m.SettingsScreen })))
export const NotificationsScreen = lazy(() => modules.notifications().then((m) => ({ default: m.NotificationsScreen })))
export const SandboxFeedScreen = lazy(() => modules.sandbox().then((m) => ({ default: m.SandboxFeedScreen })))
export const Onboarding = lazy(() => modules.onboarding().then((m) => ({ default: m.Onboarding })))

/** The loader behind each navbar path (screens.ts). */
const BY_PATH: Record<string, () => Promise<unknown>> = {
  '/publish': modules.publish,
  '/channels': modules.channels,
  '/engage': modules.engage,
  '/analyze': modules.analyze,
  '/start-page': modules.startPage,
  '/settings': modules.settings,
}

/**
 * Starts fetching a screen's module without showing it. A failure is left
 * for the screen itself to meet (and the error boundary to show) when it is
 * actually opened.
 */
export function preloadScreen(path: string): void {
  BY_PATH[path]?.().catch(() => undefined)
}
