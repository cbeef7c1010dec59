import { ATLAS_TITLE, citeAtlas, DATA_LICENCE } from '../../domain/licence.ts'
import type { PageContext } from '../kit/page-context.ts'
import { Layout } from '../kit/layout.tsx'

/**
 * schema.org Dataset metadata, so dataset search engines find the atlas. It is a data block, not a
 * script: the page's CSP (script-src 'self') does not run it, and need not, since crawlers read it
 * as text. `<` is escaped so no stored text can close the element.
 */
export function datasetJsonLd(stats: PageContext['stats'], publicUrl: string): string {
  const data = {
    '@context': 'https://schema.org',
    '@type': 'Dataset',
    name: ATLAS_TITLE,
    description: 'Psychosocial interventions for the first 1000 days (pregnancy to the child\'s second birthday) in the "Relationships and connectedness" domain: each intervention portal\'s grade verbatim, dated and sourced beside one harmonised evidence tier, the needs each programme targets, and evidence statements from the Nordic report The First 1000 Days in the Nordics (Nord 2026:002).',
    url: `${publicUrl}/about`,
    identifier: `${publicUrl}/data/datapackage.json`,
    version: stats.dataVersion ?? undefined,
    dateModified: stats.dataRetrievedAt ?? undefined,
    license: DATA_LICENCE.url,
    isAccessibleForFree: true,
    inLanguage: ['en', 'fi', 'sv', 'nb', 'da'],
    keywords: ['perinatal', 'first 1000 days', 'psychosocial interventions', 'evidence-based practice', 'clearinghouse', 'parenting', 'Nordic countries'],
    creator: { '@type': 'Organization', name: 'Perinatal Atlas', url: publicUrl },
    isBasedOn: 'https://pub.norden.org/nord2026-002/',
    citation: citeAtlas({ url: publicUrl, dataVersion: stats.dataVersion, accessed: stats.dataRetrievedAt ?? '' }),
    distribution: [
      { '@type': 'DataDownload', encodingFormat: 'application/json', contentUrl: `${publicUrl}/data/datapackage.json`, name: 'Frictionless data package (CSV resources with table schemas)' },
      { '@type': 'DataDownload', encodingFormat: 'text/csv', contentUrl: `${publicUrl}/data/grades.csv`, name: 'Grades, one row per grade' },
      { '@type': 'DataDownload', encodingFormat: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', contentUrl: `${publicUrl}/interventions.xlsx`, name: 'Catalogue and grades as a spreadsheet' },
    ],
  }
  return JSON.stringify(data).replace(/</g, '\\u003c')
}

export function AboutPage({ ctx, publicUrl }: { ctx: PageContext; publicUrl: string }) {
  const { tr, stats } = ctx
  return (
    <Layout ctx={ctx} title={tr.t('about.title')} jsonLd={datasetJsonLd(stats, publicUrl)}>
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
      <h2 id="download">{tr.t('about.download')}</h2>
      <p>{tr.t('about.downloadText')}</p>
      <ul>
        <li><a href="/data/datapackage.json">{tr.t('about.dataPackage')}</a></li>
        <li><a href={ctx.href('/interventions.xlsx')}>{tr.t('about.spreadsheet')}</a></li>
        <li><a href="/interventions.csv?table=assessments">{tr.t('catalogue.gradesCsv')}</a></li>
        <li><a href="/evidence.ris">{tr.t('evidence.ris')}</a></li>
        <li><a href="/evidence.csl.json">{tr.t('evidence.csl')}</a></li>
        <li><a href="/api/openapi.json">{tr.t('about.api')}</a></li>
      </ul>
      <h2 id="cite">{tr.t('about.cite')}</h2>
      <p>{tr.t('about.citeText')}</p>
      <p class="citation"><code>{citeAtlas({ url: publicUrl, dataVersion: stats.dataVersion, accessed: stats.dataRetrievedAt ?? '–' })}</code></p>
      <h2>{tr.t('about.privacy')}</h2>
      <p>{tr.t('about.privacyText')}</p>
      <h2 id="accessibility">{tr.t('about.accessibility')}</h2>
      <p>{tr.t('about.accessibilityText')}</p>
    </Layout>
  )
}
