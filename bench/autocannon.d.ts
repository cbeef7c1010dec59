declare module 'autocannon' {
  interface Options {
    url: string
    connections?: number
    duration?: number
    requests?: { setupRequest?: (req: Record<string, unknown>) => Record<string, unknown> }[]
    headers?: Record<string, string>
    /** Seconds before a request counts as timed out. */
    timeout?: number
  }
  export interface Result {
    requests: { average: number; total: number }
    non2xx: number
    errors: number
    timeouts: number
  }
  interface Instance {
    on(event: 'response', fn: (client: unknown, status: number, bytes: number, responseTime: number) => void): void
  }
  function autocannon(opts: Options, cb: (err: Error | null, result: Result) => void): Instance
  export default autocannon
}
