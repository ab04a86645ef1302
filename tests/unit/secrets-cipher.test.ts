/** Platform tokens are stored as AES-256-GCM ciphertext: readable back with the key, and never silently altered. */
import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { decryptSecret, encryptSecret } from '../../src-main/secrets/cipher'

const key = randomBytes(32)

/** Flips one bit in one of the stored parts (1 = iv, 2 = tag, 3 = ciphertext). */
function tamper(stored: string, part: 1 | 2 | 3): string {
  const parts = stored.split('.')
  const bytes = Buffer.from(parts[part] ?? '', 'base64url')
  bytes[0] = (bytes[0] ?? 0) ^ 0x01
  parts[part] = bytes.toString('base64url')
  return parts.join('.')
}

describe('secret cipher', () => {
  it('reads back what it wrote, for any text', () => {
    for (const plain of ['bsky-app-password-1234', '', 'jeton émoji 🔑 and 日本語', 'x'.repeat(10_000)]) {
      expect(decryptSecret(key, encryptSecret(key, plain))).toBe(plain)
    }
  })

  it('never writes the token itself, and writes the same token differently each time', () => {
    const a = encryptSecret(key, 'the-same-token')
    const b = encryptSecret(key, 'the-same-token')
    expect(a).not.toContain('the-same-token')
    expect(a).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/)
    expect(a).not.toBe(b)
  })

  it('rejects ciphertext that was changed', () => {
    const stored = encryptSecret(key, 'access-token')
    expect(() => decryptSecret(key, tamper(stored, 3))).toThrow()
  })

  it('rejects a changed authentication tag or IV', () => {
    const stored = encryptSecret(key, 'access-token')
    expect(() => decryptSecret(key, tamper(stored, 2))).toThrow()
    expect(() => decryptSecret(key, tamper(stored, 1))).toThrow()
  })

  it('rejects the right ciphertext under another key', () => {
    const stored = encryptSecret(key, 'access-token')
    expect(() => decryptSecret(randomBytes(32), stored)).toThrow()
  })

  it('refuses a value in a format it did not write, and says to reconnect', () => {
    const [, iv, tag, body] = encryptSecret(key, 'access-token').split('.')
    expect(() => decryptSecret(key, ['v2', iv, tag, body].join('.'))).toThrow(/reconnect the account/)
    expect(() => decryptSecret(key, 'plain-text-token')).toThrow(/reconnect the account/)
  })
})
