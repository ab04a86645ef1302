/** The sync server's key for channel credentials: SERVER_SECRET_KEY checked at start, else a 0600 key file in DATA_DIR. */
import { randomBytes } from 'node:crypto'
import { readFileSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../../sync-server/config'
import { HttpError } from '../../sync-server/errors'
import { KEY_FILE, seal, serverKey, unseal } from '../../sync-server/services/credentials'
import { makeTempDir } from '../helpers/core'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

describe('SERVER_SECRET_KEY', () => {
  it('takes 32 bytes in base64', () => {
    const key = randomBytes(32)
    expect(loadConfig({ SERVER_SECRET_KEY: key.toString('base64') }).serverSecretKey).toEqual(key)
    expect(loadConfig({}).serverSecretKey).toBeUndefined()
  })

  it('refuses a key of the wrong length or not in base64 at start, without echoing it', () => {
    for (const bad of [randomBytes(16).toString('base64'), 'not base64 at all!']) {
      const attempt = () => loadConfig({ SERVER_SECRET_KEY: bad })
      expect(attempt).toThrow(ConfigError)
      expect(attempt).toThrow(
        /SERVER_SECRET_KEY must be 32 random bytes in base64 \(make one with: openssl rand -base64 32\)/,
      )
      const message = (() => {
        try {
          attempt()
        } catch (error) {
          return (error as Error).message
        }
      })()
      expect(message).not.toContain(bad)
    }
  })
})

describe('the server key', () => {
  it('is made once in DATA_DIR, readable by the owner only, and the same on the next start', () => {
    const dataDir = makeTempDir('server-key-')
    dirs.push(dataDir)
    const config = loadConfig({ DATA_DIR: join(dataDir, 'nested') })
    const key = serverKey({ config })
    const file = join(dataDir, 'nested', KEY_FILE)
    expect(statSync(file).mode & 0o777).toBe(0o600)
    expect(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64')).toEqual(key)
    // A second process (or a restart) reads the same file.
    const sealed = seal(key, 'token', 'o/c')
    expect(unseal(serverKey({ config: { ...config } }), sealed, 'o/c')).toBe('token')
  })

  it('prefers SERVER_SECRET_KEY and writes no file', () => {
    const dataDir = makeTempDir('server-key-')
    dirs.push(dataDir)
    const key = randomBytes(32)
    const config = loadConfig({ DATA_DIR: dataDir, SERVER_SECRET_KEY: key.toString('base64') })
    expect(serverKey({ config })).toEqual(key)
    expect(() => statSync(join(dataDir, KEY_FILE))).toThrow()
  })

  it('with DATABASE_URL needs SERVER_SECRET_KEY, and says so', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://localhost/buffer' })
    const attempt = () => serverKey({ config })
    expect(attempt).toThrow(HttpError)
    expect(attempt).toThrow(/with DATABASE_URL, set SERVER_SECRET_KEY/)
  })
})
