/**
 * A link that leaves the app: a new tab in browser mode; in Electron the main
 * process opens it in the person's browser (the window never navigates away).
 */
import { Anchor, type AnchorProps } from '@mantine/core'
import type { MouseEvent, ReactNode } from 'react'
import { useAppInfo } from '../app/queries'
import { call } from '../platform/api'
import { notifyError } from './errors'

export function openExternally(url: string, host: 'electron' | 'web' | undefined): void {
  if (host === 'electron') call('openExternal', { url }).catch((error) => notifyError(error, 'Couldn’t open the link'))
  else window.open(url, '_blank', 'noopener,noreferrer')
}

export function ExternalLink({ href, children, ...props }: { href: string; children: ReactNode } & AnchorProps) {
  const host = useAppInfo().data?.host
  const onClick = (event: MouseEvent) => {
    event.preventDefault()
    openExternally(href, host)
  }
  return (
    <Anchor href={href} target="_blank" rel="noopener noreferrer" onClick={onClick} {...props}>
      {children}
    </Anchor>
  )
}
