import { diffDocuments, getPath } from '../../../domain/document-diff.ts'
import { FORM_FIELDS, KIND_LABELS, LIMITS, tierFields, type FieldSpec, type RecordKind } from '../../../domain/record-kinds.ts'
import { can } from '../../../domain/roles.ts'
import type { RecordState } from '../../../store/drafts.ts'
import { DiffTable } from './diff.tsx'
import { AdminLayout, IssueList, PostForm, type AdminContext, utc } from './layout.tsx'

export function RecordListPage({ ctx, kind, records, drafts }: { ctx: AdminContext; kind: RecordKind; records: { id: string; label: string }[]; drafts: Map<string, number> }) {
  return (
    <AdminLayout ctx={ctx} title={KIND_LABELS[kind].many}>
      <h1>{KIND_LABELS[kind].many}</h1>
      {can(ctx.user!.role, 'edit') ? <p><a class="button" href={`/admin/records/${kind}/new`}>New {KIND_LABELS[kind].one}</a></p> : null}
      <div class="table-wrap">
        <table class="stack">
          <caption class="visually-hidden">{KIND_LABELS[kind].many}</caption>
          <thead><tr><th scope="col">Record</th><th scope="col">Id</th><th scope="col">Open draft</th></tr></thead>
          <tbody>
            {records.map((r) => (
              <tr>
                <td data-label="Record"><a href={`/admin/records/${kind}/${r.id}`}>{r.label}</a></td>
                <td data-label="Id"><code>{r.id}</code></td>
                <td data-label="Open draft">{drafts.has(r.id) ? <a href={`/admin/drafts/${drafts.get(r.id)}`}>Draft #{drafts.get(r.id)}</a> : 'None'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </AdminLayout>
  )
}

const fieldId = (path: string) => `f-${path.replace(/\./g, '-')}`

function Field({ spec, value, error }: { spec: FieldSpec; value: unknown; error?: string }) {
  const id = fieldId(spec.path)
  const errId = `${id}-error`
  const described = error ? errId : undefined
  const text = value === null || value === undefined ? '' : Array.isArray(value) ? value.join(', ') : String(value)
  const err = error ? <p class="field__error" id={errId}>{error}</p> : null
  if (spec.type === 'checkboxes') {
    const picked = Array.isArray(value) ? value : []
    return (
      <fieldset class={`field${error ? ' field--error' : ''}`} aria-describedby={described}>
        <legend class="label">{spec.label}</legend>
        {err}
        <input type="hidden" name={`${spec.path}.present`} value="1" />
        <div class="checkboxes">
          {spec.options!.map((o) => (
            <div class="checkbox">
              <input type="checkbox" id={`${id}-${o}`} name={spec.path} value={o} checked={picked.includes(o)} />
              <label for={`${id}-${o}`}>{o}</label>
            </div>
          ))}
        </div>
      </fieldset>
    )
  }
  return (
    <div class={`field${error ? ' field--error' : ''}`}>
      <label for={id}>{spec.label}{spec.nullable ? ' (empty: unknown)' : spec.optional ? ' (optional)' : ''}</label>
      {err}
      {spec.type === 'textarea' ? (
        <textarea id={id} name={spec.path} rows={4} maxLength={LIMITS.textarea} aria-describedby={described}>{text}</textarea>
      ) : spec.type === 'select' ? (
        <select id={id} name={spec.path} aria-describedby={described}>
          {spec.options!.map((o) => <option value={o} selected={o === text}>{o}</option>)}
        </select>
      ) : (
        <input type="text" id={id} name={spec.path} value={text} maxLength={LIMITS.text} aria-describedby={described} />
      )}
    </div>
  )
}

export interface RecordPageProps {
  ctx: AdminContext
  kind: RecordKind
  id: string
  state: RecordState
  tiers: string[]
  clearinghouses: string[]
  /** What the editor just submitted, when it was refused: shown again, nothing lost. */
  proposed?: unknown
  issues?: { path: string; message: string }[]
  saved?: boolean
  /** The grade form's values, when that form was refused. */
  typedAssessment?: Record<string, string>
}

export function RecordPage({ ctx, kind, id, state, tiers, clearinghouses, proposed, issues = [], saved, typedAssessment }: RecordPageProps) {
  const editor = can(ctx.user!.role, 'edit')
  const current = proposed ?? state.draft?.document ?? state.live ?? state.archived?.document ?? null
  const fields = [...FORM_FIELDS[kind], ...(kind === 'clearinghouse' ? tierFields(current, tiers) : [])]
  const errorOf = (path: string) => issues.find((i) => i.path === path || i.path.startsWith(`${path}.`))?.message
  const name = (getPath(current, 'name') as string | undefined) ?? (getPath(current, 'name.en') as string | undefined) ?? id
  const title = `${KIND_LABELS[kind].one[0]!.toUpperCase()}${KIND_LABELS[kind].one.slice(1)}: ${typeof name === 'string' ? name : id}`
  return (
    <AdminLayout ctx={ctx} title={title}>
      <p><a href={`/admin/records/${kind}`}>{KIND_LABELS[kind].many}</a></p>
      <h1>{title}</h1>
      <IssueList issues={issues} />
      {saved ? <div class="notice" role="status"><p>Your draft is saved. It goes live when a reviewer publishes it.</p></div> : null}
      {state.archived ? <div class="notice notice--warning"><p>This record is archived (version {state.archived.version}): hidden from the public. <a href={`/admin/records/${kind}/${id}/history`}>Restore a version</a>.</p></div> : null}
      {state.draft ? (
        <div class="notice">
          <p>
            Draft <a href={`/admin/drafts/${state.draft.id}`}>#{state.draft.id}</a> ({state.draft.action}, revision {state.draft.revision}) by {state.draft.author}, last saved by {state.draft.updated_by}, awaits review. The form below shows the draft.
          </p>
          {state.draftIsStale ? <p><strong>The published record has changed since this draft was begun.</strong> Saving again bases the draft on the current published version.</p> : null}
        </div>
      ) : null}
      <ul class="inline-list">
        <li><a href={`/admin/records/${kind}/${id}/history`}>History and earlier versions</a></li>
        {state.live && kind === 'intervention' ? <li><a href={`/interventions/${id}`}>Public page</a></li> : null}
      </ul>
      {editor ? (
        <>
          <h2>Edit</h2>
          <PostForm ctx={ctx} action={`/admin/records/${kind}/${id}`}>
            <input type="hidden" name="token" value={state.token} />
            <input type="hidden" name="mode" value="fields" />
            {fields.map((f) => <Field spec={f} value={getPath(current, f.path)} error={errorOf(f.path)} />)}
            <button type="submit">Save draft</button>
          </PostForm>
          {kind === 'intervention' ? <AssessmentForm ctx={ctx} id={id} token={state.token} clearinghouses={clearinghouses} errorOf={errorOf} typed={typedAssessment} /> : null}
          <details open={issues.length > 0}>
            <summary>Edit the whole record as JSON (assessments, sources, scales)</summary>
            <PostForm ctx={ctx} action={`/admin/records/${kind}/${id}`}>
              <input type="hidden" name="token" value={state.token} />
              <input type="hidden" name="mode" value="json" />
              <div class="field">
                <label for="document">The record, in the shape of its data file</label>
                <textarea id="document" name="document" class="json" maxLength={LIMITS.document} spellcheck={false}>{JSON.stringify(current, null, 2)}</textarea>
              </div>
              <button type="submit">Save draft</button>
            </PostForm>
          </details>
          {state.live ? (
            <>
              <h2>Archive</h2>
              <p>Archiving hides the record from the public once a reviewer publishes it. Nothing is erased: every version stays and can be restored.</p>
              <PostForm ctx={ctx} action={`/admin/records/${kind}/${id}/archive`}>
                <input type="hidden" name="token" value={state.token} />
                <button type="submit" class="button--secondary">Propose archiving</button>
              </PostForm>
            </>
          ) : null}
        </>
      ) : (
        <>
          <h2>Published record</h2>
          <pre class="doc" tabindex={0}>{JSON.stringify(state.live ?? null, null, 2)}</pre>
        </>
      )}
    </AdminLayout>
  )
}

function AssessmentForm({ ctx, id, token, clearinghouses, errorOf, typed }: { ctx: AdminContext; id: string; token: string; clearinghouses: string[]; errorOf: (p: string) => string | undefined; typed?: Record<string, string> }) {
  const t = (name: string, label: string, hint?: string) => (
    <div class="field">
      <label for={`a-${name}`}>{label}</label>
      {hint ? <p class="hint" id={`a-${name}-hint`}>{hint}</p> : null}
      <input type="text" id={`a-${name}`} name={`assessment.${name}`} value={typed?.[name] ?? ''} maxLength={LIMITS.text} aria-describedby={hint ? `a-${name}-hint` : undefined} />
    </div>
  )
  const err = errorOf('assessments')
  // A refused grade comes back open, with what was typed in it.
  return (
    <details open={typed !== undefined}>
      <summary>Add a clearinghouse grade (assessment)</summary>
      <PostForm ctx={ctx} action={`/admin/records/intervention/${id}`}>
        <input type="hidden" name="token" value={token} />
        <input type="hidden" name="mode" value="assessment" />
        {err ? <p class="field__error">{err}</p> : null}
        <div class="field">
          <label for="a-clearinghouse">Clearinghouse</label>
          <select id="a-clearinghouse" name="assessment.clearinghouse">{clearinghouses.map((c) => <option value={c} selected={typed?.clearinghouse === c}>{c}</option>)}</select>
        </div>
        {t('scale', 'Scale id', 'As in the clearinghouse’s record, e.g. "current".')}
        {t('level', 'Level id (empty if the wording does not pin a level)')}
        {t('nativeLevel', 'Grade exactly as the portal words it')}
        <div class="field">
          <label for="a-scope">What was graded</label>
          <select id="a-scope" name="assessment.scope">{['programme', 'variant', 'related', 'unconfirmed'].map((s) => <option value={s} selected={typed?.scope === s}>{s}</option>)}</select>
        </div>
        {t('appliesTo', 'Version graded (required unless the programme itself)')}
        {t('topic', 'Topic area (where the portal grades per topic, e.g. CEBC)')}
        {t('reviewDate', 'Review date (YYYY, YYYY-MM or YYYY-MM-DD)')}
        {t('sourceUrl', 'Exact page that shows the grade (not the portal’s home page)')}
        {t('quote', 'Quote from that page showing the grade (verbatim, at most 30 words, required)')}
        <div class="field">
          <input type="checkbox" id="a-secondHand" name="assessment.secondHand" checked={typed?.secondHand === 'on'} />{' '}
          <label for="a-secondHand">Second-hand: the page is not the portal’s own (a news item, the developer, a copy of a report)</label>
        </div>
        {t('sourceDocument', 'Source document (if no web address)')}
        {t('retrievedAt', 'Retrieved on (YYYY-MM-DD, required)')}
        <button type="submit">Save draft with this grade</button>
      </PostForm>
    </details>
  )
}

export function NewRecordPage({ ctx, kind, template, token, id = '', issues = [] }: { ctx: AdminContext; kind: RecordKind; template: string; token: string; id?: string; issues?: { path: string; message: string }[] }) {
  return (
    <AdminLayout ctx={ctx} title={`New ${KIND_LABELS[kind].one}`}>
      <p><a href={`/admin/records/${kind}`}>{KIND_LABELS[kind].many}</a></p>
      <h1>New {KIND_LABELS[kind].one}</h1>
      <IssueList issues={issues} />
      <PostForm ctx={ctx} action={`/admin/records/${kind}`}>
        <input type="hidden" name="token" value={token} />
        <div class="field">
          <label for="new-id">Id (lowercase words joined by hyphens; it cannot change later)</label>
          <input type="text" id="new-id" name="id" value={id} maxLength={100} required />
        </div>
        <div class="field">
          <label for="document">The record, in the shape of its data file</label>
          <textarea id="document" name="document" class="json" maxLength={LIMITS.document} spellcheck={false}>{template}</textarea>
        </div>
        <button type="submit">Save draft</button>
      </PostForm>
    </AdminLayout>
  )
}

export function ConflictPage({ ctx, kind, id, theirs, yours, token }: { ctx: AdminContext; kind: RecordKind; id: string; theirs: { document: unknown; by: string; at: Date; what: 'draft' | 'published' }; yours: unknown; token: string }) {
  const theirLabel = `Their ${theirs.what === 'draft' ? 'draft' : 'published version'} (${theirs.by})`
  return (
    <AdminLayout ctx={ctx} title="Conflict: someone else changed this record">
      <h1>Someone else changed this record while you were editing</h1>
      <div class="error-summary" role="alert" tabindex={-1}>
        <p>
          {theirs.by} saved a {theirs.what === 'draft' ? 'draft' : 'published version'} of <code>{kind}/{id}</code> at {utc(theirs.at)}, after you opened it. Your change was <strong>not saved</strong>, and theirs was not overwritten. Compare both below.
        </p>
      </div>
      <DiffTable changes={diffDocuments(theirs.document, yours)} beforeLabel={theirLabel} afterLabel="Your version" caption="Where your version differs from theirs" />
      <div class="versions">
        <section aria-labelledby="theirs-h"><h2 id="theirs-h">{theirLabel}</h2><pre class="doc" tabindex={0}>{JSON.stringify(theirs.document, null, 2)}</pre></section>
        <section aria-labelledby="yours-h"><h2 id="yours-h">Your version</h2><pre class="doc" tabindex={0}>{JSON.stringify(yours, null, 2)}</pre></section>
      </div>
      <h2>What now</h2>
      <div class="actions">
        <a class="button button--secondary" href={`/admin/records/${kind}/${id}`}>Discard mine and open theirs</a>
        <PostForm ctx={ctx} action={`/admin/records/${kind}/${id}`}>
          <input type="hidden" name="token" value={token} />
          <input type="hidden" name="mode" value="json" />
          <textarea name="document" hidden aria-hidden="true">{JSON.stringify(yours)}</textarea>
          <button type="submit">Save mine over theirs (as a new draft revision)</button>
        </PostForm>
      </div>
    </AdminLayout>
  )
}
