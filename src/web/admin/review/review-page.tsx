import { can } from '../../../domain/roles.ts'
import type { pendingGradeChanges, pendingMatches } from '../../../store/review-queue.ts'
import type { findingVersions, PendingWatchFinding } from '../../../store/watch-review.ts'
import { AdminLayout, codeName, English, PostForm, utc, type AdminContext } from '../layout.tsx'
import { PageDiff } from './page-diff.tsx'

type Matches = Awaited<ReturnType<typeof pendingMatches>>
type Changes = Awaited<ReturnType<typeof pendingGradeChanges>>

type Versions = Awaited<ReturnType<typeof findingVersions>>


function WatchFinding({ ctx, f, versions, reviewer }: { ctx: AdminContext; f: PendingWatchFinding; versions: Versions; reviewer: boolean }) {
  const d = f.detail as { to?: string; status?: number; failures?: number; error?: string; quote?: string; redirects?: { status: number; to: string }[] }
  const cur = f.version_id ? versions.get(f.version_id) : undefined
  const prev = f.previous_version_id ? versions.get(f.previous_version_id) : undefined
  const phrases = [f.quote ?? '', f.proposed_native ?? ''].filter(Boolean)
  const title = f.intervention_name ?? f.clearinghouse_name ?? f.url
  const { tr } = ctx
  const id = String(f.id)
  return (
    <section class="panel" aria-labelledby={`w-${f.id}`} id={`finding-${f.id}`}>
      <h3 id={`w-${f.id}`}>{title}: {tr.t(`admin.finding.${f.kind}`)}</h3>
      <p>{f.clearinghouse_name ?? tr.t('admin.finding.aPortal')}, <a href={f.url} rel="noopener noreferrer">{f.url}</a>; {tr.t('admin.finding.found', { when: utc(new Date(f.found_at)) })}</p>
      {f.kind === 'grade-changed' ? (
        <p>{tr.t('admin.finding.weRecord')} <q>{f.current_native}</q>{tr.t('admin.finding.nowSays')} <q class="quote-mark">{f.proposed_native}</q> {tr.t('admin.finding.level', { level: f.proposed_level ?? '' })} {f.intervention_id ? <a href={ctx.href(`/admin/records/intervention/${f.intervention_id}`)}>{tr.t('admin.finding.interventionRecord')}</a> : null}</p>
      ) : f.kind === 'quote-missing' ? (
        <p>{tr.t('admin.finding.weQuote')} <q class="quote-mark">{d.quote ?? f.quote}</q> {tr.t('admin.finding.forGrade')} <q>{f.current_native}</q>{tr.t('admin.finding.wordsGone')}</p>
      ) : f.kind === 'moved' ? (
        <p>{tr.t('admin.finding.movedTo')} <a href={d.to} rel="noopener noreferrer">{d.to}</a>{d.redirects?.length ? ` (${d.redirects.map((r) => `${r.status} → ${r.to}`).join(', ')})` : ''}.</p>
      ) : f.kind === 'vanished' ? (
        <p>{tr.t(d.status === 410 ? 'admin.finding.gone' : 'admin.finding.notFound', { status: String(d.status) })}</p>
      ) : f.kind === 'failing' ? (
        <p>{tr.tp('admin.finding.failures', d.failures ?? 0)} <English ctx={ctx}>{d.error}</English>.</p>
      ) : (
        <p>{tr.t('admin.finding.listingChanged')}</p>
      )}
      {cur ? (
        <>
          <p class="small">{prev ? tr.t('admin.finding.changesBetween', { from: utc(new Date(prev.fetched_at)), fromId: String(prev.id), to: utc(new Date(cur.fetched_at)), toId: String(cur.id) }) : tr.t('admin.finding.firstVersion', { when: utc(new Date(cur.fetched_at)), id: String(cur.id) })} {tr.t('admin.finding.marked')}</p>
          <PageDiff tr={tr} before={prev?.text ?? null} after={cur.text} phrases={phrases} label={tr.t('admin.finding.diffLabel', { id })} />
        </>
      ) : null}
      {reviewer ? (
        <PostForm ctx={ctx} action={`/admin/review/watch/${f.id}`}>
          <p class="small">{tr.t(`admin.finding.confirms.${f.kind}`)} {tr.t('admin.finding.dismissMeans')}</p>
          <div class="field">
            <label for={`wnote-${f.id}`}>{tr.t('admin.noteOptional')}</label>
            <input type="text" id={`wnote-${f.id}`} name="note" maxLength={500} />
          </div>
          <div class="actions">
            <button type="submit" name="decision" value="confirmed">{f.kind === 'grade-changed' ? tr.t('admin.finding.confirmGrade') : tr.t('admin.confirm')}</button>
            <button type="submit" name="decision" value="dismissed" class="button--secondary">{tr.t('admin.finding.dismiss')}</button>
          </div>
        </PostForm>
      ) : <p>{tr.t('admin.reviewerDecides')}</p>}
    </section>
  )
}

export function ReviewPage({ ctx, matches, changes, names, watch = [], versions = new Map() }: { ctx: AdminContext; matches: Matches; changes: Changes; names: Map<string, string>; watch?: PendingWatchFinding[]; versions?: Versions }) {
  const { tr } = ctx
  const reviewer = can(ctx.user!.role, 'review')
  return (
    <AdminLayout ctx={ctx} title={tr.t('admin.nav.review')}>
      <h1>{tr.t('admin.review.heading')}</h1>
      <p>{tr.t('admin.review.lead')}</p>
      <h2>{tr.t('admin.review.watched', { count: String(watch.length) })}</h2>
      <p>{tr.t('admin.review.watchedLead')}</p>
      {watch.length === 0 ? <p>{tr.t('admin.review.noneWaiting')}</p> : watch.map((f) => <WatchFinding ctx={ctx} f={f} versions={versions} reviewer={reviewer} />)}
      <h2>{tr.t('admin.review.matches', { count: String(matches.length) })}</h2>
      {matches.length === 0 ? <p>{tr.t('admin.review.noneWaiting')}</p> : matches.map((m, i) => (
        <section class="panel" aria-labelledby={`m-${i}`}>
          <h3 id={`m-${i}`}>{m.name}</h3>
          <p>{tr.t('admin.review.snapshotOf', { clearinghouse: m.clearinghouse_id, date: m.retrieved_at, file: m.file_name, line: String(m.line) })} “{m.native_level}”{m.url ? <> · <a href={m.url}>{tr.t('admin.review.portalPage')}</a></> : null}</p>
          {reviewer ? (
            <PostForm ctx={ctx} action="/admin/review/matches">
              <input type="hidden" name="clearinghouse" value={m.clearinghouse_id} />
              <input type="hidden" name="key" value={m.key} />
              <fieldset>
                <legend class="label">{tr.t('admin.review.isItOne')}</legend>
                <div class="radios">
                  {m.suggestions.map((s, j) => (
                    <div class="radio">
                      <input type="radio" id={`m-${i}-${j}`} name="intervention" value={s.intervention} required />
                      <label for={`m-${i}-${j}`}>{names.get(s.intervention) ?? s.intervention} {tr.t('admin.review.similarity', { percent: Math.round(s.similarity * 100) })}</label>
                    </div>
                  ))}
                  <div class="radio">
                    <input type="radio" id={`m-${i}-none`} name="intervention" value="" required />
                    <label for={`m-${i}-none`}>{tr.t('admin.review.noneOfThem')}</label>
                  </div>
                </div>
              </fieldset>
              <button type="submit">{tr.t('admin.review.decide')}</button>
            </PostForm>
          ) : <p>{tr.t('admin.review.suggested')} {m.suggestions.map((s) => names.get(s.intervention) ?? s.intervention).join(', ')}. {tr.t('admin.reviewerDecides')}</p>}
        </section>
      ))}
      <h2>{tr.t('admin.review.gradeChanges', { count: String(changes.length) })}</h2>
      {changes.length === 0 ? <p>{tr.t('admin.review.noneWaiting')}</p> : changes.map((c) => (
        <section class="panel" aria-labelledby={`c-${c.id}`}>
          <h3 id={`c-${c.id}`}>{c.intervention_id ? <a href={ctx.href(`/admin/records/intervention/${c.intervention_id}`)}>{names.get(c.intervention_id) ?? c.name}</a> : c.name}</h3>
          <p>{c.clearinghouse_id}, {c.retrieved_at}: “{String((c.before as { nativeLevel?: string } | null)?.nativeLevel ?? '')}” → “{String((c.after as { nativeLevel?: string } | null)?.nativeLevel ?? '')}” ({c.direction ? codeName(ctx, 'admin.changeDirection', c.direction) : tr.t('admin.review.noTierChange')}). {tr.t('admin.review.inHistory')}</p>
          {reviewer ? (
            <PostForm ctx={ctx} action={`/admin/review/changes/${c.id}`}>
              <div class="field">
                <label for={`note-${c.id}`}>{tr.t('admin.noteOptional')}</label>
                <input type="text" id={`note-${c.id}`} name="note" maxLength={500} />
              </div>
              <div class="actions">
                <button type="submit" name="decision" value="confirmed">{tr.t('admin.confirm')}</button>
                <button type="submit" name="decision" value="disputed" class="button--secondary">{tr.t('admin.review.dispute')}</button>
              </div>
            </PostForm>
          ) : null}
        </section>
      ))}
    </AdminLayout>
  )
}
