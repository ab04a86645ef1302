/** Channels: connected social accounts, their tokens (encrypted, kept on this device) and posting schedules. */
import type { ApiOutput, ApiParsedInput } from '../../src-shared/api/contract'
import { AppError } from '../../src-shared/api/errors'
import type { ServiceContext } from './context'

const notYet = (what: string): never => {
  throw new AppError('unavailable', `${what} is not built yet.`)
}

export function listChannels(
  _ctx: ServiceContext,
  _input: ApiParsedInput<'listChannels'>,
): ApiOutput<'listChannels'> | Promise<ApiOutput<'listChannels'>> {
  return notYet('listChannels')
}

export function connectChannel(
  _ctx: ServiceContext,
  _input: ApiParsedInput<'connectChannel'>,
): ApiOutput<'connectChannel'> | Promise<ApiOutput<'connectChannel'>> {
  return notYet('connectChannel')
}

export function updateChannel(
  _ctx: ServiceContext,
  _input: ApiParsedInput<'updateChannel'>,
): ApiOutput<'updateChannel'> | Promise<ApiOutput<'updateChannel'>> {
  return notYet('updateChannel')
}

export function disconnectChannel(
  _ctx: ServiceContext,
  _input: ApiParsedInput<'disconnectChannel'>,
): ApiOutput<'disconnectChannel'> | Promise<ApiOutput<'disconnectChannel'>> {
  return notYet('disconnectChannel')
}

export function listSandboxFeed(
  _ctx: ServiceContext,
  _input: ApiParsedInput<'listSandboxFeed'>,
): ApiOutput<'listSandboxFeed'> | Promise<ApiOutput<'listSandboxFeed'>> {
  return notYet('listSandboxFeed')
}
