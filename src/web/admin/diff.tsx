import type { FieldChange } from '../../domain/document-diff.ts'
import type { AdminContext } from './layout.tsx'

/** Field-by-field differences between two versions of a record. */
export function DiffTable({ ctx, changes, beforeLabel, afterLabel, caption }: { ctx: AdminContext; changes: FieldChange[]; beforeLabel: string; afterLabel: string; caption: string }) {
  const { tr } = ctx
  const show = (v: unknown) => (v === undefined ? tr.t('admin.diff.absent') : v === null ? tr.t('admin.diff.empty') : typeof v === 'string' ? v : JSON.stringify(v))
  if (changes.length === 0) return <p>{tr.t('admin.diff.none')}</p>
  return (
    <div class="table-wrap">
      <table class="diff stack">
        <caption>{caption}</caption>
        <thead>
          <tr><th scope="col">{tr.t('admin.diff.field')}</th><th scope="col">{beforeLabel}</th><th scope="col">{afterLabel}</th></tr>
        </thead>
        <tbody>
          {changes.map((c) => (
            <tr>
              <th scope="row"><code>{c.path}</code></th>
              <td data-label={beforeLabel}><code>{show(c.before)}</code></td>
              <td data-label={afterLabel}><code>{show(c.after)}</code></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
