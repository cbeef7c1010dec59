import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { readCatalogue } from '../../src/catalogue/read-files.ts'
import { currentAssessments, tierOfAssessment, type TieredAssessment } from '../../src/domain/harmonise.ts'

// Each defect the data audit of 2026-11-28 found, pinned to its corrected record.
const { catalogue } = await readCatalogue()
const iv = (id: string) => {
  const found = catalogue.interventions.find((i) => i.id === id)
  assert.ok(found, id)
  return found
}
const chs = new Map(catalogue.clearinghouses.map((c) => [c.id, c]))
const tiered = (id: string): TieredAssessment[] => iv(id).assessments.map((a, i) => ({ ...a, seq: i + 1, tier: tierOfAssessment(a, chs) }))
const level = (ch: string, scale: string, id: string) => chs.get(ch)!.scales.find((s) => s.id === scale)!.levels.find((l) => l.id === id)

describe('the audit\'s wrong grades are corrected', () => {
  it('Promoting First Relationships: HomVEE\'s current grade is the 2021 "meets" of the Home Visiting Intervention Model; 2015 and 2019 are history', () => {
    const homvee = tiered('promoting-first-relationships').filter((a) => a.clearinghouse === 'homvee')
    const current = currentAssessments(homvee)
    const meets = current.find((a) => a.level === 'meets')
    assert.ok(meets, 'a current "meets"')
    assert.match(meets.appliesTo ?? '', /Intervention Model/)
    assert.equal(meets.reviewDate?.slice(0, 4), '2021')
    assert.ok(homvee.some((a) => a.reviewDate?.startsWith('2015') && !current.includes(a)), '2015 kept as history')
    assert.ok(homvee.some((a) => a.reviewDate?.startsWith('2019') && !current.includes(a)), '2019 kept as history')
    assert.ok(!current.some((a) => a.level === 'does-not-meet' && a.reviewDate?.startsWith('2015')))
  })
  it('ICDP: Ungsinn level 3 (2nd edition, 2017) cites its own second-hand source, not the page that reports level 4', () => {
    const three = iv('icdp').assessments.find((a) => a.clearinghouse === 'ungsinn' && a.level === '3')
    assert.ok(three)
    assert.notEqual(three.source.url, 'https://uit.no/go/target/918085')
    assert.equal(three.source.secondHand, true)
    assert.equal(three.reviewDate?.slice(0, 4), '2017')
    assert.match(three.quote, /evidensnivå 3/)
  })
  it('ICDP: Itla\'s 4/5 sits on Itla\'s own method-bank scale', () => {
    const itla = iv('icdp').assessments.find((a) => /4\/5/.test(a.nativeLevel))
    assert.ok(itla)
    assert.equal(itla.scale, 'itla-menetelmapankki')
  })
})

describe('grades belong to the variant graded', () => {
  it('ABC: HomVEE\'s "meets" is ABC-Infant\'s; ABC-Toddler does not meet', () => {
    const homvee = iv('attachment-and-biobehavioral-catch-up').assessments.filter((a) => a.clearinghouse === 'homvee')
    const meets = homvee.find((a) => a.level === 'meets')
    assert.ok(meets)
    assert.match(meets.appliesTo ?? '', /Infant/)
    const toddler = homvee.find((a) => /Toddler/.test(a.appliesTo ?? ''))
    assert.ok(toddler)
    assert.equal(toddler.level, 'does-not-meet')
  })
})

describe('the scales say what the portals say', () => {
  it('Scotland\'s framework rates 1–5: 4+ is not its top and not "strong"', () => {
    const scale = chs.get('scotland-eif')!.scales[0]!
    for (const id of ['5', '4', '3', '2', '1']) assert.ok(scale.levels.some((l) => l.id === id), id)
    assert.notEqual(level('scotland-eif', scale.id, '4+')?.tier, 'strong')
  })
  it('the pre-2015 Ungsinn criteria are mapped one level lower than before', () => {
    assert.equal(level('ungsinn', 'ungsinn-pre-2015', '1')?.tier, 'insufficient')
    assert.equal(level('ungsinn', 'ungsinn-pre-2015', '2')?.tier, 'theory-based')
    assert.equal(level('ungsinn', 'ungsinn-pre-2015', '3')?.tier, 'preliminary')
  })
  it('the old Kasvun tuki 2 stars follow Itla\'s own crosswalk ("promising"), not moderate', () => {
    assert.equal(level('kasvun-tuki', 'kasvun-tuki-pre-2022', '2')?.tier, 'preliminary')
  })
  it('level names are verbatim, not shortened', () => {
    assert.equal(level('kasvun-tuki', 'kasvun-tuki-2022', '4')?.nativeName, 'Kohtalainen dokumentoitu näyttö')
    assert.match(level('ungsinn', 'ungsinn-2015', '4')?.nativeName ?? '', /tilfredsstillende dokumentasjon på effekt/)
  })
})

describe('evidence statements say no more than the chapter', () => {
  const statements = new Map(catalogue.evidenceSets.flatMap((s) => s.statements).map((s) => [s.id, s]))
  it('birth-related PTSD and the relationship rests on Frankham et al., not Furuta', () => {
    const s = statements.get('birth-ptsd-relationship')
    assert.ok(s)
    assert.ok(s.citations.some((c) => c.authors.startsWith('Frankham')))
    assert.ok(!s.citations.some((c) => c.authors.startsWith('Furuta')))
  })
  it('oxytocin is reported as an association, not as protection', () => {
    const s = statements.get('oxytocin-touch-gaze')
    if (s) assert.notEqual(s.direction, 'protects')
  })
  it('the two-parent-families caveat is not attributed to the social-support studies', () => {
    const s = statements.get('evidence-two-parent-families')
    if (s) assert.ok(!s.citations.some((c) => ['Silva-Fernandez et al.', 'Xiao et al.', 'Shorey & Chan'].includes(c.authors)))
  })
})
