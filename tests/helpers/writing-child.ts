/**
 * A desktop core writing posts through its services in a loop, alone in a
 * process, for tests that kill it mid-transaction:
 * `node --import tsx tests/helpers/writing-child.ts <dataDir> <orgId> <channelId>`.
 * Each round creates a draft, edits it and schedules it (three transactions,
 * each writing rows, field clocks, an outbox entry and an audit row), then
 * prints the round's number on a line of its own. Errors go to stderr.
 */
import { join } from 'node:path'
import { createCore } from '../../src-main/core/create-core'
import { KeyFileStore } from '../../src-main/secrets/key-file-store'
import { migrationsDir } from './core'

const [dataDir, orgId, channelId] = process.argv.slice(2)
if (!dataDir || !orgId || !channelId) {
  console.error('usage: writing-child.ts <dataDir> <orgId> <channelId>')
  process.exit(2)
}
const core = createCore({
  dataDir,
  migrationsDir,
  secrets: new KeyFileStore(join(dataDir, 'data-key')),
  host: { host: 'web', version: 'test' },
  publishing: { loop: false },
  log: (error) => console.error(error),
})

async function call(method: string, input: unknown): Promise<{ id: string }> {
  const result = await core.dispatch(method as never, input as never)
  if (!result.ok) throw new Error(`${method} failed: ${result.error.code}: ${result.error.message}`)
  return result.value as { id: string }
}

for (let round = 1; ; round++) {
  const post = await call('createDraft', {
    orgId,
    caption: `Round ${round}`,
    tags: ['loop'],
    socialAccountId: channelId,
  })
  await call('updateDraft', { orgId, postId: post.id, caption: `Round ${round}, edited`, tags: ['loop', `r${round}`] })
  const at = new Date(Date.UTC(2030, 0, 1, 9) + round * 60_000).toISOString()
  await call('schedulePost', { orgId, postId: post.id, when: { kind: 'at', at } })
  process.stdout.write(`${round}\n`)
}
