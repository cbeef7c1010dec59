import type { FastifyInstance } from 'fastify'

/**
 * The OpenAPI 3.1 document: @fastify/swagger builds it from the route schemas (operation ids,
 * summaries, parameters, zod schemas registered as shared components); this adds what a route
 * schema cannot say — the media type of each export and feed, and one example per operation, made
 * by calling the operation itself on the live data (so an example can never drift from the API),
 * shortened to a few items.
 */

interface Example {
  /** The request the example shows. */
  request: string
  /** Non-JSON responses: their media type and what they are. */
  media?: { type: string; description: string; binary?: boolean }
}

const CSV = 'text/csv'
const EXAMPLES: Record<string, Example> = {
  getAtlas: { request: '/api/v1' },
  searchInterventions: { request: '/api/v1/interventions?q=bonding&grading=nordic&pageSize=2' },
  getIntervention: { request: '/api/v1/interventions/icdp' },
  listClearinghouses: { request: '/api/v1/clearinghouses' },
  listTiers: { request: '/api/v1/tiers' },
  getReportTable: { request: '/api/v1/reports/table-9' },
  listEvidence: { request: '/api/v1/evidence?need=single-parents' },
  getGapMap: { request: '/api/v1/gap-map' },
  getGapFindings: { request: '/api/v1/gap-map/findings?columns=all&lang=fi' },
  findInterventions: { request: '/api/v1/finder?needs=lack-of-social-support&stage=0-3m&country=finland' },
  listChanges: { request: '/api/v1/changes' },
  getOpenApi: { request: '/api/openapi.json' },
  getDataPackage: { request: '/data/datapackage.json' },
  getDataPackageResource: { request: '/data/tiers.csv', media: { type: CSV, description: 'A CSV resource of the data package' } },
  exportCatalogueCsv: { request: '/interventions.csv?table=assessments&grading=nordic', media: { type: CSV, description: 'CSV with a header row of stable column ids' } },
  exportCatalogueXlsx: { request: '/interventions.xlsx?grading=nordic&lang=sv', media: { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', description: 'An Excel workbook: programmes, grades, About', binary: true } },
  exportEvidenceRis: { request: '/evidence.ris', media: { type: 'application/x-research-info-systems', description: 'RIS records, one per reference' } },
  exportEvidenceCslJson: { request: '/evidence.csl.json', media: { type: 'application/vnd.citationstyles.csl+json', description: 'An array of CSL-JSON items' } },
  exportGapMapCsv: { request: '/gap-map.csv', media: { type: CSV, description: 'The map, then its findings, source and date' } },
  exportGapMapMarkdown: { request: '/gap-map.md', media: { type: 'text/markdown', description: 'The map in publication layout with its findings, source and date' } },
  exportGapMapHtml: { request: '/gap-map/table.html', media: { type: 'text/html', description: 'A bare HTML table in publication layout with findings, source and date' } },
  exportGapMapXlsx: { request: '/gap-map.xlsx?columns=all', media: { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', description: 'An Excel workbook: the map, its findings, About', binary: true } },
  exportGapMapSvg: { request: '/gap-map.svg', media: { type: 'image/svg+xml', description: 'The matrix as a picture, with findings, source and date' } },
  getCoverageChart: { request: '/gap-map/charts/coverage.svg', media: { type: 'image/svg+xml', description: 'Bar chart, SVG' } },
  getTierChart: { request: '/gap-map/charts/tiers.svg', media: { type: 'image/svg+xml', description: 'Stacked bar chart, SVG' } },
  getTierChartData: { request: '/gap-map/charts/tiers.json' },
  getChangesAtom: { request: '/changes/feed.atom', media: { type: 'application/atom+xml', description: 'An Atom 1.0 feed' } },
  getChangesJsonFeed: { request: '/changes/feed.json', media: { type: 'application/feed+json', description: 'A JSON Feed 1.1' } },
}

/** Keeps an example short: the first two items of every list, long strings cut. */
function shorten(v: unknown, depth = 0): unknown {
  if (Array.isArray(v)) return v.slice(0, 2).map((x) => shorten(x, depth + 1))
  if (typeof v === 'string') return v.length > 300 ? `${v.slice(0, 300)}…` : v
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, depth > 6 ? '…' : shorten(x, depth + 1)]))
  return v
}

type Operation = { operationId?: string; responses?: Record<string, { description?: string; content?: Record<string, { schema?: unknown; example?: unknown }> }>; [k: string]: unknown }

export async function openApiDocument(app: FastifyInstance): Promise<Record<string, unknown>> {
  const doc = structuredClone(app.swagger()) as unknown as { paths: Record<string, Record<string, Operation>> } & Record<string, unknown>
  for (const methods of Object.values(doc.paths)) {
    for (const op of Object.values(methods)) {
      const ex = op.operationId ? EXAMPLES[op.operationId] : undefined
      if (!ex) continue
      op['x-example-request'] = ex.request
      const ok = (op.responses ??= {})['200'] ?? { description: 'OK' }
      op.responses['200'] = ok
      if (ok.description === 'Default Response') ok.description = ex.media?.description ?? 'OK'
      if (ex.request === '/api/openapi.json') {
        ok.content = { 'application/json': { schema: { type: 'object', description: 'This document' }, example: { openapi: doc.openapi, info: doc.info, paths: { '…': {} } } } }
        continue
      }
      const type = ex.media?.type ?? 'application/json'
      const content = (ok.content ??= {})
      const media = (content[type] ??= { schema: ex.media ? (ex.media.binary ? { type: 'string', contentMediaType: type } : { type: 'string' }) : { type: 'object' } })
      if (ex.media?.binary) continue
      const res = await app.inject({ method: 'GET', url: ex.request })
      if (res.statusCode !== 200) continue
      media.example = ex.media ? res.body.split('\n').slice(0, 8).join('\n') : shorten(JSON.parse(res.body))
    }
  }
  return doc
}

/** Which routes the document must describe: the API, the data package, and every export and feed. */
export const isDocumentedPath = (url: string) =>
  url.startsWith('/api/') || url.startsWith('/data/') || /\.(csv|xlsx|md|svg|ris|atom)$|\.csl\.json$|\/feed\.json$|\/table\.html$|\/charts\/tiers\.json$/.test(url)
