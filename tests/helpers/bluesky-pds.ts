/**
 * A real Bluesky PDS (with its PLC directory) in-process from @atproto/dev-env, for tests that talk to Bluesky:
 * no AppView, no database server, starts in well under a second. Accounts get handles under `.test` and sign in
 * with an app password, as the product does.
 *
 *   const pds = await startBlueskyPds()
 *   const alice = await pds.createAccount('alice') // { handle: 'alice.test', did, identifier, appPassword }
 *   adapter.connect({ kind: 'app_password', service: pds.url, identifier: alice.identifier, password: alice.appPassword })
 *   await pds.listPosts(alice.did) // what the account really posted
 *   await pds.close()
 */
import http from 'node:http'
import { rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname } from 'node:path'
import { TestNetworkNoAppView } from '@atproto/dev-env'

export interface BlueskyPdsAccount {
  /** `<local part>.test` */
  handle: string
  did: string
  /** What the user types to sign in: the handle. */
  identifier: string
  /** An app password (xxxx-xxxx-xxxx-xxxx): what the product signs in with. */
  appPassword: string
  /** The account's own password, only for tests that check the product refuses it. */
  accountPassword: string
}

/** A post as the PDS stores it in the account's repo. */
export interface StoredBlueskyPost {
  uri: string
  cid: string
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read the record by the lexicon's shape
  value: { text: string; createdAt: string; [field: string]: any }
}

export interface BlueskyPds {
  /** The PDS's base URL on 127.0.0.1: the `service` of a Bluesky session. */
  url: string
  createAccount(handleLocalPart: string): Promise<BlueskyPdsAccount>
  /** The account's posts (app.bsky.feed.post records), newest first, read from its repo: what really got posted. */
  listPosts(did: string): Promise<StoredBlueskyPost[]>
  close(): Promise<void>
}

/**
 * dev-env's servers call `listen(port)`, which binds every interface; tests stay on loopback, so while they start
 * a bare port (or port 0) gets the host 127.0.0.1.
 */
export async function onLoopback<T>(start: () => Promise<T>): Promise<T> {
  const listen = http.Server.prototype.listen
  http.Server.prototype.listen = function (this: http.Server, ...args: unknown[]) {
    if (typeof args[0] === 'number' && typeof args[1] !== 'string') args.splice(1, 0, '127.0.0.1')
    return (listen as (...a: unknown[]) => http.Server).apply(this, args)
  } as typeof listen
  try {
    return await start()
  } finally {
    http.Server.prototype.listen = listen
  }
}

export async function startBlueskyPds(): Promise<BlueskyPds> {
  const network = await onLoopback(() => TestNetworkNoAppView.create({}))
  // dev-env puts the PDS's SQLite files and its blobs in two fresh folders under the temp dir; close() removes them.
  const { cfg } = network.pds.ctx
  const folders = [dirname(cfg.db.accountDbLoc), cfg.blobstore.provider === 'disk' ? cfg.blobstore.location : '']
  // Never the temp dir itself, whatever a later dev-env changes.
  const ours = (folder: string) => dirname(folder) === tmpdir()
  const url = `http://127.0.0.1:${network.pds.port}`
  let closed = false

  return {
    url,
    async createAccount(handleLocalPart) {
      const handle = `${handleLocalPart}.test`
      const agent = network.pds.getClient()
      const accountPassword = `account-password-${handleLocalPart}`
      const created = await agent.createAccount({
        handle,
        email: `${handleLocalPart}@example.com`,
        password: accountPassword,
      })
      // The agent is signed in with the account password now, which is what may create an app password.
      const appPassword = await agent.com.atproto.server.createAppPassword({ name: 'buffer-clone tests' })
      return {
        handle,
        did: created.data.did,
        identifier: handle,
        appPassword: appPassword.data.password,
        accountPassword,
      }
    },
    async listPosts(did) {
      const query = new URLSearchParams({ repo: did, collection: 'app.bsky.feed.post', limit: '100' })
      const res = await fetch(`${url}/xrpc/com.atproto.repo.listRecords?${query}`)
      if (!res.ok) throw new Error(`listRecords answered ${res.status}: ${await res.text()}`)
      return ((await res.json()) as { records: StoredBlueskyPost[] }).records
    },
    async close() {
      if (closed) return
      closed = true
      await network.close()
      for (const folder of folders) if (ours(folder)) await rm(folder, { recursive: true, force: true })
    },
  }
}
