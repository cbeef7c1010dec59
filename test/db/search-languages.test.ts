import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { readCatalogue } from '../../src/catalogue/read-files.ts'
import { useApp } from '../helpers/app.ts'
import { backends } from '../helpers/store.ts'

// A Finnish, Swedish, Norwegian or Danish word finds the programmes whose description or targeted
// needs carry it in that language, inflected forms included. The expectation is read from the data
// files with a plain word match, independently of the database's stemming.
const { catalogue } = await readCatalogue()
const needName = new Map(catalogue.needs.needs.map((n) => [n.id, n.name as Record<string, string | undefined>]))
const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()
function carrying(lang: string, forms: RegExp): string[] {
  return catalogue.interventions
    .filter((iv) => {
      const texts = [(iv.description as Record<string, string | undefined>)[lang] ?? '', ...iv.needs.map((n) => needName.get(n.need)?.[lang] ?? '')]
      return texts.some((t) => forms.test(fold(t)))
    })
    .map((iv) => iv.id)
}

const CASES: [lang: string, query: string, forms: RegExp][] = [
  ['fi', 'vauva', /\bvauva/],
  ['fi', 'kiintymys', /\bkiintymy/],
  ['fi', 'vuorovaikutus', /\bvuorovaikutu/],
  ['fi', 'vuorovaikutuksen', /\bvuorovaikutu/],
  ['sv', 'samspel', /\bsamspe/],
  ['sv', 'föräldraskap', /\bforaldras/],
  ['nb', 'tilknytning', /\btilknytn/],
  ['da', 'tilknytning', /\btilknytn/],
]

for (const backend of backends()) {
  describe(`search in every language on ${backend}`, () => {
    const ctx = useApp(backend)
    for (const [lang, q, forms] of CASES) {
      it(`"${q}" finds every programme whose ${lang} text carries it`, async () => {
        const expected = carrying(lang, forms)
        assert.ok(expected.length > 0, `some ${lang} text carries "${q}"`)
        const r = (await ctx.app().inject(`/api/v1/interventions?q=${encodeURIComponent(q)}&pageSize=100&lang=${lang}`)).json() as any
        const found = new Set(r.items.map((i: any) => i.id))
        assert.deepEqual(expected.filter((id) => !found.has(id)), [])
      })
    }
  })
}

describe('CSV for Nordic spreadsheets', () => {
  const ctx = useApp('pglite')
  it('offers semicolon-separated CSV with headings and labels in the reader\'s language, linked from the page', async () => {
    const page = (await ctx.app().inject('/interventions?q=vauva&lang=fi')).body
    assert.match(page, /href="\/interventions\.csv\?q=vauva&amp;sep=semicolon&amp;lang=fi"/)
    const csv = (await ctx.app().inject('/interventions.csv?q=vauva&sep=semicolon&lang=fi')).body
    const [header, first] = csv.replace(/^\uFEFF/, '').split('\r\n')
    assert.ok(header!.split(';').length >= 10, header)
    assert.ok(!header!.includes(','), 'no comma separates the columns')
    assert.doesNotMatch(header!, /primary_needs|best_tier/, 'headings in Finnish, not ids')
    assert.ok(first && first.split(';').length >= 10)
    const grades = (await ctx.app().inject('/interventions.csv?q=vauva&table=assessments&sep=semicolon&lang=sv')).body
    assert.ok(grades.replace(/^\uFEFF/, '').split('\r\n')[0]!.split(';').length >= 10)
    // Without a language the columns keep their stable ids, comma-separated, for scripts.
    assert.match((await ctx.app().inject('/interventions.csv?q=vauva')).body, /^\uFEFFid,name,acronyms,primary_needs/)
  })
})
