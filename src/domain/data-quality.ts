import type { Catalogue, DataIssue } from './catalogue.ts'
import { LANGUAGES, type Source } from './source.ts'

/**
 * The rules that keep the shipped evidence checkable, beyond what one file's schema can say. Each
 * problem names its file and field. `npm run check:data` (and the test suite) fail on any.
 *
 * - every grade cites an exact page (a portal's root or home page does not count), a retrieval
 *   date and a short verbatim quote, and its level exists in its scale;
 * - every scale level has a tier and a rationale (the schema) and a verbatim native name;
 * - no two interventions share a name, acronym or alias;
 * - every evidence citation is one the chapter makes (`chapterCitations`);
 * - no public text names a file in this repository or the research notes;
 * - every description, need and evidence statement exists in all five languages.
 */
export interface QualityOptions {
  /** "Author et al.|2019" keys of the citations the chapter makes. */
  chapterCitations: ReadonlySet<string>
}

const HOME_PATHS = new Set(['', '/', '/index.html', '/index.php', '/en', '/en/', '/home', '/home/', '/fi', '/fi/', '/sv', '/sv/', '/no', '/no/', '/da', '/da/'])

/** True when a URL is a site's root or home page rather than the page that shows a fact. */
export function isHomePage(url: string): boolean {
  try {
    const u = new URL(url)
    return HOME_PATHS.has(u.pathname.toLowerCase()) && u.search === '' && u.hash === ''
  } catch {
    return true
  }
}

/** Repository paths and research-note names must never reach a reader. */
const REPO_PATH = /(shared\/research|research\/[\w-]+\.(md|jsonl)|\bdata\/(interventions|clearinghouses|evidence)\/|\.jsonl\b|audit-\d{4}-\d{2}-\d{2})/i

export function citationKey(authors: string, year: number): string {
  return `${authors.trim().toLowerCase().replace(/\s+/g, ' ')}|${year}`
}

export function checkQuality(c: Catalogue, opts: QualityOptions): DataIssue[] {
  const issues: DataIssue[] = []
  const fileOf = (o: object) => c.files.get(o) ?? '(unknown file)'

  const sourceIssues = (file: string, path: string, s: Source) => {
    if (s.url && isHomePage(s.url)) issues.push({ file, path: `${path}.url`, message: `"${s.url}" is a site's home page: cite the exact page that shows the fact` })
  }
  const textIssues = (file: string, path: string, value: unknown) => {
    if (typeof value === 'string') {
      if (REPO_PATH.test(value)) issues.push({ file, path, message: `names a repository file or research note ("${value.match(REPO_PATH)?.[0]}"); cite the real page instead` })
    } else if (Array.isArray(value)) value.forEach((v, i) => textIssues(file, `${path}.${i}`, v))
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) textIssues(file, path ? `${path}.${k}` : k, v)
  }
  const allLanguages = (file: string, path: string, text: Partial<Record<string, string>>) => {
    const missing = LANGUAGES.filter((l) => !text[l])
    if (missing.length > 0) issues.push({ file, path, message: `missing in ${missing.join(', ')} (every text is written in en, fi, sv, nb and da)` })
  }

  const chById = new Map(c.clearinghouses.map((ch) => [ch.id, ch]))
  for (const ch of c.clearinghouses) {
    const file = fileOf(ch)
    textIssues(file, '', ch)
    ch.scales.forEach((s, i) => {
      s.levels.forEach((l, j) => {
        if (!l.nativeName.trim()) issues.push({ file, path: `scales.${i}.levels.${j}.nativeName`, message: 'a level needs its native name, verbatim' })
      })
    })
  }

  const names = new Map<string, string>()
  for (const iv of c.interventions) {
    const file = fileOf(iv)
    textIssues(file, '', iv)
    allLanguages(file, 'description', iv.description)
    for (const n of [iv.name, ...iv.acronyms, ...iv.aliases]) {
      const key = n.trim().toLowerCase()
      const other = names.get(key)
      if (other && other !== iv.id) issues.push({ file, path: 'name', message: `"${n}" is also a name, acronym or alias of ${other}` })
      else names.set(key, iv.id)
    }
    iv.factSources.forEach((s, i) => sourceIssues(file, `factSources.${i}`, s))
    if (iv.prevention.basis.kind === 'source') sourceIssues(file, 'prevention.basis.source', iv.prevention.basis.source)
    if (iv.prevention.basis.kind === 'conflict') iv.prevention.basis.claims.forEach((cl, i) => sourceIssues(file, `prevention.basis.claims.${i}.source`, cl.source))
    iv.assessments.forEach((a, i) => {
      const path = `assessments.${i}`
      if (!a.source.url) issues.push({ file, path: `${path}.source.url`, message: 'a grade needs the exact page it came from' })
      else sourceIssues(file, `${path}.source`, a.source)
      if (a.level === null) return
      const scale = chById.get(a.clearinghouse)?.scales.find((s) => s.id === a.scale)
      if (scale && !scale.levels.some((l) => l.id === a.level)) issues.push({ file, path: `${path}.level`, message: `level "${a.level}" is not in scale ${scale.id}` })
    })
  }

  for (const n of c.needs.needs) {
    const file = fileOf(c.needs)
    allLanguages(file, `needs.${n.id}.name`, n.name)
    allLanguages(file, `needs.${n.id}.description`, n.description)
  }

  for (const set of c.evidenceSets) {
    const file = fileOf(set)
    textIssues(file, '', set)
    set.statements.forEach((s, i) => {
      allLanguages(file, `statements.${i}.statement`, s.statement)
      s.citations.forEach((ct, j) => {
        if (!opts.chapterCitations.has(citationKey(ct.authors, ct.year)))
          issues.push({ file, path: `statements.${i}.citations.${j}`, message: `"${ct.authors} ${ct.year}" is not a citation the chapter makes (data/chapter-citations.json)` })
      })
    })
  }
  return issues
}
