import { z } from 'zod'

/** Output schemas of the JSON API. They document the API (OpenAPI) and check every response. */

export const SourceOut = z.object({
  url: z.string().optional(),
  document: z.string().optional(),
  retrievedAt: z.string(),
  secondHand: z.boolean().optional(),
  quote: z.string().optional(),
})
const Localised = z.record(z.string(), z.string()).describe('Text by language code; "en" is always present')

export const ErrorOut = z.object({
  statusCode: z.number().int(),
  error: z.string(),
  message: z.string(),
})

export const GradeBasisOut = z.object({
  clearinghouse: z.string(),
  nativeLevel: z.string().describe('The grade exactly as the portal words it'),
  tier: z.string(),
  reviewDate: z.string().nullable(),
  appliesTo: z.string().nullable(),
  sourceUrl: z.string().nullable(),
})

export const FacetValueOut = z.object({ value: z.string(), label: z.string(), count: z.number().int(), selected: z.boolean() })

export const InterventionSummaryOut = z.object({
  id: z.string(),
  name: z.string(),
  acronyms: z.array(z.string()),
  description: Localised,
  needs: z.object({ primary: z.array(z.string()), secondary: z.array(z.string()) }),
  prevention: z.array(z.string()),
  formats: z.array(z.string()),
  gradingGroups: z.array(z.string()),
  bestTier: z.object({ id: z.string(), label: z.string(), basis: z.array(GradeBasisOut) }),
})

export const InterventionListOut = z.object({
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  items: z.array(InterventionSummaryOut),
  facets: z.record(z.string(), z.array(FacetValueOut)),
})

export const StatementOut = z.object({
  id: z.string(),
  set: z.string(),
  factor: z.string(),
  outcome: z.string(),
  population: z.string(),
  direction: z.string(),
  statement: Localised,
  needs: z.array(z.string()),
  citations: z.array(z.object({ authors: z.string(), year: z.number().int() })),
})

export const AssessmentOut = z.object({
  id: z.string(),
  clearinghouse: z.string(),
  clearinghouseName: z.string(),
  region: z.string(),
  scale: z.string(),
  level: z.string().nullable(),
  levelName: z.string().nullable(),
  levelGloss: Localised.nullable(),
  nativeLevel: z.string().describe('The grade exactly as the portal words it'),
  tier: z.string(),
  tierLabel: z.string(),
  scope: z.enum(['programme', 'variant', 'related', 'unconfirmed']),
  appliesTo: z.string().nullable(),
  topic: z.string().nullable(),
  reviewDate: z.string().nullable().describe('As precise as the portal gives it: YYYY, YYYY-MM or YYYY-MM-DD; null when not shown'),
  edition: z.string().nullable(),
  note: z.string().nullable(),
  quote: z.string().nullable().describe('Verbatim words on the source page that show the grade (at most 30 words)'),
  secondHand: z.boolean().describe('True when the page is not the portal\'s own: a news item, a developer\'s site or a copy of a report'),
  current: z.boolean().describe('False when a later grade from the same portal for the same version supersedes it'),
  sourceUrl: z.string().nullable(),
  source: SourceOut,
  retrievedAt: z.string(),
  sourceCheck: z
    .object({
      checkedAt: z.string().describe('When the page watch last read the source page'),
      quote: z.enum(['found', 'missing', 'none']).nullable().describe('found: the page still says what we quote; missing: a reviewer confirmed it no longer does; none: no quote recorded; null: not settled'),
      gone: z.string().nullable().describe('When a reviewer confirmed the page is gone'),
      movedTo: z.string().nullable().describe('Where a reviewer confirmed the page moved'),
    })
    .nullable()
    .describe('The page watch on this grade\'s source page; null when it has not read it'),
})

export const InterventionOut = z.object({
  id: z.string(),
  name: z.string(),
  acronyms: z.array(z.string()),
  aliases: z.array(z.string()),
  description: Localised,
  prevention: z.object({
    levels: z.array(z.string()),
    basis: z.object({
      kind: z.enum(['source', 'editorial-judgement', 'unknown', 'conflict']),
      source: SourceOut.optional(),
      claims: z.array(z.object({ levels: z.array(z.string()), source: SourceOut })).optional().describe('With kind "conflict": what each source says'),
      note: z.string().optional(),
    }),
  }),
  needs: z.array(z.object({ id: z.string(), name: z.string(), role: z.enum(['primary', 'secondary']), basis: z.string() })),
  targetPopulation: z.string().nullable(),
  childAge: z.object({ prenatal: z.boolean(), fromMonths: z.number().nullable(), toMonths: z.number().nullable(), note: z.string().optional() }).nullable(),
  formats: z.array(z.string()),
  dosage: z.string().nullable(),
  origin: z.string().nullable(),
  links: z.array(z.object({ label: z.string(), url: z.string() })),
  factSources: z.array(SourceOut),
  gradingGroups: z.array(z.string()),
  bestTier: z.object({ id: z.string(), label: z.string(), rank: z.number().int(), basis: z.array(GradeBasisOut) }),
  assessments: z.array(AssessmentOut),
  ratingsNotFound: z.array(z.object({ clearinghouse: z.string().nullable(), note: z.string(), source: SourceOut })),
  reports: z.array(
    z.object({
      report: z.string(),
      label: z.string(),
      title: z.string(),
      group: z.string(),
      groupLabel: z.string(),
      position: z.number().int(),
      nameInReport: z.string(),
      marks: z.record(z.string(), z.boolean()),
    }),
  ),
  mentions: z.array(z.object({ context: z.string(), source: SourceOut })),
  evidence: z.array(StatementOut),
})

export const ClearinghouseOut = z.object({
  id: z.string(),
  name: z.string(),
  shortName: z.string(),
  country: z.string(),
  region: z.string(),
  kind: z.string(),
  url: z.string().nullable(),
  status: z.string(),
  description: Localised,
  notes: z.array(z.object({ text: z.string(), source: SourceOut })),
  source: SourceOut,
  assessmentCount: z.number().int(),
  scales: z.array(
    z.object({
      id: z.string(),
      name: Localised,
      inUseFrom: z.string().nullable(),
      inUseUntil: z.string().nullable(),
      note: z.string().nullable(),
      source: SourceOut,
      levels: z.array(z.object({ id: z.string(), nativeName: z.string(), gloss: Localised.nullable(), tier: z.string(), tierLabel: z.string(), rationale: z.string() })),
    }),
  ),
})

export const TierOut = z.object({ id: z.string(), rank: z.number().int(), label: z.string(), description: z.string(), recommendable: z.boolean(), graded: z.boolean() })

export const ReportTableOut = z.object({
  id: z.string(),
  title: z.string(),
  label: z.string(),
  publication: z.string(),
  columns: z.array(z.object({ id: z.string(), label: z.string() })),
  groups: z.array(
    z.object({
      id: z.string(),
      label: z.string(),
      rows: z.array(z.object({ intervention: z.string(), name: z.string(), nameInReport: z.string(), marks: z.record(z.string(), z.boolean()) })),
    }),
  ),
  totals: z.object({ interventions: z.number().int(), byGroup: z.record(z.string(), z.number().int()), byColumn: z.record(z.string(), z.number().int()) }),
  statedTotals: z.record(z.string(), z.number().int()),
  notes: z.array(z.string()),
})

export const EvidenceListOut = z.object({
  total: z.number().int(),
  sets: z.array(z.object({ id: z.string(), title: z.string(), source: SourceOut })),
  statements: z.array(StatementOut),
})

export const StatsOut = z.object({
  dataVersion: z.string().nullable(),
  loadedAt: z.string().nullable(),
  dataRetrievedAt: z.string().nullable(),
  interventions: z.number().int(),
  clearinghouses: z.number().int(),
  assessments: z.number().int(),
  evidenceStatements: z.number().int(),
})

/** A query parameter that may repeat (?need=a&need=b) or hold a comma-separated list. */
export function listParam(description: string) {
  return z
    .union([z.string().max(500), z.array(z.string().max(500)).max(50)])
    .transform((v) => (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(',')).map((s) => s.trim()).filter((s) => s.length > 0))
    .optional()
    .describe(description)
}

// Shared OpenAPI components: each schema registered with an id appears once under
// components/schemas and is referenced from every operation that uses it.
for (const [id, schema] of Object.entries({
  Source: SourceOut,
  Error: ErrorOut,
  GradeBasis: GradeBasisOut,
  FacetValue: FacetValueOut,
  InterventionSummary: InterventionSummaryOut,
  InterventionList: InterventionListOut,
  EvidenceStatement: StatementOut,
  Assessment: AssessmentOut,
  Intervention: InterventionOut,
  Clearinghouse: ClearinghouseOut,
  Tier: TierOut,
  ReportTable: ReportTableOut,
  EvidenceList: EvidenceListOut,
  Stats: StatsOut,
})) if (!z.globalRegistry.has(schema)) z.globalRegistry.add(schema, { id })
