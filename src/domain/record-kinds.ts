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

/** Input limits: a field is a sentence or a few paragraphs; a whole record is far below this. */
export const LIMITS = { text: 500, textarea: 20_000, document: 400_000 } as const

/**
 * One field of an editing form. The domain holds no interface text but English: `labelKey` names the
 * label in the interface catalogues (src/web/i18n), which the editorial pages show in their language.
 */
export interface FieldSpec {
  path: string
  /** The English label (for messages outside the web pages). */
  label: string
  /** The label's key in the interface catalogues, e.g. `admin.field.dosage`. */
  labelKey: string
  /** A text kept per language: the language this field holds (the label says which). */
  contentLang?: 'en' | 'fi' | 'sv' | 'nb' | 'da'
  /** A tier-mapping field: the scale's names per language and the level's own name, verbatim. */
  tierOf?: { scale: Record<string, string>; level: string }
  type: 'text' | 'textarea' | 'list' | 'select' | 'checkboxes'
  options?: readonly string[]
  /** Where the options have names in the catalogues: their key prefix (`format` gives `format.group`). */
  optionKey?: string
  /** Empty input means null (the atlas then says "unknown"). */
  nullable?: boolean
  /** Empty input removes the field (a translation not yet written). */
  optional?: boolean
}

const localised = (base: string, label: string, labelKey: string, type: 'text' | 'textarea'): FieldSpec[] => [
  { path: `${base}.en`, label: `${label} (English)`, labelKey, contentLang: 'en', type },
  { path: `${base}.fi`, label: `${label} (Finnish)`, labelKey, contentLang: 'fi', type, optional: true },
  { path: `${base}.sv`, label: `${label} (Swedish)`, labelKey, contentLang: 'sv', type, optional: true },
  { path: `${base}.nb`, label: `${label} (Norwegian)`, labelKey, contentLang: 'nb', type, optional: true },
  { path: `${base}.da`, label: `${label} (Danish)`, labelKey, contentLang: 'da', type, optional: true },
]

/** The fields edited on a form; everything else (assessments, sources, scales) is edited as JSON. */
export const FORM_FIELDS: Record<RecordKind, FieldSpec[]> = {
  intervention: [
    { path: 'name', label: 'Name', labelKey: 'admin.field.name', type: 'text' },
    { path: 'acronyms', label: 'Acronyms (comma-separated)', labelKey: 'admin.field.acronyms', type: 'list' },
    { path: 'aliases', label: 'Other names (comma-separated)', labelKey: 'admin.field.aliases', type: 'list' },
    ...localised('description', 'Description', 'admin.field.description', 'textarea'),
    { path: 'targetPopulation', label: 'Who it is for', labelKey: 'admin.field.targetPopulation', type: 'textarea', nullable: true },
    { path: 'formats', label: 'Delivery format', labelKey: 'admin.field.formats', type: 'checkboxes', options: FORMATS, optionKey: 'format' },
    { path: 'dosage', label: 'Dosage', labelKey: 'admin.field.dosage', type: 'text', nullable: true },
    { path: 'origin', label: 'Origin', labelKey: 'admin.field.origin', type: 'text', nullable: true },
  ],
  need: [...localised('name', 'Name', 'admin.field.name', 'text'), ...localised('description', 'Description', 'admin.field.description', 'textarea')],
  'evidence-statement': [
    ...localised('statement', 'Statement (in the atlas’s own words)', 'admin.field.statement', 'textarea'),
    { path: 'factor', label: 'Factor', labelKey: 'admin.field.factor', type: 'select', options: EvidenceStatement.shape.factor.options, optionKey: 'admin.factor' },
    { path: 'direction', label: 'Direction', labelKey: 'admin.field.direction', type: 'select', options: EvidenceStatement.shape.direction.options, optionKey: 'admin.direction' },
    { path: 'outcome', label: 'Outcome', labelKey: 'admin.field.outcome', type: 'text' },
    { path: 'population', label: 'Population', labelKey: 'admin.field.population', type: 'text' },
    { path: 'needs', label: 'Needs (ids, comma-separated)', labelKey: 'admin.field.needs', type: 'list' },
  ],
  clearinghouse: [
    { path: 'name', label: 'Name', labelKey: 'admin.field.name', type: 'text' },
    { path: 'shortName', label: 'Short name', labelKey: 'admin.field.shortName', type: 'text' },
    { path: 'url', label: 'Web address', labelKey: 'admin.field.url', type: 'text', nullable: true },
    { path: 'status', label: 'Status', labelKey: 'admin.field.status', type: 'select', options: ['active', 'dormant', 'unknown'], optionKey: 'status' },
    ...localised('description', 'Description', 'admin.field.description', 'textarea'),
  ],
}

/** The tier-mapping fields of a clearinghouse document: one per level of every scale. */
export function tierFields(doc: unknown, tiers: readonly string[]): FieldSpec[] {
  const scales = (getPath(doc, 'scales') ?? []) as { name: { en: string } & Record<string, string>; levels: { nativeName: string }[] }[]
  return scales.flatMap((s, i) =>
    s.levels.map((l, j) => ({ path: `scales.${i}.levels.${j}.tier`, label: `${s.name.en}: “${l.nativeName}”`, labelKey: 'admin.field.tier', tierOf: { scale: s.name, level: l.nativeName }, type: 'select' as const, options: tiers, optionKey: 'tier' })),
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
