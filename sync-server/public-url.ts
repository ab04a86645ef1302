/**
 * The address the server's links point to (invitation links, Sandbox feed
 * and post links): PUBLIC_URL when it is set, else the address the server
 * listens on. Never the request's Host header, which any caller can set:
 * `Host: evil.example` would put evil.example into a page or an invitation
 * that someone else then opens.
 */
import type { AddressInfo } from 'node:net'
import type { ServerConfig } from './config'

/** The server's socket, once it listens (null before, and for in-process requests). */
export interface Listening {
  address(): AddressInfo | string | null
}

// Listening on every interface says nothing about the name people reach it by; loopback is the one that works here.
const WILDCARD = new Set(['0.0.0.0', '::', '::0', ''])

function hostPart(host: string): string {
  const name = WILDCARD.has(host) ? '127.0.0.1' : host
  return name.includes(':') ? `[${name}]` : name
}

export function publicUrl(config: Pick<ServerConfig, 'publicUrl' | 'host' | 'port'>, server?: Listening): string {
  if (config.publicUrl) return config.publicUrl
  const address = server?.address()
  if (address && typeof address === 'object') return `http://${hostPart(address.address)}:${address.port}`
  return `http://${hostPart(config.host)}:${config.port}`
}
