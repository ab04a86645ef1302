/** Facts about this installation that Settings shows, and what the host does for the app (opening links). */
import type { ApiOutput, ApiParsedInput } from '../../src-shared/api/contract'
import { AppError } from '../../src-shared/api/errors'
import { PLATFORMS } from '../../src-shared/entities/enums'
import type { AppInfo } from '../../src-shared/entities/models'
import type { ServiceContext } from '../core/context'
import type { appApi } from '../../src-shared/api/app'
import type { HandlersFor } from '../core/handlers'

export function getAppInfo(ctx: ServiceContext): AppInfo {
  return {
    version: ctx.host.version,
    host: ctx.host.host,
    dataDir: ctx.dbs.dataDir,
    os: `${process.platform} ${process.arch}`,
    secretStore: ctx.secrets.info,
    platforms: [...PLATFORMS],
  }
}

export async function openExternal(
  ctx: ServiceContext,
  input: ApiParsedInput<'openExternal'>,
): Promise<ApiOutput<'openExternal'>> {
  // Only web links leave the app: never file:, javascript: or custom schemes.
  if (new URL(input.url).protocol !== 'https:') {
    throw new AppError('invalid_input', `Only https:// links open in the browser; "${input.url}" is not one.`, [
      { path: 'url', message: 'must start with https://' },
    ])
  }
  if (!ctx.openExternal) return { opened: false }
  await ctx.openExternal(input.url)
  return { opened: true }
}

export const appHandlers = {
  getAppInfo: (ctx) => getAppInfo(ctx),
  openExternal: (ctx, input) => openExternal(ctx, input),
} satisfies HandlersFor<typeof appApi>
