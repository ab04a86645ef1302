/** A link to where a platform shows something: a Sandbox address opens in the app, any other in the browser. */
import { Anchor } from '@mantine/core'
import type { ReactNode } from 'react'
import { useAppInfo } from '../app/queries'
import { openPostLink, postLinkHref } from '../publish/open-link'

export function PlaceLink({ url, children }: { url: string; children: ReactNode }) {
  const host = useAppInfo().data?.host
  return (
    <Anchor
      href={postLinkHref(url)}
      fz="xs"
      onClick={(event) => {
        event.preventDefault()
        openPostLink(url, host)
      }}
    >
      {children}
    </Anchor>
  )
}
