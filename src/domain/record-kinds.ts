import { z } from 'zod'
import { Clearinghouse } from './clearinghouse.ts'
import { getPath, setPath } from './document-diff.ts'
import { EvidenceStatement } from './evidence-statement.ts'
import { FORMATS, Intervention } from './intervention.ts'
import { Need } from './need.ts'
import { Slug } from './source.ts'

/**
 * The records curators edit. Each is edited as one document in the shape of the data files, so a
 * draft is validated by the same schemas as the shipped data and a version is a whole record.
 */
export const RECORD_KINDS = ['intervention', 'need', 'evidence-statement', 'clearinghouse'] as const
export type RecordKind = (typeof RECORD_KINDS)[number]

export function isRecordKind(x: unknown): x is RecordKind {
  return typeof x === 'string' && (RECORD_KINDS as readonly string[]).includes(x)
}

/** An evidence statement's document names the set it belongs to. */
export const StatementDocument = EvidenceStatement.extend({ set: Slug })
export type StatementDocument = z.infer<typeof StatementDocument>

export const DOCUMENT_SCHEMAS = {
  intervention: Intervention,
  need: Need,
  'evidence-statement': StatementDocument,
  clearinghouse: Clearinghouse,
} as const satisfies Record<RecordKind, z.ZodType>

export const KIND_LABELS: Record<RecordKind, { one: string; many: string }> = {
  intervention: { one: 'intervention', many: 'Interventions' },
  need: { one: 'need', many: 'Needs' },
  'evidence-statement': { one: 'evidence statement', many: 'Evidence statements' },
  clearinghouse: { one: 'clearinghouse', many: 'Clearinghouses and tier mappings' },
}

/** Input limits: a field is a sentence or a few paragraphs; a whole record is far below this. */
export const LIMITS = { text: 500, textarea: 20_000, document: 400_000 } as const

export interface FieldSpec {
  path: string
  label: string
  type: 'text' | 'textarea' | 'list' | 'select' | 'checkboxes'
  options?: readonly string[]
  /** Empty input means null (the atlas then says "unknown"). */
  nullable?: boolean
  /** Empty input removes the field (a translation not yet written). */
  optional?: boolean
}

const localised = (base: string, label: string, type: 'text' | 'textarea'): FieldSpec[] => [
  { path: `${base}.en`, label: `${label} (English)`, type },
  { path: `${base}.fi`, label: `${label} (Finnish)`, type, optional: true },
  { path: `${base}.sv`, label: `${label} (Swedish)`, type, optional: true },
  { path: `${base}.nb`, label: `${label} (Norwegian)`, type, optional: true },
  { path: `${base}.da`, label: `${label} (Danish)`, type, optional: true },
]

/** The fields edited on a form; everything else (assessments, sources, scales) is edited as JSON. */
export const FORM_FIELDS: Record<RecordKind, FieldSpec[]> = {
  intervention: [
    { path: 'name', label: 'Name', type: 'text' },
    { path: 'acronyms', label: 'Acronyms (comma-separated)', type: 'list' },
    { path: 'aliases', label: 'Other names (comma-separated)', type: 'list' },
    ...localised('description', 'Description', 'textarea'),
    { path: 'targetPopulation', label: 'Who it is for', type: 'textarea', nullable: true },
    { path: 'formats', label: 'Delivery format', type: 'checkboxes', options: FORMATS },
    { path: 'dosage', label: 'Dosage', type: 'text', nullable: true },
    { path: 'origin', label: 'Origin', type: 'text', nullable: true },
  ],
  need: [...localised('name', 'Name', 'text'), ...localised('description', 'Description', 'textarea')],
  'evidence-statement': [
    ...localised('statement', 'Statement (in the atlas’s own words)', 'textarea'),
    { path: 'factor', label: 'Factor', type: 'select', options: EvidenceStatement.shape.factor.options },
    { path: 'direction', label: 'Direction', type: 'select', options: EvidenceStatement.shape.direction.options },
    { path: 'outcome', label: 'Outcome', type: 'text' },
    { path: 'population', label: 'Population', type: 'text' },
    { path: 'needs', label: 'Needs (ids, comma-separated)', type: 'list' },
  ],
  clearinghouse: [
    { path: 'name', label: 'Name', type: 'text' },
    { path: 'shortName', label: 'Short name', type: 'text' },
    { path: 'url', label: 'Web address', type: 'text', nullable: true },
    { path: 'status', label: 'Status', type: 'select', options: ['active', 'dormant', 'unknown'] },
    ...localised('description', 'Description', 'textarea'),
  ],
}

/** The tier-mapping fields of a clearinghouse document: one per level of every scale. */
export function tierFields(doc: unknown, tiers: readonly string[]): FieldSpec[] {
  const scales = (getPath(doc, 'scales') ?? []) as { name: { en: string }; levels: { nativeName: string }[] }[]
  return scales.flatMap((s, i) =>
    s.levels.map((l, j) => ({ path: `scales.${i}.levels.${j}.tier`, label: `${s.name.en}: “${l.nativeName}”`, type: 'select' as const, options: tiers })),
  )
}

export type FormValues = Record<string, string | string[] | undefined>

export interface FieldError {
  path: string
  message: string
}

/**
 * Applies submitted form values to a document. Only fields on the form change; a field missing
 * from the submission is left as it was (checkbox groups carry a marker so "none ticked" is seen).
 */
export function applyFormValues(doc: unknown, fields: readonly FieldSpec[], values: FormValues): { doc: unknown; errors: FieldError[] } {
  let out = doc
  const errors: FieldError[] = []
  for (const f of fields) {
    const raw = values[f.path]
    if (f.type === 'checkboxes') {
      if (values[`${f.path}.present`] === undefined) continue
      const picked = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw]
      const bad = picked.filter((p) => !f.options?.includes(p))
      if (bad.length) errors.push({ path: f.path, message: `expected some of ${f.options?.join(', ')}, got ${bad.join(', ')}` })
      else out = setPath(out, f.path, f.options!.filter((o) => picked.includes(o)))
      continue
    }
    if (raw === undefined) continue
    if (Array.isArray(raw)) {
      errors.push({ path: f.path, message: 'expected one value' })
      continue
    }
    const limit = f.type === 'textarea' ? LIMITS.textarea : LIMITS.text
    if (raw.length > limit) {
      errors.push({ path: f.path, message: `is ${raw.length} characters long; at most ${limit} are allowed` })
      continue
    }
    // Line endings from browsers are CRLF; stored text uses LF so versions compare equal.
    const value = raw.replace(/\r\n?/g, '\n').trim()
    if (f.type === 'list') out = setPath(out, f.path, value === '' ? [] : value.split(',').map((s) => s.trim()).filter(Boolean))
    else if (f.type === 'select' && !f.options?.includes(value)) errors.push({ path: f.path, message: `expected one of ${f.options?.join(', ')}, got "${value}"` })
    else if (value === '' && f.nullable) out = setPath(out, f.path, null)
    else if (value === '' && f.optional) out = setPath(out, f.path, undefined)
    else out = setPath(out, f.path, value)
  }
  return { doc: out, errors }
}
