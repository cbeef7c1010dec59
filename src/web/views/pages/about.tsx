import { citeAtlas, DATA_LICENCE } from '../../../domain/licence.ts'
import type { PageContext } from '../../page-context.ts'
import { Layout } from '../layout.tsx'

export function AboutPage({ ctx }: { ctx: PageContext }) {
  const { tr, stats } = ctx
  return (
    <Layout ctx={ctx} title={tr.t('about.title')}>
      <h1>{tr.t('about.title')}</h1>
      <h2>{tr.t('about.what')}</h2>
      <p>{tr.t('about.whatText')}</p>
      <p><a href="https://pub.norden.org/nord2026-002/" rel="noopener noreferrer">pub.norden.org/nord2026-002</a></p>
      <h2>{tr.t('about.sources')}</h2>
      <p>{tr.t('about.sourcesText')}</p>
      <h2>{tr.t('about.tiers')}</h2>
      <p>{tr.t('about.tiersText')}</p>
      <p><a href={ctx.href('/clearinghouses')}>{tr.t('about.tiersLink')}</a></p>
      <h2>{tr.t('about.date')}</h2>
      <p>{tr.t('about.dateText', { version: stats.dataVersion ?? '–', date: stats.dataRetrievedAt ? tr.date(stats.dataRetrievedAt) : '–' })}</p>
      <h2 id="licence">{tr.t('about.licence')}</h2>
      <p>{tr.t('about.licenceText')} <a href={DATA_LICENCE.url} rel="license noopener noreferrer">{DATA_LICENCE.name}</a> ({DATA_LICENCE.id}).</p>
      <p>{tr.t('about.credit')}</p>
      <h2 id="cite">{tr.t('about.cite')}</h2>
      <p>{tr.t('about.citeText')}</p>
      <p class="citation"><code>{citeAtlas({ url: 'https://perinatal-atlas.example/', dataVersion: stats.dataVersion, accessed: stats.dataRetrievedAt ?? '–' }).replace('https://perinatal-atlas.example/', tr.t('about.citeUrl'))}</code></p>
      <h2>{tr.t('about.privacy')}</h2>
      <p>{tr.t('about.privacyText')}</p>
      <h2 id="accessibility">{tr.t('about.accessibility')}</h2>
      <p>{tr.t('about.accessibilityText')}</p>
    </Layout>
  )
}
