import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'

/**
 * A full garbage collection shortly after bulk work (a whole-catalogue export, map or index build).
 * Such work leaves tens of MB of short-lived garbage, much of it large strings and buffers that
 * V8 keeps in its old generation until a full collection, which its heuristics put off while the
 * heap may grow: at 50,000 programmes two CSV exports left the process ~250 MB larger for as long
 * as it ran. One collection, after the work is done, gives it back (a pause of tens of ms, once,
 * after a request that took seconds). Node has no API for it without `--expose-gc`, which can be
 * set at run time; the function is then read from a fresh context.
 */
let gc: (() => void) | undefined
function collector(): () => void {
  if (gc === undefined) {
    try {
      setFlagsFromString('--expose-gc')
      gc = runInNewContext('gc') as () => void
    } catch {
      gc = () => {}
    }
  }
  return gc
}

let timer: NodeJS.Timeout | undefined
/** Schedules one collection `delayMs` from now (several calls in that time make one). */
export function collectSoon(delayMs = 200): void {
  if (timer) return
  timer = setTimeout(() => {
    timer = undefined
    collector()()
  }, delayMs)
  timer.unref()
}
