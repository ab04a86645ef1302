/**
 * Every message a person can see is a sentence about their input: never a field path ("tags.0"), zod's words
 * ("Too big: expected string…", "Invalid input"), fetch's ("fetch failed", ECONNREFUSED) or a stack trace.
 * Bad inputs go to every contract method through the real dispatch of a real core; the cases people hit
 * (a long tag, a short password on sign-up, connecting Bluesky offline) go through the real services, the real
 * sync server on loopback, and a port on 127.0.0.1 that nobody listens on.
 */
import { createServer, type AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { API_METHODS, contract } from '../../src-shared/api/contract'
import type { ApiError } from '../../src-shared/api/errors'
import { MAX_TAGS, TAG_MAX_LENGTH, tagProblem } from '../../src-shared/entities/tag-rules'
import { MIN_PASSWORD_LENGTH, newPasswordProblem } from '../../src-shared/sync/password-rule'
import { startOnboardedCore, startTestCore, type TestCore } from '../helpers/core'
import { useLoopbackServer } from '../helpers/loopback'

/** What must never reach a screen, each with why. */
const FORBIDDEN: [RegExp, string][] = [
  [/\b[a-z][A-Za-z]*\.\d+\b/, 'a field path such as tags.0'],
  [/\(input\)/, 'the placeholder path of a whole input'],
  [/expected/i, "zod's words"],
  [/received/i, "zod's words"],
  [/Invalid (input|option|string|type|request|pull|push)/i, "zod's or the server's old words"],
  [/Too (big|small)/i, "zod's words"],
  [/Unrecognized key/i, "zod's words"],
  [/fetch failed/i, "fetch's words"],
  [/ECONN|ENOTFOUND|EAI_AGAIN|ETIMEDOUT/, 'a system error code'],
  [/Unexpected token/i, "JSON.parse's words"],
  [/\bat .+:\d+:\d+/, 'a stack frame'],
  [/\bundefined\b|\bNaN\b|\[object /, 'a value printed by mistake'],
]

/** Each message of an error answer a person could read: its message and each field's. */
const messagesOf = (error: ApiError) => [error.message, ...(error.issues ?? []).map((issue) => issue.message)]

function expectWords(message: string, where: string) {
  for (const [pattern, what] of FORBIDDEN) {
    expect(message, `${where}: "${message}" shows ${what}`).not.toMatch(pattern)
  }
  // A sentence: it starts as one and ends as one.
  expect(message, `${where}: "${message}" is not a sentence`).toMatch(/^[A-Z"“]/)
  expect(message, `${where}: "${message}" is not a sentence`).toMatch(/[.!?)…]$/)
}

/** The keys a method's input takes (every variant's, for a union of objects). */
function keysOf(schema: z.ZodType): string[] {
  if (schema instanceof z.ZodObject) return Object.keys(schema.shape)
  if (schema instanceof z.ZodUnion || schema instanceof z.ZodDiscriminatedUnion) {
    return [...new Set((schema.options as z.ZodType[]).flatMap(keysOf))]
  }
  return []
}

/** Values of the wrong kind, size or shape for any field. */
const BAD_VALUES: unknown[] = [
  12345,
  -1,
  '',
  'x'.repeat(20_000),
  ['x'.repeat(TAG_MAX_LENGTH + 1)],
  [{}],
  [12345],
  {},
  { kind: 'someday' },
  true,
]

describe('bad input to every method', () => {
  let core: TestCore
  let orgId: string
  beforeAll(async () => {
    const started = await startOnboardedCore()
    core = started.core
    orgId = started.org.id
  })
  afterAll(() => core.dispose())

  it('is refused in sentences that name the field as people know it, never in code', async () => {
    let checked = 0
    const failures = new Set<string>()
    for (const method of API_METHODS) {
      const keys = keysOf(contract[method].input)
      const inputs: unknown[] = [42, 'text', [], { notAField: true }]
      for (const key of keys) {
        for (const value of BAD_VALUES) inputs.push({ orgId, [key]: value })
      }
      for (const input of inputs) {
        const result = await core.dispatch(method, input)
        if (result.ok) continue
        for (const message of messagesOf(result.error)) {
          try {
            expectWords(message, `${method}(${JSON.stringify(input).slice(0, 80)})`)
          } catch (failure) {
            failures.add((failure as Error).message.split('\n')[0]!.replace(/: expected .*/, ''))
          }
          checked++
        }
      }
    }
    expect([...failures]).toEqual([])
    // The sweep reached the methods: most of what it sent was refused.
    expect(checked).toBeGreaterThan(API_METHODS.length * 4)
    expect(core.logged).toEqual([])
  })
})

describe('a tag over the limit', () => {
  let core: TestCore
  let orgId: string
  beforeAll(async () => {
    const started = await startOnboardedCore()
    core = started.core
    orgId = started.org.id
  })
  afterAll(() => core.dispose())

  it('is refused by the service in the words the tags field shows as you type', async () => {
    const long = 'spring-campaign-'.padEnd(TAG_MAX_LENGTH + 1, 'x')
    const error = await core.fails('createDraft', { orgId, caption: 'Hello', tags: ['launch', long] })
    expect(error.code).toBe('invalid_input')
    // The field's own check (entities/tag-rules.ts) and the service say the same sentence.
    expect(error.issues).toEqual([{ path: 'tags.1', message: tagProblem(long) }])
    expect(error.message).toBe(tagProblem(long))
    expect(error.message).toMatch(/^A tag can have at most 40 characters, and “spring-campaign-xxxx…” has 41/)
    for (const message of messagesOf(error)) expectWords(message, 'createDraft')

    // One character less is a tag; saving a draft with it works.
    const fits = long.slice(0, TAG_MAX_LENGTH)
    expect(tagProblem(fits)).toBeNull()
    const draft = await core.ok('createDraft', { orgId, caption: 'Hello', tags: [fits] })
    const later = await core.fails('updateDraft', { orgId, postId: draft.id, tags: [fits, 'a,b'] })
    expect(later.message).toBe(tagProblem('a,b'))
  })

  it('is counted the same way too: at most MAX_TAGS tags', async () => {
    const many = Array.from({ length: MAX_TAGS + 1 }, (_, i) => `tag${i}`)
    const error = await core.fails('createDraft', { orgId, caption: 'Hello', tags: many })
    expect(error.message).toBe(`A post can have at most ${MAX_TAGS} tags; remove 1.`)
  })
})

describe('signing up with a short password', () => {
  const sync = useLoopbackServer()

  it('is refused by the sync server in a sentence, under the password field', async () => {
    const core = startTestCore()
    sync.cores.push(core)
    await core.ok('createProfile', { name: 'Ana Ruiz', email: 'ana@example.com' })
    const short = 'abc'
    const error = await core.fails('connectServer', {
      serverUrl: sync.url,
      email: 'ana@example.com',
      password: short,
      mode: 'signup',
    })
    // The same rule the form checks as you type, in the same words.
    expect(error.issues).toEqual([{ path: 'password', message: newPasswordProblem(short) }])
    expect(error.message).toBe(`The password must be at least ${MIN_PASSWORD_LENGTH} characters: add 7 more.`)
    for (const message of messagesOf(error)) expectWords(message, 'connectServer')
    expect(newPasswordProblem('correct horse')).toBeNull()
  })
})

describe('connecting Bluesky with no connection', () => {
  it('says that Bluesky cannot be reached and what to check, not what fetch said', async () => {
    // A port on loopback that nobody listens on: the connection is refused, as offline.
    const closed = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as AddressInfo
        server.close(() => resolve(port))
      })
    })
    const { core, org } = await startOnboardedCore()
    try {
      const error = await core.fails('connectChannel', {
        orgId: org.id,
        platform: 'bluesky',
        service: `http://127.0.0.1:${closed}`,
        identifier: 'ana.bsky.social',
        appPassword: 'abcd-efgh-ijkl-mnop',
      })
      expect(error.code).toBe('unavailable')
      expect(error.message).toBe(
        `Could not reach Bluesky at 127.0.0.1:${closed}. Check your internet connection and the server address and try again.`,
      )
      for (const message of messagesOf(error)) expectWords(message, 'connectChannel')
      expect(await core.ok('listChannels', { orgId: org.id })).toEqual([])
    } finally {
      core.dispose()
    }
  })
})
