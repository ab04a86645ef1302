/**
 * The data key in a real OS keychain: keytar against gnome-keyring, in a
 * private D-Bus session with a throwaway keyring (HOME and XDG folders point
 * into a temporary folder, so no real keyring is touched).
 *
 * Needs `dbus-run-session` and `gnome-keyring-daemon` (Debian/Ubuntu:
 * apt-get install dbus gnome-keyring) and keytar built for this Node (it
 * links libsecret-1); skipped, saying so, where those programs are missing.
 */
import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'

const repoRoot = join(import.meta.dirname, '..', '..')
const NEEDED = ['dbus-run-session', 'gnome-keyring-daemon']

const onPath = (program: string) =>
  (process.env.PATH ?? '').split(delimiter).some((dir) => dir !== '' && existsSync(join(dir, program)))

const missing = NEEDED.filter((program) => !onPath(program))
const skipReason =
  process.platform !== 'linux'
    ? 'gnome-keyring runs on Linux only'
    : missing.length > 0
      ? `${missing.join(' and ')} not found (apt-get install dbus gnome-keyring)`
      : null
// The default reporter shows only a count for a skipped file, so say why here.
if (skipReason) console.warn(`Skipping the keychain integration test: ${skipReason}.`)

/** One app start: reads what the keychain holds, then asks KeychainStore for the data key. */
const childScript = (modules: { keytar: string; keychainStore: string; secretStore: string }) => `
import keytarModule from ${JSON.stringify(modules.keytar)}
import { KeychainStore } from ${JSON.stringify(modules.keychainStore)}
import { KEYCHAIN_ACCOUNT, KEYCHAIN_SERVICE } from ${JSON.stringify(modules.secretStore)}
const keytar = keytarModule.default ?? keytarModule
const before = await keytar.getPassword(KEYCHAIN_SERVICE, KEYCHAIN_ACCOUNT)
const store = await KeychainStore.probe()
if (!store) {
  console.error('KeychainStore.probe() found no keychain inside the D-Bus session.')
  process.exit(3)
}
const key = await store.dataKey()
const after = await keytar.getPassword(KEYCHAIN_SERVICE, KEYCHAIN_ACCOUNT)
console.log(JSON.stringify({ before, key: key.toString('base64'), after }))
`

interface Start {
  before: string | null
  key: string
  after: string | null
}

const temp = mkdtempSync(join(tmpdir(), 'buffer-clone-keychain-'))
afterAll(() => rmSync(temp, { recursive: true, force: true }))

/** Runs two app starts inside one D-Bus session with an unlocked, empty gnome-keyring. */
function twoStartsInKeyringSession(): Start[] {
  // .mts: the temporary folder has no package.json saying this is a module.
  const script = join(temp, 'start.mts')
  writeFileSync(
    script,
    childScript({
      keytar: pathToFileURL(createRequire(join(repoRoot, 'package.json')).resolve('keytar')).href,
      keychainStore: pathToFileURL(join(repoRoot, 'src-main', 'secrets', 'keychain-store.ts')).href,
      secretStore: pathToFileURL(join(repoRoot, 'src-main', 'secrets', 'secret-store.ts')).href,
    }),
  )
  const runtimeDir = join(temp, 'run')
  mkdirSync(runtimeDir, { mode: 0o700 })
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: temp,
    XDG_DATA_HOME: join(temp, 'data'),
    XDG_CONFIG_HOME: join(temp, 'config'),
    XDG_RUNTIME_DIR: runtimeDir,
  }
  const node = `"${process.execPath}" --import tsx "${script}"`
  const result = spawnSync(
    'dbus-run-session',
    [
      '--',
      'sh',
      '-c',
      `echo -n test | gnome-keyring-daemon --unlock --components=secrets >/dev/null && ${node} && ${node}`,
    ],
    { cwd: repoRoot, env, encoding: 'utf8', timeout: 60_000 },
  )
  if (result.status !== 0) {
    throw new Error(`The keyring session failed (status ${result.status}):\n${result.stderr}\n${result.stdout}`)
  }
  return result.stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Start)
}

describe.skipIf(skipReason !== null)(
  `OS keychain through keytar and gnome-keyring${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  () => {
    it('creates a 32-byte data key in the keychain, and the next start reads the same key', { timeout: 90_000 }, () => {
      const [first, second] = twoStartsInKeyringSession()

      // First start: the keyring was empty; the key made is the one now stored there.
      expect(first?.before).toBeNull()
      expect(Buffer.from(first?.key ?? '', 'base64')).toHaveLength(32)
      expect(first?.after).toBe(first?.key)

      // Next start: the key comes back from the keychain, unchanged.
      expect(second?.before).toBe(first?.key)
      expect(second?.key).toBe(first?.key)
    })
  },
)
