import { z } from 'zod'
import { ROW_MODES, type RowMode } from '../../domain/gap-map.ts'
import { facetParamShape } from '../kit/facet-params.ts'
import { listParam } from '../kit/schemas.ts'

/** Everything a gap map view is, as URL parameters: the page, its JSON twin, the API and the exports share it. */
export const GapMapQuery = z.object({
  scope: z.enum(['table-9', 'all']).default('table-9').describe('table-9: the interventions of the chapter\'s Table 9; all: the whole catalogue'),
  rows: z.enum(ROW_MODES as [RowMode, ...RowMode[]]).default('interventions').describe('One row per intervention, or grouped'),
  columns: listParam('Need ids to show as columns (default: the four Table 9 columns); "all" for every need'),
  secondary: z.enum(['0', '1']).default('0').describe('1: also mark needs targeted as a secondary goal'),
  q: z.string().trim().max(200).optional(),
  ...facetParamShape,
  lang: z.string().max(10).optional(),
})
export type GapMapQuery = z.infer<typeof GapMapQuery>

