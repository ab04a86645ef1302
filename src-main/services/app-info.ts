/** Facts about this installation that Settings shows. */
import { PLATFORMS } from '../../src-shared/entities/enums'
import type { AppInfo } from '../../src-shared/entities/models'
import type { ServiceContext } from '../core/context'

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
