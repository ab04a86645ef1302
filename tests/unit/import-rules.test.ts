/** The layer rules of ARCHITECTURE.md hold: eslint refuses imports across them. */
import { ESLint } from 'eslint'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = join(import.meta.dirname, '..', '..')
const eslint = new ESLint({ cwd: root })

async function importErrors(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: join(root, file) })
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message)
}

describe('import rules', () => {
  it('keeps the renderer away from main, Node and databases', async () => {
    expect(
      await importErrors(
        'src-renderer/x.ts',
        `import { Databases } from '../src-main/db/databases'\nexport { Databases }`,
      ),
    ).toHaveLength(1)
    expect(
      await importErrors('src-renderer/x.ts', `import { readFileSync } from 'node:fs'\nexport { readFileSync }`),
    ).toHaveLength(1)
    expect(
      await importErrors(
        'src-renderer/x.ts',
        `import { contract } from '../src-shared/api/contract'\nexport { contract }`,
      ),
    ).toEqual([])
  })

  it('keeps src-shared free of our other folders, electron and the file system', async () => {
    expect(
      await importErrors('src-shared/x.ts', `import { newId } from '../src-main/core/ids'\nexport { newId }`),
    ).toHaveLength(1)
    expect(await importErrors('src-shared/x.ts', `import { app } from 'electron'\nexport { app }`)).toHaveLength(1)
    expect(await importErrors('src-shared/x.ts', `import fs from 'fs'\nexport { fs }`)).toHaveLength(1)
  })

  it('keeps the sync server away from electron and the desktop main process', async () => {
    expect(await importErrors('sync-server/x.ts', `import { app } from 'electron'\nexport { app }`)).toHaveLength(1)
    expect(
      await importErrors('sync-server/x.ts', `import { newId } from '../src-main/core/ids'\nexport { newId }`),
    ).toHaveLength(1)
  })

  it('lets only the Electron host import electron inside src-main', async () => {
    expect(await importErrors('src-main/services/x.ts', `import { app } from 'electron'\nexport { app }`)).toHaveLength(
      1,
    )
    expect(await importErrors('src-main/host/electron/x.ts', `import { app } from 'electron'\nexport { app }`)).toEqual(
      [],
    )
  })
})
