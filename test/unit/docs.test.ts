import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, it } from 'node:test'
import { readCatalogue } from '../../src/catalogue/read-files.ts'
import { BEGIN, END, NUMBERS_BEGIN, NUMBERS_END, renderDataNumbers, renderTierTables } from '../../src/catalogue/tier-docs.ts'

const root = new URL('../../', import.meta.url)
const read = (p: string) => readFileSync(new URL(p, root), 'utf8')

describe('documentation kept honest', () => {
  it('docs/evidence-tiers.md shows the mappings the data holds (run `npx perinatal-atlas docs`)', async () => {
    const text = read('docs/evidence-tiers.md')
    const generated = text.slice(text.indexOf(BEGIN), text.indexOf(END) + END.length)
    assert.equal(generated, renderTierTables((await readCatalogue()).catalogue))
  })
  it('the README\'s numbers are the data\'s (run `npx perinatal-atlas docs`)', async () => {
    const text = read('README.md')
    const generated = text.slice(text.indexOf(NUMBERS_BEGIN), text.indexOf(NUMBERS_END) + NUMBERS_END.length)
    assert.equal(generated, renderDataNumbers((await readCatalogue()).catalogue))
  })
  it('the README documents every environment variable the config reads', () => {
    const readme = read('README.md')
    const config = read('src/config.ts')
    const vars = [...config.matchAll(/^\s+([A-Z_]+): z\./gm)].map((m) => m[1]!)
    assert.ok(vars.length >= 4)
    for (const v of vars) assert.ok(readme.includes(`\`${v}\``), `README lacks ${v}`)
  })
  it('the README lists every runtime dependency with a reason', () => {
    const readme = read('README.md')
    const pkg = JSON.parse(read('package.json'))
    for (const dep of [...Object.keys(pkg.dependencies), ...Object.keys(pkg.devDependencies)]) assert.ok(readme.includes(`\`${dep}\``), `README lacks ${dep}`)
  })
  it('the README documents every CLI command', () => {
    const readme = read('README.md')
    for (const c of ['serve', 'migrate', 'seed', 'export', 'import', 'monitor', 'user add', 'backup', 'restore', 'docs', 'check-data', 'watch']) assert.match(readme, new RegExp(`perinatal-atlas ${c}`))
  })
})
