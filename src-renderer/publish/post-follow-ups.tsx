/**
 * What goes out after a post, on its own screen: the thread's parts in order and the first comment, so an
 * approver sees all they say yes to (a contributor's change to either asks them again).
 */
import { List, Stack, Text } from '@mantine/core'
import type { Post } from '../../src-shared/entities/models'

const wrap = { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' } as const

export function PostFollowUps({ post }: { post: Pick<Post, 'threadParts' | 'firstComment'> }) {
  if (post.threadParts.length === 0 && !post.firstComment) return null
  return (
    <Stack gap="sm" mt="md">
      {post.threadParts.length > 0 && (
        <section aria-labelledby="post-thread">
          <Text id="post-thread" fz="xs" c="dimmed" tt="uppercase" fw={600} lts={0.4} mb={4}>
            Thread · {post.threadParts.length + 1} parts, the text above is part 1
          </Text>
          <List type="ordered" start={2} spacing={6} fz="sm">
            {post.threadParts.map((part, i) => (
              <List.Item key={i} style={wrap}>
                {part.text}
              </List.Item>
            ))}
          </List>
        </section>
      )}
      {post.firstComment && (
        <section aria-labelledby="post-first-comment">
          <Text id="post-first-comment" fz="xs" c="dimmed" tt="uppercase" fw={600} lts={0.4} mb={4}>
            First comment
          </Text>
          <Text fz="sm" style={wrap}>
            {post.firstComment}
          </Text>
        </section>
      )}
    </Stack>
  )
}
