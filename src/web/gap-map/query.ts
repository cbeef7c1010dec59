import { z } from 'zod'
import { ROW_MODES, type RowMode } from '../../domain/gap-map.ts'
import { facetParamShape } from '../kit/facet-params.ts'
import { listParam } from '../kit/schemas.ts'

/**
 * Bounds that keep the page, its JSON twin and the exports small at any catalogue size: rows a page
 * at a time (Table 9 has 21, so it never pages), and a grouped cell or a finding names at most so many
 * programmes, with its full count beside them.
 */
export const GAP_ROWS_PER_PAGE = 100
export const CELL_LIST_LIMIT = 10
export const FINDING_LIST_LIMIT = 10

/** Everything a gap map view is, as URL parameters: the page, its JSON twin, the API and the exports share it. */
export const GapMapQuery = z.object({
  scope: z.enum(['table-9', 'all']).default('table-9').describe('table-9: the interventions of the chapter\'s Table 9; all: the whole catalogue'),
  rows: z.enum(ROW_MODES as [RowMode, ...RowMode[]]).default('interventions').describe('One row per intervention, or grouped'),
  columns: listParam('Need ids to show as columns (default: the four Table 9 columns); "all" for every need'),
  secondary: z.enum(['0', '1']).default('0').describe('1: also mark needs targeted as a secondary goal'),
  q: z.string().trim().max(200).optional(),
  ...facetParamShape,
  page: z.coerce.number().int().min(1).max(1_000_000).optional().describe(`Rows come ${GAP_ROWS_PER_PAGE} at a time (the whole catalogue one row per intervention has more); totals and findings are always of the whole map`),
  lang: z.string().max(10).optional(),
})
export type GapMapQuery = z.infer<typeof GapMapQuery>

