/** Small timing helpers for `npm run bench`: every figure is printed beside a baseline from the same run. */
import { performance } from 'node:perf_hooks'

export async function timeIt(fn: () => unknown | Promise<unknown>): Promise<number> {
  const start = performance.now()
  await fn()
  return performance.now() - start
}

export async function median(runs: number, fn: () => unknown | Promise<unknown>): Promise<number> {
  const times: number[] = []
  for (let i = 0; i < runs; i++) times.push(await timeIt(fn))
  times.sort((a, b) => a - b)
  return times[Math.floor(times.length / 2)]!
}

export interface Row {
  measure: string
  ours: string
  baseline: string
  ratio: string
}

export const ms = (value: number) => `${value.toFixed(1)} ms`
export const perSecond = (count: number, elapsedMs: number) =>
  `${Math.round((count / elapsedMs) * 1000).toLocaleString('en')}/s`

export function printTable(rows: Row[]): void {
  const headers: Row = { measure: 'measure', ours: 'ours', baseline: 'baseline', ratio: 'ratio (ours / baseline)' }
  const all = [headers, ...rows]
  const width = (key: keyof Row) => Math.max(...all.map((r) => r[key].length))
  const line = (r: Row) =>
    (['measure', 'ours', 'baseline', 'ratio'] as const).map((k) => r[k].padEnd(width(k))).join(' | ')
  console.log(line(headers))
  console.log((['measure', 'ours', 'baseline', 'ratio'] as const).map((k) => '-'.repeat(width(k))).join('-|-'))
  for (const row of rows) console.log(line(row))
}

/** The value below which `p` percent of `values` fall (nearest rank); 0 for none. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
}
