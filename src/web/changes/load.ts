import { interventionNames, listChanges } from '../../store/changes.ts'
import type { CatalogueContext } from '../kit/catalogue.ts'
import { requireKnown } from '../kit/errors.ts'
import { CHANGE_KINDS, type ChangesQuery } from './query.ts'

const PAGE_SIZE = 50

/** The one loader of /changes: the page, its JSON twin, the feeds and the API render what it returns. */
export async function loadChanges(cat: CatalogueContext, q: ChangesQuery) {
  const { vocabulary } = cat
  requireKnown('clearinghouse', q.clearinghouse, vocabulary.clearinghouse.map((t) => t.id))
  requireKnown('need', q.need, vocabulary.need.map((t) => t.id))
  requireKnown('kind', q.kind, CHANGE_KINDS)
  let interventions: { id: string; name: string }[] = []
  if (q.intervention?.length) {
    interventions = await interventionNames(cat.db, q.intervention)
    requireKnown('intervention', q.intervention, interventions.map((r) => r.id), 'an intervention id such as "icdp"')
  }
  const data = await listChanges(cat.db, { clearinghouse: q.clearinghouse, need: q.need, kind: q.kind, intervention: q.intervention, page: q.page, pageSize: PAGE_SIZE })
  return { data, vocabulary, interventions }
}
