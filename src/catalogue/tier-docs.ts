import type { Catalogue } from '../domain/catalogue.ts'
import { orderTiers } from '../domain/tier.ts'

export const BEGIN = '<!-- BEGIN GENERATED: tier mappings (perinatal-atlas docs) -->'
export const END = '<!-- END GENERATED -->'

const cell = (s: string) => s.replaceAll('|', '\\|').replaceAll('\n', ' ')

/** The tier scale and every clearinghouse level's mapping, as Markdown, from the data itself. */
export function renderTierTables(c: Catalogue): string {
  const tiers = orderTiers(c.tiers.tiers)
  const label = new Map(tiers.map((t) => [t.id, t.label]))
  const out = [BEGIN, '', '### The tiers', '', '| Rank | Tier | Meaning | May be recommended |', '|---|---|---|---|']
  for (const t of tiers) out.push(`| ${t.rank} | ${t.label} (\`${t.id}\`) | ${cell(t.description)} | ${t.recommendable ? 'yes' : 'no'} |`)
  for (const ch of c.clearinghouses) {
    out.push('', `### ${ch.name}`, '', `${ch.country}; ${ch.kind === 'review' ? 'a one-off review, not a portal' : 'portal'}; status: ${ch.status}.`)
    if (ch.scales.length === 0) out.push('', 'No grade of its own: nothing to harmonise.')
    for (const s of ch.scales) {
      out.push('', `**${s.name.en}**${s.note ? ` — ${s.note}` : ''}`, '', '| Level | Native name | Tier | Rationale |', '|---|---|---|---|')
      for (const l of s.levels) out.push(`| ${cell(l.id)} | ${cell(l.nativeName)}${l.gloss ? ` (${cell(l.gloss.en)})` : ''} | ${label.get(l.tier)} | ${cell(l.rationale)} |`)
    }
  }
  out.push('', END)
  return out.join('\n')
}

export const NUMBERS_BEGIN = '<!-- BEGIN GENERATED: data numbers (perinatal-atlas docs) -->'
export const NUMBERS_END = '<!-- END GENERATED: data numbers -->'

/** The catalogue's numbers as the README states them, from the data itself. */
export function renderDataNumbers(c: Catalogue): string {
  const grades = c.interventions.flatMap((iv) => iv.assessments)
  const region = new Map(c.clearinghouses.map((ch) => [ch.id, ch.region]))
  const graded = c.interventions.filter((iv) => iv.assessments.length > 0).length
  const byRegion = (r: string[]) => grades.filter((a) => r.includes(region.get(a.clearinghouse) ?? '')).length
  const inTable9 = c.interventions.filter((iv) => iv.reportInclusions.some((r) => r.report === 'table-9')).length
  const named = c.interventions.filter((iv) => iv.reportInclusions.length === 0 && iv.mentions.length > 0).length
  const secondHand = grades.filter((a) => a.source.secondHand).length
  const statements = c.evidenceSets.reduce((n, s) => n + s.statements.length, 0)
  return [
    NUMBERS_BEGIN,
    `- **${c.interventions.length} programmes**: the ${inTable9} of Table 9, ${named} more the chapter names, and ${c.interventions.length - inTable9 - named} that portals grade or list for pregnancy to age two;`,
    `- **${grades.length} grades** (${graded} programmes have at least one): ${byRegion(['nordic'])} from Nordic portals and reviews, ${byRegion(['uk', 'europe'])} from UK and European ones, ${byRegion(['usa'])} from US ones; ${secondHand} of them second-hand (reported by a third party), each marked so;`,
    `- **${c.clearinghouses.length} clearinghouses** (portals and reviews) with ${c.clearinghouses.reduce((n, ch) => n + ch.scales.length, 0)} rating scales;`,
    `- **${c.needs.needs.length} needs and circumstances**, and **${statements} evidence statements** from the chapter.`,
    NUMBERS_END,
  ].join('\n')
}
