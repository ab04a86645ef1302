/**
 * Media kept in the data folder by content hash: the bytes decide the type
 * (not the name or the claimed mime type), sizes come from the header, the
 * same file is kept once, and a name can never reach outside the folder.
 */
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { startOnboardedCore, type TestCore } from '../helpers/core'
import { pngHeader } from '../helpers/png'

const cores: TestCore[] = []
afterEach(() => {
  for (const c of cores.splice(0)) c.dispose()
})

async function setup() {
  const { core, org } = await startOnboardedCore()
  cores.push(core)
  return { core, orgId: org.id }
}

/** A minimal JPEG: SOI, an APP0 segment, then a baseline frame header of 640×480. */
function jpeg(): Buffer {
  const app0 = Buffer.from('ffe000104a46494600010100000100010000', 'hex')
  const sof = Buffer.from('ffc0000b0801e0028001011100', 'hex') // precision 8, height 480, width 640, 1 component
  return Buffer.concat([Buffer.from('ffd8', 'hex'), app0, sof, Buffer.from('ffd9', 'hex')])
}

describe('media', () => {
  it('keeps a PNG by its hash, reads its size, and gives it back as a data URL', async () => {
    const { core, orgId } = await setup()
    const bytes = pngHeader(3, 2)
    const item = await core.ok('importMedia', {
      orgId,
      fileName: 'logo.png',
      mimeType: 'image/png',
      data: bytes.toString('base64'),
      altText: 'Our logo',
    })
    expect(item).toMatchObject({
      type: 'image',
      mimeType: 'image/png',
      byteLength: bytes.length,
      fileName: 'logo.png',
      altText: 'Our logo',
      width: 3,
      height: 2,
    })
    expect(item.url).toMatch(/^media:[0-9a-f]{64}\.png$/)
    const dir = join(core.dataDir, 'media')
    expect(existsSync(join(dir, item.url.slice('media:'.length)))).toBe(true)
    const { dataUrl } = await core.ok('readMedia', { orgId, url: item.url })
    expect(dataUrl).toBe(`data:image/png;base64,${bytes.toString('base64')}`)

    // The same bytes again: the same name, one file, no temp left behind.
    const again = await core.ok('importMedia', {
      orgId,
      fileName: 'copy.png',
      mimeType: 'image/png',
      data: bytes.toString('base64'),
    })
    expect(again.url).toBe(item.url)
    expect(readdirSync(dir)).toEqual([item.url.slice('media:'.length)])
  })

  it('reads a JPEG frame size', async () => {
    const { core, orgId } = await setup()
    const item = await core.ok('importMedia', {
      orgId,
      fileName: 'photo.jpg',
      mimeType: 'image/jpeg',
      data: jpeg().toString('base64'),
    })
    expect(item).toMatchObject({ type: 'image', mimeType: 'image/jpeg', width: 640, height: 480 })
  })

  it('refuses a file whose bytes are not what it claims, or not media at all, and keeps nothing', async () => {
    const { core, orgId } = await setup()
    const mismatch = await core.fails('importMedia', {
      orgId,
      fileName: 'photo.png',
      mimeType: 'image/png',
      data: jpeg().toString('base64'),
    })
    expect(mismatch.code).toBe('invalid_input')
    expect(mismatch.message).toContain('says it is image/png but its contents are image/jpeg')
    const script = await core.fails('importMedia', {
      orgId,
      fileName: 'evil.png',
      mimeType: 'image/png',
      data: Buffer.from('<script>alert(1)</script>').toString('base64'),
    })
    expect(script.code).toBe('invalid_input')
    expect(script.message).toMatch(/not an image or video this app can post/)
    expect(existsSync(join(core.dataDir, 'media'))).toBe(false)
  })

  it('refuses names that are not media names of the right shape: no way out of the media folder', async () => {
    const { core, orgId } = await setup()
    const hash = 'a'.repeat(64)
    for (const url of [
      '../account.sqlite',
      'media:../account.sqlite',
      `media:../../${hash}.png`,
      `media:${hash}.png/../../account.sqlite`,
      `media:${hash}.sqlite`,
      `file:///etc/passwd`,
      `media:${hash.toUpperCase()}.png`,
    ]) {
      const error = await core.fails('readMedia', { orgId, url })
      expect(error.code, url).toBe('invalid_input')
    }
    const missing = await core.fails('readMedia', { orgId, url: `media:${hash}.png` })
    expect(missing.code).toBe('not_found')
    expect(missing.message).toMatch(/attach it again/)
  })
})
