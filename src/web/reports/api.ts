import type { FastifyPluginAsync } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { getReportTable } from '../../store/reports.ts'
import type { AppDeps } from '../deps.ts'
import { NotFoundError } from '../kit/errors.ts'
import { ErrorOut, ReportTableOut } from '../kit/schemas.ts'

export const reportRoutes = (deps: AppDeps): FastifyPluginAsync =>
  async (app) => {
    const r = app.withTypeProvider<ZodTypeProvider>()
    r.get('/api/v1/reports/:id', {
      schema: {
        operationId: 'getReportTable',
        summary: 'A report table rebuilt from the data (e.g. table-9: the chapter\'s Table 9)',
        tags: ['reports'],
        params: z.object({ id: z.string().max(100) }),
        response: { 200: ReportTableOut, 404: ErrorOut },
      },
    }, async (req) => {
      const table = await getReportTable(deps.db, req.params.id)
      if (!table) throw new NotFoundError(`No report table with id "${req.params.id.slice(0, 100)}"`)
      return table
    })
  }
