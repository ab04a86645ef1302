/**
 * Errors cross IPC and HTTP as values, never as thrown exceptions (Electron's
 * contextBridge keeps only an Error's message). Each one says what failed and
 * what to do; `issues` names the offending fields of bad input.
 */
import { z } from 'zod'
import { sentencesOf, summaryOf } from './input-messages'

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

/**
 * Bad input as sentences a person can act on: each issue names its field as the screens do and says what to
 * change ("Tag 1 must be 40 characters or fewer."), with the field's path kept in `issues` so a form can show it
 * under its input. Parse with `{ error: inputErrorMap }` so zod's own words never reach here.
 */
export function issuesFromZod(error: z.ZodError): NonNullable<ApiError['issues']> {
  return sentencesOf(error)
}

export function invalidInput(error: z.ZodError): AppError {
  const issues = issuesFromZod(error)
  return new AppError('invalid_input', summaryOf(issues.map((issue) => issue.message)), issues)
}
