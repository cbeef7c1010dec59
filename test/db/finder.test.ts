import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { useApp } from '../helpers/app.ts'
import { backends } from '../helpers/store.ts'

// Real catalogue, so only properties and programmes sure to stay (the catalogue grows in parallel).
const THREE_NEEDS = 'needs=lack-of-social-support&needs=relationship-challenges&needs=bonding-attachment-early-interaction&stage=0-3m&country=finland'
const NURSE = `/api/v1/finder?${THREE_NEEDS}`
const TOP = 10

for (const backend of backends()) {
  describe(`needs finder on ${backend}`, () => {
    const ctx = useApp(backend)
    const json = async (url: string) => {
      const r = await ctx.app().inject(url)
      assert.equal(r.statusCode, 200, r.body.slice(0, 300))
      return JSON.parse(r.body)
    }

    describe('scenario: a nurse in Finland before a home visit — mother two months after birth, lonely, partner conflict, worried about bonding', () => {
      it('only what fits: no pregnancy-only programme and nothing for ages 2–7 among the results; those are one list away, with the reason', async () => {
        const a = await json(NURSE)
        assert.ok(a.results.length > 0)
        for (const r of a.results) {
          assert.ok(r.covers.length > 0, r.id)
          const age = r.facts.childAge
          if (age) {
            assert.ok(!(age.prenatal && age.fromMonths === null && age.toMonths === null), `${r.id} is for pregnancy only`)
            assert.ok(!(age.fromMonths !== null && age.fromMonths >= 24), `${r.id} is for ages from ${age.fromMonths} months`)
          }
        }
        const notFit = new Map(a.notFit.map((n: any) => [n.id, n]))
        assert.deepEqual((notFit.get('pcit') as any).reasons.map((x: any) => x.text), ['designed for: 2–7 years – not for this stage'])
        assert.deepEqual((notFit.get('mellow-bumps') as any).reasons.map((x: any) => x.kind), ['stage-mismatch'])
        assert.ok(a.notFit.every((n: any) => n.reasons.length > 0 && n.reasons.every((x: any) => x.text.length > 5)))
        // Every programme is answered exactly once.
        const { interventions } = await json('/api/v1')
        assert.equal(a.results.length + a.notFit.length + a.notRecommended.length, interventions)
      })

      it('more needs covered ranks above fewer at the same evidence strength', async () => {
        const a = await json(NURSE)
        for (const [i, x] of a.results.entries()) {
          for (const y of a.results.slice(i + 1)) if (x.tier === y.tier) assert.ok(x.covers.length >= y.covers.length, `${x.id} above ${y.id}`)
        }
      })

      it('a strong co-parenting programme (Family Foundations) is in the top ten when relationship challenges are chosen', async () => {
        const a = await json(NURSE)
        const p = a.results.findIndex((r: any) => r.id === 'family-foundations') + 1
        assert.ok(p >= 1 && p <= TOP, `Family Foundations ranked ${p}`)
      })

      it('says what each result is, its strongest grade with portal, date and tier, and the needs it covers and does not', async () => {
        const a = await json(NURSE)
        for (const r of a.results) {
          assert.ok(r.what.text.length > 10 && ['en', 'fi', 'sv', 'nb', 'da'].includes(r.what.lang), r.id)
          const texts = r.reasons.map((x: any) => x.text)
          assert.ok(texts.every((t: string) => t.length > 10), r.id)
          if (r.bestGrade) assert.ok(texts.some((t: string) => t.startsWith(`Strongest grade: ${r.bestGrade.clearinghouseName} “${r.bestGrade.nativeLevel}” (`) && /tier “[^”]+”/.test(t)), texts.join('\n'))
          assert.equal(r.reasons.filter((x: any) => x.kind === 'does-not-target').flatMap((x: any) => x.needs).length, r.misses.length)
          assert.equal(r.covers.length + r.misses.length, 3)
        }
        // Kasvun tuki lists only methods available in Finland: said as that fact, on the programmes it lists.
        const listed = a.results.filter((r: any) => r.reasons.some((x: any) => x.kind === 'in-country' && x.grade.clearinghouse === 'kasvun-tuki'))
        assert.ok(listed.some((r: any) => r.id === 'icdp'))
        for (const r of listed) assert.ok(r.reasons.some((x: any) => x.text === 'Listed by Kasvun tuki, which lists methods available in Finland.'))
      })

      it('speaks the reader\'s language, and marks English content as English', async () => {
        const a = await json(`${NURSE}&lang=fi`)
        const icdp = a.results.find((r: any) => r.id === 'icdp')
        assert.ok(icdp.reasons.some((x: any) => x.text === 'Mukana Kasvun tuessa, joka esittelee Suomessa saatavilla olevia menetelmiä.'))
        assert.ok(a.notFit.find((n: any) => n.id === 'pcit').reasons[0].text.startsWith('tarkoitettu: 2–7 vuotta –'))
        const page = (await ctx.app().inject(`/finder?${THREE_NEEDS}&lang=fi`)).body
        const what = a.results[0].what
        if (what.lang !== 'fi') assert.ok(page.includes(`<p class="finder-result__what" lang="${what.lang}">`))
      })
    })

    describe('scenario: a midwife in Norway, parents of a newborn struggling to work together as parents', () => {
      it('puts the co-parenting programmes in the top ten', async () => {
        const a = await json('/api/v1/finder?needs=co-parenting&stage=0-3m&country=norway')
        const top = a.results.slice(0, TOP).map((r: any) => r.id)
        assert.ok(top.includes('family-foundations'), top.join(', '))
        assert.ok(top.includes('parenting-together-project'), top.join(', '))
      })
    })

    describe('scenario: expecting a baby, bonding worries, group preferred, Sweden', () => {
      it('fits pregnancy programmes and puts group ones first among equals', async () => {
        const a = await json('/api/v1/finder?needs=bonding-attachment-early-interaction&stage=pregnancy&country=sweden&format=group')
        assert.ok(a.results.some((r: any) => r.id === 'mellow-bumps'))
        assert.ok(a.notFit.some((n: any) => n.id === 'pcit'))
        for (const r of a.results) if (r.facts.childAge) assert.ok(r.facts.childAge.prenatal, `${r.id} is not for pregnancy`)
      })
    })

    describe('scenario: an immigrant family', () => {
      it('answers with an honest gap, said first, and the evidence about it', async () => {
        const a = await json('/api/v1/finder?needs=immigrant-refugee-families')
        assert.deepEqual(a.results, [])
        assert.deepEqual(a.gaps.map((g: any) => [g.need, g.text]), [['immigrant-refugee-families', 'No programme in the atlas targets “Immigrant and refugee families”.']])
        assert.ok(a.gaps[0].evidence.includes('immigrant-support'))
        assert.match(a.evidence.find((s: any) => s.id === 'immigrant-support').statement.en ?? a.evidence.find((s: any) => s.id === 'immigrant-support').statement, /immigrant and refugee families/i)
        assert.ok(a.notFit.length > 0 && a.notFit.every((n: any) => n.reasons[0].kind === 'no-chosen-need'))
      })
    })

    describe('scenario: a single parent', () => {
      it('finds only programmes that name single parents among those they serve, as a secondary goal', async () => {
        const a = await json('/api/v1/finder?needs=single-parents')
        assert.ok(a.results.length > 0)
        assert.deepEqual(a.gaps, [])
      })
    })

    it('refuses an unknown need, stage or country with a 400 naming it', async () => {
      for (const [url, p] of [['/api/v1/finder?needs=nope', 'needs'], ['/api/v1/finder?stage=teen', 'stage'], ['/api/v1/finder?country=atlantis', 'country'], ['/api/v1/finder?all=yes', 'all']] as const) {
        const r = await ctx.app().inject(url)
        assert.equal(r.statusCode, 400)
        assert.match(JSON.parse(r.body).message, new RegExp(`"${p}"`))
      }
    })

    if (backend === 'pglite') {
      it('the page: straight to the answer, in the API\'s order, ten first and "show all" by a link', async () => {
        const page = await ctx.app().inject(`/finder?${THREE_NEEDS}`)
        assert.equal(page.statusCode, 200)
        assert.equal(page.headers['cache-control'], 'no-store')
        assert.equal(page.headers['referrer-policy'], 'no-referrer')
        const html = page.body
        assert.match(html, /Nothing you select is stored, logged or sent anywhere/)
        assert.match(html, /<form method="get" action="\/finder#results"/)
        assert.match(html, /<h2 id="results" tabindex="-1">\d+ programmes fit this family, best match first<\/h2>/)
        assert.match(html, /<script type="module" src="\/assets\/build\/finder\.js\?v=[0-9a-f]+"><\/script>/)
        const a = await json(NURSE)
        const ids = [...html.matchAll(/<li class="finder-result" id="r-([^"]+)"/g)].map((m) => m[1])
        assert.deepEqual(ids, a.results.slice(0, TOP).map((r: any) => r.id))
        // The rest of the answer: not a fit (collapsed, with its count), then the evidence (collapsed), after the results.
        const results = html.indexOf('id="results"')
        const notFit = html.indexOf(`<details class="finder-notfit"><summary>Not a fit for this family (${a.notFit.length})</summary>`)
        const evidence = html.indexOf('<details class="finder-evidence"><summary>What the chapter’s evidence says about the chosen needs')
        assert.ok(results > 0 && notFit > results && evidence > notFit, `${results} ${notFit} ${evidence}`)
        if (a.results.length > TOP) {
          const more = /<a href="(\/finder\?[^"]*all=1[^"]*)">Show all (\d+) programmes that fit<\/a>/.exec(html)
          assert.ok(more, 'a "show all" link')
          assert.equal(Number(more[2]), a.results.length)
          const all = (await ctx.app().inject(more[1]!.replace(/&amp;/g, '&').replace(/#.*/, ''))).body
          assert.equal([...all.matchAll(/<li class="finder-result"/g)].length, a.results.length)
        }
      })

      it('the page says the gaps first, one sentence each, right under the results heading', async () => {
        const html = (await ctx.app().inject('/finder?needs=immigrant-refugee-families&needs=co-parenting')).body
        assert.match(html, /<h2 id="results" tabindex="-1">[^<]+<\/h2><p class="finder-gap"><strong>No programme in the atlas targets “Immigrant and refugee families”\.<\/strong><\/p><ol class="finder-results">/)
      })

      it('the printable summary: the date in words, the data version, the chosen needs and nothing else about the family, never cached', async () => {
        const summary = await ctx.app().inject(`/finder/summary?${THREE_NEEDS}`)
        assert.equal(summary.statusCode, 200)
        assert.equal(summary.headers['cache-control'], 'no-store')
        const html = summary.body
        assert.match(html, /Made on \d{1,2} [A-Z][a-z]+ \d{4} from the Perinatal Atlas data retrieved on \d{1,2} [A-Z][a-z]+ \d{4} \(data version [0-9a-f]{16}\)/)
        assert.match(html, /<strong>Chosen needs:<\/strong> Lack of social support; Challenges in the couple relationship; Bonding, attachment and early interaction concerns<\/p>/)
        assert.doesNotMatch(html, /<form|<input/)
        assert.match(html, /data-print="Print"/)
        assert.ok([...html.matchAll(/<ol class="summary-results">/g)].length === 1)
        assert.ok([...html.matchAll(/<li><strong><a href="\/interventions\//g)].length <= TOP)
      })

      it('is in the OpenAPI document with its answer described', async () => {
        const doc = JSON.parse((await ctx.app().inject('/api/openapi.json')).body)
        const op = doc.paths['/api/v1/finder'].get
        const props = op.responses['200'].content['application/json'].schema.properties
        for (const k of ['results', 'notFit', 'notRecommended', 'gaps', 'evidence']) assert.ok(props[k], k)
        assert.ok(op.parameters.some((p: any) => p.name === 'all'))
      })
    }
  })
}
