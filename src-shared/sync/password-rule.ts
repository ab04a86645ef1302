/**
 * What a new account password must be, written once: the sync server's schema (server-api.ts) refuses what
 * `newPasswordProblem` refuses, and the sign-up form checks the password with it as it is typed.
 */

export const MIN_PASSWORD_LENGTH = 10
export const MAX_PASSWORD_LENGTH = 1024

/** The rule as a hint under the field. */
export const PASSWORD_HINT = `At least ${MIN_PASSWORD_LENGTH} characters.`

/** Why `password` cannot be a new password, as a sentence that says what to do; null when it can. */
export function newPasswordProblem(password: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) {
    const more = MIN_PASSWORD_LENGTH - password.length
    return `The password must be at least ${MIN_PASSWORD_LENGTH} characters: add ${more} more.`
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    return `The password must be ${MAX_PASSWORD_LENGTH} characters or fewer.`
  }
  return null
}
