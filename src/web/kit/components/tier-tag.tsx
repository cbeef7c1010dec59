import type { Translator } from '../../i18n/index.ts'
import type { MessageKey } from '../../i18n/en.ts'

/** A harmonised tier as a labelled tag: the word carries the meaning, the colour only repeats it. */
export function TierTag({ tier, tr }: { tier: string; tr: Translator }) {
  return <span class={`tier tier--${tier}`}>{tr.t(`tier.${tier}` as MessageKey)}</span>
}
