import { readFileSync } from 'node:fs'

export interface SeedRow {
  group: 'nordic' | 'uk-usa'
  name: string
  marks: [boolean, boolean, boolean, boolean]
}

/**
 * Parses Table 9 as the seed's text extraction flattened it (see shared/seed/README.md): after the
 * header, each row is a name line and four cell lines, `X` or blank, under two group headings.
 */
export function parseSeedTable9(path = new URL('../fixtures/table-9-seed-extract.txt', import.meta.url)): SeedRow[] {
  const lines = readFileSync(path, 'utf8').split('\n').map((l) => l.replace(/\u00a0/g, ' ').trim())
  const start = lines.findIndex((l) => l === 'Single parents') + 1
  const rows: SeedRow[] = []
  let group: SeedRow['group'] | undefined
  for (let i = start; i < lines.length; ) {
    const line = lines[i]!
    if (line.startsWith('Universal prevention')) break
    if (/^Nordic effectiveness grading$/i.test(line)) {
      group = 'nordic'
      i++
      continue
    }
    if (/^Effectiveness grading in the UK\/USA$/i.test(line)) {
      group = 'uk-usa'
      i++
      continue
    }
    if (!group) throw new Error(`row before any group heading at line ${i + 1}: ${line}`)
    const cells = lines.slice(i + 1, i + 5)
    if (cells.length !== 4 || cells.some((c) => c !== '' && c !== 'X')) throw new Error(`bad cells after "${line}" at line ${i + 1}`)
    rows.push({ group, name: line, marks: cells.map((c) => c === 'X') as SeedRow['marks'] })
    i += 5
  }
  return rows
}
