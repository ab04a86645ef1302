/**
 * STUB (replaced by the renderer's owner): the whole HTML document of a Start Page, as a string. The in-app
 * preview and the sync server both show exactly this.
 */
import type { RenderOptions, StartPageContent } from './page'

export function renderStartPage(page: StartPageContent, _options: RenderOptions = {}): string {
  const escape = (text: string) =>
    text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(page.title)}</title></head><body><h1>${escape(page.title)}</h1></body></html>`
}
