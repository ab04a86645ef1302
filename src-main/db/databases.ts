/**
 * The set of local databases: account.sqlite and one file per organization
 * under orgs/. Org files are opened on first use and kept open; leaving an
 * organization closes and deletes its file. Each org file announces the
 * transactions that recorded a local change once they commit
 * (`onLocalChange`), and account.sqlite its own (`onAccountChange`): sync
 * pushes them soon after.
 */
import { existsSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { AppError } from '../../src-shared/api/errors'
import { HookEmitter } from '../core/hook'
import { isAppId } from '../core/ids'
import { announceCommits } from './after-commit'
import { openAccountDb, openOrgDb, type AccountDb, type OpenedDb, type OrgDb } from './open'

export class Databases {
  readonly account: AccountDb
  private readonly accountHandle: OpenedDb<AccountDb>
  private readonly orgs = new Map<string, OpenedDb<OrgDb>>()
  private readonly localChange = new HookEmitter<[orgId: string]>()
  private readonly accountChange = new HookEmitter<[]>()

  /** A transaction that recorded a change (sync/outbox.ts) in an org's file has committed. */
  readonly onLocalChange = this.localChange.hook
  /** A transaction that recorded a change in account.sqlite (the person's own data) has committed. */
  readonly onAccountChange = this.accountChange.hook

  constructor(
    readonly dataDir: string,
    private readonly migrationsDir: string,
  ) {
    this.accountHandle = openAccountDb(join(dataDir, 'account.sqlite'), migrationsDir)
    this.account = this.accountHandle.db
    announceCommits(this.account, () => this.accountChange.fire())
  }

  private orgFile(orgId: string): string {
    return join(this.dataDir, 'orgs', `${orgId}.sqlite`)
  }

  /** Org ids that have a file on this device. */
  listOrgIds(): string[] {
    const dir = join(this.dataDir, 'orgs')
    if (!existsSync(dir)) return []
    return readdirSync(dir)
      .filter((f) => f.endsWith('.sqlite'))
      .map((f) => f.slice(0, -'.sqlite'.length))
      .filter(isAppId)
  }

  /** Opens (creating when `create`) an organization's database. */
  org(orgId: string, { create = false } = {}): OrgDb {
    // The id becomes a file name: only ids of our own shape get that far.
    if (!isAppId(orgId)) throw new AppError('not_found', `There is no organization with id "${orgId}".`)
    const open = this.orgs.get(orgId)
    if (open) return open.db
    if (!create && !existsSync(this.orgFile(orgId))) {
      throw new AppError('not_found', `There is no organization with id "${orgId}" on this device.`)
    }
    const handle = openOrgDb(this.orgFile(orgId), this.migrationsDir)
    announceCommits(handle.db, () => this.localChange.fire(orgId))
    this.orgs.set(orgId, handle)
    return handle.db
  }

  /** Closes and deletes an organization's file (and its WAL side files). */
  removeOrg(orgId: string): void {
    this.org(orgId)
    this.orgs.get(orgId)?.sqlite.close()
    this.orgs.delete(orgId)
    for (const suffix of ['', '-wal', '-shm']) rmSync(this.orgFile(orgId) + suffix, { force: true })
  }

  close(): void {
    for (const handle of this.orgs.values()) handle.sqlite.close()
    this.orgs.clear()
    this.accountHandle.sqlite.close()
  }
}
