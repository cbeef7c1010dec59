import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { useApp } from '../helpers/app.ts'
import { backends } from '../helpers/store.ts'

const NURSE = '/api/v1/finder?needs=lack-of-social-support&needs=bonding-attachment-early-interaction&stage=0-3m&country=finland'

for (const backend of backends()) {
  describe(`needs finder on ${backend}`, () => {
    const ctx = useApp(backend)
    const json = async (url: string) => {
      const r = await ctx.app().inject(url)
      assert.equal(r.statusCode, 200, r.body.slice(0, 300))
      return JSON.parse(r.body)
    }

    it('ranks and explains for a 2-month-old in Finland with social-support and bonding needs', async () => {
      const a = await json(NURSE)
      assert.ok(a.results.length >= 15)
      // Both needs as primary goals come first (the two UK/US programmes the chapter names).
      assert.deepEqual(a.results.slice(0, 2).map((r: any) => r.id).sort(), ['epec-baby-and-us', 'mom-power'])
      for (const r of a.results) {
        assert.ok(r.id && r.name && r.tier)
        assert.ok(r.reasons.every((x: any) => typeof x.text === 'string' && x.text.length > 10))
      }
      const icdp = a.results.find((r: any) => r.id === 'icdp')
      const texts = icdp.reasons.map((x: any) => x.text)
      assert.ok(texts.includes('Strongest grade: Kasvun tuki “menetelmäarvio on 4/5 hyvää vaikuttavuustutkimusta”, tier “Moderate”.'), texts.join('\n'))
      assert.ok(texts.includes('Graded in this country’s portal: Kasvun tuki.'))
      assert.ok(texts.includes('Suits the child’s stage (0–18 years).'))
      // Designed for older children: said plainly and ranked after those that suit the stage.
      const pcit = a.results.find((r: any) => r.id === 'pcit')
      assert.ok(pcit.reasons.some((x: any) => x.text === 'Designed for: 2–7 years – not for this child’s stage.'))
      // Within those with one selected need as a primary goal, the ones designed for other ages come last.
      const bondingOnly = a.results.filter((r: any) => r.reasons.some((x: any) => x.kind === 'targets-primary' && x.needs.length === 1))
      const firstMismatch = bondingOnly.findIndex((r: any) => r.reasons.some((x: any) => x.kind === 'age-mismatch'))
      assert.ok(bondingOnly.slice(firstMismatch).every((r: any) => r.reasons.some((x: any) => x.kind === 'age-mismatch')))
      assert.deepEqual(a.gaps, [])
      assert.ok(a.evidence.length > 0 && a.evidence.every((s: any) => s.citations.length > 0))
    })

    it('answers "single parent" with an honest gap and its evidence', async () => {
      const a = await json('/api/v1/finder?needs=single-parents')
      assert.deepEqual(a.results, [])
      assert.deepEqual(a.gaps.map((g: any) => g.need), ['single-parents'])
      assert.ok(a.gaps[0].evidence.includes('evidence-two-parent-families'))
      assert.match(a.evidence.find((s: any) => s.id === 'evidence-two-parent-families').statement, /two-parent families/)
    })

    it('refuses an unknown need or stage with a 400 naming it', async () => {
      for (const [url, p] of [['/api/v1/finder?needs=nope', 'needs'], ['/api/v1/finder?stage=teen', 'stage'], ['/api/v1/finder?country=atlantis', 'country']] as const) {
        const r = await ctx.app().inject(url)
        assert.equal(r.statusCode, 400)
        assert.match(JSON.parse(r.body).message, new RegExp(`"${p}"`))
      }
    })

    if (backend === 'pglite') {
      it('serves the page and a printable summary with the date and data version, never cached', async () => {
        const page = await ctx.app().inject(NURSE.replace('/api/v1/finder', '/finder'))
        assert.equal(page.statusCode, 200)
        assert.equal(page.headers['cache-control'], 'no-store')
        assert.equal(page.headers['referrer-policy'], 'no-referrer')
        assert.match(page.body, /Nothing you select is stored, logged or sent anywhere/)
        assert.match(page.body, /href="\/interventions\/icdp"/)
        const summary = await ctx.app().inject(NURSE.replace('/api/v1/finder', '/finder/summary'))
        assert.equal(summary.statusCode, 200)
        assert.match(summary.body, /Made on \d+ \w+ \d{4} from Perinatal Atlas data version [0-9a-f]{16}/)
        const api = await ctx.app().inject(NURSE)
        assert.equal(api.headers['cache-control'], 'no-store')
      })
      it('is in the OpenAPI document', async () => {
        const doc = JSON.parse((await ctx.app().inject('/api/openapi.json')).body)
        assert.ok(doc.paths['/api/v1/finder'])
      })
    }
  })
}
