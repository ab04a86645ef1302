/** A real sync-server process (npm run server's command, `tsx sync-server/main.ts`) for tests past one process. */
import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'
import { repoRoot } from './paths'

export interface ServerProcess {
  child: ChildProcess
  url: string
  stop(): Promise<void>
}

/**
 * Starts the server on 127.0.0.1 and a free port with `env` on top of this process's environment, and resolves
 * with the URL from its "listening" log line (or rejects with its stderr if it exits or takes over 90 s).
 */
export function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn('npx', ['tsx', 'sync-server/main.ts'], {
    cwd: repoRoot,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so stop() reaches tsx's child process too.
    detached: true,
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return
    process.kill(-child.pid!, 'SIGTERM')
    const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 10_000)
    await exited
    clearTimeout(timer)
  }
  let stderr = ''
  child.stderr!.on('data', (chunk) => (stderr += String(chunk)))
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop()
      reject(new Error(`the server did not start within 90 s; stderr: ${stderr}`))
    }, 90_000)
    child.once('exit', (code) => reject(new Error(`the server exited with ${code}: ${stderr}`)))
    createInterface({ input: child.stdout! }).on('line', (line) => {
      try {
        const entry = JSON.parse(line) as { msg?: string; url?: string }
        if (entry.msg === 'sync server listening' && entry.url) {
          clearTimeout(timer)
          resolve({ child, url: entry.url, stop })
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
