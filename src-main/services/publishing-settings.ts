/** An organization's publishing settings, and opening published posts' links. */
import type { ApiOutput, ApiParsedInput } from '../../src-shared/api/contract'
import { AppError } from '../../src-shared/api/errors'
import type { ServiceContext } from './context'

const notYet = (what: string): never => {
  throw new AppError('unavailable', `${what} is not built yet.`)
}

export function getPublishingSettings(
  _ctx: ServiceContext,
  _input: ApiParsedInput<'getPublishingSettings'>,
): ApiOutput<'getPublishingSettings'> | Promise<ApiOutput<'getPublishingSettings'>> {
  return notYet('getPublishingSettings')
}

export function updatePublishingSettings(
  _ctx: ServiceContext,
  _input: ApiParsedInput<'updatePublishingSettings'>,
): ApiOutput<'updatePublishingSettings'> | Promise<ApiOutput<'updatePublishingSettings'>> {
  return notYet('updatePublishingSettings')
}

export function openExternal(
  _ctx: ServiceContext,
  _input: ApiParsedInput<'openExternal'>,
): ApiOutput<'openExternal'> | Promise<ApiOutput<'openExternal'>> {
  return notYet('openExternal')
}
