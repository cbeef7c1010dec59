import type { FastifyInstance, FastifyRequest } from 'fastify'

export interface LoadLimit {
  /** Requests worked on at once (the embedded database answers one query at a time anyway). */
  concurrency: number
  /** Requests that may wait for a turn; one more is answered 503 at once. */
  queue: number
  /** The longest a request waits for its turn before it is answered 503 (ms). */
  maxWaitMs: number
}

export const DEFAULT_LOAD_LIMIT: LoadLimit = { concurrency: 8, queue: 200, maxWaitMs: 4000 }

declare module 'fastify' {
  interface FastifyRequest {
    /** Set once this request holds a turn; released when its response is done or it is aborted. */
    atlasTurn?: () => void
    /** While waiting: leave the queue (the client went away). */
    atlasLeave?: () => void
  }
}

export class Overloaded extends Error {
  readonly statusCode = 503
  constructor(message: string) {
    super(message)
    this.name = 'Overloaded'
  }
}

/**
 * One request starts its work per turn of the event loop, never inside the callback that read it,
 * and after a long one the loop turns a few times with no request work. The embedded database
 * answers synchronously (WebAssembly behind a promise), so a request runs from its start to its
 * response without giving the loop back. Before, it ran inside the socket read that delivered it,
 * and with 200 connections one poll phase served one request after another for seconds: no timer
 * ran (not this queue's time bound either), and Node accepts one new connection per turn of the
 * loop (libuv ≥ 1.45), so connections waited in the kernel's accept queue, unbounded in time,
 * until clients timed out, while this limiter never saw more than one request waiting. Now every
 * turn lets the loop accept, read the requests that are ready (they wait in the bounded queue
 * below) and fire timers; the empty turns, one per millisecond the last request's work took (at
 * most 32), let a burst of new connections in at many per request rather than one.
 */
const MAX_EMPTY_TURNS = 32
let lastStart: Promise<void> = Promise.resolve()
let startedAt = 0
function nextTurnOfTheLoop(): Promise<void> {
  // Each start waits for the one before it, then for an immediate scheduled after it: immediates
  // scheduled while the check phase runs wait for the next turn. By then the previous request's
  // work is done, and the time since it started says how long it held the loop.
  const start = lastStart.then(
    () =>
      new Promise<void>((resolve) => {
        const turn = (left?: number) => {
          const empty = left ?? Math.min(MAX_EMPTY_TURNS, Math.floor(performance.now() - startedAt))
          if (empty > 0) return void setImmediate(turn, empty - 1)
          startedAt = performance.now()
          resolve()
        }
        setImmediate(turn)
      }),
  )
  lastStart = start
  return start
}

/**
 * A bounded request queue in front of everything that reads the database. Under more load than the
 * database can answer, a request waits for a turn at most `maxWaitMs` (or is refused at once when
 * `queue` are already waiting) and is then answered 503 with Retry-After — fast, instead of every
 * request slowing towards a client's time-out. Static assets never wait.
 */
export function registerLoadLimit(app: FastifyInstance, options: Partial<LoadLimit>): void {
  const limit = { ...DEFAULT_LOAD_LIMIT, ...options }
  let running = 0
  const waiting: { grant: () => void; timer: NodeJS.Timeout }[] = []
  const release = () => {
    const next = waiting.shift()
    if (next) {
      clearTimeout(next.timer)
      next.grant()
    } else running--
  }
  const take = (req: FastifyRequest) => {
    let done = false
    req.atlasTurn = () => {
      if (done) return
      done = true
      release()
    }
  }
  app.addHook('onRequest', async (req, reply) => {
    if (req.url.startsWith('/assets/')) return
    if (running < limit.concurrency) {
      running++
      take(req)
      return nextTurnOfTheLoop()
    }
    if (waiting.length >= limit.queue) {
      reply.header('Retry-After', '2')
      throw new Overloaded('The atlas is busy; try again in a moment.')
    }
    await new Promise<void>((resolve, reject) => {
      const entry = {
        grant: () => {
          take(req)
          resolve()
        },
        timer: setTimeout(() => {
          const i = waiting.indexOf(entry)
          if (i >= 0) waiting.splice(i, 1)
          reply.header('Retry-After', '2')
          reject(new Overloaded('The atlas is busy; try again in a moment.'))
        }, limit.maxWaitMs),
      }
      waiting.push(entry)
      req.atlasLeave = () => {
        const i = waiting.indexOf(entry)
        if (i >= 0) {
          waiting.splice(i, 1)
          clearTimeout(entry.timer)
          reject(new Overloaded('The client went away while waiting.'))
        }
      }
    })
    return nextTurnOfTheLoop()
  })
  app.addHook('onResponse', async (req) => req.atlasTurn?.())
  app.addHook('onRequestAbort', async (req) => {
    req.atlasLeave?.()
    req.atlasTurn?.()
  })
}
