/**
 * Engage: one inbox for the comments on your posts. Until a channel is
 * connected there are none, so the screen explains what it will do and
 * where to start.
 */
import { Button, SimpleGrid, Stack, Text, ThemeIcon } from '@mantine/core'
import { IconInbox, IconMessageCircle, IconMessageReply, IconUserCheck } from '@tabler/icons-react'
import { Link } from 'wouter'
import { NoOrganization } from '../app/no-organization'
import { useWorkspace } from '../app/workspace'
import { EmptyPanel } from '../ui/empty-panel'
import { PageHeader } from '../ui/page-header'

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

export function EngageScreen() {
  const { activeOrg } = useWorkspace()
  if (!activeOrg) return <NoOrganization screen="Engage" />
  return (
    <>
      <PageHeader title="Engage" description="Answer the comments on your posts from one inbox." />
      <EmptyPanel
        icon={<IconMessageCircle size={30} stroke={1.5} />}
        title="No comments yet"
        description="When your posts get comments, they arrive here. Connect a channel in Publish to start; comments follow the posts you publish there."
        actions={
          <Button component={Link} href="/publish">
            Plan your first post
          </Button>
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
    </>
  )
}
