/** The small part of Citation.js the atlas uses (the packages ship no types). */
declare module '@citation-js/core' {
  export class Cite {
    constructor(data: unknown)
    format(format: 'ris' | 'data' | 'bibtex' | string, options?: Record<string, unknown>): string
  }
  export const plugins: { config: { get(name: string): any } }
}
declare module '@citation-js/plugin-ris'
declare module '@citation-js/plugin-csl'
declare module 'citeproc' {
  const CSL: { Engine: new (sys: { retrieveLocale: (lang: string) => string; retrieveItem: (id: string) => unknown }, style: string) => { updateItems(ids: string[]): void; makeBibliography(): [unknown, string[]] } }
  export default CSL
}
