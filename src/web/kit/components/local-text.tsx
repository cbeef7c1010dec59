import type { PageContext } from '../page-context.ts'

/** Text by language; English is always present in the data (the schemas require it). */
type Texts = Partial<Record<string, string>>

/** A text in the reader's language where it is written in it, otherwise in English. */
export function localText(text: Texts, lang: string): { text: string; lang: string } {
  const own = text[lang]
  return own ? { text: own, lang } : { text: text.en ?? '', lang: 'en' }
}

/**
 * Content written per language: the reader's language where it exists; otherwise the English text,
 * marked `lang="en"` and said to be English so a screen reader switches voice and a reader knows why.
 */
export function LocalText({ text, ctx, as = 'span' }: { text: Texts; ctx: Pick<PageContext, 'lang' | 'tr'>; as?: 'span' | 'p' }) {
  const shown = localText(text, ctx.lang)
  const fallback = shown.lang !== ctx.lang
  const Tag = as
  return (
    <Tag lang={fallback ? shown.lang : undefined}>
      {shown.text}
      {fallback ? <span class="muted small"> ({ctx.tr.t('content.inEnglish')})</span> : null}
    </Tag>
  )
}
