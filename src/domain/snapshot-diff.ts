import type { ChangeEvent, SnapshotRecord } from './snapshot.ts'

const summary = (r: SnapshotRecord): Partial<SnapshotRecord> => ({ name: r.name, url: r.url, nativeLevel: r.nativeLevel, level: r.level, tier: r.tier, reviewDate: r.reviewDate })

/**
 * What changed between two snapshots of the same portal, record by record (matched by key):
 * added, delisted, grade changed (with direction by harmonised tier), review date changed,
 * other fields changed. With no previous snapshot, every record is "added".
 */
export function diffSnapshots(previous: readonly SnapshotRecord[], current: readonly SnapshotRecord[], tierRank: ReadonlyMap<string, number>): ChangeEvent[] {
  const before = new Map(previous.map((r) => [r.key, r]))
  const after = new Map(current.map((r) => [r.key, r]))
  const events: ChangeEvent[] = []
  for (const r of current) {
    const old = before.get(r.key)
    if (!old) {
      events.push({ kind: 'added', key: r.key, name: r.name, before: null, after: summary(r), direction: null })
      continue
    }
    if (old.nativeLevel !== r.nativeLevel || old.level !== r.level) {
      const a = tierRank.get(old.tier) ?? 99
      const b = tierRank.get(r.tier) ?? 99
      events.push({ kind: 'grade-changed', key: r.key, name: r.name, before: summary(old), after: summary(r), direction: b < a ? 'up' : b > a ? 'down' : 'same' })
    }
    if (old.reviewDate !== r.reviewDate) events.push({ kind: 'review-date-changed', key: r.key, name: r.name, before: summary(old), after: summary(r), direction: null })
    const names = [...new Set([...Object.keys(old.fields), ...Object.keys(r.fields), 'name', 'url'])]
    const changed = names.filter((f) => (f === 'name' ? old.name !== r.name : f === 'url' ? old.url !== r.url : (old.fields[f] ?? '') !== (r.fields[f] ?? '')))
    if (changed.length) events.push({ kind: 'fields-changed', key: r.key, name: r.name, before: { ...summary(old), fields: old.fields }, after: { ...summary(r), fields: r.fields }, direction: null, changedFields: changed.sort() })
  }
  for (const r of previous) if (!after.has(r.key)) events.push({ kind: 'delisted', key: r.key, name: r.name, before: summary(r), after: null, direction: null })
  return events
}
