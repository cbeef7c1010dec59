import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { checkData } from '../../src/catalogue/check-data.ts'
import { checkQuality, isHomePage } from '../../src/domain/data-quality.ts'
import type { Catalogue } from '../../src/domain/catalogue.ts'

describe('the data check', () => {
  it('passes on the shipped data with no exceptions', async () => {
    const { issues } = await checkData()
    assert.deepEqual(issues.map((i) => `${i.file}: ${i.path}: ${i.message}`), [])
  })

  it('tells a home page from the page that shows a fact', () => {
    for (const u of ['https://guidebook.eif.org.uk', 'https://www.cebc4cw.org/', 'https://itla.fi/fi/', 'https://example.org/index.html']) assert.ok(isHomePage(u), u)
    for (const u of ['https://guidebook.eif.org.uk/programme/family-foundations', 'https://preventionservices.acf.hhs.gov/programs/258/show', 'https://homvee.acf.hhs.gov/EvidenceOverview.aspx?MIECHV=1']) assert.ok(!isHomePage(u), u)
  })

  it('names file and field for each kind of problem', () => {
    const src = { url: 'https://portal.example/programme/x', retrievedAt: '2026-11-28', secondHand: false }
    const grade = { clearinghouse: 'p', scale: 's', level: '1', nativeLevel: 'Level 1', scope: 'programme' as const, appliesTo: null, topic: null, reviewDate: null, edition: null, note: null, quote: 'Level 1', source: src }
    const text = { en: 'A programme.', fi: 'Ohjelma.', sv: 'Ett program.', nb: 'Et program.', da: 'Et program.' }
    const base = { acronyms: [], aliases: [], description: text, prevention: { levels: [], basis: { kind: 'unknown' as const, note: 'Not stated anywhere.' } }, needs: [], targetPopulation: null, childAge: null, formats: [], dosage: null, origin: null, links: [], factSources: [src], ratingsNotFound: [], reportInclusions: [], mentions: [] }
    const a = { ...base, id: 'a', name: 'Alpha', assessments: [{ ...grade, source: { ...src, url: 'https://portal.example/' } }] }
    const b = { ...base, id: 'b', name: 'Beta', aliases: ['alpha'], description: { en: 'See shared/research/interventions.md' }, assessments: [grade] }
    const c = {
      tiers: { tiers: [] }, needs: { domains: [], needs: [] },
      clearinghouses: [{ id: 'p', name: 'P', shortName: 'P', country: 'X', region: 'nordic', kind: 'portal', url: null, status: 'active', description: text, notes: [], source: src, scales: [{ id: 's', name: text, inUseFrom: null, inUseUntil: null, source: src, levels: [{ id: '1', nativeName: 'Level 1', tier: 'moderate', rationale: 'because it is so' }] }] }],
      interventions: [a, b], reports: [],
      evidenceSets: [{ id: 'e', title: 'E', source: src, statements: [{ id: 's1', factor: 'context', outcome: 'o', population: 'p', direction: 'describes', statement: text, needs: ['n'], citations: [{ authors: 'Nobody et al.', year: 2001 }] }] }],
      files: new Map(),
    } as unknown as Catalogue
    c.files.set(a, 'data/interventions/a.json')
    c.files.set(b, 'data/interventions/b.json')
    const issues = checkQuality(c, { chapterCitations: new Set() })
    const says = (file: string, path: string, re: RegExp) => assert.ok(issues.some((i) => i.file === file && i.path === path && re.test(i.message)), `${file} ${path} ${re}\n${JSON.stringify(issues, null, 1)}`)
    says('data/interventions/a.json', 'assessments.0.source.url', /home page/)
    says('data/interventions/b.json', 'name', /also a name.*of a/)
    says('data/interventions/b.json', 'description.en', /repository file/)
    says('data/interventions/b.json', 'description', /missing in fi, sv, nb, da/)
    assert.ok(issues.some((i) => i.path === 'statements.0.citations.0' && /not a citation the chapter makes/.test(i.message)))
  })
})
