/** Browser mode's real host for a test core, serving a stand-in page (the built renderer is not needed). */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { startWebHost, type WebHost } from '../../src-main/host/web/server'
import type { TestCore } from './core'

export function startTestWebHost(core: TestCore): Promise<WebHost> {
  const rendererDir = join(core.dataDir, 'renderer')
  mkdirSync(rendererDir)
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>app</title>')
  return startWebHost({ core, rendererDir })
}
