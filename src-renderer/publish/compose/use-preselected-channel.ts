/** A new post goes to the organization's only channel unless you say otherwise: it is chosen once, on opening. */
import { useEffect, useRef } from 'react'
import type { Channel } from '../../../src-shared/entities/models'
import type { ComposeState } from './compose-state'

export function usePreselectedChannel(
  channels: Channel[] | undefined,
  isNew: boolean,
  chosen: string[],
  update: (change: (state: ComposeState) => Partial<ComposeState>) => void,
): void {
  const done = useRef(false)
  useEffect(() => {
    if (done.current || !channels) return
    done.current = true
    // Unchecking it afterwards sticks: this runs once, and never for a post that already has its channels.
    if (isNew && channels.length === 1 && chosen.length === 0) update(() => ({ channelIds: [channels[0]!.id] }))
  }, [channels, isNew, chosen, update])
}
