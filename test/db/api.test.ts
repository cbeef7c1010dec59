import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { useApp } from '../helpers/app.ts'
import { backends } from '../helpers/store.ts'
import { parseSeedTable9 } from '../helpers/seed-table-9.ts'
import { readCatalogue } from '../../src/catalogue/read-files.ts'

const SHIPPED = (await readCatalogue()).catalogue.interventions.length

const COLUMNS = ['lack-of-social-support', 'relationship-challenges', 'bonding-attachment-early-interaction', 'single-parents']

for (const backend of backends()) {
  describe(`JSON API on ${backend}`, () => {
    const ctx = useApp(backend)
    const get = async (url: string) => {
      const r = await ctx.app().inject(url)
      return { status: r.statusCode, body: r.json() as any }
    }

    describe('Table 9 from data', () => {
      it('equals the seed\'s Table 9 row for row and mark for mark', async () => {
        const seed = parseSeedTable9()
        const { status, body } = await get('/api/v1/reports/table-9')
        assert.equal(status, 200)
        assert.deepEqual(body.columns.map((c: any) => c.id), COLUMNS)
        const rows = body.groups.flatMap((g: any) => g.rows.map((r: any) => ({ group: g.id, name: r.nameInReport.replace(/\s+/g, ' ').trim(), marks: COLUMNS.map((c) => r.marks[c]) })))
        assert.deepEqual(rows, seed.map((r) => ({ group: r.group, name: r.name.replace(/\s+/g, ' ').trim(), marks: r.marks })))
      })
      it('gives the chapter\'s counts', async () => {
        const { body } = await get('/api/v1/reports/table-9')
        assert.equal(body.totals.interventions, 21)
        assert.deepEqual(body.totals.byGroup, { nordic: 15, 'uk-usa': 6 })
        assert.equal(body.totals.byColumn['bonding-attachment-early-interaction'], 20)
        assert.equal(body.totals.byColumn['lack-of-social-support'], 2)
        assert.equal(body.totals.byColumn['relationship-challenges'], 1)
        assert.equal(body.totals.byColumn['single-parents'], 0)
        const social = body.groups.flatMap((g: any) => g.rows.filter((r: any) => r.marks['lack-of-social-support']).map(() => g.id))
        assert.deepEqual(social, ['uk-usa', 'uk-usa'])
        const relationship = body.groups.flatMap((g: any) => g.rows).filter((r: any) => r.marks['relationship-challenges'])
        assert.deepEqual(relationship.map((r: any) => r.intervention), ['parenting-together-project'])
        assert.equal(body.statedTotals.interventions, 21)
      })
    })

    describe('search', () => {
      for (const [q, id] of [['Mellow Bumbs', 'mellow-bumps'], ['incredble years', 'incredible-years'], ['Marte-Meo', 'marte-meo'], ['ICDP', 'icdp'], ['Småbarnsliv', 'copeing-with-toddler-behavior'], ['smabarnsliv', 'copeing-with-toddler-behavior'], ['Kannustava vuorovaikutus', 'icdp']] as const) {
        it(`finds ${id} for "${q}"`, async () => {
          const { status, body } = await get(`/api/v1/interventions?q=${encodeURIComponent(q)}`)
          assert.equal(status, 200)
          assert.equal(body.items[0]?.id, id, JSON.stringify(body.items.map((i: any) => i.id)))
        })
      }
      it('finds interventions by the needs they target and stems English ("bonding")', async () => {
        const { body } = await get('/api/v1/interventions?q=bonding&pageSize=100')
        assert.ok(body.total >= 20, `only ${body.total}`)
      })
      it('returns nothing, not an error, for a query that matches nothing', async () => {
        const { status, body } = await get('/api/v1/interventions?q=zzzzqqq')
        assert.equal(status, 200)
        assert.equal(body.total, 0)
      })
      it('treats markup and SQL in the query as text', async () => {
        for (const q of ["<script>alert(1)</script>", "'; drop table intervention; --", '!!!&&|||', '"unclosed']) {
          const { status } = await get(`/api/v1/interventions?q=${encodeURIComponent(q)}`)
          assert.equal(status, 200, q)
        }
        assert.equal((await get('/api/v1/interventions')).body.total, SHIPPED)
      })
    })

    describe('filters and facets', () => {
      it('counts every facet value and combines facets with AND, values with OR', async () => {
        const all = (await get('/api/v1/interventions?pageSize=100')).body
        assert.equal(all.total, SHIPPED)
        const nordicFacet = all.facets.grading.find((f: any) => f.value === 'nordic')
        const nordic = (await get('/api/v1/interventions?grading=nordic&pageSize=100')).body
        assert.equal(nordic.total, nordicFacet.count)
        assert.ok(nordic.items.every((i: any) => i.gradingGroups.includes('nordic')))
        const both = (await get('/api/v1/interventions?grading=nordic&grading=uk-usa&pageSize=100')).body
        assert.ok(both.total >= nordic.total)
        const narrowed = (await get('/api/v1/interventions?grading=nordic&need=lack-of-social-support&pageSize=100')).body
        assert.ok(narrowed.items.every((i: any) => i.gradingGroups.includes('nordic') && [...i.needs.primary, ...i.needs.secondary].includes('lack-of-social-support')))
        // A facet is counted under the other filters, not its own, so its alternatives stay visible.
        assert.equal(nordic.facets.grading.find((f: any) => f.value === 'uk-usa').count, all.facets.grading.find((f: any) => f.value === 'uk-usa').count)
        assert.ok(nordic.facets.grading.find((f: any) => f.value === 'nordic').selected)
      })
      it('accepts comma-separated lists', async () => {
        const a = (await get('/api/v1/interventions?tier=strong,moderate&pageSize=100')).body
        const b = (await get('/api/v1/interventions?tier=strong&tier=moderate&pageSize=100')).body
        assert.deepEqual(a.items.map((i: any) => i.id), b.items.map((i: any) => i.id))
        assert.ok(a.items.every((i: any) => ['strong', 'moderate'].includes(i.bestTier.id)))
      })
      it('pages through results', async () => {
        const p1 = (await get('/api/v1/interventions?sort=name&pageSize=10&page=1')).body
        const p3 = (await get('/api/v1/interventions?sort=name&pageSize=10&page=3')).body
        assert.equal(p1.items.length, 10)
        assert.equal(p3.items.length, Math.min(10, SHIPPED - 20))
        assert.ok(p1.items[0].name.localeCompare(p3.items[0].name) < 0)
      })
      it('sorts by evidence tier with the native grades behind the best tier', async () => {
        const { body } = await get('/api/v1/interventions?sort=tier&pageSize=100')
        const ranks = ['strong', 'moderate', 'preliminary', 'theory-based', 'insufficient', 'no-effect', 'harmful', 'not-rated', 'unknown']
        const seq = body.items.map((i: any) => ranks.indexOf(i.bestTier.id))
        assert.deepEqual(seq, [...seq].sort((a: number, b: number) => a - b))
        const pcit = body.items.find((i: any) => i.id === 'pcit')
        assert.deepEqual(pcit.bestTier.basis.map((b: any) => [b.clearinghouse, b.nativeLevel]).sort(), [['cebc', 'Well-Supported by Research Evidence'], ['title-iv-e', 'Well-Supported']])
      })
    })

    describe('one intervention', () => {
      it('has every assessment verbatim, dated and sourced, with history kept', async () => {
        const { status, body } = await get('/api/v1/interventions/icdp')
        assert.equal(status, 200)
        const kt = body.assessments.filter((a: any) => a.clearinghouse === 'kasvun-tuki')
        assert.deepEqual(kt.map((a: any) => [a.nativeLevel, a.current]), [
          ['Menetelmä, jolla vähäinen vaikutusnäyttö tai käyttökelpoisuus *', false],
          ['Vähäinen dokumentoitu näyttö', false],
          ['4/5 hyvää vaikuttavuustutkimusta', true],
        ])
        assert.equal(kt[0].reviewDate, '2016-06-23')
        for (const a of body.assessments) {
          assert.equal(a.retrievedAt, '2026-11-28')
          assert.ok(a.sourceUrl)
          assert.ok(a.quote)
          assert.ok(a.tier)
        }
        assert.equal(body.bestTier.id, 'moderate')
        assert.deepEqual(body.reports.map((r: any) => [r.report, r.group]), [['table-9', 'nordic']])
        assert.ok(body.evidence.length > 0)
      })
      it('says unknown where nothing was found', async () => {
        const { body } = await get('/api/v1/interventions/parent-baby-intervention')
        assert.deepEqual(body.assessments, [])
        assert.equal(body.bestTier.id, 'unknown')
        assert.deepEqual(body.prevention.levels, [])
        assert.equal(body.prevention.basis.kind, 'unknown')
        assert.ok(body.ratingsNotFound.length > 0)
      })
      it('404s for an unknown id', async () => {
        const { status, body } = await get('/api/v1/interventions/no-such-thing')
        assert.equal(status, 404)
        assert.match(body.message, /no-such-thing/)
      })
    })

    describe('clearinghouses, evidence and the OpenAPI document', () => {
      it('lists each scale with every level\'s tier and rationale', async () => {
        const { body } = await get('/api/v1/clearinghouses')
        const ungsinn = body.items.find((c: any) => c.id === 'ungsinn')
        const levels = ungsinn.scales.find((s: any) => s.id === 'ungsinn-2015').levels
        assert.deepEqual(levels.map((l: any) => l.id), ['5', '4', '3', '2', '1', '0'])
        assert.ok(levels.every((l: any) => l.tier && l.rationale))
      })
      it('filters evidence by need and factor', async () => {
        const { body } = await get('/api/v1/evidence?need=lack-of-social-support')
        assert.ok(body.total >= 1)
        assert.ok(body.statements.every((s: any) => s.needs.includes('lack-of-social-support') && s.citations.length > 0))
        const risk = (await get('/api/v1/evidence?factor=risk')).body
        assert.ok(risk.statements.every((s: any) => s.factor === 'risk'))
      })
      it('serves an OpenAPI 3 document with every route', async () => {
        const { status, body } = await get('/api/openapi.json')
        assert.equal(status, 200)
        assert.match(body.openapi, /^3\./)
        for (const p of ['/api/v1/interventions', '/api/v1/interventions/{id}', '/api/v1/clearinghouses', '/api/v1/reports/{id}', '/api/v1/evidence'])
          assert.ok(body.paths[p], p)
      })
    })

    describe('bad input gets a 400 that names the parameter, never a 500', () => {
      const cases: [string, RegExp][] = [
        ['/api/v1/interventions?pageSize=1000', /"pageSize"/],
        ['/api/v1/interventions?page=0', /"page"/],
        ['/api/v1/interventions?page=abc', /"page"/],
        ['/api/v1/interventions?sort=sideways', /"sort"/],
        ['/api/v1/interventions?need=nope', /"need"/],
        ['/api/v1/interventions?tier=<b>x</b>', /"tier"/],
        ['/api/v1/interventions?colour=red', /"colour"/],
        [`/api/v1/interventions?q=${'x'.repeat(500)}`, /"q"/],
        ['/api/v1/evidence?factor=lucky', /"factor"/],
      ]
      for (const [url, re] of cases) {
        it(url.slice(0, 70), async () => {
          const { status, body } = await get(url)
          assert.equal(status, 400)
          assert.match(body.message, re)
          assert.deepEqual(Object.keys(body).sort(), ['error', 'message', 'statusCode'])
        })
      }
    })
  })
}
