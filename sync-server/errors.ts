/**
 * Every answer the server turns away is `{error: {code, message, ...}}`
 * (syncErrorSchema): a code the client can branch on and a sentence a person
 * can act on. Routes throw HttpError; the app's error handler turns it, and
 * Fastify's own errors (bad JSON, body too large, rate limit), into that shape.
 */
import type { z } from 'zod'
import type { SyncError, SyncErrorCode } from '../src-shared/sync/protocol'
import { findValueProblem, VALUE_RULE_MESSAGES } from '../src-shared/sync/value-rules'
import { inputErrorMap, sentenceFor } from '../src-shared/api/input-messages'

type Extra = Omit<SyncError['error'], 'code' | 'message'>

const STATUS: Record<SyncErrorCode, number> = {
  invalid_request: 400,
  clock_skew: 400,
  unauthorized: 401,
  not_a_member: 403,
  forbidden: 403,
  not_found: 404,
  out_of_order: 409,
  conflict: 409,
  payload_too_large: 413,
  client_too_old: 426,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
}

export class HttpError extends Error {
  override name = 'HttpError'
  readonly statusCode: number

  constructor(
    readonly code: SyncErrorCode,
    message: string,
    readonly extra: Extra = {},
  ) {
    super(message)
    this.statusCode = STATUS[code]
  }

  toBody(): SyncError {
    return { error: { code: this.code, message: this.message, ...this.extra } }
  }
}

/**
 * Parses input with a zod schema; a failure is a sentence that names the field as a person knows it and says
 * what it must be ("The password must be at least 10 characters: add 3 more."), with the field's path in `field`.
 */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, what = 'request'): z.output<S> {
  const result = schema.safeParse(value, { error: inputErrorMap })
  if (result.success) return result.data
  const issue = result.error.issues[0]!
  const field = issue.path.map(String).join('.')
  throw new HttpError('invalid_request', sentenceFor(issue.path, issue.message, `The ${what}`), field ? { field } : {})
}

/** Refuses input that breaks the value rules (a NUL character, JSON nested too deep), naming the field. */
export function checkValueRules(value: unknown, what = 'request'): void {
  const problem = findValueProblem(value)
  if (!problem) return
  const field = problem.path.map(String).join('.')
  const message = VALUE_RULE_MESSAGES[problem.rule]('')
  throw new HttpError('invalid_request', sentenceFor(problem.path, message, `The ${what}`), field ? { field } : {})
}

/** The body for an error Fastify raised itself (or anything unexpected), by its HTTP status. */
export function httpErrorFor(error: { statusCode?: number; code?: string; message: string }, bodyLimit: number) {
  const status = error.statusCode ?? 500
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || status === 413) {
    return new HttpError(
      'payload_too_large',
      `The request body is larger than this server accepts (${bodyLimit} bytes); send fewer mutations per push.`,
    )
  }
  if (error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
    return new HttpError('invalid_request', `The request body is not valid JSON: ${error.message}`)
  }
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || status === 415) {
    return new HttpError('invalid_request', 'Send the request body as JSON (Content-Type: application/json).')
  }
  if (status === 401) return new HttpError('unauthorized', error.message)
  if (status === 404) return new HttpError('not_found', error.message)
  if (status === 429) return new HttpError('rate_limited', error.message)
  if (status >= 400 && status < 500) return new HttpError('invalid_request', error.message)
  return new HttpError('internal', 'The sync server failed to handle this request; try again in a moment.')
}
