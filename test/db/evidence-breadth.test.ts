import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { readCatalogue } from '../../src/catalogue/read-files.ts'
import { currentAssessments, tierOfAssessment } from '../../src/domain/harmonise.ts'
import { COUNTED_SCOPES } from '../../src/domain/assessment.ts'
import { useApp } from '../helpers/app.ts'
import { backends } from '../helpers/store.ts'

// What the shipped data says, computed independently of the store: which programmes have a current
// grade (of the programme or a close variant) from a Nordic portal.
const { catalogue } = await readCatalogue()
const chs = new Map(catalogue.clearinghouses.map((c) => [c.id, c]))
const nordicNow = new Set(
  catalogue.interventions
    .filter((iv) => {
      const tiered = iv.assessments.map((a, i) => ({ ...a, seq: i + 1, tier: tierOfAssessment(a, chs) }))
      return currentAssessments(tiered).some((a) => COUNTED_SCOPES.includes(a.scope) && chs.get(a.clearinghouse)?.region === 'nordic')
    })
    .map((iv) => iv.id),
)

for (const backend of backends()) {
  describe(`the catalogue at breadth on ${backend}`, () => {
    const ctx = useApp(backend)
    const get = async (url: string) => (await ctx.app().inject(url)).json() as any

    it('holds every shipped programme, with at least 150 sourced grades', async () => {
      const root = await get('/api/v1')
      assert.equal(root.interventions, catalogue.interventions.length)
      assert.ok(root.interventions >= 60, `${root.interventions} programmes`)
      assert.ok(root.assessments >= 150, `${root.assessments} grades`)
    })

    it('"graded in a Nordic portal" returns exactly the programmes with a current Nordic grade, whatever the report grouped them under', async () => {
      const nordic = await get('/api/v1/interventions?grading=nordic&pageSize=100')
      assert.deepEqual(nordic.items.map((i: any) => i.id).sort(), [...nordicNow].sort())
      // Table 9 keeps the report's grouping: some of its "Nordic" rows have no Nordic grade at all.
      const table = await get('/api/v1/reports/table-9')
      const reportNordic = table.groups.find((g: any) => g.id === 'nordic').rows.map((r: any) => r.intervention)
      assert.ok(reportNordic.some((id: string) => !nordicNow.has(id)), 'the report\'s Nordic group is not the grading facet')
    })

    for (const [q, id] of [
      ['Nurse-Family Partnership', 'nurse-family-partnership'],
      ['NFP', 'nurse-family-partnership'],
      ['Family Nurse Partnership', 'nurse-family-partnership'],
      ['Circle of Security', 'circle-of-security'],
      ['COS-P', 'circle-of-security'],
      ['HFA', 'healthy-families-america'],
      ['Healthy Families America', 'healthy-families-america'],
      ['PALS', 'play-and-learning-strategies'],
      ['Parents as Teachers', 'parents-as-teachers'],
      ['Mellow Babies', 'mellow-babies'],
    ] as const) {
      it(`finds ${id} by "${q}"`, async () => {
        const known = catalogue.interventions.some((i) => i.id === id)
        assert.ok(known, `${id} is in the catalogue`)
        const r = await get(`/api/v1/interventions?q=${encodeURIComponent(q)}&pageSize=100`)
        assert.ok(r.items.slice(0, 3).some((i: any) => i.id === id), `${q}: ${r.items.slice(0, 3).map((i: any) => i.id)}`)
      })
    }

    it('shows the quote of a grade and marks second-hand grades on the programme page', async () => {
      const iv = await get('/api/v1/interventions/icdp')
      const three = iv.assessments.find((a: any) => a.clearinghouse === 'ungsinn' && a.level === '3')
      assert.ok(three.quote)
      assert.equal(three.secondHand, true)
      const html = (await ctx.app().inject('/interventions/icdp')).body
      assert.ok(html.includes('What the page says'))
      assert.ok(!/shared\/research|research notes/i.test(html), 'no repository path or internal note on the page')
    })
  })
}
