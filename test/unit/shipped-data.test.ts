import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { readCatalogue } from '../../src/catalogue/read-files.ts'

const { catalogue } = await readCatalogue()
const byId = new Map(catalogue.interventions.map((i) => [i.id, i]))

describe('the shipped catalogue holds what the chapter and the research notes say', () => {
  it('has the clearinghouses the research covers', () => {
    const ids = catalogue.clearinghouses.map((c) => c.id)
    for (const id of ['ungsinn', 'kasvun-tuki', 'vidensportalen', 'metodguiden', 'eif-guidebook', 'cebc', 'blueprints', 'title-iv-e', 'homvee', 'scotland-eif'])
      assert.ok(ids.includes(id), id)
  })
  it('has the seven interventions the chapter names outside Table 9, not listed in it', () => {
    for (const id of ['attachment-and-biobehavioral-catch-up', 'minding-the-baby', 'circle-of-security', 'family-foundations', 'solihull-antenatal-parenting-group', 'kangaroo-mother-care', 'interpersonal-psychotherapy']) {
      const iv = byId.get(id)
      assert.ok(iv, id)
      assert.deepEqual(iv.reportInclusions, [], id)
      assert.ok(iv.mentions.length > 0, `${id} says where the chapter mentions it`)
    }
  })
  it('finds Mellow Bumps under the seed\'s misspelling', () => {
    assert.ok(byId.get('mellow-bumps')?.aliases.includes('Mellow Bumbs'))
  })
  it('gives every rating its page, a retrieval date of the research and a quote', () => {
    let n = 0
    for (const iv of catalogue.interventions)
      for (const a of iv.assessments) {
        n++
        assert.ok(a.source.url, `${iv.id}: ${a.nativeLevel}`)
        assert.ok(['2026-11-26', '2026-11-28'].includes(a.source.retrievedAt), `${iv.id}: ${a.source.retrievedAt}`)
        assert.ok(a.quote.length > 0)
      }
    assert.ok(n >= 150, `only ${n} ratings`)
  })
  it('keeps "not found" as unknown: no grade of their own where the research found none', () => {
    for (const id of ['copeing-with-toddler-behavior', 'marte-meo', 'mellow-bumps', 'parent-baby-intervention', 'kangaroo-mother-care', 'solihull-antenatal-parenting-group'])
      assert.deepEqual(byId.get(id)?.assessments.filter((a) => a.scope === 'programme' || a.scope === 'variant'), [], id)
  })
  it('records grades of other versions with the version named, never as the listed programme', () => {
    const iy = byId.get('incredible-years')!
    const ungsinn = iy.assessments.find((a) => a.clearinghouse === 'ungsinn')!
    assert.equal(ungsinn.scope, 'related')
    assert.match(ungsinn.appliesTo ?? '', /3–6/)
    // Child–Parent Psychotherapy's grades are its own (a separate entry) and only "related" on IPP.
    const ipp = byId.get('infant-parent-psychotherapy')!.assessments
    assert.ok(ipp.some((a) => a.scope === 'programme' && a.clearinghouse === 'eif-guidebook'))
    for (const a of ipp.filter((a) => a.clearinghouse !== 'eif-guidebook')) {
      assert.equal(a.scope, 'related')
      assert.match(a.appliesTo ?? '', /Child[–-]Parent Psychotherapy|CPP/)
    }
    for (const a of byId.get('supporting-parent-child-interaction')!.assessments) assert.equal(a.scope, 'unconfirmed')
  })
  it('has at least 25 evidence statements, each with a citation', () => {
    const statements = catalogue.evidenceSets.flatMap((s) => s.statements)
    assert.ok(statements.length >= 25)
    for (const s of statements) assert.ok(s.citations.length > 0, s.id)
  })
  it('says where every prevention level comes from', () => {
    for (const iv of catalogue.interventions) {
      const b = iv.prevention.basis
      assert.ok(['source', 'editorial-judgement', 'unknown', 'conflict'].includes(b.kind), iv.id)
    }
  })
  it('maps every level of every scale to a tier with a rationale', () => {
    const tiers = new Set(catalogue.tiers.tiers.map((t) => t.id))
    for (const c of catalogue.clearinghouses)
      for (const s of c.scales)
        for (const l of s.levels) {
          assert.ok(tiers.has(l.tier), `${c.id}/${s.id}/${l.id}`)
          assert.ok(l.rationale.length >= 10)
        }
  })
})

describe('Table 9 marks and the interventions\' primary needs agree', () => {
  it('every Table 9 mark is a primary need and every primary need among its columns is marked', () => {
    const table = catalogue.reports.find((r) => r.id === 'table-9')!
    const columns = table.columns.map((c) => c.need)
    for (const iv of catalogue.interventions)
      for (const inc of iv.reportInclusions.filter((r) => r.report === 'table-9')) {
        const primary = iv.needs.filter((n) => n.role === 'primary' && columns.includes(n.need)).map((n) => n.need).sort()
        const marked = columns.filter((c) => inc.marks[c]).sort()
        assert.deepEqual(primary, marked, iv.id)
      }
  })
})
