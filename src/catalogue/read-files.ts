import { createHash } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import type { z } from 'zod'
import { checkReferences, CatalogueError, type Catalogue, type ReadCatalogue, type DataIssue } from '../domain/catalogue.ts'
import { Clearinghouse } from '../domain/clearinghouse.ts'
import { EvidenceSetFile } from '../domain/evidence-statement.ts'
import { Intervention } from '../domain/intervention.ts'
import { NeedsFile } from '../domain/need.ts'
import { ReportTable } from '../domain/report.ts'
import { TierScale } from '../domain/tier.ts'
import { ROOT } from '../paths.ts'

/** The shipped catalogue's folder, beside src/. */
export const DEFAULT_DATA_DIR = `${ROOT}/data/`

export type { ReadCatalogue }

/**
 * Reads and validates every data file. Collects all problems before failing, so a curator sees
 * every mistake at once, each named by file, field and what was expected.
 */
export async function readCatalogue(dir = DEFAULT_DATA_DIR): Promise<ReadCatalogue> {
  const issues: DataIssue[] = []
  const files = new Map<object, string>()
  const hash = createHash('sha256')

  async function parse<S extends z.ZodType>(path: string, schema: S): Promise<z.output<S> | undefined> {
    const name = relative(join(dir, '..'), path)
    let text: string
    try {
      text = await readFile(path, 'utf8')
    } catch (e) {
      issues.push({ file: name, path: '', message: `cannot be read: ${(e as Error).message}` })
      return undefined
    }
    hash.update(name).update('\0').update(text).update('\0')
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch (e) {
      issues.push({ file: name, path: '', message: `is not valid JSON: ${(e as Error).message}` })
      return undefined
    }
    const result = schema.safeParse(json)
    if (!result.success) {
      for (const issue of result.error.issues) issues.push({ file: name, path: issue.path.join('.'), message: issue.message })
      return undefined
    }
    files.set(result.data as object, name)
    return result.data
  }

  async function parseFolder<S extends z.ZodType>(folder: string, schema: S): Promise<z.output<S>[]> {
    let names: string[]
    try {
      names = (await readdir(join(dir, folder))).filter((n) => n.endsWith('.json')).sort()
    } catch (e) {
      issues.push({ file: `data/${folder}`, path: '', message: `cannot be read: ${(e as Error).message}` })
      return []
    }
    const out: z.output<S>[] = []
    for (const n of names) {
      const v = await parse(join(dir, folder, n), schema)
      if (v !== undefined) out.push(v)
    }
    return out
  }

  const tiers = await parse(join(dir, 'evidence-tiers.json'), TierScale)
  const needs = await parse(join(dir, 'needs.json'), NeedsFile)
  const clearinghouses = await parseFolder('clearinghouses', Clearinghouse)
  const interventions = await parseFolder('interventions', Intervention)
  const reports = await parseFolder('reports', ReportTable)
  const evidenceSets = await parseFolder('evidence', EvidenceSetFile)
  if (issues.length > 0 || !tiers || !needs) throw new CatalogueError(issues)

  const catalogue: Catalogue = { tiers, needs, clearinghouses, interventions, reports, evidenceSets, files }
  const refIssues = checkReferences(catalogue)
  if (refIssues.length > 0) throw new CatalogueError(refIssues)
  return { catalogue, version: hash.digest('hex').slice(0, 16) }
}
