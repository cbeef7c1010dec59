/** Field-level differences between two versions of a record, for review and conflict screens. */

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json }

export interface FieldChange {
  /** Dotted path: "description.fi", "assessments.2.source.url". */
  path: string
  before: Json | undefined
  after: Json | undefined
}

/** Leaves of a JSON value by dotted path; empty arrays and objects count as leaves. */
export function flatten(value: unknown, prefix = '', out = new Map<string, Json>()): Map<string, Json> {
  if (value !== null && typeof value === 'object' && Object.keys(value).length > 0) {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (v === undefined) continue
      flatten(v, prefix ? `${prefix}.${k}` : k, out)
    }
  } else if (value !== undefined && !(prefix === '' && value === null)) out.set(prefix, value as Json) // a null document (archived, not yet created) has no fields
  return out
}

/** Every leaf that differs, in the order of the newer document, then the removed ones. */
export function diffDocuments(before: unknown, after: unknown): FieldChange[] {
  const a = flatten(before)
  const b = flatten(after)
  const changes: FieldChange[] = []
  for (const [path, v] of b) if (!a.has(path) || !sameJson(a.get(path), v)) changes.push({ path, before: a.get(path), after: v })
  for (const [path, v] of a) if (!b.has(path)) changes.push({ path, before: v, after: undefined })
  return changes
}

/**
 * The one stale-draft check: the published record is no longer what the draft was begun from (another
 * publish, or the monitor, changed it since). Such a draft must be saved again over the current record.
 */
export function draftIsStale(draft: { base_document: unknown }, live: unknown): boolean {
  return !sameJson(draft.base_document ?? null, live ?? null)
}

export function sameJson(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b)
}

/** JSON with object keys sorted, so equal documents serialise equally whatever their key order. */
export function canonicalJson(v: unknown): string {
  return JSON.stringify(v, (_k, x) =>
    x !== null && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([p], [q]) => (p < q ? -1 : p > q ? 1 : 0))) : x,
  )
}

export function getPath(doc: unknown, path: string): unknown {
  let cur: unknown = doc
  for (const k of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined
    cur = (cur as Record<string, unknown>)[k]
  }
  return cur
}

/** A copy of doc with the value at path set (undefined removes the key); missing objects are created. */
export function setPath<T>(doc: T, path: string, value: unknown): T {
  const keys = path.split('.')
  const root = structuredClone(doc) as Record<string, unknown>
  let cur: Record<string, unknown> = root
  keys.slice(0, -1).forEach((k) => {
    if (cur[k] === null || typeof cur[k] !== 'object') cur[k] = {}
    cur = cur[k] as Record<string, unknown>
  })
  const last = keys[keys.length - 1]!
  if (value === undefined) {
    if (Array.isArray(cur)) throw new Error(`cannot remove an array element at ${path}`)
    delete cur[last]
  } else cur[last] = value
  return root as T
}
