/**
 * Engage before there is anything to triage: what the inbox will do, and where to start (connect a channel, or
 * wait for the first comments on what was published).
 */
import { Button, SimpleGrid, Stack, Text, ThemeIcon } from '@mantine/core'
import { IconInbox, IconMessageCircle, IconMessageReply, IconUserCheck } from '@tabler/icons-react'
import type { ReactNode } from 'react'
import { Link } from 'wouter'
import { EmptyPanel } from '../ui/empty-panel'

const FEATURES = [
  {
    icon: IconInbox,
    title: 'One inbox',
    text: 'Comments from every connected channel, newest first, in one place.',
  },
  {
    icon: IconUserCheck,
    title: 'Assign',
    text: 'Hand a conversation to a teammate so nothing is answered twice or missed.',
  },
  {
    icon: IconMessageReply,
    title: 'Saved replies',
    text: 'Answer common questions in a click, personalised with the commenter’s name.',
  },
]

export function InboxEmpty({ hasChannel, checkNow }: { hasChannel: boolean; checkNow?: ReactNode }) {
  return (
    <EmptyPanel
      icon={<IconMessageCircle size={30} stroke={1.5} />}
      title="No comments yet"
      description={
        hasChannel
          ? 'When people answer or mention your posts, their comments arrive here by themselves.'
          : 'When your posts get comments, they arrive here. Connect a channel in Publish to start; comments follow the posts you publish there.'
      }
      actions={
        hasChannel ? (
          checkNow
        ) : (
          <Button component={Link} href="/publish">
            Plan your first post
          </Button>
        )
      }
    >
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="lg" my="lg" ta="left" w="100%">
        {FEATURES.map(({ icon: Icon, title, text }) => (
          <Stack key={title} gap={6}>
            <ThemeIcon variant="light" color="gray" size={32} radius="md" aria-hidden>
              <Icon size={18} stroke={1.6} />
            </ThemeIcon>
            <Text fw={600} fz="sm" component="h3" m={0}>
              {title}
            </Text>
            <Text fz="sm" c="dimmed">
              {text}
            </Text>
          </Stack>
        ))}
      </SimpleGrid>
    </EmptyPanel>
  )
}
