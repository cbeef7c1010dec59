import { z } from 'zod'
import { listParam } from '../kit/schemas.ts'

export const CHANGE_KINDS = ['added', 'delisted', 'grade-changed', 'review-date-changed', 'fields-changed'] as const

/** The change list's filters, shared by /changes, its feeds and the API. */
export const ChangesQuery = z.object({
  clearinghouse: listParam('Clearinghouse ids'),
  need: listParam('Need ids: changes to interventions that target any of them'),
  kind: listParam(`Kinds: ${CHANGE_KINDS.join(', ')}`),
  intervention: listParam('Intervention ids: changes to these programmes'),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  lang: z.string().max(10).optional(),
})
export type ChangesQuery = z.infer<typeof ChangesQuery>
