import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'

async function boot() {
  // In Electron the preload has already exposed window.api; in browser mode we build it here.
  if (!('api' in window)) {
    const { installWebBridge } = await import('./platform/web-bridge')
    installWebBridge()
  }
  const { App } = await import('./app/app')
  createRoot(document.getElementById('root') as HTMLElement).render(
    <StrictMode>
      <App />
    </StrictMode>,
  )
}

void boot()
