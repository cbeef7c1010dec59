import { spawn, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'

const BIN = new URL('../../bin/perinatal-atlas.js', import.meta.url).pathname

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port
      s.close(() => resolve(port))
    })
    s.on('error', reject)
  })
}

export interface Run {
  child: ChildProcess
  output: () => string
  exited: Promise<number | null>
}

/** Runs the CLI as a user would, collecting everything it prints. */
export function runCli(args: string[], env: Record<string, string>): Run {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, LOG_LEVEL: 'info', ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  child.stdout!.on('data', (d) => (out += d))
  child.stderr!.on('data', (d) => (out += d))
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  return { child, output: () => out, exited }
}

/** Waits until the output matches, the process exits, or time runs out. */
export async function waitFor(run: Run, re: RegExp, ms = 120_000): Promise<void> {
  const deadline = Date.now() + ms
  while (!re.test(run.output())) {
    if (run.child.exitCode !== null) throw new Error(`process exited (${run.child.exitCode}) before ${re}:\n${run.output()}`)
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${re}:\n${run.output()}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}
