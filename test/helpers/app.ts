import { after, before } from 'node:test'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../src/app.ts'
import { freshStore, type Backend, type TestStore } from './store.ts'

/** Within a describe(): a fresh database with the shipped catalogue and the app built on it, closed after. */
export function useApp(backend: Backend): { app: () => FastifyInstance; store: () => TestStore } {
  let store: TestStore
  let app: FastifyInstance
  before(async () => {
    store = await freshStore(backend)
    app = await buildApp({ db: store.db })
  })
  after(async () => {
    await app?.close()
    await store?.close()
  })
  return { app: () => app, store: () => store }
}
