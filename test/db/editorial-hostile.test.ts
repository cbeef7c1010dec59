import assert from 'node:assert/strict'
import { sql } from 'kysely'
import { describe, it } from 'node:test'
import { FORM_FIELDS, type RecordKind } from '../../src/domain/record-kinds.ts'
import { publishDraft, saveDraft } from '../../src/workflows/publish/drafts.ts'
import { recordState } from '../../src/store/drafts.ts'
import { setPath } from '../../src/domain/document-diff.ts'
import { useApp } from '../helpers/app.ts'
import { curator, get } from '../helpers/editorial.ts'
import { backends } from '../helpers/store.ts'

const HOSTILE = `<script>alert("x")</script><img src=x onerror=alert(1)>"'&amp;=cmd|' /C calc'!A0`

/** Every free-text field the forms edit, for one record of each kind. */
const TARGETS: [RecordKind, string][] = [['intervention', 'icdp'], ['need', 'lack-of-social-support'], ['evidence-statement', ''], ['clearinghouse', 'kasvun-tuki']]

for (const backend of backends().slice(0, 1)) {
  describe(`hostile text stored in every text field on ${backend}`, () => {
    const ctx = useApp(backend)

    it('is escaped on every page that shows it, public and editorial', async () => {
      const db = ctx.store().db
      const ed = await curator(db, 'editor')
      const rev = await curator(db, 'reviewer')
      const statement = (await db.selectFrom('evidence_statement').select('id').where(sql<boolean>`'lack-of-social-support' = any(need_ids)`).executeTakeFirstOrThrow()).id
      for (const [kind, idOrEmpty] of TARGETS) {
        const id = idOrEmpty || statement
        const s = await recordState(db, kind, id)
        let doc = s.live
        for (const f of FORM_FIELDS[kind]) if (f.type === 'text' || f.type === 'textarea') doc = setPath(doc, f.path, f.path === 'url' ? doc && (doc as any).url : `${f.path} ${HOSTILE}`)
        if (kind === 'intervention') doc = { ...(doc as object), aliases: [HOSTILE], acronyms: [HOSTILE] }
        const r = await saveDraft(db, ed, { kind, id, action: 'update', document: doc, token: s.token })
        assert.ok(r.ok, `${kind}: ${JSON.stringify(r).slice(0, 500)}`)
        await publishDraft(db, ed.role === 'editor' ? rev : ed, r.draftId, r.revision)
      }
      const app = ctx.app()
      const pages = [
        '/', '/interventions', '/interventions?q=script', '/interventions/icdp', '/gap-map', '/gap-map?rows=clearinghouse', '/finder?needs=lack-of-social-support&stage=0-3m&country=finland',
        '/finder/summary?needs=lack-of-social-support', '/clearinghouses', '/clearinghouses/kasvun-tuki', '/evidence', '/about', '/changes',
      ]
      const editorial = ['/admin/records/intervention', '/admin/records/intervention/icdp', '/admin/records/need/lack-of-social-support', `/admin/records/evidence-statement/${statement}`,
        '/admin/records/clearinghouse/kasvun-tuki', '/admin/drafts?status=published', '/admin/audit', '/admin/records/intervention/icdp/history', '/admin/records/intervention/icdp/versions/2', '/admin/records/evidence-statement']
      let sawIt = 0
      for (const url of [...pages, ...editorial]) {
        const res = url.startsWith('/admin') ? await get(app, rev, url) : await app.inject(url)
        assert.equal(res.statusCode, 200, url)
        assert.doesNotMatch(res.body, /<script>alert|<img src=x/, url)
        if (/&lt;script(&gt;|>)alert/.test(res.body)) sawIt++
      }
      // The text really is on the pages (escaped), not merely absent.
      assert.ok(sawIt >= 12, `escaped text seen on ${sawIt} pages`)
      const csv = await app.inject('/interventions.csv')
      assert.doesNotMatch(csv.body, /(^|,)"?=cmd/m)
    })
  })
}
