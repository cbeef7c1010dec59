import type { AppDeps } from '../../deps.ts'
import { recordAudit } from '../../../store/audit.ts'
import { encodeBackup, readBackup } from '../../../store/backup.ts'
import { adminRoute, type AdminRoute } from '../route.ts'

/**
 * A backup of the running server, for the embedded database above all (a second process cannot open
 * its directory while the server holds it): the same file `perinatal-atlas backup` writes, read in one
 * consistent snapshot while the atlas keeps serving. Admins only; the download is in the audit trail.
 */
export function backupRoutes(deps: AppDeps): AdminRoute[] {
  return [
    adminRoute({
      method: 'GET', url: '/admin/backup', access: 'backup',
      handler: async (req, reply) => {
        const backup = await readBackup(deps.db)
        const rows = Object.values(backup.tables).reduce((n, t) => n + t.rows.length, 0)
        await recordAudit(deps.db, { actor: req.user!.email, action: 'backup.download', kind: 'database', recordId: backup.createdAt, note: `${rows} rows` })
        const name = `perinatal-atlas-${backup.createdAt.replace(/[:.]/g, '-')}.json.gz`
        return reply
          .type('application/gzip')
          .header('Content-Disposition', `attachment; filename="${name}"`)
          .header('Cache-Control', 'no-store')
          .send(encodeBackup(backup))
      },
    }),
  ]
}
