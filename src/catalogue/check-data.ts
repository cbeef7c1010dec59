import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import { CatalogueError, type DataIssue } from '../domain/catalogue.ts'
import { checkQuality, citationKey } from '../domain/data-quality.ts'
import { Citation } from '../domain/evidence-statement.ts'
import { DEFAULT_DATA_DIR, readCatalogue, type ReadCatalogue } from './read-files.ts'

const ChapterCitations = z.object({ citations: z.array(Citation) }).passthrough()

/** The citations the chapter makes, from data/chapter-citations.json. */
export async function readChapterCitations(dir = DEFAULT_DATA_DIR): Promise<Set<string>> {
  const parsed = ChapterCitations.parse(JSON.parse(await readFile(join(dir, 'chapter-citations.json'), 'utf8')))
  return new Set(parsed.citations.map((c) => citationKey(c.authors, c.year)))
}

export interface DataCheck {
  read: ReadCatalogue | null
  issues: DataIssue[]
}

/** Reads the data (schemas and references) and applies the quality rules; collects every problem. */
export async function checkData(dir = DEFAULT_DATA_DIR): Promise<DataCheck> {
  let read: ReadCatalogue
  try {
    read = await readCatalogue(dir)
  } catch (e) {
    if (e instanceof CatalogueError) return { read: null, issues: e.issues }
    throw e
  }
  const issues = checkQuality(read.catalogue, { chapterCitations: await readChapterCitations(dir) })
  return { read, issues }
}
