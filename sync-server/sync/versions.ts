/**
 * The data-model versions this server accepts in a push. When a migration
 * changes what ops may carry, the new version is added here, and the oldest
 * removed once no supported desktop sends it.
 */
import { SCHEMA_VERSION } from '../../src-shared/sync/protocol'

export const ACCEPTED_SCHEMA_VERSIONS: readonly number[] = [SCHEMA_VERSION]
