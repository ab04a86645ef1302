/** The composer's checks: how the post fares on each chosen channel's platform, live. */
import { Box, Stack, Text } from '@mantine/core'
import type { MediaItem } from '../../../src-shared/entities/json-shapes'
import type { Channel } from '../../../src-shared/entities/models'
import { ChannelCheck } from './channel-checks'
import { captionFor, type ComposeState } from './compose-state'

export function ComposeChecks({
  state,
  chosen,
  media,
  showEmpty,
}: {
  state: ComposeState
  chosen: Channel[]
  media: MediaItem[]
  /** Once scheduling was asked for, an empty text is shown as a problem too. */
  showEmpty: boolean
}) {
  if (chosen.length === 0) return null
  return (
    <Box>
      <Text component="h2" fz="sm" fw={600} mb="xs">
        Checks
      </Text>
      <Stack gap="xs">
        {chosen.map((channel) => (
          <ChannelCheck
            key={channel.id}
            name={channel.displayName || channel.username}
            platform={channel.platform}
            text={captionFor(state, channel.id)}
            media={media}
            after={state}
            showEmpty={showEmpty}
          />
        ))}
      </Stack>
    </Box>
  )
}
