import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import type { FastifyInstance } from 'fastify'
import type { Kysely } from 'kysely'
import { parseHTML } from 'linkedom'
import { FORM_FIELDS, RECORD_KINDS } from '../../src/domain/record-kinds.ts'
import type { Database } from '../../src/store/database.ts'
import { CATALOGUES, UI_LANGUAGES } from '../../src/web/i18n/index.ts'
import { useApp } from '../helpers/app.ts'
import { englishFragments, ownLanguageText } from '../helpers/page-language.ts'
import { curator, get, hidden, PASSWORD, post, type Curator, uploadSnapshot } from '../helpers/editorial.ts'

// The editorial area in every interface language, as every role sees it: no English interface
// string outside an element marked lang="en" (messages from the store and validators stay English,
// marked so). Same approach as i18n-pages.test.ts: the fixed words of every English message that
// the language words differently are looked for in the page's own-language text.

const en = CATALOGUES.en as Record<string, string>

const withLang = (url: string, lang: string) => `${url}${url.includes('?') ? '&' : '?'}lang=${lang}`

type Role = 'admin' | 'editor' | 'reviewer'
interface Fixture { evidence: string; openDraft: number; publishedDraft: number; rejectedDraft: number; archivedDraft: number }

/** Every editorial page (GET), filled in with records that exist in the fixture. */
function pages(f: Fixture): string[] {
  return [
    '/admin',
    '/admin/drafts', '/admin/drafts?status=published', '/admin/drafts?status=rejected', '/admin/drafts?status=withdrawn',
    `/admin/drafts/${f.openDraft}`, `/admin/drafts/${f.publishedDraft}`, `/admin/drafts/${f.rejectedDraft}`, `/admin/drafts/${f.archivedDraft}`,
    ...RECORD_KINDS.map((k) => `/admin/records/${k}`),
    ...RECORD_KINDS.map((k) => `/admin/records/${k}/new`),
    '/admin/records/intervention/icdp', '/admin/records/intervention/icdp?saved=1', '/admin/records/intervention/marte-meo',
    '/admin/records/need/loneliness-social-isolation', `/admin/records/evidence-statement/${f.evidence}`, '/admin/records/clearinghouse/kasvun-tuki',
    '/admin/records/intervention/pcit', '/admin/records/intervention/pcit/history',
    '/admin/records/intervention/icdp/history', '/admin/records/intervention/icdp/versions/1', '/admin/records/intervention/pcit/versions/1',
    '/admin/review', '/admin/watch', '/admin/imports', '/admin/archived', '/admin/audit', '/admin/users',
  ]
}

/** Page versions, a run and one finding of each kind, straight into the store (the watch's own tests fetch pages). */
async function watchFixture(db: Kysely<Database>) {
  const url = 'https://www.kasvuntuki.fi/menetelmat/icdp'
  const v = (text: string, fetched: string) => ({ url, final_url: url, fetched_at: new Date(fetched), status: 200, content_type: 'text/html', headers: JSON.stringify({}), redirects: JSON.stringify([]), title: 'ICDP', text, content_hash: `${fetched}` })
  const first = (await db.insertInto('page_version').values(v('ICDP\nNäytön aste: Kohtalainen dokumentoitu näyttö\nKuvaus', '2026-10-01T08:00:00Z')).returning('id').executeTakeFirstOrThrow()).id
  const second = (await db.insertInto('page_version').values(v('ICDP\nNäytön aste: Vahva dokumentoitu näyttö\nKuvaus', '2026-11-01T08:00:00Z')).returning('id').executeTakeFirstOrThrow()).id
  await db.insertInto('watched_page').values({ url, clearinghouse_id: 'kasvun-tuki', last_checked_at: new Date('2026-11-01T08:00:00Z'), last_status: 500, last_outcome: 'error', last_error: 'connect ECONNREFUSED', failures: 3, latest_version_id: second, moved_to: 'https://www.kasvuntuki.fi/icdp' }).execute()
  await db.insertInto('watched_page').values({ url: 'https://www.kasvuntuki.fi/', clearinghouse_id: 'kasvun-tuki', last_checked_at: new Date('2026-11-01T08:00:00Z'), last_status: 200, last_outcome: 'ok', failures: 0 }).execute()
  await db.insertInto('watch_run').values({ started_by: 'test', finished_at: null, summary: JSON.stringify({ pages: 2, changed: 1, failed: 1, findings: [1, 2] }) }).execute()
  await db.insertInto('watch_run').values({ started_by: 'test', finished_at: new Date(), summary: null }).execute()
  const finding = (kind: string, detail: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ kind, identity: `${kind}-${url}`, url, clearinghouse_id: 'kasvun-tuki', intervention_id: 'icdp', detail: JSON.stringify(detail), version_id: second, previous_version_id: first, ...extra })
  await db.insertInto('watch_finding').values([
    finding('grade-changed', {}, { proposed_level: '5', proposed_native: 'Vahva dokumentoitu näyttö' }),
    finding('quote-missing', { quote: 'Kohtalainen dokumentoitu näyttö' }),
    finding('moved', { to: 'https://www.kasvuntuki.fi/icdp', redirects: [{ status: 301, to: 'https://www.kasvuntuki.fi/icdp' }] }, { version_id: null, previous_version_id: null }),
    finding('vanished', { status: 410 }, { version_id: null, previous_version_id: null }),
    finding('failing', { failures: 3, error: 'connect ECONNREFUSED' }, { version_id: null, previous_version_id: null }),
    finding('listing-changed', {}, { intervention_id: null, previous_version_id: null }),
  ] as never).execute()
}

const upload = (app: FastifyInstance, who: Curator, url: string, file: string, retrieved: string) => uploadSnapshot(app, who, file, retrieved, url)

describe('the editorial area in every interface language', () => {
  const ctx = useApp('pglite')
  const who = {} as Record<Role, Curator>
  let fixture: Fixture

  before(async () => {
    const app = ctx.app()
    const db = ctx.store().db
    for (const role of ['admin', 'editor', 'reviewer'] as const) who[role] = await curator(db, role, `${role}-i18n@example.org`)
    const ed = who.editor
    const rev = who.reviewer
    const save = async (kind: string, id: string, values: Record<string, string>) => {
      const token = hidden((await get(app, ed, `/admin/records/${kind}/${id}`)).body, 'token')
      const r = await post(app, ed, `/admin/records/${kind}/${id}`, { token, ...values })
      assert.equal(r.statusCode, 303, r.body.slice(0, 300))
      return db.selectFrom('draft').select(['id', 'revision']).where('record_id', '=', id).where('status', '=', 'open').executeTakeFirstOrThrow()
    }
    const decide = async (d: { id: number; revision: number }, act: 'publish' | 'reject' | 'withdraw', as: Curator) =>
      assert.equal((await post(app, as, `/admin/drafts/${d.id}/${act}`, { revision: String(d.revision), ...(act === 'reject' ? { note: 'Not sourced.' } : {}) })).statusCode, 303)
    // A published change (so icdp has versions and an audit trail), a rejected and a withdrawn draft, an archived record, an open draft.
    const published = await save('intervention', 'icdp', { mode: 'fields', dosage: 'Eight group sessions.' })
    await decide(published, 'publish', rev)
    const rejected = await save('intervention', 'icdp', { mode: 'fields', dosage: 'Nine group sessions.' })
    await decide(rejected, 'reject', rev)
    const withdrawn = await save('intervention', 'icdp', { mode: 'fields', dosage: 'Ten group sessions.' })
    await decide(withdrawn, 'withdraw', ed)
    const token = hidden((await get(app, ed, '/admin/records/intervention/pcit')).body, 'token')
    assert.equal((await post(app, ed, '/admin/records/intervention/pcit/archive', { token })).statusCode, 303)
    const archived = await db.selectFrom('draft').select(['id', 'revision']).where('record_id', '=', 'pcit').where('status', '=', 'open').executeTakeFirstOrThrow()
    await decide(archived, 'publish', rev)
    const open = await save('need', 'loneliness-social-isolation', { mode: 'fields', 'name.fi': 'Yksinäisyys' })
    // A stale open draft: the published record changes under it.
    const marte = await save('intervention', 'marte-meo', { mode: 'fields', dosage: 'Short video sessions.' })
    void marte
    // Snapshots with grade changes and suggested matches for the review queue.
    assert.equal((await upload(app, ed, '/admin/imports', 'cebc/2026-03-01.csv', '2026-03-01')).statusCode, 200)
    assert.equal((await upload(app, ed, '/admin/imports', 'cebc/2026-09-01.csv', '2026-09-01')).statusCode, 200)
    await watchFixture(db)
    // A snapshot of another portal with one uncertain match waiting for a reviewer.
    const snap = (await db.insertInto('snapshot').values({ clearinghouse_id: 'homvee', file_name: 'homvee-2026-10-01.csv', checksum: 'i18n-test', retrieved_at: '2026-10-01', imported_by: 'test', record_count: 1 } as never).returning('id').executeTakeFirstOrThrow()).id
    await db.insertInto('snapshot_record').values({ snapshot_id: snap, key: 'icdp-like', line: 2, name: 'International Child Development Program', url: 'https://homvee.example/icdp', native_level: 'Meets criteria', level_id: 'meets', tier_id: 'moderate', fields: JSON.stringify({}), match_kind: 'suggested', suggestions: JSON.stringify([{ intervention: 'icdp', similarity: 0.72 }, { intervention: 'marte-meo', similarity: 0.41 }]) } as never).execute()
    const list = (await get(app, rev, '/admin/records/evidence-statement')).body
    const evidence = list.match(/href="\/admin\/records\/evidence-statement\/([a-z0-9-]+)"/)![1]!
    fixture = { evidence, openDraft: open.id, publishedDraft: published.id, rejectedDraft: rejected.id, archivedDraft: archived.id }
  })

  it('renders the fixture’s pages in English full of the English strings the test looks for', async () => {
    const fragments = englishFragments('fi')
    const seen = new Set<string>()
    for (const url of pages(fixture)) {
      let r = await get(ctx.app(), who.admin, url)
      if (r.statusCode === 403) r = await get(ctx.app(), who.editor, url)
      assert.equal(r.statusCode, 200, `${url}: ${r.body.slice(0, 300)}`)
      assert.match(r.body, /<html lang="en"/)
      const text = ownLanguageText(r.body, 'en', { attributes: true })
      for (const f of fragments) if (text.includes(f)) seen.add(f)
    }
    assert.ok(seen.size >= 80, `only ${seen.size} fragments seen on the English editorial pages`)
    const review = (await get(ctx.app(), who.reviewer, '/admin/review')).body
    for (const kind of ['grade changed', 'quote no longer on the page', 'page moved', 'page gone', 'page keeps failing', 'listing changed']) assert.ok(review.includes(kind), kind)
    assert.match(review, /Suggested matches \([1-9]/)
    assert.match(review, /Grade changes \([1-9]/)
  })

  for (const lang of UI_LANGUAGES.filter((l) => l !== 'en')) {
    it(`has no untranslated editorial string in ${lang}, for any role`, async () => {
      const app = ctx.app()
      const fragments = englishFragments(lang)
      const found: string[] = []
      const check = (label: string, body: string) => {
        assert.match(body, new RegExp(`<html lang="${lang}"`), label)
        const text = ownLanguageText(body, lang, { attributes: true })
        for (const f of fragments) if (text.includes(f)) found.push(`${label}: “${f}”`)
      }
      for (const role of ['admin', 'editor', 'reviewer'] as const) {
        for (const url of pages(fixture)) {
          const r = await get(app, who[role], withLang(url, lang))
          assert.ok(r.statusCode < 500, `${role} ${url}: ${r.statusCode}`)
          // A page the role may not open is the portal's error page, itself translated.
          check(`${role} ${url}`, r.body)
          if (r.statusCode === 200) {
            // Links within the editorial area keep the language.
            const { document } = parseHTML(r.body)
            for (const a of [...document.querySelectorAll('main a[href^="/admin"], nav.site-nav a[href^="/admin"]')]) assert.match(a.getAttribute('href')!, new RegExp(`[?&]lang=${lang}`), `${role} ${url}: ${a.getAttribute('href')}`)
            for (const form of [...document.querySelectorAll('form[method="post"]')]) assert.match(form.getAttribute('action')!, new RegExp(`[?&]lang=${lang}`), `${role} ${url}: form ${form.getAttribute('action')}`)
          }
        }
      }
      // Without ?lang=, the browser's language decides (Norwegian nynorsk and "no" get bokmål).
      const accept = lang === 'nb' ? 'nn-NO,nn;q=0.9' : `${lang}-${lang.toUpperCase()},${lang};q=0.9,en;q=0.5`
      const negotiated = await app.inject({ url: '/admin', headers: { cookie: who.editor.cookie, 'accept-language': accept } })
      check('negotiated /admin', negotiated.body)
      // Signing in: the form, a refused password, signing out; anonymous visitors are sent to sign in in their language.
      const sent = await app.inject(withLang('/admin/drafts', lang))
      assert.equal(sent.statusCode, 303)
      assert.match(String(sent.headers.location), new RegExp(`^/login\\?next=.*&lang=${lang}$`))
      const form = await app.inject(String(sent.headers.location))
      check('login', form.body)
      check('signed out', (await app.inject(withLang('/login?out=1', lang))).body)
      const loginCsrf = String(form.headers['set-cookie']).match(/atlas_login_csrf=([^;]+)/)![1]!
      const wrong = await app.inject({ method: 'POST', url: withLang('/login', lang), headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `atlas_login_csrf=${loginCsrf}` }, payload: new URLSearchParams({ _csrf: loginCsrf, email: who.editor.email, password: `not ${PASSWORD}` }).toString() })
      assert.equal(wrong.statusCode, 401)
      check('wrong password', wrong.body)
      // Forms refused: bad JSON, a taken id, a stale save (conflict), a store refusal, an account error, a broken import.
      const ed = who.editor
      const badJson = await post(app, ed, withLang('/admin/records/intervention', lang), { token: 'x', id: 'icdp', document: '{' })
      assert.equal(badJson.statusCode, 400)
      check('new record, bad JSON', badJson.body)
      const taken = await post(app, ed, withLang('/admin/records/intervention', lang), { token: 'x', id: 'icdp', document: '{}' })
      assert.equal(taken.statusCode, 400)
      check('new record, id taken', taken.body)
      const stale = hidden((await get(app, ed, '/admin/records/intervention/nurse-family-partnership')).body, 'token')
      assert.equal((await post(app, ed, '/admin/records/intervention/nurse-family-partnership', { token: stale, mode: 'fields', dosage: `First ${lang}.` })).statusCode, 303)
      const conflict = await post(app, await curator(ctx.store().db, 'editor', 'second-editor@example.org'), withLang('/admin/records/intervention/nurse-family-partnership', lang), { token: stale, mode: 'fields', dosage: `Second ${lang}.` })
      assert.equal(conflict.statusCode, 409)
      check('conflict', conflict.body)
      const invalid = await post(app, ed, withLang('/admin/records/intervention/nurse-family-partnership', lang), { token: hidden((await get(app, ed, '/admin/records/intervention/nurse-family-partnership')).body, 'token'), mode: 'json', document: '{"name": 3}' })
      assert.equal(invalid.statusCode, 400)
      check('invalid record', invalid.body)
      assert.match(invalid.body, /lang="en"/, 'the validator’s English is marked')
      const decided = await post(app, who.reviewer, withLang(`/admin/drafts/${fixture.publishedDraft}/publish`, lang), { revision: '1' })
      assert.equal(decided.statusCode, 409)
      check('store refusal', decided.body)
      assert.match(decided.body, /<span lang="en">/)
      assert.ok(decided.body.includes(`href="/admin/drafts/${fixture.publishedDraft}?lang=en"`), 'the language switcher opens the draft, not the action')
      const account = await post(app, who.admin, withLang('/admin/users', lang), { email: 'not an address', password: 'short', role: 'editor' })
      assert.equal(account.statusCode, 400)
      check('account error', account.body)
      const added = await post(app, who.admin, withLang('/admin/users', lang), { email: `new-${lang}@example.org`, password: 'a long enough password for the test', role: 'reviewer' })
      assert.equal(added.statusCode, 200)
      check('account added', added.body)
      const broken = await upload(app, ed, withLang('/admin/imports', lang), 'broken/cebc-truncated-2026-10-01.csv', '2026-10-01')
      assert.equal(broken.statusCode, 400)
      check('broken import', broken.body)
      assert.match(broken.body, /<span lang="en">/, 'the importer’s English is marked')
      // A page the role may not open says why, in English marked as such.
      const refused = await get(app, who.reviewer, withLang('/admin/users', lang))
      assert.equal(refused.statusCode, 403)
      assert.match(refused.body, /<span lang="en">Your role/)
      // A successful form goes on in the same language.
      const saved = await post(app, ed, withLang('/admin/records/need/loneliness-social-isolation', lang), { token: hidden((await get(app, ed, '/admin/records/need/loneliness-social-isolation')).body, 'token'), mode: 'fields', 'name.sv': `Ensamhet ${lang}` })
      assert.equal(saved.statusCode, 303)
      assert.match(String(saved.headers.location), new RegExp(`[?&]lang=${lang}$`))
      assert.deepEqual(found, [])
    })
  }

  it('names every form field and record kind in every language', () => {
    for (const lang of UI_LANGUAGES) {
      const cat = CATALOGUES[lang] as Record<string, string>
      for (const kind of RECORD_KINDS) {
        for (const f of FORM_FIELDS[kind]) assert.ok(cat[f.labelKey], `${lang}: ${f.labelKey}`)
        for (const n of ['one', 'many', 'title']) assert.ok(cat[`admin.kind.${kind}.${n}`], `${lang}: ${kind} ${n}`)
      }
    }
    // English labels still read as before.
    assert.equal(en[FORM_FIELDS.intervention.find((f) => f.path === 'dosage')!.labelKey], 'Dosage')
  })
})
