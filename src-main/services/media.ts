/** Images and videos picked for posts, kept in this device's media folder by content hash. */
import type { ApiOutput, ApiParsedInput } from '../../src-shared/api/contract'
import { AppError } from '../../src-shared/api/errors'
import type { ServiceContext } from './context'

const notYet = (what: string): never => {
  throw new AppError('unavailable', `${what} is not built yet.`)
}

export function importMedia(
  _ctx: ServiceContext,
  _input: ApiParsedInput<'importMedia'>,
): ApiOutput<'importMedia'> | Promise<ApiOutput<'importMedia'>> {
  return notYet('importMedia')
}

export function readMedia(
  _ctx: ServiceContext,
  _input: ApiParsedInput<'readMedia'>,
): ApiOutput<'readMedia'> | Promise<ApiOutput<'readMedia'>> {
  return notYet('readMedia')
}
