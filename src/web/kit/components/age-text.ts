import type { ChildAge } from '../../../domain/intervention.ts'
import type { Translator } from '../../i18n/index.ts'

/** An age range in plain words: whole years from the first birthday on ("2–7 years"), else months. */
export function ageText(tr: Translator, age: ChildAge | null, withNote = true): string | null {
  if (!age) return null
  const parts: string[] = []
  const { fromMonths: from, toMonths: to } = age
  if (age.prenatal) parts.push(from === null && to === null ? tr.t('ageRange.pregnancyOnly') : tr.t('ageRange.prenatal'))
  if (from !== null && to !== null) {
    parts.push(from % 12 === 0 && to % 12 === 0 && to >= 24 ? tr.t('ageRange.years', { from: from / 12, to: to / 12 }) : tr.t('ageRange.months', { from, to }))
  } else if (from === 0) parts.push(tr.t('ageRange.fromBirth'))
  else if (from !== null) parts.push(tr.t('ageRange.from', { from }))
  else if (to !== null) parts.push(tr.t('ageRange.upTo', { to }))
  if (withNote && age.note) parts.push(`(${age.note})`)
  return parts.length ? parts.join(', ') : null
}
