/// <reference types="vite/client" />
/**
 * Each feature owns its slice of the API, by its name: `src-shared/api/
 * <feature>.ts` declares its methods (`<feature>Api`), merged into the one
 * contract; `src-main/services/<feature>.ts` declares their handlers
 * (`<feature>Handlers`) beside the service. No method is declared twice,
 * none is left out of the contract, and no handler lives anywhere else.
 */
import { describe, expect, it } from 'vitest'
import { contract } from '../../src-shared/api/contract'
import { handlers } from '../../src-main/ipc/handlers'

const apiFiles = import.meta.glob<Record<string, unknown>>('../../src-shared/api/*.ts', { eager: true })
const serviceFiles = import.meta.glob<Record<string, unknown>>('../../src-main/services/*.ts', { eager: true })

const feature = (path: string) => path.split('/').at(-1)!.replace(/\.ts$/, '')
const camel = (kebab: string) => kebab.replace(/-(\w)/g, (_, c: string) => c.toUpperCase())

/** Every `<name><suffix>` export of the files, with the file's feature name. */
function exportsEnding(files: Record<string, Record<string, unknown>>, suffix: string) {
  return Object.entries(files).flatMap(([path, module]) =>
    Object.entries(module)
      .filter(([name]) => name.endsWith(suffix))
      .map(([name, value]) => ({ feature: feature(path), name, methods: Object.keys(value as object) })),
  )
}

describe('the API by feature', () => {
  const slices = exportsEnding(apiFiles, 'Api')
  const handlerSets = exportsEnding(serviceFiles, 'Handlers')

  it('declares each method in one feature slice, named for its file, all merged into the contract', () => {
    for (const slice of slices) expect(slice.name).toBe(`${camel(slice.feature)}Api`)
    const declared = slices.flatMap((s) => s.methods)
    expect(new Set(declared).size).toBe(declared.length)
    expect([...declared].sort()).toEqual(Object.keys(contract).sort())
  })

  it('keeps each feature’s handlers beside its service, one per method of its slice', () => {
    for (const slice of slices) {
      const beside = handlerSets.find((h) => h.feature === slice.feature)
      expect(beside?.name, `services/${slice.feature}.ts`).toBe(`${camel(slice.feature)}Handlers`)
      expect(beside!.methods.sort()).toEqual([...slice.methods].sort())
    }
    expect(handlerSets.map((h) => h.feature).sort()).toEqual(slices.map((s) => s.feature).sort())
    expect(Object.keys(handlers).sort()).toEqual(Object.keys(contract).sort())
  })
})
