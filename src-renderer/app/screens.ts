/**
 * The app's screens in navigation order: path, name, icon and the key that
 * follows "g" to jump there. The navbar, the router, the shortcuts and the
 * shortcut help all read this list.
 */
import {
  IconChartBar,
  IconMessageCircle,
  IconPlugConnected,
  IconSend,
  IconSettings,
  IconWorldWww,
} from '@tabler/icons-react'

export interface Screen {
  path: string
  label: string
  icon: typeof IconSend
  /** Pressed after "g". */
  key: string
  /** How the key is written in help and tooltips. */
  keyLabel: string
}

export const SCREENS: Screen[] = [
  { path: '/publish', label: 'Publish', icon: IconSend, key: 'p', keyLabel: 'P' },
  { path: '/channels', label: 'Channels', icon: IconPlugConnected, key: 'c', keyLabel: 'C' },
  { path: '/engage', label: 'Engage', icon: IconMessageCircle, key: 'e', keyLabel: 'E' },
  { path: '/analyze', label: 'Analyze', icon: IconChartBar, key: 'a', keyLabel: 'A' },
  { path: '/start-page', label: 'Start Page', icon: IconWorldWww, key: 's', keyLabel: 'S' },
  // "," is where macOS apps keep their settings.
  { path: '/settings', label: 'Settings', icon: IconSettings, key: ',', keyLabel: ',' },
]

export const DEFAULT_PATH = '/publish'

/** Addresses below a screen that have their own name in the window title. */
const SUB_TITLES: [RegExp, string][] = [
  [/^\/publish\/compose$/, 'New post'],
  [/^\/publish\/compose\//, 'Edit post'],
  [/^\/publish\/post\//, 'Post'],
  [/^\/sandbox\//, 'Sandbox feed'],
  // The top bar's bell leads here; it is not a navbar screen.
  [/^\/notifications$/, 'Notifications'],
]

/** The window title's screen name for an address, or null for one we do not know. */
export function screenTitle(location: string): string | null {
  const sub = SUB_TITLES.find(([pattern]) => pattern.test(location))
  if (sub) return sub[1]
  return SCREENS.find((screen) => screen.path === location)?.label ?? null
}
