import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { codeChallengeFor, createAuthorizationRequest, randomUrlSafe } from '../../src-shared/platforms/oauth'

describe('OAuth 2 with PKCE', () => {
  it('derives the S256 challenge as BASE64URL(SHA-256(verifier))', async () => {
    const verifier = 'dBjftJeZ4CVP-mJ0kqSgTUOl8nqDN-y9QkCtK9IH7f6o'
    const expected = createHash('sha256').update(verifier).digest('base64url')
    expect(await codeChallengeFor(verifier)).toBe(expected)
  })

  it('makes verifiers and states of 43 URL-safe characters, different each time', () => {
    const a = randomUrlSafe()
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(randomUrlSafe()).not.toBe(a)
  })

  it('builds the authorization URL with the client, scopes, state and challenge', async () => {
    let n = 0
    const request = await createAuthorizationRequest(
      'https://mastodon.example/oauth/authorize',
      { clientId: 'cid', redirectUri: 'https://sync.example/oauth/mastodon', scopes: ['read', 'write'] },
      {},
      () => `value-${++n}`,
    )
    const url = new URL(request.authorizationUrl)
    expect(url.origin + url.pathname).toBe('https://mastodon.example/oauth/authorize')
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'cid',
      redirect_uri: 'https://sync.example/oauth/mastodon',
      scope: 'read write',
      state: 'value-2',
      code_challenge: createHash('sha256').update('value-1').digest('base64url'),
      code_challenge_method: 'S256',
    })
    expect(request).toMatchObject({ codeVerifier: 'value-1', state: 'value-2', codeChallengeMethod: 'S256' })
  })
})
