// The engage module's screen, loaded when first shown: one chunk, named after this file (see ../lazy-screens.ts).
export { EngageScreen } from '../../engage/engage-screen'
