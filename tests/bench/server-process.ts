/**
 * A server in a child process of its own, so the benchmarks read its memory
 * alone: resident set size from /proc/<pid>/status (VmRSS, and VmHWM, the
 * peak, reset through /proc/<pid>/clear_refs before each phase), and the
 * bytes it read from any file or socket from /proc/<pid>/io (rchar). The
 * child is `node --import tsx <entry>` itself, not npx or tsx's own
 * launcher, so the pid is the server's.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { repoRoot } from '../helpers/paths'

export interface ServerProcess {
  url: string
  port: number
  pid: number
  /** Resident memory now, in bytes. */
  rss(): number
  /** Bytes the process has read (files and sockets) since it started. */
  bytesRead(): number
  /**
   * The JavaScript heap still in use after a full garbage collection, in bytes, asked through the child's
   * inspector (HeapProfiler.collectGarbage, then Runtime.getHeapUsage): what the process really holds, where
   * RSS also counts the heap V8 keeps reserved.
   */
  liveHeap(): Promise<number>
  /** Watches the peak resident memory from now on (VmHWM reset, and sampled, whichever is higher). */
  watchPeak(): { peak(): number; stop(): number }
  /**
   * Waits until resident memory holds within a megabyte for two seconds (at most 30 s): the sync server on
   * PGlite climbs by some 500 MB over its first seconds, then falls back, and a phase measured during that
   * would be measuring start-up.
   */
  quiet(): Promise<void>
  stop(): Promise<void>
}

const KB = 1024

function statusField(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  // A process that has exited (a zombie until reaped) has no memory lines.
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${field}:`))
  if (!line) throw new Error(`/proc/${pid}/status has no ${field}`)
  return Number(line.split(/\s+/)[1]) * KB
}

/** A free port on loopback, so the child can be told where to listen and be asked /healthz there. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => resolve(port))
    })
  })
}

/** Asks the child's inspector (its address is in the "Debugger listening on" line of its stderr). */
async function liveHeap(stderr: string): Promise<number> {
  const address = /Debugger listening on (ws:\/\/\S+)/.exec(stderr)?.[1]
  if (!address) throw new Error(`the server's inspector address is not in its stderr: ${stderr}`)
  const socket = new WebSocket(address)
  await new Promise((resolve, reject) => {
    socket.addEventListener('open', resolve, { once: true })
    socket.addEventListener('error', () => reject(new Error(`cannot reach the server's inspector at ${address}`)))
  })
  const answers = new Map<number, (result: { usedSize?: number }) => void>()
  socket.addEventListener('message', (event) => {
    const message = JSON.parse(String(event.data)) as { id?: number; result?: { usedSize?: number } }
    if (message.id !== undefined) answers.get(message.id)?.(message.result ?? {})
  })
  let next = 0
  const send = (method: string) =>
    new Promise<{ usedSize?: number }>((resolve) => {
      const id = ++next
      answers.set(id, resolve)
      socket.send(JSON.stringify({ id, method }))
    })
  try {
    await send('HeapProfiler.collectGarbage')
    const { usedSize } = await send('Runtime.getHeapUsage')
    if (usedSize === undefined) throw new Error("the server's inspector gave no heap usage")
    return usedSize
  } finally {
    socket.close()
  }
}

/** Starts `entry` (a path from the repository root) with `env`, and waits until GET /healthz answers 200. */
export async function startServerProcess(entry: string, env: Record<string, string>): Promise<ServerProcess> {
  const port = await freePort()
  const child: ChildProcess = spawn(
    process.execPath,
    ['--inspect=127.0.0.1:0', '--import', 'tsx', join(repoRoot, entry)],
    {
      cwd: repoRoot,
      env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  )
  let stderr = ''
  child.stderr!.on('data', (chunk) => (stderr += String(chunk)))
  child.once('exit', (code, signal) => {
    if (!stopping) process.stderr.write(`${entry} exited early (${code ?? signal}): ${stderr}\n`)
  })
  let stopping = false
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const url = `http://127.0.0.1:${port}`
  const pid = child.pid!

  const deadline = Date.now() + 90_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${entry} exited with ${child.exitCode}: ${stderr}`)
    const up = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    )
    if (up) break
    if (Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(`${entry} did not answer /healthz within 90 s: ${stderr}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 200))
  }

  return {
    url,
    port,
    pid,
    rss: () => statusField(pid, 'VmRSS'),
    liveHeap: () => liveHeap(stderr),
    bytesRead: () => Number(/rchar:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/io`, 'utf8'))![1]),
    watchPeak() {
      // Writing 5 resets the peak (VmHWM) to the current RSS (proc(5)); sampling covers kernels without it.
      try {
        writeFileSync(`/proc/${pid}/clear_refs`, '5')
      } catch {
        // The sampled peak alone, then.
      }
      const hwm = () => {
        try {
          return statusField(pid, 'VmHWM')
        } catch {
          return 0
        }
      }
      let sampled = statusField(pid, 'VmRSS')
      const timer = setInterval(() => {
        try {
          sampled = Math.max(sampled, statusField(pid, 'VmRSS'))
        } catch {
          // It exited: the exit is reported, and the phase's answers fail.
        }
      }, 50)
      const peak = () => Math.max(sampled, hwm())
      return {
        peak,
        stop() {
          clearInterval(timer)
          return peak()
        },
      }
    },
    async quiet() {
      const deadline = Date.now() + 30_000
      let last = statusField(pid, 'VmRSS')
      let steady = 0
      while (steady < 4 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 500))
        const now = statusField(pid, 'VmRSS')
        steady = Math.abs(now - last) < 1024 * KB ? steady + 1 : 0
        last = now
      }
    },
    async stop() {
      stopping = true
      if (child.exitCode !== null || child.signalCode !== null) return
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
      await exited
      clearTimeout(timer)
    },
  }
}

export const mb = (bytes: number) => `${(bytes / 1_000_000).toFixed(1)} MB`
