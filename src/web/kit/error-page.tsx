import type { PageContext } from './page-context.ts'
import { Layout } from './layout.tsx'

/** An error as a page: what went wrong in plain words, the message for a client error, a way back. */
export function ErrorPage({ ctx, status, message }: { ctx: PageContext; status: number; message?: string }) {
  const { tr } = ctx
  const title = status === 404 ? tr.t('error.notFound') : status < 500 ? tr.t('error.badRequest') : tr.t('error.server')
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <div class={status < 500 ? 'error-summary' : 'panel'}>
        {/* A client error's message comes from the server in English: marked so on pages in other languages. */}
        <p>{status === 404 ? tr.t('error.notFoundText') : status < 500 ? <span lang={ctx.lang === 'en' ? undefined : 'en'}>{message}</span> : tr.t('error.serverText')}</p>
      </div>
      <p><a href={ctx.href('/')}>{tr.t('error.home')}</a></p>
    </Layout>
  )
}
