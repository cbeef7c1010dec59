import * as Plot from '@observablehq/plot'
import { parseHTML } from 'linkedom'

/** Tier colours, the same as the stylesheet's. */
export const TIER_COLOURS: Record<string, string> = {
  strong: '#00703c', moderate: '#28a197', preliminary: '#1d70b8', 'theory-based': '#6f72af', insufficient: '#6f777b',
  'no-effect': '#b58840', harmful: '#d4351c', 'not-rated': '#b1b4b6', unknown: '#dddddd',
}

/**
 * Renders an Observable Plot chart to a standalone SVG document on the server, with a title and
 * description inside it for assistive technology.
 */
export function plotSvg(options: Plot.PlotOptions, a11y: { title: string; description: string; footer?: string[] }, ...below: Plot.PlotOptions[]): string {
  const { document } = parseHTML('<!doctype html><html><body></body></html>')
  const render = (o: Plot.PlotOptions) => Plot.plot({ ...o, document: document as unknown as Document, style: { fontSize: '12px', background: 'white' } }) as unknown as Element
  // Several plots (a chart, then its legend) stack into one SVG document.
  const svgs = [options, ...below].map(render).flatMap((e) => (e.tagName.toLowerCase() === 'svg' ? [e] : [...e.querySelectorAll('svg')]))
  const width = Math.max(...[options, ...below].map((o) => Number(o.width ?? 640)))
  let y = 0
  const parts: string[] = []
  for (const svg of svgs) {
    const h = Number(svg.getAttribute('height') ?? 0)
    svg.setAttribute('y', String(y))
    parts.push(svg.outerHTML)
    y += h + 8
  }
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;')
  // Text under the picture (findings, source, date), wrapped to the picture's width: a picture pasted
  // into a report keeps what it shows and where it comes from.
  const maxChars = Math.floor((width - 20) / 6.8)
  for (const para of a11y.footer ?? []) {
    const lines: string[] = []
    for (const w of para.split(/\s+/)) {
      const last = lines[lines.length - 1]
      if (last !== undefined && `${last} ${w}`.length <= maxChars) lines[lines.length - 1] = `${last} ${w}`
      else lines.push(w.length > maxChars ? `${w.slice(0, maxChars - 1)}…` : w)
    }
    for (const l of lines) {
      y += 15
      parts.push(`<text x="10" y="${y}" font-family="system-ui, sans-serif" font-size="11" fill="#0b0c0c">${esc(l)}</text>`)
    }
    y += 4
  }
  if (a11y.footer?.length) y += 8
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="t d" width="${width}" height="${y}" viewBox="0 0 ${width} ${y}"><title id="t">${esc(a11y.title)}</title><desc id="d">${esc(a11y.description)}</desc><rect width="100%" height="100%" fill="white"/>${parts.join('')}</svg>`
}
