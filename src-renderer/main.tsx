import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
// Imported up front (not lazily) so the shell and its libraries download in parallel with this
// file, as modulepreload links, instead of after it. Nothing in it reads window.api until it renders.
import { App } from './app/app'

async function boot() {
  // In Electron the preload has already exposed window.api; in browser mode we build it here.
  if (!('api' in window)) {
    const { installWebBridge } = await import('./platform/web-bridge')
    installWebBridge()
  }
  createRoot(document.getElementById('root') as HTMLElement).render(
    <StrictMode>
      <App />
    </StrictMode>,
  )
}

void boot()
