/**
 * Errors cross IPC and HTTP as values, never as thrown exceptions (Electron's
 * contextBridge keeps only an Error's message). Each one says what failed and
 * what to do; `issues` names the offending fields of bad input.
 */
import { z } from 'zod'

export const API_ERROR_CODES = [
  'invalid_input',
  'not_found',
  'conflict',
  'forbidden',
  'unauthorized',
  'unavailable',
  'internal',
] as const
export type ApiErrorCode = (typeof API_ERROR_CODES)[number]

export const apiErrorSchema = z.object({
  code: z.enum(API_ERROR_CODES),
  message: z.string(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
})
export type ApiError = z.infer<typeof apiErrorSchema>

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiError }

/** Thrown by services; handlers turn it into an `ApiResult` error. */
export class AppError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly issues?: ApiError['issues'],
  ) {
    super(message)
    this.name = 'AppError'
  }

  toApiError(): ApiError {
    return { code: this.code, message: this.message, ...(this.issues ? { issues: this.issues } : {}) }
  }
}

/** Turns zod's issues into field paths a person can read ("name", "links.2.url"). */
export function issuesFromZod(error: z.ZodError): NonNullable<ApiError['issues']> {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(input)',
    message: issue.message,
  }))
}

export function invalidInput(error: z.ZodError): AppError {
  const issues = issuesFromZod(error)
  const summary = issues.map((i) => `${i.path}: ${i.message}`).join('; ')
  return new AppError('invalid_input', `Check these fields: ${summary}`, issues)
}
