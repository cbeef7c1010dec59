import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import { addSyntheticInterventions } from '../../bench/synthetic.ts'
import { GRADED_PAGE_SIZE } from '../../src/store/clearinghouses.ts'
import { mapInterventions, sqlMapInterventions } from '../../src/store/gap-map.ts'
import { CELL_LIST_LIMIT, FINDING_LIST_LIMIT, GAP_ROWS_PER_PAGE } from '../../src/web/gap-map/query.ts'
import { useApp } from '../helpers/app.ts'
import { backends } from '../helpers/store.ts'

/**
 * Pages that grow with the catalogue stay bounded (issue 18): with a few hundred synthetic
 * interventions beside the shipped ones, the whole-catalogue gap map and a clearinghouse page show a
 * page at a time, with links to the next, and their JSON twins are cut the same way.
 */
const SYNTHETIC = 600
const count = (html: string, re: RegExp) => [...html.matchAll(re)].length

for (const backend of backends()) {
  describe(`bounded pages on ${backend}`, () => {
    const ctx = useApp(backend)
    const get = (url: string) => ctx.app().inject({ method: 'GET', url })
    const json = async (url: string) => {
      const r = await get(url)
      assert.equal(r.statusCode, 200, `${url}: ${r.body.slice(0, 300)}`)
      return JSON.parse(r.body)
    }
    let total = 0
    before(async () => {
      await addSyntheticInterventions(ctx.store().db, SYNTHETIC, 1)
      total = (await json('/api/v1/gap-map?scope=all')).interventions
      assert.ok(total > SYNTHETIC, 'the synthetic interventions are in the catalogue')
    })

    it('the whole-catalogue gap map lists at most a page of rows and links to the next page', async () => {
      const r = await get('/gap-map?scope=all&columns=all')
      assert.equal(r.statusCode, 200)
      const body = r.body.slice(r.body.indexOf('<table class="gap-map"'), r.body.indexOf('</table>'))
      assert.equal(count(body, /<th scope="row"><a href="\/interventions\//g), GAP_ROWS_PER_PAGE)
      assert.match(r.body, /<nav class="pagination" aria-label="Result pages">/)
      assert.match(r.body, /<a rel="next" href="\/gap-map\?scope=all&amp;columns=all&amp;page=2">/)
      assert.match(r.body, new RegExp(`Showing 1–${GAP_ROWS_PER_PAGE} of ${total.toLocaleString('en')}`))
      // The exports take the rows shown; the other views start at their first page.
      assert.match(r.body, /href="\/gap-map.csv\?scope=all&amp;columns=all"/)
      const last = Math.ceil(total / GAP_ROWS_PER_PAGE)
      const end = await get(`/gap-map?scope=all&columns=all&page=${last}`)
      assert.equal(count(end.body, /<th scope="row"><a href="\/interventions\//g), total - (last - 1) * GAP_ROWS_PER_PAGE)
      assert.match(end.body, /<a rel="prev" href="\/gap-map\?scope=all&amp;columns=all&amp;page=/)
      assert.doesNotMatch(end.body, /rel="next"/)
    })

    it('its JSON twin and the API hold the same page, with the whole map\'s totals', async () => {
      const all = await json('/gap-map.json?scope=all&columns=lack-of-social-support')
      const two = await json('/api/v1/gap-map?scope=all&columns=lack-of-social-support&page=2')
      for (const m of [all, two]) {
        assert.equal(m.paging.rows, total)
        assert.equal(m.paging.pages, Math.ceil(total / GAP_ROWS_PER_PAGE))
        assert.equal(m.sections.reduce((n: number, s: any) => n + s.rows.length, 0), GAP_ROWS_PER_PAGE)
        assert.equal(m.interventions, total)
      }
      assert.equal(two.paging.page, 2)
      assert.equal(two.paging.from, GAP_ROWS_PER_PAGE + 1)
      assert.deepEqual(two.totals, all.totals)
      const ids = (m: any) => m.sections.flatMap((s: any) => s.rows.map((r: any) => r.id))
      assert.equal(new Set([...ids(all), ...ids(two)]).size, 2 * GAP_ROWS_PER_PAGE, 'page 2 goes on where page 1 ends')
    })

    it('a grouped cell and a finding name a bounded number of programmes, with their full counts', async () => {
      const m = await json('/gap-map.json?scope=all&rows=grading&columns=all&secondary=1')
      const cells = m.sections.flatMap((s: any) => s.rows.flatMap((r: any) => Object.values(r.cells))) as any[]
      assert.ok(cells.some((c) => c.primaryCount > CELL_LIST_LIMIT), 'some cell has more programmes than it lists')
      for (const c of cells) {
        assert.equal(c.primary.length, Math.min(c.primaryCount, CELL_LIST_LIMIT))
        assert.equal(c.secondary.length, Math.min(c.secondaryCount, CELL_LIST_LIMIT))
      }
      for (const f of m.findings) if (f.interventions) assert.ok(f.interventions.length <= FINDING_LIST_LIMIT && f.interventionCount >= f.interventions.length)
      const page = (await get('/gap-map?scope=all&rows=grading&columns=all&secondary=1')).body
      for (const [, cell] of page.matchAll(/data-cell="([^"]*)"/g)) assert.ok(JSON.parse(cell!.replaceAll('&quot;', '"').replaceAll('&amp;', '&')).length <= CELL_LIST_LIMIT)
      assert.match(page, /data-all-label="Show all \d+ in the map"/)
    })

    it('the whole-catalogue map from the index in memory has the rows the database gives', async () => {
      const db = ctx.store().db
      for (const q of [{ filters: {} }, { q: 'bonding', filters: { prevention: ['targeted'] } }, { filters: { need: ['co-parenting'], grading: ['nordic'] } }]) {
        const norm = (xs: Awaited<ReturnType<typeof mapInterventions>>) => xs.map((x) => ({ ...x, needs: [...x.needs].sort((a, b) => a.need.localeCompare(b.need)), prevention: [...x.prevention].sort(), gradingGroups: [...x.gradingGroups].sort(), clearinghouses: [...x.clearinghouses].sort() }))
        assert.deepEqual(norm(await mapInterventions(db, 'all', q)), norm(await sqlMapInterventions(db, 'all', q)))
      }
    })

    it('the chapter\'s Table 9 does not page', async () => {
      const m = await json('/api/v1/gap-map')
      assert.deepEqual([m.paging.page, m.paging.pages], [1, 1])
      assert.equal(m.sections.reduce((n: number, s: any) => n + s.rows.length, 0), 21)
    })

    it('a clearinghouse page lists its graded programmes a page at a time and links to the next', async () => {
      const { items } = await json('/clearinghouses.json')
      const ch = items.reduce((a: any, b: any) => (b.assessmentCount > a.assessmentCount ? b : a))
      assert.ok(ch.assessmentCount > GRADED_PAGE_SIZE, `${ch.id} has more grades than a page`)
      const r = await get(`/clearinghouses/${ch.id}`)
      assert.equal(count(r.body.slice(r.body.indexOf('<h2>Interventions with a grade recorded here')), /<li><a href="\/interventions\//g), GRADED_PAGE_SIZE)
      assert.match(r.body, /<nav class="pagination" aria-label="Result pages">/)
      assert.match(r.body, new RegExp(`<a rel="next" href="/clearinghouses/${ch.id}\\?page=2">`))
      assert.match(r.body, new RegExp(`Showing 1–${GRADED_PAGE_SIZE} of ${ch.assessmentCount.toLocaleString('en')}`))
      const j = await json(`/clearinghouses/${ch.id}.json?page=2`)
      assert.deepEqual(j.gradedPaging, { total: ch.assessmentCount, page: 2, pageSize: GRADED_PAGE_SIZE })
      assert.equal(j.graded.length, Math.min(GRADED_PAGE_SIZE, ch.assessmentCount - GRADED_PAGE_SIZE))
    })
  })
}
