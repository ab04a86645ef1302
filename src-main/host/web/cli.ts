/**
 * `npm run web`: browser mode from the command line. Prints the address to
 * open (with this run's token) and stops cleanly on Ctrl+C.
 */
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createCore } from '../../core/create-core'
import { chooseSecretStore } from '../../secrets/choose-store'
import { defaultDataDir } from '../paths'
import { startWebHost } from './server'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..')

function parsePort(value: string | undefined): number {
  if (value === undefined || value === '') return 0
  const port = Number(value)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`PORT must be a whole number from 0 to 65535 (0 picks a free port); it is "${value}".`)
    process.exit(2)
  }
  return port
}

const dataDir = defaultDataDir()
const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version
const secrets = await chooseSecretStore({ dataDir }).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error))
  process.exit(1)
})
const core = createCore({
  dataDir,
  migrationsDir: join(root, 'migrations'),
  secrets,
  host: { host: 'web', version },
})
const host = await startWebHost({ core, rendererDir: join(root, 'out', 'renderer'), port: parsePort(process.env.PORT) })
console.log(`buffer-clone is running in browser mode. Open ${host.url}`)
console.log(`Data folder: ${dataDir}`)

const stop = async () => {
  await host.close()
  core.close()
  process.exit(0)
}
process.on('SIGINT', () => void stop())
process.on('SIGTERM', () => void stop())
