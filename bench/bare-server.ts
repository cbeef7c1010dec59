// Bare Fastify serving fixed bytes (a page the atlas rendered) as a Buffer: the ceiling of Node and
// Fastify on this machine, for comparison with the atlas's cache hits. Files from argv: path=file.
import Fastify from 'fastify'
import { readFileSync } from 'node:fs'

const app = Fastify({ logger: false })
for (const arg of process.argv.slice(3)) {
  const [path, file] = arg.split('=') as [string, string]
  const body = readFileSync(file)
  app.get(path, (_req, reply) => reply.header('content-type', 'text/html; charset=utf-8').send(body))
}
await app.listen({ port: Number(process.argv[2]), host: '127.0.0.1' })
console.log('listening')
