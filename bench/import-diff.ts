// Benchmark: import and diff of synthetic clearinghouse snapshots (5,000 and 50,000 records).
// Target (issue 6): under 2 s for 5,000 records on this machine, growing about linearly.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { importFile } from '../src/importers/run.ts'
import { freshStore } from '../test/helpers/store.ts'

const GRADES = ['1 – Well-Supported by Research Evidence', '2 – Supported by Research Evidence', '3 – Promising Research Evidence', '4 – Evidence Fails to Demonstrate Effect', 'NR – Not able to be Rated']

/** A deterministic synthetic CEBC listing; `shift` regrades every 10th record and swaps 2% in and out. */
function snapshot(n: number, shift: boolean): string {
  const lines = ['id,program,scientific rating,review date,url,topic']
  for (let i = 0; i < n; i++) {
    if (shift && i % 50 === 0) continue // delisted
    const g = (i * 7 + (shift && i % 10 === 3 ? 1 : 0)) % GRADES.length
    lines.push(`s-${i},Synthetic Programme ${i} ${['Parenting', 'Home Visiting', 'Attachment', 'Peer Group'][i % 4]},${GRADES[g]},20${10 + (i % 15)}-0${1 + (i % 9)},https://example.org/p/${i},Topic ${i % 12}`)
  }
  if (shift) for (let i = n; i < n + n / 50; i++) lines.push(`s-${i},Synthetic Programme ${i} New,${GRADES[i % 3]},2026-05,https://example.org/p/${i},Topic 1`)
  return lines.join('\n') + '\n'
}

export async function benchImportDiff(sizes = [5_000, 50_000]) {
  const rows: { size: number; first: number; second: number; events: number; perRecordUs: number }[] = []
  for (const n of sizes) {
    const dir = mkdtempSync(join(tmpdir(), 'atlas-bench-'))
    const store = await freshStore('pglite')
    try {
      writeFileSync(join(dir, '2026-01-01.csv'), snapshot(n, false))
      writeFileSync(join(dir, '2026-02-01.csv'), snapshot(n, true))
      let t = performance.now()
      await importFile(store.db, { clearinghouse: 'cebc', file: join(dir, '2026-01-01.csv'), importedBy: 'bench' })
      const first = performance.now() - t
      t = performance.now()
      const second = await importFile(store.db, { clearinghouse: 'cebc', file: join(dir, '2026-02-01.csv'), importedBy: 'bench' })
      const secondMs = performance.now() - t
      rows.push({ size: n, first: Math.round(first), second: Math.round(secondMs), events: second.imported ? second.events.length : 0, perRecordUs: Math.round((secondMs * 1000) / n) })
    } finally {
      await store.close()
      rmSync(dir, { recursive: true, force: true })
    }
  }
  return rows
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = await benchImportDiff()
  console.log('| Records | First import (ms) | Import + diff of the next snapshot (ms) | Change events | µs per record |')
  console.log('|---:|---:|---:|---:|---:|')
  for (const r of rows) console.log(`| ${r.size.toLocaleString('en')} | ${r.first} | ${r.second} | ${r.events} | ${r.perRecordUs} |`)
}
