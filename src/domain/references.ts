/**
 * The references behind the evidence statements as CSL-JSON items (the citation style language's
 * data model, which Zotero, Mendeley, pandoc and citeproc read). The chapter cites author and year
 * only; each item says so and names the statements that cite it, and the chapter itself is the
 * first item, with its full reference list for the rest.
 */
export interface CslItem {
  id: string
  type: string
  title?: string
  author?: ({ family: string } | { literal: string })[]
  issued: { 'date-parts': number[][] }
  publisher?: string
  number?: string
  URL?: string
  note?: string
}

export const CHAPTER_REFERENCE: CslItem = {
  id: 'nordic-council-of-ministers-2026',
  type: 'report',
  title: 'The First 1000 Days in the Nordics: Identifying Gaps and Needs to Strengthen Psychosocial Wellbeing',
  author: [{ literal: 'Nordic Council of Ministers' }],
  issued: { 'date-parts': [[2026]] },
  publisher: 'Nordic Council of Ministers',
  number: 'Nord 2026:002',
  URL: 'https://pub.norden.org/nord2026-002/',
  note: 'Chapter "Relationships and connectedness". Its reference list gives the full details of every work cited in the atlas\'s evidence statements.',
}

const slug = (s: string) => s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')

/** "Adhikary et al." → Adhikary (and others); "AlAmri & Smith" → AlAmri, Smith. */
export function parseAuthors(authors: string): { names: { family: string }[]; etAl: boolean } {
  const etAl = /\bet al\.?$/.test(authors.trim())
  const names = authors.replace(/\bet al\.?$/, '').split(/\s*(?:&|,|\band\b)\s*/).map((s) => s.trim()).filter(Boolean).map((family) => ({ family }))
  return { names, etAl }
}

export function evidenceReferences(statements: { id: string; citations: { authors: string; year: number }[] }[]): CslItem[] {
  const byKey = new Map<string, { authors: string; year: number; statements: string[] }>()
  for (const s of statements)
    for (const c of s.citations) {
      const key = `${slug(c.authors.replace(/\bet al\.?$/, ''))}-${c.year}`
      const entry = byKey.get(key) ?? { authors: c.authors, year: c.year, statements: [] }
      if (!entry.statements.includes(s.id)) entry.statements.push(s.id)
      byKey.set(key, entry)
    }
  const items = [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([id, c]): CslItem => {
    const { names, etAl } = parseAuthors(c.authors)
    return {
      id,
      type: 'article',
      author: names,
      issued: { 'date-parts': [[c.year]] },
      note: `${etAl ? 'et al. ' : ''}Cited as "${c.authors} (${c.year})" in Nordic Council of Ministers (2026), ${CHAPTER_REFERENCE.number}, for the atlas's evidence statements: ${c.statements.join(', ')}. Title and journal: see the chapter's reference list.`,
    }
  })
  return [CHAPTER_REFERENCE, ...items]
}
