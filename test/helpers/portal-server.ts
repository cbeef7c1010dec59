import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { Kysely } from 'kysely'
import { sql } from 'kysely'
import type { Database } from '../../src/store/database.ts'

/** What the fake portal answers on one path; replaced between watch runs to play a portal changing. */
export type Answer = (req: IncomingMessage, res: ServerResponse) => void

export interface FakePortal {
  base: string
  routes: Map<string, Answer>
  /** Every request: path, when, and the headers the watch sent. */
  log: { path: string; at: number; headers: IncomingMessage['headers'] }[]
  close: () => Promise<void>
}

/** A portal page as HTML: a navigation, the article, a footer, as the portals' pages are laid out. */
export function portalPage(title: string, paragraphs: string[]): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body>
<nav><a href="/">Home</a> <a href="/programs">Programmes</a> <a href="/about">About us</a></nav>
<main><article><h1>${title}</h1>${paragraphs.map((p) => `<p>${p}</p>`).join('\n')}</article></main>
<footer>Contact the clearinghouse. Privacy. Accessibility.</footer></body></html>`
}

export const html = (body: string, headers: Record<string, string> = {}): Answer => (_req, res) => {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...headers })
  res.end(body)
}

/** Starts a fake portal on 127.0.0.1 (a free port): the only address the watch tests ever reach. */
export async function startFakePortal(): Promise<FakePortal> {
  const routes = new Map<string, Answer>()
  const log: FakePortal['log'] = []
  const open = new Set<ServerResponse>()
  const server: Server = createServer((req, res) => {
    const path = req.url ?? '/'
    log.push({ path, at: Date.now(), headers: req.headers })
    open.add(res)
    res.on('close', () => open.delete(res))
    const answer = routes.get(path)
    if (answer) answer(req, res)
    else {
      res.writeHead(404, { 'content-type': 'text/html' })
      res.end('<p>Not found</p>')
    }
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const { port } = server.address() as { port: number }
  return {
    base: `http://127.0.0.1:${port}`,
    routes,
    log,
    close: async () => {
      for (const res of open) res.destroy()
      server.closeAllConnections()
      await new Promise<void>((r) => server.close(() => r()))
    },
  }
}

/** A fetch that refuses any address but 127.0.0.1: the watch tests can never reach a real portal. */
export const localFetch: typeof fetch = (input, init) => {
  const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input : input.url)
  if (url.hostname !== '127.0.0.1') throw new Error(`test tried to fetch ${url} — only 127.0.0.1 is allowed`)
  return fetch(input, init)
}

/**
 * Points the catalogue's sources at the fake portal: the given grades cite the given local pages,
 * every other grade cites no page, and the portals list only the given listing pages. The watch
 * fetches what the data names, so this keeps every test request on 127.0.0.1.
 */
export async function pointSourcesAt(db: Kysely<Database>, pages: { assessment: string; url: string; quote?: string }[], listing: Record<string, string[]> = {}): Promise<void> {
  await db.updateTable('assessment_row').set({ source_url: null }).execute()
  for (const p of pages) {
    await db
      .updateTable('assessment_row')
      // The fake pages are written for these tests: a grade keeps only the quote a test gives it.
      .set({ source_url: p.url, quote: p.quote ?? null, source: sql`jsonb_set(source, '{url}', to_jsonb(${p.url}::text))` as never })
      .where('id', '=', p.assessment)
      .execute()
  }
  const chs = await db.selectFrom('clearinghouse').select(['id', 'watch']).where('watch', 'is not', null).execute()
  for (const c of chs) await db.updateTable('clearinghouse').set({ watch: JSON.stringify({ ...c.watch!, listingPages: listing[c.id] ?? [] }) }).where('id', '=', c.id).execute()
}
