/** What to show for an attachment: the object URL of a file picked in this session, or the saved file's bytes. */
import { useQuery } from '@tanstack/react-query'
import { call } from '../../../platform/api'
import type { MediaDraft } from '../compose-state'

/** `enabled` false holds the read back (a thumbnail not scrolled into view yet). */
export function useMediaSrc(orgId: string, media: MediaDraft, enabled = true): string | undefined {
  // The same query as the attachment list's thumbnails: one read per file.
  const saved = useQuery({
    queryKey: ['media', orgId, media.item.url],
    queryFn: () => call('readMedia', { orgId, url: media.item.url }),
    enabled: enabled && !media.preview,
    staleTime: Infinity,
  })
  return media.preview ?? saved.data?.dataUrl
}
