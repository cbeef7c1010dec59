import { can } from '../../../domain/roles.ts'
import type { pendingGradeChanges, pendingMatches } from '../../../store/review-queue.ts'
import { confirmMeans, type findingVersions, type PendingWatchFinding } from '../../../store/watch-review.ts'
import { AdminLayout, PostForm, utc, type AdminContext } from './layout.tsx'
import { PageDiff } from './page-diff.tsx'

type Matches = Awaited<ReturnType<typeof pendingMatches>>
type Changes = Awaited<ReturnType<typeof pendingGradeChanges>>

type Versions = Awaited<ReturnType<typeof findingVersions>>

const KIND_LABEL: Record<PendingWatchFinding['kind'], string> = {
  'grade-changed': 'grade changed',
  'quote-missing': 'quote no longer on the page',
  moved: 'page moved',
  vanished: 'page gone',
  failing: 'page keeps failing',
  'listing-changed': 'listing changed',
}

function WatchFinding({ ctx, f, versions, reviewer }: { ctx: AdminContext; f: PendingWatchFinding; versions: Versions; reviewer: boolean }) {
  const d = f.detail as { to?: string; status?: number; failures?: number; error?: string; quote?: string; redirects?: { status: number; to: string }[] }
  const cur = f.version_id ? versions.get(f.version_id) : undefined
  const prev = f.previous_version_id ? versions.get(f.previous_version_id) : undefined
  const phrases = [f.quote ?? '', f.proposed_native ?? ''].filter(Boolean)
  const title = f.intervention_name ?? f.clearinghouse_name ?? f.url
  return (
    <section class="panel" aria-labelledby={`w-${f.id}`} id={`finding-${f.id}`}>
      <h3 id={`w-${f.id}`}>{title}: {KIND_LABEL[f.kind]}</h3>
      <p>{f.clearinghouse_name ?? 'A portal'}, <a href={f.url} rel="noopener noreferrer">{f.url}</a>; found {utc(new Date(f.found_at))}.</p>
      {f.kind === 'grade-changed' ? (
        <p>We record <q>{f.current_native}</q>; the page now says <q class="quote-mark">{f.proposed_native}</q> (level {f.proposed_level}). {f.intervention_id ? <a href={`/admin/records/intervention/${f.intervention_id}`}>The intervention’s record</a> : null}</p>
      ) : f.kind === 'quote-missing' ? (
        <p>We quote <q class="quote-mark">{d.quote ?? f.quote}</q> for the grade <q>{f.current_native}</q>; the page no longer has these words.</p>
      ) : f.kind === 'moved' ? (
        <p>The page moved permanently to <a href={d.to} rel="noopener noreferrer">{d.to}</a>{d.redirects?.length ? ` (${d.redirects.map((r) => `${r.status} → ${r.to}`).join(', ')})` : ''}.</p>
      ) : f.kind === 'vanished' ? (
        <p>The page answers {d.status} ({d.status === 410 ? 'gone for good' : 'not found'}).</p>
      ) : f.kind === 'failing' ? (
        <p>{d.failures} checks in a row failed; the last: {d.error}.</p>
      ) : (
        <p>The listing’s text changed: look for programmes added or taken off.</p>
      )}
      {cur ? (
        <>
          <p class="small">{prev ? <>Changes from the version of {utc(new Date(prev.fetched_at))} (#{prev.id}) to the version of {utc(new Date(cur.fetched_at))} (#{cur.id}).</> : <>The version of {utc(new Date(cur.fetched_at))} (#{cur.id}), the first the watch kept of this page.</>} The quote and the grade’s words are marked.</p>
          <PageDiff before={prev?.text ?? null} after={cur.text} phrases={phrases} label={`What changed on the page (finding ${f.id})`} />
        </>
      ) : null}
      {reviewer ? (
        <PostForm ctx={ctx} action={`/admin/review/watch/${f.id}`}>
          <p class="small">Confirming will {confirmMeans(f.kind)}. Dismissing changes nothing public; the finding does not come back while the page stays as it is.</p>
          <div class="field">
            <label for={`wnote-${f.id}`}>Note (optional)</label>
            <input type="text" id={`wnote-${f.id}`} name="note" maxLength={500} />
          </div>
          <div class="actions">
            <button type="submit" name="decision" value="confirmed">{f.kind === 'grade-changed' ? 'Confirm the new grade' : 'Confirm'}</button>
            <button type="submit" name="decision" value="dismissed" class="button--secondary">Dismiss</button>
          </div>
        </PostForm>
      ) : <p>A reviewer decides.</p>}
    </section>
  )
}

export function ReviewPage({ ctx, matches, changes, names, watch = [], versions = new Map() }: { ctx: AdminContext; matches: Matches; changes: Changes; names: Map<string, string>; watch?: PendingWatchFinding[]; versions?: Versions }) {
  const reviewer = can(ctx.user!.role, 'review')
  return (
    <AdminLayout ctx={ctx} title="Monitor findings">
      <h1>Monitor findings to confirm</h1>
      <p>The monitor links a portal’s record to an intervention only when it is certain (same address, same name). Everything else waits here for a reviewer; two interventions are never merged silently.</p>
      <h2>Watched pages ({watch.length})</h2>
      <p>The page watch reads the pages our grades cite. What it found waits here: nothing of it is public until a reviewer confirms it.</p>
      {watch.length === 0 ? <p>None waiting.</p> : watch.map((f) => <WatchFinding ctx={ctx} f={f} versions={versions} reviewer={reviewer} />)}
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
