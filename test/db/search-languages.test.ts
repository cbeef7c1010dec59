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
