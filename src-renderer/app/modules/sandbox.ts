// The sandbox module's screen, loaded when first shown: one chunk, named after this file (see ../lazy-screens.ts).
export { SandboxFeedScreen } from '../../sandbox/sandbox-feed-screen'
