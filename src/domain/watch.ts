import { z } from 'zod'

/**
 * How the page watch reads one portal: the scale its pages use now, its listing pages, and the
 * wording in which its pages state a grade. Kept as data beside the portal's scale (the optional
 * `watch` field of `data/clearinghouses/<id>.json`).
 */
export const GradePattern = z
  .object({
    /** A regular expression over the page's main text (case-insensitive, Unicode). */
    pattern: z.string().min(1),
    /** The scale level it states; "$1" takes the first group, compared with level ids case-insensitively. */
    level: z.string().min(1),
  })
  .strict()
export type GradePattern = z.infer<typeof GradePattern>

export const ClearinghouseWatch = z
  .object({
    /** The scale the portal's pages word their grades in now. */
    scale: z.string().min(1),
    /** Pages that list the portal's programmes: watched for any change, never read for a grade. */
    listingPages: z.array(z.url({ protocol: /^https?$/ })).default([]),
    /** Tried together over the text; where two overlap, the one listed first wins. */
    patterns: z.array(GradePattern).min(1),
  })
  .strict()
  .superRefine((w, ctx) => {
    w.patterns.forEach((p, i) => {
      try {
        new RegExp(p.pattern, 'iu')
      } catch (e) {
        ctx.addIssue({ code: 'custom', path: ['patterns', i, 'pattern'], message: `not a regular expression: ${(e as Error).message}` })
      }
    })
  })
export type ClearinghouseWatch = z.infer<typeof ClearinghouseWatch>

/** One statement of a grade found in a page's text. */
export interface GradeMention {
  level: string
  /** The words that state it, exactly as on the page. */
  text: string
  index: number
}

/**
 * Every grade the text states, in order. Overlapping matches keep the earlier pattern's; a "$1"
 * level that is not one of the scale's is not a grade.
 */
export function readGrades(text: string, patterns: readonly GradePattern[], levels: readonly string[]): GradeMention[] {
  const found: (GradeMention & { end: number; rank: number })[] = []
  patterns.forEach((p, rank) => {
    const re = new RegExp(p.pattern, 'giu')
    for (const m of text.matchAll(re)) {
      if (m[0].length === 0) continue
      const wanted = p.level.includes('$1') ? p.level.replace('$1', (m[1] ?? '').trim()) : p.level
      const level = levels.find((l) => l.toLowerCase() === wanted.toLowerCase())
      if (level === undefined) continue
      found.push({ level, text: m[0].trim(), index: m.index, end: m.index + m[0].length, rank })
    }
  })
  found.sort((a, b) => a.index - b.index || a.rank - b.rank)
  const out: GradeMention[] = []
  let end = -1
  for (const f of found) {
    if (f.index < end) continue
    out.push({ level: f.level, text: f.text, index: f.index })
    end = f.end
  }
  return out
}

/** Text folded for comparing a quote with a page: case, Unicode forms, quotes, dashes and spacing. */
export function foldText(s: string): string {
  return s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2018\u2019\u201a\u201b\u2032`´]/g, "'")
    .replace(/[\u201c\u201d\u201e\u201f\u2033«»]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/\u00ad/g, '')
    .replace(/\s+/g, ' ')
    .trim()
}

/**
 * Whether the page still says what we quote. An ellipsis in the quote ("…" or "...") marks words
 * left out: each part must appear, in order.
 */
export function quoteFound(text: string, quote: string): boolean {
  const hay = foldText(text)
  let from = 0
  for (const part of quote.split(/\u2026|\.\.\./).map((p) => foldText(p).replace(/^[\s"'.,;:-]+|[\s"'.,;:-]+$/g, '')).filter(Boolean)) {
    const at = hay.indexOf(part, from)
    if (at < 0) return false
    from = at + part.length
  }
  return true
}

/** A current grade that cites a watched page. */
export interface CitingGrade {
  assessmentId: string
  intervention: string
  level: string | null
  quote: string | null
}

export type GradeReading =
  | { assessmentId: string; state: 'same'; mention: GradeMention }
  | { assessmentId: string; state: 'changed'; proposed: GradeMention }
  | { assessmentId: string; state: 'unclear'; levels: string[] }
  | { assessmentId: string; state: 'not-stated' }

/**
 * What a programme's page says about each grade that cites it. A grade still stated is "same";
 * otherwise, if the page states exactly one level no other citing grade holds, that is the
 * proposed new grade; several candidates are "unclear"; none is "not-stated".
 */
export function compareGrades(mentions: readonly GradeMention[], citing: readonly CitingGrade[]): GradeReading[] {
  const stated = [...new Set(mentions.map((m) => m.level))]
  const recorded = new Set(citing.map((c) => c.level).filter((l): l is string => l !== null))
  return citing.map((c): GradeReading => {
    if (stated.length === 0) return { assessmentId: c.assessmentId, state: 'not-stated' }
    const same = c.level === null ? undefined : mentions.find((m) => m.level === c.level)
    if (same) return { assessmentId: c.assessmentId, state: 'same', mention: same }
    const candidates = stated.filter((l) => !recorded.has(l))
    if (candidates.length === 1) return { assessmentId: c.assessmentId, state: 'changed', proposed: mentions.find((m) => m.level === candidates[0])! }
    return { assessmentId: c.assessmentId, state: 'unclear', levels: stated }
  })
}

/**
 * Whether a page is one programme's own page, to be read for a grade: not a portal's front page,
 * and cited by the grades of one intervention only (a page several interventions cite is a portal's
 * general page; it is watched for its quotes and its availability, not read for a grade).
 */
export function isProgrammePage(url: string, interventions: ReadonlySet<string>): boolean {
  const u = new URL(url)
  return u.pathname.replace(/\/+$/, '') !== '' && interventions.size === 1
}

/** One redirect followed while fetching a page. */
export interface Hop {
  status: number
  from: string
  to: string
}

export type FindingKind = 'grade-changed' | 'quote-missing' | 'moved' | 'vanished' | 'failing' | 'listing-changed'

/** A finding as one check sees it; its identity says whether it is already known. */
export interface FindingDraft {
  kind: FindingKind
  identity: string
  assessmentId: string | null
  intervention: string | null
  proposed: GradeMention | null
  detail: Record<string, unknown>
}

export interface PageCheck {
  url: string
  outcome: 'ok' | 'not-modified' | 'gone' | 'error' | 'disallowed' | 'unsupported'
  status: number | null
  redirects: readonly Hop[]
  error: string | null
  /** The page's text now (for ok and not-modified). */
  text: string | null
  /** True when the text differs from the previous version (and there was one). */
  changedSincePrevious: boolean
  /** Consecutive failed checks, this one included. */
  failures: number
  failuresBeforeFinding: number
  listing: boolean
  programmePage: boolean
  citing: readonly (CitingGrade & { scale: string })[]
  /** The portal's watch rules, when it has them. */
  reading: { scale: string; patterns: readonly GradePattern[]; levels: readonly string[] } | null
}

export interface CheckVerdict {
  findings: FindingDraft[]
  /** The kinds this check could judge: their known findings that are not among `findings` no longer hold. */
  judged: FindingKind[]
  /** Per citing grade: whether the page still says what we quote (null: no quote, or not read). */
  quotes: Map<string, boolean | null>
  /** Per citing grade: the level the page states for it, where it was read. */
  grades: Map<string, string | null>
}

const short = (s: string) => fnv1a(s)
/** A short stable key for a text (no crypto in the domain: a 32-bit FNV-1a is enough to tell quotes apart). */
function fnv1a(s: string): string {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0
  return h.toString(16).padStart(8, '0')
}

/**
 * What one check of one page means for the curators: the findings it shows (a changed grade, a
 * quote no longer on the page, a permanent move, a page gone, a page that keeps failing, a changed
 * listing) and which earlier findings it can lay to rest.
 */
export function judgeCheck(c: PageCheck): CheckVerdict {
  const findings: FindingDraft[] = []
  const judged: FindingKind[] = []
  const quotes = new Map<string, boolean | null>()
  const grades = new Map<string, string | null>()
  const id = (kind: FindingKind, assessment: string | null, key: string) => `${kind}|${c.url}|${assessment ?? ''}|${key}`
  const answered = c.outcome === 'ok' || c.outcome === 'not-modified' || c.outcome === 'gone'

  if (answered) {
    judged.push('moved', 'failing')
    const permanent = c.redirects.find((h) => h.status === 301 || h.status === 308)
    if (permanent) {
      const to = c.redirects.at(-1)!.to
      findings.push({ kind: 'moved', identity: id('moved', null, to), assessmentId: null, intervention: null, proposed: null, detail: { to, redirects: c.redirects } })
    }
  }
  if (c.outcome === 'gone') {
    judged.push('vanished')
    findings.push({ kind: 'vanished', identity: id('vanished', null, ''), assessmentId: null, intervention: null, proposed: null, detail: { status: c.status } })
  }
  if (c.outcome === 'error' && c.failures >= c.failuresBeforeFinding)
    findings.push({ kind: 'failing', identity: id('failing', null, ''), assessmentId: null, intervention: null, proposed: null, detail: { failures: c.failures, error: c.error, status: c.status } })

  if ((c.outcome === 'ok' || c.outcome === 'not-modified') && c.text !== null) {
    judged.push('vanished', 'quote-missing', 'grade-changed')
    if (c.listing && c.changedSincePrevious) findings.push({ kind: 'listing-changed', identity: id('listing-changed', null, short(c.text)), assessmentId: null, intervention: null, proposed: null, detail: {} })
    for (const g of c.citing) {
      if (!g.quote) quotes.set(g.assessmentId, null)
      else {
        const found = quoteFound(c.text, g.quote)
        quotes.set(g.assessmentId, found)
        if (!found) findings.push({ kind: 'quote-missing', identity: id('quote-missing', g.assessmentId, short(foldText(g.quote))), assessmentId: g.assessmentId, intervention: g.intervention, proposed: null, detail: { quote: g.quote } })
      }
    }
    if (c.programmePage && c.reading) {
      const mentions = readGrades(c.text, c.reading.patterns, c.reading.levels)
      const citing = c.citing.map((g) => ({ ...g, level: g.scale === c.reading!.scale ? g.level : null }))
      for (const r of compareGrades(mentions, citing)) {
        const g = c.citing.find((x) => x.assessmentId === r.assessmentId)!
        grades.set(r.assessmentId, r.state === 'same' ? r.mention.level : r.state === 'changed' ? r.proposed.level : null)
        if (r.state === 'changed')
          findings.push({ kind: 'grade-changed', identity: id('grade-changed', g.assessmentId, r.proposed.level), assessmentId: g.assessmentId, intervention: g.intervention, proposed: r.proposed, detail: { from: g.level, fromScale: g.scale } })
      }
    }
  }
  return { findings, judged, quotes, grades }
}
