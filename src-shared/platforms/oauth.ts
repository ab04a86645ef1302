// OAuth 2 authorization-code flow with PKCE (RFC 7636), the parts every OAuth platform shares: a verifier, its S256
// challenge, a state, and the authorization URL. Uses WebCrypto, present in Node and in browsers alike.

import { type OAuthAuthorizationRequest, type OAuthClient } from './adapter'

function base64Url(bytes: Uint8Array): string {
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

export function randomUrlSafe(byteLength = 32): string {
  return base64Url(crypto.getRandomValues(new Uint8Array(byteLength)))
}

/** BASE64URL(SHA-256(verifier)), the S256 code challenge. */
export async function codeChallengeFor(codeVerifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(codeVerifier))
  return base64Url(new Uint8Array(digest))
}

/**
 * Everything the host needs to send the user to the platform's consent page and to finish the flow afterwards.
 * `extra` carries platform-specific parameters (e.g. `force_login` on Mastodon).
 */
export async function createAuthorizationRequest(
  authorizeUrl: string,
  client: OAuthClient,
  extra: Record<string, string> = {},
  random: () => string = () => randomUrlSafe(),
): Promise<OAuthAuthorizationRequest> {
  const codeVerifier = random()
  const state = random()
  const url = new URL(authorizeUrl)
  url.searchParams.set('response_type', 'code')
  url.searchParams.set('client_id', client.clientId)
  url.searchParams.set('redirect_uri', client.redirectUri)
  url.searchParams.set('scope', client.scopes.join(' '))
  url.searchParams.set('state', state)
  url.searchParams.set('code_challenge', await codeChallengeFor(codeVerifier))
  url.searchParams.set('code_challenge_method', 'S256')
  for (const [key, value] of Object.entries(extra)) url.searchParams.set(key, value)
  return { authorizationUrl: url.toString(), state, codeVerifier, codeChallengeMethod: 'S256' }
}
