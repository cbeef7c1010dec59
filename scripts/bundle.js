// The production build of the server (`npm run compile`, run by `npm install`): the TypeScript
// sources and their dependencies bundled by esbuild into dist/cli/main.js, with code only some
// requests or commands need (exports, the page watch, backups…) split into chunks loaded on first
// use. One bundle loads in a fraction of the time of hundreds of small modules (cold start).
// PGlite stays outside: it finds its WebAssembly files next to its own module.
import { build } from 'esbuild'
import { rmSync, writeFileSync } from 'node:fs'

const root = new URL('../', import.meta.url).pathname
rmSync(`${root}dist`, { recursive: true, force: true })
await build({
  absWorkingDir: root,
  // The second entry is what bin/ loads first to start opening the embedded database early.
  entryPoints: { 'cli/main': 'src/cli/main.ts', 'store/pglite-open': 'src/store/pglite-open.ts' },
  outdir: 'dist',
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['@electric-sql/pglite', '@electric-sql/pglite/*', 'pg-native'],
  jsx: 'automatic',
  jsxImportSource: 'preact',
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'external',
  // The CommonJS packages inside (Fastify and its plugins) call require() for Node's own modules.
  banner: { js: "import { createRequire as __atlasCreateRequire } from 'node:module'; const require = __atlasCreateRequire(import.meta.url);" },
  logLevel: 'warning',
})
// bin/perinatal-atlas.js runs dist/ only when this stamp is newer than every source file.
writeFileSync(`${root}dist/.built`, new Date().toISOString())
