/** The language each portal words its grades in, so screen readers pronounce them right. */
const GRADE_LANGUAGE: Record<string, string> = {
  ungsinn: 'nb',
  'rkbu-nord': 'nb',
  'kasvun-tuki': 'fi',
  vidensportalen: 'da',
  metodguiden: 'sv',
  'grune-liste': 'de',
  'nordic-review-2021': 'nb',
  mfof: 'sv',
  bufdir: 'nb',
}

/** The language a portal's pages (and so the quotes from them) are written in. */
export function gradeLanguage(clearinghouse: string): string {
  return GRADE_LANGUAGE[clearinghouse] ?? 'en'
}

/** A grade exactly as the portal words it, in quotation marks and in its own language. */
export function NativeGrade({ clearinghouse, text }: { clearinghouse: string; text: string }) {
  return <q class="native-grade" lang={gradeLanguage(clearinghouse)}>{text}</q>
}
