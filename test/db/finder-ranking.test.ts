import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { addSyntheticInterventions } from '../../bench/synthetic.ts'
import { COUNTRIES, LONG_PAGE, PREFERRED_FORMATS, prepareFinder, rankInterventions, STAGES, TOP_RESULTS, type FinderIntervention, type FinderSelection } from '../../src/domain/finder.ts'
import { finderInterventions } from '../../src/store/finder.ts'
import { useApp } from '../helpers/app.ts'
import { referenceRanking } from '../helpers/finder-reference.ts'

// The indexed ranking (prepared once per revision) must answer exactly as the brute-force rules it
// replaced, on the real catalogue and on one large enough that paging matters.
function selections(needs: string[]): FinderSelection[] {
  const out: FinderSelection[] = []
  const stages = [undefined, ...STAGES]
  const countries = [undefined, ...COUNTRIES]
  needs.forEach((need, i) => {
    const other = needs[(i * 7 + 3) % needs.length]!
    const third = needs[(i * 5 + 11) % needs.length]!
    for (const [k, stage] of stages.entries()) {
      out.push({ needs: [need], stage, country: countries[(i + k) % countries.length], format: PREFERRED_FORMATS[(i + k) % PREFERRED_FORMATS.length]! })
      out.push({ needs: [need, other], stage, country: countries[(i + k + 3) % countries.length], format: 'any' })
      out.push({ needs: [third, need, other, need], stage, country: 'finland', format: PREFERRED_FORMATS[k % PREFERRED_FORMATS.length]! })
    }
  })
  return out
}

async function sameAsReference(interventions: FinderIntervention[], needs: string[], tierRank: Map<string, number>, every = 1): Promise<number> {
  const prepared = prepareFinder(interventions)
  // The reference was given the interventions in id order, as the store then read them.
  const byId = [...interventions].sort((a, b) => (a.id < b.id ? -1 : 1))
  let compared = 0
  for (const sel of selections(needs).filter((_, k) => k % every === 0)) {
    const expected = referenceRanking(byId, sel, tierRank)
    assert.deepEqual(rankInterventions(prepared, sel, tierRank), expected, JSON.stringify(sel))
    compared++
  }
  return compared
}

describe('the needs finder ranks as before it was indexed', () => {
  const ctx = useApp('pglite')
  const tierRank = async () => new Map((await ctx.store().db.selectFrom('tier').select(['id', 'rank']).execute()).map((t) => [t.id, t.rank]))
  const needIds = async () => (await ctx.store().db.selectFrom('need').select('id').orderBy('id').execute()).map((n) => n.id)

  it('on the shipped catalogue: every need alone, in pairs and threes, at every stage, country and format', async () => {
    const interventions = await finderInterventions(ctx.store().db)
    assert.ok(interventions.length >= 60)
    const n = await sameAsReference(interventions, [...(await needIds()), 'no-such-need'], await tierRank())
    assert.ok(n > 300, `${n} selections compared`)
  })

  it('with 1,500 synthetic programmes beside it; and the page shows one bounded window of each list, with working page links', async () => {
    const db = ctx.store().db
    await addSyntheticInterventions(db, 1500, 3)
    const interventions = await finderInterventions(db)
    assert.ok(interventions.length > 1500)
    await sameAsReference(interventions, await needIds(), await tierRank(), 3)

    const url = '/finder?needs=single-parents&needs=co-parenting&needs=lack-of-social-support&country=finland'
    const all = JSON.parse((await ctx.app().inject(`/api/v1/finder?${url.split('?')[1]}`)).body)
    assert.equal(all.results.length + all.notFit.length + all.notRecommended.length, interventions.length, 'the API answers every programme')
    assert.ok(all.results.length > LONG_PAGE && all.notFit.length > LONG_PAGE, `${all.results.length} results, ${all.notFit.length} not a fit`)

    const page = (await ctx.app().inject(url)).body
    const ids = (html: string) => [...html.matchAll(/<li class="finder-result" id="r-([^"]+)"/g)].map((m) => m[1])
    assert.deepEqual(ids(page), all.results.slice(0, TOP_RESULTS).map((r: { id: string }) => r.id))
    assert.equal(page.split('<details class="finder-notfit">')[1]!.split('</details>')[0]!.split('<li>').length - 1, LONG_PAGE)
    assert.ok(page.length < 200_000, `${page.length} bytes`)
    assert.match(page, new RegExp(`<h2 id="results" tabindex="-1">${all.results.length.toLocaleString('en')} programmes fit this family`))

    // Next page of results: a link, numbered on, the next ten in the API's order.
    const next = /<a rel="next" href="(\/finder\?[^"]*page=2[^"]*)#results">/.exec(page)
    assert.ok(next, 'a link to the next page of results')
    const second = (await ctx.app().inject(next[1]!.replace(/&amp;/g, '&'))).body
    assert.match(second, /<ol class="finder-results" start="11">/)
    assert.deepEqual(ids(second), all.results.slice(TOP_RESULTS, 2 * TOP_RESULTS).map((r: { id: string }) => r.id))

    // "Show all" is a hundred at a time when more fit; its last page ends the list.
    const long = /<a href="(\/finder\?[^"]*all=1[^"]*)#r-[^"]+">Show them 100 at a time<\/a>/.exec(page)
    assert.ok(long, 'a link to the long pages')
    const lastPage = Math.ceil(all.results.length / LONG_PAGE)
    const last = (await ctx.app().inject(`${long[1]!.replace(/&amp;/g, '&')}&page=${lastPage}`)).body
    assert.deepEqual(ids(last), all.results.slice((lastPage - 1) * LONG_PAGE).map((r: { id: string }) => r.id))

    // The JSON twin is the page's window, and says where it stands.
    const twin = JSON.parse((await ctx.app().inject(`${url.replace('/finder?', '/finder.json?')}&notFitPage=2`)).body)
    assert.deepEqual(twin.paging.results, { page: 1, pageSize: TOP_RESULTS, pages: Math.ceil(all.results.length / TOP_RESULTS), total: all.results.length, start: 0 })
    assert.deepEqual(twin.paging.notFit, { page: 2, pageSize: LONG_PAGE, pages: Math.ceil(all.notFit.length / LONG_PAGE), total: all.notFit.length, start: LONG_PAGE })
    assert.deepEqual(twin.notFit.map((n: { id: string }) => n.id), all.notFit.slice(LONG_PAGE, 2 * LONG_PAGE).map((n: { id: string }) => n.id))
    assert.equal(twin.results.length, TOP_RESULTS)
  })
})
