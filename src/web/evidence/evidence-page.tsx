import type { MessageKey } from '../i18n/en.ts'
import type { PageContext } from '../kit/page-context.ts'
import type { listEvidence } from '../../store/evidence.ts'
import { StatementItem } from '../kit/components/statement.tsx'
import { Layout } from '../kit/layout.tsx'

const FACTORS = ['risk', 'protective', 'intervention', 'context'] as const

/** Statements grouped by need and, within a need, by kind of factor. */
export function EvidencePage({ ctx, data, needs, selected }: { ctx: PageContext; data: Awaited<ReturnType<typeof listEvidence>>; needs: { id: string; label: string }[]; selected: string | undefined }) {
  const { tr } = ctx
  const shownNeeds = needs.filter((n) => (!selected || n.id === selected) && data.statements.some((s) => s.needs.includes(n.id)))
  return (
    <Layout ctx={ctx} title={tr.t('evidence.title')}>
      <h1>{tr.t('evidence.title')}</h1>
      <p class="lead">{tr.t('evidence.lead')}</p>
      <ul class="inline-list exports">
        <li><a href="/evidence.ris" download>{tr.t('evidence.ris')}</a></li>
        <li><a href="/evidence.csl.json">{tr.t('evidence.csl')}</a></li>
      </ul>
      <form method="get" action="/evidence" class="search">
        {ctx.query.lang || ctx.lang !== 'en' ? <input type="hidden" name="lang" value={ctx.lang} /> : null}
        <div>
          <label for="need">{tr.t('evidence.filter')}</label>
          <select id="need" name="need">
            <option value="">{tr.t('evidence.allNeeds')}</option>
            {needs.map((n) => <option value={n.id} selected={n.id === selected}>{n.label}</option>)}
          </select>
        </div>
        <button type="submit">{tr.t('evidence.show')}</button>
      </form>
      <p role="status">{tr.tp('evidence.count', data.total)}</p>
      {shownNeeds.map((n) => {
        const statements = data.statements.filter((s) => s.needs.includes(n.id))
        return (
          <section aria-labelledby={`need-${n.id}`}>
            <h2 id={`need-${n.id}`}>{n.label}</h2>
            {FACTORS.map((f) => {
              const group = statements.filter((s) => s.factor === f)
              return group.length ? (
                <>
                  <h3>{tr.t(`evidence.factor.${f}` as MessageKey)}</h3>
                  {group.map((s) => <StatementItem s={s} ctx={ctx} />)}
                </>
              ) : null
            })}
          </section>
        )
      })}
    </Layout>
  )
}
