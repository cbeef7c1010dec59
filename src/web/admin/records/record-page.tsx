import { diffDocuments, getPath } from '../../../domain/document-diff.ts'
import { FORM_FIELDS, LIMITS, tierFields, type FieldSpec, type RecordKind } from '../../../domain/record-kinds.ts'
import { can } from '../../../domain/roles.ts'
import type { RecordState } from '../../../store/drafts.ts'
import { DiffTable } from '../diff.tsx'
import { AdminLayout, codeName, English, isMessageKey, IssueList, kindName, PostForm, type AdminContext, type Issue, utc } from '../layout.tsx'

export function RecordListPage({ ctx, kind, records, drafts }: { ctx: AdminContext; kind: RecordKind; records: { id: string; label: string }[]; drafts: Map<string, number> }) {
  const { tr } = ctx
  return (
    <AdminLayout ctx={ctx} title={kindName(ctx, kind, 'many')}>
      <h1>{kindName(ctx, kind, 'many')}</h1>
      {can(ctx.user!.role, 'edit') ? <p><a class="button" href={ctx.href(`/admin/records/${kind}/new`)}>{tr.t(`admin.records.new.${kind}`)}</a></p> : null}
      <div class="table-wrap">
        <table class="stack">
          <caption class="visually-hidden">{kindName(ctx, kind, 'many')}</caption>
          <thead><tr><th scope="col">{tr.t('admin.drafts.record')}</th><th scope="col">{tr.t('admin.records.id')}</th><th scope="col">{tr.t('admin.records.openDraft')}</th></tr></thead>
          <tbody>
            {records.map((r) => (
              <tr>
                <td data-label={tr.t('admin.drafts.record')}><a href={ctx.href(`/admin/records/${kind}/${r.id}`)}>{r.label}</a></td>
                <td data-label={tr.t('admin.records.id')}><code>{r.id}</code></td>
                <td data-label={tr.t('admin.records.openDraft')}>{drafts.has(r.id) ? <a href={ctx.href(`/admin/drafts/${drafts.get(r.id)}`)}>{tr.t('admin.draft.title', { id: String(drafts.get(r.id)) })}</a> : tr.t('admin.records.noDraft')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </AdminLayout>
  )
}

const fieldId = (path: string) => `f-${path.replace(/\./g, '-')}`

/** A field's label in the page's language: the text's language named, a tier mapping's scale and level as the data words them. */
function FieldLabel({ ctx, spec }: { ctx: AdminContext; spec: FieldSpec }) {
  const { tr } = ctx
  if (spec.tierOf) {
    const scale = tr.pick(spec.tierOf.scale)
    return <><span lang={scale.lang === ctx.lang ? undefined : scale.lang}>{scale.text}</span>: “{spec.tierOf.level}”</>
  }
  const label = isMessageKey(spec.labelKey) ? tr.t(spec.labelKey) : spec.label
  return <>{spec.contentLang ? tr.t('admin.field.inLanguage', { label, language: tr.t(`admin.language.${spec.contentLang}`) }) : label}</>
}

function Field({ ctx, spec, value, error }: { ctx: AdminContext; spec: FieldSpec; value: unknown; error?: string }) {
  const { tr } = ctx
  const id = fieldId(spec.path)
  const errId = `${id}-error`
  const described = error ? errId : undefined
  const text = value === null || value === undefined ? '' : Array.isArray(value) ? value.join(', ') : String(value)
  const err = error ? <p class="field__error" id={errId}><English ctx={ctx}>{error}</English></p> : null
  const option = (o: string) => (spec.optionKey ? codeName(ctx, spec.optionKey, o) : o)
  if (spec.type === 'checkboxes') {
    const picked = Array.isArray(value) ? value : []
    return (
      <fieldset class={`field${error ? ' field--error' : ''}`} aria-describedby={described}>
        <legend class="label"><FieldLabel ctx={ctx} spec={spec} /></legend>
        {err}
        <input type="hidden" name={`${spec.path}.present`} value="1" />
        <div class="checkboxes">
          {spec.options!.map((o) => (
            <div class="checkbox">
              <input type="checkbox" id={`${id}-${o}`} name={spec.path} value={o} checked={picked.includes(o)} />
              <label for={`${id}-${o}`}>{option(o)}</label>
            </div>
          ))}
        </div>
      </fieldset>
    )
  }
  return (
    <div class={`field${error ? ' field--error' : ''}`}>
      <label for={id}><FieldLabel ctx={ctx} spec={spec} />{spec.nullable ? ` ${tr.t('admin.field.nullable')}` : spec.optional ? ` ${tr.t('admin.field.optional')}` : ''}</label>
      {err}
      {spec.type === 'textarea' ? (
        <textarea id={id} name={spec.path} rows={4} maxLength={LIMITS.textarea} aria-describedby={described} lang={spec.contentLang}>{text}</textarea>
      ) : spec.type === 'select' ? (
        <select id={id} name={spec.path} aria-describedby={described}>
          {spec.options!.map((o) => <option value={o} selected={o === text}>{option(o)}</option>)}
        </select>
      ) : (
        <input type="text" id={id} name={spec.path} value={text} maxLength={LIMITS.text} aria-describedby={described} lang={spec.contentLang} />
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
  issues?: Issue[]
  saved?: boolean
  /** The grade form's values, when that form was refused. */
  typedAssessment?: Record<string, string>
}

export function RecordPage({ ctx, kind, id, state, tiers, clearinghouses, proposed, issues = [], saved, typedAssessment }: RecordPageProps) {
  const { tr } = ctx
  const editor = can(ctx.user!.role, 'edit')
  const current = proposed ?? state.draft?.document ?? state.live ?? state.archived?.document ?? null
  const fields = [...FORM_FIELDS[kind], ...(kind === 'clearinghouse' ? tierFields(current, tiers) : [])]
  const errorOf = (path: string) => issues.find((i) => i.path === path || i.path.startsWith(`${path}.`))?.message
  const name = (getPath(current, 'name') as string | undefined) ?? (getPath(current, 'name.en') as string | undefined) ?? id
  const title = `${kindName(ctx, kind, 'title')}: ${typeof name === 'string' ? name : id}`
  return (
    <AdminLayout ctx={ctx} title={title}>
      <p><a href={ctx.href(`/admin/records/${kind}`)}>{kindName(ctx, kind, 'many')}</a></p>
      <h1>{title}</h1>
      <IssueList ctx={ctx} issues={issues} />
      {saved ? <div class="notice" role="status"><p>{tr.t('admin.record.saved')}</p></div> : null}
      {state.archived ? <div class="notice notice--warning"><p>{tr.t('admin.record.archived', { version: state.archived.version })} <a href={ctx.href(`/admin/records/${kind}/${id}/history`)}>{tr.t('admin.record.restoreVersion')}</a>.</p></div> : null}
      {state.draft ? (
        <div class="notice">
          <p>
            {tr.t('admin.drafts.draft')} <a href={ctx.href(`/admin/drafts/${state.draft.id}`)}>#{state.draft.id}</a> {tr.t('admin.record.draftAwaits', { action: codeName(ctx, 'admin.action', state.draft.action), revision: state.draft.revision, author: state.draft.author, editor: state.draft.updated_by })}
          </p>
          {state.draftIsStale ? <p><strong>{tr.t('admin.record.staleStrong')}</strong> {tr.t('admin.record.staleSaveAgain')}</p> : null}
        </div>
      ) : null}
      <ul class="inline-list">
        <li><a href={ctx.href(`/admin/records/${kind}/${id}/history`)}>{tr.t('admin.record.history')}</a></li>
        {state.live && kind === 'intervention' ? <li><a href={ctx.href(`/interventions/${id}`)}>{tr.t('admin.record.publicPage')}</a></li> : null}
      </ul>
      {editor ? (
        <>
          <h2>{tr.t('admin.record.edit')}</h2>
          <PostForm ctx={ctx} action={`/admin/records/${kind}/${id}`}>
            <input type="hidden" name="token" value={state.token} />
            <input type="hidden" name="mode" value="fields" />
            {fields.map((f) => <Field ctx={ctx} spec={f} value={getPath(current, f.path)} error={errorOf(f.path)} />)}
            <button type="submit">{tr.t('admin.record.saveDraft')}</button>
          </PostForm>
          {kind === 'intervention' ? <AssessmentForm ctx={ctx} id={id} token={state.token} clearinghouses={clearinghouses} errorOf={errorOf} typed={typedAssessment} /> : null}
          <details open={issues.length > 0}>
            <summary>{tr.t('admin.record.editJson')}</summary>
            <PostForm ctx={ctx} action={`/admin/records/${kind}/${id}`}>
              <input type="hidden" name="token" value={state.token} />
              <input type="hidden" name="mode" value="json" />
              <div class="field">
                <label for="document">{tr.t('admin.record.document')}</label>
                <textarea id="document" name="document" class="json" maxLength={LIMITS.document} spellcheck={false}>{JSON.stringify(current, null, 2)}</textarea>
              </div>
              <button type="submit">{tr.t('admin.record.saveDraft')}</button>
            </PostForm>
          </details>
          {state.live ? (
            <>
              <h2>{tr.t('admin.record.archive')}</h2>
              <p>{tr.t('admin.record.archiveLead')}</p>
              <PostForm ctx={ctx} action={`/admin/records/${kind}/${id}/archive`}>
                <input type="hidden" name="token" value={state.token} />
                <button type="submit" class="button--secondary">{tr.t('admin.record.proposeArchive')}</button>
              </PostForm>
            </>
          ) : null}
        </>
      ) : (
        <>
          <h2>{tr.t('admin.record.published')}</h2>
          <pre class="doc" tabindex={0}>{JSON.stringify(state.live ?? null, null, 2)}</pre>
        </>
      )}
    </AdminLayout>
  )
}

function AssessmentForm({ ctx, id, token, clearinghouses, errorOf, typed }: { ctx: AdminContext; id: string; token: string; clearinghouses: string[]; errorOf: (p: string) => string | undefined; typed?: Record<string, string> }) {
  const { tr } = ctx
  const t = (name: string, label: string, hint?: string) => (
    <div class="field">
      <label for={`a-${name}`}>{label}</label>
      {hint ? <p class="hint" id={`a-${name}-hint`}>{hint}</p> : null}
      <input type="text" id={`a-${name}`} name={`assessment.${name}`} value={typed?.[name] ?? ''} maxLength={LIMITS.text} aria-describedby={hint ? `a-${name}-hint` : undefined} />
    </div>
  )
  const err = errorOf('assessments')
  const scopes = ['programme', 'variant', 'related', 'unconfirmed']
  // A refused grade comes back open, with what was typed in it.
  return (
    <details open={typed !== undefined}>
      <summary>{tr.t('admin.grade.summary')}</summary>
      <PostForm ctx={ctx} action={`/admin/records/intervention/${id}`}>
        <input type="hidden" name="token" value={token} />
        <input type="hidden" name="mode" value="assessment" />
        {err ? <p class="field__error"><English ctx={ctx}>{err}</English></p> : null}
        <div class="field">
          <label for="a-clearinghouse">{tr.t('admin.clearinghouse')}</label>
          <select id="a-clearinghouse" name="assessment.clearinghouse">{clearinghouses.map((c) => <option value={c} selected={typed?.clearinghouse === c}>{c}</option>)}</select>
        </div>
        {t('scale', tr.t('admin.grade.scale'), tr.t('admin.grade.scaleHint'))}
        {t('level', tr.t('admin.grade.level'))}
        {t('nativeLevel', tr.t('admin.grade.nativeLevel'))}
        <div class="field">
          <label for="a-scope">{tr.t('admin.grade.scope')}</label>
          <select id="a-scope" name="assessment.scope">{scopes.map((s) => <option value={s} selected={typed?.scope === s}>{codeName(ctx, 'scope', s)}</option>)}</select>
        </div>
        {t('appliesTo', tr.t('admin.grade.appliesTo'))}
        {t('topic', tr.t('admin.grade.topic'))}
        {t('reviewDate', tr.t('admin.grade.reviewDate'))}
        {t('sourceUrl', tr.t('admin.grade.sourceUrl'))}
        {t('quote', tr.t('admin.grade.quote'))}
        <div class="field">
          <input type="checkbox" id="a-secondHand" name="assessment.secondHand" checked={typed?.secondHand === 'on'} />{' '}
          <label for="a-secondHand">{tr.t('admin.grade.secondHand')}</label>
        </div>
        {t('sourceDocument', tr.t('admin.grade.sourceDocument'))}
        {t('retrievedAt', tr.t('admin.grade.retrievedAt'))}
        <button type="submit">{tr.t('admin.grade.submit')}</button>
      </PostForm>
    </details>
  )
}

export function NewRecordPage({ ctx, kind, template, token, id = '', issues = [] }: { ctx: AdminContext; kind: RecordKind; template: string; token: string; id?: string; issues?: Issue[] }) {
  const { tr } = ctx
  return (
    <AdminLayout ctx={ctx} title={tr.t(`admin.records.new.${kind}`)}>
      <p><a href={ctx.href(`/admin/records/${kind}`)}>{kindName(ctx, kind, 'many')}</a></p>
      <h1>{tr.t(`admin.records.new.${kind}`)}</h1>
      <IssueList ctx={ctx} issues={issues} />
      <PostForm ctx={ctx} action={`/admin/records/${kind}`}>
        <input type="hidden" name="token" value={token} />
        <div class="field">
          <label for="new-id">{tr.t('admin.records.newId')}</label>
          <input type="text" id="new-id" name="id" value={id} maxLength={100} required />
        </div>
        <div class="field">
          <label for="document">{tr.t('admin.record.document')}</label>
          <textarea id="document" name="document" class="json" maxLength={LIMITS.document} spellcheck={false}>{template}</textarea>
        </div>
        <button type="submit">{tr.t('admin.record.saveDraft')}</button>
      </PostForm>
    </AdminLayout>
  )
}

export function ConflictPage({ ctx, kind, id, theirs, yours, token }: { ctx: AdminContext; kind: RecordKind; id: string; theirs: { document: unknown; by: string; at: Date; what: 'draft' | 'published' }; yours: unknown; token: string }) {
  const { tr } = ctx
  const theirLabel = tr.t(theirs.what === 'draft' ? 'admin.conflict.theirDraft' : 'admin.conflict.theirPublished', { who: theirs.by })
  return (
    <AdminLayout ctx={ctx} title={tr.t('admin.conflict.title')}>
      <h1>{tr.t('admin.conflict.heading')}</h1>
      <div class="error-summary" role="alert" tabindex={-1}>
        <p>
          {tr.t(theirs.what === 'draft' ? 'admin.conflict.savedDraft' : 'admin.conflict.savedPublished', { who: theirs.by })} <code>{kind}/{id}</code> {tr.t('admin.conflict.at', { when: utc(theirs.at) })} <strong>{tr.t('admin.conflict.notSaved')}</strong>{tr.t('admin.conflict.compare')}
        </p>
      </div>
      <DiffTable ctx={ctx} changes={diffDocuments(theirs.document, yours)} beforeLabel={theirLabel} afterLabel={tr.t('admin.conflict.yours')} caption={tr.t('admin.conflict.caption')} />
      <div class="versions">
        <section aria-labelledby="theirs-h"><h2 id="theirs-h">{theirLabel}</h2><pre class="doc" tabindex={0}>{JSON.stringify(theirs.document, null, 2)}</pre></section>
        <section aria-labelledby="yours-h"><h2 id="yours-h">{tr.t('admin.conflict.yours')}</h2><pre class="doc" tabindex={0}>{JSON.stringify(yours, null, 2)}</pre></section>
      </div>
      <h2>{tr.t('admin.conflict.whatNow')}</h2>
      <div class="actions">
        <a class="button button--secondary" href={ctx.href(`/admin/records/${kind}/${id}`)}>{tr.t('admin.conflict.discard')}</a>
        <PostForm ctx={ctx} action={`/admin/records/${kind}/${id}`}>
          <input type="hidden" name="token" value={token} />
          <input type="hidden" name="mode" value="json" />
          <textarea name="document" hidden aria-hidden="true">{JSON.stringify(yours)}</textarea>
          <button type="submit">{tr.t('admin.conflict.saveMine')}</button>
        </PostForm>
      </div>
    </AdminLayout>
  )
}
