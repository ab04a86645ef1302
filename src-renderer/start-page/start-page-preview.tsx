/**
 * A phone-sized mock of a Start Page, filled with the organization's name
 * and example links, so people see what they will get. It is a picture,
 * not a working page: links are not links.
 */
import { Avatar, Box, Paper, Stack, Text } from '@mantine/core'
import { IconBrandInstagram, IconBrandMastodon, IconBrandYoutube, IconMail } from '@tabler/icons-react'

const LINKS = ['Shop the spring collection', 'Read our latest story', 'Book a tasting', 'Join the newsletter']
const SOCIALS = [IconBrandInstagram, IconBrandMastodon, IconBrandYoutube, IconMail]

export function StartPagePreview({ name }: { name: string }) {
  const handle = name.toLowerCase().replace(/[^a-z0-9]+/g, '')
  return (
    <Box component="figure" m={0}>
      <Paper withBorder radius={36} p={10} w={300} mx="auto" shadow="lg" bg="var(--mantine-color-default)" aria-hidden>
        <Stack
          gap="sm"
          align="center"
          px="lg"
          pt={40}
          pb={32}
          style={{
            borderRadius: 28,
            background: 'linear-gradient(180deg, #fdf2e9 0%, #f7e1d3 100%)',
            color: '#3b2416',
          }}
        >
          <Avatar name={name} size={72} radius="xl" color="#a3451c" variant="filled" />
          <Text fw={700} fz="lg" c="#3b2416">
            {name}
          </Text>
          <Text fz="xs" c="#6b4a36" ta="center" mt={-8}>
            @{handle || 'yourbrand'} · Small-batch goods, made with care
          </Text>
          <Stack gap={8} w="100%" mt="xs">
            {LINKS.map((label) => (
              <Box
                key={label}
                py={10}
                px="md"
                ta="center"
                fz="sm"
                fw={600}
                style={{ borderRadius: 999, background: '#ffffff', boxShadow: '0 1px 2px rgb(59 36 22 / 12%)' }}
              >
                {label}
              </Box>
            ))}
          </Stack>
          <Box style={{ display: 'flex', gap: 14 }} mt="xs">
            {SOCIALS.map((Icon, index) => (
              <Icon key={index} size={20} stroke={1.6} color="#6b4a36" />
            ))}
          </Box>
        </Stack>
      </Paper>
      <Text component="figcaption" fz="xs" c="dimmed" ta="center" mt="sm">
        Preview with example links. Your page will use your own.
      </Text>
    </Box>
  )
}
