import assert from 'node:assert/strict'
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { readCatalogue, DEFAULT_DATA_DIR } from '../../src/catalogue/read-files.ts'
import { CatalogueError, type DataIssue } from '../../src/domain/catalogue.ts'

const tmp: string[] = []
after(() => tmp.forEach((d) => rmSync(d, { recursive: true, force: true })))

/** A copy of the shipped data to break on purpose. */
function dataCopy(): string {
  const root = mkdtempSync(join(tmpdir(), 'atlas-data-'))
  tmp.push(root)
  cpSync(DEFAULT_DATA_DIR, join(root, 'data'), { recursive: true })
  return join(root, 'data')
}
function edit(dir: string, file: string, change: (o: any) => void) {
  const p = join(dir, file)
  const o = JSON.parse(readFileSync(p, 'utf8'))
  change(o)
  writeFileSync(p, JSON.stringify(o))
}
async function issuesOf(dir: string): Promise<DataIssue[]> {
  try {
    await readCatalogue(dir)
  } catch (e) {
    assert.ok(e instanceof CatalogueError, String(e))
    return e.issues
  }
  assert.fail('the broken data was accepted')
}

describe('reading the shipped catalogue', () => {
  it('reads and validates every file', async () => {
    const { catalogue, version } = await readCatalogue()
    assert.match(version, /^[0-9a-f]{16}$/)
    assert.ok(catalogue.interventions.length >= 60, `${catalogue.interventions.length} interventions`)
    assert.equal(catalogue.interventions.filter((i) => i.reportInclusions.some((r) => r.report === 'table-9')).length, 21)
  })
  it('gives the same version for the same files', async () => {
    assert.equal((await readCatalogue()).version, (await readCatalogue(dataCopy())).version)
  })
  it('names the file, the field and what was expected for a bad value', async () => {
    const dir = dataCopy()
    edit(dir, 'interventions/mellow-bumps.json', (o) => { o.prevention.levels = ['sometimes'] })
    const issues = await issuesOf(dir)
    const issue = issues.find((i) => i.file === 'data/interventions/mellow-bumps.json')
    assert.ok(issue, JSON.stringify(issues))
    assert.equal(issue.path, 'prevention.levels.0')
    assert.match(issue.message, /universal|targeted|therapeutic/)
  })
  it('names a missing required field', async () => {
    const dir = dataCopy()
    edit(dir, 'interventions/icdp.json', (o) => { delete o.assessments[0].source.retrievedAt })
    const issues = await issuesOf(dir)
    assert.ok(issues.some((i) => i.file === 'data/interventions/icdp.json' && i.path === 'assessments.0.source.retrievedAt'), JSON.stringify(issues))
  })
  it('refuses a rating without a source', async () => {
    const dir = dataCopy()
    edit(dir, 'interventions/pcit.json', (o) => { o.assessments[0].source = { retrievedAt: '2026-11-26' } })
    const issues = await issuesOf(dir)
    assert.ok(issues.some((i) => i.path.startsWith('assessments.0.source') && /url.*document/.test(i.message)), JSON.stringify(issues))
  })
  it('names a reference to something that does not exist', async () => {
    const dir = dataCopy()
    let k = -1
    edit(dir, 'interventions/pcit.json', (o) => {
      k = o.assessments.findIndex((a: any) => a.clearinghouse === 'title-iv-e')
      o.assessments[k].level = 'excellent'
    })
    const issues = await issuesOf(dir)
    assert.deepEqual(issues.map((i) => [i.file, i.path]), [['data/interventions/pcit.json', `assessments.${k}.level`]])
    assert.match(issues[0]!.message, /expected a level of scale title-iv-e-ratings/)
  })
  it('names a file that is not JSON', async () => {
    const dir = dataCopy()
    writeFileSync(join(dir, 'interventions/broken.json'), '{"id": "broken",')
    const issues = await issuesOf(dir)
    assert.ok(issues.some((i) => i.file === 'data/interventions/broken.json' && /not valid JSON/.test(i.message)))
  })
  it('refuses Table 9 marks that do not match its columns', async () => {
    const dir = dataCopy()
    edit(dir, 'interventions/vig.json', (o) => { delete o.reportInclusions[0].marks['single-parents'] })
    const issues = await issuesOf(dir)
    assert.ok(issues.some((i) => i.path === 'reportInclusions.0.marks' && /missing single-parents/.test(i.message)))
  })
})
