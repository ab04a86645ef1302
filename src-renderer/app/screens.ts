/**
 * The app's screens in navigation order: path, name, icon and the key that
 * follows "g" to jump there. The navbar, the router, the shortcuts and the
 * shortcut help all read this list.
 */
import { IconWorldWww, IconChartBar, IconMessageCircle, IconSend, IconSettings } from '@tabler/icons-react'

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
  { path: '/engage', label: 'Engage', icon: IconMessageCircle, key: 'e', keyLabel: 'E' },
  { path: '/analyze', label: 'Analyze', icon: IconChartBar, key: 'a', keyLabel: 'A' },
  { path: '/start-page', label: 'Start Page', icon: IconWorldWww, key: 's', keyLabel: 'S' },
  // "," is where macOS apps keep their settings.
  { path: '/settings', label: 'Settings', icon: IconSettings, key: ',', keyLabel: ',' },
]

export const DEFAULT_PATH = '/publish'
