// The composer: a chunk of its own, since it alone (with Channels) needs @mantine/dates and dayjs.
export { ComposeScreen } from '../../publish/compose-screen'
