import { createHash } from 'node:crypto'
import { sql, type Kysely, type Transaction } from 'kysely'
import { currentAssessments, type TieredAssessment } from '../domain/harmonise.ts'
import { isProgrammePage, judgeCheck, type CheckVerdict, type CitingGrade, type ClearinghouseWatch, type FindingDraft, type Hop, type PageCheck } from '../domain/watch.ts'
import type { Database } from './database.ts'
import { bumpRevision, revisionMoved } from './revision.ts'

type Db = Kysely<Database> | Transaction<Database>

/** A page the watch fetches: cited by current grades, or a portal's listing page. */
export interface WatchTarget {
  url: string
  /** Where to fetch it: the url, or where a reviewer confirmed it moved. */
  fetchUrl: string
  clearinghouse: string | null
  listing: boolean
  programmePage: boolean
  citing: (CitingGrade & { scale: string })[]
  watch: ClearinghouseWatch | null
  levels: string[]
}

/**
 * Every page the watch looks at, from the data only: each page a current grade cites (its
 * `source.url`) and each portal's listing pages. Nothing else is ever fetched.
 */
export async function watchTargets(db: Db): Promise<WatchTarget[]> {
  const [rows, chs, levels, pages] = await Promise.all([
    db
      .selectFrom('assessment')
      .select(['id', 'intervention_id', 'seq', 'clearinghouse_id', 'scale_id', 'level_id', 'native_level', 'tier_id', 'scope', 'applies_to', 'topic', 'review_date', 'edition', 'note', 'quote', 'source', 'source_url', 'retrieved_at'])
      .orderBy('intervention_id').orderBy('seq')
      .execute(),
    db.selectFrom('clearinghouse').select(['id', 'watch']).execute(),
    db.selectFrom('scale_level').select(['clearinghouse_id', 'scale_id', 'id']).execute(),
    db.selectFrom('watched_page').select(['url', 'moved_to']).execute(),
  ])
  const movedTo = new Map(pages.filter((p) => p.moved_to).map((p) => [p.url, p.moved_to!]))
  const watchOf = new Map(chs.map((c) => [c.id, c.watch]))
  const byIv = new Map<string, typeof rows>()
  for (const r of rows) byIv.set(r.intervention_id, [...(byIv.get(r.intervention_id) ?? []), r])
  const targets = new Map<string, WatchTarget & { ivs: Set<string> }>()
  const target = (url: string, clearinghouse: string | null) => {
    let t = targets.get(url)
    if (!t) {
      const watch = clearinghouse ? watchOf.get(clearinghouse) ?? null : null
      const lv = watch ? levels.filter((l) => l.clearinghouse_id === clearinghouse && l.scale_id === watch.scale).map((l) => l.id) : []
      t = { url, fetchUrl: movedTo.get(url) ?? url, clearinghouse, listing: false, programmePage: false, citing: [], watch, levels: lv, ivs: new Set() }
      targets.set(url, t)
    }
    return t
  }
  for (const ivRows of byIv.values()) {
    const tiered = ivRows.map((r) => ({ ...r, t: { clearinghouse: r.clearinghouse_id, scale: r.scale_id, level: r.level_id, nativeLevel: r.native_level, scope: r.scope, appliesTo: r.applies_to, topic: r.topic, reviewDate: r.review_date, edition: r.edition, note: r.note, quote: r.quote, source: r.source, tier: r.tier_id, seq: r.seq } satisfies TieredAssessment }))
    const current = new Set(currentAssessments(tiered.map((x) => x.t)).map((a) => a.seq))
    for (const r of ivRows) {
      if (!current.has(r.seq) || !r.source_url) continue
      const t = target(r.source_url, r.clearinghouse_id)
      t.citing.push({ assessmentId: r.id, intervention: r.intervention_id, level: r.level_id, quote: r.quote, scale: r.scale_id })
      t.ivs.add(r.intervention_id)
    }
  }
  for (const c of chs) for (const url of c.watch?.listingPages ?? []) target(url, c.id).listing = true
  return [...targets.values()]
    .map(({ ivs, ...t }) => ({ ...t, programmePage: !t.listing && isProgrammePage(t.url, ivs) }))
    .sort((a, b) => a.url.localeCompare(b.url))
}

export async function startRun(db: Db, by: string): Promise<number> {
  return (await db.insertInto('watch_run').values({ started_by: by, finished_at: null, summary: null }).returning('id').executeTakeFirstOrThrow()).id
}

/** Ends a run; the revision moves on so programme pages show when their sources were last read. */
export async function finishRun(db: Db, id: number, summary: Record<string, unknown>): Promise<void> {
  await db.updateTable('watch_run').set({ finished_at: new Date(), summary: JSON.stringify(summary) }).where('id', '=', id).execute()
  await bumpRevision(db)
  revisionMoved(db)
}

export type CheckOutcome =
  | { kind: 'ok'; status: number; finalUrl: string; headers: Record<string, string>; redirects: Hop[]; contentType: string; title: string | null; text: string }
  | { kind: 'not-modified'; status: 304; redirects: Hop[]; headers: Record<string, string> }
  | { kind: 'gone'; status: number; redirects: Hop[] }
  | { kind: 'unsupported'; status: number; redirects: Hop[]; contentType: string }
  | { kind: 'disallowed'; redirects: Hop[] }
  | { kind: 'error'; status: number | null; error: string; redirects: Hop[] }

export interface RecordedCheck {
  outcome: CheckOutcome['kind']
  /** A new page version was stored (its text differs from the last one). */
  newVersion: number | null
  changed: boolean
  findings: { id: number; kind: FindingDraft['kind']; intervention: string | null; url: string }[]
  verdict: CheckVerdict | null
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex')

/**
 * Records one check of one page in one transaction: the attempt, a new immutable page version when
 * the text changed, the page's state for the next run, whether each citing grade's quote is still
 * there, and any new findings (a finding already known is not raised again until the page stops
 * showing it).
 */
export async function recordCheck(db: Kysely<Database>, runId: number, t: WatchTarget, o: CheckOutcome, opts: { failuresBeforeFinding: number; at?: Date; durationMs?: number }): Promise<RecordedCheck> {
  const at = opts.at ?? new Date()
  return db.transaction().execute(async (tx) => {
    await sql`select pg_advisory_xact_lock(4711014)`.execute(tx)
    const page = await tx.selectFrom('watched_page').selectAll().where('url', '=', t.url).executeTakeFirst()
    const latest = page?.latest_version_id ? await tx.selectFrom('page_version').select(['id', 'text', 'content_hash']).where('id', '=', page.latest_version_id).executeTakeFirst() : undefined
    let versionId: number | null = null
    let text: string | null = null
    let changed = false
    if (o.kind === 'ok') {
      const hash = sha256(o.text)
      text = o.text
      if (!latest || latest.content_hash !== hash) {
        versionId = (
          await tx
            .insertInto('page_version')
            .values({ url: t.url, final_url: o.finalUrl, fetched_at: at, status: o.status, content_type: o.contentType, headers: JSON.stringify(o.headers), redirects: JSON.stringify(o.redirects), title: o.title, text: o.text, content_hash: hash })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id
        changed = latest !== undefined
      }
    } else if (o.kind === 'not-modified') text = latest?.text ?? null
    const failed = o.kind === 'error'
    const failures = failed ? (page?.failures ?? 0) + 1 : o.kind === 'disallowed' || o.kind === 'unsupported' ? page?.failures ?? 0 : 0
    const headers = o.kind === 'ok' || o.kind === 'not-modified' ? o.headers : null
    const state = {
      clearinghouse_id: t.clearinghouse,
      last_checked_at: at,
      last_status: 'status' in o ? o.status : null,
      last_outcome: o.kind,
      last_error: o.kind === 'error' ? o.error : null,
      failures,
      ...(o.kind === 'ok' || o.kind === 'not-modified' ? { last_ok_at: at } : {}),
      ...(headers ? { etag: headers['etag'] ?? (o.kind === 'not-modified' ? page?.etag ?? null : null), last_modified: headers['last-modified'] ?? (o.kind === 'not-modified' ? page?.last_modified ?? null : null) } : {}),
      ...(versionId ? { latest_version_id: versionId } : {}),
    }
    if (page) await tx.updateTable('watched_page').set(state).where('url', '=', t.url).execute()
    else await tx.insertInto('watched_page').values({ url: t.url, ...state }).execute()
    await tx.insertInto('watch_check').values({ run_id: runId, url: t.url, checked_at: at, outcome: o.kind, status: 'status' in o ? o.status : null, redirects: JSON.stringify(o.redirects), error: o.kind === 'error' ? o.error : o.kind === 'unsupported' ? `not read: ${o.contentType || 'no content type'}` : null, version_id: versionId, duration_ms: Math.round(opts.durationMs ?? 0) }).execute()

    // Findings only while the portal's pages are being read for what they say (never for a robots.txt refusal).
    const check: PageCheck = {
      url: t.url, outcome: o.kind, status: 'status' in o ? o.status : null, redirects: o.redirects, error: o.kind === 'error' ? o.error : null,
      text, changedSincePrevious: changed, failures, failuresBeforeFinding: opts.failuresBeforeFinding, listing: t.listing, programmePage: t.programmePage, citing: t.citing,
      reading: t.watch ? { scale: t.watch.scale, patterns: t.watch.patterns, levels: t.levels } : null,
    }
    const verdict = judgeCheck(check)
    const currentVersion = versionId ?? latest?.id ?? null
    const previousVersion = versionId ? latest?.id ?? null : null
    const present = new Set(verdict.findings.map((f) => f.identity))
    // Known findings this check shows no longer hold: they leave the queue (a later return raises them anew).
    if (verdict.judged.length) {
      const stale = await tx.selectFrom('watch_finding').select(['id', 'identity', 'status']).where('url', '=', t.url).where('cleared_at', 'is', null).where('kind', 'in', verdict.judged).execute()
      for (const s of stale.filter((s) => !present.has(s.identity))) {
        await tx.updateTable('watch_finding').set({ cleared_at: at, ...(s.status === 'open' ? { status: 'cleared' as const } : {}) }).where('id', '=', s.id).execute()
      }
    }
    const known = new Set(
      present.size ? (await tx.selectFrom('watch_finding').select('identity').where('identity', 'in', [...present]).where('cleared_at', 'is', null).execute()).map((r) => r.identity) : [],
    )
    const created: RecordedCheck['findings'] = []
    for (const f of verdict.findings) {
      if (known.has(f.identity)) continue
      // The diff runs from the version before this one (none when the page is seen for the first time).
      const row = await tx
        .insertInto('watch_finding')
        .values({
          kind: f.kind, identity: f.identity, url: t.url, clearinghouse_id: t.clearinghouse, intervention_id: f.intervention, assessment_id: f.assessmentId,
          version_id: currentVersion, previous_version_id: previousVersion ?? (await versionBefore(tx, t.url, currentVersion)),
          proposed_level: f.proposed?.level ?? null, proposed_native: f.proposed?.text ?? null, detail: JSON.stringify(f.detail),
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      created.push({ id: row.id, kind: f.kind, intervention: f.intervention, url: t.url })
    }
    if (o.kind === 'ok' || o.kind === 'not-modified') {
      for (const g of t.citing) {
        const values = { url: t.url, checked_at: at, version_id: currentVersion, quote_found: verdict.quotes.get(g.assessmentId) ?? null, grade_found: verdict.grades.get(g.assessmentId) ?? null }
        await tx.insertInto('source_check').values({ assessment_id: g.assessmentId, ...values }).onConflict((oc) => oc.column('assessment_id').doUpdateSet(values)).execute()
      }
    }
    return { outcome: o.kind, newVersion: versionId, changed, findings: created, verdict }
  })
}

async function versionBefore(tx: Db, url: string, id: number | null): Promise<number | null> {
  if (id === null) return null
  const r = await tx.selectFrom('page_version').select('id').where('url', '=', url).where('id', '<', id).orderBy('id', 'desc').executeTakeFirst()
  return r?.id ?? null
}
