/** Where a desktop may send a channel's sign-in: only over HTTPS, or to a sync server on this machine. */
import { describe, expect, it } from 'vitest'
import { isSecure } from '../../src-main/sync/channel-credentials'

describe('isSecure', () => {
  it('allows https anywhere and plain http only to this machine', () => {
    expect(isSecure('https://sync.example.com')).toBe(true)
    expect(isSecure('http://127.0.0.1:8787')).toBe(true)
    expect(isSecure('http://localhost:8787')).toBe(true)
    expect(isSecure('http://[::1]:8787')).toBe(true)
    expect(isSecure('http://sync.example.com')).toBe(false)
    expect(isSecure('http://192.168.1.20:8787')).toBe(false)
  })
})
