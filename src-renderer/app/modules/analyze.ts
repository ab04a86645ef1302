// The analyze module's screen, loaded when first shown: one chunk, named after this file (see ../lazy-screens.ts).
export { AnalyzeScreen } from '../../analyze/analyze-screen'
