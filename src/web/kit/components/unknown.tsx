import type { ComponentChildren } from 'preact'
import type { Translator } from '../../i18n/index.ts'

/** Shows a value, or says plainly that it is unknown. */
export function OrUnknown({ value, tr, children }: { value: unknown; tr: Translator; children?: ComponentChildren }) {
  const empty = value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)
  if (empty) return <span class="unknown">{tr.t('intervention.unknown')}</span>
  return <>{children ?? String(value)}</>
}
