/**
 * The sync server as a process of its own (npm run server's entry point),
 * for tests that kill it: `node --import tsx sync-server/main.ts` started
 * directly, with no npx or tsx wrapper in between, so a SIGKILL reaches the
 * server itself and nothing of it runs on. Resolves with the URL from its
 * "listening" log line.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'
import { repoRoot } from './paths'

export interface ServerProcess {
  child: ChildProcess
  url: string
  exited: Promise<void>
  /** What it wrote to stderr so far, for failure messages. */
  stderr(): string
  /** SIGKILL: no shutdown, no flush, no closing of the database. */
  kill(): Promise<void>
  /** SIGTERM, the clean shutdown; SIGKILL after 10 s. */
  stop(): Promise<void>
}

export function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'sync-server/main.ts'], {
    cwd: repoRoot,
    // LOG_LEVEL info at least: the "listening" line is how the URL is learned.
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const gone = () => child.exitCode !== null || child.signalCode !== null
  let stderr = ''
  child.stderr!.on('data', (chunk) => (stderr += String(chunk)))
  const kill = async () => {
    if (!gone()) child.kill('SIGKILL')
    await exited
  }
  const stop = async () => {
    if (gone()) return
    child.kill('SIGTERM')
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
    await exited
    clearTimeout(timer)
  }
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void kill()
      reject(new Error(`the server did not start within 90 s; stderr: ${stderr}`))
    }, 90_000)
    child.once('exit', (code, signal) => {
      clearTimeout(timer)
      reject(new Error(`the server exited (${code ?? signal}) before listening: ${stderr}`))
    })
    createInterface({ input: child.stdout! }).on('line', (line) => {
      try {
        const entry = JSON.parse(line) as { msg?: string; url?: string }
        if (entry.msg === 'sync server listening' && entry.url) {
          clearTimeout(timer)
          resolve({ child, url: entry.url, exited, stderr: () => stderr, kill, stop })
        }
      } catch {
        // Not a log line.
      }
    })
  })
}

/** One HTTP call to a server process, its JSON answer parsed. */
export async function callProcess(base: string, method: string, path: string, token?: string, body?: unknown) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await response.text()
  return { status: response.status, body: text ? JSON.parse(text) : undefined }
}
