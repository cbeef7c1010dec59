import type { FieldChange } from '../../../domain/document-diff.ts'

const show = (v: unknown) => (v === undefined ? '(absent)' : v === null ? '(empty: unknown)' : typeof v === 'string' ? v : JSON.stringify(v))

/** Field-by-field differences between two versions of a record. */
export function DiffTable({ changes, beforeLabel, afterLabel, caption }: { changes: FieldChange[]; beforeLabel: string; afterLabel: string; caption: string }) {
  if (changes.length === 0) return <p>No differences.</p>
  return (
    <div class="table-wrap">
      <table class="diff stack">
        <caption>{caption}</caption>
        <thead>
          <tr><th scope="col">Field</th><th scope="col">{beforeLabel}</th><th scope="col">{afterLabel}</th></tr>
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
