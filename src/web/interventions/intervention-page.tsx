import { citeAtlas } from '../../domain/licence.ts'
import type { MessageKey } from '../i18n/en.ts'
import { CATALOGUES, type Translator } from '../i18n/index.ts'
import { ageText } from '../kit/components/age-text.ts'
import type { getIntervention } from '../../store/interventions.ts'
import type { PageContext } from '../kit/page-context.ts'
import { gradeLanguage, NativeGrade } from '../kit/components/native-grade.tsx'
import { TierTag } from '../kit/components/tier-tag.tsx'
import { OrUnknown } from '../kit/components/unknown.tsx'
import { StatementItem } from '../kit/components/statement.tsx'
import { Layout } from '../kit/layout.tsx'

export type InterventionData = NonNullable<Awaited<ReturnType<typeof getIntervention>>>

/** Where a fact comes from: the page, named by its site, and whether it is second-hand. Curators' notes stay internal. */
function SourceLink({ source, tr }: { source: { url?: string; document?: string; secondHand?: boolean }; tr: Translator }) {
  return (
    <>
      {source.url ? <a href={source.url} rel="noopener noreferrer">{new URL(source.url).hostname.replace(/^www\./, '')}</a> : <span>{source.document}</span>}
      {source.secondHand ? <> <span class="tag" title={tr.t('intervention.secondHandWhy')}>{tr.t('intervention.secondHand')}</span></> : null}
    </>
  )
}

/** A translated label around a value in another language: only the value carries its `lang`. */
function labelled(tr: Translator, key: MessageKey, name: string, value: string, lang: string | undefined) {
  const [before = '', after = ''] = tr.t(key, { [name]: '\u0000' }).split('\u0000')
  return <>{before}<span lang={lang}>{value}</span>{after}</>
}

/** "What the page says": the verbatim words that show the grade, on demand, in the page's language. */
function PageQuote({ quote, clearinghouse, tr }: { quote: string | null; clearinghouse: string; tr: Translator }) {
  if (!quote) return null
  return (
    <details class="page-quote">
      <summary>{tr.t('intervention.pageSays')}</summary>
      <blockquote lang={gradeLanguage(clearinghouse)}>“{quote}”</blockquote>
    </details>
  )
}

function PreventionBasisText({ basis, tr, contentLang }: { basis: InterventionData['prevention']['basis']; tr: Translator; contentLang: (l: string) => string | undefined }) {
  switch (basis.kind) {
    case 'source':
      return <SourceLink source={basis.source} tr={tr} />
    case 'editorial-judgement':
      return <span lang={contentLang('en')}>{tr.t('intervention.editorial', { note: basis.note })}</span>
    case 'unknown':
      return <span lang={contentLang('en')}>{basis.note}</span>
    case 'conflict':
      return (
        <>
          {tr.t('intervention.preventionConflict')}
          <ul>
            {basis.claims.map((c) => (
              <li>{c.levels.map((p) => tr.t(`prevention.${p}` as MessageKey)).join(', ')}: <SourceLink source={c.source} tr={tr} /></li>
            ))}
          </ul>
          {basis.note ? <span lang={contentLang('en')}>{basis.note}</span> : null}
        </>
      )
  }
}

export function InterventionPage({ ctx, iv, needNames, publicUrl, today = new Date().toISOString().slice(0, 10) }: { ctx: PageContext; iv: InterventionData; needNames: Map<string, string>; publicUrl: string; today?: string }) {
  const { tr } = ctx
  // The report's group headings are English; in another language they are translated, as on the gap map.
  const reportGroup = (id: string, label: string) => (ctx.lang !== 'en' && `gap.group.${id}` in CATALOGUES.en ? tr.t(`gap.group.${id}` as MessageKey) : label)
  const desc = tr.pick(iv.description)
  const contentLang = (l: string) => (l !== ctx.lang ? l : undefined)
  const byClearinghouse = new Map<string, InterventionData['assessments']>()
  for (const a of iv.assessments) byClearinghouse.set(a.clearinghouse, [...(byClearinghouse.get(a.clearinghouse) ?? []), a])
  const basis = iv.prevention.basis
  return (
    <Layout ctx={ctx} title={iv.name} description={desc.text}>
      <p class="small"><a href={ctx.href('/interventions')}>← {tr.t('nav.interventions')}</a></p>
      <h1>{iv.name}{iv.acronyms.length ? <span class="muted"> ({iv.acronyms.join(', ')})</span> : null}</h1>
      <p class="lead" lang={contentLang(desc.lang)}>{desc.text}</p>
      <p>
        {iv.bestTier.basis.length ? <>{tr.t('intervention.bestTier', { tier: '' })}<TierTag tier={iv.bestTier.id} tr={tr} /></> : tr.t('intervention.bestTierNone')}
      </p>

      <h2>{tr.t('intervention.about')}</h2>
      <dl class="meta">
        {iv.aliases.length ? <><dt>{tr.t('intervention.aliases')}</dt><dd>{iv.aliases.join(', ')}</dd></> : null}
        <dt>{tr.t('intervention.population')}</dt><dd lang={contentLang('en')}><OrUnknown value={iv.targetPopulation} tr={tr} /></dd>
        <dt>{tr.t('intervention.age')}</dt><dd><OrUnknown value={ageText(tr, iv.childAge)} tr={tr} /></dd>
        <dt>{tr.t('intervention.format')}</dt><dd><OrUnknown value={iv.formats} tr={tr}>{iv.formats.map((f) => tr.t(`format.${f}` as MessageKey)).join(', ')}</OrUnknown></dd>
        <dt>{tr.t('intervention.dosage')}</dt><dd lang={contentLang('en')}><OrUnknown value={iv.dosage} tr={tr} /></dd>
        <dt>{tr.t('intervention.origin')}</dt><dd lang={contentLang('en')}><OrUnknown value={iv.origin} tr={tr} /></dd>
        <dt>{tr.t('intervention.prevention')}</dt>
        <dd>
          <OrUnknown value={iv.prevention.levels} tr={tr}>{iv.prevention.levels.map((p) => tr.t(`prevention.${p}` as MessageKey)).join(', ')}</OrUnknown>
          <br />
          <span class="small">
            {tr.t('intervention.preventionBasis')}:{' '}
            <PreventionBasisText basis={basis} tr={tr} contentLang={contentLang} />
          </span>
        </dd>
      </dl>

      <h2>{tr.t('intervention.needs')}</h2>
      <ul>
        {iv.needs.map((n) => (
          <li>
            <strong>{needNames.get(n.id) ?? n.name}</strong> – {tr.t(n.role === 'primary' ? 'intervention.primary' : 'intervention.secondary')}
            <br /><span class="small muted" lang={contentLang('en')}>{n.basis}</span>
          </li>
        ))}
      </ul>

      <h2>{tr.t('intervention.grades')}</h2>
      <p>{tr.t('intervention.gradesLead')}</p>
      {iv.assessments.length === 0 ? <p class="panel">{tr.t('intervention.noGrades')}</p> : null}
      {[...byClearinghouse.entries()].map(([chId, grades]) => (
        <div class="table-wrap">
          <table class="stack">
            <caption>{grades[0]!.clearinghouseName}</caption>
            <thead>
              <tr>
                <th scope="col">{tr.t('intervention.col.grade')}</th>
                <th scope="col">{tr.t('intervention.col.tier')}</th>
                <th scope="col">{tr.t('intervention.col.reviewed')}</th>
                <th scope="col">{tr.t('intervention.col.source')}</th>
                <th scope="col">{tr.t('intervention.col.retrieved')}</th>
              </tr>
            </thead>
            <tbody>
              {[...grades].reverse().map((a) => (
                <tr class={a.current ? undefined : 'superseded'}>
                  <td data-label={tr.t('intervention.col.grade')}>
                    <NativeGrade clearinghouse={chId} text={a.nativeLevel} />
                    <div class="small">
                      {a.current ? tr.t('intervention.current') : tr.t('intervention.superseded')}
                      {a.scope !== 'programme' ? <> · {tr.t(`scope.${a.scope}` as MessageKey)}</> : null}
                    </div>
                    {a.appliesTo ? <div class="small">{labelled(tr, 'intervention.appliesTo', 'what', a.appliesTo, contentLang('en'))}</div> : null}
                    {a.topic ? <div class="small">{labelled(tr, 'intervention.topic', 'topic', a.topic, contentLang('en'))}</div> : null}
                    {a.edition ? <div class="small">{labelled(tr, 'intervention.edition', 'edition', a.edition, contentLang('en'))}</div> : null}
                    {a.note ? <div class="small muted" lang={contentLang('en')}>{a.note}</div> : null}
                    <PageQuote quote={a.quote} clearinghouse={chId} tr={tr} />
                  </td>
                  <td data-label={tr.t('intervention.col.tier')}><TierTag tier={a.tier} tr={tr} /></td>
                  <td data-label={tr.t('intervention.col.reviewed')}>{a.reviewDate ? tr.date(a.reviewDate) : <span class="unknown">{tr.t('intervention.notShown')}</span>}</td>
                  <td data-label={tr.t('intervention.col.source')}>
                    <SourceLink source={a.source} tr={tr} />
                    {a.sourceCheck ? (
                      <span class="source-check">
                        {tr.t('intervention.checked', { date: tr.date(a.sourceCheck.checkedAt.slice(0, 10)) })}
                        {a.sourceCheck.quote === 'found' ? `: ${tr.t('intervention.quoteFound')}` : a.sourceCheck.quote === 'missing' ? `: ${tr.t('intervention.quoteMissing')}` : ''}
                        {a.sourceCheck.gone ? `; ${tr.t('intervention.pageGone')}` : ''}
                        {a.sourceCheck.movedTo ? <>; <a href={a.sourceCheck.movedTo} rel="noopener noreferrer">{tr.t('intervention.pageMoved')}</a></> : null}
                      </span>
                    ) : null}
                  </td>
                  <td data-label={tr.t('intervention.col.retrieved')}>{tr.date(a.retrievedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}

      {iv.assessments.length ? <p><a href={ctx.href('/changes', { intervention: iv.id })}>{tr.t('intervention.changes')}</a></p> : null}

      {iv.ratingsNotFound.length ? (
        <>
          <h3>{tr.t('intervention.notFound')}</h3>
          <ul lang={contentLang('en')}>{iv.ratingsNotFound.map((r) => <li>{r.note}</li>)}</ul>
        </>
      ) : null}

      {iv.reports.length ? (
        <>
          <h2>{tr.t('intervention.reports')}</h2>
          <ul>
            {iv.reports.map((r) => (
              <li>{tr.t('intervention.reportRow', { label: r.label, group: reportGroup(r.group, r.groupLabel), position: r.position, name: r.nameInReport })}</li>
            ))}
          </ul>
        </>
      ) : null}

      {iv.mentions.length ? (
        <>
          <h2>{tr.t('intervention.mentions')}</h2>
          <ul lang={contentLang('en')}>{iv.mentions.map((m) => <li>{m.context}</li>)}</ul>
        </>
      ) : null}

      {iv.evidence.length ? (
        <>
          <h2>{tr.t('intervention.evidence')}</h2>
          {iv.evidence.map((s) => <StatementItem s={s} ctx={ctx} />)}
        </>
      ) : null}

      <h2>{tr.t('intervention.facts')}</h2>
      <ul>{iv.factSources.map((s) => <li><SourceLink source={s} tr={tr} /> ({tr.date(s.retrievedAt)})</li>)}</ul>
      {iv.links.length ? (
        <>
          <h3>{tr.t('intervention.links')}</h3>
          <ul>{iv.links.map((l) => <li><a href={l.url} rel="noopener noreferrer">{l.label}</a></li>)}</ul>
        </>
      ) : null}

      <h2 id="cite">{tr.t('intervention.cite')}</h2>
      <p class="citation"><code>{citeAtlas({ page: iv.name, url: `${publicUrl}/interventions/${iv.id}`, dataVersion: ctx.stats.dataVersion, accessed: today })}</code></p>
    </Layout>
  )
}
