// The dependency rule (docs/architecture.md), checked on the source itself: who may import whom,
// no import circles, and no query built in the web layer.
import assert from 'node:assert/strict'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { describe, it } from 'node:test'

const ROOT = resolve(import.meta.dirname, '../..')
const SRC = join(ROOT, 'src')

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f)
    return statSync(p).isDirectory() ? walk(p) : /\.tsx?$/.test(f) && !f.endsWith('.d.ts') ? [p] : []
  })
}

interface Module {
  file: string
  /** Files under src/ this one imports (type-only imports included: they tie the code together too). */
  local: string[]
  /** Packages it imports. */
  packages: string[]
}

const IMPORT = /(?:^|[\s;])(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g

function readModule(file: string): Module {
  const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '')
  const local: string[] = []
  const packages: string[] = []
  for (const m of text.matchAll(IMPORT)) {
    const spec = (m[1] ?? m[2])!
    if (spec.startsWith('.')) local.push(resolve(dirname(file), spec))
    else packages.push(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!)
  }
  return { file, local, packages }
}

const modules = walk(SRC).map(readModule)
const rel = (f: string) => relative(SRC, f)
/** The top folder under src/ (domain, store, web, …), and for web the feature folder. */
const layer = (f: string) => rel(f).split('/')[0]!
const SHARED_WEB = new Set(['kit', 'i18n', 'deps.ts'])
const webFeature = (f: string) => {
  const parts = rel(f).split('/')
  return parts[0] === 'web' && parts.length > 2 && !SHARED_WEB.has(parts[1]!) ? parts[1]! : undefined
}

describe('the dependency rule', () => {
  it('finds the modules it checks', () => {
    assert.ok(modules.length > 100, `only ${modules.length} modules found under src/`)
    assert.ok(modules.some((m) => rel(m.file) === 'web/interventions/pages.ts'))
  })

  it('domain imports only itself and zod', () => {
    const bad = modules
      .filter((m) => layer(m.file) === 'domain')
      .flatMap((m) => [...m.local.filter((l) => layer(l) !== 'domain').map(rel), ...m.packages.filter((p) => p !== 'zod' && !p.startsWith('node:'))].map((x) => `${rel(m.file)} → ${x}`))
    assert.deepEqual(bad, [])
  })

  it('store imports only the domain and itself', () => {
    const bad = modules
      .filter((m) => layer(m.file) === 'store')
      .flatMap((m) => m.local.filter((l) => !['domain', 'store', 'paths.ts'].includes(layer(l))).map((l) => `${rel(m.file)} → ${rel(l)}`))
    assert.deepEqual(bad, [])
  })

  it('workflows use the domain, the store and the importers, never the web', () => {
    const bad = modules
      .filter((m) => layer(m.file) === 'workflows')
      .flatMap((m) => m.local.filter((l) => !['domain', 'store', 'importers', 'workflows', 'paths.ts'].includes(layer(l))).map((l) => `${rel(m.file)} → ${rel(l)}`))
    assert.deepEqual(bad, [])
  })

  it('a web feature never imports another feature, and the shared kit imports no feature', () => {
    const bad = modules
      .filter((m) => layer(m.file) === 'web')
      .flatMap((m) => {
        const own = webFeature(m.file)
        return m.local.filter((l) => layer(l) === 'web' && webFeature(l) !== undefined && webFeature(l) !== own).map((l) => `${rel(m.file)} → ${rel(l)}`)
      })
    assert.deepEqual(bad, [])
  })

  it('nothing under src/web imports the app, and the web layer builds no query (no Kysely)', () => {
    const web = modules.filter((m) => layer(m.file) === 'web')
    assert.deepEqual(web.filter((m) => m.local.some((l) => rel(l) === 'app.ts')).map((m) => rel(m.file)), [])
    assert.deepEqual(web.filter((m) => m.packages.includes('kysely')).map((m) => rel(m.file)), [])
    const queries = web.filter((m) => /\.(selectFrom|insertInto|updateTable|deleteFrom)\(|\bsql`/.test(readFileSync(m.file, 'utf8'))).map((m) => rel(m.file))
    assert.deepEqual(queries, [])
  })

  it('has no import circle', () => {
    const graph = new Map(modules.map((m) => [m.file, m.local.filter((l) => l !== m.file)]))
    const state = new Map<string, 'open' | 'done'>()
    const circles: string[] = []
    const visit = (f: string, path: string[]) => {
      if (state.get(f) === 'done') return
      if (state.get(f) === 'open') {
        circles.push([...path.slice(path.indexOf(f)), f].map(rel).join(' → '))
        return
      }
      state.set(f, 'open')
      for (const next of graph.get(f) ?? []) visit(next, [...path, f])
      state.set(f, 'done')
    }
    for (const f of graph.keys()) visit(f, [])
    assert.deepEqual(circles, [])
  })
})
