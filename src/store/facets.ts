import { sql, type Expression, type SqlBool } from 'kysely'

/**
 * One registry of catalogue filters: each facet's URL key, the column it reads and how values
 * combine. The same entry drives the SQL filter, the facet counts and (later) the page's checkboxes.
 * Within a facet, values are alternatives (OR); across facets they all apply (AND).
 */
export const FACETS = {
  need: { column: 'need_ids', array: true, label: 'Need' },
  prevention: { column: 'prevention_levels', array: true, label: 'Prevention level' },
  grading: { column: 'grading_groups', array: true, label: 'Grading group' },
  clearinghouse: { column: 'clearinghouse_ids', array: true, label: 'Clearinghouse' },
  tier: { column: 'best_tier', array: false, label: 'Best harmonised tier' },
  format: { column: 'formats', array: true, label: 'Delivery format' },
  age: { column: 'age_bands', array: true, label: 'Child age' },
} as const

export type FacetKey = keyof typeof FACETS
export const FACET_KEYS = Object.keys(FACETS) as FacetKey[]
export type FacetFilters = Partial<Record<FacetKey, string[]>>

export function facetCondition(key: FacetKey, values: readonly string[]): Expression<SqlBool> {
  const f = FACETS[key]
  return f.array
    ? sql<SqlBool>`${sql.ref(`intervention.${f.column}`)} && ${[...values]}::text[]`
    : sql<SqlBool>`${sql.ref(`intervention.${f.column}`)} = any(${[...values]}::text[])`
}

/** The SQL expression that yields a facet's values for one row (unnested for array columns). */
export function facetValueSql(key: FacetKey) {
  const f = FACETS[key]
  return f.array ? sql`unnest(${sql.ref(`intervention.${f.column}`)})` : sql.ref(`intervention.${f.column}`)
}
