/**
 * STUB (filled by the builder's owner): a person's Start Pages, their links, publishing, and the onboarding
 * wizard's draft (src-main/services/start-pages.ts).
 */
export const startPagesApi = {}
