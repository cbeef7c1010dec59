import type { Kysely } from 'kysely'
import type { Database } from '../../store/database.ts'
import { runWatch, type WatchOptions, type WatchSettings } from './run.ts'

/**
 * The watch inside `serve` (ATLAS_WATCH_EVERY): a run every period, the first one period after the
 * start, never two at once. With the embedded database this is the way to watch, since `serve`
 * holds its data directory; with PostgreSQL, cron and `perinatal-atlas watch` do the same.
 */
export function scheduleWatch(
  db: Kysely<Database>,
  settings: WatchSettings & Pick<WatchOptions, 'fetch'>,
  everyMs: number,
  log: { info: (m: string) => void; error: (e: unknown) => void },
): { stop: () => Promise<void> } {
  const abort = new AbortController()
  let running: Promise<unknown> | null = null
  let timer: NodeJS.Timeout | null = null
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(resolve, ms)
      abort.signal.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true })
    })
  const tick = () => {
    timer = setTimeout(() => {
      running = runWatch(db, { ...settings, startedBy: 'serve (scheduled)', log: log.info, signal: abort.signal, sleep })
        .catch((e) => log.error(e))
        .finally(() => {
          running = null
          if (!abort.signal.aborted) tick()
        })
    }, everyMs)
    timer.unref()
  }
  tick()
  return {
    async stop() {
      abort.abort()
      if (timer) clearTimeout(timer)
      await running
    },
  }
}
