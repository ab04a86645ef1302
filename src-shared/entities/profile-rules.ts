/**
 * What a person's name, an email and an organization's name may be, written once: the API's schemas
 * (api/profile.ts, api/organizations.ts through api/fields.ts) refuse what these refuse, and Settings checks each
 * field with them as it is typed, so nothing the service would turn away looks fine on screen first.
 */
import { IANAZone } from 'luxon'

/** The longest name, in characters as the schema counts them (UTF-16 code units, like zod's `.max`). */
export const NAME_MAX_LENGTH = 80

/** Why `value` cannot be the name called `what` ("Your name"), as a sentence; null when it can. */
export function nameProblem(value: string, what: string): string | null {
  const text = value.trim()
  if (text === '') return `${what} cannot be empty.`
  if (text.length > NAME_MAX_LENGTH) {
    return `${what} must be ${NAME_MAX_LENGTH} characters or fewer; this one has ${text.length}.`
  }
  return null
}

// zod's own practical email pattern (z.email()'s default), so the form, this rule and older schemas agree.
const EMAIL = /^(?:[A-Za-z0-9_'+-]+\.)*[A-Za-z0-9_'+-]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9][A-Za-z0-9-]*\.)+[A-Za-z]{2,}$/

/** Why `value` cannot be an email address, as a sentence; null when it can (empty is fine: no email). */
export function emailProblem(value: string): string | null {
  const text = value.trim()
  if (text === '') return null
  return EMAIL.test(text) ? null : 'The email must be an address such as sam@example.com.'
}

/** Why `zone` is not a time zone this app can plan in; null when it is. */
export function timeZoneProblem(zone: string): string | null {
  return IANAZone.isValidZone(zone) ? null : 'Pick a time zone from the list, such as Europe/Paris.'
}
