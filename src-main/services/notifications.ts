/** What this device told its person: the in-app notification list behind the native notifications. */
import type { ApiOutput, ApiParsedInput } from '../../src-shared/api/contract'
import { AppError } from '../../src-shared/api/errors'
import type { ServiceContext } from './context'

const notYet = (what: string): never => {
  throw new AppError('unavailable', `${what} is not built yet.`)
}

export function listNotifications(
  _ctx: ServiceContext,
  _input: ApiParsedInput<'listNotifications'>,
): ApiOutput<'listNotifications'> | Promise<ApiOutput<'listNotifications'>> {
  return notYet('listNotifications')
}

export function markNotificationsRead(
  _ctx: ServiceContext,
  _input: ApiParsedInput<'markNotificationsRead'>,
): ApiOutput<'markNotificationsRead'> | Promise<ApiOutput<'markNotificationsRead'>> {
  return notYet('markNotificationsRead')
}
