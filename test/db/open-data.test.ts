import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { Validator } from '@seriousme/openapi-schema-validator'
import { Ajv } from 'ajv'
import { parse } from 'csv-parse/sync'
import type { FastifyInstance } from 'fastify'
import readExcelFile from 'read-excel-file/node'
import { buildApp, registeredRoutes } from '../../src/app.ts'
import { isDocumentedPath } from '../../src/web/meta/openapi.ts'
import { freshStore, type TestStore } from '../helpers/store.ts'

const PUBLIC = 'https://atlas.example.org'

/**
 * Open data for researchers and planners, read back with readers other than the writers: the
 * OpenAPI document with an OpenAPI schema validator, XLSX with read-excel-file (written by exceljs),
 * the data package with csv-parse + ajv against its own table schemas, RIS with a reader written
 * here from the RIS specification and CSL-JSON with citeproc-js (written by Citation.js).
 */
describe('open data (pglite)', () => {
  let store: TestStore
  let app: FastifyInstance
  before(async () => {
    store = await freshStore('pglite')
    app = await buildApp({ db: store.db }, { publicUrl: PUBLIC })
  })
  after(async () => {
    await app?.close()
    await store?.close()
  })
  const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers })
  const json = async (url: string) => JSON.parse((await get(url)).body)

  describe('the API across origins', () => {
    it('answers GET from any origin under /api/ and /data/, and not elsewhere', async () => {
      const api = await get('/api/v1/interventions?q=bonding', { origin: 'https://tool.example.net' })
      assert.equal(api.headers['access-control-allow-origin'], '*')
      assert.equal(api.headers['cross-origin-resource-policy'], 'cross-origin')
      assert.equal((await get('/data/datapackage.json', { origin: 'https://tool.example.net' })).headers['access-control-allow-origin'], '*')
      const pre = await app.inject({ method: 'OPTIONS', url: '/api/v1/interventions', headers: { origin: 'https://tool.example.net', 'access-control-request-method': 'GET' } })
      assert.equal(pre.statusCode, 204)
      assert.match(String(pre.headers['access-control-allow-methods']), /^GET, ?HEAD$/)
      for (const url of ['/interventions', '/admin', '/login']) {
        const r = await get(url, { origin: 'https://tool.example.net' })
        assert.equal(r.headers['access-control-allow-origin'], undefined, url)
        assert.equal(r.headers['cross-origin-resource-policy'], 'same-origin', url)
      }
    })
  })

  describe('the OpenAPI document', () => {
    it('validates as OpenAPI 3.1 and describes every API route, export and feed with an operation id, summary and example', async () => {
      const doc = await json('/api/openapi.json')
      assert.equal(doc.openapi, '3.1.0')
      const result = await new Validator().validate(doc)
      assert.equal(result.valid, true, JSON.stringify(result.errors, null, 1)?.slice(0, 2000))
      const documented = registeredRoutes.get(app)!.filter((r) => r.method === 'GET' && isDocumentedPath(r.url))
      assert.ok(documented.length >= 25, `only ${documented.length} routes to document`)
      const ids = new Set<string>()
      for (const r of documented) {
        const path = r.url.replace(/:(\w+)/g, '{$1}')
        const op = doc.paths[path]?.get
        assert.ok(op, `${path} is not in the document`)
        assert.ok(op.operationId && op.summary, `${path} lacks an operation id or summary`)
        assert.ok(!ids.has(op.operationId), `operation id ${op.operationId} twice`)
        ids.add(op.operationId)
        assert.ok(op['x-example-request'], `${path} has no example`)
        const content = op.responses['200'].content
        assert.ok(content && Object.keys(content).length, `${path} has no response media type`)
        const media = Object.values<any>(content)[0]
        if (!String(media.schema?.contentMediaType ?? '').includes('spreadsheetml')) assert.ok(media.example !== undefined, `${path} has no example response`)
      }
      for (const p of ['/interventions.csv', '/interventions.xlsx', '/data/datapackage.json', '/evidence.ris', '/evidence.csl.json', '/changes/feed.atom', '/changes/feed.json', '/gap-map.svg', '/gap-map.xlsx'])
        assert.ok(doc.paths[p]?.get?.operationId, p)
      // Shared components are referenced, not repeated.
      for (const c of ['Intervention', 'Assessment', 'Error', 'Source', 'EvidenceStatement']) assert.ok(doc.components.schemas[c], c)
      assert.match(JSON.stringify(doc.paths['/api/v1/interventions/{id}']), /#\/components\/schemas\/Intervention/)
    })
  })

  describe('spreadsheets', () => {
    it('CSV ?table=assessments has one row per grade, with quote, second-hand and current', async () => {
      const r = await get('/interventions.csv?table=assessments&grading=nordic')
      assert.equal(r.statusCode, 200)
      assert.match(String(r.headers['content-disposition']), /perinatal-atlas-grades\.csv/)
      const rows = parse(r.body.replace(/^\uFEFF/, ''), { columns: true }) as Record<string, string>[]
      assert.ok(rows.length > 0)
      assert.deepEqual(Object.keys(rows[0]!), ['intervention_id', 'intervention', 'variant', 'scope', 'clearinghouse_id', 'clearinghouse', 'native_grade', 'level', 'tier', 'review_date', 'page_url', 'quote', 'retrieved', 'second_hand', 'current', 'assessment_id'])
      const list = await json('/api/v1/interventions?grading=nordic&pageSize=100')
      const expected = (await Promise.all(list.items.map((i: any) => json(`/api/v1/interventions/${i.id}`)))).flatMap((iv: any) => iv.assessments)
      assert.equal(rows.length, expected.length)
      // And the intervention CSV links pages at the configured public address, whatever the Host header says.
      const csv = (await get('/interventions.csv', { host: 'evil.example.com' })).body
      assert.match(csv, /https:\/\/atlas\.example\.org\/interventions\/icdp/)
      assert.doesNotMatch(csv, /evil\.example\.com/)
    })

    it('XLSX, read back with read-excel-file, matches the API row for row, in the reader\'s language, with an About sheet', async () => {
      const r = await app.inject({ method: 'GET', url: '/interventions.xlsx?grading=nordic&lang=sv' })
      assert.equal(r.statusCode, 200)
      assert.match(String(r.headers['content-type']), /spreadsheetml/)
      const sheets = await readExcelFile(r.rawPayload)
      assert.deepEqual(sheets.map((s) => s.sheet), ['Insatser', 'Bedömningar', 'Om data'])
      const grades = sheets[1]!.data
      const header = grades[0]!.map(String)
      assert.deepEqual(header.slice(0, 3), ['Program', 'Programmets id', 'Variant (bedömd version)'])
      const col = (name: string) => header.indexOf(name)
      const list = await json('/api/v1/interventions?grading=nordic&pageSize=100')
      assert.equal(sheets[0]!.data.length - 1, list.total)
      const api = (await Promise.all(list.items.map((i: any) => json(`/api/v1/interventions/${i.id}`)))).flatMap((iv: any) => iv.assessments.map((a: any) => ({ ...a, intervention: iv.id })))
      const rows = grades.slice(1)
      assert.equal(rows.length, api.length)
      const byId = new Map(rows.map((row) => [String(row[col('Id')]), row]))
      for (const a of api) {
        const row = byId.get(a.id)
        assert.ok(row, `grade ${a.id} missing from the workbook`)
        const cell = (name: string) => row[col(name)] ?? null
        assert.equal(cell('Programmets id'), a.intervention)
        assert.equal(cell('Bedömning med portalens ord'), a.nativeLevel)
        assert.equal(cell('Variant (bedömd version)'), a.appliesTo)
        assert.equal(cell('Sida'), a.sourceUrl ?? a.source.url ?? null)
        assert.equal(cell('Vad sidan säger'), a.quote)
        assert.equal(cell('Hämtad'), a.retrievedAt)
        assert.equal(cell('Bedömningsdatum'), a.reviewDate)
        assert.equal(cell('Gällande'), a.current ? 'Ja' : 'Nej')
        assert.equal(cell('Andrahandskälla'), a.secondHand ? 'Ja' : 'Nej')
      }
      const about = new Map(sheets[2]!.data.map((row) => [String(row[0]), String(row[1])]))
      const stats = await json('/api/v1')
      assert.equal(about.get('Dataversion'), stats.dataVersion)
      assert.equal(about.get('Bedömningar hämtade'), stats.dataRetrievedAt)
      assert.match(about.get('Licens') ?? '', /CC-BY-4\.0/)
      assert.match(about.get('Källa') ?? '', /^https:\/\/atlas\.example\.org\/interventions\?grading=nordic/)
    })
  })

  describe('the data package', () => {
    it('validates against its own table schemas: types, constraints, primary and foreign keys', async () => {
      const pkg = await json('/data/datapackage.json')
      assert.equal(pkg.profile, 'tabular-data-package')
      assert.equal(pkg.licenses[0].name, 'CC-BY-4.0')
      assert.ok(pkg.sources.length >= 1 && pkg.sources.every((s: any) => s.title && s.path))
      assert.ok(/^[a-z0-9._-]+$/.test(pkg.name))
      const ajv = new Ajv({ allErrors: true })
      const tables = new Map<string, Record<string, string>[]>()
      for (const res of pkg.resources) {
        assert.equal(res.profile, 'tabular-data-resource')
        const r = await get(`/data/${res.path}`)
        assert.equal(r.statusCode, 200, res.path)
        assert.ok(!r.body.startsWith('\uFEFF'))
        const rows = parse(r.body, { columns: true }) as Record<string, string>[]
        assert.deepEqual(Object.keys(rows[0] ?? {}), res.schema.fields.map((f: any) => f.name), res.path)
        tables.set(res.name, rows)
        // Table Schema → JSON Schema for one row, as the CSV text reads (missingValues: "" is null).
        const TYPE: Record<string, object> = { string: {}, integer: { pattern: '^-?\\d+$' }, boolean: { enum: ['true', 'false'] }, date: { pattern: '^\\d{4}-\\d{2}-\\d{2}$' } }
        const rowSchema = {
          type: 'object',
          required: res.schema.fields.filter((f: any) => f.constraints?.required).map((f: any) => f.name),
          properties: Object.fromEntries(res.schema.fields.map((f: any) => {
            const value = { type: 'string', ...TYPE[f.type], ...(f.constraints?.enum ? { enum: f.constraints.enum } : {}), ...(f.format === 'uri' ? { pattern: '^https?://' } : {}), ...(f.constraints?.pattern ? { pattern: f.constraints.pattern } : {}) }
            return [f.name, f.constraints?.required ? { ...value, minLength: 1 } : { anyOf: [{ const: '' }, value] }]
          })),
        }
        const valid = ajv.compile(rowSchema)
        for (const [i, row] of rows.entries()) assert.ok(valid(row), `${res.path} row ${i + 2}: ${ajv.errorsText(valid.errors)}`)
        const keys = rows.map((row) => res.schema.primaryKey.map((k: string) => row[k]).join('\u0000'))
        assert.equal(new Set(keys).size, keys.length, `${res.path}: primary key not unique`)
      }
      for (const res of pkg.resources)
        for (const fk of res.schema.foreignKeys ?? []) {
          const target = new Set(tables.get(fk.reference.resource)!.map((row) => fk.reference.fields.map((k: string) => row[k]).join('\u0000')))
          for (const row of tables.get(res.name)!) {
            const key = fk.fields.map((k: string) => row[k]).join('\u0000')
            if (key) assert.ok(target.has(key), `${res.name}.${fk.fields} = ${key} not in ${fk.reference.resource}`)
          }
        }
      // The grades resource agrees with the API's count.
      assert.equal(tables.get('grades')!.length, (await json('/api/v1')).assessments)
    })

    it('/about describes the dataset as schema.org Dataset JSON-LD, a data block the CSP allows as data', async () => {
      const r = await get('/about')
      const m = r.body.match(/<script type="application\/ld\+json">([^<]*)<\/script>/)
      assert.ok(m, 'no JSON-LD')
      const ld = JSON.parse(m[1]!)
      assert.equal(ld['@type'], 'Dataset')
      assert.equal(ld.license, 'https://creativecommons.org/licenses/by/4.0/')
      assert.ok(ld.distribution.some((d: any) => d.contentUrl === `${PUBLIC}/data/datapackage.json`))
      assert.match(String(r.headers['content-security-policy']), /script-src 'self'/)
    })
  })

  describe('citations', () => {
    it('RIS parses with an independent reader: every record typed, authored, dated and closed', async () => {
      const r = await get('/evidence.ris')
      assert.match(String(r.headers['content-type']), /application\/x-research-info-systems/)
      const records = readRis(r.body)
      const statements = (await json('/api/v1/evidence')).statements
      const cited = new Set(statements.flatMap((s: any) => s.citations.map((c: any) => `${c.authors.replace(/ et al\.?$/, '').split(/ & |, /)[0]}|${c.year}`)))
      assert.ok(records.length >= 2)
      assert.equal(records[0]!.TY?.[0], 'RPRT')
      assert.match(records[0]!.UR?.[0] ?? '', /pub\.norden\.org/)
      for (const rec of records) assert.ok(rec.TY && rec.AU && rec.PY, JSON.stringify(rec))
      const found = new Set(records.slice(1).map((rec) => `${rec.AU![0]}|${rec.PY![0]}`))
      for (const c of cited) assert.ok(found.has(c as string), `no RIS record for ${c}`)
    })

    it('CSL-JSON renders with citeproc-js into a bibliography naming every cited author and year', async () => {
      const { default: CSL } = await import('citeproc')
      const { plugins } = await import('@citation-js/core')
      await import('@citation-js/plugin-csl')
      const config = plugins.config.get('@csl')
      const items = JSON.parse((await get('/evidence.csl.json')).body) as any[]
      assert.ok(Array.isArray(items) && items.length >= 2)
      const byId = new Map(items.map((i) => [i.id, i]))
      const engine = new CSL.Engine({ retrieveLocale: () => config.locales.get('en-US'), retrieveItem: (id: string) => byId.get(id) }, config.styles.get('apa'))
      engine.updateItems(items.map((i) => i.id))
      const [, entries] = engine.makeBibliography()
      assert.equal(entries.length, items.length)
      const text = entries.join('\n')
      for (const i of items.slice(1, 20)) assert.ok(text.includes(i.author[0].family) && text.includes(String(i.issued['date-parts'][0][0])), i.id)
      assert.match(text, /Nordic Council of Ministers/)
    })

    it('each programme page offers its citation with its absolute address at the public URL', async () => {
      const page = (await get('/interventions/icdp', { host: 'evil.example.com' })).body
      assert.match(page, /<h2 id="cite">Cite this page<\/h2>/)
      assert.match(page, /International Child Development Programme\. In: Perinatal Atlas[^<]*https:\/\/atlas\.example\.org\/interventions\/icdp \(accessed \d{4}-\d{2}-\d{2}\)\. Licence: CC-BY-4\.0\./)
      const feed = (await get('/changes/feed.atom', { host: 'evil.example.com' })).body
      assert.doesNotMatch(feed, /evil\.example\.com/)
    })
  })
})

/** A reader for RIS as its specification describes it ("TY  - " opens a record, "ER  - " closes it; untagged lines continue the previous field). */
function readRis(text: string): Record<string, string[]>[] {
  const records: Record<string, string[]>[] = []
  let cur: Record<string, string[]> | null = null
  let last: [string, number] | null = null
  for (const line of text.split(/\r?\n/)) {
    const m = line.match(/^([A-Z][A-Z0-9])  - ?(.*)$/)
    if (!m) {
      if (cur && last && line.trim()) cur[last[0]]![last[1]] += line
      continue
    }
    const [, tag, value] = m as unknown as [string, string, string]
    if (tag === 'TY') {
      assert.equal(cur, null, 'TY inside an open record')
      cur = {}
    }
    assert.ok(cur, `${tag} outside a record`)
    if (tag === 'ER') {
      records.push(cur)
      cur = null
      last = null
      continue
    }
    ;(cur[tag] ??= []).push(value.trim())
    last = [tag, cur[tag].length - 1]
  }
  assert.equal(cur, null, 'unclosed record')
  return records
}
