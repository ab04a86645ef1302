/**
 * Turning failures into words: an `ApiCallError` already carries a message
 * meant for people; anything else is a bug, and the user gets a calm
 * sentence rather than a stack trace.
 */
import { notifications } from '@mantine/notifications'
import { ApiCallError } from '../platform/api'

const closeButtonProps = { 'aria-label': 'Dismiss notification' }

export function errorMessage(error: unknown): string {
  if (error instanceof ApiCallError) return error.message
  return 'Something unexpected went wrong. Try again; if it keeps happening, restart the app.'
}

/** The message of a field's first issue, for showing under its input. */
export function fieldError(error: unknown, path: string): string | undefined {
  const message = error instanceof ApiCallError ? error.fieldError(path) : undefined
  // Schema messages are written to follow a field name ("must be an email address"); under an input they start a
  // sentence. One that starts with an address ("https://… refused the token") keeps it as written.
  if (!message || /^[a-z][a-z0-9+.-]*:\/\//i.test(message)) return message
  return message.charAt(0).toUpperCase() + message.slice(1)
}

/** A general error for a form's Alert: only when no field-level message explains it. */
export function formError(error: unknown, fields: string[]): string | undefined {
  if (!error) return undefined
  if (fields.some((field) => fieldError(error, field))) return undefined
  return errorMessage(error)
}

export function notifyError(error: unknown, title = 'That didn’t work'): void {
  notifications.show({ color: 'red', title, message: errorMessage(error), autoClose: 8000, closeButtonProps })
}

export function notifySuccess(message: string): void {
  notifications.show({ color: 'teal', message, autoClose: 3000, closeButtonProps })
}
