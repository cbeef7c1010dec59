import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { useApp } from '../helpers/app.ts'
import { parseSeedTable9 } from '../helpers/seed-table-9.ts'
import { backends } from '../helpers/store.ts'

const COLUMNS = ['lack-of-social-support', 'relationship-challenges', 'bonding-attachment-early-interaction', 'single-parents']

for (const backend of backends()) {
  describe(`gap map on ${backend}`, () => {
    const ctx = useApp(backend)
    const get = (url: string, headers: Record<string, string> = {}) => ctx.app().inject({ method: 'GET', url, headers })
    const json = async (url: string) => {
      const r = await get(url)
      assert.equal(r.statusCode, 200, `${url}: ${r.body.slice(0, 300)}`)
      return JSON.parse(r.body)
    }

    it('by default is the chapter\'s Table 9, cell for cell', async () => {
      const map = await json('/api/v1/gap-map')
      assert.deepEqual(map.columns.map((c: any) => c.id), COLUMNS)
      const rows = map.sections.flatMap((s: any) => s.rows.map((r: any) => ({ group: s.id, name: r.nameInReport ?? r.label, marks: COLUMNS.map((c) => r.cells[c].primary.length === 1) })))
      const seed = parseSeedTable9().map((r) => ({ group: r.group, name: r.name, marks: r.marks }))
      const norm = (x: { group: string; name: string; marks: boolean[] }[]) => x.map((r) => ({ ...r, name: r.name.replace(/\s*\([^()]*\)\s*$/, '').replace(/\s+/g, ' ').trim().toLowerCase() }))
      assert.deepEqual(norm(rows), norm(seed))
      assert.deepEqual(map.sections.map((s: any) => s.label), ['Nordic effectiveness grading', 'Effectiveness grading in the UK/USA'])
      // As published: no secondary marks unless asked for.
      assert.ok(map.sections.every((s: any) => s.rows.every((r: any) => COLUMNS.every((c) => r.cells[c].secondary.length === 0))))
    })

    it('states the chapter\'s gaps, worked out from the data', async () => {
      const { findings } = await json('/api/v1/gap-map/findings')
      const by = (rule: string) => findings.filter((f: any) => f.rule === rule)
      assert.deepEqual(by('no-intervention').map((f: any) => f.need), ['single-parents'])
      assert.deepEqual(by('no-nordic-grading').map((f: any) => f.need), ['lack-of-social-support', 'relationship-challenges'])
      assert.deepEqual(by('single-intervention').map((f: any) => [f.need, f.intervention.id]), [['relationship-challenges', 'parenting-together-project']])
      assert.deepEqual(by('nothing-moderate-or-better').map((f: any) => f.need), ['lack-of-social-support'])
      const [levels] = by('prevention-levels')
      assert.equal(levels.total, 21)
      assert.deepEqual(levels.stated, { interventions: 21, universal: 8, targeted: 9, therapeutic: 4 })
      assert.match(by('single-intervention')[0].text, /Only one intervention has “Challenges in the couple relationship” as a primary goal: Parenting Together Project/)
    })

    it('narrowed to Nordic grading, map and findings change together', async () => {
      const map = await json('/api/v1/gap-map?grading=nordic')
      // The filter follows the grades: only Table 9 rows with a current Nordic grade, fewer than the report's 15 "Nordic" rows.
      const ids = map.sections.flatMap((s: any) => s.rows.map((r: any) => r.id))
      assert.equal(map.interventions, ids.length)
      assert.ok(ids.length > 0 && ids.length < 15, `${ids.length}`)
      for (const id of ids) assert.ok((await json(`/api/v1/interventions/${id}`)).gradingGroups.includes('nordic'), id)
      const none = map.findings.filter((f: any) => f.rule === 'no-intervention').map((f: any) => f.need)
      for (const need of ['lack-of-social-support', 'relationship-challenges', 'single-parents']) assert.ok(none.includes(need), need)
      assert.equal(map.findings.find((f: any) => f.rule === 'prevention-levels').stated, undefined, 'the chapter\'s totals describe the whole table only')
    })

    it('groups rows and counts, with secondary goals when asked, over any set of needs', async () => {
      const map = await json('/api/v1/gap-map?scope=all&rows=prevention&secondary=1&columns=loneliness-social-isolation,lack-of-social-support')
      const rows = map.sections[0].rows
      assert.deepEqual(rows.map((r: any) => r.id), ['universal', 'targeted', 'therapeutic', 'unknown'])
      const universal = rows[0]
      assert.ok(universal.cells['loneliness-social-isolation'].secondary.includes('epec-baby-and-us'))
      assert.equal(map.totals['loneliness-social-isolation'].primary, 0)
      assert.ok(map.totals['loneliness-social-isolation'].secondary >= 2)
      assert.ok(map.findings.some((f: any) => f.rule === 'no-intervention' && f.need === 'loneliness-social-isolation'))
    })

    it('refuses an unknown need or option with a 400 naming it', async () => {
      for (const [url, param] of [['/api/v1/gap-map?columns=nope', 'columns'], ['/api/v1/gap-map?rows=diagonal', 'rows'], ['/api/v1/gap-map?grading=mars', 'grading']] as const) {
        const r = await get(url)
        assert.equal(r.statusCode, 400, url)
        assert.match(JSON.parse(r.body).message, new RegExp(`"${param}"`))
      }
    })

    if (backend === 'pglite') {
      it('exports Table 9 in publication layout as Markdown and as an HTML table', async () => {
        const md = (await get('/gap-map.md')).body
        const lines = md.trim().split('\n')
        assert.equal(lines[0], '**Table 9. Identified effective psychosocial interventions in Relationship and connectedness domain**')
        assert.equal(lines[2], '| Intervention | Lack of social support | Challenges in relationship | Parent – child bonding, attachment and early interaction challenges | Single parents |')
        const rows = lines.filter((l) => l.startsWith('| ') && !l.startsWith('| **') && !l.startsWith('| Intervention'))
        // Findings, the source line and the date follow the table.
        assert.ok(lines.includes('**What the map shows**'))
        assert.ok(lines.some((l) => /^- No intervention has “Single parents” as a primary goal\.$/.test(l)))
        assert.ok(lines.some((l) => /^Source: Perinatal Atlas, data version [0-9a-f]+, grades retrieved \d{4}-\d{2}-\d{2}, http:\/\/localhost:3000\/gap-map\. Licence: CC-BY-4\.0\.$/.test(l)))
        assert.ok(lines.some((l) => /^Exported \d{4}-\d{2}-\d{2}\.$/.test(l)))
        assert.equal(rows.length, 21)
        assert.equal(rows.filter((l) => l.split('|').slice(2, 6).some((c) => c.trim() === 'X')).length, 21)
        assert.ok(lines.includes('| Parenting Together Project |  | X |  |  |'), lines.join('\n'))
        assert.ok(lines.includes('| Mellow Bumps (in the report: Mellow Bumbs) |  |  | X |  |'))
        const html = (await get('/gap-map/table.html')).body
        assert.match(html, /<h1>Table 9\. Identified effective/)
        assert.equal((html.match(/<th scope="row"/g) ?? []).length, 21)
        assert.equal((html.match(/<td align="center">X<\/td>/g) ?? []).length, 23)
        assert.match(html, /<h2>What the map shows<\/h2><ul><li>/)
        assert.match(html, /<p>Source: Perinatal Atlas, data version [0-9a-f]+, grades retrieved/)
      })
      it('exports CSV, the JSON twin, and SVG pictures with a text alternative and their own strict CSP', async () => {
        const csv = (await get('/gap-map.csv')).body
        assert.ok(csv.startsWith('\uFEFFSection,Id,Intervention,Best tier,'))
        const csvLines = csv.trim().split('\r\n')
        assert.equal(csvLines.indexOf(''), 22, 'the 21 rows, then a blank line')
        assert.equal(csvLines[23], 'What the map shows')
        assert.match(csvLines.at(-2)!, /^"Source: Perinatal Atlas, data version/)
        assert.match(csvLines.at(-1)!, /^Exported \d{4}-\d{2}-\d{2}\.$/)
        const twin = await json('/gap-map.json')
        const api = await json('/api/v1/gap-map')
        assert.deepEqual(twin.sections, api.sections)
        for (const url of ['/gap-map.svg', '/gap-map/charts/coverage.svg', '/gap-map/charts/tiers.svg']) {
          const r = await get(url)
          assert.equal(r.statusCode, 200, url)
          assert.match(r.headers['content-type'] as string, /image\/svg\+xml/)
          assert.match(r.body, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" role="img" aria-labelledby="t d"[^>]*><title id="t">[^<]+<\/title><desc id="d">[^<]+<\/desc>/)
          assert.equal(r.headers['content-security-policy'], "default-src 'none'; style-src 'unsafe-inline'")
          assert.doesNotMatch(r.body, /<script/i)
        }
      })
      it('exports in one language: a Swedish reader gets no English Table 9 wording, in every format', async () => {
        const md = (await get('/gap-map.md', { 'accept-language': 'sv' })).body
        assert.match(md, /^\*\*Tabell 9\. /)
        assert.match(md, /\| Insats \| Brist på socialt stöd \|/)
        assert.match(md, /\*\*Nordisk effektbedömning\*\*/)
        assert.match(md, /^Källa: Perinatal Atlas/m)
        for (const english of ['Table 9', 'Lack of social support', 'Nordic effectiveness grading', 'Effectiveness grading in the UK/USA', 'in the report', '| Intervention |', 'What the map shows', 'Source:'])
          assert.ok(!md.includes(english), `Swedish Markdown contains "${english}"`)
        const csv = (await get('/gap-map.csv?lang=sv')).body
        for (const english of ['Nordic effectiveness grading', 'section,', 'best_tier', 'Source:']) assert.ok(!csv.includes(english), `Swedish CSV contains "${english}"`)
        const svg = (await get('/gap-map.svg?lang=sv')).body
        assert.match(svg, /<title id="t">Tabell 9\./)
        assert.match(svg, /Källa: Perinatal Atlas/)
        assert.match(svg, /Exporterad \d{4}-\d{2}-\d{2}\./)
      })
      it('an "all needs" choice shows every need as a column, in the page and every export', async () => {
        const needs = (await json('/api/v1/gap-map?columns=all')).columns
        const all = await ctx.store().db.selectFrom('need').select('id').execute()
        assert.equal(needs.length, all.length)
        const page = (await get('/gap-map')).body
        assert.match(page, /<input type="checkbox" id="columns-all" name="columns" value="all"\/>/)
        assert.match(page, /href="\/gap-map\?columns=all"/)
        const xlsx = await ctx.app().inject({ method: 'GET', url: '/gap-map.xlsx?columns=all&scope=all&lang=fi' })
        const { default: readExcelFile } = await import('read-excel-file/node')
        const sheets = await readExcelFile(xlsx.rawPayload)
        assert.deepEqual(sheets.map((s) => s.sheet), ['Kartta', 'Havainnot', 'Tietoja'])
        assert.equal(sheets[0]!.data[0]!.length, 2 + all.length)
        assert.ok(sheets[1]!.data.length > 1, 'findings in the workbook')
        const about = sheets[2]!.data.map((r) => String(r[0]))
        for (const k of ['Lähde', 'Aineiston versio', 'Arviot haettu', 'Viety', 'Lisenssi']) assert.ok(about.includes(k), k)
      })
      it('on the page, the needs that carry marks come first and the caption stands outside the scrolling table', async () => {
        const page = (await get('/gap-map?columns=single-parents,lack-of-social-support')).body
        const thead = page.slice(page.indexOf('<table class="gap-map">'), page.indexOf('</thead>'))
        const heads = [...thead.matchAll(/<th scope="col"( class="gap-col--empty")?>([^<]+)<\/th>/g)].map((m) => [m[2], Boolean(m[1])])
        assert.deepEqual(heads.slice(1), [['Lack of social support', false], ['Single parents', true]])
        assert.match(page, /<p id="gap-caption" class="gap-caption">/)
        assert.match(page, /No intervention in this map targets: Single parents\./)
      })
      it('renders the page with the map, its legend, findings linked to their views, and exports', async () => {
        const page = (await get('/gap-map?lang=fi')).body
        assert.match(page, /<table class="gap-map">/)
        assert.match(page, /Yhdelläkään menetelmällä ei ole tavoitteena ensisijaisesti ”Yksinhuoltajat”/)
        assert.match(page, /href="\/gap-map\?columns=single-parents&amp;rows=interventions&amp;lang=fi"/)
        assert.match(page, /href="\/gap-map\.md\?lang=fi"/)
        // The island is an external module only; nothing inline.
        assert.match(page, /<script type="module" src="\/assets\/build\/gap-map\.js\?v=[0-9a-f]+"><\/script>/)
        assert.equal((page.match(/<script/g) ?? []).length, 1)
      })
    }
  })
}
