import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { buildApp } from '../../src/app.ts'
import { can } from '../../src/domain/roles.ts'
import { adminRouteTable } from '../../src/web/admin/index.ts'
import { useApp } from '../helpers/app.ts'
import { curator, get, hidden, PASSWORD, post, type Curator, uploadSnapshot } from '../helpers/editorial.ts'
import { backends } from '../helpers/store.ts'

const ROLES = ['anonymous', 'admin', 'editor', 'reviewer'] as const

for (const backend of backends()) {
  describe(`editorial area over HTTP on ${backend}`, () => {
    const ctx = useApp(backend)

    it('walks every editorial route under every role and allows exactly the permitted set', async () => {
      const app = ctx.app()
      const db = ctx.store().db
      const table = adminRouteTable({ db, assets: { css: '' }, publicUrl: 'http://localhost:3000' })
      // The table is what the app registers: every route in it is served.
      for (const r of table) assert.ok(app.hasRoute({ method: r.method, url: r.url }), `${r.method} ${r.url}`)
      const fill = (url: string) => url.replace(':kind', 'intervention').replace(':id/versions', 'icdp/versions').replace(':version', '1').replace(/:id$/, '1').replace(/:id\//, '1/').replace('/intervention/1', '/intervention/icdp')
      for (const role of ROLES) {
        for (const r of table) {
          const who: Curator | undefined = role === 'anonymous' ? undefined : await curator(db, role)
          const url = fill(r.url)
          const res = r.method === 'GET' ? await get(app, who, url) : await post(app, who, url, {})
          // Refused for who they are (not for a missing form token or a bad field): 401/403 saying so, or sent to sign in.
          const refused = ((res.statusCode === 401 || res.statusCode === 403) && /Sign in first|may not do this/.test(res.body)) || (res.statusCode === 303 && String(res.headers.location).startsWith('/login?next='))
          const allowed = r.access === 'public' || (who !== undefined && (r.access === 'signed-in' || can(who.role, r.access)))
          assert.equal(refused, !allowed, `${role} ${r.method} ${url} → ${res.statusCode} ${res.body.slice(0, 200)}`)
        }
      }
    })

    it('refuses a state change without the session’s CSRF token or from another site', async () => {
      const app = ctx.app()
      const ed = await curator(ctx.store().db, 'editor')
      const page = await get(app, ed, '/admin/records/need/loneliness-social-isolation')
      assert.equal(page.statusCode, 200)
      const token = hidden(page.body, 'token')
      const noCsrf = await app.inject({ method: 'POST', url: '/admin/records/need/loneliness-social-isolation', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: ed.cookie }, payload: `token=${encodeURIComponent(token)}&mode=fields&name.en=X` })
      assert.equal(noCsrf.statusCode, 403)
      const wrong = await post(app, { ...ed, csrf: 'x'.repeat(43) }, '/admin/records/need/loneliness-social-isolation', { token, mode: 'fields', 'name.en': 'X' })
      assert.equal(wrong.statusCode, 403)
      const foreign = await app.inject({ method: 'POST', url: '/admin/records/need/loneliness-social-isolation', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: ed.cookie, origin: 'https://evil.example' }, payload: `_csrf=${ed.csrf}&token=${encodeURIComponent(token)}&mode=fields` })
      assert.equal(foreign.statusCode, 403)
      assert.equal((await ctx.store().db.selectFrom('draft').select('id').where('record_id', '=', 'loneliness-social-isolation').execute()).length, 0)
    })

    it('signs in with a cookie that is HttpOnly and SameSite, Secure behind TLS, and throttles failures with 429', async () => {
      const app = ctx.app()
      await curator(ctx.store().db, 'reviewer', 'signin@example.org')
      const form = await app.inject('/login')
      const loginCsrf = String(form.headers['set-cookie']).match(/atlas_login_csrf=([^;]+)/)![1]!
      const attempt = (password: string, headers: Record<string, string> = {}) =>
        app.inject({ method: 'POST', url: '/login', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `atlas_login_csrf=${loginCsrf}`, ...headers }, payload: new URLSearchParams({ _csrf: loginCsrf, email: 'signin@example.org', password, next: '/admin' }).toString() })
      const ok = await attempt(PASSWORD)
      assert.equal(ok.statusCode, 303)
      const cookie = String(ok.headers['set-cookie'])
      assert.match(cookie, /atlas_session=[^;]+;.*HttpOnly/i)
      assert.match(cookie, /SameSite=Strict/i)
      const session = cookie.match(/atlas_session=([^;]+)/)![1]!
      assert.equal((await app.inject({ url: '/admin', headers: { cookie: `atlas_session=${session}` } })).statusCode, 200)
      for (let i = 0; i < 5; i++) assert.equal((await attempt('wrong password')).statusCode, 401)
      const limited = await attempt(PASSWORD)
      assert.equal(limited.statusCode, 429)
      assert.match(limited.body, /Too many failed sign-ins/)
      // Behind a TLS-terminating proxy the operator trusts, the cookie is Secure.
      await curator(ctx.store().db, 'editor', 'tls@example.org')
      const proxied = await buildApp({ db: ctx.store().db }, { trustProxy: true })
      try {
        const viaTls = await proxied.inject({ method: 'POST', url: '/login', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `atlas_login_csrf=${loginCsrf}`, 'x-forwarded-proto': 'https' }, payload: new URLSearchParams({ _csrf: loginCsrf, email: 'tls@example.org', password: PASSWORD }).toString() })
        assert.equal(viaTls.statusCode, 303)
        assert.match(String(viaTls.headers['set-cookie']), /atlas_session=[^,]*Secure/i)
        assert.doesNotMatch(cookie, /Secure/i)
      } finally {
        await proxied.close()
      }
    })

    it('takes an editor’s change to the public page only through a reviewer, and shows a stale save both versions', async () => {
      const app = ctx.app()
      const db = ctx.store().db
      const ed = await curator(db, 'editor', 'ed-a@example.org')
      const ed2 = await curator(db, 'editor', 'ed-b@example.org')
      const rev = await curator(db, 'reviewer', 'rev-a@example.org')
      const publicBefore = (await app.inject('/interventions/marte-meo')).body
      const page = await get(app, ed, '/admin/records/intervention/marte-meo')
      const token = hidden(page.body, 'token')
      const saved = await post(app, ed, '/admin/records/intervention/marte-meo', { token, mode: 'fields', dosage: 'Edited dosage: about ten short video sessions.' })
      assert.equal(saved.statusCode, 303, saved.body.slice(0, 500))
      assert.equal((await app.inject('/interventions/marte-meo')).body, publicBefore)
      // The second editor opened the same record before the first saved: refused, both versions shown.
      const stale = await post(app, ed2, '/admin/records/intervention/marte-meo', { token, mode: 'fields', dosage: 'A different dosage from the second editor.' })
      assert.equal(stale.statusCode, 409)
      assert.match(stale.body, /Edited dosage: about ten short video sessions\./)
      assert.match(stale.body, /A different dosage from the second editor\./)
      assert.match(stale.body, /ed-a@example.org/)
      const draft = await db.selectFrom('draft').select(['id', 'revision']).where('record_id', '=', 'marte-meo').where('status', '=', 'open').executeTakeFirstOrThrow()
      // An editor cannot publish; a reviewer can.
      assert.equal((await post(app, ed, `/admin/drafts/${draft.id}/publish`, { revision: String(draft.revision) })).statusCode, 403)
      const published = await post(app, rev, `/admin/drafts/${draft.id}/publish`, { revision: String(draft.revision) })
      assert.equal(published.statusCode, 303, published.body.slice(0, 300))
      assert.match((await app.inject('/interventions/marte-meo')).body, /Edited dosage: about ten short video sessions\./)
      assert.match((await app.inject('/api/v1/interventions/marte-meo')).body, /Edited dosage/)
      const audit = await get(app, rev, '/admin/audit')
      assert.match(audit.body, /publish\.update/)
    })

    it('lets an editor import a snapshot file, all or nothing, with a broken file’s lines named', async () => {
      const app = ctx.app()
      const db = ctx.store().db
      const ed = await curator(db, 'editor', 'importer@example.org')
      const rev = await curator(db, 'reviewer', 'rev-imports@example.org')
      const upload = (who: typeof ed, file: string, retrieved: string) => uploadSnapshot(app, who, file, retrieved)
      assert.equal((await upload(rev, 'cebc/2026-03-01.csv', '2026-03-01')).statusCode, 403)
      const ok = await upload(ed, 'cebc/2026-03-01.csv', '2026-03-01')
      assert.equal(ok.statusCode, 200, ok.body.slice(0, 500))
      assert.match(ok.body, /Imported snapshot #\d+/)
      const snap = await db.selectFrom('snapshot').select(['imported_by', 'retrieved_at']).executeTakeFirstOrThrow()
      assert.deepEqual(snap, { imported_by: 'importer@example.org', retrieved_at: '2026-03-01' })
      const bad = await upload(ed, 'broken/cebc-truncated-2026-10-01.csv', '2026-04-01')
      assert.equal(bad.statusCode, 400)
      assert.match(bad.body, /Line \d+/)
      assert.equal((await db.selectFrom('snapshot').select('id').execute()).length, 1)
      const noCsrf = await upload({ ...ed, csrf: 'nope' }, 'cebc/2026-09-01.csv', '2026-09-01')
      assert.equal(noCsrf.statusCode, 403)
    })

    it('refuses an invalid edit naming the field, keeping what was typed', async () => {
      const app = ctx.app()
      const ed = await curator(ctx.store().db, 'editor', 'ed-c@example.org')
      const page = await get(app, ed, '/admin/records/intervention/icdp')
      const r = await post(app, ed, '/admin/records/intervention/icdp', { token: hidden(page.body, 'token'), mode: 'assessment', 'assessment.clearinghouse': 'ungsinn', 'assessment.scale': 'no-such-scale', 'assessment.nativeLevel': 'Typed grade 42', 'assessment.scope': 'programme', 'assessment.retrievedAt': '2026-11-26' })
      assert.equal(r.statusCode, 400)
      assert.match(r.body, /source/)
      assert.match(r.body, /Typed grade 42/)
      // The grade form comes back open with what was typed in it.
      assert.match(r.body, /<details open><summary>Add a clearinghouse grade/)
      assert.match(r.body, /name="assessment.scale" value="no-such-scale"/)
      const tooLong = await post(app, ed, '/admin/records/intervention/icdp', { token: hidden(page.body, 'token'), mode: 'fields', name: 'x'.repeat(30_000) })
      assert.equal(tooLong.statusCode, 400)
    })
  })
}
