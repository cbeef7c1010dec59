import { z } from 'zod'
import { facetParamShape } from '../kit/facet-params.ts'

/**
 * The catalogue page's query. Unlike the API, unknown parameters are ignored (people arrive with
 * tracking parameters); known ones are checked, and a bad one gets a 400 page that names it.
 */
export const CataloguePageQuery = z.object({
  q: z.string().trim().max(200).optional(),
  ...facetParamShape,
  sort: z.enum(['relevance', 'tier', 'name']).default('relevance'),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  lang: z.string().max(10).optional(),
})
export type CataloguePageQuery = z.infer<typeof CataloguePageQuery>
