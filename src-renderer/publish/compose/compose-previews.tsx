/** The composer's previews: each chosen channel's post as it will look on its network, updated as you type. */
import { Box, Stack, Text } from '@mantine/core'
import type { Channel } from '../../../src-shared/entities/models'
import { PostPreview } from './previews/post-preview'
import { captionFor, type ComposeState } from './compose-state'

export function ComposePreviews({ orgId, state, chosen }: { orgId: string; state: ComposeState; chosen: Channel[] }) {
  if (chosen.length === 0) return null
  return (
    <Box component="section" aria-labelledby="compose-previews">
      <Text component="h2" id="compose-previews" fz="sm" fw={600} mb="xs">
        {chosen.length === 1 ? 'Preview' : 'Previews'}
      </Text>
      <Stack gap="sm">
        {chosen.map((channel) => (
          <PostPreview
            key={channel.id}
            orgId={orgId}
            channel={channel}
            text={captionFor(state, channel.id)}
            media={state.media}
            thread={state.threadParts.map((part) => part.text)}
            firstComment={state.firstComment}
          />
        ))}
      </Stack>
    </Box>
  )
}
