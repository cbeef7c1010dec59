import { LANGUAGE_NAMES, UI_LANGUAGES, type Translator, type UiLanguage } from '../../i18n/index.ts'

/** The language switcher in the header of public and editorial pages: each language named in itself. */
export function LangSwitch({ ctx }: { ctx: { tr: Translator; lang: UiLanguage; langHref(l: UiLanguage): string } }) {
  return (
    <nav class="lang-switch" aria-label={ctx.tr.t('lang.label')}>
      <ul>
        {UI_LANGUAGES.map((l) => (
          <li>
            <a href={ctx.langHref(l)} hreflang={l} lang={l} aria-current={l === ctx.lang ? 'true' : undefined}>{LANGUAGE_NAMES[l]}</a>
          </li>
        ))}
      </ul>
    </nav>
  )
}
