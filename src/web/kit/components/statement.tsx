import type { MessageKey } from '../../i18n/en.ts'
import type { PageContext } from '../page-context.ts'
import { LocalText } from './local-text.tsx'

export interface Statement {
  id: string
  factor: string
  statement: { en: string } & Partial<Record<string, string>>
  population: string
  citations: { authors: string; year: number }[]
}

/** One evidence statement with its citations, in the reader's language where it is written in it. */
export function StatementItem({ s, ctx }: { s: Statement; ctx: PageContext }) {
  const lang = ctx.lang !== 'en' ? 'en' : undefined
  return (
    <div class="statement" id={`s-${s.id}`}>
      <p><span class="tag">{ctx.tr.t(`evidence.factor.${s.factor}` as MessageKey)}</span> <LocalText text={s.statement} ctx={ctx} /></p>
      <p class="small muted">
        <span lang={lang}>{ctx.tr.t('evidence.population', { population: s.population })}</span> · {s.citations.map((c) => `${c.authors} ${c.year}`).join('; ')}
      </p>
    </div>
  )
}
