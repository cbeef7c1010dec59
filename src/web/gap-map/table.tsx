import type { PublicationTable } from './exports.ts'

/**
 * The map as a bare HTML table in publication layout, for pasting into a report: plain markup
 * that word processors keep (borders as attributes, no stylesheet needed).
 */
export function PublicationTablePage({ t, lang }: { t: PublicationTable; lang: string }) {
  return (
    <html lang={lang}>
      <head>
        <meta charset="utf-8" />
        <title>{t.caption}</title>
        <link rel="icon" href="/assets/favicon.svg" type="image/svg+xml" />
        <link rel="stylesheet" href="/assets/publication.css" />
      </head>
      <body>
        <main>
          <h1>{t.caption}</h1>
          <table {...({ border: "1" } as Record<string, string>)} cellPadding="4" cellSpacing="0">
            <thead>
              <tr>{t.head.map((h, i) => <th scope="col" align={i === 0 ? 'left' : 'center'}>{h}</th>)}</tr>
            </thead>
            {t.sections.map((s) => (
              <tbody>
                {s.label ? <tr><th scope="colgroup" colSpan={t.head.length} align="left">{s.label}</th></tr> : null}
                {s.rows.map((r) => (
                  <tr>{r.map((c, i) => (i === 0 ? <th scope="row" align="left">{c}</th> : <td align="center">{c}</td>))}</tr>
                ))}
              </tbody>
            ))}
          </table>
          <h2>{t.notes.findingsHeading}</h2>
          <ul>{t.notes.findings.map((f) => <li>{f}</li>)}</ul>
          <p>{t.notes.source}</p>
          <p>{t.notes.date}</p>
        </main>
      </body>
    </html>
  )
}
