import { can } from '../../../domain/roles.ts'
import type { pendingGradeChanges, pendingMatches } from '../../../store/review-queue.ts'
import { AdminLayout, PostForm, type AdminContext } from './layout.tsx'

type Matches = Awaited<ReturnType<typeof pendingMatches>>
type Changes = Awaited<ReturnType<typeof pendingGradeChanges>>

export function ReviewPage({ ctx, matches, changes, names }: { ctx: AdminContext; matches: Matches; changes: Changes; names: Map<string, string> }) {
  const reviewer = can(ctx.user!.role, 'review')
  return (
    <AdminLayout ctx={ctx} title="Monitor findings">
      <h1>Monitor findings to confirm</h1>
      <p>The monitor links a portal’s record to an intervention only when it is certain (same address, same name). Everything else waits here for a reviewer; two interventions are never merged silently.</p>
      <h2>Suggested matches ({matches.length})</h2>
      {matches.length === 0 ? <p>None waiting.</p> : matches.map((m, i) => (
        <section class="panel" aria-labelledby={`m-${i}`}>
          <h3 id={`m-${i}`}>{m.name}</h3>
          <p>{m.clearinghouse_id}, snapshot of {m.retrieved_at} ({m.file_name}, line {m.line}); grade “{m.native_level}”{m.url ? <> · <a href={m.url}>the portal’s page</a></> : null}</p>
          {reviewer ? (
            <PostForm ctx={ctx} action="/admin/review/matches">
              <input type="hidden" name="clearinghouse" value={m.clearinghouse_id} />
              <input type="hidden" name="key" value={m.key} />
              <fieldset>
                <legend class="label">Is this record one of these interventions?</legend>
                <div class="radios">
                  {m.suggestions.map((s, j) => (
                    <div class="radio">
                      <input type="radio" id={`m-${i}-${j}`} name="intervention" value={s.intervention} required />
                      <label for={`m-${i}-${j}`}>{names.get(s.intervention) ?? s.intervention} (similarity {Math.round(s.similarity * 100)}%)</label>
                    </div>
                  ))}
                  <div class="radio">
                    <input type="radio" id={`m-${i}-none`} name="intervention" value="" required />
                    <label for={`m-${i}-none`}>None of them</label>
                  </div>
                </div>
              </fieldset>
              <button type="submit">Decide</button>
            </PostForm>
          ) : <p>Suggested: {m.suggestions.map((s) => names.get(s.intervention) ?? s.intervention).join(', ')}. A reviewer decides.</p>}
        </section>
      ))}
      <h2>Grade changes ({changes.length})</h2>
      {changes.length === 0 ? <p>None waiting.</p> : changes.map((c) => (
        <section class="panel" aria-labelledby={`c-${c.id}`}>
          <h3 id={`c-${c.id}`}>{c.intervention_id ? <a href={`/admin/records/intervention/${c.intervention_id}`}>{names.get(c.intervention_id) ?? c.name}</a> : c.name}</h3>
          <p>{c.clearinghouse_id}, {c.retrieved_at}: “{String((c.before as { nativeLevel?: string } | null)?.nativeLevel ?? '')}” → “{String((c.after as { nativeLevel?: string } | null)?.nativeLevel ?? '')}” ({c.direction ?? 'no tier change'}). The new grade is in the intervention’s history.</p>
          {reviewer ? (
            <PostForm ctx={ctx} action={`/admin/review/changes/${c.id}`}>
              <div class="field">
                <label for={`note-${c.id}`}>Note (optional)</label>
                <input type="text" id={`note-${c.id}`} name="note" maxLength={500} />
              </div>
              <div class="actions">
                <button type="submit" name="decision" value="confirmed">Confirm</button>
                <button type="submit" name="decision" value="disputed" class="button--secondary">Dispute</button>
              </div>
            </PostForm>
          ) : null}
        </section>
      ))}
    </AdminLayout>
  )
}
