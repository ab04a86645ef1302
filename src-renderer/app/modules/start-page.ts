// The start-page module's screen, loaded when first shown: one chunk, named after this file (see ../lazy-screens.ts).
export { StartPageScreen } from '../../start-page/start-page-screen'
