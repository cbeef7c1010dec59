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
