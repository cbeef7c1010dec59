import type { FastifyPluginAsync } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { AppDeps } from '../deps.ts'
import { evidenceReferences } from '../../domain/references.ts'
import { buildDataPackage } from '../../store/datapackage.ts'
import { listEvidence } from '../../store/evidence.ts'
import { perRevision } from '../../store/revision-cache.ts'
import { NotFoundError } from '../kit/errors.ts'

/**
 * The open dataset for research tools: a Frictionless data package at a stable address, and the
 * evidence statements' references for reference managers (written by Citation.js).
 */
export const openDataRoutes = (deps: AppDeps): FastifyPluginAsync =>
  async (app) => {
    const r = app.withTypeProvider<ZodTypeProvider>()
    const dataPackage = () => perRevision(deps.db, `datapackage:${deps.publicUrl}`, () => buildDataPackage(deps.db, deps.publicUrl))

    r.get('/data/datapackage.json', {
      schema: {
        operationId: 'getDataPackage',
        summary: 'The whole open dataset as a Frictionless Tabular Data Package: table schemas, licence and sources; the CSV resources sit beside it under /data/',
        tags: ['open data'],
      },
    }, async (_req, reply) => reply.type('application/json; charset=utf-8').header('Cache-Control', 'no-cache').send(JSON.stringify((await dataPackage()).descriptor, null, 2)))

    r.get('/data/:file', {
      schema: {
        operationId: 'getDataPackageResource',
        summary: 'One CSV resource of the data package (plain RFC 4180, UTF-8, no byte-order mark)',
        description: 'The files are named in datapackage.json: tiers.csv, clearinghouses.csv, scale-levels.csv, needs.csv, interventions.csv, intervention-needs.csv, grades.csv, evidence-statements.csv.',
        tags: ['open data'],
        params: z.object({ file: z.string().max(60).meta({ example: 'grades.csv' }) }),
      },
    }, async (req, reply) => {
      const csv = (await dataPackage()).files.get(req.params.file)
      if (!csv) throw new NotFoundError(`No data package resource "${req.params.file.slice(0, 60)}"; see /data/datapackage.json`)
      return reply.type('text/csv; charset=utf-8').header('Cache-Control', 'no-cache').send(csv)
    })

    const references = async () => evidenceReferences((await listEvidence(deps.db, {})).statements)
    // Citation.js is loaded on the first reference export, not at start.
    const cite = async () => {
      const [core] = await Promise.all([import('@citation-js/core'), import('@citation-js/plugin-ris')])
      // CommonJS: its named export is on the namespace under Node, on `default` in the bundle.
      return core.Cite ?? (core as unknown as { default: typeof core }).default.Cite
    }
    r.get('/evidence.ris', {
      schema: {
        operationId: 'exportEvidenceRis',
        summary: 'The references behind the evidence statements as RIS, for reference managers (Zotero, EndNote, Mendeley)',
        tags: ['exports'],
      },
    }, async (_req, reply) =>
      reply
        .type('application/x-research-info-systems; charset=utf-8')
        .header('Content-Disposition', 'attachment; filename="perinatal-atlas-evidence.ris"')
        .header('Cache-Control', 'no-cache')
        .send(new (await cite())(await references()).format('ris')))

    r.get('/evidence.csl.json', {
      schema: {
        operationId: 'exportEvidenceCslJson',
        summary: 'The references behind the evidence statements as CSL-JSON (citeproc, pandoc, Zotero)',
        tags: ['exports'],
      },
    }, async (_req, reply) =>
      reply
        .type('application/vnd.citationstyles.csl+json; charset=utf-8')
        .header('Cache-Control', 'no-cache')
        .send(new (await cite())(await references()).format('data')))
  }
