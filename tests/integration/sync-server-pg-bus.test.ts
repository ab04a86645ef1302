/** Pokes between processes through PostgreSQL LISTEN/NOTIFY, surviving a dropped listening connection. */
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ScopePoke } from '../../sync-server/pokes/bus'
import { PgNotifyPokeBus, POKE_CHANNEL } from '../../sync-server/pokes/pg-notify-bus'
import { createPostgresDatabase, type FreshPostgres } from '../helpers/databases'

let database: FreshPostgres
beforeAll(async () => {
  database = await createPostgresDatabase()
})
afterAll(() => database?.drop())

function collect(bus: PgNotifyPokeBus) {
  const heard: ScopePoke[] = []
  bus.subscribe((poke) => heard.push(poke))
  return heard
}

async function until(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 15_000,
  step?: () => Promise<void>,
) {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await step?.()
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

describe('PostgreSQL poke bus', () => {
  it('carries a poke published by one process to every process listening, itself included', async () => {
    const a = await PgNotifyPokeBus.connect(database.url)
    const b = await PgNotifyPokeBus.connect(database.url)
    const heardByA = collect(a)
    const heardByB = collect(b)
    await a.publish({ scope: 'org', id: 'org-1', seq: 7 })
    await b.publish({ scope: 'user', id: 'ana', seq: 2 })
    await until(() => heardByA.length > 1 && heardByB.length > 1, 'both buses to hear both pokes')
    const both = [
      { scope: 'org', id: 'org-1', seq: 7 },
      { scope: 'user', id: 'ana', seq: 2 },
    ]
    expect(heardByB).toEqual(both)
    expect(heardByA).toEqual(both)
    await Promise.all([a.close(), b.close()])
  })

  it('listens again after its connection is cut', async () => {
    const bus = await PgNotifyPokeBus.connect(database.url)
    const heard = collect(bus)
    const admin = new pg.Client({ connectionString: database.url })
    await admin.connect()
    const listeners = await admin.query(
      `select pid from pg_stat_activity where query = $1 and datname = current_database()`,
      [`listen ${POKE_CHANNEL}`],
    )
    expect(listeners.rowCount).toBe(1)
    await admin.query('select pg_terminate_backend($1)', [listeners.rows[0].pid])

    // Keep poking until the bus is back and hears one.
    let seq = 0
    await until(
      () => heard.length > 0,
      'the bus to reconnect',
      20_000,
      async () =>
        void (await admin.query('select pg_notify($1, $2)', [
          POKE_CHANNEL,
          JSON.stringify({ scope: 'org', id: 'o', seq: ++seq }),
        ])),
    )
    expect(heard[0]).toMatchObject({ scope: 'org', id: 'o' })
    await admin.end()
    await bus.close()
  })

  it('ignores payloads that are not pokes', async () => {
    const bus = await PgNotifyPokeBus.connect(database.url)
    const heard = collect(bus)
    const admin = new pg.Client({ connectionString: database.url })
    await admin.connect()
    await admin.query('select pg_notify($1, $2)', [POKE_CHANNEL, 'not json'])
    await admin.query('select pg_notify($1, $2)', [POKE_CHANNEL, JSON.stringify({ scope: 'org', id: 'o', seq: 'x' })])
    await admin.query('select pg_notify($1, $2)', [POKE_CHANNEL, JSON.stringify({ scope: 'team', id: 'o', seq: 1 })])
    await admin.query('select pg_notify($1, $2)', [POKE_CHANNEL, JSON.stringify({ scope: 'org', id: 'o', seq: 3 })])
    await until(() => heard.length > 0, 'the valid poke')
    expect(heard).toEqual([{ scope: 'org', id: 'o', seq: 3 }])
    await admin.end()
    await bus.close()
  })
})
