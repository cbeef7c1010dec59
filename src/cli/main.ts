import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { CatalogueError } from '../domain/catalogue.ts'
import { readCatalogue } from '../catalogue/read-files.ts'
import { BEGIN, END, NUMBERS_BEGIN, NUMBERS_END, renderDataNumbers, renderTierTables } from '../catalogue/tier-docs.ts'
import { readConfig } from '../config.ts'
import { openConfiguredStore, serve } from '../server.ts'
import { loadCatalogue } from '../store/catalogue-writer.ts'
import { exportCsv, exportJson } from '../store/export.ts'
import { DataDirInUseError } from '../store/lock.ts'
import { SnapshotOrderError } from '../domain/errors.ts'
import { userInfo } from 'node:os'
import { join } from 'node:path'
import { ROOT } from '../paths.ts'
import { createInterface } from 'node:readline'
import { Writable } from 'node:stream'
import { addUser, UserError } from '../store/users.ts'
import { BackupError, decodeBackup, encodeBackup, readBackup, restoreBackup } from '../store/backup.ts'

const HELP = `perinatal-atlas <command> [options]

Commands:
  serve                       Serve the atlas (migrates, and loads the shipped catalogue into an empty database)
  migrate                     Apply database migrations
  seed [--replace] [--data DIR]
                              Load the shipped catalogue; --replace loads it over a different version
  export --format json|csv|datapackage [--table interventions|assessments] [--out FILE|DIR]
                              Export the catalogue (to standard output unless --out)
  import <clearinghouse> <file> [--retrieved YYYY-MM-DD] [--by NAME] [--mapping FILE]
                              Import one clearinghouse snapshot (CSV or JSON), all or nothing
  monitor <folder> [--webhook URL] [--by NAME]
                              Import every new snapshot in <folder>/<clearinghouse>/<date>.csv|json
                              in date order; exit non-zero on any failure
  watch [--webhook URL] [--by NAME]
                              For cron: fetch every page a current grade cites and each portal's
                              listing pages, politely; keep changed pages as versions; put what
                              changed in the review queue. Needs ATLAS_WATCH_CONTACT. Exits non-zero
                              only on the atlas's own failure, never on a portal's
  user add --email ADDRESS --role admin|editor|reviewer [--password PASSWORD]
                              Add an editorial account (the password is asked for unless given)
  backup <file>               Write the whole database (catalogue, history, audit, accounts; no
                              sessions) to one portable file
  restore <file>              Rebuild a backup into an empty database (PGlite or PostgreSQL)
  check-data                  Check the shipped data: schemas, references, and that every grade is proven
  docs                        Regenerate the tier tables in docs/evidence-tiers.md and the README's numbers from the data
  help                        Show this help

Environment: PORT, HOST, DATABASE_URL (postgres://…), ATLAS_DATA_DIR (embedded data, default .atlas-data), LOG_LEVEL,
ATLAS_CACHE, ATLAS_TRUST_PROXY; for the watch ATLAS_WATCH_CONTACT, ATLAS_WATCH_EVERY, ATLAS_WATCH_DELAY_MS,
ATLAS_WATCH_TIMEOUT_MS, ATLAS_WATCH_MAX_BYTES, ATLAS_WATCH_RETRY_AFTER_MAX_S, ATLAS_WATCH_FAILURES.`

/** Runs one command; returns the exit code. Errors a user can act on are printed without a stack. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv
  try {
    switch (command) {
      case 'serve':
        return await serve(readConfig())
      case 'check-data': {
        const { checkData } = await import('../catalogue/check-data.ts')
        const { read, issues } = await checkData()
        for (const i of issues) console.error(`${i.file}: ${i.path || '(whole file)'}: ${i.message}`)
        if (issues.length > 0) {
          console.error(`\nThe data check found ${issues.length} problem${issues.length === 1 ? '' : 's'}.`)
          return 1
        }
        const c = read!.catalogue
        const grades = c.interventions.reduce((n, iv) => n + iv.assessments.length, 0)
        console.error(`The data check passed: ${c.interventions.length} interventions, ${grades} grades, ${c.clearinghouses.length} clearinghouses, ${c.evidenceSets.reduce((n, s) => n + s.statements.length, 0)} evidence statements; 0 exceptions.`)
        return 0
      }
      case 'migrate':
        return await withStore(async () => {
          console.error('Migrations applied; the database schema is up to date.')
        })
      case 'seed': {
        const { values } = parseArgs({ args: rest, options: { replace: { type: 'boolean', default: false }, data: { type: 'string' } } })
        const read = await readCatalogue(values.data)
        return await withStore(async (store) => {
          const outcome = await loadCatalogue(store.db, read, { replace: values.replace })
          if (outcome.loaded) console.error(`Loaded catalogue version ${outcome.version}: ${outcome.interventions} interventions.`)
          else console.error(`Nothing changed: ${outcome.reason}.`)
        })
      }
      case 'export': {
        const { values } = parseArgs({ args: rest, options: { format: { type: 'string', default: 'json' }, table: { type: 'string', default: 'interventions' }, out: { type: 'string' } } })
        if (values.format !== 'json' && values.format !== 'csv' && values.format !== 'datapackage') throw new UsageError(`--format must be json, csv or datapackage, not "${values.format}"`)
        if (values.format === 'datapackage') {
          const dir = values.out
          if (!dir) throw new UsageError('--format datapackage needs --out DIR (the folder for datapackage.json and its CSV files)')
          return await withStore(async (store) => {
            const { buildDataPackage } = await import('../store/datapackage.ts')
            const { descriptor, files } = await buildDataPackage(store.db, readConfig().publicUrl)
            await mkdir(dir, { recursive: true })
            await writeFile(join(dir, 'datapackage.json'), JSON.stringify(descriptor, null, 2) + '\n')
            for (const [name, csv] of files) await writeFile(join(dir, name), csv)
            console.error(`Wrote ${join(dir, 'datapackage.json')} and ${files.size} CSV files`)
          })
        }
        if (values.table !== 'interventions' && values.table !== 'assessments') throw new UsageError(`--table must be interventions or assessments, not "${values.table}"`)
        const table = values.table
        return await withStore(async (store) => {
          const text = values.format === 'csv' ? await exportCsv(store.db, table) : JSON.stringify(await exportJson(store.db), null, 2) + '\n'
          if (values.out) {
            await writeFile(values.out, text)
            console.error(`Wrote ${values.out}`)
          } else process.stdout.write(text)
        })
      }
      case 'import': {
        const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { retrieved: { type: 'string' }, by: { type: 'string' }, mapping: { type: 'string' } } })
        const [clearinghouse, file] = positionals
        if (!clearinghouse || !file) throw new UsageError('import needs <clearinghouse> and <file>')
        return await withStore(async (store) => {
          const { importFile } = await import('../importers/run.ts')
          const outcome = await importFile(store.db, { clearinghouse, file, retrievedAt: values.retrieved, importedBy: values.by ?? userName(), mappingFile: values.mapping })
          if (!outcome.imported) console.error(`Nothing changed: ${outcome.reason}.`)
          else {
            const counts = Object.entries(outcome.events.reduce<Record<string, number>>((m, e) => ({ ...m, [e.kind]: (m[e.kind] ?? 0) + 1 }), {}))
            console.error(`Imported snapshot #${outcome.snapshotId}: ${outcome.events.length} change(s)${counts.length ? ` (${counts.map(([k, n]) => `${n} ${k}`).join(', ')})` : ''}, ${outcome.assessmentsAdded} grade(s) added to assessment histories, ${outcome.suggestions} match suggestion(s) awaiting an editor.`)
          }
        })
      }
      case 'monitor': {
        const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { webhook: { type: 'string' }, by: { type: 'string' } } })
        const [folder] = positionals
        if (!folder) throw new UsageError('monitor needs <folder>')
        let failed = false
        const code = await withStore(async (store) => {
          const { monitorFolder } = await import('../importers/run.ts')
          const r = await monitorFolder(store.db, folder, { importedBy: values.by ?? `monitor (${userName()})`, webhook: values.webhook })
          for (const i of r.imported) console.error(`imported ${i.file}: snapshot #${i.snapshotId}, ${i.events} change(s)`)
          for (const s of r.skipped) console.error(`skipped ${s.file}: ${s.reason}`)
          for (const f of r.failed) console.error(`FAILED ${f.error}`)
          for (const w of r.webhookFailures) console.error(`WEBHOOK FAILED ${w}`)
          failed = r.failed.length > 0 || r.webhookFailures.length > 0
        })
        return failed ? 1 : code
      }
      case 'watch': {
        const { values } = parseArgs({ args: rest, options: { webhook: { type: 'string' }, by: { type: 'string' } } })
        const config = readConfig()
        if (!config.watch.contact) throw new UsageError('watch needs ATLAS_WATCH_CONTACT: an e-mail or web address the portals can write to (it goes in the User-Agent)')
        const contact = config.watch.contact
        let webhookFailed = false
        const code = await withStore(async (store) => {
          const { runWatch } = await import('../workflows/watch/run.ts')
          const s = await runWatch(store.db, { ...config.watch, contact, startedBy: values.by ?? `watch (${userName()})`, webhook: values.webhook, log: (line) => console.error(line) })
          for (const w of s.webhookFailures) console.error(`WEBHOOK FAILED ${w}`)
          webhookFailed = s.webhookFailures.length > 0
        })
        return webhookFailed ? 1 : code
      }
      case 'user': {
        const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { email: { type: 'string' }, role: { type: 'string' }, password: { type: 'string' } } })
        if (positionals[0] !== 'add') throw new UsageError('user needs a subcommand: user add --email ADDRESS --role ROLE')
        if (!values.email || !values.role) throw new UsageError('user add needs --email and --role')
        const password = values.password ?? (await askPassword(`Password for ${values.email}: `))
        return await withStore(async (store) => {
          const u = await addUser(store.db, { email: values.email!, password, role: values.role! }, `cli:${userName()}`)
          console.error(`Added ${u.email} as ${u.role}.`)
        })
      }
      case 'backup': {
        const [file] = rest
        if (!file) throw new UsageError('backup needs <file>')
        return await withStore(async (store) => {
          const b = await readBackup(store.db)
          await writeFile(file, encodeBackup(b))
          const rows = Object.values(b.tables).reduce((n, t) => n + t.rows.length, 0)
          console.error(`Wrote ${file}: ${rows} rows from ${Object.keys(b.tables).length} tables.`)
        })
      }
      case 'restore': {
        const [file] = rest
        if (!file) throw new UsageError('restore needs <file>')
        const backup = decodeBackup(file, await readFile(file))
        return await withStore(async (store) => {
          const { rows } = await restoreBackup(store.db, backup)
          console.error(`Restored ${rows} rows from ${file} (made ${backup.createdAt}).`)
        })
      }
      case 'docs': {
        const path = join(ROOT, 'docs/evidence-tiers.md')
        const text = await readFile(path, 'utf8')
        const start = text.indexOf(BEGIN)
        const end = text.indexOf(END)
        if (start < 0 || end < 0) throw new Error(`docs/evidence-tiers.md lacks the generated-section markers`)
        const { catalogue } = await readCatalogue()
        await writeFile(path, text.slice(0, start) + renderTierTables(catalogue) + text.slice(end + END.length))
        const readmePath = join(ROOT, 'README.md')
        const readme = await readFile(readmePath, 'utf8')
        const a = readme.indexOf(NUMBERS_BEGIN)
        const b = readme.indexOf(NUMBERS_END)
        if (a < 0 || b < 0) throw new Error('README.md lacks the data-numbers markers')
        await writeFile(readmePath, readme.slice(0, a) + renderDataNumbers(catalogue) + readme.slice(b + NUMBERS_END.length))
        console.error('Updated docs/evidence-tiers.md and the numbers in README.md')
        return 0
      }
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        console.log(HELP)
        return 0
      default:
        throw new UsageError(`Unknown command "${command}"`)
    }
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`${e.message}\n\n${HELP}`)
      return 2
    }
    if (e instanceof DataDirInUseError && command === 'backup') {
      console.error(`perinatal-atlas: ${e.message}\nA running server is backed up online: an admin downloads the same file from /admin/backup (read in one consistent snapshot while it serves).`)
      return 1
    }
    if (e instanceof DataDirInUseError || e instanceof UserError || e instanceof BackupError || e instanceof CatalogueError || (e instanceof Error && e.name === 'ImportError') || e instanceof SnapshotOrderError || (e instanceof Error && e.message.startsWith('Invalid environment'))) {
      console.error(`perinatal-atlas: ${e.message}`)
      return 1
    }
    if (e instanceof TypeError && 'code' in e && String(e.code).startsWith('ERR_PARSE_ARGS')) {
      console.error(`${e.message}\n\n${HELP}`)
      return 2
    }
    console.error(e)
    return 1
  }
}

class UsageError extends Error {}

/** Reads a password from the terminal without echoing it (or a line from a pipe). */
async function askPassword(prompt: string): Promise<string> {
  process.stderr.write(prompt)
  let muted = true
  const output = new Writable({ write: (chunk, _enc, cb) => { if (!muted) process.stderr.write(chunk); cb() } })
  const rl = createInterface({ input: process.stdin, output, terminal: process.stdin.isTTY === true })
  try {
    const answer = await new Promise<string>((resolve, reject) => {
      rl.question('', resolve)
      rl.on('close', () => reject(new UsageError('no password given (use --password in scripts)')))
    })
    return answer
  } finally {
    muted = false
    rl.close()
    process.stderr.write('\n')
  }
}

function userName(): string {
  try {
    return userInfo().username
  } catch {
    return 'unknown'
  }
}

async function withStore(fn: (store: Awaited<ReturnType<typeof openConfiguredStore>>) => Promise<void>): Promise<number> {
  const store = await openConfiguredStore(readConfig())
  try {
    await fn(store)
    return 0
  } finally {
    await store.close()
  }
}
