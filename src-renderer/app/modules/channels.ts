// The channels module's screen, loaded when first shown: one chunk, named after this file (see ../lazy-screens.ts).
export { ChannelsScreen } from '../../channels/channels-screen'
