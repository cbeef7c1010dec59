import { Readability } from '@mozilla/readability'
import { parseHTML } from 'linkedom'

export interface PageText {
  title: string | null
  /** The page's main text, one block (paragraph, heading, list item, table row) per line. */
  text: string
}

const BLOCK = new Set(['P', 'LI', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'TR', 'DT', 'DD', 'BLOCKQUOTE', 'PRE', 'FIGCAPTION', 'CAPTION', 'SECTION', 'ARTICLE', 'DIV', 'TABLE', 'UL', 'OL', 'DL', 'HEADER', 'FOOTER', 'ASIDE', 'MAIN', 'BR'])

/** Text of an extracted fragment with its blocks on their own lines (so a diff reads by paragraph). */
function blockText(root: Node): string {
  const out: string[] = []
  let line = ''
  const flush = () => {
    const t = line.replace(/\s+/g, ' ').trim()
    if (t) out.push(t)
    line = ''
  }
  const walk = (n: Node) => {
    if (n.nodeType === 3) line += n.textContent ?? ''
    else if (n.nodeType === 1) {
      const el = n as Element
      if (['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE'].includes(el.tagName)) return
      const block = BLOCK.has(el.tagName)
      if (block) flush()
      if (el.tagName === 'TD' || el.tagName === 'TH') line += ' '
      for (const c of Array.from(el.childNodes)) walk(c)
      if (block) flush()
    }
  }
  walk(root)
  flush()
  return out.join('\n')
}

/**
 * The main text of an HTML page, as a reader sees it: Mozilla's Readability (Firefox's reader view)
 * picks the article out of the navigation, banners and footers; linkedom gives it a DOM. A page too
 * small or too odd for Readability falls back to its whole body.
 */
export function extractMainText(page: string): PageText {
  // linkedom builds a document only from a whole page: a fragment is wrapped in one.
  const html = /<html[\s>]/i.test(page) ? page : `<!doctype html><html><head></head><body>${page}</body></html>`
  const { document } = parseHTML(html)
  const title = document.querySelector('title')?.textContent?.replace(/\s+/g, ' ').trim() || null
  let article: ReturnType<Readability['parse']> = null
  try {
    // Readability changes the document it reads: give it its own copy.
    const copy = parseHTML(html).document
    article = new Readability(copy as unknown as Document, { charThreshold: 100 }).parse()
  } catch {
    article = null
  }
  if (article?.content) {
    const { document: frag } = parseHTML(`<!doctype html><html><body>${article.content}</body></html>`)
    const text = blockText(frag.body as unknown as Node)
    if (text.length >= 20) return { title: article.title?.trim() || title, text }
  }
  return { title, text: document.body ? blockText(document.body as unknown as Node) : '' }
}

/** Plain text as served (text/plain), with its lines tidied the same way. */
export function plainText(body: string): PageText {
  return { title: null, text: body.split(/\r?\n/).map((l) => l.replace(/\s+/g, ' ').trim()).filter(Boolean).join('\n') }
}
