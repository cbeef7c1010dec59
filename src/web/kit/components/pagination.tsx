import type { Translator } from '../../i18n/index.ts'

/**
 * Previous/next links with "page N of M"; each link is the same query with another page. `label`
 * names the list when a page has more than one (each navigation landmark needs its own name).
 */
export function Pagination({ page, pages, hrefFor, tr, label }: { page: number; pages: number; hrefFor: (p: number) => string; tr: Translator; label?: string }) {
  if (pages <= 1) return null
  return (
    <nav class="pagination" aria-label={label ?? tr.t('pagination.label')}>
      {page > 1 ? <a rel="prev" href={hrefFor(page - 1)}>← {tr.t('pagination.prev')}</a> : null}
      <span>{tr.t('pagination.page', { page, pages })}</span>
      {page < pages ? <a rel="next" href={hrefFor(page + 1)}>{tr.t('pagination.next')} →</a> : null}
    </nav>
  )
}
