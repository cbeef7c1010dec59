import { defineConfig } from 'vite'

// Client islands: small enhancements for pages that already work without JavaScript.
// Built into public/build/ by `npm install` (the prepare script), served by the app under /assets/build/.
export default defineConfig({
  publicDir: false,
  build: {
    outDir: 'public/build',
    emptyOutDir: true,
    target: 'es2019',
    sourcemap: false,
    lib: {
      entry: { 'gap-map': 'src/islands/gap-map.ts', finder: 'src/islands/finder.ts' },
      formats: ['es'],
      fileName: (_format, name) => `${name}.js`,
    },
  },
})
