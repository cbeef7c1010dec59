import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { ReportTable } from '../../src/domain/report.ts'
import { buildReportTable } from '../../src/domain/report-table.ts'

const table: ReportTable = {
  id: 't', title: 'T', label: 'Table T', publication: 'P', statedTotals: {}, notes: [],
  columns: [{ need: 'a', label: 'A' }, { need: 'b', label: 'B' }],
  groups: [{ id: 'g1', label: 'G1' }, { id: 'g2', label: 'G2' }],
  source: { url: 'https://example.org', retrievedAt: '2026-11-26', secondHand: false },
}
const inc = (group: string, position: number, marks: Record<string, boolean>) => ({ report: 't', group, position, nameInReport: `row ${position}`, marks })

describe('buildReportTable', () => {
  it('orders rows by group and position and counts marks per column', () => {
    const view = buildReportTable(table, [
      { id: 'y', name: 'Y', reportInclusions: [inc('g1', 2, { a: true, b: false })] },
      { id: 'x', name: 'X', reportInclusions: [inc('g1', 1, { a: true, b: true })] },
      { id: 'z', name: 'Z', reportInclusions: [inc('g2', 1, { a: false, b: false })] },
      { id: 'n', name: 'N', reportInclusions: [] },
    ])
    assert.deepEqual(view.groups.map((g) => g.rows.map((r) => r.intervention)), [['x', 'y'], ['z']])
    assert.deepEqual(view.totals, { interventions: 3, byGroup: { g1: 2, g2: 1 }, byColumn: { a: 2, b: 1 } })
  })
  it('gives an empty table for an empty catalogue', () => {
    const view = buildReportTable(table, [])
    assert.equal(view.totals.interventions, 0)
    assert.deepEqual(view.totals.byColumn, { a: 0, b: 0 })
  })
})
