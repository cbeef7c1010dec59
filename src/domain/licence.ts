/**
 * The atlas's own data (descriptions, needs, tiers and their mappings, evidence statements, the
 * catalogue's structure) is open under CC BY 4.0. The grades it quotes are the portals' words,
 * quoted briefly with their source: the portals are credited wherever a grade is shown.
 */
export const DATA_LICENCE = {
  id: 'CC-BY-4.0',
  name: 'Creative Commons Attribution 4.0 International',
  url: 'https://creativecommons.org/licenses/by/4.0/',
} as const

export const ATLAS_TITLE = 'Perinatal Atlas: evidence-graded psychosocial interventions for the first 1000 days'

/** How to cite the atlas, or one page of it, with the data version and the date it was read. */
export function citeAtlas(o: { url: string; dataVersion: string | null; accessed: string; page?: string }): string {
  const what = o.page ? `${o.page}. In: ${ATLAS_TITLE}` : ATLAS_TITLE
  return `${what}. Data version ${o.dataVersion ?? 'unknown'}. ${o.url} (accessed ${o.accessed}). Licence: ${DATA_LICENCE.id}.`
}
