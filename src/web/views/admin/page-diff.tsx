import { diffLines, diffWords } from 'diff'
import type { ComponentChildren } from 'preact'

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** Marks every occurrence of the given phrases (case-insensitive; an ellipsis in a quote marks each part). */
export function Marked({ text, phrases }: { text: string; phrases: string[] }): ComponentChildren {
  const parts = phrases.flatMap((p) => p.split(/\u2026|\.\.\./)).map((p) => p.trim()).filter((p) => p.length >= 3)
  if (parts.length === 0) return text
  const re = new RegExp(`(${parts.map((p) => escapeRe(p).replace(/\s+/g, '\\s+')).join('|')})`, 'giu')
  return text.split(re).map((s, i) => (i % 2 === 1 ? <mark>{s}</mark> : s))
}

/**
 * What changed between two versions of a page, as a reader would want it: paragraphs that stayed
 * are folded away (two lines of context kept), a changed paragraph shows its words struck out and
 * inserted, and the grade's quote and the proposed grade's words are marked wherever they appear.
 */
export function PageDiff({ before, after, phrases, label }: { before: string | null; after: string; phrases: string[]; label: string }) {
  const lines: ComponentChildren[] = []
  if (before === null) {
    // The first version kept: show the lines that hold the quote or the grade.
    const all = after.split('\n')
    const marked = all.filter((l) => phrases.some((p) => p.split(/\u2026|\.\.\./).some((part) => part.trim().length >= 3 && l.toLowerCase().includes(part.trim().toLowerCase()))))
    for (const l of marked.slice(0, 12)) lines.push(<p><Marked text={l} phrases={phrases} /></p>)
    if (marked.length === 0) lines.push(<p class="skipped">Neither the quote nor the grade’s words are on the page ({all.length} paragraphs).</p>)
    return <div class="page-diff" role="group" aria-label={label}>{lines}</div>
  }
  const parts = diffLines(before, after.endsWith('\n') ? after : `${after}\n`, { newlineIsToken: false })
  const normalised = parts.map((p) => ({ ...p, value: p.value.replace(/\n$/, '') }))
  for (let i = 0; i < normalised.length; i++) {
    const p = normalised[i]!
    const next = normalised[i + 1]
    if (p.removed && next?.added) {
      lines.push(
        <p>
          {diffWords(p.value, next.value).map((w) => (w.removed ? <del><Marked text={w.value} phrases={phrases} /></del> : w.added ? <ins><Marked text={w.value} phrases={phrases} /></ins> : <Marked text={w.value} phrases={phrases} />))}
        </p>,
      )
      i++
    } else if (p.removed) for (const l of p.value.split('\n')) lines.push(<p><del><Marked text={l} phrases={phrases} /></del></p>)
    else if (p.added) for (const l of p.value.split('\n')) lines.push(<p><ins><Marked text={l} phrases={phrases} /></ins></p>)
    else {
      const ls = p.value.split('\n')
      const first = i === 0
      const last = i === normalised.length - 1
      const keepHead = first ? 0 : 2
      const keepTail = last ? 0 : 2
      // Unchanged paragraphs that hold the quote are always shown.
      const shown = ls.map((l, k) => k < keepHead || k >= ls.length - keepTail || phrases.some((ph) => ph.length >= 3 && l.toLowerCase().includes(ph.toLowerCase())))
      let skipped = 0
      ls.forEach((l, k) => {
        if (shown[k]) {
          if (skipped) lines.push(<p class="skipped">… {skipped} unchanged paragraph{skipped === 1 ? '' : 's'} …</p>)
          skipped = 0
          lines.push(<p><Marked text={l} phrases={phrases} /></p>)
        } else skipped++
      })
      if (skipped) lines.push(<p class="skipped">… {skipped} unchanged paragraph{skipped === 1 ? '' : 's'} …</p>)
    }
  }
  if (!normalised.some((p) => p.added || p.removed)) lines.push(<p class="skipped">The text is the same in both versions.</p>)
  return <div class="page-diff" role="group" aria-label={label}>{lines}</div>
}
