/** The real sync server on a free loopback port, for desktops that talk to it over HTTP. */
import type { AddressInfo } from 'node:net'
import type { TestServer } from './sync-server'

/** Starts the server listening on 127.0.0.1 and answers its base URL. */
export async function listenOnLoopback(server: TestServer): Promise<string> {
  await server.app.listen({ port: 0, host: '127.0.0.1' })
  return `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`
}
