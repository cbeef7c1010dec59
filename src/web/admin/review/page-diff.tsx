import { diffLines, diffWords } from 'diff'
import type { ComponentChildren } from 'preact'
import type { Translator } from '../../i18n/index.ts'

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

type Range = [number, number]

/** Where the given phrases occur in a text (case-insensitive; an ellipsis in a quote marks each part). */
function rangesOf(text: string, phrases: string[]): Range[] {
  const parts = phrases.flatMap((p) => p.split(/\u2026|\.\.\./)).map((p) => p.trim()).filter((p) => p.length >= 3)
  if (parts.length === 0) return []
  const re = new RegExp(parts.map((p) => escapeRe(p).replace(/\s+/g, '\\s+')).join('|'), 'giu')
  return [...text.matchAll(re)].map((m): Range => [m.index, m.index + m[0].length])
}

/** A piece of a line, from `offset`, with the parts inside the ranges marked (a phrase may span several pieces). */
function Piece({ text, offset, ranges }: { text: string; offset: number; ranges: Range[] }): ComponentChildren {
  const out: ComponentChildren[] = []
  let at = 0
  for (const [s, e] of ranges) {
    const from = Math.max(s - offset, at)
    const to = Math.min(e - offset, text.length)
    if (to <= from) continue
    if (from > at) out.push(text.slice(at, from))
    out.push(<mark>{text.slice(from, to)}</mark>)
    at = to
  }
  if (at < text.length) out.push(text.slice(at))
  return out
}

/** Marks every occurrence of the given phrases in a line. */
export function Marked({ text, phrases }: { text: string; phrases: string[] }): ComponentChildren {
  return <Piece text={text} offset={0} ranges={rangesOf(text, phrases)} />
}

/** A changed paragraph: words struck out and inserted, the phrases marked in the old and the new text alike. */
function ChangedLine({ before, after, phrases }: { before: string; after: string; phrases: string[] }) {
  const oldRanges = rangesOf(before, phrases)
  const newRanges = rangesOf(after, phrases)
  let oldPos = 0
  let newPos = 0
  return (
    <p>
      {diffWords(before, after).map((w) => {
        if (w.removed) {
          const el = <del><Piece text={w.value} offset={oldPos} ranges={oldRanges} /></del>
          oldPos += w.value.length
          return el
        }
        if (w.added) {
          const el = <ins><Piece text={w.value} offset={newPos} ranges={newRanges} /></ins>
          newPos += w.value.length
          return el
        }
        const el = <Piece text={w.value} offset={newPos} ranges={newRanges} />
        oldPos += w.value.length
        newPos += w.value.length
        return el
      })}
    </p>
  )
}

/**
 * What changed between two versions of a page, as a reader would want it: paragraphs that stayed
 * are folded away (two lines of context kept), a changed paragraph shows its words struck out and
 * inserted, and the grade's quote and the proposed grade's words are marked wherever they appear.
 */
export function PageDiff({ tr, before, after, phrases, label }: { tr: Translator; before: string | null; after: string; phrases: string[]; label: string }) {
  const lines: ComponentChildren[] = []
  if (before === null) {
    // The first version kept: show the lines that hold the quote or the grade.
    const all = after.split('\n')
    const marked = all.filter((l) => phrases.some((p) => p.split(/\u2026|\.\.\./).some((part) => part.trim().length >= 3 && l.toLowerCase().includes(part.trim().toLowerCase()))))
    for (const l of marked.slice(0, 12)) lines.push(<p><Marked text={l} phrases={phrases} /></p>)
    if (marked.length === 0) lines.push(<p class="skipped">{tr.tp('admin.pageDiff.noQuote', all.length)}</p>)
    return <div class="page-diff" role="group" aria-label={label}>{lines}</div>
  }
  const parts = diffLines(before, after.endsWith('\n') ? after : `${after}\n`, { newlineIsToken: false })
  const normalised = parts.map((p) => ({ ...p, value: p.value.replace(/\n$/, '') }))
  for (let i = 0; i < normalised.length; i++) {
    const p = normalised[i]!
    const next = normalised[i + 1]
    if (p.removed && next?.added) {
      // Paired line by line where the counts agree, else as one block.
      const olds = p.value.split('\n')
      const news = next.value.split('\n')
      if (olds.length === news.length) olds.forEach((o, k) => lines.push(<ChangedLine before={o} after={news[k]!} phrases={phrases} />))
      else lines.push(<ChangedLine before={p.value} after={next.value} phrases={phrases} />)
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
          if (skipped) lines.push(<p class="skipped">… {tr.tp('admin.pageDiff.unchanged', skipped)} …</p>)
          skipped = 0
          lines.push(<p><Marked text={l} phrases={phrases} /></p>)
        } else skipped++
      })
      if (skipped) lines.push(<p class="skipped">… {tr.tp('admin.pageDiff.unchanged', skipped)} …</p>)
    }
  }
  if (!normalised.some((p) => p.added || p.removed)) lines.push(<p class="skipped">{tr.t('admin.pageDiff.same')}</p>)
  return <div class="page-diff" role="group" aria-label={label}>{lines}</div>
}
