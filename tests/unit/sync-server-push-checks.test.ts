/** The checks a push passes before the server reads anything: schema version and clock skew. */
import { describe, expect, it } from 'vitest'
import { HttpError } from '../../sync-server/errors'
import { checkClocks, checkSchemaVersions, describeDuration } from '../../sync-server/sync/push'
import { encodeHlc } from '../../src-shared/sync/hlc'
import type { ClientMutation } from '../../src-shared/sync/ops'

const NOW = Date.parse('2026-03-01T09:00:00Z')
const mutation = (schemaVersion: number, wallMs = NOW): ClientMutation => ({
  clientId: 'c1',
  mutationId: 1,
  schemaVersion,
  ops: [
    { table: 'posts', rowId: 'p1', field: 'caption', value: 'x', hlc: encodeHlc({ wallMs, counter: 0, node: 'c1' }) },
  ],
})

function thrown(run: () => void): HttpError {
  try {
    run()
  } catch (error) {
    if (error instanceof HttpError) return error
    throw error
  }
  throw new Error('expected an HttpError')
}

describe('push checks', () => {
  it('tells an older client to update, with the versions the server accepts', () => {
    const error = thrown(() => checkSchemaVersions([mutation(2), mutation(1)], [2, 3]))
    expect(error.statusCode).toBe(426)
    expect(error.toBody().error).toMatchObject({ code: 'client_too_old', acceptedSchemaVersions: [2, 3] })
    expect(error.message).toMatch(/update the app/)
  })

  it('accepts every version the server lists', () => {
    expect(() => checkSchemaVersions([mutation(2), mutation(3)], [2, 3])).not.toThrow()
  })

  it('accepts a clock up to five minutes ahead and refuses one further, naming by how much', () => {
    expect(() => checkClocks([mutation(1, NOW + 5 * 60_000)], NOW)).not.toThrow()
    const error = thrown(() => checkClocks([mutation(1, NOW + 2 * 3600_000 + 60_000)], NOW))
    expect(error.toBody().error).toMatchObject({ code: 'clock_skew', skewMs: 2 * 3600_000 + 60_000 })
    expect(error.message).toContain('2 hours 1 minute ahead')
  })

  it('describes durations in the two largest units', () => {
    expect(describeDuration(90_000)).toBe('1 minute 30 seconds')
    expect(describeDuration(3 * 86_400_000 + 5 * 3600_000 + 7000)).toBe('3 days 5 hours')
    expect(describeDuration(0)).toBe('0 seconds')
  })
})
