/** Putting posts on the schedule: queue slots, share next, share now, a chosen time; reorder, unschedule, delete. */
import type { ApiOutput, ApiParsedInput } from '../../src-shared/api/contract'
import { AppError } from '../../src-shared/api/errors'
import type { ServiceContext } from './context'

const notYet = (what: string): never => {
  throw new AppError('unavailable', `${what} is not built yet.`)
}

export function getPost(
  _ctx: ServiceContext,
  _input: ApiParsedInput<'getPost'>,
): ApiOutput<'getPost'> | Promise<ApiOutput<'getPost'>> {
  return notYet('getPost')
}

export function schedulePost(
  _ctx: ServiceContext,
  _input: ApiParsedInput<'schedulePost'>,
): ApiOutput<'schedulePost'> | Promise<ApiOutput<'schedulePost'>> {
  return notYet('schedulePost')
}

export function unschedulePost(
  _ctx: ServiceContext,
  _input: ApiParsedInput<'unschedulePost'>,
): ApiOutput<'unschedulePost'> | Promise<ApiOutput<'unschedulePost'>> {
  return notYet('unschedulePost')
}

export function deletePost(
  _ctx: ServiceContext,
  _input: ApiParsedInput<'deletePost'>,
): ApiOutput<'deletePost'> | Promise<ApiOutput<'deletePost'>> {
  return notYet('deletePost')
}

export function reorderQueue(
  _ctx: ServiceContext,
  _input: ApiParsedInput<'reorderQueue'>,
): ApiOutput<'reorderQueue'> | Promise<ApiOutput<'reorderQueue'>> {
  return notYet('reorderQueue')
}
